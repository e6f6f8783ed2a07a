"""``kg validate``: exit codes, where a bad file is broken, and the three report formats in two languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.errors import InputError
from kg.namespaces import SH
from kg.paths import ONTOLOGY_DIR, SHAPES_FILE
from kg.validate.run import validate_files, validate_turtle
from tests.repo import ROOT

EXAMPLE = ONTOLOGY_DIR / "examples" / "minimal.ttl"
VIOLATIONS = ROOT / "tests" / "data" / "violations"
ORDER = VIOLATIONS / "activity-theme-order-violation.ttl"  # activity 01 filed under theme 2
HAN = re.compile(r"[\u4e00-\u9fff]")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_conforming_file_exits_0() -> None:
    code, out, _ = run(str(EXAMPLE))
    assert code == 0
    assert out.startswith("govkg validation: conforms")


def test_a_broken_file_exits_1_and_names_the_resource_and_rule() -> None:
    code, out, _ = run(str(ORDER))
    assert code == 1
    assert "The Department of Civil Affairs issues guiding opinions on rural elderly care" in out
    assert "<https://w3id.org/govkg/id/activity/js-2022-qm/01>" in out
    assert "[activity-theme-order-violation]" in out
    assert "evidence starts at 95, theme heading at 153" in out


def test_warnings_alone_exit_0() -> None:
    code, out, _ = run(str(VIOLATIONS / "Resource-prefLabel-en.ttl"))
    assert code == 0
    assert "1 warning" in out


def test_bad_turtle_exits_2_with_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    # line 3: the literal is never closed, so the parser meets the newline after 22 characters
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated\n', encoding="utf-8")
    code, out, err = run(str(bad))
    assert code == 2
    assert out == ""
    assert f"{bad}:3:" in err
    assert "Traceback" not in err


def test_input_error_carries_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> ;\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate_files([bad])
    assert caught.value.path == bad
    assert caught.value.line == 2
    assert caught.value.column is not None


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("missing.ttl", None, "no such file"),
    ("latin1.ttl", "ex:a ex:b \"caf\xe9\" .".encode("latin-1"), "not UTF-8"),
    ("data.csv", b"a,b\n", "unknown RDF file type"),
])
def test_unusable_files_exit_2_and_say_why(tmp_path: Path, name: str, content: bytes | None, expected: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, _, err = run(str(path))
    assert code == 2
    assert str(path) in err
    assert expected in err


def test_json_report_parses() -> None:
    code, out, _ = run(str(ORDER), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["conforms"] is False
    assert doc["counts"] == {"Violation": 1, "Warning": 0, "Info": 0}
    [result] = doc["results"]
    assert result["rule"] == "activity-theme-order-violation"
    assert result["focus"] == "https://w3id.org/govkg/id/activity/js-2022-qm/01"
    assert result["path"] == "govkg:underTheme"


def test_turtle_report_is_a_shacl_report() -> None:
    code, out, _ = run(str(VIOLATIONS / "Campaign-month.range.ttl"), "--format", "turtle")
    assert code == 1
    graph = Graph().parse(data=out, format="turtle")
    [report] = graph.subjects(predicate=None, object=SH.ValidationReport)
    assert graph.value(report, SH.conforms).toPython() is False
    [result] = graph.objects(report, SH.result)
    assert str(graph.value(result, SH.sourceShape)).endswith("#Campaign-month")
    assert graph.value(result, SH.value).toPython() == 13


def test_turtle_report_includes_query_results() -> None:
    _, out, _ = run(str(ORDER), "--format", "turtle")
    graph = Graph().parse(data=out, format="turtle")
    shapes = {str(o).rsplit("#", 1)[1] for o in graph.objects(None, SH.sourceShape)}
    assert shapes == {"activity-theme-order-violation"}


@pytest.mark.parametrize("fixture", ["Campaign-month.range", "activity-theme-order-violation", "label-script.hant"])
def test_lang_zh_speaks_chinese(fixture: str) -> None:
    code, out, _ = run(str(VIOLATIONS / f"{fixture}.ttl"), "--lang", "zh", "--format", "json")
    assert code == 1
    for result in json.loads(out)["results"]:
        assert HAN.search(result["message"]), result["message"]
    code, text, _ = run(str(VIOLATIONS / f"{fixture}.ttl"), "--lang", "zh")
    assert text.startswith("govkg 校验: 不符合约束")


def test_lang_zh_prefers_the_simplified_label() -> None:
    _, out, _ = run(str(ORDER), "--lang", "zh")
    assert "省民政厅印发农村养老服务指导意见  <https://w3id.org/govkg/id/activity/js-2022-qm/01>" in out


def test_several_files_are_validated_as_one_graph(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://w3id.org/govkg/id/campaign/js-2022-qm> "
                     "<https://w3id.org/govkg/ontology#month> 10 .\n", encoding="utf-8")
    code, out, _ = run(str(EXAMPLE), str(extra), "--format", "json")
    assert code == 1
    assert {r["rule"] for r in json.loads(out)["results"]} == {"Campaign-month"}


def test_unknown_language_is_refused() -> None:
    code, _, err = run(str(EXAMPLE), "--lang", "fr")
    assert code == 2
    assert "fr" in err


@pytest.mark.parametrize("fixture", ["Campaign-month.range", "Resource-prefLabel-en", "CampaignTheme-campaign"])
def test_both_engines_print_the_same_report(fixture: str) -> None:
    path = str(VIOLATIONS / f"{fixture}.ttl")
    assert run(path, "--engine", "pyshacl") == run(path) == run(path, "--engine", "sparql")


def test_unknown_engine_is_refused() -> None:
    code, _, err = run(str(EXAMPLE), "--engine", "topbraid")
    assert code == 2
    assert "topbraid" in err


def test_a_fallback_to_pyshacl_is_said_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.validate.shapes

    closed = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <https://example.org/Closed> sh:targetClass <https://w3id.org/govkg/ontology#Agency> ; sh:closed true ;
            sh:message "closed" .""", format="turtle")
    shapes = kg.validate.shapes.shapes_graph() + closed
    monkeypatch.setattr(kg.validate.shapes, "shapes_graph", lambda: shapes)
    code, out, err = run(str(EXAMPLE))
    assert code == 1
    assert err.startswith(f"kg: note: {SHAPES_FILE}: shape <https://example.org/Closed> uses sh:closed")
    assert "[https://example.org/Closed]" in out


def test_build_validates_with_the_engine_it_is_given(tmp_path: Path) -> None:
    seed = ROOT / "data" / "sources"
    source = sorted(seed.glob("*.txt"))[0]
    for engine in ("pyshacl", "sparql"):
        result = CliRunner().invoke(main, ["build", "--engine", engine, "--out", str(tmp_path / f"{engine}.ttl"),
                                           str(source)])
        assert result.exit_code == 0, result.stderr
    assert (tmp_path / "pyshacl.ttl").read_bytes() == (tmp_path / "sparql.ttl").read_bytes()


@pytest.mark.parametrize("fixture", ["Activity-citesDocument.ttl", "Activity-activityType.two.ttl"])
def test_validating_turtle_in_memory_reports_what_validating_the_file_does(fixture: str) -> None:
    """`kg build` validates the bytes it is about to write (validate_turtle); `kg validate` reads the file."""
    path = VIOLATIONS / fixture
    from_file = validate_files([path])
    in_memory = validate_turtle(path.read_bytes())
    assert not in_memory.conforms
    assert in_memory.results == from_file.results
