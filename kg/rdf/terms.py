"""Triples as plain Python values: an IRI is a ``str``, a literal a ``(lexical form, language tag, datatype)``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Union

from kg.namespaces import RDF

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["Lit", "Term", "Triple", "Triples"]

Lit = tuple[str, str, str]
"""A literal: lexical form, language tag, datatype IRI (``""`` when absent)."""
Term = Union[str, Lit]  # noqa: UP007 (a runtime alias: ``str | tuple`` is not a type expression at runtime here)
"""An IRI (a blank node is ``_:`` and its label) or a literal."""
Triple = tuple[str, str, Term]

_RDF_TYPE = str(RDF.type)


class Triples:
    """A set of triples indexed subject -> predicate -> objects (insertion-ordered, no duplicates).

    >>> t = Triples()
    >>> t.add("https://w3id.org/govkg/id/a/b", _RDF_TYPE, "https://w3id.org/govkg/ontology#Agency")
    >>> t.add("https://w3id.org/govkg/id/a/b", _RDF_TYPE, "https://w3id.org/govkg/ontology#Agency")
    >>> len(t)
    1
    """

    __slots__ = ("subjects",)

    def __init__(self) -> None:
        self.subjects: dict[str, dict[str, dict[Term, None]]] = {}

    def add(self, s: str, p: str, o: Term) -> None:
        """Add one triple (a second add of the same triple changes nothing)."""
        predicates = self.subjects.get(s)
        if predicates is None:
            self.subjects[s] = {p: {o: None}}
            return
        objects = predicates.get(p)
        if objects is None:
            predicates[p] = {o: None}
        else:
            objects[o] = None

    def update(self, triples: Iterable[Triple]) -> None:
        """Add every triple of ``triples``."""
        for s, p, o in triples:
            self.add(s, p, o)

    def objects(self, s: str, p: str) -> Iterable[Term]:
        """The objects of ``s`` and ``p``, in the order they were added."""
        return self.subjects.get(s, {}).get(p, {}).keys()

    def has(self, s: str, p: str) -> bool:
        """True when ``s`` has at least one ``p``."""
        return bool(self.subjects.get(s, {}).get(p))

    def __iter__(self) -> Iterator[Triple]:
        for s, predicates in self.subjects.items():
            for p, objects in predicates.items():
                for o in objects:
                    yield s, p, o

    def __len__(self) -> int:
        return sum(len(objects) for predicates in self.subjects.values() for objects in predicates.values())

    def to_graph(self, graph: Graph) -> Graph:
        """Add every triple to an rdflib graph, as the rdflib terms the builder used to make, and return it."""
        from rdflib import BNode, Literal, URIRef

        def term(t: Term) -> URIRef | BNode | Literal:
            if isinstance(t, str):
                return BNode(t[2:]) if t.startswith("_:") else URIRef(t)
            return Literal(t[0], lang=t[1] or None, datatype=URIRef(t[2]) if t[2] else None)

        for s, p, o in self:
            graph.add((term(s), URIRef(p), term(o)))
        return graph
