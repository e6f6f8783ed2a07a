"""Shapes and violation queries: the examples conform; each broken fixture is caught by its own rule, and only by it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.namespaces import RDF, SH
from kg.paths import KG_FILE, ONTOLOGY_DIR, QUERIES_DIR, SHAPES_FILE
from kg.queryfile import parse_header
from kg.validate.report import SHAPES_NS
from kg.validate.run import validate, validate_files
from kg.validate.violations import violation_queries
from tests.engines import ENGINES, report_of
from tests.repo import ROOT

EXAMPLES = sorted((ONTOLOGY_DIR / "examples").glob("*.ttl"))
FIXTURES = sorted((ROOT / "tests" / "data" / "violations").glob("*.ttl"))
PYTHON_RULES = {"label-script"}
CONSTRAINTS = {SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.pattern, SH.nodeKind, SH.hasValue,
               SH.qualifiedMinCount, SH.uniqueLang, SH.languageIn, SH.lessThan, SH["or"], SH.minInclusive}


def rule_of(fixture: Path) -> str:
    return fixture.name.split(".")[0]


def shape_rules() -> set[str]:
    """Local names of the named shapes that carry a constraint of their own."""
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    named = {s for s in shapes.subjects() if isinstance(s, URIRef) and str(s).startswith(SHAPES_NS)}
    return {str(s)[len(SHAPES_NS):] for s in named if any((s, c, None) in shapes for c in CONSTRAINTS)}


def all_rules() -> set[str]:
    return shape_rules() | {q.slug for q in violation_queries()} | PYTHON_RULES


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_conforms_without_even_a_warning(path: Path, engine: str) -> None:
    report = report_of(path, engine)
    assert report.conforms
    assert [(r.rule, r.focus) for r in report.results] == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_is_caught_by_its_rule_only(path: Path, engine: str) -> None:
    report = report_of(path, engine)
    assert {r.rule for r in report.results} == {rule_of(path)}


def test_every_rule_has_a_fixture_and_every_fixture_a_rule() -> None:
    fixtures = {rule_of(p) for p in FIXTURES}
    assert all_rules() - fixtures == set(), "rules without a broken fixture"
    assert fixtures - all_rules() == set(), "fixtures for no rule"


def test_rule_census() -> None:
    """A guard against a suite that shrinks silently: counted by hand from shapes.ttl and queries/."""
    # property shapes, IRI-only node shapes, English-label shapes, curated-or-warning agency place shapes
    assert len(shape_rules()) == 55 + 16 + 2 + 4
    assert len(violation_queries()) == 20


def test_every_shape_speaks_english_and_chinese() -> None:
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    for rule in shape_rules():
        langs = {m.language for m in shapes.objects(URIRef(SHAPES_NS + rule), SH.message)}
        assert langs == {"en", "zh-Hans"}, rule


@pytest.mark.parametrize("path", sorted(QUERIES_DIR.glob("*-violation.rq")), ids=lambda p: p.stem)
def test_violation_query_header(path: Path) -> None:
    head = parse_header(path.read_text(encoding="utf-8"))
    assert head["summary"]
    assert head["tags"].startswith("[violation")
    assert head["params"] == "[]"
    assert head["message_en"] and head["message_zh"]


def test_warnings_do_not_break_conformance() -> None:
    report = validate_files([ROOT / "tests" / "data" / "violations" / "Resource-prefLabel-en.ttl"])
    assert report.conforms
    assert [r.severity for r in report.results] == ["Warning"]


def test_shifted_span_is_reported_with_what_the_text_really_says() -> None:
    report = validate_files([ROOT / "tests" / "data" / "violations" / "evidence-quote-violation.shifted.ttl"])
    [result] = report.results
    assert result.focus == "https://w3id.org/govkg/id/activity/js-2022-qm/03/evidence"
    # the text from offset 246 to 310: the span loses its first character 省 and gains the final newline
    assert "= «市場監管局在新華日報" in result.message
    assert result.message.endswith("宣傳報道。\n»)")


def test_an_empty_graph_conforms() -> None:
    assert validate(Graph()).conforms


def test_the_built_graph_conforms() -> None:
    if not KG_FILE.is_file():
        pytest.skip(f"{KG_FILE} is not built yet")
    report = validate_files([KG_FILE])
    assert [(r.rule, r.focus, r.message) for r in report.results if r.severity == "Violation"] == []


def test_dropping_every_type_is_noticed() -> None:
    """A mutation the fixtures do not spell out: remove every rdf:type from the example."""
    graph = Graph().parse(EXAMPLES[0], format="turtle")
    graph.remove((None, RDF.type, None))
    assert not validate(graph).conforms
