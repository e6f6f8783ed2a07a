"""Compiling SHACL shapes into SPARQL for ``kg.validate.shacl``: targets, constraint components, nested shapes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import RDF, RDFS, SH, XSD
from kg.validate.shacl import ENCODED, FOCUS_GRAPH, LITERALS_GRAPH, PLAIN, Check, Plan, UnsupportedShapes

__all__ = ["Compiler"]

_PLAIN = PLAIN
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_IGNORED = {SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.path,
            SH.property, SH.defaultValue, *_TARGETS}
_VALUE_TESTS = {SH["class"], SH.datatype, SH.nodeKind, SH.languageIn, SH.minLength, SH.maxLength, SH["in"],
                SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH["not"], SH["or"],
                SH["and"], SH.node}
_PROPERTY_ONLY = {SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.lessThan, SH.qualifiedValueShape,
                  SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint}
_SUPPORTED = _VALUE_TESTS | _PROPERTY_ONLY | {SH.pattern, SH.hasValue}
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_NODE_KINDS = {SH.IRI: "isIRI({x})", SH.BlankNode: "isBlank({x})", SH.Literal: "isLiteral({x})",
               SH.BlankNodeOrIRI: "(isBlank({x}) || isIRI({x}))", SH.BlankNodeOrLiteral:
               "(isBlank({x}) || isLiteral({x}))", SH.IRIOrLiteral: "(isIRI({x}) || isLiteral({x}))"}
_COMPARE = {SH.minInclusive: "<=", SH.maxInclusive: ">=", SH.minExclusive: "<", SH.maxExclusive: ">"}
_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {}  # filled lazily: pySHACL's check of a literal's value type


class Compiler:
    """Turns a shapes graph into a ``Plan`` for the data in one store (see ``kg.validate.shacl.compile_shapes``)."""

    def __init__(self, shapes: Graph, store: Any, typed: set[str]) -> None:
        self.g, self.store, self.typed, self.count = shapes, store, typed, 0
        self.subclasses: dict[Node, list[str]] = {}

    def _instances(self, x: str, cls: Node) -> str:
        """The pattern: ``x`` is a SHACL instance of ``cls`` (rdf:type one of its subclasses in the data)."""
        if cls not in self.subclasses:
            rows = self.store.query(f"SELECT DISTINCT ?c {{ ?c {_SUBCLASS}* {_iri(cls)} }}")
            self.subclasses[cls] = sorted({_iri(r["c"].value) for r in rows} | {_iri(cls)})
        # one triple pattern per class: a VALUES block here makes Oxigraph start from every instance of the class
        return " UNION ".join(f"{{ {x} {_RDF_TYPE} {c} }}" for c in self.subclasses[cls])

    def compile(self) -> Plan:
        """The plan: focus nodes written once per distinct target set, then one check per constraint component."""
        focus: dict[Node, list[str]] = {}
        for shape in sorted(self._target_shapes(), key=str):
            if self._deactivated(shape):
                continue
            patterns = self._targets(shape)
            focus.setdefault(shape, []).extend(patterns)
            for child in self.g.objects(shape, SH.property):
                focus.setdefault(child, []).extend(patterns)
        checks: list[Check] = []
        sets: dict[tuple[str, ...], str] = {}  # target set (its patterns) -> the IRI its focus nodes are written under
        for shape, patterns in focus.items():
            if not self._deactivated(shape):
                key = tuple(dict.fromkeys(patterns))
                name = sets.setdefault(key, f"{FOCUS_GRAPH}:{len(sets)}")
                checks += self._shape_checks(shape, f"GRAPH <{FOCUS_GRAPH}> {{ ?focus <{FOCUS_GRAPH}> <{name}> }}")
        updates = [f"INSERT {{ GRAPH <{FOCUS_GRAPH}> {{ ?focus <{FOCUS_GRAPH}> <{name}> }} }} WHERE {{ "
                   + " UNION ".join(f"{{ {p} }}" for p in key) + " }" for key, name in sets.items()]
        return Plan(updates, checks)

    # -- shapes and targets

    def _target_shapes(self) -> set[Node]:
        found = {s for t in _TARGETS for s in self.g.subjects(t, None)}
        return found | {s for s in self.g.subjects(RDF.type, RDFS.Class)
                        if (s, RDF.type, SH.NodeShape) in self.g or (s, RDF.type, SH.PropertyShape) in self.g}

    def _targets(self, shape: Node) -> list[str]:
        classes = list(self.g.objects(shape, SH.targetClass))
        classes += [shape] if (shape, RDF.type, RDFS.Class) in self.g else []
        out = [self._instances("?focus", c) for c in classes]
        out += [f"?focus {_iri(p)} [] ." for p in self.g.objects(shape, SH.targetSubjectsOf)]
        out += [f"[] {_iri(p)} ?focus ." for p in self.g.objects(shape, SH.targetObjectsOf)]
        out += [f"VALUES ?focus {{ {self._const(n)} }}" for n in self.g.objects(shape, SH.targetNode)]
        return out

    def _deactivated(self, shape: Node) -> bool:
        return any(isinstance(v, Literal) and v.value is True for v in self.g.objects(shape, SH.deactivated))

    def _refuse(self, shape: Node, feature: str) -> UnsupportedShapes:
        return UnsupportedShapes(f"shape {_name(self.g, shape)} uses {feature}, which the sparql engine does not "
                                 "support")

    def _params(self, shape: Node) -> dict[URIRef, list[Node]]:
        params: dict[URIRef, list[Node]] = {}
        for p, o in self.g.predicate_objects(shape):
            if str(p).startswith(str(SH)) and p not in _IGNORED:
                if p not in _SUPPORTED and p != SH.pattern:
                    raise self._refuse(shape, _curie(p))
                params.setdefault(URIRef(str(p)), []).append(o)
        return params

    def _meta(self, shape: Node) -> tuple[str, tuple[Literal, ...]]:
        severity = self.g.value(shape, SH.severity, default=SH.Violation)
        if severity not in _SEVERITIES:
            raise self._refuse(shape, f"the severity {severity}")
        messages = tuple(m for m in self.g.objects(shape, SH.message) if isinstance(m, Literal))
        if not messages:
            raise self._refuse(shape, "no sh:message (pySHACL's generated messages are not reproduced)")
        if any("{" in str(m) for m in messages):
            raise self._refuse(shape, "a sh:message template with {…}")
        return _SEVERITIES[URIRef(str(severity))], messages

    def _path(self, shape: Node) -> tuple[str, URIRef] | None:
        """(SPARQL path, its predicate) of a property shape; None for a node shape."""
        path = self.g.value(shape, SH.path)
        if path is None:
            return None
        if isinstance(path, URIRef):
            return _iri(path), path
        inverse = self.g.value(path, SH.inversePath)
        if isinstance(inverse, URIRef) and len(list(self.g.predicate_objects(path))) == 1:
            return f"^{_iri(inverse)}", inverse
        raise self._refuse(shape, "a complex sh:path (only an IRI or sh:inversePath of an IRI)")

    # -- top-level checks: one query per constraint component

    def _shape_checks(self, shape: Node, focus: str) -> list[Check]:
        params = self._params(shape)
        if not params:
            return []
        severity, messages = self._meta(shape)
        path = self._path(shape)

        if path is None:
            if params.keys() & _PROPERTY_ONLY:
                raise self._refuse(shape, "a property-shape constraint on a node shape")
            return [Check(shape, severity, messages, None, False, q, "?focus", k)
                    for q, k in self._node_queries(shape, params, focus)]
        sparql, iri = path
        return [Check(shape, severity, messages, iri, sparql.startswith("^"), q, v, k)
                for q, v, k in self._property_queries(shape, params, focus, sparql)]

    def _node_queries(self, shape: Node, params: dict[URIRef, list[Node]], focus: str,
                      ) -> Iterator[tuple[str, Callable[[Node], bool] | None]]:
        for param, values in params.items():
            for value in values:
                for broken, keep in self._top_value_test(shape, param, value, "?focus"):
                    yield f"SELECT DISTINCT ?focus WHERE {{ {focus} {broken} }}", keep

    def _property_queries(self, shape: Node, params: dict[URIRef, list[Node]], focus: str, path: str,
                          ) -> Iterator[tuple[str, str | None, Callable[[Node], bool] | None]]:
        values = self._values("?focus", path, "?value")
        low, high = ([self._int(o, shape) for o in params.get(p, [])] for p in (SH.minCount, SH.maxCount))
        yield from ((q, None, None) for q in self._count_query(focus, path, low, high))
        for param, objects in params.items():
            for obj in objects:
                if param in _VALUE_TESTS or param == SH.pattern:
                    for broken, keep in self._top_value_test(shape, param, obj, "?value"):
                        query = f"SELECT DISTINCT ?focus ?value WHERE {{ {focus} {values} {broken} }}"
                        yield query, "?value", keep
                elif param == SH.hasValue:
                    has = self._has_value("?focus", path, obj)
                    yield f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER(!({has})) }}", None, None
                elif param == SH.uniqueLang:
                    yield from ((q, None, None) for q in self._unique_lang(focus, path, obj))
                elif param == SH.lessThan:
                    yield self._less_than(shape, focus, path, obj), "?value", None
                elif param == SH.qualifiedValueShape:
                    yield from ((q, None, None) for q in self._qualified(shape, params, focus, path, obj))

    def _top_value_test(self, shape: Node, param: URIRef, obj: Node, x: str,
                        ) -> Iterator[tuple[str, Callable[[Node], bool] | None]]:
        """FILTERs that keep the rows breaking ``param obj`` for value node ``x``, each with a Python test or None.

        SPARQL keeps the rows that break the constraint; where SPARQL cannot decide, it keeps the candidates and the
        Python test picks those that break it. A test that is an EXISTS becomes a join of its own: MINUS for NOT
        EXISTS, a join with the distinct matching nodes for EXISTS (equivalent here, since each pattern binds ``x``
        and no other outer variable). Oxigraph evaluates an EXISTS inside an expression, and a FILTER NOT EXISTS of
        two or more triples, row by row: 20 s instead of 0.05 s for one check at 100 k triples.
        """
        if param == SH.pattern:
            regex = re.compile(str(obj))
            yield "", lambda v: isinstance(v, BNode) or regex.search(str(v)) is None
        elif param == SH.datatype and str(obj) not in _PLAIN and obj != RDFS.Literal:
            encoded = f"isLiteral({x}) && DATATYPE({x}) = {_iri(ENCODED + str(obj))}"
            yield f"FILTER(!({encoded}))", None
            yield f"FILTER({encoded})", lambda v: _ill_formed(v, obj)
        elif param == SH["class"]:  # a literal is never a subject, so it never matches the pattern
            yield _without(self._instances(x, obj)), None
        elif param == SH["or"]:
            members = list(Collection(self.g, obj))  # type: ignore[arg-type]
            yield " ".join(self._fails(m, x) for m in members) or "", None
        elif param == SH["not"]:
            pattern = self._exists_pattern(obj, x)
            yield (_with(x, pattern) if pattern else f"FILTER({self.conforms(obj, x)})"), None
        else:
            yield f"FILTER(!({self._value_test(shape, param, obj, x)}))", None

    def _fails(self, shape: Node, x: str) -> str:
        """A FILTER block that keeps ``x`` when it does not conform to ``shape``."""
        pattern = self._exists_pattern(shape, x)
        if pattern:
            return _without(pattern)
        inner = self.g.value(shape, SH["not"])
        params = self._params(shape)
        if inner is not None and list(params) == [SH["not"]] and len(params[SH["not"]]) == 1 and \
                not self._deactivated(shape) and (shape, SH.property, None) not in self.g:
            pattern = self._exists_pattern(inner, x)
            if pattern:
                return _with(x, pattern)
        return f"FILTER(!({self.conforms(shape, x)}))"

    def _exists_pattern(self, shape: Node, x: str) -> str | None:
        """A graph pattern that has a match exactly when ``x`` conforms to ``shape``, for the simple shapes.

        A node shape with one sh:class; a property shape with one sh:hasValue, sh:minCount 1, or a
        sh:qualifiedValueShape of sh:qualifiedMinCount 1.
        """
        if self._deactivated(shape) or (shape, SH.property, None) in self.g:
            return None
        params = self._params(shape)
        path = self._path(shape)
        if path is None:
            if list(params) == [SH["class"]] and len(params[SH["class"]]) == 1:
                return self._instances(x, params[SH["class"]][0])
            return None
        v = self._fresh()
        if list(params) == [SH.hasValue] and len(params[SH.hasValue]) == 1:
            value = params[SH.hasValue][0]
            if isinstance(value, Literal) and _encoded(value):
                return f"GRAPH {_iri(LITERALS_GRAPH)} {{ {x} {path[0]} {self._const(value)} }}"
            return f"{x} {path[0]} {self._const(value)} ."
        if list(params) == [SH.minCount] and [self._int(n, shape) for n in params[SH.minCount]] == [1]:
            return self._values(x, path[0], v)
        if set(params) == {SH.qualifiedValueShape, SH.qualifiedMinCount} and \
                [self._int(n, shape) for n in params[SH.qualifiedMinCount]] == [1] and \
                len(params[SH.qualifiedValueShape]) == 1:
            return f"{self._values(x, path[0], v)} {self._member(params[SH.qualifiedValueShape][0], v)}"
        return None

    def _member(self, shape: Node, v: str) -> str:
        """A pattern or FILTER that keeps ``v`` when it conforms to ``shape``."""
        return self._exists_pattern(shape, v) or f"FILTER({self.conforms(shape, v)})"

    def _count_query(self, focus: str, path: str, low: list[int], high: list[int]) -> Iterator[str]:
        """The queries for sh:minCount and sh:maxCount (and their qualified forms, with ``member`` on the value)."""
        return self._counted(focus, self._values("?focus", path, "?v"), low, high)

    def _counted(self, focus: str, values: str, low: list[int], high: list[int]) -> Iterator[str]:
        """Focus nodes with fewer than ``low`` or more than ``high`` solutions of ``values`` (distinct ``?v``).

        A minimum of 1 is a MINUS and a maximum an inner join grouped by focus: both joins for Oxigraph, where an
        OPTIONAL over every focus node costs several times more.
        """
        for n in low:
            if n == 1:
                yield f"SELECT DISTINCT ?focus WHERE {{ {focus} {_without(values)} }}"
            elif n > 1:
                yield (f"SELECT ?focus WHERE {{ {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} "
                       f"OPTIONAL {{ {values} }} }} GROUP BY ?focus }} FILTER(?n < {n}) }}")
        for n in high:
            yield (f"SELECT ?focus WHERE {{ {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} {values} }} "
                   f"GROUP BY ?focus }} FILTER(?n > {n}) }}")

    def _unique_lang(self, focus: str, path: str, obj: Node) -> Iterator[str]:
        if isinstance(obj, Literal) and obj.value is True and not path.startswith("^"):
            yield (f"SELECT DISTINCT ?focus WHERE {{ {focus} ?focus {path} ?a . ?focus {path} ?b . "
                   "FILTER(isLiteral(?a) && LANG(?a) != \"\" && LANG(?a) = LANG(?b) && !sameTerm(?a, ?b)) }")

    def _less_than(self, shape: Node, focus: str, path: str, other: Node) -> str:
        if not isinstance(other, URIRef):
            raise self._refuse(shape, "sh:lessThan with a value that is not an IRI")
        values, others = self._values("?focus", path, "?value"), self._values("?focus", _iri(other), "?other")
        return (f"SELECT DISTINCT ?focus ?value WHERE {{ {focus} {values} {others} "
                f"FILTER(!COALESCE({_decoded('?value')} < {_decoded('?other')}, false)) }}")

    def _qualified(self, shape: Node, params: dict[URIRef, list[Node]], focus: str, path: str, qualified: Node,
                   ) -> Iterator[str]:
        if any(isinstance(v, Literal) and v.value is True for v in params.get(SH.qualifiedValueShapesDisjoint, [])):
            raise self._refuse(shape, "sh:qualifiedValueShapesDisjoint true")
        values = f"{self._values('?focus', path, '?v')} {self._member(qualified, '?v')}"
        low, high = ([self._int(n, shape) for n in params.get(p, [])]
                     for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount))
        yield from self._counted(focus, values, low, high)

    # -- nested shapes as FILTER expressions

    def conforms(self, shape: Node, x: str) -> str:
        """A SPARQL expression that is true when the node bound to ``x`` conforms to ``shape``."""
        if self._deactivated(shape):
            return "true"
        params = self._params(shape)
        path = self._path(shape)
        tests = []
        if path is None:
            tests = [self._value_test(shape, p, o, x) for p, objs in params.items() for o in objs]
            tests += [self.conforms(child, x) for child in self.g.objects(shape, SH.property)]
        else:
            tests = [self._nested_property(shape, p, o, x, path[0]) for p, objs in params.items() for o in objs]
            tests = [t for t in tests if t]
        return "(" + " && ".join(tests) + ")" if tests else "true"

    def _nested_property(self, shape: Node, param: URIRef, obj: Node, x: str, path: str) -> str:
        v = self._fresh()
        if param in _VALUE_TESTS:
            return f"NOT EXISTS {{ {self._values(x, path, v)} FILTER(!({self._value_test(shape, param, obj, v)})) }}"
        if param == SH.minCount and self._int(obj, shape) <= 1:
            return "true" if self._int(obj, shape) == 0 else f"EXISTS {{ {self._values(x, path, v)} }}"
        if param == SH.maxCount and self._int(obj, shape) == 0:
            return f"NOT EXISTS {{ {self._values(x, path, v)} }}"
        if param == SH.hasValue:
            return self._has_value(x, path, obj)
        if param == SH.qualifiedValueShape:
            counts = {p: [self._int(o, shape) for o in self.g.objects(shape, p)]
                      for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount)}
            if counts[SH.qualifiedMinCount] == [1] and not counts[SH.qualifiedMaxCount]:
                return f"EXISTS {{ {self._values(x, path, v)} FILTER({self.conforms(obj, v)}) }}"
        if param in (SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint):
            return ""
        raise self._refuse(shape, f"{_curie(param)} {obj} inside a nested shape")

    def _value_test(self, shape: Node, param: URIRef, obj: Node, x: str) -> str:
        """True when the value node ``x`` passes the constraint ``param obj`` (pure SPARQL only)."""
        if param == SH["class"]:
            return f"(!isLiteral({x}) && EXISTS {{ {self._instances(x, obj)} }})"
        if param == SH.datatype:
            if obj == RDFS.Literal:
                return f"isLiteral({x})"
            if obj == RDF.langString:
                return f"(isLiteral({x}) && LANG({x}) != \"\")"
            if obj == XSD.string:
                return f"(isLiteral({x}) && DATATYPE({x}) = {_iri(XSD.string)})"
            raise self._refuse(shape, f"sh:datatype {_curie(obj)} inside a nested shape")
        if param == SH.nodeKind and obj in _NODE_KINDS:
            return _NODE_KINDS[URIRef(str(obj))].format(x=x)
        if param == SH.languageIn:
            ranges = [str(r) for r in Collection(self.g, obj)]  # type: ignore[arg-type]
            matches = " || ".join(f"LANGMATCHES(LANG({x}), {_string(r)})" for r in ranges) or "false"
            return f"(isLiteral({x}) && ({matches}))"
        if param in (SH.minLength, SH.maxLength):
            op = ">=" if param == SH.minLength else "<="
            return f"(!isBlank({x}) && STRLEN(STR({x})) {op} {self._int(obj, shape)})"
        if param in _COMPARE:
            return f"COALESCE({self._const(obj, decoded=True)} {_COMPARE[URIRef(param)]} {_decoded(x)}, false)"
        if param == SH["in"]:
            members = [f"sameTerm({x}, {self._const(m)})" for m in Collection(self.g, obj)]  # type: ignore[arg-type]
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
            return f"sameTerm({x}, {self._const(obj)})"
        raise self._refuse(shape, f"{_curie(param)} {obj}")

    # -- SPARQL pieces

    def _values(self, x: str, path: str, v: str) -> str:
        """The graph pattern binding ``v`` to each value node of ``x`` on ``path``, typed literals as written."""
        if path.startswith("^") or path[1:-1] not in self.typed:
            return f"{x} {path} {v} ."
        return (f"{{ {x} {path} {v} FILTER(!isLiteral({v}) || LANG({v}) != \"\" || DATATYPE({v}) = "
                f"{_iri(XSD.string)}) }} UNION {{ GRAPH {_iri(LITERALS_GRAPH)} {{ {x} {path} {v} }} }}")

    def _has_value(self, x: str, path: str, value: Node) -> str:
        if isinstance(value, Literal) and _encoded(value):
            return f"EXISTS {{ GRAPH {_iri(LITERALS_GRAPH)} {{ {x} {path} {self._const(value)} }} }}"
        return f"EXISTS {{ {x} {path} {self._const(value)} }}"

    def _const(self, node: Node, *, decoded: bool = False) -> str:
        if isinstance(node, URIRef):
            return _iri(node)
        if isinstance(node, Literal):
            if _encoded(node) and not decoded:
                return Literal(str(node), datatype=URIRef(ENCODED + str(node.datatype))).n3()
            return node.n3()
        raise UnsupportedShapes(f"a blank node {node} as a constant in a shape")

    def _int(self, node: Node, shape: Node) -> int:
        if isinstance(node, Literal) and isinstance(node.value, int) and not isinstance(node.value, bool):
            return node.value
        raise self._refuse(shape, f"a count that is not an integer ({node})")

    def _fresh(self) -> str:
        self.count += 1
        return f"?v{self.count}"


_RDF_TYPE = f"<{RDF.type}>"
_SUBCLASS = f"<{RDFS.subClassOf}>"


def _without(pattern: str) -> str:
    """Keep the rows for which ``pattern`` (which binds the tested variable) has no match."""
    return f"MINUS {{ {pattern} }}"


def _with(x: str, pattern: str) -> str:
    """Keep the rows for which ``pattern`` has a match for ``x``."""
    return f"{{ SELECT DISTINCT {x} WHERE {{ {pattern} }} }}"


def _decoded(x: str) -> str:
    """``x`` with an encoded literal turned back into a literal of its own datatype (for comparisons)."""
    dt = f"STR(DATATYPE({x}))"
    return (f"IF(STRSTARTS({dt}, {_string(ENCODED)}), STRDT(STR({x}), IRI(SUBSTR({dt}, {len(ENCODED) + 1}))), "
            f"{x})")


def _encoded(literal: Literal) -> bool:
    return literal.language is None and literal.datatype is not None and str(literal.datatype) not in _PLAIN


def _iri(node: Node | str) -> str:
    return f"<{node}>"


def _string(text: str) -> str:
    return Literal(text).n3()


def _curie(node: Node) -> str:
    text = str(node)
    return "sh:" + text[len(str(SH)):] if text.startswith(str(SH)) else text


def _name(graph: Graph, shape: Node) -> str:
    """A shape's IRI, or the named shape a blank node shape sits in."""
    seen: set[Node] = set()
    node: Node | None = shape
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        node = next(iter(graph.subjects(None, node)), None)
    return f"<{node}>" + ("" if node == shape else " (a blank node inside it)")


def _ill_formed(value: Node, datatype: Node) -> bool:
    """pySHACL's test for a literal whose datatype IRI matches: ill-typed, or a Python value of the wrong kind."""
    if not isinstance(value, Literal):
        return True
    literal = Literal(str(value), datatype=URIRef(str(datatype)))
    if getattr(literal, "ill_typed", None) is True:
        return True
    if not _PYTHON_TYPES:
        import datetime
        from decimal import Decimal

        _PYTHON_TYPES.update({str(XSD.integer): int, str(XSD.float): float, str(XSD.decimal): Decimal,
                              str(XSD.boolean): bool, str(XSD.date): datetime.date, str(XSD.time): datetime.time,
                              str(XSD.dateTime): datetime.datetime})
    expected = _PYTHON_TYPES.get(str(datatype))
    return expected is not None and not isinstance(literal.value, expected)
