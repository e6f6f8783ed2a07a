"""The export's JSON-LD written node by node from the sorted lines (kg.publish.ldlines) against PyLD's compaction of
the whole graph (kg.rdf.jsonld.to_jsonld, the path the export took before, kept as the reference): the same bytes
for the seed and for hand-written graphs whose subjects take every branch, the fast writer's and PyLD's."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.paths import KG_FILE
from kg.publish import ldlines
from kg.publish.dataset import load_split
from kg.rdf import jsonld
from kg.rdf.jsonld import load_context, to_jsonld
from kg.rdf.ntlines import node, nt_row, terms

ODD = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix govkg: <https://w3id.org/govkg/ontology#> .
@prefix id: <https://w3id.org/govkg/id/> .
id:a a govkg:Agency , govkg:Initiative ;
    skos:prefLabel "甲"@zh-Hans , "甲局"@zh-Hans , "A \\"quoted\\" \\\\ back"@en-GB ;
    govkg:year "2022"^^xsd:gYear ; govkg:byteSize "12"^^xsd:nonNegativeInteger ;
    govkg:conductedBy id:b ; govkg:note "line\\nbreak\\r" , "typed"^^xsd:string ;
    <http://example.org/n> 9007199254740993 , 42 , -7 , true , "x"^^<http://example.org/dt> , id:c .
id:b govkg:pageRank "0.5"^^xsd:decimal ; govkg:weight 1.5e0 ; <http://example.org/d> "2.0"^^xsd:double .
id:c skos:prefLabel "no tag" ; govkg:conductedBy "not an IRI" ; govkg:slogan id:a .
id:d a owl:Class ; owl:unionOf ( id:a id:b ) ; rdfs:label "联合"@zh-Hans .
id:e rdfs:domain [ a owl:Class ; owl:unionOf ( govkg:Campaign govkg:Agency ) ] ; govkg:year "1999"^^xsd:gYear .
[] a owl:AllDisjointClasses ; owl:members ( govkg:Agency govkg:Campaign ) .
<http://example.org/only> <http://example.org/p> "一" .
"""


def _reference(lines: list[bytes]) -> bytes:
    graph = Graph(bind_namespaces="none")
    for s, p, o in map(terms, lines):
        graph.add((node(s), node(p), node(o)))
    return to_jsonld(graph, load_context()).encode("utf-8")


def _ours(lines: list[bytes], monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, int]:
    """The fast writer's bytes and how many triples it left to PyLD."""
    left = []

    def counted(graph: Graph, context: dict[str, object]) -> list[dict[str, object]]:
        left.append(len(graph))
        return original(graph, context)

    original = jsonld.compacted_nodes
    monkeypatch.setattr(jsonld, "compacted_nodes", counted)
    return b"".join(ldlines.lines_jsonld(lines, load_context())), sum(left)


def test_the_seed_is_written_as_pyld_wrote_it_mostly_without_pyld(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = load_split([KG_FILE]).lines
    ours, left = _ours(lines, monkeypatch)
    assert ours == _reference(lines)
    assert 0 < left < len(lines) // 20  # the ontology's blank nodes (and little else) go to PyLD


def test_odd_literals_blank_nodes_and_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = sorted(nt_row(t) for t in Graph().parse(data=ODD, format="turtle"))
    ours, left = _ours(lines, monkeypatch)
    assert ours == _reference(lines)
    assert 0 < left < len(lines)  # both writers had subjects (b's double, c's odd values and the lists to PyLD)


@pytest.mark.parametrize("text", [
    "",  # no node: an empty @graph
    '<https://w3id.org/govkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x"@en .\n',  # one node, no @graph
    '<https://w3id.org/govkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x"@zh-Hant .\n'
    '<https://w3id.org/govkg/id/y> <http://www.w3.org/2000/01/rdf-schema#label> "y"@zh-hant .\n',  # two spellings
])
def test_edge_documents(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = text.encode("utf-8").splitlines(keepends=True)
    ours, _ = _ours(lines, monkeypatch)
    assert ours == _reference(lines)
