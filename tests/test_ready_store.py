"""The ready store (kg/query/ready.py): answers equal the parsed graph's, stale stores are made again, a half-made
store is never used, readers run at once, and ``--store DIR`` holds exactly the graph it was made from."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.query.answer import run_query
from kg.query.catalogue import catalogue, find_query
from kg.query.dataset import open_dataset
from kg.query.local import OxigraphStore
from kg.query.ready import POINTER, store_home
from kg.query.results import format_result
from tests.repo import ROOT

SEED = ROOT / "data" / "kg.ttl"
MINI = ROOT / "tests" / "data" / "mini.ttl"
SECOND = ROOT / "tests" / "data" / "second.ttl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace (the current folder) whose data/kg.ttl is a copy of the seed graph."""
    (tmp_path / "data").mkdir()
    shutil.copyfile(SEED, tmp_path / "data" / "kg.ttl")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _count(store: object) -> int:
    result = store.query(COUNT)  # type: ignore[attr-defined]
    return int(result.rows[0][0])


def _store_folder(home: Path) -> str:
    return str(json.loads((home / POINTER).read_text(encoding="utf-8"))["store"])


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans", "en"])
def test_every_answer_from_the_ready_store_equals_the_parsed_graphs(workspace: Path, lang: str) -> None:
    """Byte for byte, in every output format, against the graph parsed into memory (the path before)."""
    parsed = OxigraphStore()
    parsed.load([workspace / "data" / "kg.ttl"])
    queries = [q for q in catalogue() if not q.params]
    with open_dataset() as ready:
        assert ready.read_only  # type: ignore[attr-defined]
        for query in queries:
            mine, theirs = run_query(ready, query, lang=lang), run_query(parsed, query, lang=lang)
            if mine.graph is not None:
                assert theirs.graph is not None and isomorphic(mine.graph, theirs.graph), query.slug
                continue
            for fmt in ("csv", "json", "table"):
                assert format_result(mine, fmt) == format_result(theirs, fmt), (query.slug, fmt)
        profile = {"agency": "省市場監管局"}
        assert format_result(run_query(ready, find_query("agency-profile"), profile, lang=lang), "csv") == \
            format_result(run_query(parsed, find_query("agency-profile"), profile, lang=lang), "csv")


def test_a_changed_graph_is_read_again_and_a_touched_one_is_not(workspace: Path) -> None:
    graph = workspace / "data" / "kg.ttl"
    home = store_home(graph)
    with open_dataset() as store:
        before = _count(store)
    made = _store_folder(home)
    os.utime(graph)  # same bytes, new mtime: the checksum says the store is still fresh
    with open_dataset() as store:
        assert _count(store) == before
    assert _store_folder(home) == made
    shutil.copyfile(MINI, graph)
    with open_dataset() as store:
        assert _count(store) == len(Graph().parse(MINI))
    assert _store_folder(home) != made
    assert not (home / made).exists()  # the old store is removed once no reader holds it


def test_a_half_made_store_is_never_used(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A make interrupted halfway leaves no store that looks ready, and the next query makes a whole one."""
    import kg.query.ready

    home = store_home(workspace / "data" / "kg.ttl")
    real = kg.query.ready._run_maker

    def dies_halfway(folder: Path, files: object) -> None:
        (folder / "000001.sst").write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.query.ready, "_run_maker", dies_halfway)
    with pytest.raises(KeyboardInterrupt):
        open_dataset()
    assert not (home / POINTER).exists()
    assert not list(home.glob("store-*")) and not list(home.glob("building-*"))
    (home / "building-left-by-a-kill").mkdir()  # what a SIGKILL in the middle leaves
    monkeypatch.setattr(kg.query.ready, "_run_maker", real)
    with open_dataset() as store:
        assert _count(store) == len(Graph().parse(SEED))
    assert not list(home.glob("building-*"))


def test_a_store_whose_folder_was_removed_is_made_again(workspace: Path) -> None:
    home = store_home(workspace / "data" / "kg.ttl")
    with open_dataset() as store:
        before = _count(store)
    shutil.rmtree(home / _store_folder(home))
    with open_dataset() as store:
        assert _count(store) == before


def test_readers_in_several_processes_at_once_share_one_store(workspace: Path) -> None:
    """Four kg query processes start together on a graph without a store: one makes it, all answer the same."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kg.cli", "query", "campaign-overview", "--format", "csv"]
    runs = [subprocess.Popen(command, cwd=workspace, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1 and outputs[0][0].count(b"\n") == 2
    assert len(list(store_home(workspace / "data" / "kg.ttl").glob("store-*"))) == 1


def test_the_build_leaves_a_fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.pipeline import build_and_validate

    monkeypatch.chdir(tmp_path)
    target = tmp_path / "data" / "kg.ttl"
    built = build_and_validate(sorted((ROOT / "data" / "sources").glob("*.txt")), target)
    assert built.written
    home = store_home(target)
    made = _store_folder(home)
    with open_dataset() as store:  # no remaking: the build's store is the one opened
        assert _count(store) == len(Graph().parse(target))
    assert _store_folder(home) == made


# -- --store DIR: exactly the graph it was made from -------------------------------------------------------


def test_a_named_store_holds_exactly_the_files_of_the_command(tmp_path: Path) -> None:
    location = tmp_path / "store"
    mini, second = len(Graph().parse(MINI)), len(Graph().parse(SECOND))
    with open_dataset([MINI], location=location) as store:
        assert _count(store) == mini
    with open_dataset([SECOND], location=location) as store:  # --data replaces, never adds
        assert _count(store) == second
    with open_dataset(location=location) as store:  # no --data: what it was made from
        assert _count(store) == second
    with open_dataset([MINI, SECOND], location=location) as store:
        assert _count(store) == len(Graph().parse(MINI) + Graph().parse(SECOND))


def test_a_named_store_follows_its_file_when_it_changes(tmp_path: Path) -> None:
    location, data = tmp_path / "store", tmp_path / "graph.ttl"
    shutil.copyfile(MINI, data)
    with open_dataset([data], location=location) as store:
        assert _count(store) == len(Graph().parse(MINI))
    shutil.copyfile(SECOND, data)
    with open_dataset(location=location) as store:
        assert _count(store) == len(Graph().parse(SECOND))


def test_a_folder_govkg_did_not_make_is_refused(tmp_path: Path) -> None:
    location = tmp_path / "someone-elses"
    location.mkdir()
    (location / "CURRENT").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="no store govkg made"):
        open_dataset([MINI], location=location)
    with pytest.raises(InputError, match="no --reason"):
        open_dataset([MINI], location=tmp_path / "new", reason=True)


def test_a_named_store_refuses_a_bad_file_and_stays_as_it_was(tmp_path: Path) -> None:
    location, bad = tmp_path / "store", tmp_path / "bad.ttl"
    bad.write_text('<http://example.org/a> <http://example.org/p> "x" ;\n oops .\n', encoding="utf-8")
    with open_dataset([MINI], location=location) as store:
        assert _count(store) == len(Graph().parse(MINI))
    with pytest.raises(InputError) as caught:
        open_dataset([bad], location=location)
    assert caught.value.path == bad and caught.value.line == 2
    with open_dataset(location=location) as store:
        assert _count(store) == len(Graph().parse(MINI))


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no process priorities here")
@pytest.mark.parametrize("background", [False, True])
def test_a_maker_in_the_background_runs_at_a_lower_priority(tmp_path: Path, background: bool) -> None:
    """The build starts its store's maker beside the validation at a lower priority; ``kg query`` waits for its own."""
    import pyoxigraph

    from kg.query.make_store import BACKGROUND_NICE, start_maker, wait_maker

    folder = tmp_path / "store"
    folder.mkdir()
    own = os.getpriority(os.PRIO_PROCESS, 0)
    child = start_maker(folder, [{"path": str(MINI), "max_bytes": 1 << 20}], background=background)
    try:
        priority = os.getpriority(os.PRIO_PROCESS, child.pid)  # set before the maker's Python started
    finally:
        wait_maker(folder, child)
    assert priority == (min(19, own + BACKGROUND_NICE) if background else own)
    assert len(pyoxigraph.Store.read_only(str(folder))) == len(Graph().parse(MINI))
