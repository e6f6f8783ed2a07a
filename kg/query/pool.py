"""Queries for the server, each parsed and run in a child process with a time and a memory limit.

One query process (:mod:`kg.query.zygote`, driven by :mod:`kg.query.process`) holds the store and forks the
children; this module chooses each query's lane. Admission is by measured cost, not by the query's shape: every
query not yet known to be long starts in the *cheap* lane (``cheap`` children at normal priority); when a child
there has used ``budget`` seconds of CPU on it, the child is killed, the query text is remembered as long, and the
query starts again in the *long* lane (``size`` slots, niceness 19, up to ``timeout`` seconds). A query remembered
as long goes straight to the long lane. So however many hostile queries arrive, each costs a cheap slot at most
``budget`` CPU seconds, once; the catalogue's queries keep their lane and the CPU.

No fork is on a cheap query's path: the cheap lane's children are forked ahead of time (when the pool starts, and
a successor as soon as one is gone) and each answers queries in turn, its CPU budget counted per query, its memory
limit for its life, until a limit stops it (it is killed and replaced) or it has answered 1,000. The long lane forks
a fresh child for each query and keeps none.

A child that passes ``timeout`` is killed (503); one that passes its memory limit dies of it (503). The query
process dies with the server (``PR_SET_PDEATHSIG``) and each child with the query process, so ``kill -9`` of the
server leaves nothing running; no ``multiprocessing`` helper (resource tracker) is started.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from kg.errors import InputError, KGError, QueryError, StoreError
from kg.query.limited import QueryTimeout
from kg.query.messages import Limits, StoreSpec
from kg.query.process import QueryProcess
from kg.query.store import QueryResult
from kg.query.worker import Child, MemoryLimit, OverBudget

__all__ = ["MemoryLimit", "QueryPool", "StoreSpec"]

_HISTORY = 10_000  # query texts remembered as cheap or long
_LONG_NICE = 19
_JOBS_PER_CHILD = 1000  # a cheap-lane child is replaced after this many queries
_ERRORS: dict[str, type[KGError]] = {"StoreError": StoreError, "QueryTimeout": QueryTimeout, "InputError": InputError}


class QueryPool:
    """Runs queries in limited child processes: ``size`` long-lane slots, ``cheap`` cheap-lane slots."""

    def __init__(self, spec: StoreSpec, *, size: int = 2, timeout: float = 10.0, limit: int = 10_000,
                 memory_mib: int = 512, cheap: int = 4, budget: float = 0.25) -> None:
        self.spec, self.timeout, self.limit, self.memory_mib, self.budget = spec, timeout, limit, memory_mib, budget
        self._long = threading.BoundedSemaphore(max(size, 1))
        self._cheap = threading.BoundedSemaphore(max(cheap, 1))
        self._cheap_size = max(cheap, 1)
        self._cheap_limits = Limits(timeout, memory_mib)
        self._long_limits = Limits(timeout, memory_mib, _LONG_NICE)
        self._history: OrderedDict[bytes, bool] = OrderedDict()  # key -> long?
        self._lock = threading.Lock()
        self._ready: list[Child] = []  # cheap-lane children waiting for a query, the last used last
        self._busy = 0  # cheap-lane children running a query
        self._want = threading.Event()  # set when a cheap-lane child is gone: fork its successor
        self._closing = False
        self._process = QueryProcess(spec)
        self._refill()
        threading.Thread(target=self._refiller, name="kg-query-refill", daemon=True).start()

    # ------------------------------------------------------------------ the public calls

    def run_sparql(self, text: str) -> QueryResult:
        """Parse, check and run SPARQL ``text`` in a child, under the limits and the row cap."""
        return self._run(("sparql", text, self.limit))

    def run_named(self, slug: str, params: Mapping[str, str], lang: str) -> QueryResult:
        """Run catalogue query ``slug`` with ``params`` (labels, IRIs or CURIEs) bound."""
        return self._run(("named", slug, dict(params), lang, self.limit))

    @property
    def ready_children(self) -> list[int]:
        """The pids of the cheap-lane children waiting for a query (forked ahead of time or done with one)."""
        with self._lock:
            return [child.pid for child in self._ready]

    def close(self) -> None:
        """Stop the query process and with it every child."""
        self._closing = True
        self._want.set()
        self._process.close()
        with self._lock:
            ready, self._ready = self._ready, []
        for child in ready:
            child.close()

    # ------------------------------------------------------------------ admission

    def _run(self, job: tuple[Any, ...]) -> QueryResult:
        key = hashlib.sha256(pickle.dumps(job)).digest()
        with self._lock:
            known_long = self._history.get(key, False)
        if not known_long:
            try:
                reply = self._attempt(job, self._cheap, self._cheap_lane)
            except OverBudget:
                self._remember(key, True)
            else:
                self._remember(key, False)
                return _result(reply)
        return _result(self._attempt(job, self._long, self._long_lane))

    def _remember(self, key: bytes, long: bool) -> None:
        with self._lock:
            self._history[key] = long
            self._history.move_to_end(key)
            while len(self._history) > _HISTORY:
                self._history.popitem(last=False)

    def _attempt(self, job: tuple[Any, ...], slots: threading.BoundedSemaphore,
                 lane: Callable[[tuple[Any, ...]], tuple[Any, ...]]) -> tuple[Any, ...]:
        if not slots.acquire(timeout=self.timeout):
            raise QueryTimeout(f"every query worker is busy; try again (limit {self.timeout:g} s)")
        try:
            return lane(job)
        except MemoryLimit:
            if self._closing or self._process.closing:
                raise StoreError("the server is stopping; the query was stopped") from None
            raise
        finally:
            slots.release()

    def _long_lane(self, job: tuple[Any, ...]) -> tuple[Any, ...]:
        """A fresh child for one query, at niceness 19, with no CPU budget but the time limit."""
        child = self._process.fork(self._long_limits)
        try:
            return child.ask(job, self._long_limits, None)
        finally:
            child.kill()

    # ------------------------------------------------------------------ the cheap lane's children

    def _cheap_lane(self, job: tuple[Any, ...]) -> tuple[Any, ...]:
        """A ready child answers, and stays ready for the next query unless a limit stopped it."""
        child = self._take()
        try:
            reply = child.ask(job, self._cheap_limits, self.budget)
        except BaseException:
            self._drop(child)
            raise
        spent = child.jobs >= _JOBS_PER_CHILD or reply[:2] == ("error", "MemoryLimit")
        with self._lock:
            self._busy -= 1
            keep = not spent and not self._closing and len(self._ready) + self._busy < self._cheap_size
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
            return self._process.fork(self._cheap_limits)  # none ready: fork one now
        except BaseException:
            with self._lock:
                self._busy -= 1
            self._want.set()
            raise

    def _drop(self, child: Child) -> None:
        child.kill()
        with self._lock:
            self._busy -= 1
        self._want.set()

    def _refill(self) -> None:
        """Fork cheap-lane children until ``cheap`` of them are ready or busy."""
        while not self._closing:
            with self._lock:
                if len(self._ready) + self._busy >= self._cheap_size:
                    return
            child = self._process.fork(self._cheap_limits)
            with self._lock:
                keep = not self._closing and len(self._ready) + self._busy < self._cheap_size
                if keep:
                    self._ready.insert(0, child)
            if not keep:
                child.close()

    def _refiller(self) -> None:
        while not self._closing:
            self._want.wait()
            self._want.clear()
            try:
                self._refill()
            except StoreError:  # the query process is being restarted: try again in a second
                time.sleep(1.0)
                self._want.set()


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
