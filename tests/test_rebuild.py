"""``kg build`` again: a report whose text, ``.meta.json`` and file are unchanged is not built again, a graph that
comes out the same bytes is not validated again, and whatever is reused the graph is the bytes a cold build gives;
the ready store is kept when the graph did not change."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kg.build.assemble
import kg.validate.run
from kg.build.cache import cache_path
from kg.buildstep import build_and_validate
from kg.paths import SOURCES_DIR
from kg.query.ready import POINTER, store_home

CASES = sorted((Path(__file__).parent / "cases").glob("*/input.txt"))
SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The seed (with its .meta.json) and eight extraction cases, each a report of its own, in a folder."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED, reports)
    shutil.copy(SEED.with_suffix(".meta.json"), reports)
    for case in CASES[::12]:
        shutil.copy(case, reports / f"{case.parent.name}.txt")
    return reports


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many reports were built and graphs validated (the build of a few reports runs in this process)."""
    calls = {"built": 0, "validated": 0}

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(kg.build.assemble, "build_part", counting("built", kg.build.assemble.build_part))
    monkeypatch.setattr(kg.validate.run, "validate_turtle", counting("validated", kg.validate.run.validate_turtle))
    return calls


def _cold(folder: Path, target: Path) -> bytes:
    built = build_and_validate([folder], target)
    assert built.written
    return target.read_bytes()


def test_an_unchanged_build_builds_and_validates_nothing_again(folder: Path, tmp_path: Path,
                                                               counted: dict[str, int]) -> None:
    target = tmp_path / "data" / "kg.ttl"
    first = build_and_validate([folder], target)
    reports = len(list(folder.glob("*.txt")))
    assert counted == {"built": reports, "validated": 1}
    store = json.loads((store_home(target) / POINTER).read_text(encoding="utf-8"))
    again = build_and_validate([folder], target)
    assert counted == {"built": reports, "validated": 1}  # nothing more
    assert again.result.data == first.result.data == target.read_bytes()
    assert again.report.results == first.report.results and again.report.conforms == first.report.conforms
    assert [r.path for r in again.result.reports] == [r.path for r in first.result.reports]
    kept = json.loads((store_home(target) / POINTER).read_text(encoding="utf-8"))
    assert kept["store"] == store["store"]  # the same store, not made again ...
    assert kept["sources"][0]["inode"] == target.stat().st_ino  # ... and fresh for the file written again


def test_a_changed_report_alone_is_built_again_and_the_graph_is_a_cold_builds(folder: Path, tmp_path: Path,
                                                                               counted: dict[str, int]) -> None:
    target = tmp_path / "kg.ttl"
    build_and_validate([folder], target)
    built_before = counted["built"]
    case = sorted(folder.glob("*.txt"))[-1]
    case.write_text(case.read_text(encoding="utf-8").replace("。", "，", 1), encoding="utf-8")
    again = build_and_validate([folder], target)
    assert counted == {"built": built_before + 1, "validated": 2}
    assert again.result.data == _cold(folder, tmp_path / "cold" / "kg.ttl")


def test_a_changed_meta_json_builds_its_report_again(folder: Path, tmp_path: Path, counted: dict[str, int]) -> None:
    target = tmp_path / "kg.ttl"
    first = build_and_validate([folder], target)
    built_before = counted["built"]
    meta = folder / SEED.with_suffix(".meta.json").name
    meta.write_text(meta.read_text(encoding="utf-8").replace('"working_title": "', '"working_title": "Another: '),
                    encoding="utf-8")
    again = build_and_validate([folder], target)
    assert counted["built"] == built_before + 1
    assert again.result.data != first.result.data
    assert again.result.data == _cold(folder, tmp_path / "cold" / "kg.ttl")


def test_a_graph_changed_after_its_build_is_built_from_nothing(folder: Path, tmp_path: Path,
                                                               counted: dict[str, int]) -> None:
    target = tmp_path / "kg.ttl"
    first = build_and_validate([folder], target)
    target.write_bytes(target.read_bytes() + b"\n")
    again = build_and_validate([folder], target)
    assert counted == {"built": 2 * len(first.result.reports), "validated": 2}
    assert again.result.data == first.result.data


def test_a_damaged_record_is_built_from_nothing(folder: Path, tmp_path: Path, counted: dict[str, int]) -> None:
    target = tmp_path / "kg.ttl"
    first = build_and_validate([folder], target)
    record = cache_path(target)
    data = record.read_bytes()
    record.write_bytes(data[: len(data) // 2])
    again = build_and_validate([folder], target)
    assert counted == {"built": 2 * len(first.result.reports), "validated": 2}
    assert again.result.data == first.result.data


def test_a_graph_not_written_leaves_no_store_and_nothing_half_made(folder: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """--strict with a graph that does not conform: no graph, no ready store, nothing half made."""
    from kg.validate.report import Result, ValidationReport

    def fails(data: bytes, **_: Any) -> ValidationReport:
        return ValidationReport([Result("urn:x", None, "a-rule", "Violation", "a message")])

    monkeypatch.setattr(kg.validate.run, "validate_turtle", fails)
    target = tmp_path / "kg.ttl"
    built = build_and_validate([folder], target, strict=True)
    assert not built.written and not target.exists()
    home = store_home(target)
    assert not home.exists() or not [p.name for p in home.iterdir() if p.name != ".lock"]


def test_the_store_is_made_beside_the_validation(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ready store's maker is at work while the graph is validated, and the store it makes is named ready."""
    target = tmp_path / "kg.ttl"
    validate = kg.validate.run.validate_turtle
    makers: list[int] = []

    def watched(data: bytes, **options: Any) -> Any:
        makers.append(len([p for p in store_home(target).glob("building-*") if p.is_dir()]))
        return validate(data, **options)

    monkeypatch.setattr(kg.validate.run, "validate_turtle", watched)
    built = build_and_validate([folder], target)
    assert makers == [1] and built.written
    pointer = json.loads((store_home(target) / POINTER).read_text(encoding="utf-8"))
    assert (store_home(target) / pointer["store"]).is_dir()
    assert not list(store_home(target).glob("building-*"))


def test_a_validation_that_breaks_leaves_no_store_half_made(folder: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The maker started beside the validation is stopped, and what it made removed, when the validation raises."""
    from kg.errors import KGError

    def broken(data: bytes, **_: Any) -> Any:
        raise KGError("the validation broke")

    monkeypatch.setattr(kg.validate.run, "validate_turtle", broken)
    target = tmp_path / "kg.ttl"
    with pytest.raises(KGError, match="broke"):
        build_and_validate([folder], target)
    home = store_home(target)
    assert not target.exists()
    assert not home.exists() or not [p.name for p in home.iterdir() if p.name != ".lock"]


def test_a_record_signed_by_someone_else_is_never_unpickled(folder: Path, tmp_path: Path, counted: dict[str, int],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The record is a pickle: one another user (or machine) wrote is refused before it is read."""
    import pickle

    from kg.build.assemble import use_reference
    from kg.build.cache import load_entries, reusable
    from kg.errors import InputError

    target = tmp_path / "kg.ttl"
    first = build_and_validate([folder], target)
    assert reusable(target, ()) is not None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    monkeypatch.setattr(pickle, "loads", lambda *_: pytest.fail("unpickled a record signed with another key"))
    assert reusable(target, use_reference(None).user_files) is None
    with pytest.raises(InputError, match="not written by you on this machine"):
        load_entries(target, ())
    again = build_and_validate([folder], target)  # from nothing, and the record signed with this user's key
    assert counted == {"built": 2 * len(first.result.reports), "validated": 2}
    assert again.result.data == first.result.data
    assert (tmp_path / "another-user" / "govkg" / "build-record.key").stat().st_mode & 0o077 == 0
