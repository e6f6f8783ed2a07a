"""The VoID statistics counted in a forked worker beside the dump writing are the ones counted in the caller."""

from __future__ import annotations

import os

import pytest

from kg.paths import KG_FILE
from kg.publish.dataset import load_split
from kg.publish.void import Statistics, describe_dataset, statistics_beside
from kg.rdf.write import to_turtle
from kg.workers import can_fork


class _Counted(Statistics):
    """Statistics that remember the process that counted them."""

    def __init__(self, lines: list[bytes]) -> None:
        super().__init__(lines)
        self.pid = os.getpid()


def _facts(stats: Statistics) -> tuple[object, ...]:
    return (stats.triples, stats.members, stats.class_entities, stats.property_triples, stats.distinct_subjects,
            stats.distinct_objects, stats.entities)


@pytest.mark.skipif(not can_fork(), reason="this platform cannot fork worker processes")
def test_forked_statistics_equal_the_callers_and_come_from_another_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.publish.void

    monkeypatch.setattr(kg.publish.void, "Statistics", _Counted)
    split = load_split([KG_FILE])
    with statistics_beside(split, at_least=1) as statistics:
        beside = statistics()
    assert isinstance(beside, _Counted) and beside.pid != os.getpid()
    assert _facts(beside) == _facts(Statistics(split.lines))
    assert beside.triples == len(split.lines) > 1000
    # the description made from them is the same text
    assert to_turtle(describe_dataset(split, [], stats=beside)) == to_turtle(describe_dataset(split, []))


def test_small_datasets_are_counted_in_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.workers

    def no_pool(workers: int) -> None:
        raise AssertionError(f"a pool of {workers} was started for {os.getpid()}")

    monkeypatch.setattr(kg.workers, "forked_pool", no_pool)
    split = load_split([KG_FILE])
    with statistics_beside(split) as statistics:  # the seed is far below BESIDE_FROM
        assert _facts(statistics()) == _facts(Statistics(split.lines))


def _lost() -> Statistics:
    import time

    time.sleep(30)  # a worker that never answers in time
    raise AssertionError("waited for")


@pytest.mark.skipif(not can_fork(), reason="this platform cannot fork worker processes")
def test_a_worker_that_does_not_answer_is_given_up_and_the_caller_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import kg.publish.void

    monkeypatch.setattr(kg.publish.void, "_forked_statistics", _lost)
    monkeypatch.setattr(kg.publish.void, "WAIT_BASE", 0.5)
    split = load_split([KG_FILE])
    started = time.monotonic()
    with statistics_beside(split, at_least=1) as statistics:
        counted = statistics()
    assert _facts(counted) == _facts(Statistics(split.lines))
    assert time.monotonic() - started < 20
