"""Compiling SHACL shapes into SPARQL for ``kg.validate.shacl``: targets and one query per constraint component."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import RDF, RDFS, SH, XSD
from kg.validate.expressions import PROPERTY_ONLY, TARGETS, VALUE_TESTS, ShapeExpressions, as_decoded, iri
from kg.validate.plan import ENCODED, FOCUS_GRAPH, PLAIN, Check, Plan

__all__ = ["Compiler"]

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {}  # filled lazily: pySHACL's check of a literal's value type


class Compiler(ShapeExpressions):
    """Turns a shapes graph into a ``Plan`` for the data in one store (see ``kg.validate.shacl.compile_shapes``)."""

    def compile(self) -> Plan:
        """The plan: focus nodes written once per distinct target set, then one check per constraint component."""
        focus: dict[Node, list[str]] = {}
        for shape in sorted(self._target_shapes(), key=str):
            if self.deactivated(shape):
                continue
            patterns = self._targets(shape)
            focus.setdefault(shape, []).extend(patterns)
            for child in self.g.objects(shape, SH.property):
                focus.setdefault(child, []).extend(patterns)
        checks: list[Check] = []
        sets: dict[tuple[str, ...], str] = {}  # target set (its patterns) -> the IRI its focus nodes are written under
        for shape, patterns in focus.items():
            if not self.deactivated(shape):
                key = tuple(dict.fromkeys(patterns))
                name = sets.setdefault(key, f"{FOCUS_GRAPH}:{len(sets)}")
                checks += self._shape_checks(shape, f"GRAPH <{FOCUS_GRAPH}> {{ ?focus <{FOCUS_GRAPH}> <{name}> }}")
        updates = [f"INSERT {{ GRAPH <{FOCUS_GRAPH}> {{ ?focus <{FOCUS_GRAPH}> <{name}> }} }} WHERE {{ "
                   + " UNION ".join(f"{{ {p} }}" for p in key) + " }" for key, name in sets.items()]
        return Plan(updates, checks)

    # -- shapes and targets

    def _target_shapes(self) -> set[Node]:
        found = {s for t in TARGETS for s in self.g.subjects(t, None)}
        return found | {s for s in self.g.subjects(RDF.type, RDFS.Class)
                        if (s, RDF.type, SH.NodeShape) in self.g or (s, RDF.type, SH.PropertyShape) in self.g}

    def _targets(self, shape: Node) -> list[str]:
        classes = list(self.g.objects(shape, SH.targetClass))
        classes += [shape] if (shape, RDF.type, RDFS.Class) in self.g else []
        out = [self.instances("?focus", c) for c in classes]
        out += [f"?focus {iri(p)} [] ." for p in self.g.objects(shape, SH.targetSubjectsOf)]
        out += [f"[] {iri(p)} ?focus ." for p in self.g.objects(shape, SH.targetObjectsOf)]
        out += [f"VALUES ?focus {{ {self.const(n)} }}" for n in self.g.objects(shape, SH.targetNode)]
        return out

    def _meta(self, shape: Node) -> tuple[str, tuple[Literal, ...]]:
        severity = self.g.value(shape, SH.severity, default=SH.Violation)
        if severity not in _SEVERITIES:
            raise self.refuse(shape, f"the severity {severity}")
        messages = tuple(m for m in self.g.objects(shape, SH.message) if isinstance(m, Literal))
        if not messages:
            raise self.refuse(shape, "no sh:message (pySHACL's generated messages are not reproduced)")
        if any("{" in str(m) for m in messages):
            raise self.refuse(shape, "a sh:message template with {…}")
        return _SEVERITIES[URIRef(str(severity))], messages

    # -- top-level checks: one query per constraint component

    def _shape_checks(self, shape: Node, focus: str) -> list[Check]:
        params = self.params(shape)
        if not params:
            return []
        severity, messages = self._meta(shape)
        path = self.shape_path(shape)

        if path is None:
            if params.keys() & PROPERTY_ONLY:
                raise self.refuse(shape, "a property-shape constraint on a node shape")
            return [Check(shape, severity, messages, None, False, q, "?focus", k)
                    for q, k in self._node_queries(shape, params, focus)]
        sparql, predicate = path
        return [Check(shape, severity, messages, predicate, sparql.startswith("^"), q, v, k)
                for q, v, k in self._property_queries(shape, params, focus, sparql)]

    def _node_queries(self, shape: Node, params: dict[URIRef, list[Node]], focus: str,
                      ) -> Iterator[tuple[str, Callable[[Node], bool] | None]]:
        for param, values in params.items():
            for value in values:
                for broken, keep in self._top_value_test(shape, param, value, "?focus"):
                    yield f"SELECT DISTINCT ?focus WHERE {{ {focus} {broken} }}", keep

    def _property_queries(self, shape: Node, params: dict[URIRef, list[Node]], focus: str, path: str,
                          ) -> Iterator[tuple[str, str | None, Callable[[Node], bool] | None]]:
        values = self.values("?focus", path, "?value")
        low, high = ([self.integer(o, shape) for o in params.get(p, [])] for p in (SH.minCount, SH.maxCount))
        yield from ((q, None, None) for q in self._count_query(focus, path, low, high))
        for param, objects in params.items():
            for obj in objects:
                if param in VALUE_TESTS or param == SH.pattern:
                    for broken, keep in self._top_value_test(shape, param, obj, "?value"):
                        query = f"SELECT DISTINCT ?focus ?value WHERE {{ {focus} {values} {broken} }}"
                        yield query, "?value", keep
                elif param == SH.hasValue:
                    has = self.has_value("?focus", path, obj)
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
        elif param == SH.datatype and str(obj) not in PLAIN and obj != RDFS.Literal:
            encoded = f"isLiteral({x}) && DATATYPE({x}) = {iri(ENCODED + str(obj))}"
            yield f"FILTER(!({encoded}))", None
            yield f"FILTER({encoded})", lambda v: _ill_formed(v, obj)
        elif param == SH["class"]:  # a literal is never a subject, so it never matches the pattern
            yield _without(self.instances(x, obj)), None
        elif param == SH["or"]:
            members = list(Collection(self.g, obj))  # type: ignore[arg-type]
            yield " ".join(self._fails(m, x) for m in members) or "", None
        elif param == SH["not"]:
            pattern = self.exists_pattern(obj, x)
            yield (_with(x, pattern) if pattern else f"FILTER({self.conforms(obj, x)})"), None
        else:
            yield f"FILTER(!({self.value_test(shape, param, obj, x)}))", None

    def _fails(self, shape: Node, x: str) -> str:
        """A FILTER block that keeps ``x`` when it does not conform to ``shape``."""
        pattern = self.exists_pattern(shape, x)
        if pattern:
            return _without(pattern)
        inner = self.g.value(shape, SH["not"])
        params = self.params(shape)
        if inner is not None and list(params) == [SH["not"]] and len(params[SH["not"]]) == 1 and \
                not self.deactivated(shape) and (shape, SH.property, None) not in self.g:
            pattern = self.exists_pattern(inner, x)
            if pattern:
                return _with(x, pattern)
        return f"FILTER(!({self.conforms(shape, x)}))"

    def _count_query(self, focus: str, path: str, low: list[int], high: list[int]) -> Iterator[str]:
        """The queries for sh:minCount and sh:maxCount (and their qualified forms, with ``member`` on the value)."""
        return self._counted(focus, self.values("?focus", path, "?v"), low, high)

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
            raise self.refuse(shape, "sh:lessThan with a value that is not an IRI")
        values, others = self.values("?focus", path, "?value"), self.values("?focus", iri(other), "?other")
        return (f"SELECT DISTINCT ?focus ?value WHERE {{ {focus} {values} {others} "
                f"FILTER(!COALESCE({as_decoded('?value')} < {as_decoded('?other')}, false)) }}")

    def _qualified(self, shape: Node, params: dict[URIRef, list[Node]], focus: str, path: str, qualified: Node,
                   ) -> Iterator[str]:
        if any(isinstance(v, Literal) and v.value is True for v in params.get(SH.qualifiedValueShapesDisjoint, [])):
            raise self.refuse(shape, "sh:qualifiedValueShapesDisjoint true")
        values = f"{self.values('?focus', path, '?v')} {self.member(qualified, '?v')}"
        low, high = ([self.integer(n, shape) for n in params.get(p, [])]
                     for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount))
        yield from self._counted(focus, values, low, high)


def _without(pattern: str) -> str:
    """Keep the rows for which ``pattern`` (which binds the tested variable) has no match."""
    return f"MINUS {{ {pattern} }}"


def _with(x: str, pattern: str) -> str:
    """Keep the rows for which ``pattern`` has a match for ``x``."""
    return f"{{ SELECT DISTINCT {x} WHERE {{ {pattern} }} }}"


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
