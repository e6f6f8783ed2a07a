"""A resource document's JSON-LD without PyLD, for the shapes govkg's documents take; PyLD for anything else.

:func:`kg.rdf.jsonld.to_jsonld` (PyLD: RDF to expanded JSON-LD, then compaction with ``ontology/context.jsonld``)
costs several milliseconds a document, most of it processing the same context again. A site document is a few
subjects with IRIs, language-tagged and typed literals, and each property is either one term of the context or
none; for those the compacted form is plain to write: a term's ``@type: @id``/``@vocab`` values as compact IRIs or
terms, a ``@container: @language`` term's values as a map by language, a typed term's values as strings, and a
property without a term as a compact IRI with expanded values. Whatever else a document holds (blank nodes, a
literal under an ``@id`` term, two terms for one IRI, a value under a term of another type …) goes to PyLD, so the
bytes are those of :func:`~kg.rdf.jsonld.to_jsonld` either way (``tests/test_site_store.py`` compares them).
The export's JSON-LD dump uses the same compaction subject by subject (:mod:`kg.publish.ldlines`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

_encode_string: Any = json.encoder.encode_basestring  # type: ignore[attr-defined]  # the C one when built

__all__ = ["Fallback", "context_of", "document_jsonld", "indented", "jsonld_of", "node_objects", "plain_triples"]

# A term: an IRI as its str, a literal as (text, language or "", datatype IRI or ""); blank nodes are PyLD's.
Term = str | tuple[str, str, str]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NATIVE = frozenset(_XSD + t for t in ("boolean", "integer", "double"))
_SAFE_INTEGER = 2**53 - 1
_INTEGER = re.compile(r"[+-]?[0-9]+")
_GEN_DELIMS = frozenset(":/?#[]@")


class Fallback(Exception):
    """The document holds something this writer leaves to PyLD."""


class _Context:
    """What compaction needs of the context: terms by IRI, prefixes, and the compact form of IRIs (remembered)."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.by_iri: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        self.prefixes: list[tuple[str, str]] = []
        for term, definition in context.items():
            if term.startswith("@"):
                continue
            if isinstance(definition, str):
                iri = self.expand(definition)
                if iri[-1:] in _GEN_DELIMS:
                    self.prefixes.append((term, iri))
                self.by_iri[iri].append((term, {}))
            elif isinstance(definition, dict) and isinstance(definition.get("@id"), str):
                self.by_iri[self.expand(definition["@id"])].append((term, definition))
        self.header = json.dumps({"@context": context}, ensure_ascii=False, indent=2)[:-2]
        self._compact: dict[tuple[str, bool], str] = {}

    def expand(self, name: str) -> str:
        prefix, _, local = name.partition(":")
        base = self.context.get(prefix)
        return base + local if isinstance(base, str) and local and not local.startswith("//") else name

    def iri(self, iri: str, vocab: bool) -> str:
        """``iri`` compacted: a term (``vocab`` only) when one is exactly it, else the shortest compact IRI."""
        key = (iri, vocab)
        found = self._compact.get(key)
        if found is None:
            found = self._compact[key] = self._iri(iri, vocab)
        return found

    def _iri(self, iri: str, vocab: bool) -> str:
        if vocab:
            terms = [t for t, d in self.by_iri.get(iri, ()) if not d or set(d) == {"@id"}]
            if len(terms) == 1 and len(self.by_iri[iri]) == 1:
                return terms[0]
            if self.by_iri.get(iri):
                raise Fallback(iri)
        best: str | None = None
        for prefix, base in self.prefixes:
            if iri.startswith(base) and iri != base:
                candidate = f"{prefix}:{iri[len(base):]}"
                if candidate in self.context:
                    continue
                if best is None or (len(candidate), candidate) < (len(best), best):
                    best = candidate
        return best if best is not None else iri


@cache
def _context(key: str) -> _Context:
    return _Context(json.loads(key))


def context_of(context: dict[str, Any]) -> _Context:
    """What compaction needs of ``context`` (made once per context)."""
    return _context(json.dumps(context))


def document_jsonld(graph: Graph, context: dict[str, Any]) -> str:
    """The bytes :func:`kg.rdf.jsonld.to_jsonld` gives for ``graph`` (as a str), without PyLD when it can."""
    try:
        return jsonld_of(plain_triples(graph), context_of(context))
    except Fallback:
        from kg.rdf.jsonld import to_jsonld

        return to_jsonld(graph, context)


def jsonld_of(triples: Iterable[tuple[str, str, Term]], ctx: _Context) -> str:
    """:func:`document_jsonld` of plain triples (:func:`plain_triples`); :class:`Fallback` where it leaves them to
    PyLD."""
    nodes = node_objects(triples, ctx)
    nodes.sort(key=lambda node: str(node.get("@id", "")))
    if len(nodes) == 1:
        body = indented(nodes[0])
        return ctx.header + (",\n" + body[2:] if len(body) > 2 else "\n}") + "\n"
    graph_json = indented({"@graph": nodes})
    return ctx.header + ",\n" + graph_json[2:] + "\n"


def indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` for JSON of strings, integers, booleans, lists and objects
    with string keys, written here: with ``indent`` the standard library uses its pure-Python encoder, several
    times slower (anything else, such as a float, is left to it).

    >>> value = {"a": [1, True, "x\\"y"], "b": {}, "c": {"d": []}}
    >>> indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    True
    """
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        return "{" + inner + ("," + inner).join(f"{_string(k)}: {indented(v, level + 1)}" for k, v in value.items()
                                                 ) + "\n" + "  " * level + "}"
    if kind is list:
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        return "[" + inner + ("," + inner).join(indented(v, level + 1) for v in value) + "\n" + "  " * level + "]"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False, indent=2)  # None, floats and the like: the standard library's way


def _string(text: Any) -> str:
    if type(text) is not str:
        raise TypeError(f"a JSON object key that is not a string: {text!r}")
    encoded: str = _encode_string(text)
    return encoded


def plain_triples(graph: Iterable[tuple[Node, Node, Node]]) -> Iterator[tuple[str, str, Term]]:
    """The triples of ``graph`` (an rdflib graph or its triples) as terms of this module (:class:`Fallback` at a
    blank node)."""
    for subject, verb, o in graph:
        if not isinstance(subject, URIRef):
            raise Fallback(subject)
        if isinstance(o, URIRef):
            yield str(subject), str(verb), str(o)
        elif isinstance(o, Literal):
            yield str(subject), str(verb), (str(o), o.language or "", str(o.datatype or ""))
        else:
            raise Fallback(o)


def node_objects(triples: Iterable[tuple[str, str, Term]], ctx: _Context) -> list[dict[str, Any]]:
    """The compacted node objects of ``triples`` (IRI subjects), each node's keys sorted, in subject order."""
    subjects: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    tags: dict[str, str] = {}
    for subject, verb, o in triples:
        if type(o) is tuple and o[1] and tags.setdefault(o[1].lower(), o[1]) != o[1]:
            raise Fallback(o)  # two spellings of one tag: PyLD's result depends on the order
        subjects[subject][verb].append(o)
    return [node_object(s, properties, ctx) for s, properties in subjects.items()]


def node_object(s: str, properties: dict[str, list[Term]], ctx: _Context) -> dict[str, Any]:
    """One subject's compacted node object, its keys sorted."""
    node: dict[str, Any] = {"@id": ctx.iri(s, False)}
    for p, values in properties.items():
        if p == _RDF_TYPE:
            if any(type(v) is not str for v in values):
                raise Fallback(p)
            types = sorted(ctx.iri(v, True) for v in values)  # type: ignore[arg-type]
            node["@type"] = types[0] if len(types) == 1 else _sorted_list(types)
            continue
        key, compacted = _property(ctx, p, values)
        if key in node:
            raise Fallback(key)
        node[key] = compacted
    return {k: node[k] for k in sorted(node)}


def _property(ctx: _Context, p: str, values: list[Term]) -> tuple[str, Any]:
    terms = ctx.by_iri.get(p, [])
    if len(terms) > 1:
        raise Fallback(p)
    if not terms:
        return ctx.iri(p, True), _many([_expanded(ctx, v) for v in values])
    term, definition = terms[0]
    kind, container = definition.get("@type"), definition.get("@container")
    if container == "@language" and kind is None and set(definition) == {"@id", "@container"}:
        by_lang: dict[str, list[str]] = defaultdict(list)
        for v in values:
            if type(v) is not tuple or not v[1]:
                raise Fallback(p)
            by_lang[v[1]].append(v[0])
        return term, {lang: _many(texts) for lang, texts in sorted(by_lang.items())}
    if container is not None:
        raise Fallback(p)
    if kind in ("@id", "@vocab"):
        if any(type(v) is not str for v in values):
            raise Fallback(p)
        return term, _many([ctx.iri(v, kind == "@vocab") for v in values])  # type: ignore[arg-type]
    if kind is not None:
        datatype = ctx.expand(kind)
        if datatype in _NATIVE:
            raise Fallback(p)
        if any(type(v) is not tuple or v[1] or v[2] != datatype for v in values):
            raise Fallback(p)
        return term, _many([v[0] for v in values])
    if any(type(v) is not tuple for v in values):
        raise Fallback(p)  # an IRI under a plain term: left to PyLD
    return term, _many([_expanded(ctx, v) for v in values])


def _expanded(ctx: _Context, value: Term) -> Any:
    """A value under a compact IRI or a plain term: ``{"@id"}``, a string, a native value, or a value object."""
    if isinstance(value, str):
        return {"@id": ctx.iri(value, False)}
    text, language, datatype = value
    if language:
        return {"@language": language, "@value": text}
    if not datatype or datatype == _XSD + "string":
        return text
    if datatype == _XSD + "boolean" and text in ("true", "false"):
        return text == "true"
    if datatype == _XSD + "integer" and _INTEGER.fullmatch(text) and abs(int(text)) <= _SAFE_INTEGER:
        return int(text)
    if datatype == _XSD + "double":
        raise Fallback(value)  # PyLD's double canonical form: left to it
    return {"@type": ctx.iri(datatype, True), "@value": text}


def _many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else _sorted_list(values)


def _sorted_list(values: list[Any]) -> list[Any]:
    return sorted(values, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
