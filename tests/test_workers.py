"""The worker pool is stopped in bounded time even when CPython's ``Pool.terminate`` would wait forever."""

from __future__ import annotations

import multiprocessing
import threading
import time
from typing import Any

import pytest

from kg.workers import can_fork, forked_pool, stop_pool

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes are forked only where fork exists")


def test_a_pool_whose_terminate_never_returns_is_still_stopped_and_its_workers_gone() -> None:
    with forked_pool(2) as pool:
        workers = list(pool._pool)
        assert all(p.is_alive() for p in workers)
        never = threading.Event()
        real_terminate = pool.terminate

        def stuck() -> None:  # what CPython does when its result thread waits for a message no worker finishes
            never.wait()

        pool.terminate = stuck
        done = threading.Event()
        stopper = threading.Thread(target=lambda: (stop_pool(pool, seconds=0.5), done.set()), daemon=True)
        started = time.monotonic()
        try:
            stopper.start()
            assert done.wait(20), "stop_pool waited as long as the pool's terminate did"
            assert time.monotonic() - started < 20
            assert not any(p.is_alive() for p in workers)
        finally:
            pool.terminate = real_terminate  # leaving the block stops the pool again, now for real
            never.set()
    assert multiprocessing.active_children() == []


def test_a_pool_is_stopped_and_joined_when_the_block_is_left_by_an_error() -> None:
    with pytest.raises(ValueError), forked_pool(2) as pool:
        workers = list(pool._pool)
        raise ValueError("stop")
    assert not any(p.is_alive() for p in workers)
    assert multiprocessing.active_children() == []


def test_beside_gives_back_lines_time_and_errors() -> None:
    """kg.workers.beside runs work in a forked process while the caller goes on: its lines come back in order with
    its time, an error it raises is raised again where it is waited for (a KGError as itself, an error that cannot
    be pickled by its text), and leaving the block early stops the process."""
    import time

    from kg.errors import KGError
    from kg.workers import beside

    def speaks(said: Any) -> None:
        said.say("one")
        said.warn("two")
        time.sleep(0.2)

    with beside(speaks) as wait:
        done = wait()
    assert done.lines == [("say", "one"), ("warn", "two")] and done.seconds >= 0.2

    def fails(said: Any) -> None:
        raise KGError("data/kg.ttl: cannot be read")

    with beside(fails) as wait, pytest.raises(KGError, match="cannot be read"):
        wait()

    class Odd(Exception):
        def __reduce__(self) -> Any:
            raise TypeError("no")

    def fails_oddly(said: Any) -> None:
        raise Odd("odd failure")

    with beside(fails_oddly) as wait, pytest.raises(RuntimeError, match="odd failure"):
        wait()

    def sleeps(said: Any) -> None:
        time.sleep(60)

    start = time.perf_counter()
    with pytest.raises(ValueError), beside(sleeps):
        raise ValueError("the caller failed")
    assert time.perf_counter() - start < 10
