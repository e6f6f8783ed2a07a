"""A pool of query worker processes for the server: each holds its own store; one that overruns is killed.

Embedded Oxigraph (pyoxigraph 0.5) has no query timeout and a Python thread cannot be stopped, so each query
goes to a spawned worker process that holds its own copy of the store; a worker that overruns is killed and a
fresh one started. Spawning and loading the seed graph takes about 0.2–0.3 s, a kill a few milliseconds.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from kg.errors import KGError, QueryError, StoreError
from kg.query.limited import QueryTimeout
from kg.query.store import QueryResult

__all__ = ["QueryPool", "StoreSpec"]

_START_SECONDS = 120.0


@dataclass(frozen=True)
class StoreSpec:
    """What a worker loads: N-Triples bytes into embedded Oxigraph, or a remote endpoint to forward to."""

    ntriples: bytes = b""
    endpoint: str | None = None
    graph: str | None = None


def _open(spec: StoreSpec) -> Any:
    from kg.query.endpoint import EndpointStore
    from kg.query.local import OxigraphStore

    if spec.endpoint:
        return EndpointStore(spec.endpoint, graph=spec.graph)
    store = OxigraphStore()
    if spec.ntriples:
        import pyoxigraph as ox

        store.store.load(spec.ntriples, format=ox.RdfFormat.N_TRIPLES)
    return store


def _answer(store: Any, job: tuple[Any, ...]) -> tuple[Any, ...]:
    from kg.query.answer import run_query
    from kg.query.catalogue import find_query

    kind, limit = job[0], job[-1]
    if kind == "sparql":
        result = store.query(job[1], limit=limit)
    else:
        _, slug, params, lang, _ = job
        result = run_query(store, find_query(slug), params, lang=lang, limit=limit)
    graph = result.graph.serialize(format="nt", encoding="utf-8") if result.graph is not None else None
    return ("ok", result.form, result.variables, result.rows, graph, result.boolean, result.truncated)


def _worker_main(conn: Connection, spec: StoreSpec) -> None:
    """A worker's loop: open the store, say ready, then answer jobs until the pipe closes."""
    try:
        store = _open(spec)
    except Exception as exc:  # reported to the parent, which raises it as a StoreError
        conn.send(("error", "StoreError", str(exc)))
        return
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(_answer(store, job))
        except KGError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:
            conn.send(("error", "StoreError", f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, spec: StoreSpec) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, spec), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        if not self.conn.poll(_START_SECONDS):
            self.kill()
            raise StoreError("a query worker did not start in time")
        reply = self.conn.recv()
        if reply[0] != "ready":
            self.kill()
            raise StoreError(f"a query worker could not open the store: {reply[2]}")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """``size`` worker processes; :meth:`run` gives a query to an idle one and waits at most ``timeout`` s."""

    def __init__(self, spec: StoreSpec, *, size: int = 2, timeout: float = 10.0, limit: int = 10_000) -> None:
        self.spec, self.timeout, self.limit = spec, timeout, limit
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        workers = [self._spawn() for _ in range(max(size, 1))]
        for worker in workers:
            worker.wait_ready()
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.spec)
        with self._lock:
            self._all.add(worker)
        return worker

    def run_sparql(self, text: str) -> QueryResult:
        """Run SPARQL ``text`` (already checked by the caller) under the time limit and the row cap."""
        return self._run(("sparql", text, self.limit))

    def run_named(self, slug: str, params: Mapping[str, str], lang: str) -> QueryResult:
        """Run catalogue query ``slug`` with ``params`` (labels, IRIs or CURIEs) bound."""
        return self._run(("named", slug, dict(params), lang, self.limit))

    def _run(self, job: tuple[Any, ...]) -> QueryResult:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"every query worker is busy; try again (limit {self.timeout:g} s)") from None
        replacement: _Worker | None = worker
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self._discard(worker)
                replacement = None
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped")
            reply = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._discard(worker)
            replacement = None
            raise StoreError("the query worker died; it has been restarted") from exc
        finally:
            if replacement is None:
                # start the successor in the background: the caller gets its answer (the timeout) at once
                threading.Thread(target=self._replace, daemon=True).start()
            else:
                self._idle.put(replacement)
        return _result(reply)

    def _replace(self) -> None:
        worker = self._spawn()
        try:
            worker.wait_ready()
        except KGError:
            self._discard(worker)
            worker = self._spawn()  # one more try; a pool that cannot start workers reports it on the next query
            worker.wait_ready()
        self._idle.put(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()


def _result(reply: tuple[Any, ...]) -> QueryResult:
    if reply[0] == "error":
        _, kind, message = reply
        raise {"StoreError": StoreError, "QueryTimeout": QueryTimeout}.get(kind, QueryError)(message)
    _, form, variables, rows, nt, boolean, truncated = reply
    graph = None
    if nt is not None:
        from rdflib import Graph

        graph = Graph().parse(data=nt.decode("utf-8"), format="nt")
    return QueryResult(form, variables, rows, graph, boolean, truncated)
