"""``kg serve``'s query process seen from the server: started, restarted, and asked for children.

:class:`QueryProcess` starts ``python -m kg.query.zygote`` from a supervisor thread of its own (``PR_SET_PDEATHSIG``
is per thread, so the query process lives exactly as long as that thread, and so as the server), restarts it when it
dies, and hands each forked child (its pid and socket, a :class:`~kg.query.worker.Child`) to the thread that asked.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import StoreError
from kg.query.messages import JOB_PID, Limits, StoreSpec, send_msg
from kg.query.worker import Child
from kg.workers import child_env

__all__ = ["QueryProcess"]

_START_SECONDS = 120.0


@dataclass
class _Waiter:
    event: threading.Event
    pid: int = 0
    sock: socket.socket | None = None
    error: str = ""


class QueryProcess:
    """The query process holding the store, which forks limited children on request."""

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
        self.on_start: list[Callable[[], None]] = []  # called each time the query process is (re)started
        self._supervisor = threading.Thread(target=self._supervise, name="kg-query-supervisor", daemon=True)
        self._supervisor.start()
        if not self._ready.wait(_START_SECONDS) or self._start_error:
            self.close()
            raise StoreError(self._start_error or "the query process did not start in time")

    def fork(self, limits: Limits) -> Child:
        """A new child under ``limits`` (memory, niceness), forked from the loaded store, waiting for jobs."""
        waiter = _Waiter(threading.Event())
        with self._lock:
            job_id, jobs = next(self._ids), self._jobs
            self._pending[job_id] = waiter
        try:
            if jobs is None:
                raise StoreError("the query process is not running; it is being restarted")
            try:
                with self._send_lock:
                    send_msg(jobs, (job_id, limits))
            except OSError as exc:
                raise StoreError("the query process is not running; it is being restarted") from exc
            if not waiter.event.wait(_START_SECONDS) or waiter.sock is None:
                raise StoreError(waiter.error or "the query process did not fork a worker in time")
            return Child(waiter.pid, waiter.sock)
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
        fds = [theirs_jobs.fileno(), theirs_replies.fileno()]
        command = [sys.executable, "-m", "kg.query.zygote", *map(str, fds), str(os.getpid())]
        # its own session: Ctrl-C in the terminal goes to the server alone, which stops the query process itself
        process = subprocess.Popen(command, pass_fds=fds, stdin=subprocess.DEVNULL, env=child_env(),  # noqa: S603 (ours)
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
            for call in list(self.on_start):
                call()
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
