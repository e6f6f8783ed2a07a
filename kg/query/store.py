"""One interface over govkg's stores: embedded Oxigraph (default), rdflib's, and any SPARQL 1.1 endpoint."""

from __future__ import annotations

import itertools
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import InputError, QueryError, StoreError
from kg.query.sparql import Prepared, check_safety, inject_values, parse_iri, prepare

__all__ = [
    "DEFAULT_LIMIT",
    "ENGINES",
    "EndpointStore",
    "OxigraphStore",
    "QueryResult",
    "RdflibStore",
    "Store",
    "materialise_closure",
    "ontology_graph",
    "open_dataset",
    "open_store",
    "push",
]

DEFAULT_LIMIT = 10_000
ENGINES = ("oxigraph", "rdflib")
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


def _cap(items: Iterable[Any], limit: int) -> tuple[list[Any], bool]:
    taken = list(itertools.islice(items, limit + 1))
    return taken[:limit], len(taken) > limit


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
                return _graph_result(prepared.form, iter(result.graph or Graph()), limit)
            names = [str(v) for v in result.vars or []]
            rows, truncated = _cap((tuple(r) for r in result), limit)  # type: ignore[arg-type]
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError(f"{prepared.source or 'query'}: rdflib failed: {exc}") from exc
        return QueryResult("SELECT", names, rows, truncated=truncated)


def _graph_result(form: str, triples: Iterable[Any], limit: int) -> QueryResult:
    taken, truncated = _cap(triples, limit)
    graph = Graph()
    for triple in taken:
        graph.add(triple)
    return QueryResult(form, graph=graph, truncated=truncated)


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

    def __init__(self, path: Path | None = None) -> None:
        import pyoxigraph as ox

        try:
            self.store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the Oxigraph store ({exc})") from exc

    def _load_file(self, path: Path) -> None:
        from kg.rdf.read import read_quads  # the checked door for untrusted RDF: no fetching, no DTDs, limits

        self.store.extend(read_quads(path))

    def add_graph(self, graph: Graph) -> None:
        """Add every triple of ``graph`` (through N-Triples)."""
        import pyoxigraph as ox

        self.store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)

    def to_graph(self) -> Graph:
        """The default graph, parsed back into rdflib."""
        import pyoxigraph as ox

        data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        return Graph().parse(data=(data or b"").decode("utf-8"), format="nt")

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
                return _graph_result(prepared.form, triples, limit)
            names = [v.value for v in result.variables]
            rows, truncated = _cap((tuple(map(convert, s)) for s in result), limit)
        except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"{prepared.source or 'query'}: Oxigraph failed: {exc}") from exc
        return QueryResult("SELECT", names, rows, truncated=truncated)

    def close(self) -> None:
        """Flush to disk and release the store's lock (the object is unusable afterwards)."""
        import gc

        if getattr(self, "store", None) is not None:
            self.store.flush()
            del self.store
            gc.collect()


def _check_url(url: str) -> str:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise InputError(f"not an http(s) URL: {url!r}")
    return url


class EndpointStore(Store):
    """Any SPARQL 1.1 endpoint: SPARQLWrapper to query; SPARQL UPDATE or Graph Store protocol to load."""

    engine = "endpoint"

    def __init__(self, url: str, *, graph: str | None = None, update_url: str | None = None) -> None:
        self.url = _check_url(url)
        self.graph = str(parse_iri(graph)) if graph else None
        self.update_url = _check_url(update_url or _default_update_url(url))

    def _load_file(self, path: Path) -> None:
        local = RdflibStore()
        local.load([path])
        self.add_graph(local.graph)

    def add_graph(self, graph: Graph) -> None:
        """Send ``graph`` with one SPARQL UPDATE ``INSERT DATA`` (into ``self.graph`` if set)."""
        push(graph, self.update_url, graph_iri=self.graph)

    def to_graph(self) -> Graph:
        """Every triple of the endpoint's default graph (CONSTRUCT; mind the size)."""
        result = self._run(prepare("CONSTRUCT WHERE { ?s ?p ?o }"), {}, 10**9)
        return result.graph if result.graph is not None else Graph()

    def known_graphs(self) -> set[str]:
        """Only the graph this store was opened on (``--graph``)."""
        return {self.graph} if self.graph else set()

    def _wrapper(self, text: str, fmt: str, form: str) -> Any:
        from SPARQLWrapper import POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.url)
        wrapper.setMethod(POST)
        wrapper.setQuery(text)
        wrapper.queryType = form  # our parser's answer, not SPARQLWrapper's keyword guess
        wrapper.setReturnFormat(fmt)
        if self.graph:
            wrapper.addDefaultGraph(self.graph)
        return wrapper

    def _run(self, prepared: Prepared, bindings: dict[str, Identifier], limit: int) -> QueryResult:
        from SPARQLWrapper import JSON, TURTLE

        text = inject_values(prepared, bindings)
        graph_form = prepared.form in ("CONSTRUCT", "DESCRIBE")
        try:
            response = self._wrapper(text, TURTLE if graph_form else JSON, prepared.form).query()
            if graph_form:
                graph = Graph().parse(data=response.response.read().decode("utf-8"), format="turtle")
                return _graph_result(prepared.form, iter(graph), limit)
            data = response.convert()
        except Exception as exc:
            raise StoreError(f"{self.url}: the endpoint failed: {exc}") from exc
        if prepared.form == "ASK":
            return QueryResult("ASK", boolean=bool(data.get("boolean")))
        names = list(data["head"].get("vars", []))
        rows = (tuple(_from_json(b.get(n)) for n in names) for b in data["results"]["bindings"])
        taken, truncated = _cap(rows, limit)
        return QueryResult("SELECT", names, taken, truncated=truncated)


def _from_json(cell: dict[str, str] | None) -> Identifier | None:
    if cell is None:
        return None
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in cell:
        return Literal(value, lang=cell["xml:lang"])
    dt = cell.get("datatype")
    return Literal(value, datatype=URIRef(dt) if dt and dt not in (_XSD_STRING, _LANG_STRING) else None)


def _default_update_url(url: str) -> str:
    return url[: -len("/query")] + "/update" if url.endswith("/query") else url


def push(
    graph: Graph,
    update_url: str,
    *,
    graph_iri: str | None = None,
    store_url: str | None = None,
    timeout: float = 300,
) -> int:
    """Load ``graph`` into a SPARQL 1.1 store; return the number of triples sent.

    With ``store_url`` the Graph Store HTTP Protocol is used (POST of N-Triples); otherwise one
    SPARQL UPDATE ``INSERT DATA`` request is sent to ``update_url`` (one request, so blank nodes stay whole).
    """
    nt = graph.serialize(format="nt", encoding="utf-8")
    target = str(parse_iri(graph_iri)) if graph_iri else None
    if store_url:
        query = urllib.parse.urlencode({"graph": target}) if target else "default"
        url, body, ctype = f"{_check_url(store_url)}?{query}", nt, "application/n-triples"
    else:
        inner = f"GRAPH <{target}> {{\n" + nt.decode("utf-8") + "}\n" if target else nt.decode("utf-8")
        body = ("INSERT DATA {\n" + inner + "}\n").encode()
        url, ctype = _check_url(update_url), "application/sparql-update"
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": ctype})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise StoreError(f"{url}: push failed: {exc}") from exc
    return len(graph)


def open_store(
    engine: str = "oxigraph",
    *,
    location: Path | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
) -> Store:
    """Open a store: an endpoint if ``endpoint`` is given, else the embedded ``engine``.

    Oxigraph keeps its data on disk in ``location`` when given.

    >>> open_store("rdflib").engine
    'rdflib'
    """
    if endpoint:
        return EndpointStore(endpoint, graph=graph)
    if engine == "rdflib":
        if location is not None:
            raise InputError("--store DIR needs the oxigraph engine")
        return RdflibStore()
    if engine != "oxigraph":
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return OxigraphStore(location)


def materialise_closure(data: Graph, ontology: Graph) -> Graph:
    """Return ``data`` + ``ontology`` + the types and triples implied by subclass, subproperty, equivalence.

    A materialised RDFS-style closure (not full OWL-RL): enough for ``org:Organization`` to find agencies
    and ``prov:Activity`` to find activities when the ontology aligns them.
    """
    from rdflib.namespace import OWL, RDF, RDFS

    up_class = _upward(ontology, RDFS.subClassOf, OWL.equivalentClass)
    up_prop = _upward(ontology, RDFS.subPropertyOf, OWL.equivalentProperty)
    out = Graph()
    out += ontology
    out += data
    for s, p, o in data:
        for q in up_prop(p):
            out.add((s, q, o))
    for s, c in list(out.subject_objects(RDF.type)):
        for d in up_class(c):
            out.add((s, RDF.type, d))
    return out


def _upward(ontology: Graph, sub: URIRef, equivalent: URIRef) -> Any:
    edges: dict[Any, set[Any]] = defaultdict(set)
    for a, b in ontology.subject_objects(sub):
        edges[a].add(b)
    for a, b in ontology.subject_objects(equivalent):
        edges[a].add(b)
        edges[b].add(a)
    memo: dict[Identifier, set[Identifier]] = {}

    def up(node: Identifier) -> set[Identifier]:
        if node not in memo:
            seen: set[Identifier] = set()
            todo = list(edges.get(node, ()))
            while todo:
                nxt = todo.pop()
                if nxt not in seen and isinstance(nxt, URIRef):
                    seen.add(nxt)
                    todo.extend(edges.get(nxt, ()))
            seen.discard(node)
            memo[node] = seen
        return memo[node]

    return up


def ontology_graph(directory: Path | None = None) -> Graph:
    """The ontology's axioms: every ``*.ttl`` in ``ontology/`` except the SHACL shapes."""
    from kg.paths import ONTOLOGY_DIR

    files = [p for p in sorted((directory or ONTOLOGY_DIR).glob("*.ttl")) if "shape" not in p.name]
    if not files:
        raise InputError("no ontology to reason with", path=directory or ONTOLOGY_DIR)
    store = RdflibStore()
    store.load(files)
    return store.graph


def open_dataset(
    data: Sequence[Path] = (),
    *,
    engine: str = "oxigraph",
    location: Path | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    reason: bool = False,
) -> Store:
    """Open a store and fill it: ``data`` files, else ``data/kg.ttl`` unless the store already holds triples.

    ``reason`` adds the subclass/subproperty closure over the ontology (local stores only).
    """
    from kg.paths import KG_FILE

    store = open_store(engine, location=location, endpoint=endpoint, graph=graph)
    if endpoint:
        if data or reason:
            raise InputError("--data and --reason need a local store; load a remote one with kg push")
        return store
    if data:
        store.load(data)
    elif not store.query("ASK { ?s ?p ?o }").boolean:
        from kg.limits import own_output

        with own_output(KG_FILE):
            store.load([KG_FILE])
    if reason:
        store.add_graph(materialise_closure(store.to_graph(), ontology_graph()))
    return store
