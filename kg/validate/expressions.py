"""Shapes read for one store, and the SPARQL that tests a node against a (nested) shape."""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import RDF, RDFS, SH, XSD
from kg.validate.plan import ENCODED, LITERALS_GRAPH, PLAIN, UnsupportedShapes

__all__ = ["PROPERTY_ONLY", "TARGETS", "VALUE_TESTS", "ShapeExpressions", "as_decoded", "iri"]

TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_IGNORED = {SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.path,
            SH.property, SH.defaultValue, *TARGETS}
"""The constraint parameters that name the focus nodes of a shape."""
VALUE_TESTS = {SH["class"], SH.datatype, SH.nodeKind, SH.languageIn, SH.minLength, SH.maxLength, SH["in"],
               SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH["not"], SH["or"],
               SH["and"], SH.node}
"""The parameters that test each value node on its own."""
PROPERTY_ONLY = {SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.lessThan, SH.qualifiedValueShape,
                 SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint}
"""The parameters that only a property shape may have."""
_SUPPORTED = VALUE_TESTS | PROPERTY_ONLY | {SH.pattern, SH.hasValue}
_NODE_KINDS = {SH.IRI: "isIRI({x})", SH.BlankNode: "isBlank({x})", SH.Literal: "isLiteral({x})",
               SH.BlankNodeOrIRI: "(isBlank({x}) || isIRI({x}))", SH.BlankNodeOrLiteral:
               "(isBlank({x}) || isLiteral({x}))", SH.IRIOrLiteral: "(isIRI({x}) || isLiteral({x}))"}
_COMPARE = {SH.minInclusive: "<=", SH.maxInclusive: ">=", SH.minExclusive: "<", SH.maxExclusive: ">"}
_RDF_TYPE = f"<{RDF.type}>"
_SUBCLASS = f"<{RDFS.subClassOf}>"


class ShapeExpressions:
    """A shapes graph read for the data in one store: a shape's parameters and path, and SPARQL that tests a node.

    ``conforms`` is the expression for a nested shape (``sh:or``, ``sh:not``, ``sh:node``, qualified shapes);
    ``exists_pattern`` the cheaper graph pattern for the simple ones. ``kg.validate.compile.Compiler`` builds the
    top-level checks on it.
    """

    def __init__(self, shapes: Graph, store: Any, typed: set[str]) -> None:
        self.g, self.store, self.typed, self.count = shapes, store, typed, 0
        self.subclasses: dict[Node, list[str]] = {}

    # -- reading the shapes

    def instances(self, x: str, cls: Node) -> str:
        """The pattern: ``x`` is a SHACL instance of ``cls`` (rdf:type one of its subclasses in the data)."""
        if cls not in self.subclasses:
            rows = self.store.query(f"SELECT DISTINCT ?c {{ ?c {_SUBCLASS}* {iri(cls)} }}")
            self.subclasses[cls] = sorted({iri(r["c"].value) for r in rows} | {iri(cls)})
        # one triple pattern per class: a VALUES block here makes Oxigraph start from every instance of the class
        return " UNION ".join(f"{{ {x} {_RDF_TYPE} {c} }}" for c in self.subclasses[cls])

    def deactivated(self, shape: Node) -> bool:
        """Is ``shape`` switched off by ``sh:deactivated true``?"""
        return any(isinstance(v, Literal) and v.value is True for v in self.g.objects(shape, SH.deactivated))

    def refuse(self, shape: Node, feature: str) -> UnsupportedShapes:
        """The error saying that ``shape`` uses ``feature``, which this engine does not support."""
        return UnsupportedShapes(f"shape {_shape_name(self.g, shape)} uses {feature}, which the sparql engine does not "
                                 "support")

    def params(self, shape: Node) -> dict[URIRef, list[Node]]:
        """The constraint parameters of ``shape`` and their values; an unsupported one is refused."""
        params: dict[URIRef, list[Node]] = {}
        for p, o in self.g.predicate_objects(shape):
            if str(p).startswith(str(SH)) and p not in _IGNORED:
                if p not in _SUPPORTED and p != SH.pattern:
                    raise self.refuse(shape, _curie(p))
                params.setdefault(URIRef(str(p)), []).append(o)
        return params

    def shape_path(self, shape: Node) -> tuple[str, URIRef] | None:
        """(SPARQL path, its predicate) of a property shape; None for a node shape."""
        path = self.g.value(shape, SH.path)
        if path is None:
            return None
        if isinstance(path, URIRef):
            return iri(path), path
        inverse = self.g.value(path, SH.inversePath)
        if isinstance(inverse, URIRef) and len(list(self.g.predicate_objects(path))) == 1:
            return f"^{iri(inverse)}", inverse
        raise self.refuse(shape, "a complex sh:path (only an IRI or sh:inversePath of an IRI)")

    def exists_pattern(self, shape: Node, x: str) -> str | None:
        """A graph pattern that has a match exactly when ``x`` conforms to ``shape``, for the simple shapes.

        A node shape with one sh:class; a property shape with one sh:hasValue, sh:minCount 1, or a
        sh:qualifiedValueShape of sh:qualifiedMinCount 1.
        """
        if self.deactivated(shape) or (shape, SH.property, None) in self.g:
            return None
        params = self.params(shape)
        path = self.shape_path(shape)
        if path is None:
            if list(params) == [SH["class"]] and len(params[SH["class"]]) == 1:
                return self.instances(x, params[SH["class"]][0])
            return None
        v = self.fresh()
        if list(params) == [SH.hasValue] and len(params[SH.hasValue]) == 1:
            value = params[SH.hasValue][0]
            if isinstance(value, Literal) and _encoded(value):
                return f"GRAPH {iri(LITERALS_GRAPH)} {{ {x} {path[0]} {self.const(value)} }}"
            return f"{x} {path[0]} {self.const(value)} ."
        if list(params) == [SH.minCount] and [self.integer(n, shape) for n in params[SH.minCount]] == [1]:
            return self.values(x, path[0], v)
        if set(params) == {SH.qualifiedValueShape, SH.qualifiedMinCount} and \
                [self.integer(n, shape) for n in params[SH.qualifiedMinCount]] == [1] and \
                len(params[SH.qualifiedValueShape]) == 1:
            return f"{self.values(x, path[0], v)} {self.member(params[SH.qualifiedValueShape][0], v)}"
        return None

    def member(self, shape: Node, v: str) -> str:
        """A pattern or FILTER that keeps ``v`` when it conforms to ``shape``."""
        return self.exists_pattern(shape, v) or f"FILTER({self.conforms(shape, v)})"

    # -- nested shapes as FILTER expressions

    def conforms(self, shape: Node, x: str) -> str:
        """A SPARQL expression that is true when the node bound to ``x`` conforms to ``shape``."""
        if self.deactivated(shape):
            return "true"
        params = self.params(shape)
        path = self.shape_path(shape)
        tests = []
        if path is None:
            tests = [self.value_test(shape, p, o, x) for p, objs in params.items() for o in objs]
            tests += [self.conforms(child, x) for child in self.g.objects(shape, SH.property)]
        else:
            tests = [self._nested_property(shape, p, o, x, path[0]) for p, objs in params.items() for o in objs]
            tests = [t for t in tests if t]
        return "(" + " && ".join(tests) + ")" if tests else "true"

    def _nested_property(self, shape: Node, param: URIRef, obj: Node, x: str, path: str) -> str:
        v = self.fresh()
        if param in VALUE_TESTS:
            return f"NOT EXISTS {{ {self.values(x, path, v)} FILTER(!({self.value_test(shape, param, obj, v)})) }}"
        if param == SH.minCount and self.integer(obj, shape) <= 1:
            return "true" if self.integer(obj, shape) == 0 else f"EXISTS {{ {self.values(x, path, v)} }}"
        if param == SH.maxCount and self.integer(obj, shape) == 0:
            return f"NOT EXISTS {{ {self.values(x, path, v)} }}"
        if param == SH.hasValue:
            return self.has_value(x, path, obj)
        if param == SH.qualifiedValueShape:
            counts = {p: [self.integer(o, shape) for o in self.g.objects(shape, p)]
                      for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount)}
            if counts[SH.qualifiedMinCount] == [1] and not counts[SH.qualifiedMaxCount]:
                return f"EXISTS {{ {self.values(x, path, v)} FILTER({self.conforms(obj, v)}) }}"
        if param in (SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint):
            return ""
        raise self.refuse(shape, f"{_curie(param)} {obj} inside a nested shape")

    def value_test(self, shape: Node, param: URIRef, obj: Node, x: str) -> str:
        """True when the value node ``x`` passes the constraint ``param obj`` (pure SPARQL only)."""
        if param == SH["class"]:
            return f"(!isLiteral({x}) && EXISTS {{ {self.instances(x, obj)} }})"
        if param == SH.datatype:
            if obj == RDFS.Literal:
                return f"isLiteral({x})"
            if obj == RDF.langString:
                return f"(isLiteral({x}) && LANG({x}) != \"\")"
            if obj == XSD.string:
                return f"(isLiteral({x}) && DATATYPE({x}) = {iri(XSD.string)})"
            raise self.refuse(shape, f"sh:datatype {_curie(obj)} inside a nested shape")
        if param == SH.nodeKind and obj in _NODE_KINDS:
            return _NODE_KINDS[URIRef(str(obj))].format(x=x)
        if param == SH.languageIn:
            ranges = [str(r) for r in Collection(self.g, obj)]  # type: ignore[arg-type]
            matches = " || ".join(f"LANGMATCHES(LANG({x}), {_string(r)})" for r in ranges) or "false"
            return f"(isLiteral({x}) && ({matches}))"
        if param in (SH.minLength, SH.maxLength):
            op = ">=" if param == SH.minLength else "<="
            return f"(!isBlank({x}) && STRLEN(STR({x})) {op} {self.integer(obj, shape)})"
        if param in _COMPARE:
            return f"COALESCE({self.const(obj, decoded=True)} {_COMPARE[URIRef(param)]} {as_decoded(x)}, false)"
        if param == SH["in"]:
            members = [f"sameTerm({x}, {self.const(m)})" for m in Collection(self.g, obj)]  # type: ignore[arg-type]
            return "(" + (" || ".join(members) or "false") + ")"
        if param == SH["not"]:
            return f"!({self.conforms(obj, x)})"
        if param in (SH["or"], SH["and"]):
            parts = [self.conforms(m, x) for m in Collection(self.g, obj)]  # type: ignore[arg-type]
            joiner = " || " if param == SH["or"] else " && "
            return "(" + (joiner.join(parts) or ("false" if param == SH["or"] else "true")) + ")"
        if param == SH.node:
            return self.conforms(obj, x)
        if param == SH.hasValue:
            return f"sameTerm({x}, {self.const(obj)})"
        raise self.refuse(shape, f"{_curie(param)} {obj}")

    # -- SPARQL pieces

    def values(self, x: str, path: str, v: str) -> str:
        """The graph pattern binding ``v`` to each value node of ``x`` on ``path``, typed literals as written."""
        if path.startswith("^") or path[1:-1] not in self.typed:
            return f"{x} {path} {v} ."
        return (f"{{ {x} {path} {v} FILTER(!isLiteral({v}) || LANG({v}) != \"\" || DATATYPE({v}) = "
                f"{iri(XSD.string)}) }} UNION {{ GRAPH {iri(LITERALS_GRAPH)} {{ {x} {path} {v} }} }}")

    def has_value(self, x: str, path: str, value: Node) -> str:
        """An expression true when ``x`` has ``value`` on ``path``."""
        if isinstance(value, Literal) and _encoded(value):
            return f"EXISTS {{ GRAPH {iri(LITERALS_GRAPH)} {{ {x} {path} {self.const(value)} }} }}"
        return f"EXISTS {{ {x} {path} {self.const(value)} }}"

    def const(self, node: Node, *, decoded: bool = False) -> str:
        """``node`` as a SPARQL constant, encoded (see ``LITERALS_GRAPH``) unless ``decoded``."""
        if isinstance(node, URIRef):
            return iri(node)
        if isinstance(node, Literal):
            if _encoded(node) and not decoded:
                return Literal(str(node), datatype=URIRef(ENCODED + str(node.datatype))).n3()
            return node.n3()
        raise UnsupportedShapes(f"a blank node {node} as a constant in a shape")

    def integer(self, node: Node, shape: Node) -> int:
        """The integer a count parameter of ``shape`` gives; anything else is refused."""
        if isinstance(node, Literal) and isinstance(node.value, int) and not isinstance(node.value, bool):
            return node.value
        raise self.refuse(shape, f"a count that is not an integer ({node})")

    def fresh(self) -> str:
        """A variable name not used before in this plan."""
        self.count += 1
        return f"?v{self.count}"


def as_decoded(x: str) -> str:
    """``x`` with an encoded literal turned back into a literal of its own datatype (for comparisons)."""
    dt = f"STR(DATATYPE({x}))"
    return (f"IF(STRSTARTS({dt}, {_string(ENCODED)}), STRDT(STR({x}), IRI(SUBSTR({dt}, {len(ENCODED) + 1}))), "
            f"{x})")


def _encoded(literal: Literal) -> bool:
    return literal.language is None and literal.datatype is not None and str(literal.datatype) not in PLAIN


def iri(node: Node | str) -> str:
    """An IRI as SPARQL writes it."""
    return f"<{node}>"


def _string(text: str) -> str:
    return Literal(text).n3()


def _curie(node: Node) -> str:
    text = str(node)
    return "sh:" + text[len(str(SH)):] if text.startswith(str(SH)) else text


def _shape_name(graph: Graph, shape: Node) -> str:
    """A shape's IRI, or the named shape a blank node shape sits in."""
    seen: set[Node] = set()
    node: Node | None = shape
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        node = next(iter(graph.subjects(None, node)), None)
    return f"<{node}>" + ("" if node == shape else " (a blank node inside it)")
