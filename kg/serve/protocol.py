"""SPARQL 1.1 Protocol pieces: reading a request's query, content negotiation, and result serialisations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import parse_qs
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef

from kg.errors import QueryError
from kg.publish.site import DOCUMENT_FORMATS
from kg.query.store import QueryResult
from kg.rdf.formats import format_of_suffix

__all__ = [
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "ProtocolError",
    "negotiate",
    "read_query",
    "serialise",
]

#: media type -> format key, for SELECT and ASK answers (first is the default)
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: media type -> file suffix, for CONSTRUCT and DESCRIBE answers (first is the default; Turtle's aliases follow it)
GRAPH_TYPES: dict[str, str] = {m: f.suffix for f in DOCUMENT_FORMATS for m in (f.media_type, *f.aliases)}
#: the `format`/`output` parameter some clients (SPARQLWrapper) send besides the Accept header
_FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                 "json-ld": "application/ld+json", "nt": "application/n-triples",
                 "rdf+xml": "application/rdf+xml"}
CONTENT_TYPES = {"json": "application/sparql-results+json; charset=utf-8",
                 "xml": "application/sparql-results+xml; charset=utf-8", "csv": "text/csv; charset=utf-8",
                 "tsv": "text/tab-separated-values; charset=utf-8"}
_RANGE = re.compile(r"\s*([^\s;,]+)\s*((?:;[^,]*)?)")


class ProtocolError(Exception):
    """A request the endpoint answers with an HTTP error status and a plain-text message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _ranges(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in accept.split(","):
        match = _RANGE.match(part)
        if not match:
            continue
        q = 1.0
        for param in match.group(2).split(";"):
            key, _, value = param.strip().partition("=")
            if key.lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        out.append((match.group(1).lower(), q))
    return out


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offered media type the ``Accept`` header prefers (ties: the order of ``offers``); None: 406.

    >>> negotiate("text/turtle;q=0.9, application/ld+json", ["text/html", "text/turtle", "application/ld+json"])
    'application/ld+json'
    >>> negotiate(None, ["text/html"]), negotiate("image/png", ["text/html"])
    ('text/html', None)
    """
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = _ranges(accept)
    best, best_q = None, 0.0
    for offer in offers:
        kind = offer.split("/")[0]
        specific = [q for r, q in ranges if r == offer] or [q for r, q in ranges if r == f"{kind}/*"] \
            or [q for r, q in ranges if r == "*/*"]
        q = max(specific) if specific else 0.0
        if q > best_q:
            best, best_q = offer, q
    return best


def read_query(params: dict[str, list[str]], body: bytes | None, content_type: str) -> str:
    """The query text of a GET (``params``) or POST (form or direct) request; updates are refused."""
    ctype = content_type.split(";")[0].strip().lower()
    if "update" in params or ctype == "application/sparql-update":
        raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are refused")
    if body is not None:
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(_utf8(body), keep_blank_values=True)
            if "update" in form:
                raise ProtocolError(403, "this endpoint is read-only: SPARQL updates are refused")
            params = {**params, **form}
        elif ctype == "application/sparql-query":
            if "query" in params:
                raise ProtocolError(400, "a direct POST carries the query in its body, not in the URL")
            return _nonempty(_utf8(body))
        else:
            raise ProtocolError(415, "POST application/x-www-form-urlencoded or application/sparql-query")
    queries = params.get("query", [])
    if len(queries) != 1:
        raise ProtocolError(400, "give exactly one 'query' parameter")
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        raise ProtocolError(400, "this endpoint has one default graph; default-graph-uri/named-graph-uri refused")
    return _nonempty(queries[0])


def _nonempty(text: str) -> str:
    if not text.strip():
        raise ProtocolError(400, "empty query: send a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return text


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the request body is not UTF-8 (byte {exc.start})") from exc


def choose(form: str, accept: str | None, params: dict[str, list[str]]) -> str:
    """The media type to answer a query of ``form`` with; ProtocolError 406 if none is acceptable."""
    table = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    for key in ("format", "output"):
        for value in params.get(key, []):
            wanted = _FORMAT_PARAM.get(value.lower(), value.lower())
            if wanted in table:
                return wanted
    chosen = negotiate(accept, list(table))
    if chosen is None:
        raise ProtocolError(406, "acceptable here: " + ", ".join(table))
    return chosen


def serialise(result: QueryResult, media_type: str) -> tuple[bytes, str]:
    """``result`` in ``media_type``: the body and its Content-Type."""
    from kg.query.results import format_result

    key = {**RESULT_TYPES, **GRAPH_TYPES}[media_type]
    if result.graph is not None:
        from kg.namespaces import bind_prefixes

        graph = bind_prefixes(result.graph)
        fmt = format_of_suffix(key)
        if key == "jsonld":
            from kg.rdf.jsonld import load_context, to_jsonld

            data: str = to_jsonld(graph, load_context())
        else:
            data = graph.serialize(format=fmt.rdflib_format)
        return data.encode("utf-8"), fmt.content_type
    if key == "xml":
        return _xml(result).encode("utf-8"), CONTENT_TYPES[key]
    if result.form == "ASK" and key in ("csv", "tsv"):
        return (("_askResult\r\n" if key == "csv" else "?_askResult\n") + ("true" if result.boolean else "false")
                + "\n").encode(), CONTENT_TYPES[key]
    return format_result(result, key).encode("utf-8"), CONTENT_TYPES[key]


def _xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.form == "ASK":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for name, term in zip(result.variables, row, strict=True):
                if term is not None:
                    out.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _xml_term(term: object) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    if isinstance(term, Literal) and term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if isinstance(term, Literal) and term.datatype:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
    if isinstance(term, Literal):
        return f"<literal>{escape(str(term))}</literal>"
    raise QueryError(f"cannot serialise {term!r}")
