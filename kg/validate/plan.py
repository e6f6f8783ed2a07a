"""What compiled shapes are made of: checks, plans, the scratch graphs they use and the engine's refusal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.namespaces import RDF, XSD

__all__ = ["ENCODED", "FOCUS_GRAPH", "LITERALS_GRAPH", "PLAIN", "Check", "Plan", "UnsupportedShapes"]

LITERALS_GRAPH = "urn:x-govkg:shacl:literals"
"""The named graph holding every typed literal (other than strings) exactly as written."""
FOCUS_GRAPH = "urn:x-govkg:shacl:focus"
"""The named graph where each shape's focus nodes are written once: ``?focus <FOCUS_GRAPH> <shape set>``."""
ENCODED = "urn:x-govkg:shacl:datatype:"
"""Prefix of the datatype IRI of an encoded literal: ``"05"^^<ENCODED + xsd:integer IRI>``."""

PLAIN = {str(XSD.string), str(RDF.langString)}
"""The datatypes whose literals Oxigraph stores as written (the others go to ``LITERALS_GRAPH`` too)."""


class UnsupportedShapes(KGError):
    """The shapes use a SHACL feature this engine does not implement; the message names the shape and feature."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a SPARQL query (``?focus``, maybe ``?value``) and what a row means."""

    shape: Node
    severity: str
    messages: tuple[Literal, ...]
    path: URIRef | None
    inverse: bool
    query: str
    value: str | None = None  # the variable that holds the reported value: "?value", "?focus" or none
    keep: Callable[[Node], bool] | None = None  # a Python test on the value: keep the row when it says True


@dataclass(frozen=True)
class Plan:
    """The compiled shapes: updates that write the focus nodes of each target set, then the checks."""

    updates: list[str]
    checks: list[Check]
