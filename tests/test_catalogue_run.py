"""run_catalogue: the whole catalogue at once, in threads on Oxigraph, with the hand-checked answers."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.term import Identifier

from kg.cli.app import ClickEcho
from kg.errors import QueryError
from kg.paths import KG_FILE
from kg.pipeline import answer_catalogue
from kg.query.answer import run_catalogue
from kg.query.catalogue import catalogue, find_query, load_query
from kg.query.local import OxigraphStore, RdflibStore
from kg.query.sparql import Prepared
from kg.query.store import QueryResult, Store
from tests.test_queries import CASES, _expected_file, _ordered, _rows, assert_matches

SEED_CASES: dict[str, Any] = CASES.get("seed", {})


class _Recording(OxigraphStore):
    """Oxigraph that notes which thread evaluated each catalogue query and how many ran at the same moment.

    Calls from the thread that made the store (label look-ups for parameters) are not counted.
    """

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[str] = []
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()
        self._both = threading.Barrier(2, timeout=5)
        self._owner = threading.current_thread()

    def _run(self, prepared: Prepared, bindings: dict[str, Identifier], limit: int) -> QueryResult:
        if threading.current_thread() is self._owner:
            return super()._run(prepared, bindings, limit)
        with self._lock:
            self.threads.append(threading.current_thread().name)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            if len(self.threads) <= 2:
                self._both.wait()  # the first two must be in flight together, or this times out
            return super()._run(prepared, bindings, limit)
        finally:
            with self._lock:
                self.running -= 1


def _seed(store: Store) -> Store:
    store.load([KG_FILE])
    return store


@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
def test_every_seed_answer_matches_the_hand_checked_one_when_run_together(lang: str) -> None:
    """The catalogue run in two threads gives each query the answer worked out by hand (tests/expected/)."""
    queries = [q for q in catalogue() if SEED_CASES.get(q.slug, {}).get("lang", "zh-Hant") == lang
               and not {"disagreement", "data"} & SEED_CASES.get(q.slug, {}).keys()]  # seed data, no known gap
    params = {q.slug: SEED_CASES.get(q.slug, {}).get("params", {}) for q in queries}
    store = _Recording()
    _seed(store)
    seen = []
    for query, result in run_catalogue(store, queries, params, lang=lang, jobs=2):
        assert_matches(result, _expected_file(query.slug), query)
        seen.append(query.slug)
    assert seen == [q.slug for q in queries]  # every query, in catalogue order
    assert len(queries) > 5
    assert len(store.threads) == len(queries)  # each evaluated once, none in this thread
    assert set(store.threads) <= {f"kg-query_{i}" for i in range(2)}, store.threads
    assert store.most_at_once == 2


def test_the_rdflib_store_answers_one_query_at_a_time_in_the_callers_thread() -> None:
    """rdflib evaluates under the GIL: threads would gain nothing, so the same answers come serially."""
    queries = [q for q in catalogue() if not q.params][:6]
    calls: list[str] = []

    class Serial(RdflibStore):
        def _run(self, prepared: Prepared, bindings: dict[str, Identifier], limit: int) -> QueryResult:
            calls.append(threading.current_thread().name)
            return super()._run(prepared, bindings, limit)

    store = _seed(Serial())
    oxigraph = _seed(OxigraphStore())
    together = list(run_catalogue(store, queries, jobs=4, lang="zh-Hant"))  # zh would ask for the script first
    assert calls == [threading.current_thread().name] * len(queries)
    for (query, got), (_, want) in zip(together, run_catalogue(oxigraph, queries, jobs=2), strict=True):
        assert got.variables == want.variables and len(got.rows) == len(want.rows), query.slug


def test_a_missing_parameter_is_reported_before_any_query_runs() -> None:
    store = _Recording()
    queries = [find_query("campaign-overview"), find_query("agency-profile")]  # the second needs ?agency
    with pytest.raises(QueryError, match="agency-profile: parameter 'agency' is required"):
        list(run_catalogue(_seed(store), queries, jobs=2))
    assert store.threads == [] and store.running == 0


def test_an_evaluation_error_comes_after_the_answers_before_it(tmp_path: Path) -> None:
    """A query refused at run time (SERVICE) raises when the iteration reaches it, not earlier or later."""
    federated = tmp_path / "federated.rq"
    federated.write_text("#+ summary: reaches out\n#+ tags: []\n#+ params: []\n"
                         "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }\n", encoding="utf-8")
    queries = [find_query("campaign-overview"), find_query("themes-ranked"), load_query(federated),
               find_query("documents")]
    answers = run_catalogue(_seed(OxigraphStore()), queries, jobs=2)
    assert [next(answers)[0].slug, next(answers)[0].slug] == ["campaign-overview", "themes-ranked"]
    with pytest.raises(QueryError, match="SERVICE"):
        next(answers)


@pytest.mark.parametrize("jobs", [0, -1])
def test_jobs_must_be_positive(jobs: int) -> None:
    with pytest.raises(QueryError, match="jobs must be at least 1"):
        list(run_catalogue(OxigraphStore(), [find_query("campaign-overview")], jobs=jobs))



def test_kg_runs_queries_stage_writes_the_hand_checked_answers(tmp_path: Path) -> None:
    """`kg run` answers the catalogue at once; each file it writes equals the answer worked out by hand."""
    answer_catalogue(tmp_path / "queries", ClickEcho())
    folder = tmp_path / "queries"
    wanted = {q.slug for q in catalogue() if not q.params and not q.slug.endswith("-violation")}
    assert {p.stem for p in folder.iterdir()} == wanted
    checked = 0
    for query in catalogue():
        case = SEED_CASES.get(query.slug, {})
        other_data = {"data", "disagreement"} & case.keys()
        if query.slug not in wanted or case.get("lang", "zh-Hant") != "zh-Hant" or other_data:
            continue
        expected = _expected_file(query.slug)
        got = folder / f"{query.slug}{expected.suffix}"
        if expected.suffix == ".ttl":
            assert isomorphic(Graph().parse(got), Graph().parse(expected)), query.slug
        else:
            rows, want = _rows(got.read_text(encoding="utf-8")), _rows(expected.read_text(encoding="utf-8"))
            assert rows[0] == want[0] and Counter(map(tuple, rows)) == Counter(map(tuple, want)), query.slug
            if _ordered(query):
                assert rows == want, query.slug
        checked += 1
    assert checked > 5
