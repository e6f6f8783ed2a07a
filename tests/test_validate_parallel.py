"""Validation with its checks run at once (threads) gives the report of the checks run one after another.

The reference below is the whole-graph path as it was before the checks ran in threads: one store, every compiled
shape in the plan's order, the violation queries in slug order, the offset pass and the label-script check, typed
literals copied into the literals graph one transaction at a time. The report (every result with focus, rule,
path, value, severity, message and label, in order; the notes; the warning count) must be the same on the seed,
every broken fixture, the ontology's examples and mutants of the seed.
"""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.namespaces import SKOS
from kg.paths import KG_FILE, ONTOLOGY_DIR
from kg.rdf.read import read_quads
from kg.validate.offsets import offset_rows
from kg.validate.plan import ENCODED, LITERALS_GRAPH, PLAIN
from kg.validate.report import SEVERITY_ORDER, Result, ValidationReport, n3, pick
from kg.validate.run import _validate, validate_files
from kg.validate.scripts import label_literals, script_results
from kg.validate.shacl import compile_shapes, evaluate
from kg.validate.shapes import ontology_quads, rule_id, shapes_graph
from kg.validate.violations import query_results, row_results, violation_queries
from tests.repo import ROOT
from tests.test_shacl import mutant

FILES = [KG_FILE, *sorted((ROOT / "tests" / "data" / "violations").glob("*.ttl")),
         *sorted((ONTOLOGY_DIR / "examples").glob("*.ttl"))]


def _old_literals(store: Any, quads: list[Any]) -> None:
    graph = ox.NamedNode(LITERALS_GRAPH)
    encoded = []
    for quad in quads:
        term = quad.object
        if isinstance(term, ox.Literal) and not term.language and term.datatype.value not in PLAIN:
            literal = ox.Literal(term.value, datatype=ox.NamedNode(ENCODED + term.datatype.value))
            encoded.append(ox.Quad(quad.subject, quad.predicate, literal, graph))
    store.extend(encoded)


def sequential(quads: list[Any], lang: str) -> ValidationReport:
    """The report made one check after another (the code before the checks ran in threads; Turtle data only)."""
    literals = label_literals(None, quads)
    store = ox.Store()
    store.bulk_extend([ox.Quad(q.subject, q.predicate, q.object) for q in quads])
    store.bulk_extend(ontology_quads())
    _old_literals(store, quads)
    _old_literals(store, ontology_quads())
    found = []
    for check, focus, value in evaluate(store, compile_shapes(shapes_graph(), store)):
        path = None if check.path is None else ("^" if check.inverse else "") + n3(check.path)
        found.append(Result.of(focus, rule_id(check.shape), check.severity, pick(list(check.messages), lang), path,
                               value))
    fast = offset_rows(chain(quads, ontology_quads()))
    for query in violation_queries():
        if fast is not None and query.slug in fast:
            found += row_results(fast[query.slug], query, lang)
        else:
            found += query_results(store, query, lang)
    found += script_results(literals, lang)
    labels: dict[str, list[Any]] = {}
    for subject, prop, literal in literals:
        if prop == SKOS.prefLabel:
            labels.setdefault(str(subject.value), []).append(literal)
    results = sorted(set(found), key=lambda r: (r.focus, SEVERITY_ORDER.get(r.severity, 9), r.rule, r.value or ""))
    return ValidationReport([r if r.terms[0] is None else replace(r, label=pick(labels.get(r.focus, []), lang) or None)
                             for r in results], lang, [])


def same(new: ValidationReport, old: ValidationReport) -> None:
    assert new.results == old.results
    assert new.notes == old.notes
    assert new.counts() == old.counts()
    assert new.to_text() == old.to_text()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_report_is_the_one_made_check_after_check(path: Path) -> None:
    quads = read_quads(path)  # the same quads for both: blank node ids differ from one parse to the next
    for lang in ("en", "zh"):
        same(_validate(quads, None, lang, "sparql"), sequential(quads, lang))
    assert validate_files([path]).to_json().count('"focus"') == sequential(quads, "en").to_json().count('"focus"')


def test_the_report_is_the_same_on_mutants_of_the_seed() -> None:
    seed = Graph().parse(KG_FILE, format="turtle")
    rng = random.Random(20261203)  # noqa: S311 - seeded test data, not secrets
    broken = 0
    for _ in range(8):
        data = mutant(seed, rng, 4).serialize(format="turtle", encoding="utf-8")
        quads = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
        old = sequential(quads, "en")
        same(_validate(quads, None, "en", "sparql"), old)
        broken += not old.conforms
    assert broken >= 4, "the mutants should break something, or the comparison proves little"
