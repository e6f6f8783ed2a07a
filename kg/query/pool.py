"""Queries for the server, each parsed and run in a child process with a time and a memory limit.

One query process (:mod:`kg.query.zygote`, driven by :mod:`kg.query.process`) holds the store and forks the
children; this module chooses each query's lane (:mod:`kg.query.lanes`). Admission is by measured cost, not by the
query's shape. A query never run before goes to the *new* lane (half the ``cheap`` slots, at least one, niceness
10); one that ran within ``budget`` CPU seconds last time goes to the *measured* lane (the other slots, at least one,
normal priority), so the catalogue's queries never wait behind unmeasured ones, nor share the CPU with them on equal
terms. A catalogue query (ours, by name) counts as measured once it has been answered within the budget with any
parameters; a query text from a client only once that very text has. In either lane, a child that has used
``budget`` CPU seconds on a query is killed, the query (text and parameters) is remembered as long, and the query
starts again in the *long* lane (``size`` slots, niceness 19, up to ``timeout`` seconds); a query remembered as long
goes straight there. So however many hostile queries arrive, each costs a new-lane slot at most ``budget`` CPU
seconds, once. The new and measured lanes keep their children ready and reuse them; the long lane forks a fresh
child for each query.

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
from kg.query.lanes import Lane
from kg.query.limited import QueryTimeout
from kg.query.messages import Limits, StoreSpec
from kg.query.process import QueryProcess
from kg.query.store import QueryResult
from kg.query.worker import MemoryLimit, OverBudget

__all__ = ["MemoryLimit", "QueryPool", "StoreSpec"]

_HISTORY = 10_000  # query texts remembered as cheap or long
_NEW_NICE = 10  # queries not yet measured: the CPU goes to those measured cheap first
_LONG_NICE = 19
_ERRORS: dict[str, type[KGError]] = {"StoreError": StoreError, "QueryTimeout": QueryTimeout, "InputError": InputError}


class QueryPool:
    """Runs queries in limited child processes: ``cheap`` slots for queries measured cheap or not yet measured,
    ``size`` for the long ones."""

    def __init__(self, spec: StoreSpec, *, size: int = 2, timeout: float = 10.0, limit: int = 10_000,
                 memory_mib: int = 512, cheap: int = 4, budget: float = 0.25) -> None:
        self.spec, self.timeout, self.limit, self.memory_mib, self.budget = spec, timeout, limit, memory_mib, budget
        self._history: OrderedDict[bytes, bool] = OrderedDict()  # key -> long?
        self._cheap_slugs: set[str] = set()  # catalogue queries answered within the budget (with any parameters)
        self._lock = threading.Lock()
        self._process = QueryProcess(spec)
        new = max(cheap // 2, 1)
        self._measured = Lane(self._process, Limits(timeout, memory_mib), max(cheap - new, 1), budget=budget,
                              reuse=True)
        self._new = Lane(self._process, Limits(timeout, memory_mib, _NEW_NICE), new, budget=budget, reuse=True)
        self._long = Lane(self._process, Limits(timeout, memory_mib, _LONG_NICE), size, budget=None, reuse=False)

    # ------------------------------------------------------------------ the public calls

    def run_sparql(self, text: str) -> QueryResult:
        """Parse, check and run SPARQL ``text`` in a child, under the limits and the row cap."""
        return self._run(("sparql", text, self.limit))

    def run_named(self, slug: str, params: Mapping[str, str], lang: str) -> QueryResult:
        """Run catalogue query ``slug`` with ``params`` (labels, IRIs or CURIEs) bound."""
        return self._run(("named", slug, dict(params), lang, self.limit))

    @property
    def ready_children(self) -> dict[str, list[int]]:
        """The pids of the children waiting for a query in the lanes that keep them: ``measured`` and ``new``."""
        return {"measured": self._measured.ready_children, "new": self._new.ready_children}

    def close(self) -> None:
        """Stop the query process and with it every child."""
        for lane in (self._measured, self._new, self._long):
            lane.close()
        self._process.close()

    # ------------------------------------------------------------------ admission

    def _run(self, job: tuple[Any, ...]) -> QueryResult:
        key = hashlib.sha256(pickle.dumps(job)).digest()
        with self._lock:
            known = self._history.get(key)  # None: never measured; False: cheap when last run; True: long
            if known is None and job[0] == "named" and job[1] in self._cheap_slugs:
                known = False  # a catalogue query (ours) that was cheap with other parameters
        if known is not True:
            try:
                reply = (self._new if known is None else self._measured).run(job, self.timeout)
            except OverBudget:
                self._remember(key, True)
            else:
                self._remember(key, False)
                if job[0] == "named" and reply[0] == "ok":
                    with self._lock:
                        self._cheap_slugs.add(job[1])
                return _result(reply)
        return _result(self._long.run(job, self.timeout))

    def _remember(self, key: bytes, long: bool) -> None:
        with self._lock:
            self._history[key] = long
            self._history.move_to_end(key)
            while len(self._history) > _HISTORY:
                self._history.popitem(last=False)


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
