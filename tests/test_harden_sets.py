"""Sets of files written as one (issue 18, item 6): an export and its VoID always agree, even killed; a site's
staging folders do not outlive the next run and two runs do not delete each other's; a read-only folder is one
line; an IRI with a 300-character segment gets a short, stable file name that its links reach."""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Namespace

from kg.paths import KG_FILE
from tests.repo import ROOT
from tests.tmpfs import tmpfs

DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
KILLS = 10
LONG = "x" * 300
TINY = '<https://w3id.org/govkg/id/agency/a> <http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh-Hant .\n'


def _kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=300, check=False)


def _mismatches(out: Path) -> list[str]:
    """Every dump whose bytes do not have the SHA-256 that ``void.ttl`` gives it (and every one that is missing)."""
    void = Graph().parse(out / "void.ttl", format="turtle")
    wrong = []
    for dist in void.subjects(DCAT.downloadURL, None):
        name = str(void.value(dist, DCAT.downloadURL)).rsplit("/", 1)[-1]
        expected = str(void.value(void.value(dist, SPDX.checksum), SPDX.checksumValue))
        path = out / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            wrong.append(name)
    return wrong


@pytest.mark.slow
def test_a_killed_export_always_leaves_dumps_that_match_their_void(tmp_path: Path) -> None:
    """Exports of two different graphs in turn, each SIGKILLed at a seeded moment of its run: after every kill
    the folder is one whole export (before the fix, the VoID named the other export's checksums)."""
    tiny = tmp_path / "tiny.ttl"
    tiny.write_text(TINY, encoding="utf-8")
    out = tmp_path / "export"
    start = time.monotonic()
    assert _run(_kg("export", "--data", str(KG_FILE), "--out", str(out))).returncode == 0
    duration = time.monotonic() - start
    rng = random.Random(18)  # noqa: S311 (seeded moments, not secrets)
    outcomes = []
    for kill in range(KILLS):
        data = tiny if kill % 2 == 0 else KG_FILE
        process = subprocess.Popen(_kg("export", "--data", str(data), "--out", str(out)), env=_env(), cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        moment = rng.uniform(duration * 0.4, duration * 1.4)
        try:
            process.wait(timeout=moment)
            outcomes.append("finished")
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
            outcomes.append("killed")
        assert _mismatches(out) == [], f"kill {kill} at {moment:.2f} s: the VoID does not match the dumps"
    print(f"export runs: {outcomes.count('killed')} killed, {outcomes.count('finished')} finished")
    assert _run(_kg("export", "--data", str(KG_FILE), "--out", str(out))).returncode == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export.") and p.is_dir()] == []


def test_an_export_keeps_other_files_in_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "export"
    (out / "notes").mkdir(parents=True)
    (out / "README.txt").write_text("mine", encoding="utf-8")
    (out / "notes" / "a.txt").write_text("a", encoding="utf-8")
    tiny = tmp_path / "tiny.ttl"
    tiny.write_text(TINY, encoding="utf-8")
    done = _run(_kg("export", "--data", str(tiny), "--out", str(out), "--format", "turtle"))
    assert done.returncode == 0, done.stderr
    assert (out / "README.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "notes" / "a.txt").read_text(encoding="utf-8") == "a"
    assert _mismatches(out) == []


class _Crash(BaseException):
    """A run stopped between two files (as by a kill: no ``except Exception`` handles it)."""


@pytest.mark.parametrize("after", [0, 1, 2, 5])
def test_an_export_stopped_after_any_dump_leaves_the_previous_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   after: int) -> None:
    """Deterministic twin of the kill test: the run stops after its ``after``-th dump (before the fix, the first
    dumps were new and the VoID old)."""
    import kg.publish.dumps
    from kg.publish.dataset import load_split
    from kg.publish.export import export

    out = tmp_path / "export"
    tiny = tmp_path / "tiny.ttl"
    tiny.write_text(TINY, encoding="utf-8")
    export(load_split([tiny]), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = kg.publish.dumps.write_dump
    calls = []

    def stopping(*args: object, **kwargs: object) -> object:
        if len(calls) == after:
            raise _Crash
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kg.publish.dumps, "write_dump", stopping)
    with pytest.raises(_Crash):
        export(load_split([KG_FILE]), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _mismatches(out) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export.") and p.is_dir()] == []


def test_an_export_through_a_symbolic_link_replaces_the_folder_it_leads_to(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    real.chmod(0o755)
    link = tmp_path / "link"
    link.symlink_to(real)
    tiny = tmp_path / "tiny.ttl"
    tiny.write_text(TINY, encoding="utf-8")
    done = _run(_kg("export", "--data", str(tiny), "--out", str(link), "--format", "turtle"))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and sorted(p.name for p in real.iterdir()) == ["kg.ttl", "void.ttl"]
    assert real.stat().st_mode & 0o777 == 0o755  # not mkdtemp's 0700: a web server's user may read it
    assert _mismatches(real) == []


def test_an_export_into_the_current_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("mine", encoding="utf-8")
    done = subprocess.run(_kg("export", "--data", str(KG_FILE), "--out", "."), capture_output=True, text=True,
                          env=_env(), cwd=tmp_path, timeout=300, check=False)
    assert (done.returncode, done.stderr) == (2, "kg: error: .: holds the current folder; give a folder of its "
                                                 "own (it is replaced whole)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


# -- kg site: staging folders, two runs at once ------------------------------------------------------------------


def _site(out: Path, data: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(_kg("site", "--data", str(data), "--out", str(out)), env=_env(), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _staging(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site.") and p.is_dir())


@pytest.mark.slow
def test_the_staging_folder_of_a_killed_site_is_removed_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "site"
    process = _site(out, KG_FILE)
    deadline = time.monotonic() + 120
    while not _staging(tmp_path) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    left = _staging(tmp_path)
    assert left, "the run was not caught while it staged"
    done = _run(_kg("site", "--data", str(KG_FILE), "--out", str(out)))
    assert done.returncode == 0, done.stderr
    assert _staging(tmp_path) == []
    assert (out / "index.html").is_file()


@pytest.fixture
def lock_held(tmp_path: Path) -> Iterator[Path]:
    """Another run writing ``tmp_path/site``: its lock taken and its staging folder present."""
    other = tmp_path / ".site.stage-other"
    other.mkdir()
    (other / "index.html").write_text("the other run's page", encoding="utf-8")
    with (tmp_path / ".site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield other


def test_a_second_run_neither_writes_nor_removes_the_first_ones_folder(tmp_path: Path, lock_held: Path) -> None:
    done = _run(_kg("site", "--data", str(KG_FILE), "--out", str(tmp_path / "site")))
    assert done.returncode == 2
    assert done.stderr == f"kg: error: {tmp_path / 'site'}: another kg run is writing it now; try again when it has " \
                          "finished\n"
    assert (lock_held / "index.html").read_text(encoding="utf-8") == "the other run's page"
    assert not (tmp_path / "site").exists()


# -- a read-only folder --------------------------------------------------------------------------------------------


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder no one may write in: mode 0555, or (root ignores modes) a read-only tmpfs; skips saying why."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    with tmpfs(folder, "ro,size=64k"):
        yield folder


@pytest.mark.parametrize("command", ["site", "export"])
def test_a_read_only_folder_is_one_line(read_only: Path, command: str) -> None:
    out = read_only / "out"
    done = _run(_kg(command, "--data", str(KG_FILE), "--out", str(out)))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"kg: error: {out}") and "cannot write" in done.stderr


# -- a long path segment -------------------------------------------------------------------------------------------


def test_a_300_character_segment_gets_a_short_stable_file_that_links_reach(tmp_path: Path) -> None:
    base = "https://w3id.org/govkg/id/agency/"
    data = tmp_path / "long.ttl"
    data.write_text(f'<{base}{LONG}> <http://www.w3.org/2000/01/rdf-schema#label> "長"@zh-Hant .\n'
                    f'<{base}short> <http://www.w3.org/2000/01/rdf-schema#label> "短"@zh-Hant ;\n'
                    f'  <http://www.w3.org/2000/01/rdf-schema#seeAlso> <{base}{LONG}> .\n', encoding="utf-8")
    out = tmp_path / "site"
    done = _run(_kg("site", "--data", str(data), "--out", str(out)))
    assert done.returncode == 0, done.stderr
    short = f"{'x' * 100}-{hashlib.sha256(LONG.encode()).hexdigest()[:16]}"
    assert sorted(p.name for p in (out / "id" / "agency").iterdir() if p.name.startswith("x")) == sorted(
        f"{short}.{suffix}" for suffix in ("html", "ttl", "jsonld", "nt", "rdf"))
    page = (out / "id" / "agency" / "short.html").read_text(encoding="utf-8")
    hrefs = set(re.findall(r'href="([^"#]+)', page))
    assert f"{short}.html" in hrefs
    for href in hrefs:  # every relative link of the page reaches a file of the site
        if "://" not in href:
            assert (out / "id" / "agency" / href).resolve().is_file(), href
    long_page = (out / "id" / "agency" / f"{short}.html").read_text(encoding="utf-8")
    assert f'href="{short}.ttl"' in long_page
    again = _run(_kg("site", "--data", str(data), "--out", str(out)))
    assert again.returncode == 0 and (out / "id" / "agency" / f"{short}.html").is_file()


def test_the_server_answers_the_short_name_and_the_iri(tmp_path: Path) -> None:
    from kg.publish.site import Site
    from kg.slugs import short_path

    graph = Graph()
    graph.parse(data=TINY.replace("agency/a", f"agency/{LONG}"), format="nt")
    site = Site(graph)
    path = f"agency/{LONG}"
    assert site.document_of(path) == path
    assert site.document_of(short_path(path)) == path
    assert site.document_of("agency/" + "x" * 100) is None
