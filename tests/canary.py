"""Test helpers for the hardening tests: a canary HTTP server on 127.0.0.1 that records every request, and deadlines."""

from __future__ import annotations

import contextlib
import http.server
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["Canary", "DeadlineExceeded", "canary_server", "deadline"]

# What the canary answers, so a parser that does fetch gets something that "works" (and the test sees the request).
_BODY = b'{"@context": {"p": "http://canary.example/p"}}'


class Canary:
    """A running canary: ``url`` to put in hostile input, ``requests`` it has seen (must stay empty)."""

    def __init__(self, url: str, requests: list[str]) -> None:
        self.url = url
        self.requests = requests

    def iri(self, name: str) -> str:
        """An address on the canary, e.g. ``http://127.0.0.1:PORT/name``."""
        return f"{self.url}/{name}"


@contextlib.contextmanager
def canary_server() -> Iterator[Canary]:
    """Serve on a free 127.0.0.1 port in a thread; every request is recorded; stopped on exit."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(_BODY)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(_BODY)

        do_GET = do_POST = do_HEAD = _answer

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Canary(f"http://127.0.0.1:{server.server_address[1]}", seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class DeadlineExceeded(AssertionError):
    """The case ran past its deadline (a hang, a fetch that waited, an expansion that exploded)."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail with ``DeadlineExceeded`` if the block runs longer than ``seconds`` (main thread, POSIX only)."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise DeadlineExceeded(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
