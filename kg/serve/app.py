"""The routes of ``kg serve``: pages, resource documents by content negotiation, the SPARQL endpoint, named queries.

Routes: ``/`` and ``/index.html``, ``/query.html`` (and ``GET /sparql`` without a query), ``/class/<slug>.html``,
``/id/<path>`` (303 See Other to ``/id/<path>.<ext>`` by the Accept header), ``/id/<path>.<ext>``,
``/sparql``, ``/queries/<slug>`` (a catalogue query with its parameters; SPARQL results by ``Accept`` or ``format=``),
``/static/<path>`` (also ``vendor/``), ``/export/<file>`` (the dumps of ``kg export``, when written),
``/.well-known/void``, ``/ontology`` (303 to ``/ontology/govkg.ttl`` or ``/ontology/index.{en,zh}.html`` by the Accept
header).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from kg.errors import InputError, KGError, QueryError, StoreError
from kg.langs import OWN_SCRIPT
from kg.publish.html import static_files
from kg.publish.ontodoc import ontology_files
from kg.publish.site import CLASSES, DOCUMENT_FORMATS, Site
from kg.query.limited import QueryTimeout
from kg.query.pool import QueryPool
from kg.rdf.formats import RDF_FORMATS, format_of_suffix
from kg.serve.protocol import GRAPH_TYPES, ProtocolError, choose, negotiate, read_query, serialise

__all__ = ["App", "PathError", "Response", "ServerConfig", "clean_path", "error_response", "text_response"]

_HTML = "text/html; charset=utf-8"
_SUFFIXES = "|".join(("html", *(f.suffix for f in DOCUMENT_FORMATS)))
_DOC = re.compile(rf"/id/(?P<path>[A-Za-z0-9_~/-]+?)(?:\.(?P<ext>{_SUFFIXES}))?")
# server preference on ties (``*/*`` gets HTML, ``application/*`` JSON-LD); aliases last
_MEDIA_EXT = {"text/html": "html", **{f.media_type: f.suffix for f in DOCUMENT_FORMATS},
              "application/xhtml+xml": "html", **{a: f.suffix for f in DOCUMENT_FORMATS for a in f.aliases}}
_EXPORT_TYPES = {**{f.suffix: f.content_type for f in RDF_FORMATS.values()}, "gz": "application/gzip"}
_LOCAL_NAMES = {"localhost", "127.0.0.1", "[::1]", "::1"}
# /ontology by the Accept header: its page for a browser (the first on ties), its Turtle for RDF tools
_ONTOLOGY_MEDIA = {"text/html": "index.en.html", "text/turtle": "govkg.ttl", "application/xhtml+xml": "index.en.html",
                   "application/x-turtle": "govkg.ttl"}
_STATIC_TYPES = {"css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
                 "txt": "text/plain; charset=utf-8"}


@dataclass
class ServerConfig:
    """Limits and policy of the server (the defaults are the documented ones)."""

    host: str = "127.0.0.1"
    port: int = 8000
    allow_hosts: tuple[str, ...] = ()
    max_body: int = 1 << 20
    max_headers: int = 16 << 10
    max_target: int = 8 << 10
    socket_timeout: float = 30.0
    cors: bool = True  # the query routes open to any origin; False: same-origin only (kg serve --no-cors)
    extra_headers: dict[str, str] = field(default_factory=dict)

    def host_allowed(self, header: str | None) -> bool:
        """Whether a ``Host`` header names this server (DNS-rebinding guard)."""
        if not header:
            return False
        name = header.strip().lower()
        match = re.fullmatch(r"(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?", name)
        if not match:
            return False
        allowed = _LOCAL_NAMES | {h.lower() for h in self.allow_hosts}
        if self.host not in ("0.0.0.0", "::", ""):  # noqa: S104 (compared, not bound)
            allowed.add(self.host.lower())
        return match.group(1) in allowed


class Response:
    """Status, headers and body of one answer; or, with ``file``, a file the server streams as the body."""

    def __init__(self, status: int, body: bytes = b"", content_type: str = "text/plain; charset=utf-8",
                 headers: dict[str, str] | None = None, file: Path | None = None) -> None:
        self.status, self.body, self.content_type = status, body, content_type
        self.headers = headers or {}
        self.file = file


def text_response(status: int, message: str) -> Response:
    """A plain-text answer (an error or a redirect's note), ending in one newline."""
    return Response(status, (message.rstrip("\n") + "\n").encode("utf-8"))


class App:
    """The routes, over one :class:`Site` (pages) and one :class:`QueryPool` (SPARQL)."""

    def __init__(self, site: Site, pool: QueryPool, config: ServerConfig | None = None,
                 export_dir: Path | None = None) -> None:
        self.site, self.pool, self.config = site, pool, config or ServerConfig()
        self.static = static_files()
        # the dumps of kg export, listed once: only these names are ever read from disk
        self.exports = {p.name: p for p in sorted(export_dir.iterdir()) if p.is_file() and not p.name.startswith(".")} \
            if export_dir is not None and export_dir.is_dir() else {}
        self._pages: dict[str, bytes] = {}

    def close(self) -> None:
        """Stop every query worker."""
        self.pool.close()

    def handle(self, method: str, target: str, headers: Any, body: bytes | None) -> Response:
        """Answer one request (the Host, size and origin checks are done by the handler)."""
        split = urlsplit(target)
        path = clean_path(split.path)
        params = parse_qs(split.query, keep_blank_values=True)
        if path == "/sparql":
            if method == "GET" and "query" not in params and "update" not in params:
                return self._page("query", lambda: self._query_page())
            return self.sparql(params, body, headers)
        if method == "POST":
            return Response(405, b"POST only to /sparql\n", headers={"Allow": "GET, HEAD"})
        return self.get(path, params, headers)

    def get(self, path: str, params: dict[str, list[str]], headers: Any) -> Response:
        """The read-only routes."""
        from kg.publish.pages import class_page, index_page

        if path in ("/", "/index.html"):
            dumps = [("dumps", name, f"export/{quote(name)}") for name in self.exports]
            return self._page("index", lambda: index_page(self.site, dumps))
        if path == "/ontology" or path.startswith("/ontology/"):
            return self.ontology(path, headers)
        if path == "/query.html":
            return self._page("query", lambda: self._query_page())
        if path.startswith("/static/") and path[8:] in self.static:
            kind = _STATIC_TYPES.get(path.rsplit(".", 1)[-1], "application/octet-stream")
            return Response(200, self.static[path[8:]], kind)
        if path.startswith("/class/") and path.endswith(".html") and path[7:-5] in {c[0] for c in CLASSES}:
            return self._page(path, lambda: class_page(self.site, path[7:-5]))
        if path in ("/.well-known/void", "/void.ttl"):
            return self.void(headers, path)
        if path.startswith("/export/") and path[8:] in self.exports:
            name = path[8:]  # streamed from disk by the server, never read whole
            return Response(200, content_type=_EXPORT_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream"),
                            file=self.exports[name])
        if path.startswith("/queries/"):
            return self.named(path[9:], params, headers)
        match = _DOC.fullmatch(path)
        document = self.site.document_of(match.group("path")) if match else None
        if match and document is not None:  # by its IRI's path, or by the shortened name its links use
            return self.document(document, match.group("ext"), headers)
        return text_response(404, f"not found: {path}")

    def _page(self, key: str, render: Callable[[], str]) -> Response:
        if key not in self._pages:
            self._pages[key] = render().encode("utf-8")
        return Response(200, self._pages[key], _HTML)

    def _query_page(self) -> str:
        from kg.publish.pages import query_page

        return query_page(self.site, "query.html")

    def ontology(self, path: str, headers: Any) -> Response:
        """govkg's ontology: ``/ontology`` answers 303 to its Turtle or to its page (English, or Chinese when the
        Accept-Language header prefers it) by the Accept header; ``/ontology/<file>`` is that file."""
        files = ontology_files()
        if path == "/ontology":
            chosen = negotiate(headers.get("Accept"), list(_ONTOLOGY_MEDIA))
            if chosen is None:
                return text_response(406, "acceptable here: " + ", ".join(_ONTOLOGY_MEDIA))
            page = _ONTOLOGY_MEDIA[chosen]
            if page.endswith(".html") and _prefers_chinese(headers.get("Accept-Language")):
                page = "index.zh.html"
            return Response(303, f"See /ontology/{page}\n".encode(),
                            headers={"Location": f"/ontology/{page}", "Vary": "Accept, Accept-Language"})
        name = path[len("/ontology/"):]
        if name not in files:
            return text_response(404, f"not found: {path}")
        return Response(200, files[name], _HTML if name.endswith(".html") else "text/turtle; charset=utf-8")

    def document(self, path: str, ext: str | None, headers: Any) -> Response:
        """A resource document, or (no extension) a 303 to the one the Accept header prefers."""
        from kg.publish.pages import resource_page

        if ext is None:
            chosen = negotiate(headers.get("Accept"), list(_MEDIA_EXT))
            if chosen is None:
                return text_response(406, "acceptable here: " + ", ".join(_MEDIA_EXT))
            location = f"/id/{path}.{_MEDIA_EXT[chosen]}"
            return Response(303, f"See {location}\n".encode(), headers={"Location": location})
        if ext == "html":
            return self._page("id/" + path, lambda: resource_page(self.site, path))
        return Response(200, self.site.rdf_document(path, ext), format_of_suffix(ext).content_type)

    def void(self, headers: Any, path: str) -> Response:
        """The VoID description of this dataset, in Turtle, JSON-LD, N-Triples or RDF/XML."""
        chosen = negotiate(headers.get("Accept"), list(GRAPH_TYPES))
        if chosen is None:
            return text_response(406, "acceptable here: " + ", ".join(GRAPH_TYPES))
        if "void.ttl" in self.exports:  # kg export's full VoID/DCAT description, when it has been written
            from rdflib import Graph

            graph = Graph().parse(self.exports["void.ttl"], format="turtle")
        else:
            origin = f"http://{headers.get('Host', f'{self.config.host}:{self.config.port}')}"
            graph = self.site.void(origin + "/sparql", origin + path)
        from kg.query.store import QueryResult

        body, ctype = serialise(QueryResult("CONSTRUCT", graph=graph), chosen)
        return Response(200, body, ctype)

    def sparql(self, params: dict[str, list[str]], body: bytes | None, headers: Any) -> Response:
        """The SPARQL 1.1 Protocol: read the query, parse, check and run it in a worker, negotiate, serialise."""
        try:
            text = read_query(params, body, headers.get("Content-Type", "") if body is not None else "")
            result = self.pool.run_sparql(text)  # parsed in the worker: a huge query never holds up the server
            media = choose(result.form, headers.get("Accept"), params)
        except ProtocolError as exc:
            return text_response(exc.status, exc.message)
        except KGError as exc:
            return error_response(exc)
        return _result(result, media)

    def named(self, slug: str, params: dict[str, list[str]], headers: Any) -> Response:
        """A catalogue query run with its parameters (labels resolved), in the media type the ``Accept`` header
        or a ``format`` parameter asks for (as ``/sparql``; SPARQL JSON or Turtle by default)."""
        from kg.query.catalogue import find_query

        if not re.fullmatch(r"[a-z0-9-]+", slug):
            return text_response(404, "no such query")
        try:
            query = find_query(slug)
            values = {k: v[-1] for k, v in params.items() if k in query.params}
            result = self.pool.run_named(slug, values, params.get("lang", [OWN_SCRIPT])[-1])  # the reports' script
            media = choose(result.form, headers.get("Accept"), params)
        except ProtocolError as exc:
            return text_response(exc.status, exc.message)
        except KGError as exc:
            return error_response(exc)
        return _result(result, media)


def error_response(exc: KGError) -> Response:
    """The status a library error is answered with: 503 for a timeout, 502 for a store, else 400."""
    if isinstance(exc, QueryTimeout):
        return text_response(503, str(exc))
    if isinstance(exc, StoreError):
        return text_response(502, str(exc))
    if isinstance(exc, InputError | QueryError):
        return text_response(400, str(exc))
    return text_response(400, str(exc))


def _result(result: Any, media: str) -> Response:
    body, ctype = serialise(result, media)
    headers = {"KG-Result-Truncated": "true" if result.truncated else "false"}
    return Response(200, body, ctype, headers)


def _prefers_chinese(header: str | None) -> bool:
    """Whether an ``Accept-Language`` header's first choice (highest q, then first) is Chinese (``zh``, ``zh-TW`` …).

    >>> _prefers_chinese("zh-TW,zh;q=0.9,en;q=0.8"), _prefers_chinese("en-GB, zh;q=0.5"), _prefers_chinese(None)
    (True, False, False)
    """
    best, best_q = "", 0.0
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        try:
            q = float(params.strip()[2:]) if params.strip().startswith("q=") else 1.0
        except ValueError:
            q = 0.0
        if q > best_q:
            best, best_q = tag.strip().lower(), q
    return best == "zh" or best.startswith("zh-")


class PathError(ValueError):
    """A request path that is refused whatever it would name."""


def clean_path(raw: str) -> str:
    """The decoded path; encoded dots, double encoding, backslashes and NUL are refused."""
    if "\\" in raw or "%5c" in raw.lower():
        raise PathError("backslash in path")
    try:
        path = unquote(raw, errors="strict")
    except UnicodeDecodeError as exc:
        raise PathError("path is not UTF-8") from exc
    if "%" in path or "\x00" in path or "\\" in path or not path.startswith("/"):
        raise PathError("encoded or malformed path")
    if any(seg in (".", "..") for seg in path.split("/")):
        raise PathError("dot segment in path")
    return path
