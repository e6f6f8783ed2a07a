"""Any SPARQL 1.1 endpoint as a store (SPARQLWrapper to query; :mod:`kg.query.push` to load)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import StoreError
from kg.query.local import RdflibStore
from kg.query.push import check_url, push, server_words
from kg.query.sparql import Prepared, inject_values, parse_iri, prepare
from kg.query.store import QueryResult, Store, cap_rows, graph_result

__all__ = ["EndpointStore"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class EndpointStore(Store):
    """Any SPARQL 1.1 endpoint: SPARQLWrapper to query; SPARQL UPDATE or Graph Store protocol to load."""

    engine = "endpoint"

    def __init__(self, url: str, *, graph: str | None = None, update_url: str | None = None) -> None:
        self.url = check_url(url)
        self.graph = str(parse_iri(graph)) if graph else None
        self.update_url = check_url(update_url or _default_update_url(url))

    def _load_file(self, path: Path) -> None:
        local = RdflibStore()
        local.load([path])
        self.add_graph(local.graph)

    def add_graph(self, graph: Graph) -> None:
        """Add ``graph`` with SPARQL UPDATE ``INSERT DATA`` in batches (into ``self.graph`` if set)."""
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
            raise StoreError(f"{self.url}: the endpoint failed: {_said(exc)}") from exc
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


def _said(exc: Exception) -> str:
    """SPARQLWrapper's error in one line, with the server's own words (it keeps them only inside its message)."""
    import ast

    head, _, response = str(exc).partition("\n\nResponse:\n")
    if not response:
        return " ".join(head.split())
    try:
        body = ast.literal_eval(response)
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    except (ValueError, SyntaxError):
        text = response
    return f"{head.split(':', 1)[0]}: {server_words(text)}"


def _default_update_url(url: str) -> str:
    return url[: -len("/query")] + "/update" if url.endswith("/query") else url
