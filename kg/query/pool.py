"""Queries for the server, each parsed and run in a child process with a time and a memory limit.

One query process (:mod:`kg.query.zygote`) holds the store and forks a child per query; this module sends it jobs
and waits for each child's answer. Admission is by measured cost, not by the query's shape: every query not yet
known to be long starts in the *cheap* lane (``cheap`` children at normal priority); when a child there has used
``budget`` seconds of CPU it is killed, its query text is remembered as long, and the query starts again in the
*long* lane (``size`` children, niceness 19, up to ``timeout`` seconds). A query remembered as long goes straight
to the long lane. So however many hostile queries arrive, each costs a cheap slot at most ``budget`` CPU seconds,
once; the catalogue's queries keep their lane and the CPU.

A child that passes ``timeout`` is killed (503); one that passes its memory limit dies of it (503). The query
process dies with the server (``PR_SET_PDEATHSIG``) and each child with the query process, so ``kill -9`` of the
server leaves nothing running; no ``multiprocessing`` helper (resource tracker) is started.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError, KGError, QueryError, StoreError
from kg.query.limited import QueryTimeout
from kg.query.store import QueryResult
from kg.query.zygote import JOB_PID, Limits, StoreSpec, recv_msg, send_msg

__all__ = ["MemoryLimit", "QueryPool", "StoreSpec"]

_START_SECONDS = 120.0
_HISTORY = 10_000  # query texts remembered as cheap or long
_LONG_NICE = 19
_ERRORS: dict[str, type[KGError]] = {"StoreError": StoreError, "QueryTimeout": QueryTimeout, "InputError": InputError}


class MemoryLimit(QueryTimeout):
    """A query stopped at its worker's memory limit (answered 503, like a timeout)."""


class _OverBudget(Exception):
    """A cheap-lane child used its CPU budget: the query moves to the long lane."""


@dataclass
class _Waiter:
    event: threading.Event
    pid: int = 0
    sock: socket.socket | None = None
    error: str = ""


class QueryPool:
    """Runs queries in limited child processes: ``size`` long-lane slots, ``cheap`` cheap-lane slots."""

    def __init__(self, spec: StoreSpec, *, size: int = 2, timeout: float = 10.0, limit: int = 10_000,
                 memory_mib: int = 512, cheap: int = 4, budget: float = 0.25) -> None:
        self.spec, self.timeout, self.limit, self.memory_mib, self.budget = spec, timeout, limit, memory_mib, budget
        self._long = threading.BoundedSemaphore(max(size, 1))
        self._cheap = threading.BoundedSemaphore(max(cheap, 1))
        self._history: OrderedDict[bytes, bool] = OrderedDict()  # key -> long?
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._pending: dict[int, _Waiter] = {}
        self._jobs: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._closing = False
        self._ready = threading.Event()
        self._start_error = ""
        # The query process is started by this thread and lives as long as it (PR_SET_PDEATHSIG is per thread).
        self._supervisor = threading.Thread(target=self._supervise, name="kg-query-supervisor", daemon=True)
        self._supervisor.start()
        if not self._ready.wait(_START_SECONDS) or self._start_error:
            self.close()
            raise StoreError(self._start_error or "the query process did not start in time")

    # ------------------------------------------------------------------ the public calls

    def run_sparql(self, text: str) -> QueryResult:
        """Parse, check and run SPARQL ``text`` in a child, under the limits and the row cap."""
        return self._run(("sparql", text, self.limit))

    def run_named(self, slug: str, params: Mapping[str, str], lang: str) -> QueryResult:
        """Run catalogue query ``slug`` with ``params`` (labels, IRIs or CURIEs) bound."""
        return self._run(("named", slug, dict(params), lang, self.limit))

    def close(self) -> None:
        """Stop the query process and with it every child."""
        self._closing = True
        jobs, process = self._jobs, self._process
        if jobs is not None:
            with contextlib.suppress(OSError):
                jobs.shutdown(socket.SHUT_RDWR)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(5)

    # ------------------------------------------------------------------ admission

    def _run(self, job: tuple[Any, ...]) -> QueryResult:
        key = hashlib.sha256(pickle.dumps(job)).digest()
        with self._lock:
            known_long = self._history.get(key, False)
        if not known_long:
            try:
                reply = self._attempt(job, self._cheap, Limits(self.timeout, self.memory_mib), self.budget)
            except _OverBudget:
                self._remember(key, True)
            else:
                self._remember(key, False)
                return _result(reply)
        return _result(self._attempt(job, self._long, Limits(self.timeout, self.memory_mib, _LONG_NICE), None))

    def _remember(self, key: bytes, long: bool) -> None:
        with self._lock:
            self._history[key] = long
            self._history.move_to_end(key)
            while len(self._history) > _HISTORY:
                self._history.popitem(last=False)

    def _attempt(self, job: tuple[Any, ...], slots: threading.BoundedSemaphore, limits: Limits,
                 budget: float | None) -> tuple[Any, ...]:
        if not slots.acquire(timeout=self.timeout):
            raise QueryTimeout(f"every query worker is busy; try again (limit {self.timeout:g} s)")
        try:
            pid, sock = self._fork(job, limits)
            with sock:
                return _await(pid, sock, limits, budget)
        except MemoryLimit:
            if self._closing:
                raise StoreError("the server is stopping; the query was stopped") from None
            raise
        finally:
            slots.release()

    def _fork(self, job: tuple[Any, ...], limits: Limits) -> tuple[int, socket.socket]:
        waiter = _Waiter(threading.Event())
        with self._lock:
            job_id, jobs = next(self._ids), self._jobs
            self._pending[job_id] = waiter
        try:
            if jobs is None:
                raise StoreError("the query process is not running; it is being restarted")
            try:
                with self._send_lock:
                    send_msg(jobs, (job_id, job, limits))
            except OSError as exc:
                raise StoreError("the query process is not running; it is being restarted") from exc
            if not waiter.event.wait(_START_SECONDS) or waiter.sock is None:
                raise StoreError(waiter.error or "the query process did not start the query in time")
            return waiter.pid, waiter.sock
        finally:
            with self._lock:
                self._pending.pop(job_id, None)

    # ------------------------------------------------------------------ the query process

    def _supervise(self) -> None:
        failures = 0
        while not self._closing and failures < 5:
            started = time.monotonic()
            self._serve_one()
            failures = failures + 1 if time.monotonic() - started < 10 else 0
            with self._lock:
                pending, self._pending = list(self._pending.values()), {}
            for waiter in pending:
                waiter.error = "the query process died; it is being restarted"
                waiter.event.set()
        if not self._ready.is_set():
            self._start_error = self._start_error or "the query process could not be started"
            self._ready.set()

    def _serve_one(self) -> None:
        jobs, theirs_jobs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        replies, theirs_replies = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        root = str(Path(__file__).resolve().parent.parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
        fds = [theirs_jobs.fileno(), theirs_replies.fileno()]
        command = [sys.executable, "-m", "kg.query.zygote", *map(str, fds), str(os.getpid())]
        # its own session: Ctrl-C in the terminal goes to the server alone, which stops the query process itself
        process = subprocess.Popen(command, pass_fds=fds, stdin=subprocess.DEVNULL, env=env,  # noqa: S603 (ours)
                                   start_new_session=True)
        theirs_jobs.close()
        theirs_replies.close()
        self._process = process
        try:
            send_msg(jobs, self.spec)
            first = replies.recv(65536)
            if not first.startswith(b"R"):
                self._start_error = first[1:].decode("utf-8", "replace") or "the query process exited at start"
                self._closing = True
                return
            with self._lock:
                self._jobs = jobs
            self._ready.set()
            self._relay(replies)
        except OSError:
            pass
        finally:
            with self._lock:
                self._jobs = None
            jobs.close()
            replies.close()
            if process.poll() is None:
                process.kill()
            process.wait(5)

    def _relay(self, replies: socket.socket) -> None:
        """Hand each forked child's pid and answer socket to the request waiting for it."""
        while True:
            data, fds, _, _ = socket.recv_fds(replies, 64, 1)
            if not data:
                return
            job_id, pid = JOB_PID.unpack(data[1:])
            with self._lock:
                waiter = self._pending.get(job_id)
            if waiter is None or not fds:
                for fd in fds:
                    os.close(fd)
                continue
            waiter.pid, waiter.sock = pid, socket.socket(fileno=fds[0])
            waiter.event.set()


def _await(pid: int, sock: socket.socket, limits: Limits, budget: float | None) -> tuple[Any, ...]:
    """The child's answer; it is killed at its deadline, or (cheap lane) once it has used ``budget`` CPU seconds."""
    start = time.monotonic()
    deadline = start + limits.seconds
    check = start + budget if budget is not None else deadline
    while True:
        sock.settimeout(max(min(check, deadline) - time.monotonic(), 0.001))
        try:
            peek = sock.recv(1, socket.MSG_PEEK)
        except TimeoutError:
            now = time.monotonic()
            if now >= deadline:
                _kill(pid, sock)
                raise QueryTimeout(f"the query ran longer than {limits.seconds:g} s and was stopped") from None
            if budget is not None and now >= check:
                used = _cpu_seconds(pid)
                if used >= budget:
                    _kill(pid, sock)
                    raise _OverBudget from None
                check = now + max(budget - used, 0.02)
            continue
        if not peek:
            raise MemoryLimit(f"the query's worker died (memory limit {limits.memory_mib} MiB per worker) "
                              "and was replaced")
        sock.settimeout(max(deadline - time.monotonic(), 1.0))
        try:
            reply: tuple[Any, ...] = recv_msg(sock)
        except (EOFError, OSError) as exc:
            raise StoreError("the query's worker died while answering") from exc
        return reply


def _kill(pid: int, sock: socket.socket) -> None:
    """SIGKILL the child, unless it has already gone (its end of ``sock`` is closed: the pid may be reused)."""
    sock.settimeout(0)
    try:
        gone = sock.recv(1, socket.MSG_PEEK) == b""
    except (BlockingIOError, TimeoutError):
        gone = False
    except OSError:
        gone = True
    if not gone:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds ``pid`` has used (from /proc; 0 where it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _result(reply: tuple[Any, ...]) -> QueryResult:
    if reply[0] == "error":
        _, kind, message = reply
        if kind == "MemoryLimit":
            raise MemoryLimit(message)
        raise _ERRORS.get(kind, QueryError)(message)
    _, form, variables, rows, nt, boolean, truncated = reply
    graph = None
    if nt is not None:
        from rdflib import Graph

        graph = Graph().parse(data=nt.decode("utf-8"), format="nt")
    return QueryResult(form, variables, rows, graph, boolean, truncated)
