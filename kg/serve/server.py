"""``kg serve``'s HTTP glue on uvicorn (httptools' parser) and Starlette: checks, CORS, streaming, then the App.

uvicorn parses HTTP (a malformed or duplicate ``Content-Length``, a bad request line: 400 from the parser, one log
line), listens with a real backlog and shuts down gracefully on Ctrl-C. This module adds what is ours: the Host
check (exactly one ``Host`` header naming this server), limits on the target, the headers and the body, the refusal
of cross-origin writes, CORS for the read-only query routes, the security headers, and streaming of
``/export/<file>``. Each request's :meth:`App.handle` runs in a thread (it waits for a query process); a client that
goes away is logged in one line.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import anyio
import uvicorn
from rdflib import Graph
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response as StarletteResponse
from starlette.responses import StreamingResponse
from starlette.types import Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.errors import KGError, StoreError
from kg.publish.html import safe_href
from kg.publish.site import Site
from kg.query.pool import QueryPool
from kg.serve.app import App, PathError, Response, ServerConfig, error_response, text_response

__all__ = ["CORS_PREFIXES", "CSP", "Glue", "Server", "make_server", "open_app"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
#: the read-only query routes any origin may call (CORS); nothing else is shared across origins
CORS_PREFIXES = ("/sparql", "/queries/")
_METHODS = ("GET", "HEAD", "POST")
_CHUNK = 1 << 16
_HIGH = re.compile(rb"[\x80-\xff]")
log = logging.getLogger("kg.serve")


class Glue:
    """The ASGI application: checks and headers around :class:`App`."""

    def __init__(self, app: App, threads: int = 64) -> None:
        self.app, self.config = app, app.config
        self.limiter = anyio.CapacityLimiter(threads)
        self.cors = CORSMiddleware(self._answer, allow_origins=["*"], allow_methods=["GET", "POST"],
                                   allow_headers=["Accept", "Content-Type"],
                                   expose_headers=["KG-Result-Truncated"], max_age=600)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        try:
            await self._route(scope, receive, send)
        except asyncio.CancelledError:  # the grace period of a shutdown ran out: one line, not a traceback
            log.info("stopped at shutdown: %s %s", scope["method"], scope["path"][:200])

    async def _route(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = self._refusal(scope)
        if refusal is not None:
            await self._send(refusal, scope, receive, send)
        elif _shared(scope["path"]):
            await self.cors(scope, receive, send)
        else:
            await self._answer(scope, receive, send)

    def _refusal(self, scope: Scope) -> Response | None:
        raw: list[tuple[bytes, bytes]] = scope["headers"]
        if len(scope["raw_path"]) + len(scope["query_string"]) + 1 > self.config.max_target:
            return text_response(414, "request target too long")
        if sum(len(k) + len(v) + 4 for k, v in raw) > self.config.max_headers:
            return text_response(431, "request headers too large")
        hosts = [v for k, v in raw if k == b"host"]
        if len(hosts) != 1 or not self.config.host_allowed(hosts[0].decode("latin-1")):
            return text_response(400, "Host header not allowed (send one; use --allow-host NAME)")
        if sum(1 for k, _ in raw if k == b"content-length") > 1:
            return text_response(400, "more than one Content-Length")
        if scope["method"] not in _METHODS and not (scope["method"] == "OPTIONS" and _shared(scope["path"])):
            return Response(405, b"read-only\n", headers={"Allow": ", ".join(_METHODS)})
        return None

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        method = scope["method"]
        if method == "OPTIONS":  # not a CORS preflight (those are answered by the middleware)
            await self._send(Response(405, b"read-only\n", headers={"Allow": ", ".join(_METHODS)}), scope, receive,
                             send)
            return
        body: bytes | None = None
        if method == "POST":
            refusal = self._post_refusal(headers, _shared(scope["path"]))
            if refusal is not None:
                refusal.headers["Connection"] = "close"
                await self._send(refusal, scope, receive, send)
                return
            body = await _read_body(receive)
        target = (scope["raw_path"] + (b"?" + scope["query_string"] if scope["query_string"] else b"")).decode(
            "latin-1")
        gone = threading.Event()
        async with anyio.create_task_group() as group:
            group.start_soon(_watch, receive, gone, scope)
            response = await anyio.to_thread.run_sync(self._handle, method, target, headers, body,
                                                      limiter=self.limiter)
            group.cancel_scope.cancel()
        if not gone.is_set():
            await self._send(response, scope, receive, send)

    def _handle(self, method: str, target: str, headers: Headers, body: bytes | None) -> Response:
        try:
            return self.app.handle(method, target, headers, body)
        except PathError as exc:
            return text_response(400, f"bad path: {exc}")
        except KGError as exc:
            return error_response(exc)
        except Exception as exc:  # a bug: one line in the log, a 500 to the client, the server goes on
            log.error("internal error on %s %s: %s: %s", method, target[:200], type(exc).__name__, exc)
            return text_response(500, "internal error")

    def _post_refusal(self, headers: Headers, shared: bool) -> Response | None:
        if not shared:  # the query routes are read-only and open to any origin (CORS); other POSTs are same-origin
            origin, host = headers.get("Origin"), headers.get("Host", "")
            if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
                return text_response(403, "cross-origin POST refused")
            if (headers.get("Sec-Fetch-Site") or "").lower() == "cross-site":
                return text_response(403, "cross-site POST refused")
        if "transfer-encoding" in headers:
            return text_response(411, "send a Content-Length, not a Transfer-Encoding")
        length = headers.get("Content-Length")
        if length is None or not length.isdigit():
            return text_response(411, "Content-Length required")
        if int(length) > self.config.max_body:
            return text_response(413, f"request body over {self.config.max_body} bytes")
        return None

    async def _send(self, response: Response, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {"Content-Type": response.content_type, "Content-Security-Policy": CSP,
                   "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Vary": "Accept",
                   "Server": "govkg"}
        for key, value in {**self.config.extra_headers, **response.headers}.items():
            if key != "Location" or safe_href(value) is not None:
                headers[key] = value
        if response.file is not None:
            headers["Content-Length"] = str(response.file.stat().st_size)
            answer: StarletteResponse = StreamingResponse(_chunks(response.file), response.status, headers)
        else:
            answer = StarletteResponse(response.body, response.status, headers)
        watched = _Watched(receive, send, scope)
        await answer(scope, watched.receive, watched.send)


class _Watched:
    """``receive`` and ``send`` that log a client going away in the middle of a (streamed) answer."""

    def __init__(self, receive: Receive, send: Send, scope: Scope) -> None:
        self._receive, self._send, self.scope, self.done = receive, send, scope, False

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.disconnect" and not self.done:
            _log_gone(self.scope, "while the answer was sent")
        return message

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            self.done = True
        await self._send(message)


async def _watch(receive: Receive, gone: threading.Event, scope: Scope) -> None:
    """Wait for the client to go away before its answer is ready (the task is cancelled when it is)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            gone.set()
            _log_gone(scope, "before the answer was ready")
            return


def _log_gone(scope: Scope, when: str) -> None:
    client = scope.get("client") or ("?", 0)
    log.info("client %s:%s went away %s: %s %s", client[0], client[1], when, scope["method"], scope["path"][:200])


async def _read_body(receive: Receive) -> bytes:
    """The request body (its size was checked against Content-Length, which the parser holds it to)."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _shared(path: str) -> bool:
    return path == CORS_PREFIXES[0] or path.startswith(CORS_PREFIXES[1:])


class _Protocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a cap on a request's head (httptools buffers it without one), and raw
    UTF-8 in a request target percent-encoded before parsing, as a browser sends it (llhttp refuses raw bytes)."""

    head_limit = 64 << 10
    _head = 0  # bytes of the current request's head so far; -1 once its headers are complete
    _fresh = True  # the next bytes start a request

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head = 0

    def data_received(self, data: bytes) -> None:
        if self._fresh:
            self._fresh = False
            end = data.find(b"\r\n")
            line = data if end < 0 else data[:end]
            if _HIGH.search(line):
                data = _HIGH.sub(lambda m: b"%%%02X" % m[0][0], line) + (b"" if end < 0 else data[end:])
        if self._head >= 0:
            self._head += len(data)
            if self._head > self.head_limit:
                self.send_400_response("Invalid HTTP request received.")
                return
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._head = -1
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._fresh, self._head = True, 0


class _Uvicorn(uvicorn.Server):
    """uvicorn's server that stops the running queries first when it shuts down, so requests in flight are answered
    (503) within the grace period rather than cancelled."""

    on_shutdown: Callable[[], None] = staticmethod(lambda: None)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.on_shutdown()
        await super().shutdown(sockets)


class Server:
    """uvicorn on a socket bound now (so port 0 is resolved): :meth:`run` in the main thread, or :meth:`start`."""

    def __init__(self, app: App, host: str | None = None, port: int | None = None, backlog: int = 1024,
                 max_connections: int = 1000) -> None:
        bind = (host or app.config.host, app.config.port if port is None else port)
        try:
            family, kind, proto, _, address = socket.getaddrinfo(*bind, type=socket.SOCK_STREAM)[0]
            self.socket = socket.socket(family, kind, proto)
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind(address)
        except OSError as exc:
            raise StoreError(f"cannot listen on {bind[0]}:{bind[1]} ({exc.strerror or exc})") from exc
        self.app, self.server_port = app, self.socket.getsockname()[1]
        _Protocol.head_limit = 4 * (app.config.max_headers + app.config.max_target)  # then 414/431 say which
        config = uvicorn.Config(Glue(app), http=_Protocol, lifespan="off", access_log=False, log_config=None,
                                server_header=False, backlog=backlog, limit_concurrency=max_connections,
                                timeout_keep_alive=5, timeout_graceful_shutdown=5)
        self.uvicorn = _Uvicorn(config)
        self.uvicorn.on_shutdown = app.pool.close
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Serve until Ctrl-C or SIGTERM (graceful: requests in flight get 5 s)."""
        self.uvicorn.run(sockets=[self.socket])

    def start(self) -> None:
        """Serve in a background thread (tests); returns once it accepts connections."""
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()
        while not self.uvicorn.started and self._thread.is_alive():
            self._thread.join(0.02)

    def stop(self) -> None:
        """Stop a :meth:`start`-ed server."""
        self.uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self.socket.close()


def make_server(app: App, host: str | None = None, port: int | None = None, backlog: int = 1024) -> Server:
    """A server for ``app`` bound to ``host:port`` (default 127.0.0.1:8000; port 0 picks a free one)."""
    return Server(app, host, port, backlog)


def open_app(graph: Graph, *, base: str, config: ServerConfig, endpoint: str | None = None,
             graph_iri: str | None = None, timeout: float = 10.0, limit: int = 10_000, workers: int = 2,
             export_dir: Path | None = None, memory_mib: int = 512, cheap: int = 4, budget: float = 0.25) -> App:
    """An :class:`App` over ``graph``: queries run in children of a query process holding a copy of it (or
    forwarding to ``endpoint``), under the limits given (see :class:`QueryPool`)."""
    from kg.query.zygote import StoreSpec

    spec = StoreSpec(endpoint=endpoint, graph=graph_iri) if endpoint else \
        StoreSpec(ntriples=graph.serialize(format="nt", encoding="utf-8"))
    pool = QueryPool(spec, size=workers, timeout=timeout, limit=limit, memory_mib=memory_mib, cheap=cheap,
                     budget=budget)
    return App(Site(graph, base, endpoint="sparql"), pool, config, export_dir)


def configure_logging() -> None:
    """``kg serve``'s log: one line per event on stderr, prefixed ``kg serve:``; uvicorn's warnings only."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("kg serve: %(message)s"))
    for name, level in (("kg.serve", logging.INFO), ("uvicorn", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False

