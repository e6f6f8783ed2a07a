"""The ontology and shapes a graph is checked against, and the two SHACL engines that run the shapes."""

from __future__ import annotations

import functools
from concurrent.futures import Executor
from typing import Any

from rdflib import BNode, Graph, Literal
from rdflib.term import Node

from kg.errors import KGError
from kg.namespaces import RDF, SH
from kg.paths import ONTOLOGY_FILE, SHAPES_FILE
from kg.validate.report import SHAPES_NS, Result, n3, pick

__all__ = ["ontology_quads", "rule_id", "shacl_results", "shapes_graph", "sparql_results"]


@functools.cache
def _ontology() -> Graph:
    from kg.rdf.read import parse_rdf

    return parse_rdf(ONTOLOGY_FILE)


@functools.cache
def shapes_graph() -> Graph:
    """The shapes of ``ontology/shapes.ttl``, read once."""
    from kg.rdf.read import parse_rdf

    return parse_rdf(SHAPES_FILE)


@functools.cache
def ontology_quads() -> list[Any]:
    """The ontology as Oxigraph quads, read once (the data's store holds it too, for subclasses and labels)."""
    from kg.rdf.read import read_quads

    return read_quads(ONTOLOGY_FILE)


def rule_id(shape: Node | None) -> str:
    """The local name of the named shape a result came from (walking up from anonymous nested shapes)."""
    graph, seen = shapes_graph(), set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        shape = next(iter(graph.subjects(None, shape)), None)
    text = str(shape) if shape is not None else "unknown"
    return text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else text


def shacl_results(data: Graph, lang: str) -> list[Result]:
    """The shapes run by pySHACL, the reference engine, on ``data`` with the ontology mixed in (no inference)."""
    from pyshacl import validate as shacl_validate

    try:
        _, report, _ = shacl_validate(data, shacl_graph=shapes_graph(), ont_graph=_ontology(), inference="none",
                                      allow_warnings=True, advanced=False)
    except Exception as exc:  # pyshacl raises its own error types for broken shapes
        raise KGError(f"{SHAPES_FILE}: SHACL validation could not run ({exc})") from exc
    out = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus, path, value = (report.value(node, p) for p in (SH.focusNode, SH.resultPath, SH.value))
        severity = report.value(node, SH.resultSeverity)
        messages = list(report.objects(node, SH.resultMessage))
        rule = rule_id(report.value(node, SH.sourceShape))
        sev = str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"
        out.append(Result.of(focus, rule, sev, pick(messages, lang), _path_text(report, path), value))
    return out


def sparql_results(store: Any, graph: Graph | None, lang: str, pool: Executor | None = None) -> list[Result]:
    """The shapes compiled to SPARQL (``kg.validate.shacl``) and run on ``store``; ``graph`` is its data, if at hand.

    With ``pool`` the compiled checks run in its threads, several at once.
    """
    from kg.validate.shacl import compile_shapes, evaluate

    out, plan = [], compile_shapes(shapes_graph(), store)
    for check, focus, value in evaluate(store, plan, pool):  # leaves the data as loaded
        rule, message = rule_id(check.shape), pick(list(check.messages), lang)
        path = None if check.path is None else ("^" if check.inverse else "") + n3(check.path)
        if graph is not None and isinstance(value, Literal) and value.language and not check.inverse:
            value = _as_written(graph, focus, check.path, value)
        out.append(Result.of(focus, rule, check.severity, message, path, value))
    return out


def _as_written(graph: Graph, focus: Node, path: Node | None, value: Literal) -> Literal:
    """``value`` with its language tag as the data writes it (Oxigraph lower-cases tags)."""
    for written in graph.objects(focus, path):
        if isinstance(written, Literal) and str(written) == str(value) and \
                (written.language or "").lower() == (value.language or "").lower():
            return written
    return value


def _path_text(report: Graph, path: Node | None) -> str | None:
    if isinstance(path, BNode):
        inverse = report.value(path, SH.inversePath)
        return f"^{n3(inverse)}" if inverse is not None else "(complex path)"
    return None if path is None else n3(path)
