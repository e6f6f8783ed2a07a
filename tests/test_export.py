"""Exports: every dump round-trips, the named graphs follow the split rule, VoID counts and checksums are right."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.namespaces import DCAT, DCTERMS, GOVKG, ID, OA, ORG, OWL, RDF, SKOS, SPDX, VOID, XSD
from kg.paths import CONTEXT_FILE, KG_FILE, ONTOLOGY_FILE
from kg.publish.dataset import DATA_GRAPH, EVIDENCE_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH, load_dataset
from kg.publish.export import export
from kg.publish.ontodoc import render, terms
from kg.rdf.formats import RDF_FORMATS as FORMATS
from kg.rdf.jsonld import load_context
from tests.repo import ROOT

GRAPHS = (ONTOLOGY_GRAPH, DATA_GRAPH, EVIDENCE_GRAPH, REFERENCE_GRAPH)
DATASET = URIRef("https://w3id.org/govkg/id/dataset/govkg")
# the media types each suffix must carry, written out by hand (not read from kg.publish.export)
MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}
PARSERS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "rdf": "xml"}

# A small graph with what serialisers get wrong: multi-line text, carriage returns, markup characters, quotes,
# a blank node, an RDF list, typed and language-tagged literals, a curated and an uncurated agency.
TRICKY_DATA = """
@prefix govkg: <https://w3id.org/govkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/govkg/id/> .

<report/t> a govkg:SourceReport ; rdf:value "第一行\\r\\n第二行 <b>&amp; \\"引號\\" '單'\\n"@zh-Hant .
<agency/t-amr> a govkg:Agency ; govkg:curated true ; skos:prefLabel "測試局"@zh-Hant , "Test bureau"@en ;
    skos:altLabel "局"@zh-Hant ; govkg:evidence <evidence/t/0-1> .
<agency/t-x-ju> a govkg:Agency ; govkg:curated false ; skos:prefLabel "某局"@zh-Hant .
<evidence/t/0-1> a oa:SpecificResource ; oa:hasSource <report/t> ;
    oa:hasSelector <evidence/t/0-1#position> .
<evidence/t/0-1#position> a oa:TextPositionSelector ;
    oa:start "0"^^xsd:nonNegativeInteger ; oa:end "1"^^xsd:nonNegativeInteger .
<activity/t/01> a govkg:Activity ;
    govkg:conductedBy <agency/t-amr> , <agency/t-x-ju> ;
    rdfs:comment [ rdf:value "空白節點" ; rdfs:seeAlso ( <agency/t-amr> "二" 3 ) ] .
"""
TRICKY_ONTOLOGY = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix govkg: <https://w3id.org/govkg/ontology#> .
govkg:Agency a owl:Class ; rdfs:label "agency <&> \\"x\\""@en , "機構"@zh-Hant .
govkg:conductedBy a owl:ObjectProperty ; rdfs:domain [ a owl:Class ; owl:unionOf ( govkg:Agency govkg:Activity ) ] .
"""


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset([KG_FILE])


@pytest.fixture(scope="module")
def exported(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    export(dataset, out)
    return out


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("tricky")
    (folder / "data.ttl").write_text(TRICKY_DATA, encoding="utf-8")
    (folder / "onto.ttl").write_text(TRICKY_ONTOLOGY, encoding="utf-8")
    return load_dataset([folder / "data.ttl"], folder / "onto.ttl")


def _sources(data: Path = KG_FILE, ontology: Path = ONTOLOGY_FILE) -> Graph:
    """The source triples read straight from the files, without kg.export."""
    graph = Graph().parse(ontology, format="turtle")
    graph.parse(data, format="turtle")
    return graph


def _read_back(path: Path) -> Graph | Dataset:
    suffix = path.suffix.lstrip(".")
    if suffix == "jsonld":
        return _from_jsonld(path.read_text(encoding="utf-8"))
    if suffix in ("nq", "trig"):
        ds = Dataset()
        ds.parse(path, format=PARSERS[suffix])
        return ds
    return Graph().parse(path, format=PARSERS[suffix])


def _from_jsonld(text: str) -> Graph:
    """Read JSON-LD with the local context given as a dict, so nothing is fetched."""
    return Graph().parse(data=text, format="json-ld", context=load_context())


def _check_round_trip(path: Path, source: Graph, named: dict[URIRef, Graph]) -> None:
    back = _read_back(path)
    if isinstance(back, Dataset):
        names = {g.identifier for g in back.graphs() if len(g)}
        assert names == set(named), f"{path.name}: graphs {sorted(names)}"
        for iri, expected in named.items():
            assert isomorphic(back.graph(iri), expected), f"{path.name}: graph <{iri}> differs"
    else:
        assert len(back) == len(source)
        assert isomorphic(back, source), f"{path.name} does not parse back to the source graph"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_round_trips_to_the_source(fmt: str, exported: Path, dataset: Dataset) -> None:
    path = exported / f"kg.{FORMATS[fmt].suffix}"
    named = {iri: dataset.graph(iri) for iri in GRAPHS}
    _check_round_trip(path, _sources(), named)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_tricky_literals_blank_nodes_and_lists_round_trip(fmt: str, tricky: Dataset, tmp_path: Path) -> None:
    export(tricky, tmp_path, [fmt])
    source = Graph().parse(data=TRICKY_ONTOLOGY, format="turtle").parse(data=TRICKY_DATA, format="turtle")
    named = {iri: tricky.graph(iri) for iri in GRAPHS if len(tricky.graph(iri))}
    _check_round_trip(tmp_path / f"kg.{FORMATS[fmt].suffix}", source, named)


def test_the_named_graphs_split_the_source_without_loss(dataset: Dataset) -> None:
    graphs = [set(dataset.graph(iri)) for iri in GRAPHS]
    assert all(graphs), "every named graph has triples"
    for i, a in enumerate(graphs):
        for b in graphs[i + 1:]:
            assert not a & b, "a triple is in two named graphs"
    together = Graph()
    for g in graphs:
        for t in g:
            together.add(t)
    assert isomorphic(together, _sources())
    assert isomorphic(dataset.graph(ONTOLOGY_GRAPH), Graph().parse(ONTOLOGY_FILE))


def test_seed_triples_land_in_the_graph_the_rule_names(dataset: Dataset) -> None:
    amr, act4 = ID["agency/js-amr"], ID["activity/js-2022-qm/04"]
    ev4 = ID["activity/js-2022-qm/04/evidence"]
    report = ID["report/js-2022-qm"]
    ontology, data, evidence, reference = (dataset.graph(i) for i in GRAPHS)
    assert (GOVKG.Agency, RDF.type, OWL.Class) in ontology
    assert (amr, SKOS.prefLabel, Literal("江蘇省市場監督管理局", lang="zh-Hant")) in reference
    assert (amr, SKOS.prefLabel, Literal("Jiangsu Provincial Administration for Market Regulation", lang="en")) \
        in reference
    assert (amr, GOVKG.curated, Literal(True)) in reference
    assert (amr, GOVKG.administrativeLevel, GOVKG.ProvincialLevel) in reference
    assert (amr, ORG.subOrganizationOf, ID["agency/js-gov"]) in reference
    assert (amr, RDF.type, GOVKG.Agency) in data
    assert (amr, SKOS.altLabel, Literal("省市場監管局", lang="zh-Hant")) in data  # the text's own short form
    assert (act4, GOVKG.conductedBy, amr) in data
    assert (act4, GOVKG.evidence, ev4) in data
    assert (ev4, OA.hasSource, report) in evidence
    assert (URIRef(f"{ev4}#position"), RDF.type, OA.TextPositionSelector) in evidence
    assert len(list(evidence.objects(report, RDF.value))) == 1
    assert (report, RDF.type, GOVKG.SourceReport) in data
    for selector in evidence.subjects(RDF.type, OA.TextQuoteSelector):
        assert (selector, OA.exact, None) in evidence
    assert not any(True for _ in data.triples((None, OA.exact, None)))


def test_split_rule_keeps_uncurated_labels_in_the_data_graph(tricky: Dataset) -> None:
    parts = {iri: tricky.graph(iri) for iri in (DATA_GRAPH, EVIDENCE_GRAPH, REFERENCE_GRAPH)}
    curated, uncurated = ID["agency/t-amr"], ID["agency/t-x-ju"]
    assert (curated, SKOS.prefLabel, Literal("測試局", lang="zh-Hant")) in parts[REFERENCE_GRAPH]
    assert (curated, SKOS.altLabel, Literal("局", lang="zh-Hant")) in parts[DATA_GRAPH]
    assert (uncurated, SKOS.prefLabel, Literal("某局", lang="zh-Hant")) in parts[DATA_GRAPH]
    assert (uncurated, GOVKG.curated, Literal(False)) in parts[DATA_GRAPH]
    assert (ID["report/t"], RDF.type, GOVKG.SourceReport) in parts[DATA_GRAPH]
    assert len(list(parts[EVIDENCE_GRAPH].triples((ID["report/t"], RDF.value, None)))) == 1
    # the evidence node (3 triples) and its selector (3 triples), plus the report's text
    assert len(parts[EVIDENCE_GRAPH]) == 3 + 3 + 1
    assert len(parts[REFERENCE_GRAPH]) == 3  # two labels and the curated flag


def _void(exported: Path) -> Graph:
    return Graph().parse(exported / "void.ttl", format="turtle")


def _int(graph: Graph, node: URIRef, prop: URIRef) -> int:
    values = list(graph.objects(node, prop))
    assert len(values) == 1, f"{node} {prop}: {values}"
    return int(values[0])


def test_void_counts_equal_counts_taken_by_plain_loops(exported: Path) -> None:
    void = _void(exported)
    source = _sources()
    members: dict[str, set[str]] = defaultdict(set)
    uses: dict[str, int] = defaultdict(int)
    subjects, objects, entities = set(), set(), set()
    triples = 0
    for s, p, o in source:
        triples += 1
        uses[str(p)] += 1
        subjects.add(s)
        objects.add(o)
        if isinstance(s, URIRef) and str(s).startswith("https://w3id.org/govkg/id/"):
            entities.add(s)
        if str(p) == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            members[str(o)].add(str(s) if isinstance(s, URIRef) else "_:" + str(s))
    assert _int(void, DATASET, VOID.triples) == triples
    assert _int(void, DATASET, VOID.entities) == len(entities)
    assert _int(void, DATASET, VOID.distinctSubjects) == len(subjects)
    assert _int(void, DATASET, VOID.distinctObjects) == len(objects)
    assert _int(void, DATASET, VOID.classes) == len(members)
    assert _int(void, DATASET, VOID.properties) == len(uses)
    found_classes = {}
    for part in void.objects(DATASET, VOID.classPartition):
        found_classes[str(void.value(part, VOID["class"]))] = _int(void, part, VOID.entities)
    assert found_classes == {cls: len(m) for cls, m in members.items()}
    found_props = {str(void.value(part, VOID.property)): _int(void, part, VOID.triples)
                   for part in void.objects(DATASET, VOID.propertyPartition)}
    assert found_props == dict(uses)
    # the activities: 22 in the seed report, by hand
    assert found_classes[str(GOVKG.Activity)] == 22


def test_void_subsets_count_the_lines_of_the_nquads_dump(exported: Path) -> None:
    void = _void(exported)
    per_graph: dict[str, int] = defaultdict(int)
    for line in (exported / "kg.nq").read_text(encoding="utf-8").splitlines():
        graph_term, dot = line.rsplit(" ", 2)[1:]  # the graph IRI is the last term; IRIs hold no spaces
        assert dot == "."
        per_graph[graph_term.strip("<>")] += 1
    assert {str(s): _int(void, s, VOID.triples) for s in void.objects(DATASET, VOID.subset)} == dict(per_graph)


def test_distributions_match_the_files(exported: Path) -> None:
    void = _void(exported)
    distributions = list(void.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 6
    for dist in distributions:
        url = str(void.value(dist, DCAT.downloadURL))
        assert url.startswith("http://127.0.0.1:8000/export/")
        path = exported / url.rsplit("/", 1)[1]
        data = path.read_bytes()
        assert _int(void, dist, DCAT.byteSize) == len(data) == path.stat().st_size
        checksum = void.value(dist, SPDX.checksum)
        assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(void.value(checksum, SPDX.checksumValue)).lower() == hashlib.sha256(data).hexdigest()
        media = str(void.value(dist, DCAT.mediaType))
        assert media == "https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[path.suffix.lstrip(".")]
        assert (DATASET, VOID.dataDump, URIRef(url)) in void


def test_dataset_description_names_licence_publisher_sources_endpoint(exported: Path) -> None:
    void = _void(exported)
    assert (DATASET, RDF.type, VOID.Dataset) in void
    assert (DATASET, RDF.type, DCAT.Dataset) in void
    assert (DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in void
    assert void.value(DATASET, DCTERMS.publisher) is not None
    assert set(void.objects(DATASET, DCTERMS.source)) == {ID["report/js-2022-qm"]}
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1:8000/sparql")
    assert str(void.value(DATASET, VOID.uriSpace)) == "https://w3id.org/govkg/id/"
    for prop in (DCTERMS.title, DCTERMS.description):
        langs = {v.language for v in void.objects(DATASET, prop) if isinstance(v, Literal)}
        assert {"en", "zh-Hans", "zh-Hant"} <= langs
    examples = set(void.objects(DATASET, VOID.exampleResource))
    assert ID["campaign/js-2022-qm"] in examples
    assert ID["activity/js-2022-qm/01"] in examples
    source = _sources()
    assert all((e, RDF.type, None) in source for e in examples)


def test_endpoint_and_base_are_configurable(tricky: Dataset, tmp_path: Path) -> None:
    export(tricky, tmp_path, ["turtle"], base="https://example.org/kg/", endpoint="https://example.org/q")
    void = Graph().parse(tmp_path / "void.ttl")
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("https://example.org/q")
    assert set(void.objects(DATASET, VOID.dataDump)) == {URIRef("https://example.org/kg/export/kg.ttl")}


def test_jsonld_uses_readable_keys_and_parses_offline(exported: Path, dataset: Dataset,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the JSON-LD parser tried to fetch something")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    text = (exported / "kg.jsonld").read_text(encoding="utf-8")
    document = json.loads(text)
    nodes = {n["@id"]: n for n in document["@graph"]}
    activity = nodes["id:activity/js-2022-qm/04"]
    assert activity["@type"] == "Activity"
    assert activity["conductedBy"] == "id:agency/js-amr"
    assert activity["activityType"] == "TypeProductComparison"
    assert activity["prefLabel"]["zh-Hant"].startswith("省市場監管局")
    position = nodes["id:activity/js-2022-qm/04/evidence#position"]
    assert set(position) == {"@id", "@type", "start", "end"}
    assert nodes["id:agency/js-amr"]["prefLabel"]["en"] == "Jiangsu Provincial Administration for Market Regulation"
    back = _from_jsonld(text)
    assert isomorphic(back, _sources())


def test_context_has_a_readable_key_for_every_govkg_term() -> None:
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    declared = {str(t) for t in Graph().parse(ONTOLOGY_FILE).subjects() if str(t).startswith(str(GOVKG))}
    expanded = set()
    for value in context.values():
        iri = value["@id"] if isinstance(value, dict) else value
        if isinstance(iri, str) and iri.startswith("govkg:"):
            expanded.add(str(GOVKG) + iri.removeprefix("govkg:"))
    assert declared - expanded == set()
    assert context["conductedBy"] == {"@id": "govkg:conductedBy", "@type": "@id"}
    assert context["govkg"] == str(GOVKG)


def test_re_export_gives_identical_bytes_whatever_the_hash_seed(exported: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    command = [sys.executable, "-c", "from kg.cli import main; main()", "export", "--out", str(tmp_path)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (exported / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_ontology_docs_mention_every_term_in_both_languages(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ontology-doc", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    ontology = Graph().parse(ONTOLOGY_FILE)
    local_names = [str(t).removeprefix(str(GOVKG)) for t in terms(ontology)]
    assert "conductedBy" in local_names and "TypeInspection" in local_names
    for lang, heading in (("en", "Object properties"), ("zh", "对象属性")):
        page = (tmp_path / f"index.{lang}.html").read_text(encoding="utf-8")
        assert heading in page
        for name in local_names:
            assert f'id="{name}"' in page, f"{lang}: no anchor for {name}"
        assert "<script" not in page and "<link" not in page and "@import" not in page and "src=" not in page
    zh = (tmp_path / "index.zh.html").read_text(encoding="utf-8")
    assert "實施機構" in zh and "实施机构" in zh  # conductedBy's labels in both scripts


def test_ontology_docs_escape_markup_and_show_union_domains() -> None:
    ontology = Graph().parse(data=TRICKY_ONTOLOGY, format="turtle")
    page = render(ontology, "en")
    assert "agency &lt;&amp;&gt; &quot;x&quot;" in page
    assert "<&>" not in page
    assert '<a href="#Agency"><code>govkg:Agency</code></a> or <a href="#Activity">' in page


def test_export_refuses_a_missing_or_broken_file_and_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n", encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    missing = runner.invoke(main, ["export", "--data", str(tmp_path / "nope.ttl"), "--out", str(out)])
    assert missing.exit_code == 2
    assert "nope.ttl" in missing.output and "Traceback" not in missing.output
    bad = runner.invoke(main, ["export", "--data", str(broken), "--out", str(out)])
    assert bad.exit_code == 2
    assert f"{broken}:3" in bad.output
    assert not out.exists()


def test_export_command_writes_only_the_formats_asked_for(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "trig", "--format", "jsonld", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.jsonld", "kg.trig", "void.ttl"]
    void = Graph().parse(tmp_path / "void.ttl")
    assert len(list(void.objects(DATASET, DCAT.distribution))) == 2
    assert (None, XSD.hexBinary, None) not in void  # sanity: checksums are literals, not triples about xsd
    assert not any(isinstance(s, BNode) for s in void.subjects()), "the description has no blank nodes"
