"""A resource document's JSON-LD without PyLD, for the shapes govkg's documents take; PyLD for anything else.

:func:`kg.rdf.jsonld.to_jsonld` (PyLD: RDF to expanded JSON-LD, then compaction with ``ontology/context.jsonld``)
costs several milliseconds a document, most of it processing the same context again. A site document is a few
subjects with IRIs, language-tagged and typed literals, and each property is either one term of the context or
none; for those the compacted form is plain to write: a term's ``@type: @id``/``@vocab`` values as compact IRIs or
terms, a ``@container: @language`` term's values as a map by language, a typed term's values as strings, and a
property without a term as a compact IRI with expanded values. Whatever else a document holds (blank nodes, a
literal under an ``@id`` term, two terms for one IRI, a value under a term of another type …) goes to PyLD, so the
bytes are those of :func:`~kg.rdf.jsonld.to_jsonld` either way (``tests/test_site_fast.py`` compares them).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from typing import Any

from rdflib import Graph, Literal, URIRef

__all__ = ["document_jsonld"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NATIVE = frozenset(_XSD + t for t in ("boolean", "integer", "double"))
_SAFE_INTEGER = 2**53 - 1
_INTEGER = re.compile(r"[+-]?[0-9]+")
_GEN_DELIMS = frozenset(":/?#[]@")


class _Fallback(Exception):
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
                raise _Fallback(iri)
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


def document_jsonld(graph: Graph, context: dict[str, Any]) -> str:
    """The bytes :func:`kg.rdf.jsonld.to_jsonld` gives for ``graph`` (as a str), without PyLD when it can."""
    ctx = _context(json.dumps(context))
    try:
        nodes = _nodes(graph, ctx)
    except _Fallback:
        from kg.rdf.jsonld import to_jsonld

        return to_jsonld(graph, context)
    nodes.sort(key=lambda node: str(node.get("@id", "")))
    if len(nodes) == 1:
        body = json.dumps(nodes[0], ensure_ascii=False, indent=2)
        return ctx.header + (",\n" + body[2:] if len(body) > 2 else "\n}") + "\n"
    graph_json = json.dumps({"@graph": nodes}, ensure_ascii=False, indent=2)
    return ctx.header + ",\n" + graph_json[2:] + "\n"


def _nodes(graph: Graph, ctx: _Context) -> list[dict[str, Any]]:
    subjects: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    tags: dict[str, str] = {}
    for subject, verb, o in graph:
        if not isinstance(subject, URIRef) or not (isinstance(o, URIRef | Literal)):
            raise _Fallback(subject)
        if isinstance(o, Literal) and o.language and tags.setdefault(o.language.lower(), o.language) != o.language:
            raise _Fallback(o)  # two spellings of one tag: PyLD's result depends on the order
        subjects[str(subject)][str(verb)].append(o)
    nodes = []
    for s, properties in subjects.items():
        node: dict[str, Any] = {"@id": ctx.iri(s, False)}
        for p, values in properties.items():
            if p == _RDF_TYPE:
                if any(not isinstance(v, URIRef) for v in values):
                    raise _Fallback(p)
                types = sorted(ctx.iri(str(v), True) for v in values)
                node["@type"] = types[0] if len(types) == 1 else _sorted_list(types)
                continue
            key, compacted = _property(ctx, p, values)
            if key in node:
                raise _Fallback(key)
            node[key] = compacted
        nodes.append({k: node[k] for k in sorted(node)})
    return nodes


def _property(ctx: _Context, p: str, values: list[Any]) -> tuple[str, Any]:
    terms = ctx.by_iri.get(p, [])
    if len(terms) > 1:
        raise _Fallback(p)
    if not terms:
        return ctx.iri(p, True), _many([_expanded(ctx, v) for v in values])
    term, definition = terms[0]
    kind, container = definition.get("@type"), definition.get("@container")
    if container == "@language" and kind is None and set(definition) == {"@id", "@container"}:
        by_lang: dict[str, list[str]] = defaultdict(list)
        for v in values:
            if not isinstance(v, Literal) or not v.language:
                raise _Fallback(p)
            by_lang[v.language].append(str(v))
        return term, {lang: _many(texts) for lang, texts in sorted(by_lang.items())}
    if container is not None:
        raise _Fallback(p)
    if kind in ("@id", "@vocab"):
        if any(not isinstance(v, URIRef) for v in values):
            raise _Fallback(p)
        return term, _many([ctx.iri(str(v), kind == "@vocab") for v in values])
    if kind is not None:
        datatype = ctx.expand(kind)
        if datatype in _NATIVE:
            raise _Fallback(p)
        if any(not isinstance(v, Literal) or v.language or str(v.datatype or "") != datatype for v in values):
            raise _Fallback(p)
        return term, _many([str(v) for v in values])
    if any(not isinstance(v, Literal) for v in values):
        raise _Fallback(p)  # an IRI under a plain term: left to PyLD
    return term, _many([_expanded(ctx, v) for v in values])


def _expanded(ctx: _Context, value: Any) -> Any:
    """A value under a compact IRI or a plain term: ``{"@id"}``, a string, a native value, or a value object."""
    if isinstance(value, URIRef):
        return {"@id": ctx.iri(str(value), False)}
    text, datatype = str(value), str(value.datatype or "")
    if value.language:
        return {"@language": value.language, "@value": text}
    if not datatype or datatype == _XSD + "string":
        return text
    if datatype == _XSD + "boolean" and text in ("true", "false"):
        return text == "true"
    if datatype == _XSD + "integer" and _INTEGER.fullmatch(text) and abs(int(text)) <= _SAFE_INTEGER:
        return int(text)
    if datatype == _XSD + "double":
        raise _Fallback(value)  # PyLD's double canonical form: left to it
    return {"@type": ctx.iri(datatype, True), "@value": text}


def _many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else _sorted_list(values)


def _sorted_list(values: list[Any]) -> list[Any]:
    return sorted(values, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
