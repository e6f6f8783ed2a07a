"""A site document's N-Triples, Turtle and RDF/XML written from its triples, without an rdflib graph of it.

Each document used to be copied into a new rdflib graph with govkg's 18 prefixes bound, only so that rdflib's
N-Triples serializer, :func:`kg.publish.fastttl.document_turtle` and :func:`kg.rdf.write.to_rdfxml` could read it
back (about a tenth of a document's CPU). These functions give the same bytes from the triples: N-Triples line by
line with rdflib's own row writer; Turtle and RDF/XML with the names a new graph of :func:`document_graph` gives.
Where that graph would make up a prefix (a predicate in no bound namespace) or rdflib's Turtle serializer would be
asked (:mod:`kg.publish.fastttl`), they give None and the site asks the graph, as before
(``tests/test_site_docfiles.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import insert_trie
from rdflib.plugins.serializers.nt import _nt_row, _quoteLiteral
from rdflib.term import Node

from kg.namespaces import PREFIXES

__all__ = ["Triple", "document_graph", "ntriples", "rdfxml", "turtle"]

Triple = tuple[Node, Node, Node]
_BINDINGS = tuple((prefix, URIRef(iri)) for prefix, iri in PREFIXES.items())
_NOT_IN_IRI = re.compile('[<>" {}|\\\\^`]')  # what rdflib's ``URIRef.n3`` refuses (``rdflib.term._is_valid_uri``)


def document_graph() -> Graph:
    """An empty graph with govkg's (distinct) prefixes bound as ``Graph.bind`` binds them on a new graph, without
    its checks, which all say no there and cost more than a small document (``tests/test_site_graph.py``)."""
    graph = Graph(bind_namespaces="none")
    bind, trie = graph.store.bind, graph.namespace_manager._NamespaceManager__trie  # type: ignore[attr-defined]
    for prefix, iri in _BINDINGS:
        bind(prefix, iri, override=True)
        insert_trie(trie, str(iri))
    return graph


def ntriples(triples: Sequence[Triple]) -> bytes:
    """``to_sorted_lines`` of the triples' graph as N-Triples (:func:`kg.rdf.write.to_sorted_lines`): rdflib's rows,
    sorted (a row holds no line break: its literals are escaped)."""
    return ("\n".join(sorted(map(_row, triples))) + "\n").encode("utf-8")


def _row(triple: Triple) -> str:
    """rdflib's row of ``triple`` (``_nt_row``) without its line break; an IRI is written ``<iri>`` here, as
    ``URIRef.n3`` writes it, without a call to it and its check of nine characters one by one for each term."""
    s, p, o = triple
    if type(s) is URIRef and type(p) is URIRef and not _NOT_IN_IRI.search(s) and not _NOT_IN_IRI.search(p):
        if type(o) is URIRef and not _NOT_IN_IRI.search(o):
            return f"<{s}> <{p}> <{o}> ."
        if type(o) is Literal:
            return f"<{s}> <{p}> {_quoteLiteral(o)} ."
    return _nt_row(triple)[:-1]


def turtle(triples: Sequence[Triple]) -> bytes | None:
    """The Turtle :func:`kg.publish.fastttl.document_turtle` writes of the triples' graph, or None where it asks
    rdflib's serializer."""
    from kg.publish.fastttl import triples_turtle

    return triples_turtle(triples, _namespaces())


def rdfxml(triples: Sequence[Triple]) -> bytes | None:
    """:func:`kg.rdf.write.to_rdfxml` of the triples' graph, or None when a predicate is in no bound namespace."""
    from kg.rdf.write import rdfxml_of

    qnames = [_qname(t[1]) for t in triples]
    if None in qnames:
        return None
    known = dict(zip((t[1] for t in triples), qnames, strict=True))
    return rdfxml_of(triples, known.__getitem__)  # type: ignore[arg-type]


@cache
def _namespaces() -> tuple[tuple[str, str], ...]:
    return tuple(sorted((p, str(ns)) for p, ns in document_graph().namespace_manager.namespaces()))


_BOUND = frozenset(PREFIXES)


@cache
def _qname(predicate: Node) -> tuple[str, str, str] | None:
    """What a new :func:`document_graph`'s manager answers for ``predicate``, or None if it makes up a prefix."""
    prefix, ns, local = document_graph().namespace_manager.compute_qname_strict(str(predicate))
    return (prefix, str(ns), local) if prefix in _BOUND else None
