"""Export bytes: the dumps written from Oxigraph's N-Triples lines are the bytes rdflib's export wrote.

Each reference below is the old code path (rdflib parses, rdflib splits, rdflib writes), kept here as the
independent way to the same bytes: N-Triples, N-Quads, RDF/XML and JSON-LD must equal it byte for byte; Turtle and
TriG (Oxigraph's layout now) must parse back to the same graphs and keep language tags in their case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.namespaces import DCTERMS, GOVKG, OA, ORG, RDF, bind_prefixes
from kg.paths import KG_FILE, ONTOLOGY_FILE
from kg.publish.dataset import (
    _REFERENCE_CLASSES,
    _REFERENCE_PREDICATES,
    DATA_GRAPH,
    EVIDENCE_GRAPH,
    NAMED_GRAPHS,
    ONTOLOGY_GRAPH,
    REFERENCE_GRAPH,
    _canonical,
    load_split,
    read_graph,
)
from kg.publish.export import export
from kg.rdf.formats import RDF_FORMATS

TAGGED = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix govkg: <https://w3id.org/govkg/ontology#> .
<https://w3id.org/govkg/id/agency/t> a govkg:Agency ;
    skos:prefLabel "測試局"@zh-Hant , "测试局"@zh-Hans , "Test"@en-GB , "測試"@zh-Hant-TW , "x"@EN ;
    skos:altLabel "say \\"hi\\"@zh-hant ;"@zh-Hant , "tab\\there"@zh-Hant ,
        "two\\nlines\\r"@zh-Hans , "back\\\\"@zh-Hant ;
    govkg:year "02022"^^xsd:integer , "2022"^^xsd:gYear ;
    govkg:curated "1"^^xsd:boolean , true ;
    govkg:slogan "plain"^^xsd:string .
<https://w3id.org/govkg/id/agency/t> a govkg:Agency .
"""


def _old_split(data: Graph) -> dict[URIRef, Graph]:
    """The rdflib split the export used before (rdflib terms, rdflib sets), as an independent reference."""
    evidence = set(data.subjects(RDF.type, OA.SpecificResource))
    evidence |= {o for s in list(evidence) for o in data.objects(s, OA.hasSelector)}
    reference = {s for cls in _REFERENCE_CLASSES for s in data.subjects(RDF.type, cls)
                 if (s, GOVKG.curated, Literal(True)) in data}
    events = set(data.subjects(RDF.type, ORG.ChangeEvent))
    reference |= events | {o for e in events for o in data.objects(e, DCTERMS.source)}
    reports = set(data.subjects(RDF.type, GOVKG.SourceReport))
    parts = {iri: Graph() for iri in (DATA_GRAPH, EVIDENCE_GRAPH, REFERENCE_GRAPH)}
    for s, p, o in data:
        if s in evidence or (p == RDF.value and s in reports):
            parts[EVIDENCE_GRAPH].add((s, p, o))
        elif s in reference and p in _REFERENCE_PREDICATES:
            parts[REFERENCE_GRAPH].add((s, p, o))
        else:
            parts[DATA_GRAPH].add((s, p, o))
    return parts


def _old_dataset(data: Path, ontology: Path = ONTOLOGY_FILE) -> Dataset:
    vocabulary = _canonical(read_graph([ontology]), "o")
    parts: dict[URIRef, Graph] = {ONTOLOGY_GRAPH: vocabulary, **_old_split(_canonical(read_graph([data]), "d"))}
    dataset = Dataset()
    bind_prefixes(dataset)
    for iri in NAMED_GRAPHS:
        target = dataset.graph(iri)
        for triple in parts[iri]:
            if iri == ONTOLOGY_GRAPH or triple not in vocabulary:
                target.add(triple)
    return dataset


def _old_bytes(dataset: Dataset, name: str) -> bytes:
    """rdflib's dumps as the export wrote them before (kg.rdf.write's sorted lines and RDF/XML, PyLD's JSON-LD)."""
    from kg.rdf.jsonld import load_context, to_jsonld
    from kg.rdf.write import to_rdfxml, to_sorted_lines

    union = bind_prefixes(Graph(bind_namespaces="none"))
    for iri in NAMED_GRAPHS:
        for triple in dataset.graph(iri):
            union.add(triple)
    if name == "nquads":
        return to_sorted_lines(dataset, "nquads")
    if name == "ntriples":
        return to_sorted_lines(union, "nt")
    if name == "rdfxml":
        return to_rdfxml(union)
    return to_jsonld(union, load_context()).encode("utf-8")


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tagged") / "kg.ttl"
    path.write_text(TAGGED, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["ntriples", "nquads", "rdfxml", "jsonld"])
@pytest.mark.parametrize("source", ["seed", "tagged"])
def test_dumps_are_the_bytes_of_the_rdflib_export(name: str, source: str, tagged: Path, tmp_path: Path) -> None:
    data = KG_FILE if source == "seed" else tagged
    result = export(load_split([data]), tmp_path, [name])
    (dump,) = result.dumps
    assert dump.path.read_bytes() == _old_bytes(_old_dataset(data), name)


@pytest.mark.parametrize("name", ["turtle", "trig"])
def test_turtle_and_trig_keep_the_graphs_and_the_case_of_language_tags(name: str, tagged: Path,
                                                                        tmp_path: Path) -> None:
    export(load_split([tagged]), tmp_path, [name])
    path = tmp_path / f"kg.{RDF_FORMATS[name].suffix}"
    text = path.read_text(encoding="utf-8")
    assert "@zh-Hant " in text or "@zh-Hant\n" in text or "@zh-Hant ," in text
    for tag in ("zh-hant", "zh-hans", "en-gb", "zh-hant-tw"):
        assert f'"@{tag}' not in text.replace('\\"@zh-hant', ""), tag  # the quoted text keeps its own case
    old = _old_dataset(tagged)
    if name == "turtle":
        union = Graph()
        for iri in NAMED_GRAPHS:
            for triple in old.graph(iri):
                union.add(triple)
        assert isomorphic(Graph().parse(path, format="turtle"), union)
    else:
        back = Dataset()
        back.parse(path, format="trig")
        for iri in NAMED_GRAPHS:
            assert isomorphic(back.graph(iri), old.graph(iri)), iri


def test_language_tags_keep_their_case_in_every_line(tagged: Path) -> None:
    text = b"".join(load_split([tagged]).lines).decode("utf-8")
    for tag in ("zh-Hant", "zh-Hans", "en-GB", "zh-Hant-TW", "en"):
        assert f'"@{tag} .' in text, tag
    assert "zh-hant" not in text.replace('\\"@zh-hant', "") and "en-gb" not in text


def test_control_characters_are_written_as_rdflib_writes_them(tmp_path: Path) -> None:
    path = tmp_path / "bell.nt"
    path.write_text('<http://example.org/a> <http://example.org/p> "bell\\u0007 tab\\t ff\\f del\\u007F" .\n',
                    encoding="utf-8")
    (line,) = load_split([path], ontology=path).lines
    assert line == '<http://example.org/a> <http://example.org/p> "bell\u0007 tab\t ff\f del\u007f" .\n'.encode()


def test_the_named_graphs_are_the_rdflib_split_on_the_seed() -> None:
    split, old = load_split([KG_FILE]), _old_dataset(KG_FILE)
    for iri in NAMED_GRAPHS:
        ours = Graph().parse(data=b"".join(split.of(iri)).decode("utf-8"), format="nt")
        assert len(ours) == len(old.graph(iri)) and isomorphic(ours, old.graph(iri)), iri
