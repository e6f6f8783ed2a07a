"""Extraction cases of the genre: each `tests/cases/<case>/input.txt` against its hand-written `expected.ttl`.

`expected.ttl` states the facts a reader takes from the text: the campaign, its themes, and each activity with its
agencies, theme, type, and the products, documents, outlets and initiatives it names, and the documents the report
cites outside every activity (``govkg:mentionsDocument``). Curated agencies are IRIs;
everything else is written as its Simplified label, so a case says what the text says rather than how a slug is spelt.
The built graph is projected onto those facts and compared by isomorphism, with a readable diff when they differ.
Every case's graph must also conform (shapes, violation queries, label scripts), as a report of the genre must pass
its own build.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from kg.build.corpus import build_graph
from kg.namespaces import GOVKG, RDF, SKOS
from kg.validate.run import validate_turtle

CASES = Path(__file__).parent / "cases"

_KEEP = {
    GOVKG.jurisdiction,
    GOVKG.year,
    GOVKG.month,
    GOVKG.coordinatedBy,
    GOVKG.slogan,
    GOVKG.hasTheme,
    GOVKG.conductedBy,
    GOVKG.underTheme,
    GOVKG.activityType,
    GOVKG.targetsProduct,
    GOVKG.citesDocument,
    GOVKG.mentionsDocument,
    GOVKG.usesMedia,
    GOVKG.partOfInitiative,
    GOVKG.documentNumber,
    GOVKG.issuedBy,
    SKOS.notation,
}
_AS_LABEL = {
    GOVKG.targetsProduct, GOVKG.citesDocument, GOVKG.mentionsDocument, GOVKG.usesMedia, GOVKG.partOfInitiative
}


def _hans(graph: Graph, node: URIRef) -> Literal:
    for label in graph.objects(node, SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == "zh-Hans":
            return Literal(str(label))
    raise AssertionError(f"{node} has no zh-Hans label")


def _name(graph: Graph, node: URIRef) -> URIRef | Literal:
    """Curated agencies by IRI, anything else by its Simplified label."""
    if (node, GOVKG.curated, Literal(True)) in graph and (node, RDF.type, GOVKG.Agency) in graph:
        return node
    return _hans(graph, node)


def project(graph: Graph) -> Graph:
    """The facts a case states, taken from a built graph."""
    out = Graph()
    for cls in (GOVKG.Campaign, GOVKG.CampaignTheme, GOVKG.Activity, GOVKG.SourceReport):
        for subject in graph.subjects(RDF.type, cls):
            for p, o in graph.predicate_objects(subject):
                if p not in _KEEP:
                    continue
                if p in _AS_LABEL or p in (GOVKG.conductedBy, GOVKG.coordinatedBy):
                    o = _name(graph, o)
                elif p == GOVKG.slogan:
                    if o.language != "zh-Hans":  # type: ignore[union-attr]
                        continue
                    o = Literal(str(o))
                out.add((subject, p, o))
                if p in (GOVKG.citesDocument, GOVKG.mentionsDocument):
                    doc = next(d for d in graph.objects(subject, p) if _hans(graph, d) == o)
                    for q in (GOVKG.documentNumber, GOVKG.issuedBy):
                        for value in graph.objects(doc, q):
                            out.add((subject, q, Literal(str(value)) if q == GOVKG.documentNumber else value))
        if cls == GOVKG.CampaignTheme:
            for theme in graph.subjects(RDF.type, cls):
                out.add((theme, SKOS.prefLabel, _hans(graph, theme)))
    return out


def _show(graph: Graph) -> str:
    return "\n".join(sorted(line for line in graph.serialize(format="nt").splitlines() if line))


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case(case: str) -> None:
    folder = CASES / case
    result = build_graph([folder / "input.txt"])
    actual = project(result.graph)
    expected = Graph().parse(folder / "expected.ttl", format="turtle")
    if to_isomorphic(actual) != to_isomorphic(expected):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"only in expected:\n{_show(only_expected)}\nonly in actual:\n{_show(only_actual)}")
    report = validate_turtle(result.data)
    assert report.conforms, report.to_text()


def test_cases_together_conform() -> None:
    """Reports of many places built together: each place's bodies are its own resources with labels that name the
    place (宝应县教育局 beside 沭阳县教育局, 浙江省… beside 河北省…), and each campaign's label names its place, so the
    duplicate-label rule holds across reports as within one."""
    result = build_graph(sorted(CASES.glob("*/input.txt")))
    report = validate_turtle(result.data)
    assert report.conforms, report.to_text()[:4000]
