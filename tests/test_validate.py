"""``kg validate``: exit codes, where a bad file is broken, and the three report formats in two languages."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph

from benchmarks.size import one_line_report
from kg.cli import main
from kg.errors import InputError
from kg.namespaces import GOVKG, OA, RDF, SH, XSD
from kg.paths import ONTOLOGY_DIR, SHAPES_FILE
from kg.rdf.read import read_quads
from kg.validate.offsets import OFFSET_QUERIES, offset_rows
from kg.validate.run import validate_files, validate_turtle
from kg.validate.shapes import ontology_quads
from kg.validate.violations import violation_queries
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


# -- the violation queries that read offsets in the text, answered in one pass (kg.validate.offsets) -----------------


def _query_rows(quads: list[Any], slug: str) -> set[tuple[str | None, ...]]:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend([*quads, *ontology_quads()])
    query = next(q for q in violation_queries() if q.slug == slug)
    return {tuple(None if row[v] is None else str(row[v]) for v in ("focus", "path", "value", "detail"))
            for row in store.query(query.text)}


def _fast_rows(quads: list[Any]) -> dict[str, set[tuple[str | None, ...]]] | None:
    rows = offset_rows([*quads, *ontology_quads()])
    if rows is None:
        return None
    return {slug: {tuple(None if t is None else str(t) for t in row) for row in found} for slug, found in rows.items()}


@pytest.mark.parametrize("path", [*sorted(VIOLATIONS.glob("*.ttl")), ROOT / "data" / "kg.ttl"], ids=lambda p: p.stem)
def test_offset_checks_return_the_rows_of_their_queries(path: Path) -> None:
    quads = read_quads(path)
    fast = _fast_rows(quads)
    if fast is None:  # an offset that is not a plain integer: validation runs the queries themselves
        assert path.name == "TextPositionSelector-start.decimal.ttl"
        return
    for slug in OFFSET_QUERIES:
        assert fast[slug] == _query_rows(quads, slug), slug
    if path.stem.split(".")[0] in OFFSET_QUERIES:  # each query's own fixture is caught by the fast path too
        assert fast[path.stem.split(".")[0]]


def test_offset_checks_agree_with_their_queries_on_seeded_mutants_of_the_seed() -> None:
    """Shifted offsets, edited quotes and languages, dropped links, extra selectors, sources and types."""
    import pyoxigraph as ox

    base = read_quads(ROOT / "data" / "kg.ttl")
    rng = random.Random(14)  # noqa: S311 (a seeded test, not a secret)
    integer = ox.NamedNode(str(XSD.integer))
    by = {p: [i for i, q in enumerate(base) if q.predicate.value == str(p)]
          for p in (OA.start, OA.end, OA.exact, OA.hasSource, OA.hasSelector, RDF.type, GOVKG.targetsProduct,
                    GOVKG.citesDocument, GOVKG.usesMedia, GOVKG.partOfInitiative)}
    links = by[GOVKG.targetsProduct] + by[GOVKG.citesDocument] + by[GOVKG.usesMedia] + by[GOVKG.partOfInitiative]
    classes = [ox.NamedNode(str(c)) for c in (GOVKG.Activity, GOVKG.RegulatedProduct, GOVKG.Initiative)]
    fired = 0
    for _ in range(30):
        quads, dropped, added = list(base), set(), []
        for _ in range(rng.randint(1, 4)):
            kind = rng.randrange(6)
            if kind == 0:
                i = rng.choice(by[OA.start] + by[OA.end])
                shifted = max(0, int(quads[i].object.value) + rng.choice([-3, -1, 1, 40, 100_000]))
                quads[i] = ox.Quad(quads[i].subject, quads[i].predicate, ox.Literal(str(shifted), datatype=integer))
            elif kind == 1:
                i = rng.choice(by[OA.exact])
                text = quads[i].object.value
                edited = rng.choice([ox.Literal(text[1:]), ox.Literal(text, language="en"), ox.Literal(text + "。")])
                quads[i] = ox.Quad(quads[i].subject, quads[i].predicate, edited)
            elif kind == 2:
                dropped.add(rng.choice(links))
            else:  # another selector, source or type for a subject that has one
                prop = (OA.hasSelector, OA.hasSource, RDF.type)[kind - 3]
                subject = base[rng.choice(by[prop])].subject
                other = rng.choice(classes) if prop == RDF.type else base[rng.choice(by[prop])].object
                added.append(ox.Quad(subject, base[by[prop][0]].predicate, other))
        quads = [q for i, q in enumerate(quads) if i not in dropped] + added
        fast = _fast_rows(quads)
        assert fast is not None
        for slug in OFFSET_QUERIES:
            assert fast[slug] == _query_rows(quads, slug), slug
            fired += bool(fast[slug])
    assert fired >= 20  # the mutants do break these rules


@pytest.mark.slow
def test_a_one_line_report_of_1_mib_builds_and_conforms(tmp_path: Path) -> None:
    """Issue 14, kind 10: validation used to grow with the square of a report (timings in benchmarks/README.md)."""
    source = tmp_path / "one-line.txt"
    source.write_text(one_line_report(1 << 20), encoding="utf-8")
    assert "\n" not in source.read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "kg.ttl"), str(source)])
    assert result.exit_code == 0, result.output
    assert "conforms: True" in result.output
    assert validate_files([tmp_path / "kg.ttl"]).conforms
