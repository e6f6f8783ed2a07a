"""The store interface: a query's answer (:class:`QueryResult`) and what every store does (:class:`Store`)."""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from rdflib import Graph
from rdflib.term import Identifier

from kg.errors import InputError, QueryError
from kg.query.sparql import Prepared, check_safety, prepare

__all__ = ["DEFAULT_LIMIT", "QueryResult", "Row", "Store", "cap_rows", "graph_ntriples", "graph_result"]

DEFAULT_LIMIT = 10_000
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
Row = tuple[Identifier | None, ...]


@dataclass
class QueryResult:
    """A query's answer in rdflib terms: rows (SELECT), a graph (CONSTRUCT/DESCRIBE), a boolean (ASK)."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    graph: Graph | None = None
    boolean: bool | None = None
    truncated: bool = False


class Store(ABC):
    """A triple store that loads RDF and answers checked, parameter-bound SPARQL queries."""

    engine = "abstract"
    concurrent = False
    """Whether queries may run at once in threads and gain from it (evaluation outside the GIL)."""

    def query(
        self,
        query: Prepared | str,
        bindings: Mapping[str, Identifier] | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        allow_federation: bool = False,
    ) -> QueryResult:
        """Run ``query`` with ``bindings`` bound as RDF terms, after the safety check; at most ``limit`` rows.

        >>> from kg.query.local import OxigraphStore
        >>> store = OxigraphStore()
        >>> store.query("ASK { ?s ?p ?o }").boolean
        False
        """
        prepared = prepare(query) if isinstance(query, str) else query
        check_safety(prepared, known_graphs=self.known_graphs(), allow_federation=allow_federation)
        if limit < 1:
            raise QueryError("the row limit must be at least 1")
        return self._run(prepared, dict(bindings or {}), limit)

    def load(self, paths: Iterable[Path]) -> None:
        """Load RDF files (format from the extension) into the default graph."""
        for path in paths:
            if not path.is_file():
                raise InputError("no such file", path=path)
            self._load_file(path)

    @abstractmethod
    def _load_file(self, path: Path) -> None: ...

    @abstractmethod
    def add_graph(self, graph: Graph) -> None:
        """Add every triple of ``graph`` to the default graph."""

    @abstractmethod
    def to_graph(self) -> Graph:
        """The default graph's triples as an rdflib graph."""

    def ntriples(self) -> Iterator[str]:
        """The default graph as N-Triples lines, each ending in a newline (a store may stream them)."""
        return graph_ntriples(self.to_graph())

    @abstractmethod
    def known_graphs(self) -> set[str]:
        """IRIs a query may name in FROM / FROM NAMED."""

    @abstractmethod
    def _run(self, prepared: Prepared, bindings: dict[str, Identifier], limit: int) -> QueryResult: ...

    def close(self) -> None:  # noqa: B027 (most stores have nothing to release)
        """Release the store (flushes an on-disk Oxigraph store)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def graph_ntriples(graph: Graph) -> Iterator[str]:
    """``graph`` as N-Triples lines, each ending in a newline."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return (line + "\n" for line in text.splitlines() if line.strip())


def cap_rows(items: Iterable[Any], limit: int) -> tuple[list[Any], bool]:
    """The first ``limit`` items and whether there were more."""
    taken = list(itertools.islice(items, limit + 1))
    return taken[:limit], len(taken) > limit


def graph_result(form: str, triples: Iterable[Any], limit: int) -> QueryResult:
    """At most ``limit`` of ``triples`` as a CONSTRUCT/DESCRIBE answer, and whether some were left out."""
    taken, truncated = cap_rows(triples, limit)
    graph = Graph()
    for triple in taken:
        graph.add(triple)
    return QueryResult(form, graph=graph, truncated=truncated)
