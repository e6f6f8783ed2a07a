"""One query child of ``kg serve`` seen from the server: a job sent, its answer awaited under the limits, a kill.

A child (forked by :mod:`kg.query.zygote`, running :mod:`kg.query.child`) answers jobs in turn on its socket until
the socket is closed. :meth:`Child.ask` sends one and waits for the answer; the child is SIGKILLed at the job's
deadline or, in the new and measured lanes, once the job has used ``budget`` CPU seconds (measured from /proc
against what the child had used when the job was sent, so a child's earlier jobs never count against the next).
After any failure the child is dead or killed, and the caller drops it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.query.limited import QueryTimeout
from kg.query.messages import Limits, recv_msg, send_msg

__all__ = ["Child", "MemoryLimit", "OverBudget", "cpu_seconds"]


class MemoryLimit(QueryTimeout):
    """A query stopped at its worker's memory limit (answered 503, like a timeout)."""


class OverBudget(Exception):
    """A cheap-lane child used its CPU budget on a job: the query moves to the long lane."""


class Child:
    """A forked query child: its pid, the socket its jobs and answers go over, and how many jobs it was given."""

    def __init__(self, pid: int, sock: socket.socket) -> None:
        self.pid, self.sock, self.jobs = pid, sock, 0

    def ask(self, job: tuple[Any, ...], limits: Limits, budget: float | None) -> tuple[Any, ...]:
        """Send ``job`` and return the child's answer, under ``limits`` and (new and measured lanes) the CPU ``budget``.

        The child arms its own CPU limit for the job (``budget``, or the time limit and a second, over what it has
        used so far) as a backstop to the kills here.
        """
        start_cpu = cpu_seconds(self.pid)
        self.jobs += 1
        try:
            self.sock.settimeout(limits.seconds)  # a long query text fills the socket's buffer: wait for the child
            send_msg(self.sock, (job, budget if budget is not None else limits.seconds + 1))
        except OSError as exc:
            raise StoreError("the query's worker had gone; try again") from exc
        return self._await(limits, budget, start_cpu)

    def alive(self) -> bool:
        """Whether the child still holds its end of the socket (a dead one has closed it)."""
        try:
            self.sock.settimeout(0)  # a timeout would make recv wait for data first
            return self.sock.recv(1, socket.MSG_PEEK) != b""
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            return False

    def close(self) -> None:
        """Close the socket: an idle child then exits by itself."""
        self.sock.close()

    def kill(self) -> None:
        """SIGKILL the child, unless it has already gone (its end of the socket is closed: the pid may be reused),
        and close the socket."""
        if self.sock.fileno() >= 0 and self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self.close()

    def _await(self, limits: Limits, budget: float | None, start_cpu: float) -> tuple[Any, ...]:
        sock = self.sock
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
                    self.kill()
                    raise QueryTimeout(f"the query ran longer than {limits.seconds:g} s and was stopped") from None
                if budget is not None and now >= check:
                    used = cpu_seconds(self.pid) - start_cpu
                    if used >= budget:
                        self.kill()
                        raise OverBudget from None
                    check = now + max(budget - used, 0.02)
                continue
            if not peek:
                raise MemoryLimit(f"the query's worker died at a limit (memory limit {limits.memory_mib} MiB per "
                                  "worker, or its CPU time) and was replaced")
            sock.settimeout(max(deadline - time.monotonic(), 1.0))
            try:
                reply: tuple[Any, ...] = recv_msg(sock)
            except (EOFError, OSError) as exc:
                raise StoreError("the query's worker died while answering") from exc
            return reply


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds ``pid`` has used (from /proc; 0 where it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
