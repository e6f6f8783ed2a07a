"""Any SPARQL 1.1 endpoint as a store (SPARQLWrapper), and pushing a graph into one (UPDATE or Graph Store)."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import InputError, StoreError
from kg.query.local import RdflibStore
from kg.query.sparql import Prepared, inject_values, parse_iri, prepare
from kg.query.store import QueryResult, Store, cap_rows, graph_result

__all__ = ["EndpointStore", "push"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


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
                return graph_result(prepared.form, iter(graph), limit)
            data = response.convert()
        except Exception as exc:
            raise StoreError(f"{self.url}: the endpoint failed: {exc}") from exc
        if prepared.form == "ASK":
            return QueryResult("ASK", boolean=bool(data.get("boolean")))
        names = list(data["head"].get("vars", []))
        rows = (tuple(_from_json(b.get(n)) for n in names) for b in data["results"]["bindings"])
        taken, truncated = cap_rows(rows, limit)
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
