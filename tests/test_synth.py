"""The synthetic corpus: deterministic, of the genre, and its direct RDF is what the real build makes of its texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from benchmarks.synth import generate, ntriples_text, write_ntriples, write_sources
from kg.build.corpus import build_graph
from kg.ingest.reference import load_reference


@pytest.fixture(scope="module")
def ref():  # type: ignore[no-untyped-def]
    return load_reference()


def test_same_arguments_same_reports(ref) -> None:  # type: ignore[no-untyped-def]
    first = [r.raw for r in generate(2, 2, seed=3, reference=ref)]
    again = [r.raw for r in generate(2, 2, seed=3, reference=ref)]
    other = [r.raw for r in generate(2, 2, seed=4, reference=ref)]
    assert first == again
    assert first != other
    assert len(first) == 4


def test_text_is_of_the_genre(ref) -> None:  # type: ignore[no-untyped-def]
    report = next(generate(1, 1, noise=1.0, reference=ref))
    # Beijing is the first provincial-level jurisdiction in jurisdictions.csv; the default campaign is 質量月 in 2024.
    assert report.slug == "bj-2024-qm"
    assert report.text.startswith("2024年9月是全國“質量月”,圍繞“")
    assert "\n(一)" in report.text and "(二)" in report.text
    assert report.coordinator is not None and report.coordinator.key == "bj-qdc-office"
    assert report.text[report.coordinator.start:report.coordinator.end] == "市質量發展委員會辦公室"
    # With noise 1.0 every 質 carries its reading, and removing the readings gives the cleaned text back.
    assert report.raw.count("質(zhì)") == report.text.count("質")
    assert report.readings == sum(report.text.count(c) for c in "質發動設關檢監")
    for activity in report.activities:
        statement = report.text[activity.start:activity.end]
        assert statement.endswith("。")
        assert statement.startswith(report.text[activity.conductors[0].start:activity.conductors[0].end])


def test_direct_rdf_is_what_the_build_makes(tmp_path: Path, ref) -> None:  # type: ignore[no-untyped-def]
    reports = list(generate(12, 1, 2, reference=ref))  # 24 reports, joint statements and documents included
    built = build_graph(write_sources(iter(reports), tmp_path, ref)).graph
    direct = Graph().parse(data=ntriples_text(reports, ref), format="nt")
    _, only_built, only_direct = graph_diff(to_isomorphic(built), to_isomorphic(direct))
    assert sorted(map(str, only_built))[:5] == []
    assert sorted(map(str, only_direct))[:5] == []


def test_direct_rdf_conforms(tmp_path: Path, ref) -> None:  # type: ignore[no-untyped-def]
    from kg.validate.run import validate_files

    path = tmp_path / "tiny.nt"
    lines = write_ntriples(generate(2, 2, 2, reference=ref), path, ref)
    assert lines == len(Graph().parse(path, format="nt"))
    report = validate_files([path])
    assert report.conforms, report.to_text()
