"""Forked worker processes that ignore Ctrl-C (the parent handles it) and die with the parent, even when killed; the
environment in which a child Python imports this very govkg; and the garbage collector paused while a stage makes
millions of objects."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["STOP_SECONDS", "Beside", "beside", "can_fork", "child_env", "forked_pool", "gc_paused", "stop_pool"]


def child_env() -> dict[str, str]:
    """This environment, with this govkg's folder first on ``PYTHONPATH``: a child Python (``python -m kg.…``)
    imports the same ``kg`` as this process, wherever it was started from."""
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}


def can_fork() -> bool:
    """Whether worker processes can be forked here (they inherit the parent's memory: nothing is pickled)."""
    return "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def forked_pool(workers: int) -> Iterator[Any]:
    """A ``multiprocessing`` pool of ``workers`` forked processes; leaving the block, normally or by any exception,
    terminates them.

    The workers ignore Ctrl-C and die with the parent even when it is killed (``PR_SET_PDEATHSIG`` on Linux); no
    Ctrl-C is taken while the pool starts, where an interrupt could leave a worker nobody stops.
    """
    ctx: Any = multiprocessing.get_context("fork")
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = ctx.Pool(workers, initializer=_worker_init, initargs=(os.getpid(),))
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        yield pool
    finally:
        stop_pool(pool)


#: how long :func:`stop_pool` waits for ``Pool.terminate`` before it gives the wait up
STOP_SECONDS = 10.0


def stop_pool(pool: Any, seconds: float = STOP_SECONDS) -> None:
    """Terminate ``pool`` and its workers, in bounded time.

    CPython's ``Pool.terminate`` can wait forever: when a worker is stopped halfway through sending a large result
    (a report's part, a slice of pages), the pool's result thread keeps waiting for the rest of that message, and
    ``terminate`` joins that thread (seen on a fresh-clone test run: a build stopped by a bad meta file hung there).
    The workers are already stopped by then, so after ``seconds`` the wait is given up (the thread is a daemon);
    any worker still alive is killed.
    """
    import threading

    stopping = threading.Thread(target=pool.terminate, name="govkg-pool-stop", daemon=True)
    stopping.start()
    stopping.join(seconds)
    if not stopping.is_alive():
        pool.join()
        return
    for process in list(getattr(pool, "_pool", ())):
        if process.is_alive():
            process.kill()
            process.join(seconds)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a build or a site makes millions of small objects and (almost) no cycles.

    Python's collector would otherwise walk every live object (the reference data, a site's documents and memos)
    again and again; what is already alive is frozen out of its reach (so workers forked inside the block share
    its pages instead of copying them when the collector marks them), and everything is handed back afterwards.
    """
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def _worker_init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG: die with the parent
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)


class Beside:
    """What a function run by :func:`beside` did: its lines, in order, and the seconds it took."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []  # ("say" | "warn", text)
        self.seconds = 0.0

    def say(self, text: str, nl: bool = True) -> None:
        self.lines.append(("say", text))

    def warn(self, text: str) -> None:
        self.lines.append(("warn", text))


@contextlib.contextmanager
def beside(work: Callable[[Beside], None]) -> Iterator[Callable[[], Beside]]:
    """Run ``work`` in a forked process while the block runs; a function that waits for it and returns what it said.

    ``work`` is given a :class:`Beside` to say its lines to (they are kept, not printed, so the caller replays them
    in order). An exception it raises is raised again by the waiting function (as it was where it can be pickled,
    else as a ``RuntimeError`` with its text). The process ignores Ctrl-C and dies with the parent; leaving the
    block by an exception stops it. Where processes cannot be forked, ``work`` runs when waited for.
    """
    def timed() -> Beside:
        said, start = Beside(), time.perf_counter()
        try:
            work(said)
        finally:
            said.seconds = time.perf_counter() - start
        return said

    if not can_fork():
        yield timed
        return
    ctx: Any = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    parent = os.getpid()

    def child() -> None:
        _worker_init(parent)
        said = Beside()
        try:
            said = timed()
            outcome: tuple[str, Any] = ("done", None)
        except BaseException as exc:  # everything goes back to the parent, which decides
            outcome = ("error", exc)
        try:
            send.send((said, outcome))
        except Exception:  # an exception that cannot be pickled: its text
            send.send((said, ("error", RuntimeError(str(outcome[1])))))
        send.close()

    process = ctx.Process(target=child, daemon=False)
    process.start()
    send.close()
    finished = False

    def wait() -> Beside:
        nonlocal finished
        try:
            said, (state, exc) = receive.recv()
        except EOFError:
            raise RuntimeError(f"a worker process ended without an answer (exit code {process.exitcode})") from None
        finally:
            process.join()
            finished = True
        if state == "error":
            raise exc
        answer: Beside = said
        return answer

    try:
        yield wait
    finally:
        if not finished:
            process.kill()
            process.join()
        receive.close()
