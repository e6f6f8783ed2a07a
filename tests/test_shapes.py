"""Shapes and violation queries: the examples conform; each broken fixture is caught by its own rule, and only by it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from kg.namespaces import OWL, RDF, RDFS, SH
from kg.paths import KG_FILE, ONTOLOGY_DIR, ONTOLOGY_FILE, QUERIES_DIR, SHAPES_FILE
from kg.queryfile import parse_header
from kg.validate.report import SHAPES_NS
from kg.validate.run import validate, validate_files
from kg.validate.violations import violation_queries
from tests.engines import ENGINES, report_of
from tests.repo import ROOT

EXAMPLES = sorted((ONTOLOGY_DIR / "examples").glob("*.ttl"))
FIXTURES = sorted((ROOT / "tests" / "data" / "violations").glob("*.ttl"))
PYTHON_RULES = {"label-script"}
NOT_CONSTRAINTS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.message, SH.severity,
                   SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.path, SH.property}
"""The SHACL terms a shape may carry that check nothing themselves; every other sh: term is a constraint."""
RDF_TERMS = {RDF.type, RDF.value}
"""The properties the shapes may name that the ontology does not declare (they are RDF's own)."""


def rule_of(fixture: Path) -> str:
    return fixture.name.split(".")[0]


def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def named_shapes(shapes: Graph) -> set[URIRef]:
    return {s for s in shapes.subjects() if isinstance(s, URIRef) and str(s).startswith(SHAPES_NS)}


def constrains(shapes: Graph, shape: Node) -> bool:
    """Does ``shape`` carry a constraint of its own (any sh: term but targets, messages, paths and the like)?"""
    return any(str(p).startswith(str(SH)) and p not in NOT_CONSTRAINTS for p in shapes.predicates(shape, None))


def shape_rules() -> set[str]:
    """Local names of the named shapes that carry a constraint of their own (each is a rule with a fixture)."""
    shapes = shapes_graph()
    return {str(s)[len(SHAPES_NS):] for s in named_shapes(shapes) if constrains(shapes, s)}


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


def test_every_named_shape_checks_something() -> None:
    """A named shape is a rule (so it has a fixture above) or gathers rules with sh:property; none checks nothing."""
    shapes = shapes_graph()
    for shape in named_shapes(shapes):
        gathered = list(shapes.objects(shape, SH.property))
        assert constrains(shapes, shape) or (gathered and all(constrains(shapes, p) for p in gathered)), shape


def test_shapes_name_only_terms_the_ontology_declares() -> None:
    """A misspelt class or property in a shape makes it target nothing or check the wrong thing, silently."""
    shapes, ontology = shapes_graph(), Graph().parse(ONTOLOGY_FILE, format="turtle")
    classes = {c for kind in (OWL.Class, RDFS.Class) for c in ontology.subjects(RDF.type, kind)}
    properties = RDF_TERMS | {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                                             RDF.Property) for p in ontology.subjects(RDF.type, kind)}
    named_classes = {c for term in (SH.targetClass, SH["class"]) for c in shapes.objects(None, term)}
    paths = set(shapes.objects(None, SH.path)) | set(shapes.objects(None, SH.targetSubjectsOf))
    named_properties = {shapes.value(p, SH.inversePath) if isinstance(p, BNode) else p for p in paths}
    assert named_classes and named_properties
    assert named_classes - classes == set(), "classes the ontology does not declare"
    assert named_properties - properties == set(), "properties the ontology does not declare"


def test_every_shape_speaks_english_and_chinese() -> None:
    shapes = shapes_graph()
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
    report = validate_files([KG_FILE])
    assert [(r.rule, r.focus, r.message) for r in report.results if r.severity == "Violation"] == []


def test_dropping_every_type_is_noticed() -> None:
    """A mutation the fixtures do not spell out: remove every rdf:type from the example."""
    graph = Graph().parse(EXAMPLES[0], format="turtle")
    graph.remove((None, RDF.type, None))
    assert not validate(graph).conforms
