"""The embedded stores: Oxigraph (the default, in memory or on disk) and rdflib's (the reference)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Identifier

from kg.errors import QueryError, StoreError
from kg.query.sparql import Prepared, inject_values
from kg.query.store import QueryResult, Store, cap_rows, graph_result

__all__ = ["OxigraphStore", "RdflibStore"]


class RdflibStore(Store):
    """rdflib's in-memory store: slow, but the reference implementation; parameters use ``initBindings``."""

    engine = "rdflib"

    def __init__(self) -> None:
        self.graph = Graph()

    def _load_file(self, path: Path) -> None:
        from kg.rdf.read import parse_rdf  # the checked door for untrusted RDF: no fetching, no DTDs, limits

        self.graph += parse_rdf(path)

    def add_graph(self, graph: Graph) -> None:
        """Add every triple of ``graph``."""
        self.graph += graph

    def to_graph(self) -> Graph:
        """The store's graph itself."""
        return self.graph

    def known_graphs(self) -> set[str]:
        """None: rdflib would fetch FROM IRIs from the web, so every FROM is refused."""
        return set()

    def _run(self, prepared: Prepared, bindings: dict[str, Identifier], limit: int) -> QueryResult:
        unknown = sorted(set(bindings) - prepared.variables)
        if unknown:
            raise QueryError(f"{prepared.source or 'query'}: no variable ?{unknown[0]} to bind")
        try:
            result = self.graph.query(prepared.query, initBindings=bindings)
            if prepared.form == "ASK":
                return QueryResult("ASK", boolean=bool(result.askAnswer))
            if prepared.form in ("CONSTRUCT", "DESCRIBE"):
                return graph_result(prepared.form, iter(result.graph or Graph()), limit)
            names = [str(v) for v in result.vars or []]
            rows, truncated = cap_rows((tuple(r) for r in result), limit)  # type: ignore[arg-type]
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError(f"{prepared.source or 'query'}: rdflib failed: {exc}") from exc
        return QueryResult("SELECT", names, rows, truncated=truncated)


def _converter() -> Any:
    """A function from pyoxigraph terms to rdflib terms that converts each distinct term once.

    Answers repeat their terms (an agency and its label on every row of its activities); building an rdflib
    ``Literal`` costs microseconds, so a memo per answer makes converting 10,000 rows several times cheaper.
    """
    from kg.rdf.read import from_oxigraph

    memo: dict[Any, Identifier | None] = {None: None}

    def convert(term: Any) -> Identifier | None:
        try:
            return memo[term]
        except KeyError:
            out: Identifier | None = from_oxigraph(term)  # type: ignore[assignment]
            memo[term] = out
            return out

    return convert


_OX_FORMS = {"QueryBoolean": ("ASK",), "QueryTriples": ("CONSTRUCT", "DESCRIBE"), "QuerySolutions": ("SELECT",)}


class OxigraphStore(Store):
    """Embedded Oxigraph (the default): in memory, or on disk in ``path``; parameters bind as a VALUES row."""

    engine = "oxigraph"
    concurrent = True  # pyoxigraph evaluates with the GIL released; its store takes concurrent readers

    def __init__(self, path: Path | None = None, *, read_only: bool = False, hold: int | None = None) -> None:
        """In memory, or on disk in ``path`` (``read_only``: never written, many processes may open it at once).

        ``hold`` is a file descriptor (a lock that keeps the store from being removed) closed with the store.
        """
        import pyoxigraph as ox

        self.read_only = read_only
        self._hold = hold
        try:
            if path is None:
                self.store = ox.Store()
            else:
                self.store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the Oxigraph store ({exc})") from exc

    def _load_file(self, path: Path) -> None:
        from kg.rdf.load import load_into  # the checked door for untrusted RDF: no fetching, no DTDs, limits

        load_into(self.store, path)

    def add_graph(self, graph: Graph) -> None:
        """Add every triple of ``graph`` (through N-Triples)."""
        import pyoxigraph as ox

        self.store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)

    def to_graph(self) -> Graph:
        """The default graph, parsed back into rdflib."""
        import pyoxigraph as ox

        data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        return Graph().parse(data=(data or b"").decode("utf-8"), format="nt")

    def ntriples(self) -> Iterator[str]:
        """The default graph as N-Triples lines, streamed from the store (no rdflib graph in between)."""
        import pyoxigraph as ox

        for quad in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield f"{quad.subject} {quad.predicate} {quad.object} .\n"

    def known_graphs(self) -> set[str]:
        """The store's named graphs."""
        return {g.value for g in self.store.named_graphs() if hasattr(g, "value")}

    def _run(self, prepared: Prepared, bindings: dict[str, Identifier], limit: int) -> QueryResult:
        import pyoxigraph as ox

        text = inject_values(prepared, bindings, reparse=False)  # Oxigraph parses it; the form is checked below
        convert = _converter()
        try:
            result = self.store.query(text)
            if prepared.form not in _OX_FORMS.get(type(result).__name__, ()):
                raise QueryError(f"{prepared.source or 'query'}: binding changed the query form; refused")
            if isinstance(result, ox.QueryBoolean):
                return QueryResult("ASK", boolean=bool(result))
            if isinstance(result, ox.QueryTriples):
                triples = ((convert(t.subject), convert(t.predicate), convert(t.object)) for t in result)
                return graph_result(prepared.form, triples, limit)
            names = [v.value for v in result.variables]
            rows, truncated = cap_rows((tuple(map(convert, s)) for s in result), limit)
        except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"{prepared.source or 'query'}: Oxigraph failed: {exc}") from exc
        return QueryResult("SELECT", names, rows, truncated=truncated)

    def close(self) -> None:
        """Flush to disk and release the store's lock (the object is unusable afterwards)."""
        import gc
        import os

        if getattr(self, "store", None) is not None:
            if not self.read_only:
                self.store.flush()
            del self.store
            gc.collect()
        if self._hold is not None:
            os.close(self._hold)
            self._hold = None
