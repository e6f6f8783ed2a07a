"""One function in one child process that is killed when it runs past its time limit (``kg query --timeout``).

:func:`run_limited` runs the function; the child calls :func:`start_clock` once its data is loaded, so loading is
not timed. Ctrl-C and the death of the caller stop the child too.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from kg.errors import InputError, KGError, QueryError, StoreError, ValidationError

__all__ = ["QueryTimeout", "run_limited", "start_clock"]

T = TypeVar("T")


class QueryTimeout(KGError):
    """A query ran past the time limit and its worker was killed."""


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
