"""A resource document's Turtle without rdflib's serializer, in the bytes that serializer writes; rdflib otherwise.

rdflib's Turtle serializer (what ``kg site`` has always written to ``id/<path>.ttl``) spends most of a document's
time asking its namespace manager the same questions. For a document of IRIs and string, integer and boolean
literals its output is simple to write: the prefixes used (sorted), then each subject (those named least often as
an object first, then by IRI) with ``a`` first, then ``rdfs:label``, then the other predicates by IRI, objects IRIs
first then literals by language and text, several objects on lines of their own. Blank nodes, classes
(``rdfs:Class``), predicates without a prefix, several typed literals of one predicate and the like go to rdflib, so
the bytes are the same either way (``tests/test_site_fast.py`` compares them).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, NamespaceManager
from rdflib.term import Node

from kg.rdf.write import quote

__all__ = ["document_turtle", "triples_turtle"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = _XSD + "string"
_PLAIN_TYPES = frozenset((_XSD + "integer", _XSD + "boolean"))
_ANY_PLAIN = frozenset((_XSD + "integer", _XSD + "boolean", _XSD + "double", _XSD + "decimal", _XSD + "float"))
_RDF_TYPE, _RDFS_LABEL, _RDFS_CLASS = str(RDF.type), str(RDFS.label), str(RDFS.Class)
_ID = "https://w3id.org/govkg/id/"
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class _Fallback(Exception):
    """The document holds something left to rdflib's serializer."""


class _Names:
    """Prefixed names as rdflib's Turtle serializer makes them (its ``get_pname``), remembered."""

    def __init__(self, namespaces: tuple[tuple[str, str], ...]) -> None:
        self.nm = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
        for prefix, iri in namespaces:
            self.nm.bind(prefix, URIRef(iri), override=True, replace=True)
        self._known: dict[str, tuple[str, str] | None] = {}
        # the base of minted IRIs when no bound namespace is under it (kg.rdf.write.TurtleWriter assumes the same)
        under = [iri for _, iri in namespaces if iri.startswith(_ID) and len(iri) > len(_ID)]
        self.minted = "\x00" if under else _ID

    def pname(self, iri: str) -> tuple[str, str] | None:
        """(``prefix:local``, the prefix's namespace) or None when the serializer writes the IRI in full."""
        if iri not in self._known:
            self._known[iri] = self._pname(iri)
        return self._known[iri]

    def _pname(self, iri: str) -> tuple[str, str] | None:
        if iri.startswith(self.minted) and "/" in iri[len(self.minted):]:
            return None  # a minted IRI: its namespace (up to the last / or #) is never bound; no need to ask rdflib
        try:
            prefix, namespace, local = self.nm.compute_qname(iri, generate=False)
        except Exception:
            bound = self.nm.store.prefix(URIRef(iri))
            if bound is None:
                return None
            prefix, namespace, local = bound, URIRef(iri), ""
        local = _PERCENT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith(".") or prefix.startswith("_"):
            return None if local.endswith(".") else _raise()
        return f"{prefix}:{local}", str(namespace)


def _raise() -> Any:
    raise _Fallback("a prefix rdflib would rename")


@cache
def _names(namespaces: tuple[tuple[str, str], ...]) -> _Names:
    return _Names(namespaces)


def document_turtle(graph: Graph) -> bytes:
    """The bytes ``graph.serialize(format="turtle", encoding="utf-8")`` gives, without rdflib's serializer if it can."""
    names = _names(tuple(sorted((p, str(ns)) for p, ns in graph.namespace_manager.namespaces())))
    try:
        return _turtle(graph, names)
    except _Fallback:
        return graph.serialize(format="turtle", encoding="utf-8")


def triples_turtle(triples: Iterable[tuple[Node, Node, Node]], namespaces: tuple[tuple[str, str], ...]) -> bytes | None:
    """:func:`document_turtle` of a graph's triples, its ``namespaces`` sorted; None where rdflib's serializer is
    asked."""
    try:
        return _turtle(triples, _names(namespaces))
    except _Fallback:
        return None


def _turtle(graph: Iterable[tuple[Node, Node, Node]], names: _Names) -> bytes:
    subjects: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    references: dict[str, int] = defaultdict(int)
    used: dict[str, str] = {}
    for s, p, o in graph:
        if not isinstance(s, URIRef) or not isinstance(o, URIRef | Literal):
            raise _Fallback(s)
        subject, predicate = str(s), str(p)
        if predicate == _RDF_TYPE and str(o) == _RDFS_CLASS:
            raise _Fallback(s)
        for term in (subject, *((str(o),) if isinstance(o, URIRef) else ())):
            found = names.pname(term)
            if found is not None:
                used[found[0].split(":", 1)[0]] = found[1]
        if predicate != _RDF_TYPE:
            found = names.pname(predicate)
            if found is None:
                raise _Fallback(predicate)  # rdflib would make up a prefix for it
            used[found[0].split(":", 1)[0]] = found[1]
        if isinstance(o, Literal) and o.datatype is not None:
            found = names.pname(str(o.datatype))
            if found is not None:
                used[found[0].split(":", 1)[0]] = found[1]
        if isinstance(o, URIRef):
            references[str(o)] += 1
        subjects[subject][predicate].append(o)
    out = [f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in sorted(used.items())]
    for subject in sorted(subjects, key=lambda s: (references.get(s, 0), s)):
        out.append("\n" + _iri(names, subject) + _predicates(names, subjects[subject]) + " .\n")
    out.append("\n")
    return "".join(out).encode("utf-8")


def _predicates(names: _Names, properties: dict[str, list[Any]]) -> str:
    order = [p for p in (_RDF_TYPE, _RDFS_LABEL) if p in properties]
    order += sorted(p for p in properties if p not in (_RDF_TYPE, _RDFS_LABEL))
    parts = []
    for p in order:
        verb = "a" if p == _RDF_TYPE else _iri(names, p)
        objects = [_term(names, o) for o in _sorted(properties[p])]
        parts.append(f" {verb} " + ",\n        ".join(objects))
    return " ;\n   ".join(parts)


def _sorted(objects: list[Any]) -> list[Any]:
    iris = sorted(str(o) for o in objects if isinstance(o, URIRef))
    literals = [o for o in objects if isinstance(o, Literal)]
    if len(literals) > 1 and any(o.datatype is not None and str(o.datatype) != _STRING for o in literals):
        raise _Fallback(literals[0])  # rdflib orders typed values by value: left to it
    literals.sort(key=lambda o: (1, o.language, str(o)) if o.language else (0, "", str(o)))
    return [URIRef(i) for i in iris] + literals


def _iri(names: _Names, iri: str) -> str:
    found = names.pname(iri)
    return found[0] if found is not None else URIRef(iri).n3()


def _term(names: _Names, o: Any) -> str:
    if isinstance(o, URIRef):
        return _iri(names, str(o))
    datatype = str(o.datatype) if o.datatype is not None else None
    if datatype in _ANY_PLAIN and o.value is not None:
        if datatype not in _PLAIN_TYPES:
            raise _Fallback(o)  # doubles and decimals: rdflib's own spelling
        return str(o).lower() if datatype == _XSD + "boolean" else str(o)
    if o.language:
        return f"{quote(str(o))}@{o.language}"
    if datatype is not None:
        found = names.pname(datatype)
        return f"{quote(str(o))}^^{found[0] if found is not None else '<' + datatype + '>'}"
    return quote(str(o))
