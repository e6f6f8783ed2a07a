"""Queries run in worker processes that are killed when they overrun the time limit.

Embedded Oxigraph (pyoxigraph 0.5) has no query timeout and a Python thread cannot be stopped, so each query
goes to a spawned worker process that holds its own copy of the store; a worker that overruns is killed and a
fresh one started. Spawning and loading the seed graph takes about 0.2–0.3 s, a kill a few milliseconds.
:func:`run_limited` runs one function the same way for ``kg query`` (one child per command, no pool).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from kg.errors import InputError, KGError, QueryError, StoreError, ValidationError
from kg.query.store import QueryResult

__all__ = ["QueryPool", "QueryTimeout", "StoreSpec", "run_limited", "start_clock"]

T = TypeVar("T")

_START_SECONDS = 120.0


class QueryTimeout(KGError):
    """A query ran past the time limit and its worker was killed."""


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


# -- one function in one killable child (kg query) ---------------------------------------------------------------

_ERRORS: dict[str, type[KGError]] = {c.__name__: c for c in (InputError, QueryError, StoreError, ValidationError)}
_child_conn: Connection | None = None


def start_clock() -> None:
    """In a :func:`run_limited` child: what ran before this call (loading the data) is not timed, what follows is."""
    if _child_conn is not None:
        _child_conn.send(("clock",))


def _die_with_parent(parent: int) -> None:
    """Linux: have the kernel kill this child when the thread that started it ends, even by SIGKILL."""
    if sys.platform != "linux":
        return
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _limited_main(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...], parent: int) -> None:
    global _child_conn
    _die_with_parent(parent)  # the calling thread waits for us, so it ends early only when its process dies
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it kills this child
    if hasattr(signal, "set_wakeup_fd"):
        signal.set_wakeup_fd(-1)  # a fork inherits the parent's interrupt pipe (_interrupt_pipe); not ours to write
    _child_conn = conn
    try:
        conn.send(("ok", func(*args)))
    except QueryTimeout as exc:
        conn.send(("error", "QueryTimeout", str(exc)))
    except KGError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
    except Exception as exc:  # reported to the parent, which raises it as a StoreError
        conn.send(("error", "StoreError", f"{type(exc).__name__}: {exc}"))


def run_limited(func: Callable[..., T], *args: Any, timeout: float, what: str = "the query",
                clock_in_child: bool = False) -> T:
    """``func(*args)`` in a child process that is killed when it runs past ``timeout`` seconds.

    The child is forked on Linux (no second interpreter start, so a small query costs a few milliseconds more)
    and spawned elsewhere; ``func``, ``args`` and the result must be picklable for spawning. With
    ``clock_in_child`` the clock starts only when the child calls :func:`start_clock`. Errors raised in the
    child come back as the same ``KGError`` class; an overrun raises :class:`QueryTimeout`. On Linux the child
    is also killed when the calling process dies (``kg query`` killed by a signal leaves no query running).
    """
    ctx: Any = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    reader, writer = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_limited_main, args=(writer, func, args, os.getpid()), daemon=True)
    with _interrupt_pipe() as interrupts:
        # Ctrl-C is held back while the child starts and the parent closes its end of the pipe, and let through
        # only where the finally below kills the child: an interrupt in the middle of start() left a child nobody
        # killed, and one inside writer.close() left the descriptor to be closed a second time at exit.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") \
            else None
        try:
            process.start()
        except BaseException:
            if mask is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            raise
        reply: tuple[Any, ...] = ()
        try:
            writer.close()
            if mask is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            reply = _await_reply(reader, interrupts, timeout, what, clock_in_child)
        except EOFError:
            process.join(5)
            raise StoreError(f"{what}: the worker process died (exit code {process.exitcode})") from None
        finally:
            process.join(0.5 if reply else 0)  # a child that answered exits by itself; any other one is killed now
            if process.is_alive():
                process.kill()
                process.join(5)
            reader.close()
    if reply[0] == "error":
        _, kind, message = reply
        raise (QueryTimeout if kind == "QueryTimeout" else _ERRORS.get(kind, StoreError))(message)
    result: T = reply[1]
    return result


@contextlib.contextmanager
def _interrupt_pipe() -> Iterator[int | None]:
    """The read end of a pipe that gets a byte for every Ctrl-C while the block runs, or None where it cannot.

    CPython drops an exception raised inside a weakref callback, a ``__del__`` or an at-fork hook ("Exception
    ignored in …"): a KeyboardInterrupt that lands there is gone, and a parent that then waits for a query that
    runs for minutes waits with it. The C signal handler writes to this pipe (``signal.set_wakeup_fd``) whatever
    becomes of the exception, so :func:`_await_reply` sees the interrupt. Only the main thread can do this, and a
    wakeup descriptor someone else set (an event loop's) is left alone.
    """
    if not hasattr(signal, "set_wakeup_fd") or threading.current_thread() is not threading.main_thread():
        yield None
        return
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    os.set_blocking(write_end, False)
    previous = -1
    try:
        previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
        if previous != -1:
            signal.set_wakeup_fd(previous)
        yield read_end if previous == -1 else None
    except ValueError:  # not a descriptor this platform can wake on (Windows wants a socket)
        yield None
    finally:
        if previous == -1:
            signal.set_wakeup_fd(-1)
        os.close(read_end)
        os.close(write_end)


def _interrupted(interrupts: int) -> bool:
    """Whether SIGINT is among the signal numbers waiting in the interrupt pipe (others are dropped)."""
    try:
        return signal.SIGINT in os.read(interrupts, 512)
    except BlockingIOError:
        return False


def _await_reply(conn: Connection, interrupts: int | None, timeout: float, what: str,
                 clock_in_child: bool) -> tuple[Any, ...]:
    deadline = None if clock_in_child else time.monotonic() + timeout
    watched: list[Any] = [conn] if interrupts is None else [conn, interrupts]
    while True:
        wait = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        ready = multiprocessing.connection.wait(watched, wait)
        if not ready:
            raise QueryTimeout(f"{what} ran past the time limit of {timeout:g} s and was stopped")
        if interrupts in ready and _interrupted(interrupts):
            raise KeyboardInterrupt  # Ctrl-C, whose own KeyboardInterrupt Python raised somewhere and dropped
        if conn not in ready:
            continue
        reply: tuple[Any, ...] = conn.recv()
        if reply[0] != "clock":
            return reply
        deadline = time.monotonic() + timeout
