"""``kg serve``'s query process seen from the server: started and restarted, asked for children, and each child's
answer awaited under its limits.

:class:`QueryProcess` starts ``python -m kg.query.zygote`` from a supervisor thread of its own (``PR_SET_PDEATHSIG``
is per thread, so the query process lives exactly as long as that thread, and so as the server), restarts it when it
dies, and relays each forked child's pid and answer socket to the request waiting for it. :func:`await_answer` waits
for one child's answer, killing it at its deadline or once it has used its CPU budget.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.query.limited import QueryTimeout
from kg.query.messages import JOB_PID, Limits, StoreSpec, recv_msg, send_msg

__all__ = ["MemoryLimit", "OverBudget", "QueryProcess", "await_answer"]

_START_SECONDS = 120.0


class MemoryLimit(QueryTimeout):
    """A query stopped at its worker's memory limit (answered 503, like a timeout)."""


class OverBudget(Exception):
    """A cheap-lane child used its CPU budget: the query moves to the long lane."""


@dataclass
class _Waiter:
    event: threading.Event
    pid: int = 0
    sock: socket.socket | None = None
    error: str = ""


class QueryProcess:
    """The query process holding the store, which forks a limited child per job."""

    def __init__(self, spec: StoreSpec) -> None:
        self.spec = spec
        self.closing = False
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._pending: dict[int, _Waiter] = {}
        self._jobs: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._ready = threading.Event()
        self._start_error = ""
        self._supervisor = threading.Thread(target=self._supervise, name="kg-query-supervisor", daemon=True)
        self._supervisor.start()
        if not self._ready.wait(_START_SECONDS) or self._start_error:
            self.close()
            raise StoreError(self._start_error or "the query process did not start in time")

    def fork(self, job: tuple[Any, ...], limits: Limits) -> tuple[int, socket.socket]:
        """A child forked for ``job`` under ``limits``: its pid and the socket its answer comes on."""
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

    def close(self) -> None:
        """Stop the query process and with it every child."""
        self.closing = True
        jobs, process = self._jobs, self._process
        if jobs is not None:
            with contextlib.suppress(OSError):
                jobs.shutdown(socket.SHUT_RDWR)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(5)


    def _supervise(self) -> None:
        failures = 0
        while not self.closing and failures < 5:
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
                self.closing = True
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


def await_answer(pid: int, sock: socket.socket, limits: Limits, budget: float | None) -> tuple[Any, ...]:
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
                    raise OverBudget from None
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


