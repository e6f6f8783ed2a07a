"""The label-script check: Chinese labels and slogans in the script their language tag says, English without Han."""

from __future__ import annotations

import functools
from typing import Any, cast

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.ingest.script import is_han, to_hans, to_hant
from kg.namespaces import GOVKG, SKOS
from kg.validate.report import Result, lexical

__all__ = ["LABEL_PROPERTIES", "label_literals", "label_script_problems", "script_results"]

LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, GOVKG.slogan)
"""The properties whose literals the check reads."""
_MESSAGES = {
    "zh-hant": ("A zh-Hant text contains Simplified-only characters", "繁体（zh-Hant）文本含有仅见于简体的字"),
    "zh-hans": ("A zh-Hans text contains Traditional-only characters", "简体（zh-Hans）文本含有仅见于繁体的字"),
    "en": ("An English (en) text contains Chinese characters", "英文（en）文本含有汉字"),
}


def label_literals(graph: Graph | None, quads: list[Any]) -> list[tuple[Any, URIRef, Any]]:
    """Every (resource, property, literal) of the label properties in the data (the ontology left out).

    The terms are rdflib's, or Oxigraph's when the data came as quads (made rdflib's only when reported: at 1 M
    triples that saves seconds).
    """
    if graph is not None:
        return [(s, prop, o) for prop in LABEL_PROPERTIES for s, o in graph.subject_objects(prop)
                if isinstance(o, Literal)]
    import pyoxigraph

    wanted = {pyoxigraph.NamedNode(str(p)): p for p in LABEL_PROPERTIES}
    out = []
    for quad in quads:
        prop = wanted.get(quad.predicate)
        if prop is not None and isinstance(quad.object, pyoxigraph.Literal):
            out.append((quad.subject, prop, quad.object))
    return out


def label_script_problems(data: Graph) -> list[tuple[Node, URIRef, Literal, str]]:
    """Labels and slogans whose characters do not fit their language tag: (resource, property, literal, chars).

    >>> g = Graph().add((URIRef("urn:x"), SKOS.prefLabel, Literal("江苏省", lang="zh-Hant")))
    >>> [bad for *_, bad in label_script_problems(g)]
    ['苏']
    """
    return _script_problems(label_literals(data, []))


def script_results(literals: list[tuple[Any, URIRef, Any]], lang: str) -> list[Result]:
    """The label-script problems among ``literals`` (from ``label_literals``) as results in ``lang``."""
    out = []
    for subject, prop, literal, bad in _script_problems(literals):
        en, zh = _MESSAGES[(literal.language or "").lower()]
        message = f"{zh}：{bad}" if lang == "zh" else f"{en}: {bad}"
        out.append(Result.of(_rdflib(subject), "label-script", "Violation", message, prop, _rdflib(literal)))
    return out


def _script_problems(literals: list[tuple[Any, URIRef, Any]]) -> list[tuple[Any, URIRef, Any, str]]:
    problems = []
    for subject, prop, literal in literals:
        tag = (literal.language or "").lower()
        if tag not in ("en", "zh-hant", "zh-hans"):
            continue
        bad = "".join(dict.fromkeys(c for c in lexical(literal) if _wrong_script(c, tag)))
        if bad:
            problems.append((subject, prop, literal, bad))
    return problems


@functools.cache
def _wrong_script(char: str, tag: str) -> bool:
    """Is ``char`` out of place in a label tagged ``tag``?

    Simplified-only in zh-Hant: to_hant changes it and Big5 cannot encode it (so 于, 台 stay fine);
    Traditional-only in zh-Hans: to_hans changes it and GB2312 cannot encode it; any Han character in en.
    """
    if tag == "en":
        return is_han(char)
    convert, charset = (to_hant, "big5") if tag == "zh-hant" else (to_hans, "gb2312")
    if convert(char) == char:
        return False
    try:
        char.encode(charset)
    except UnicodeEncodeError:
        return True
    return False


def _rdflib(term: Any) -> Node:
    from kg.rdf.read import from_oxigraph

    return term if isinstance(term, Node) else cast(Node, from_oxigraph(term))
