"""The ontology's axioms, and the RDFS-style closure ``kg query --reason`` adds to the data."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Identifier

from kg.errors import InputError
from kg.query.local import RdflibStore

__all__ = ["materialise_closure", "ontology_graph"]


def materialise_closure(data: Graph, ontology: Graph) -> Graph:
    """Return ``data`` + ``ontology`` + the types and triples implied by subclass, subproperty, equivalence.

    A materialised RDFS-style closure (not full OWL-RL): enough for ``org:Organization`` to find agencies
    and ``prov:Activity`` to find activities when the ontology aligns them.
    """
    from rdflib.namespace import OWL, RDF, RDFS

    up_class = _upward(ontology, RDFS.subClassOf, OWL.equivalentClass)
    up_prop = _upward(ontology, RDFS.subPropertyOf, OWL.equivalentProperty)
    out = Graph()
    out += ontology
    out += data
    for s, p, o in data:
        for q in up_prop(p):
            out.add((s, q, o))
    for s, c in list(out.subject_objects(RDF.type)):
        for d in up_class(c):
            out.add((s, RDF.type, d))
    return out


def _upward(ontology: Graph, sub: URIRef, equivalent: URIRef) -> Any:
    edges: dict[Any, set[Any]] = defaultdict(set)
    for a, b in ontology.subject_objects(sub):
        edges[a].add(b)
    for a, b in ontology.subject_objects(equivalent):
        edges[a].add(b)
        edges[b].add(a)
    memo: dict[Identifier, set[Identifier]] = {}

    def up(node: Identifier) -> set[Identifier]:
        if node not in memo:
            seen: set[Identifier] = set()
            todo = list(edges.get(node, ()))
            while todo:
                nxt = todo.pop()
                if nxt not in seen and isinstance(nxt, URIRef):
                    seen.add(nxt)
                    todo.extend(edges.get(nxt, ()))
            seen.discard(node)
            memo[node] = seen
        return memo[node]

    return up


def ontology_graph(directory: Path | None = None) -> Graph:
    """The ontology's axioms: every ``*.ttl`` in ``ontology/`` except the SHACL shapes."""
    from kg.paths import ONTOLOGY_DIR

    files = [p for p in sorted((directory or ONTOLOGY_DIR).glob("*.ttl")) if "shape" not in p.name]
    if not files:
        raise InputError("no ontology to reason with", path=directory or ONTOLOGY_DIR)
    store = RdflibStore()
    store.load(files)
    return store.graph
