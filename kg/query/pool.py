"""Queries for the server, each parsed and run in a child process with a time and a memory limit.

One query process (:mod:`kg.query.zygote`, driven by :mod:`kg.query.process`) holds the store and forks a child per
query; this module chooses each query's lane. Admission is by measured cost, not by the query's shape: every query
not yet known to be long starts in the *cheap* lane (``cheap`` children at normal priority); when a child there has
used ``budget`` seconds of CPU it is killed, its query text is remembered as long, and the query starts again in the
*long* lane (``size`` children, niceness 19, up to ``timeout`` seconds). A query remembered as long goes straight
to the long lane. So however many hostile queries arrive, each costs a cheap slot at most ``budget`` CPU seconds,
once; the catalogue's queries keep their lane and the CPU.

A child that passes ``timeout`` is killed (503); one that passes its memory limit dies of it (503). The query
process dies with the server (``PR_SET_PDEATHSIG``) and each child with the query process, so ``kill -9`` of the
server leaves nothing running; no ``multiprocessing`` helper (resource tracker) is started.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from kg.errors import InputError, KGError, QueryError, StoreError
from kg.query.limited import QueryTimeout
from kg.query.messages import Limits, StoreSpec
from kg.query.process import MemoryLimit, OverBudget, QueryProcess, await_answer
from kg.query.store import QueryResult

__all__ = ["MemoryLimit", "QueryPool", "StoreSpec"]

_HISTORY = 10_000  # query texts remembered as cheap or long
_LONG_NICE = 19
_ERRORS: dict[str, type[KGError]] = {"StoreError": StoreError, "QueryTimeout": QueryTimeout, "InputError": InputError}


class QueryPool:
    """Runs queries in limited child processes: ``size`` long-lane slots, ``cheap`` cheap-lane slots."""

    def __init__(self, spec: StoreSpec, *, size: int = 2, timeout: float = 10.0, limit: int = 10_000,
                 memory_mib: int = 512, cheap: int = 4, budget: float = 0.25) -> None:
        self.spec, self.timeout, self.limit, self.memory_mib, self.budget = spec, timeout, limit, memory_mib, budget
        self._long = threading.BoundedSemaphore(max(size, 1))
        self._cheap = threading.BoundedSemaphore(max(cheap, 1))
        self._history: OrderedDict[bytes, bool] = OrderedDict()  # key -> long?
        self._lock = threading.Lock()
        self._process = QueryProcess(spec)

    # ------------------------------------------------------------------ the public calls

    def run_sparql(self, text: str) -> QueryResult:
        """Parse, check and run SPARQL ``text`` in a child, under the limits and the row cap."""
        return self._run(("sparql", text, self.limit))

    def run_named(self, slug: str, params: Mapping[str, str], lang: str) -> QueryResult:
        """Run catalogue query ``slug`` with ``params`` (labels, IRIs or CURIEs) bound."""
        return self._run(("named", slug, dict(params), lang, self.limit))

    def close(self) -> None:
        """Stop the query process and with it every child."""
        self._process.close()

    # ------------------------------------------------------------------ admission

    def _run(self, job: tuple[Any, ...]) -> QueryResult:
        key = hashlib.sha256(pickle.dumps(job)).digest()
        with self._lock:
            known_long = self._history.get(key, False)
        if not known_long:
            try:
                reply = self._attempt(job, self._cheap, Limits(self.timeout, self.memory_mib), self.budget)
            except OverBudget:
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
            pid, sock = self._process.fork(job, limits)
            with sock:
                return await_answer(pid, sock, limits, budget)
        except MemoryLimit:
            if self._process.closing:
                raise StoreError("the server is stopping; the query was stopped") from None
            raise
        finally:
            slots.release()


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
