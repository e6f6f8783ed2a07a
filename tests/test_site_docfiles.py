"""A site document's N-Triples, Turtle and RDF/XML written from its triples (kg.publish.docfiles) are the bytes the
rdflib graph of the same triples gives, and the writers step aside where that graph would decide otherwise."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import RDF, SKOS
from kg.paths import KG_FILE
from kg.publish.docfiles import document_graph, ntriples, rdfxml, turtle
from kg.publish.fastttl import document_turtle
from kg.publish.load import load_store
from kg.publish.site import Site
from kg.rdf.write import to_rdfxml, to_sorted_lines

AMR = URIRef("https://w3id.org/govkg/id/agency/xx-amr")
ORG = URIRef("http://www.w3.org/ns/org#Organization")


@pytest.fixture(scope="module")
def store_site() -> Site:
    return Site(load_store([KG_FILE]))


def _graph_of(triples: list[tuple[Node, Node, Node]]) -> Graph:
    graph = document_graph()
    for triple in triples:
        graph.add(triple)
    return graph


def test_ntriples_are_sorted_rows_with_line_breaks_escaped() -> None:
    triples = [(AMR, SKOS.prefLabel, Literal("青溪\n市場", lang="zh-Hant")), (AMR, RDF.type, ORG)]
    assert ntriples(triples) == (
        '<https://w3id.org/govkg/id/agency/xx-amr> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
        "<http://www.w3.org/ns/org#Organization> .\n"
        '<https://w3id.org/govkg/id/agency/xx-amr> <http://www.w3.org/2004/02/skos/core#prefLabel> '
        '"青溪\\n市場"@zh-Hant .\n').encode()


def test_rdfxml_names_the_bound_prefixes_and_steps_aside_for_an_unbound_one() -> None:
    triples = [(AMR, SKOS.prefLabel, Literal("雲嶺縣市場監管局", lang="zh-Hant")), (AMR, RDF.type, ORG)]
    made = rdfxml(triples)
    assert made is not None
    assert '<skos:prefLabel xml:lang="zh-Hant">雲嶺縣市場監管局</skos:prefLabel>' in made.decode()
    assert made == to_rdfxml(_graph_of(triples))
    assert rdfxml([*triples, (AMR, URIRef("http://example.org/unbound#p"), ORG)]) is None  # the graph makes up ns1


def test_turtle_steps_aside_for_a_blank_node() -> None:
    triples = [(AMR, SKOS.prefLabel, Literal("雲嶺", lang="zh-Hans")), (AMR, RDF.type, ORG)]
    assert turtle(triples) == document_turtle(_graph_of(triples))
    assert turtle([*triples, (AMR, SKOS.related, BNode("b1"))]) is None


def test_every_seed_document_is_the_bytes_of_its_graph(store_site: Site) -> None:
    for path in store_site.documents():
        triples = store_site.triples(path)
        graph = _graph_of(triples)
        assert len(set(triples)) == len(triples) == len(graph), path
        assert ntriples(triples) == to_sorted_lines(graph, "nt"), path
        assert rdfxml(triples) in (None, to_rdfxml(graph)), path
        assert turtle(triples) in (None, document_turtle(graph)), path
    fresh = Site(store_site.graph.store)  # type: ignore[attr-defined]
    made = 0
    for path in store_site.documents():  # the site's files: the same through the triples as through the graph
        fresh.describe(path)  # the graph made first: every format goes through it, as before
        for ext in ("nt", "rdf", "ttl"):
            assert store_site.rdf_document(path, ext) == fresh.rdf_document(path, ext), (path, ext)
        made += rdfxml(store_site.triples(path)) is not None and turtle(store_site.triples(path)) is not None
    assert made > len(store_site.documents()) // 2  # most documents are written without a graph
