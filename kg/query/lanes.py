"""A lane of ``kg serve``'s query pool: so many slots, the children that run its queries, and their limits.

A lane that reuses its children keeps them ready: forked ahead of time (when the lane starts, and a successor as
soon as one is gone), each answers queries in turn, its CPU budget counted per query and its memory limit for its
life, until a limit stops it (it is killed and replaced) or it has answered 1,000. A lane that does not reuse forks
a fresh child for each query and keeps none. No fork is then on the path of a query in a reusing lane.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from kg.errors import StoreError
from kg.query.limited import QueryTimeout
from kg.query.messages import Limits
from kg.query.process import QueryProcess
from kg.query.worker import Child, MemoryLimit

__all__ = ["Lane"]

_JOBS_PER_CHILD = 1000  # a reused child is replaced after this many queries


class Lane:
    """``size`` queries at once, each run by a child under ``limits`` and, given a ``budget``, stopped once it has
    used that many CPU seconds (:class:`~kg.query.worker.OverBudget`)."""

    def __init__(self, process: QueryProcess, limits: Limits, size: int, *, budget: float | None,
                 reuse: bool) -> None:
        self.process, self.limits, self.size, self.budget, self.reuse = process, limits, max(size, 1), budget, reuse
        self._slots = threading.BoundedSemaphore(self.size)
        self._lock = threading.Lock()
        self._ready: list[Child] = []  # children waiting for a query, the last used last
        self._busy = 0  # children running a query
        self._want = threading.Event()  # set when a child is gone: fork its successor
        self.closing = False
        if reuse:
            process.on_start.append(self._want.set)  # after a restart: the old children died with the old process
            self._refill()
            threading.Thread(target=self._refiller, name="kg-query-refill", daemon=True).start()

    @property
    def ready_children(self) -> list[int]:
        """The pids of the children waiting for a query (forked ahead of time or done with one)."""
        self._prune()
        with self._lock:
            return [child.pid for child in self._ready]

    def run(self, job: tuple[Any, ...], wait: float) -> tuple[Any, ...]:
        """The child's answer to ``job``, once a slot is free (at most ``wait`` seconds, then a 503 "busy")."""
        if not self._slots.acquire(timeout=max(wait, 0.0)):
            raise QueryTimeout(f"every query worker is busy; try again (limit {self.limits.seconds:g} s)")
        try:
            return self._reused(job) if self.reuse else self._fresh(job)
        except MemoryLimit:
            if self.closing or self.process.closing:
                raise StoreError("the server is stopping; the query was stopped") from None
            raise
        finally:
            self._slots.release()

    def close(self) -> None:
        """Close the ready children's sockets (each then exits) and fork no more."""
        self.closing = True
        self._want.set()
        with self._lock:
            ready, self._ready = self._ready, []
        for child in ready:
            child.close()

    def _fresh(self, job: tuple[Any, ...]) -> tuple[Any, ...]:
        child = self.process.fork(self.limits)
        try:
            return child.ask(job, self.limits, self.budget)
        finally:
            child.kill()

    def _reused(self, job: tuple[Any, ...]) -> tuple[Any, ...]:
        child = self._take()
        try:
            reply = child.ask(job, self.limits, self.budget)
        except BaseException:
            child.kill()
            self._gone()
            raise
        spent = child.jobs >= _JOBS_PER_CHILD or reply[:2] == ("error", "MemoryLimit")
        with self._lock:
            self._busy -= 1
            keep = not spent and not self.closing and len(self._ready) + self._busy < self.size
            if keep:
                self._ready.append(child)
        if not keep:
            child.close()
            self._want.set()
        return reply

    def _take(self) -> Child:
        with self._lock:
            self._busy += 1
            while self._ready:
                child = self._ready.pop()
                if child.alive():
                    return child
                child.close()  # its query process died (and is being restarted)
        try:
            return self.process.fork(self.limits)  # none ready: fork one now
        except BaseException:
            self._gone()
            raise

    def _gone(self) -> None:
        with self._lock:
            self._busy -= 1
        self._want.set()

    def _prune(self) -> None:
        """Forget the ready children that have died (with a query process that was restarted)."""
        with self._lock:
            dead = [child for child in self._ready if not child.alive()]
            self._ready = [child for child in self._ready if child not in dead]
        for child in dead:
            child.close()

    def _refill(self) -> None:
        """Fork children until ``size`` of them are ready or busy."""
        self._prune()
        while not self.closing:
            with self._lock:
                if len(self._ready) + self._busy >= self.size:
                    return
            child = self.process.fork(self.limits)
            with self._lock:
                keep = not self.closing and len(self._ready) + self._busy < self.size
                if keep:
                    self._ready.insert(0, child)
            if not keep:
                child.close()

    def _refiller(self) -> None:
        while not self.closing:
            self._want.wait()
            self._want.clear()
            try:
                self._refill()
            except StoreError:  # the query process is being restarted: try again in a second
                time.sleep(1.0)
                self._want.set()
