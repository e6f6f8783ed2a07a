"""``kg serve`` as a subprocess on a free 127.0.0.1 port, for the tests that need its log, signals or processes."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load_procs import alive, descendants, interrupt, serve_port
from tests.repo import ROOT

__all__ = ["Served", "alive", "descendants", "kg_serve"]


@dataclass
class Served:
    """A running ``kg serve``: its process, port and log file."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def request(self, method: str, target: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, target, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def raw(self, data: bytes, timeout: float = 10, whole: bool = False) -> bytes:
        """Send ``data`` as is on a fresh connection; the first bytes of the answer (b"" when none), or with
        ``whole`` all of it up to the server's close (send ``Connection: close``)."""
        out = b""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            sock.sendall(data)
            try:
                while chunk := sock.recv(65536):
                    out += chunk
                    if not whole:
                        break
            except (TimeoutError, ConnectionResetError):
                pass
        return out


@contextmanager
def kg_serve(tmp: Path, *options: str) -> Iterator[Served]:
    """``kg serve`` over the seed graph with ``options``; stopped with SIGINT (then SIGKILL) afterwards."""
    log_path = tmp / "serve.log"
    export = tmp / "export"
    export.mkdir(exist_ok=True)
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--host", "127.0.0.1", "--port", "0", "--export-dir", str(export),
           *options]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log_path.open("wb") as err:
        # a session of its own, as a terminal gives it: Ctrl-C is then os.killpg(pid, SIGINT), to every process in it
        process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, env=env,
                                   start_new_session=True)
    try:
        yield Served(process, serve_port(process, log_path, 180.0), log_path)
    finally:
        interrupt(process, 20)
