"""A paragraph indented with spaces, as pages and plain-text reports often are: its statement's label starts at its
first word, and the report builds and conforms (the cases cannot hold it: Word and PDF readers drop the indent)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal

from kg.build.corpus import build_graph
from kg.namespaces import GOVKG, RDF, SKOS
from kg.validate.run import validate_turtle

TEXT = (
    "云岭县2026年消防宣传月活动总结\n"
    "11月9日，云岭县消防救援大队在县人民广场举行高层建筑火灾应急演练。\n"
    "  本次演练有近200名县消防救援大队、县公安局和县卫健局人员参加。\n"
)


def test_an_indented_statement_is_labelled_from_its_first_word(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = build_graph([source])
    labels = [
        str(label) for activity in result.graph.subjects(RDF.type, GOVKG.Activity)
        for label in result.graph.objects(activity, SKOS.prefLabel)
        if isinstance(label, Literal) and label.language == "zh-Hans"
    ]
    assert len(labels) == 2 and all(label == label.strip() for label in labels), labels
    assert any(label.startswith("本次演练有近200名") for label in labels), labels
    report = validate_turtle(result.data)
    assert report.conforms, report.to_text()
