"""``kg serve``'s query pool (issue 18): children forked ahead of time and reused, each query still under its CPU
budget, a child stopped by a limit replaced, queries measured cheap apart from new ones, the long lane a fresh child
per query."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from rdflib import Graph

from benchmarks.load_procs import alive, descendants
from kg.errors import KGError
from kg.query.limited import QueryTimeout
from kg.query.messages import Limits, StoreSpec, recv_msg, send_msg
from kg.query.pool import QueryPool
from kg.query.process import QueryProcess
from kg.query.worker import MemoryLimit, cpu_seconds

pytestmark = pytest.mark.slow

LABEL = ("SELECT ?l WHERE { <https://w3id.org/govkg/id/agency/js-amr> "
         "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
# about 0.4-0.5 s of CPU on the seed graph (its ~2,065 triples squared, counted): cheap under a budget of 2 s
PAIRS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def spec(seed_graph: Graph) -> StoreSpec:
    return StoreSpec(ntriples=seed_graph.serialize(format="nt", encoding="utf-8"))


@pytest.fixture
def pool(spec: StoreSpec, request: pytest.FixtureRequest) -> Iterator[QueryPool]:
    options = {"cheap": 1, "size": 1, "timeout": 30.0, "budget": 0.25, **getattr(request, "param", {})}
    running = QueryPool(spec, **options)
    try:
        yield running
    finally:
        running.close()


def _wait_for_ready(pool: QueryPool, seconds: float = 20.0) -> dict[str, list[int]]:
    deadline = time.monotonic() + seconds
    while not all(pool.ready_children.values()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return pool.ready_children


def test_cheap_queries_are_answered_in_turn_by_children_forked_ahead_of_time(pool: QueryPool) -> None:
    ready = pool.ready_children
    assert [len(pids) for pids in ready.values()] == [1, 1], "forked when the pool starts, before any query"
    for _ in range(2):  # first in the lane of new queries, then in the lane of those measured cheap
        for slug in ("campaign-overview", "themes-ranked", "products", "media"):
            assert pool.run_named(slug, {}, "zh-Hant").rows
        assert pool.run_sparql(LABEL).rows
    assert pool.ready_children == ready, "every query went to one of the two children"


@pytest.mark.parametrize("pool", [{"cheap": 2, "budget": 3.0, "timeout": 8.0}], indirect=True)
def test_a_query_measured_cheap_does_not_wait_behind_new_ones(pool: QueryPool) -> None:
    assert pool.run_sparql(LABEL).rows  # measured cheap from now on
    runaways = [threading.Thread(target=_stopped, args=(pool, f"{RUNAWAY} # {i}"), daemon=True) for i in range(2)]
    for thread in runaways:
        thread.start()
    time.sleep(0.5)  # one runs in the new lane for 3 CPU seconds, the other waits for its slot
    start = time.monotonic()
    assert pool.run_sparql(LABEL).rows
    assert time.monotonic() - start < 1.5, "answered in its own lane, not after the new queries' budget"
    assert any(thread.is_alive() for thread in runaways)
    for thread in runaways:
        thread.join(60)


@pytest.mark.parametrize("pool", [{"cheap": 2, "budget": 3.0, "timeout": 8.0}], indirect=True)
def test_a_catalogue_query_cheap_before_is_measured_with_new_parameters_too(pool: QueryPool) -> None:
    agency = "https://w3id.org/govkg/id/agency/"
    assert pool.run_named("agency-profile", {"agency": agency + "js-amr"}, "zh-Hant").rows
    runaways = [threading.Thread(target=_stopped, args=(pool, f"{RUNAWAY} # {i}"), daemon=True) for i in range(2)]
    for thread in runaways:
        thread.start()
    time.sleep(0.5)
    start = time.monotonic()
    assert pool.run_named("agency-profile", {"agency": agency + "js-hurd"}, "zh-Hant").rows  # never run before
    assert time.monotonic() - start < 1.5, "a catalogue query with new parameters waited behind new queries"
    assert any(thread.is_alive() for thread in runaways)
    for thread in runaways:
        thread.join(60)


def _stopped(pool: QueryPool, text: str) -> None:
    with pytest.raises(QueryTimeout):
        pool.run_sparql(text)


def test_a_long_query_text_reaches_a_reused_child_whole(pool: QueryPool) -> None:
    # 0.6 MiB of text fills the socket's buffer: the send has to wait for the child to read (it once failed with
    # "the query's worker had gone" on a child that had answered before)
    long_text = LABEL + "\n#" + "x" * (600 << 10) + "\n"
    for _ in range(3):
        assert pool.run_sparql(long_text).rows


@pytest.mark.parametrize("pool", [{"budget": 2.0}], indirect=True)
def test_a_reused_child_is_not_stopped_by_the_cpu_its_earlier_queries_used(pool: QueryPool, seed_graph: Graph) -> None:
    # RLIMIT_CPU counts from the fork: unless the child moves it on before each query, the fourth or fifth of these
    # (0.4-0.5 s each, 2-3 s in all) passes a limit armed once for 2 s and the child dies
    ready = pool.ready_children
    counts = [pool.run_sparql(f"{PAIRS} # {i}").rows[0][0].toPython() for i in range(7)]  # each new: one child
    assert counts == [len(seed_graph) ** 2] * 7
    assert pool.ready_children == ready
    assert cpu_seconds(ready["new"][0]) > 2.0, "the child used more CPU in all than one query's allowance"


def test_a_reused_child_still_has_a_cpu_limit_on_its_nth_query(spec: StoreSpec) -> None:
    # the kernel's backstop alone (no pool watching): after queries that used more than the allowance in all, a
    # runaway query is still stopped by RLIMIT_CPU about one allowance (rounded up to a second) later
    process = QueryProcess(spec)
    try:
        child = process.fork(Limits(60, 512))
        for i in range(4):
            reply = child.ask(("sparql", f"{PAIRS} # {i}", 10), Limits(60, 512), 1.5)
            assert reply[0] == "ok", reply
        before = cpu_seconds(child.pid)
        assert before > 1.0
        child.sock.settimeout(None)
        send_msg(child.sock, (("sparql", RUNAWAY, 10), 1.0))  # 1 s more CPU allowed, and no one to kill it
        child.sock.settimeout(60)
        start = time.monotonic()
        with pytest.raises(EOFError):
            recv_msg(child.sock)  # the child died without an answer
        assert time.monotonic() - start < 55, "stopped by its CPU limit, long before the runaway query ends"
        child.close()
    finally:
        process.close()


def test_a_child_stopped_at_its_budget_is_replaced_and_the_next_query_answered(spec: StoreSpec) -> None:
    pool = QueryPool(spec, cheap=1, size=1, timeout=3.0, budget=0.25)
    try:
        first = pool.ready_children
        assert pool.run_sparql(LABEL).rows
        start = time.monotonic()
        with pytest.raises(QueryTimeout) as stopped:  # over budget in the new lane, then past 3 s in the long one
            pool.run_sparql(RUNAWAY)
        assert not isinstance(stopped.value, MemoryLimit)
        assert time.monotonic() - start < 15
        replaced = _wait_for_ready(pool)
        assert replaced["measured"] == first["measured"]
        assert len(replaced["new"]) == 1 and replaced["new"] != first["new"], "a successor is forked ahead of time"
        assert pool.run_sparql(LABEL).rows
        assert pool.ready_children == replaced
    finally:
        pool.close()


def test_the_long_lane_forks_a_fresh_child_for_each_query_and_keeps_none(spec: StoreSpec, seed_graph: Graph) -> None:
    pool = QueryPool(spec, cheap=1, size=1, timeout=20.0, budget=0.25)
    try:
        cheap = pool.ready_children
        for i in range(2):  # over the budget in the cheap lane, then answered in the long lane
            assert pool.run_sparql(f"{PAIRS} # {i}").rows[0][0].toPython() == len(seed_graph) ** 2
        time.sleep(0.5)
        replaced = pool.ready_children
        assert replaced["new"] != cheap["new"], "the new lane's child was stopped at its budget"
        query_process = pool._process._process.pid  # type: ignore[union-attr]
        kept = sorted(p for p in descendants(query_process) if alive(p))
        assert kept == sorted(replaced["measured"] + replaced["new"]), "no long-lane child is kept"
    finally:
        pool.close()


def test_a_ready_child_whose_query_process_died_is_not_used(pool: QueryPool) -> None:
    ready = pool.ready_children
    assert pool.run_sparql(LABEL).rows
    pool._process._process.kill()  # type: ignore[union-attr]  # the query process dies; its children with it
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and alive(ready["new"][0]):
        time.sleep(0.05)
    assert not alive(ready["new"][0]), "the ready child died with its query process"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            assert pool.run_sparql(LABEL).rows
            break
        except KGError:  # the query process is being restarted
            time.sleep(0.2)
    else:
        pytest.fail("no answer after the query process was restarted")
    replaced = _wait_for_ready(pool)
    before, after = set(ready["new"] + ready["measured"]), set(replaced["new"] + replaced["measured"])
    assert len(after) == 2 and not before & after, "the dead query process's children are not used"


def test_closing_the_pool_leaves_no_child(pool: QueryPool) -> None:
    children = pool.ready_children["measured"] + pool.ready_children["new"]
    pool.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(child) for child in children):
        time.sleep(0.05)
    assert len(children) == 2 and not any(alive(child) for child in children)
