"""Debian's Virtuoso (``virtuoso-opensource``) started on 127.0.0.1 in a folder of its own, for tests and benchmarks.

The server gets its own ``virtuoso.ini`` (database, log and lock files in the folder, free ports, ``DirsAllowed``
the folder, so its bulk loader reads files put there), runs in the foreground as a child process, and its
``/sparql`` endpoint is opened to updates (``GRANT SPARQL_UPDATE TO "SPARQL"``, over ``isql-vt`` as ``dba`` with
the password a new database has) so that ``kg push`` can load it as it loads any SPARQL 1.1 store.
"""

from __future__ import annotations

import os
import resource
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ISQL", "VIRTUOSO", "Virtuoso", "isql", "start_virtuoso"]

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
_INI = """\
[Database]
DatabaseFile = {home}/virtuoso.db
ErrorLogFile = {home}/virtuoso.log
LockFile = {home}/virtuoso.lck
TransactionFile = {home}/virtuoso.trx
xa_persistent_file = {home}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {home}/virtuoso-temp.db
TransactionFile = {home}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {home}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = {query_mem}M
CheckpointInterval = 60
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {home}
ServerThreads = 8
MaxClientConnections = 8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {seconds}
"""


@dataclass
class Virtuoso:
    """A running server: its folder, SPARQL endpoint URL, SQL port and process."""

    home: Path
    url: str
    sql_port: int
    process: subprocess.Popen[bytes]

    def stop(self, seconds: float = 30) -> None:
        """Shut it down (SIGTERM makes Virtuoso checkpoint and exit), SIGKILL if it has not in ``seconds``."""
        self.process.terminate()
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    """A TCP port on 127.0.0.1 free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_virtuoso(home: Path, *, buffers: int = 20_000, query_seconds: int = 60, seconds: float = 60,
                   memory: int = 2 * 1024**3, query_memory: int = 512 * 1024**2) -> Virtuoso:
    """Start ``virtuoso-t`` with a new database in ``home``; return once ``/sparql`` answers and takes updates.

    ``buffers`` are 8 KiB pages of cache (Virtuoso's guide: about two thirds of the memory given to it). A query
    may run ``query_seconds`` (Debian's 60); Debian's limit on the cost *estimated* before a run (400 s) is left
    out: on a new database the estimate is off by orders of magnitude (campaign-overview on the 2,060-triple
    seed: 396,834,464 s, for a query that runs in milliseconds), and it refuses 9 of the catalogue's queries.
    The process may map at most ``memory`` bytes (``RLIMIT_AS``, so that a runaway query fails inside Virtuoso
    instead of the kernel's OOM killer ending other work on the machine; the buffers must fit in it), and one
    query's working memory is capped at ``query_memory`` (its ``MaxQueryMem``; Debian's is 2 GiB). glibc keeps
    two malloc arenas (``MALLOC_ARENA_MAX``) instead of up to 64 MiB reserved per thread, which counted against the
    cap and took a server of 1.8 GiB resident to its 4 GiB of address space at scale M.
    """
    if buffers * 8192 + query_memory >= memory:
        raise ValueError(f"{buffers} buffers of 8 KiB and {query_memory} bytes for queries do not fit in {memory}")
    binary = shutil.which(VIRTUOSO)
    if binary is None:
        raise FileNotFoundError(f"{VIRTUOSO} is not installed (apt-get install virtuoso-opensource)")
    home = home.resolve()
    home.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = home / "virtuoso.ini"
    ini.write_text(_INI.format(home=home, sql_port=sql_port, http_port=http_port, buffers=buffers,
                               dirty=buffers * 3 // 4, seconds=query_seconds,
                               query_mem=query_memory // 1024**2), encoding="utf-8")
    with (home / "stdout.log").open("wb") as log:
        process = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"], cwd=home,
                                   stdout=log, stderr=subprocess.STDOUT, preexec_fn=lambda: _cap(memory),
                                   env={**os.environ, "MALLOC_ARENA_MAX": "2"})
    server = Virtuoso(home, f"http://127.0.0.1:{http_port}/sparql", sql_port, process)
    try:
        _wait(server, seconds)
        try:
            isql(server, 'GRANT SPARQL_UPDATE TO "SPARQL";')
        except RuntimeError as exc:  # a database made before, started again
            if "already have role" not in str(exc):
                raise
    except BaseException:
        server.stop()
        raise
    return server


def _cap(memory: int) -> None:
    """In the child before ``exec``: limit its address space to ``memory`` bytes."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def isql(server: Virtuoso, sql: str, timeout: float = 3600) -> str:
    """Run ``sql`` as ``dba`` over ``isql-vt``; its output, or ``RuntimeError`` with it when it reports an error."""
    done = subprocess.run([ISQL, f"127.0.0.1:{server.sql_port}", "dba", "dba", f"exec={sql}"],
                          capture_output=True, text=True, timeout=timeout, check=False)
    output = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql {sql!r} failed: {output.strip()}")
    return output


def _wait(server: Virtuoso, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = (server.home / "virtuoso.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"virtuoso-t exited early with code {server.process.returncode}: {log}")
        try:
            with urllib.request.urlopen(server.url + "?query=ASK%7B%7D", timeout=2) as response:
                response.read()
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.25)
    raise RuntimeError(f"virtuoso did not answer on {server.url} within {seconds} s")
