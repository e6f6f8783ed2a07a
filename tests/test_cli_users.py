"""The command line as its users meet it: one set of --lang values, usage errors in one line, a build told to write
where it cannot, and a SHACL report that follows the standard.

Each test here failed on main (issue 19): `kg query --lang zh` and `kg validate --lang zh-Hant` were refused, so were
`zh-hant` and `EN`, with click's three-line usage text; `kg build --out FILE/kg.ttl` built and validated first, then
said "File exists; the previous file is kept" with no previous file; `kg validate --format turtle` wrote
`sh:conforms true` beside `sh:Warning` results.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal
from rdflib.namespace import SH

from kg.cli import main
from kg.namespaces import GOVKG, RDF
from kg.paths import KG_FILE, ONTOLOGY_FILE, SHAPES_FILE
from tests.repo import ROOT


def _kg(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _one_error_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), result.stderr
    return lines[0]


def _query(*args: str) -> Result:
    return _kg("query", "campaign-overview", "--data", str(KG_FILE), "--timeout", "0", "--format", "csv", *args)


@pytest.mark.parametrize(("given", "same_as"), [("zh-hant", "zh-Hant"), ("ZH-HANS", "zh-Hans"), ("EN", "en"),
                                                ("zh", "zh-Hant")])  # the seed's one report is in Traditional
def test_query_takes_every_lang_in_any_case(given: str, same_as: str) -> None:
    got, want = _query("--lang", given), _query("--lang", same_as)
    assert got.exit_code == 0 and want.exit_code == 0, got.output
    assert got.stdout == want.stdout


def test_zh_is_the_script_most_reports_are_written_in(tmp_path: Path) -> None:
    graph = Graph().parse(KG_FILE)
    for report in list(graph.subjects(RDF.type, GOVKG.SourceReport)):
        text = graph.value(report, RDF.value)
        graph.set((report, RDF.value, Literal(str(text), lang="zh-Hans")))
    hans = tmp_path / "hans.ttl"
    graph.serialize(hans, format="turtle")
    got = _kg("query", "campaign-overview", "--data", str(hans), "--timeout", "0", "--format", "csv", "--lang", "zh")
    assert got.exit_code == 0, got.output
    assert "江苏省质量发展委员会办公室" in got.stdout and "江蘇省質量發展委員會辦公室" not in got.stdout


@pytest.mark.parametrize("command", [["query", "campaign-overview"], ["validate"], ["network"]])
def test_a_bad_lang_is_one_line_everywhere(command: list[str]) -> None:
    line = _one_error_line(_kg(*command, "--lang", "fr"))
    assert "'fr' is not a language govkg writes" in line and "zh-Hant, zh-Hans, en" in line


@pytest.mark.parametrize("args", [["query", "--formt", "csv"], ["push"], ["add"], ["nothing"],
                                  ["query", "x", "--limit", "0"]])
def test_usage_errors_are_one_line(args: list[str]) -> None:
    _one_error_line(_kg(*args))


@pytest.mark.parametrize(("lang", "words"), [("zh-Hant", "govkg 校驗: 符合約束"), ("ZH-hans", "govkg 校验: 符合约束"),
                                             ("zh", "govkg 校验: 符合约束"), ("EN", "govkg validation: conforms")])
def test_validate_takes_every_lang(lang: str, words: str) -> None:
    result = _kg("validate", str(KG_FILE), "--lang", lang)
    assert result.exit_code == 0 and result.stdout.startswith(words), result.output


def test_build_into_a_path_under_a_file_says_why_before_building(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = _kg("build", str(ROOT / "data" / "sources"), "--out", str(blocker / "kg.ttl"))
    line = _one_error_line(result)
    assert line == f"kg: error: {blocker / 'kg.ttl'}: cannot write ({blocker} is a file, not a folder)"
    assert "conforms" not in result.output and "previous file" not in line
    assert blocker.read_text() == "not a folder"


def _warnings_only(tmp_path: Path) -> Path:
    """The seed without its campaign's month: the shape Campaign-month-missing warns, nothing else is wrong."""
    graph = Graph().parse(KG_FILE)
    graph.remove((None, GOVKG.month, None))
    path = tmp_path / "no-month.ttl"
    graph.serialize(path, format="turtle")
    return path


def test_the_shacl_report_conforms_only_without_any_result(tmp_path: Path) -> None:
    from pyshacl import validate as shacl_validate

    data = _warnings_only(tmp_path)
    result = _kg("validate", str(data), "--format", "turtle")
    assert result.exit_code == 0, result.output  # warnings only: govkg's exit code stays 0
    report = Graph().parse(data=result.stdout, format="turtle")
    severities = set(report.objects(None, SH.resultSeverity))
    assert severities == {SH.Warning}
    ours = report.value(next(report.subjects(RDF.type, SH.ValidationReport)), SH.conforms)
    theirs, _, _ = shacl_validate(Graph().parse(data), shacl_graph=Graph().parse(SHAPES_FILE),
                                  ont_graph=Graph().parse(ONTOLOGY_FILE), inference="none")
    assert ours == Literal(False) and theirs is False
    as_json = json.loads(_kg("validate", str(data), "--format", "json").stdout)
    assert as_json["conforms"] is True and as_json["counts"]["Warning"] >= 1  # govkg's own rule, said in the README


def test_the_shacl_report_of_a_clean_graph_conforms() -> None:
    report = Graph().parse(data=_kg("validate", str(KG_FILE), "--format", "turtle").stdout, format="turtle")
    assert (None, SH.conforms, Literal(True)) in report and not list(report.subjects(RDF.type, SH.ValidationResult))


def test_the_agency_counts_say_what_they_count(tmp_path: Path) -> None:
    """The build's summary counts bodies acting, coordinating or taking part; campaign-overview those acting."""
    from kg.namespaces import PROV

    graph = Graph().parse(KG_FILE)
    campaign = next(graph.subjects(RDF.type, GOVKG.Campaign))
    acting = set(graph.objects(None, GOVKG.conductedBy))
    taking_part = acting | set(graph.objects(campaign, GOVKG.coordinatedBy)) | set(
        graph.objects(campaign, PROV.wasAssociatedWith))
    built = _kg("build", str(ROOT / "data" / "sources"), "--out", str(tmp_path / "kg.ttl"))
    assert f"{len(taking_part)} agencies acting, coordinating or taking part" in built.stdout, built.output
    overview = _kg("query", "campaign-overview", "--data", str(KG_FILE), "--timeout", "0", "--format", "json")
    assert json.loads(overview.stdout)["results"]["bindings"][0]["agencies"]["value"] == str(len(acting))
    assert len(acting) == 11 and len(taking_part) == 12  # the seed: 11 bodies act, the coordinating office does not
