"""Building in worker processes gives the bytes a one-process build gives; workers never outlive the build."""

from __future__ import annotations

import hashlib
import multiprocessing
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg import __version__
from kg.build.corpus import build_graph
from kg.errors import InputError
from kg.namespaces import GOVKG, SKOS, bind_prefixes
from kg.paths import SOURCES_DIR
from kg.rdf.write import to_turtle
from tests.repo import ROOT

CASES = sorted((ROOT / "tests" / "cases").glob("*/input.txt"))
SOURCES = [*CASES, *sorted(SOURCES_DIR.glob("*.txt"))]
AGENCY = URIRef("https://w3id.org/govkg/id/agency/zhan-jiang-shi-x-shi-shi-chang-jian-du-guan-li-ju")
# Two reports on Zhanjiang (not in the reference data) that name its market regulator in opposite orders: 湛江市… in
# full first in 2021, by its relative form 市… first in 2022.
FULL_FIRST = ("2021年9月17日，由湛江市市场监督管理局主办的湛江市“质量月”活动启动。\n"
              "市工业和信息化局、市公安局共同参与了现场宣传咨询。市市场监督管理局开展电梯安全专项检查。\n")
RELATIVE_FIRST = ("2022年9月17日，由市市场监督管理局主办的湛江市“质量月”活动启动。\n"
                  "市工业和信息化局、市公安局共同参与了现场宣传咨询。湛江市市场监督管理局开展电梯安全专项检查。\n")


def _one_report_at_a_time(paths: list[Path]) -> str:
    """The graph as the builder made it before parts: every report added in turn to one rdflib graph."""
    from kg.build.changes import described_triples
    from kg.build.concepts import concept_labels
    from kg.build.contract import build_record
    from kg.build.corpus import read_meta, report_source
    from kg.build.graph import report_graph
    from kg.ingest.clean import clean
    from kg.ingest.extract import extract
    from kg.ingest.reference import load_reference
    from kg.rdf.terms import Triples
    from kg.sources.read import read_document

    reference = load_reference()
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    sources, reports = [], []
    for path in sorted(paths, key=lambda p: (p.name, hashlib.sha256(p.read_bytes()).hexdigest())):
        meta = read_meta(path)
        document = read_document(path)
        extraction = extract(clean(document.text), reference, meta)
        source = report_source(document, meta)
        report_graph(extraction, reference, source, graph)
        sources.append(source)
        reports.append(f"https://w3id.org/govkg/id/report/{extraction.campaign.slug}")
    record = Triples()
    record.update(build_record(sources, reports, __version__))
    # what a build adds once all its reports are in: the change events touching its curated bodies (with their other
    # bodies) and the ontology's concepts the graph points at
    curated = [("agency", str(s).rsplit("/", 1)[1]) for s in graph.subjects(GOVKG.curated, Literal(True))
               if "/agency/" in str(s)]
    record.update(described_triples(reference, curated))
    record.update(concept_labels())
    return to_turtle(record.to_graph(graph))


def test_workers_write_the_bytes_one_process_writes() -> None:
    serial = build_graph(SOURCES, jobs=1)
    parallel = build_graph(SOURCES, jobs=2)
    assert parallel.turtle == serial.turtle
    assert parallel.triples == serial.triples == len(serial.graph)
    assert [r.campaign for r in parallel.reports] == [r.campaign for r in serial.reports]


def test_the_parts_put_together_are_the_graph_of_one_report_at_a_time() -> None:
    assert build_graph(SOURCES, jobs=2).turtle == _one_report_at_a_time(SOURCES)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_unlisted_agency_is_labelled_the_same_whatever_the_order_and_the_workers(tmp_path: Path, jobs: int) -> None:
    full, relative = tmp_path / "a.txt", tmp_path / "b.txt"
    full.write_text(FULL_FIRST, encoding="utf-8")
    relative.write_text(RELATIVE_FIRST, encoding="utf-8")
    # Each report writes the body both ways, so its full name labels it whichever report comes first (an unlisted
    # body of an unlisted place is labelled by its full name where the text gives it); the order must not matter.
    for paths, label, other in (([full, relative], "湛江市市场监督管理局", "市市场监督管理局"),
                                ([relative, full], "湛江市市场监督管理局", "市市场监督管理局")):
        result = build_graph(paths, jobs=jobs)
        graph = result.graph
        assert set(graph.objects(AGENCY, SKOS.prefLabel)) >= {Literal(label, lang="zh-Hans")}
        assert Literal(other, lang="zh-Hans") in set(graph.objects(AGENCY, SKOS.altLabel))
        assert Literal(other, lang="zh-Hans") not in set(graph.objects(AGENCY, SKOS.prefLabel))
        assert result.turtle == _one_report_at_a_time(paths)


def test_a_duplicate_campaign_stops_a_parallel_build_and_no_worker_is_left(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(CASES[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")  # other bytes, same campaign
    with pytest.raises(InputError, match="describes the same campaign") as raised:
        build_graph([*SOURCES, copy], jobs=2)
    # the reports are put together in name order: copy.txt before the case's input.txt, which is the one refused
    assert raised.value.path == CASES[0]
    assert str(copy) in raised.value.message
    assert multiprocessing.active_children() == []


def test_an_interrupt_during_a_parallel_build_stops_the_workers() -> None:
    def interrupt(i: int, total: int, path: Path) -> None:
        if i == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_graph(SOURCES, interrupt, jobs=2)
    assert multiprocessing.active_children() == []


def test_a_bad_meta_file_is_reported_in_its_turn(tmp_path: Path) -> None:
    sources = []
    for i, case in enumerate(CASES[:4]):
        target = tmp_path / f"{i}.txt"
        target.write_bytes(case.read_bytes())
        sources.append(target)
    (tmp_path / "2.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON") as raised:
        build_graph(sources, jobs=2)
    assert raised.value.path == tmp_path / "2.meta.json"
    assert multiprocessing.active_children() == []
