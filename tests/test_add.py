"""``kg build DIR`` and ``kg add``: a folder builds in one command, and adding reports to a built graph gives the
bytes a full build of all of them gives, whatever the order; what cannot be added is refused in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build.cache import cache_path
from kg.cli import main
from kg.paths import SOURCES_DIR

CASES = sorted((Path(__file__).parent / "cases").glob("*/input.txt"))
SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    """Eight cases and the seed (with its .meta.json), each under a name of its own, in a folder."""
    folder = tmp_path / "reports"
    folder.mkdir()
    out = [Path(shutil.copy(SEED, folder))]
    shutil.copy(SEED.with_suffix(".meta.json"), folder)
    for case in CASES[::10]:
        out.append(Path(shutil.copy(case, folder / f"{case.parent.name}.txt")))
    return out


def test_adding_reports_gives_the_bytes_of_a_full_build_in_any_order(sources: list[Path], tmp_path: Path) -> None:
    full, grown = tmp_path / "full.ttl", tmp_path / "grown.ttl"
    assert kg("build", "--out", str(full), *map(str, reversed(sources)))[0] == 0
    first, later = sources[1::2], sources[0::2]
    assert kg("build", "--out", str(grown), *map(str, first))[0] == 0
    code, _, err = kg("add", "--to", str(grown), *map(str, later[:2]))
    assert code == 0, err
    assert kg("add", "--to", str(grown), *map(str, later[2:]))[0] == 0
    assert grown.read_bytes() == full.read_bytes()


def test_a_folder_builds_in_one_command_as_its_files_do(sources: list[Path], tmp_path: Path) -> None:
    folder = sources[0].parent
    (folder / "notes.xlsx").write_bytes(b"not a report")
    (folder / ".hidden.txt").write_text("not read", encoding="utf-8")
    nested = folder / "2023"
    nested.mkdir()
    moved = Path(shutil.move(sources[-1], nested))
    by_folder, by_files = tmp_path / "folder.ttl", tmp_path / "files.ttl"
    code, _, err = kg("build", "--out", str(by_folder), str(folder))
    assert code == 0, err
    assert "1 files not in a report format were left out (notes.xlsx)" in err
    assert kg("build", "--out", str(by_files), *map(str, [*sources[:-1], moved]))[0] == 0
    assert by_folder.read_bytes() == by_files.read_bytes()


def test_what_cannot_be_added_is_refused_in_one_line(sources: list[Path], tmp_path: Path) -> None:
    graph = tmp_path / "kg.ttl"
    assert kg("build", "--out", str(graph), *map(str, sources[:3]))[0] == 0
    before = graph.read_bytes()
    code, _, err = kg("add", "--to", str(graph), str(sources[1]))
    assert (code, err.count("\n")) == (2, 1)
    assert f"{sources[1]}: already in the graph" in err
    graph.write_bytes(before + b"\n")  # changed by hand since its build
    code, _, err = kg("add", "--to", str(graph), str(sources[4]))
    assert code == 2 and "changed after its build" in err and err.count("\n") == 1
    cache_path(graph).unlink()
    code, _, err = kg("add", "--to", str(graph), str(sources[4]))
    assert code == 2 and "no record of the build" in err
    code, _, err = kg("add", "--to", str(tmp_path / "none.ttl"), str(sources[4]))
    assert code == 2 and "no graph to add to" in err


def test_warnings_are_named_and_strict_makes_them_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CASES[0], folder / "report.txt")
    (folder / "dump.txt").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    (folder / "contents.md").write_text("目录\n一、总体要求……………3\n二、主要任务……………5\n三、保障措施……………9\n",
                                        encoding="utf-8")
    out = tmp_path / "kg.ttl"
    code, _, err = kg("build", "--out", str(out), str(folder))
    assert code == 0, err
    assert f"kg: warning: {folder / 'dump.txt'}: looks like RDF" in err
    assert f"kg: warning: {folder / 'contents.md'}: looks like a table of contents" in err
    assert f"kg: warning: {folder / 'dump.txt'}: nothing extracted" in err
    strict = tmp_path / "strict.ttl"
    code, _, err = kg("build", "--strict", "--out", str(strict), str(folder))
    assert code == 2 and not strict.exists()
    assert err.splitlines()[-1].startswith("kg: error: ") and "--strict" in err.splitlines()[-1]


def test_a_report_that_gives_nothing_stays_with_a_warning(tmp_path: Path) -> None:
    report = tmp_path / "summary.txt"
    report.write_text("2023年青溪县“质量月”活动总结\n今年质量月期间，全县上下高度重视，活动取得良好成效。\n",
                      encoding="utf-8")
    out = tmp_path / "kg.ttl"
    code, stdout, err = kg("build", "--out", str(out), str(report))
    assert code == 0, err
    assert f"kg: warning: {report}: nothing extracted (no acting body, no activity): is it a report" in err
    assert "left out" not in err and "summary.txt: campaign" in stdout and out.exists()
    code, _, err = kg("build", "--strict", "--out", str(tmp_path / "strict.ttl"), str(report))
    assert code == 2 and not (tmp_path / "strict.ttl").exists()
