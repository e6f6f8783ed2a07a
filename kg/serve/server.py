"""``kg serve``: the resource IRIs dereferenced with content negotiation, the SPARQL 1.1 Protocol, read-only.

Routes: ``/`` and ``/index.html``, ``/query.html`` (and ``GET /sparql`` without a query), ``/class/<slug>.html``,
``/id/<path>`` (303 See Other to ``/id/<path>.<ext>`` by the Accept header), ``/id/<path>.<ext>``,
``/sparql``, ``/queries/<slug>`` (a catalogue query with its parameters; SPARQL JSON results),
``/static/<file>``, ``/export/<file>`` (the dumps of ``kg export``, when written), ``/.well-known/void``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from kg.errors import InputError, KGError, QueryError, StoreError
from kg.publish.site import CLASSES, DOC_TYPES, Site, _static_files, safe_href
from kg.query.limited import QueryTimeout
from kg.query.pool import QueryPool
from kg.serve.protocol import GRAPH_TYPES, ProtocolError, choose, negotiate, read_query, serialise

__all__ = ["App", "ServerConfig", "make_server", "open_app"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
_DOC = re.compile(r"/id/(?P<path>[A-Za-z0-9_~/-]+?)(?:\.(?P<ext>html|ttl|jsonld|nt|rdf))?")
# server preference on ties (``*/*`` gets HTML, ``application/*`` JSON-LD); aliases last
_MEDIA_EXT = {"text/html": "html", "text/turtle": "ttl", "application/ld+json": "jsonld",
              "application/n-triples": "nt", "application/rdf+xml": "rdf", "application/xhtml+xml": "html",
              "application/turtle": "ttl", "application/x-turtle": "ttl"}
_EXPORT_TYPES = {"ttl": "text/turtle; charset=utf-8", "nt": "application/n-triples", "nq": "application/n-quads",
                 "trig": "application/trig", "jsonld": "application/ld+json", "rdf": "application/rdf+xml",
                 "gz": "application/gzip"}
_LOCAL_NAMES = {"localhost", "127.0.0.1", "[::1]", "::1"}


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
    """Status, headers and body of one answer."""

    def __init__(self, status: int, body: bytes = b"", content_type: str = "text/plain; charset=utf-8",
                 headers: dict[str, str] | None = None) -> None:
        self.status, self.body, self.content_type = status, body, content_type
        self.headers = headers or {}


def _text(status: int, message: str) -> Response:
    return Response(status, (message.rstrip("\n") + "\n").encode("utf-8"))


class App:
    """The routes, over one :class:`Site` (pages) and one :class:`QueryPool` (SPARQL)."""

    def __init__(self, site: Site, pool: QueryPool, config: ServerConfig | None = None,
                 export_dir: Path | None = None, light: QueryPool | None = None) -> None:
        self.site, self.pool, self.config = site, pool, config or ServerConfig()
        # a lane of its own for the catalogue and for queries without a cross join, so that a burst of heavy ad-hoc
        # queries (each holding a worker up to the time limit) never leaves the cheap ones waiting for a worker
        self.light = light
        self.static = _static_files()
        # the dumps of kg export, listed once: only these names are ever read from disk
        self.exports = {p.name: p for p in sorted(export_dir.iterdir()) if p.is_file() and not p.name.startswith(".")} \
            if export_dir is not None and export_dir.is_dir() else {}
        self._pages: dict[str, bytes] = {}

    def close(self) -> None:
        """Stop every query worker."""
        self.pool.close()
        if self.light is not None:
            self.light.close()

    def handle(self, method: str, target: str, headers: Any, body: bytes | None) -> Response:
        """Answer one request (the Host, size and origin checks are done by the handler)."""
        split = urlsplit(target)
        path = _clean_path(split.path)
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
            return self._page("index", lambda: index_page(self.site))
        if path == "/query.html":
            return self._page("query", lambda: self._query_page())
        if path.startswith("/static/") and path[8:] in self.static:
            kind = "text/css; charset=utf-8" if path.endswith(".css") else "text/javascript; charset=utf-8"
            return Response(200, self.static[path[8:]], kind)
        if path.startswith("/class/") and path.endswith(".html") and path[7:-5] in {c[0] for c in CLASSES}:
            return self._page(path, lambda: class_page(self.site, path[7:-5]))
        if path in ("/.well-known/void", "/void.ttl"):
            return self.void(headers, path)
        if path.startswith("/export/") and path[8:] in self.exports:
            name = path[8:]
            return Response(200, self.exports[name].read_bytes(), _EXPORT_TYPES.get(name.rsplit(".", 1)[-1],
                                                                                     "application/octet-stream"))
        if path.startswith("/queries/"):
            return self.named(path[9:], params)
        match = _DOC.fullmatch(path)
        if match and self.site.has(match.group("path")):
            return self.document(match.group("path"), match.group("ext"), headers)
        return _text(404, f"not found: {path}")

    def _page(self, key: str, render: Callable[[], str]) -> Response:
        if key not in self._pages:
            self._pages[key] = render().encode("utf-8")
        return Response(200, self._pages[key], "text/html; charset=utf-8")

    def _query_page(self) -> str:
        from kg.publish.pages import query_page

        return query_page(self.site, "query.html")

    def document(self, path: str, ext: str | None, headers: Any) -> Response:
        """A resource document, or (no extension) a 303 to the one the Accept header prefers."""
        if ext is None:
            chosen = negotiate(headers.get("Accept"), list(_MEDIA_EXT))
            if chosen is None:
                return _text(406, "acceptable here: " + ", ".join(_MEDIA_EXT))
            location = f"/id/{path}.{_MEDIA_EXT[chosen]}"
            return Response(303, f"See {location}\n".encode(), headers={"Location": location})
        if ext == "html":
            return self._page("id/" + path, lambda: self.site.page(path))
        return Response(200, self.site.rdf_document(path, ext), DOC_TYPES[ext][0])

    def void(self, headers: Any, path: str) -> Response:
        """The VoID description of this dataset, in Turtle, JSON-LD, N-Triples or RDF/XML."""
        chosen = negotiate(headers.get("Accept"), list(GRAPH_TYPES))
        if chosen is None:
            return _text(406, "acceptable here: " + ", ".join(GRAPH_TYPES))
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
        """The SPARQL 1.1 Protocol: check, negotiate, run in a worker, serialise."""
        from kg.query.sparql import check_safety, prepare

        try:
            text = read_query(params, body, headers.get("Content-Type", "") if body is not None else "")
            prepared = prepare(text)
            check_safety(prepared, known_graphs=set())
            media = choose(prepared.form, headers.get("Accept"), params)
            lane = self.pool if prepared.heavy or self.light is None else self.light
            result = lane.run_sparql(prepared.text)
        except ProtocolError as exc:
            return _text(exc.status, exc.message)
        except KGError as exc:
            return _error(exc)
        return _result(result, media)

    def named(self, slug: str, params: dict[str, list[str]]) -> Response:
        """A catalogue query run with its parameters (labels resolved), answered as SPARQL JSON."""
        from kg.query.catalogue import find_query

        if not re.fullmatch(r"[a-z0-9-]+", slug):
            return _text(404, "no such query")
        try:
            query = find_query(slug)
            values = {k: v[-1] for k, v in params.items() if k in query.params}
            result = (self.light or self.pool).run_named(slug, values, params.get("lang", ["zh-Hant"])[-1])
        except KGError as exc:
            return _error(exc)
        return _result(result, "application/sparql-results+json" if result.graph is None else "text/turtle")


def _error(exc: KGError) -> Response:
    if isinstance(exc, QueryTimeout):
        return _text(503, str(exc))
    if isinstance(exc, StoreError):
        return _text(502, str(exc))
    if isinstance(exc, InputError | QueryError):
        return _text(400, str(exc))
    return _text(400, str(exc))


def _result(result: Any, media: str) -> Response:
    body, ctype = serialise(result, media)
    headers = {"KG-Result-Truncated": "true" if result.truncated else "false"}
    return Response(200, body, ctype, headers)


class PathError(ValueError):
    """A request path that is refused whatever it would name."""


def _clean_path(raw: str) -> str:
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


class Handler(BaseHTTPRequestHandler):
    """HTTP/1.1 glue: Host, size and origin checks, then :class:`App`."""

    protocol_version = "HTTP/1.1"
    app: App

    def version_string(self) -> str:
        """The Server header: no Python version."""
        return "govkg"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet by default (tests run many requests); ``kg serve`` prints its own line."""

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if len(self.path) > self.app.config.max_target:
            self.send_error(414, "request target too long")
            return False
        size = sum(len(k) + len(v) + 4 for k, v in self.headers.items())
        if size > self.app.config.max_headers:
            self.send_error(431, "request headers too large")
            return False
        return True

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._send(Response(405, b"read-only\n", headers={"Allow": "GET, HEAD, POST"}))

    do_DELETE = do_PATCH = do_PUT

    def _serve(self, method: str) -> None:
        if not self.app.config.host_allowed(self.headers.get("Host")):
            self._send(_text(400, "Host header not allowed (use --allow-host NAME)"))
            return
        body: bytes | None = None
        if method == "POST":
            refusal = self._post_refusal()
            if refusal is not None:
                self.close_connection = True
                self._send(refusal)
                return
            body = self.rfile.read(int(self.headers["Content-Length"]))
        try:
            response = self.app.handle(method, self.path, self.headers, body)
        except PathError as exc:
            response = _text(400, f"bad path: {exc}")
        except KGError as exc:
            response = _error(exc)
        self._send(response, head=method == "HEAD")

    def _post_refusal(self) -> Response | None:
        origin = self.headers.get("Origin")
        host = self.headers.get("Host", "")
        if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
            return _text(403, "cross-origin POST refused")
        if (self.headers.get("Sec-Fetch-Site") or "").lower() == "cross-site":
            return _text(403, "cross-site POST refused")
        if "Transfer-Encoding" in self.headers:
            return _text(411, "send a Content-Length, not a Transfer-Encoding")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return _text(411, "Content-Length required")
        if int(length) > self.app.config.max_body:
            return _text(413, f"request body over {self.app.config.max_body} bytes")
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors found by http.server itself (bad request line, 431, 414) as plain text, same headers."""
        self.close_connection = True
        self._send(_text(code, message or self.responses.get(code, ("error",))[0]))

    def _send(self, response: Response, head: bool = False) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Vary", "Accept")
        for key, value in {**self.app.config.extra_headers, **response.headers}.items():
            if key == "Location" and safe_href(value) is None:
                continue
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head and self.command != "HEAD":
            self.wfile.write(response.body)


def make_server(app: App, host: str | None = None, port: int | None = None) -> ThreadingHTTPServer:
    """A threading HTTP server bound to ``host:port`` (default 127.0.0.1:8000; port 0 picks a free one)."""
    handler = type("GovkgHandler", (Handler,), {"app": app, "timeout": app.config.socket_timeout})
    bind = (host or app.config.host, app.config.port if port is None else port)
    try:
        server = ThreadingHTTPServer(bind, handler)
    except OSError as exc:
        raise StoreError(f"cannot listen on {bind[0]}:{bind[1]} ({exc.strerror or exc})") from exc
    server.daemon_threads = True
    return server


def load_graph(paths: list[Any], endpoint: str | None = None, graph_iri: str | None = None) -> Any:
    """The graph the pages show: RDF files parsed with rdflib, or everything an endpoint holds."""
    from rdflib import Graph

    from kg.rdf.read import parse_rdf

    if endpoint:
        from kg.query.endpoint import EndpointStore

        return EndpointStore(endpoint, graph=graph_iri).to_graph()
    graph = Graph()
    for path in paths:
        if not path.is_file():
            raise InputError("no such file", path=path)
        graph += parse_rdf(path)  # the project's one door for untrusted RDF: nothing fetched, sizes bounded
    return graph


def open_app(graph: Any, *, base: str, config: ServerConfig, endpoint: str | None = None,
             graph_iri: str | None = None, timeout: float = 10.0, limit: int = 10_000, workers: int = 2,
             export_dir: Path | None = None) -> App:
    """An :class:`App` over ``graph``: queries go to worker processes holding a copy of it (or to ``endpoint``)."""
    from kg.query.pool import StoreSpec

    spec = StoreSpec(endpoint=endpoint, graph=graph_iri) if endpoint else \
        StoreSpec(ntriples=graph.serialize(format="nt", encoding="utf-8"))
    pool = QueryPool(spec, size=workers, timeout=timeout, limit=limit)
    light = QueryPool(spec, size=1, timeout=timeout, limit=limit)
    return App(Site(graph, base, endpoint="sparql"), pool, config, export_dir, light)
