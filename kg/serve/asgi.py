"""``kg serve``'s ASGI application (Starlette's helpers): checks, CORS, streaming, then the App.

This module adds what is ours on top of the HTTP parser: the Host check (exactly one ``Host`` header naming this
server), limits on the target, the headers and the body, the refusal of cross-origin writes, CORS for the read-only
query routes, the security headers, and streaming of ``/export/<file>``. Each request's :meth:`App.handle` runs in a
thread (it waits for a query process); a client that goes away is logged in one line.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Iterator
from typing import BinaryIO

import anyio
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response as StarletteResponse
from starlette.responses import StreamingResponse
from starlette.types import Message, Receive, Scope, Send

from kg.errors import KGError
from kg.publish.html import safe_href
from kg.serve.app import App, PathError, Response, error_response, text_response

__all__ = ["CORS_PREFIXES", "CSP", "Glue"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
#: the read-only query routes any origin may call (CORS); nothing else is shared across origins
CORS_PREFIXES = ("/sparql", "/queries/")
_METHODS = ("GET", "HEAD", "POST")
_CHUNK = 1 << 16
log = logging.getLogger("kg.serve")


class Glue:
    """The ASGI application: checks and headers around :class:`App`."""

    def __init__(self, app: App, threads: int = 64) -> None:
        self.app, self.config = app, app.config
        # queries wait for a worker (up to --timeout) in their threads: pages and files have threads of their own,
        # so a flood of queries never holds up a page or a style sheet
        self.limiters = {True: anyio.CapacityLimiter(threads), False: anyio.CapacityLimiter(threads)}
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
        elif self.config.cors and _shared(scope["path"]):
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
        preflight = scope["method"] == "OPTIONS" and self.config.cors and _shared(scope["path"])
        if scope["method"] not in _METHODS and not preflight:
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
            refusal = self._post_refusal(headers, self.config.cors and _shared(scope["path"]))
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
                                                      limiter=self.limiters[_shared(scope["path"])])
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
        handle: BinaryIO | None = None
        if response.file is not None:
            try:  # opened once: kg export may swap its folder meanwhile, and the length must be this file's
                handle = response.file.open("rb")
            except OSError:
                response = text_response(404, "not found: the exports changed since the server started")
        headers = {"Content-Type": response.content_type, "Content-Security-Policy": CSP,
                   "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Vary": "Accept",
                   "Server": "govkg"}
        for key, value in {**self.config.extra_headers, **response.headers}.items():
            if key != "Location" or safe_href(value) is not None:
                headers[key] = value
        if handle is not None:
            size = os.fstat(handle.fileno()).st_size
            headers["Content-Length"] = str(size)
            answer: StarletteResponse = StreamingResponse(_chunks(handle, size), response.status, headers)
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


def _chunks(handle: BinaryIO, size: int) -> Iterator[bytes]:
    """``size`` bytes of the open file ``handle`` (closed at the end, or when the client goes away)."""
    with handle:
        while size > 0 and (chunk := handle.read(min(_CHUNK, size))):
            size -= len(chunk)
            yield chunk


def _shared(path: str) -> bool:
    return path == CORS_PREFIXES[0] or path.startswith(CORS_PREFIXES[1:])
