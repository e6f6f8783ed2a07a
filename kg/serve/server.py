"""``kg serve``'s HTTP/1.1 glue: Host, size and origin checks, security headers, then :class:`~kg.serve.app.App`."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import KGError, StoreError
from kg.publish.html import safe_href
from kg.publish.site import Site
from kg.query.pool import QueryPool
from kg.serve.app import App, PathError, Response, ServerConfig, error_response, text_response

__all__ = ["CSP", "Handler", "make_server", "open_app"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


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
            self._send(text_response(400, "Host header not allowed (use --allow-host NAME)"))
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
            response = text_response(400, f"bad path: {exc}")
        except KGError as exc:
            response = error_response(exc)
        self._send(response, head=method == "HEAD")

    def _post_refusal(self) -> Response | None:
        origin = self.headers.get("Origin")
        host = self.headers.get("Host", "")
        if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
            return text_response(403, "cross-origin POST refused")
        if (self.headers.get("Sec-Fetch-Site") or "").lower() == "cross-site":
            return text_response(403, "cross-site POST refused")
        if "Transfer-Encoding" in self.headers:
            return text_response(411, "send a Content-Length, not a Transfer-Encoding")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return text_response(411, "Content-Length required")
        if int(length) > self.app.config.max_body:
            return text_response(413, f"request body over {self.app.config.max_body} bytes")
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors found by http.server itself (bad request line, 431, 414) as plain text, same headers."""
        self.close_connection = True
        self._send(text_response(code, message or self.responses.get(code, ("error",))[0]))

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


def open_app(graph: Graph, *, base: str, config: ServerConfig, endpoint: str | None = None,
             graph_iri: str | None = None, timeout: float = 10.0, limit: int = 10_000, workers: int = 2,
             export_dir: Path | None = None) -> App:
    """An :class:`App` over ``graph``: queries go to worker processes holding a copy of it (or to ``endpoint``)."""
    from kg.query.pool import StoreSpec

    spec = StoreSpec(endpoint=endpoint, graph=graph_iri) if endpoint else \
        StoreSpec(ntriples=graph.serialize(format="nt", encoding="utf-8"))
    pool = QueryPool(spec, size=workers, timeout=timeout, limit=limit)
    light = QueryPool(spec, size=1, timeout=timeout, limit=limit)
    return App(Site(graph, base, endpoint="sparql"), pool, config, export_dir, light)
