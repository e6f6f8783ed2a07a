"""One body through time: two reports of Jiangsu's Quality Month across the 2018 reform (``tests/data/reform/``).

The reports are test data written here (not real reports): 2016, where 江苏省质量技术监督局 (省质监局) and 省工商局
act, and 2023, where their successor 省市场监管局 acts; 省教育厅 and an unlisted county body, 青溪县科技局 (青溪县 is
invented), act in both. ``lineage-amr.csv`` and ``lineage-qts.csv`` are the answers of ``queries/agency-lineage.rq``
from 江苏省市场监督管理局 (zh-Hans) and from 省质监局 (en), worked out by hand from the two texts before the query ran.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.build.corpus import build_graph
from kg.cli import main
from kg.namespaces import GOVKG, ID, ORG, RDF, SKOS
from kg.query.answer import run_query
from kg.query.catalogue import find_query
from kg.query.local import OxigraphStore, RdflibStore
from kg.query.results import format_result
from kg.query.store import Store
from kg.validate.run import validate_turtle
from tests.repo import ROOT

DATA = ROOT / "tests" / "data" / "reform"
REPORTS = sorted(DATA.glob("*.txt"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Graph]]:
    result = build_graph(REPORTS)
    path = tmp_path_factory.mktemp("reform") / "kg.ttl"
    path.write_bytes(result.data)
    yield path, result.graph


def _answer(path: Path, agency: str, lang: str, engine: str = "oxigraph") -> list[list[str]]:
    store: Store = OxigraphStore() if engine == "oxigraph" else RdflibStore()
    store.load([path])
    result = run_query(store, find_query("agency-lineage"), {"agency": agency}, lang=lang)
    return list(csv.reader(io.StringIO(format_result(result, "csv"))))


def _expected(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((DATA / name).read_text(encoding="utf-8"))))


def test_the_two_reports_conform_and_hold_the_reform(built: tuple[Path, Graph]) -> None:
    path, graph = built
    assert validate_turtle(path.read_bytes()).conforms
    event = URIRef(f"{ID}change/js-2018-amr")
    assert (event, RDF.type, ORG.ChangeEvent) in graph
    assert set(graph.objects(event, ORG.originalOrganization)) == {URIRef(f"{ID}agency/js-{c}")
                                                                   for c in ("qts", "aic", "fda")}
    assert (URIRef(f"{ID}agency/js-amr"), ORG.resultedFrom, event) in graph
    assert (URIRef(f"{ID}agency/js-qts"), ORG.changedBy, event) in graph
    fda = URIRef(f"{ID}agency/js-fda")  # named by neither report: described as the event's body
    assert (fda, GOVKG.curated, Literal(True)) in graph
    assert (fda, SKOS.prefLabel, Literal("江苏省食品药品监督管理局", lang="zh-Hans")) in graph


def test_the_same_body_in_two_years_is_one_resource(built: tuple[Path, Graph]) -> None:
    """A curated body is keyed by its slug; an unlisted one by its name and place: one IRI across the reports."""
    _, graph = built

    def campaigns(agency: URIRef) -> set[str]:
        return {str(c).rsplit("/", 1)[1] for a in graph.subjects(GOVKG.conductedBy, agency)
                for c in graph.objects(a, GOVKG.partOfCampaign)}

    assert campaigns(URIRef(f"{ID}agency/js-edu")) == {"js-2016-qm", "js-2023-qm"}
    county = [a for a in graph.subjects(RDF.type, GOVKG.Agency)
              if Literal("青溪县科技局", lang="zh-Hans") in set(graph.objects(a, SKOS.prefLabel))]
    assert len(county) == 1
    assert campaigns(county[0]) == {"js-2016-qm", "js-2023-qm"}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_lineage_from_the_successor_reaches_its_predecessors_2016_activities(built: tuple[Path, Graph],
                                                                             engine: str) -> None:
    assert _answer(built[0], "江苏省市场监督管理局", "zh-Hans", engine) == _expected("lineage-amr.csv")


def test_lineage_from_an_abolished_body_finds_its_successor(built: tuple[Path, Graph]) -> None:
    assert _answer(built[0], "省质监局", "en") == _expected("lineage-qts.csv")


def test_lineage_through_the_command_line(built: tuple[Path, Graph]) -> None:
    result = CliRunner().invoke(main, ["query", "agency-lineage", "--data", str(built[0]), "--param",
                                       "agency=省質監局", "--lang", "en", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.output))) == _expected("lineage-qts.csv")
