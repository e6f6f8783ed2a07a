"""``kg serve``'s HTTP server: uvicorn with httptools' parser (llhttp) under the ASGI application of
:mod:`kg.serve.asgi`.

uvicorn parses HTTP (a malformed or duplicate ``Content-Length``, a bad request line: 400 from the parser, one log
line), listens with a real backlog and shuts down gracefully on Ctrl-C, stopping the running queries first.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import uvicorn
from rdflib import Graph
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.errors import StoreError
from kg.publish.site import Site
from kg.query.pool import QueryPool
from kg.serve.app import App, ServerConfig
from kg.serve.asgi import Glue

__all__ = ["Server", "configure_logging", "make_server", "open_app"]

_HIGH = re.compile(rb"[\x80-\xff]")


class _Protocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a cap on a request's head (httptools buffers it without one), and raw
    UTF-8 in a request target percent-encoded before parsing, as a browser sends it (llhttp refuses raw bytes)."""

    head_limit = 64 << 10
    _head = 0  # bytes of the current request's head so far; -1 once its headers are complete
    _fresh = True  # the next bytes start a request
    _tail = b""  # the last bytes of the head so far (its end may straddle two packets)

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
        if self._head >= 0:  # only the head counts: a body that comes in the same packet is not part of it
            end = (self._tail + data).find(b"\r\n\r\n")
            self._head += len(data) if end < 0 else max(end + 4 - len(self._tail), 0)
            self._tail = data[-3:]
            if self._head > self.head_limit:
                self.send_400_response("Invalid HTTP request received.")
                return
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._head, self._tail = -1, b""
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._fresh, self._head, self._tail = True, 0, b""


class _Uvicorn(uvicorn.Server):
    """uvicorn's server that stops the running queries first when it shuts down, so requests in flight are answered
    (502 "the server is stopping") within the grace period rather than cancelled."""

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
    from kg.query.messages import StoreSpec

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

