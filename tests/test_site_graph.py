"""The site's per-document graph binds govkg's prefixes the way ``Graph.bind`` binds them (kg.publish.site._graph)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from kg.namespaces import PREFIXES
from kg.publish.docfiles import document_graph as _graph
from kg.rdf.write import to_rdfxml


def _reference() -> Graph:
    """The old code path: each prefix bound with ``Graph.bind`` on a new graph."""
    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def _fill(graph: Graph) -> Graph:
    for n, iri in enumerate(PREFIXES.values()):
        graph.add((URIRef(iri + f"thing{n}"), URIRef(iri + "prop"), Literal(n)))
    graph.add((URIRef("http://example.org/a"), URIRef("http://example.org/unbound#p"), URIRef(PREFIXES["govkg"])))
    return graph


def test_bindings_and_names_equal_those_graph_bind_makes() -> None:
    fast, slow = _graph(), _reference()
    assert sorted(fast.namespaces()) == sorted(slow.namespaces())
    # the manager's namespace index, which compute_qname asks before splitting an IRI
    index = "_NamespaceManager__trie"
    assert getattr(fast.namespace_manager, index) == getattr(slow.namespace_manager, index)
    for iri in [*PREFIXES.values(), *(i + "local" for i in PREFIXES.values()), "http://example.org/unbound#p"]:
        assert fast.namespace_manager.compute_qname(iri) == slow.namespace_manager.compute_qname(iri)


def test_documents_written_from_it_are_the_same_bytes() -> None:
    fast, slow = _fill(_graph()), _fill(_reference())
    assert to_rdfxml(fast) == to_rdfxml(slow)
    assert fast.serialize(format="turtle") == slow.serialize(format="turtle")
    assert fast.serialize(format="json-ld") == slow.serialize(format="json-ld")
