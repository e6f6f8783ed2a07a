"""Validate a govkg graph: the SHACL shapes, ``queries/*-violation.rq`` and the label-script check, in one report."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import Any, cast

from rdflib import Graph
from rdflib.term import Node

from kg.errors import InputError
from kg.namespaces import SKOS
from kg.paths import SHAPES_FILE
from kg.validate.offsets import OFFSET_QUERIES, offset_rows
from kg.validate.report import SEVERITY_ORDER, Result, ValidationReport, pick
from kg.validate.scripts import label_literals, script_results
from kg.validate.shapes import ontology_quads, shacl_results, sparql_results
from kg.validate.violations import query_results, row_results, violation_queries

__all__ = ["DEFAULT_ENGINE", "ENGINES", "MESSAGE_LANGS", "validate", "validate_files", "validate_turtle"]

MESSAGE_LANGS = ("en", "zh")
"""The languages a report is written in."""
ENGINES = ("sparql", "pyshacl")
"""SHACL engines: ``sparql``, the shapes compiled to SPARQL on Oxigraph; ``pyshacl``, the reference."""
DEFAULT_ENGINE = "sparql"


def validate(data: Graph, *, lang: str = "en", engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """Check ``data`` against the shapes (ontology mixed in, no inference), the violation queries and label scripts.

    ``engine`` runs the shapes: ``sparql`` (default) compiles them to SPARQL on Oxigraph (kg.validate.shacl), falling
    back to pySHACL with a note in ``ValidationReport.notes`` for a feature it does not support; ``pyshacl`` is the
    reference engine, 7× slower at 0.1 M triples and an estimated 15× at a million.

    >>> validate(Graph()).conforms
    True
    """
    _check_options(lang, engine)
    import pyoxigraph

    text = data.serialize(format="nt", encoding="utf-8")
    return _validate(list(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_TRIPLES)), data, lang, engine)


def validate_turtle(data: bytes, *, lang: str = "en", engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """Validate Turtle held in memory (what ``kg build`` is about to write) without making an rdflib graph.

    >>> validate_turtle(b"").conforms
    True
    """
    _check_options(lang, engine)
    import pyoxigraph

    return _validate(list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)), None, lang, engine)


def validate_files(paths: list[Path], *, lang: str = "en", engine: str = DEFAULT_ENGINE,
                   max_bytes: int | None = None) -> ValidationReport:
    """Parse every file (format from its suffix) into one graph and validate it; bad files raise ``InputError``.

    ``max_bytes`` sets the size limit of one file (default: ``kg.rdf.read.size_limit_now()``, 64 MiB unless raised).
    """
    if not paths:
        raise InputError("no file to validate")
    _check_options(lang, engine)
    from kg.rdf.read import read_quads  # the checked door for untrusted RDF: no fetching, no DTDs, limits

    quads: list[Any] = []
    for path in paths:
        if not path.is_file():
            hint = " (run kg build first)" if path.name == "kg.ttl" else ""
            raise InputError(f"no such file{hint}", path=path)
        quads += read_quads(path, max_bytes=max_bytes)
    return _validate(quads, None, lang, engine)


def _check_options(lang: str, engine: str) -> None:
    if lang not in MESSAGE_LANGS:
        raise InputError(f"unknown report language {lang!r} (use en or zh)")
    if engine not in ENGINES:
        raise InputError(f"unknown validation engine {engine!r} (use {' or '.join(ENGINES)})")


def _validate(quads: list[Any], graph: Graph | None, lang: str, engine: str) -> ValidationReport:
    """The checks on ``quads`` (the data; ``graph`` is the same data as rdflib's graph when the caller has it).

    The store's queries (the compiled shapes, the violation queries) run several at once in threads, since Oxigraph
    evaluates without Python's GIL, while one more thread makes the passes written in Python over the quads (label
    scripts, evidence offsets). The results are gathered in one fixed order, so the report is the same as one made
    one check after another.
    """
    from concurrent.futures import ThreadPoolExecutor

    from kg.limits import cpus

    jobs = max(1, min(4, cpus()))
    with ThreadPoolExecutor(max_workers=jobs + 1, thread_name_prefix="kg-validate") as pool:
        in_python = pool.submit(_python_checks, quads, graph, lang)
        store = _oxigraph_store(quads, shacl=engine == "sparql")
        queries = violation_queries()
        by_store = {q.slug: pool.submit(query_results, store, q, lang) for q in queries if q.slug not in OFFSET_QUERIES}
        found, notes = _shapes(store, quads, graph, lang, engine, pool if jobs > 1 else None)
        literals, fast, scripts = in_python.result()
        for query in queries:
            if query.slug in by_store:
                found += by_store[query.slug].result()
            elif fast is not None:
                found += row_results(fast[query.slug], query, lang)
            else:
                found += query_results(store, query, lang)
    found += scripts
    labels: dict[str, list[Any]] = {}
    for subject, prop, literal in literals:
        if prop == SKOS.prefLabel:
            labels.setdefault(_key(subject), []).append(literal)
    results = sorted(set(found), key=lambda r: (r.focus, SEVERITY_ORDER.get(r.severity, 9), r.rule, r.value or ""))
    return ValidationReport([_with_label(r, labels, lang) for r in results], lang, notes)


def _shapes(store: Any, quads: list[Any], graph: Graph | None, lang: str, engine: str,
            pool: Executor | None) -> tuple[list[Result], list[str]]:
    """The shapes' results with ``engine``, and a note when the SPARQL engine had to hand over to pySHACL."""
    if engine == "sparql":
        from kg.validate.plan import UnsupportedShapes

        try:
            return sparql_results(store, graph, lang, pool), []
        except UnsupportedShapes as exc:
            note = f"{SHAPES_FILE}: {exc}; validated with pyshacl instead"
            return shacl_results(_graph(quads) if graph is None else graph, lang), [note]
    return shacl_results(_graph(quads) if graph is None else graph, lang), []


def _python_checks(quads: list[Any], graph: Graph | None,
                   lang: str) -> tuple[list[tuple[Any, Any, Any]], dict[str, list[Any]] | None, list[Result]]:
    """The label literals, the rows of the offset queries (``None``: ask the store) and the label-script results."""
    literals = label_literals(graph, quads)
    fast = offset_rows(chain(quads, ontology_quads()))  # the queries that read offsets in the text, in one pass
    return literals, fast, script_results(literals, lang)


def _graph(quads: list[Any]) -> Graph:
    from kg.rdf.read import from_oxigraph

    graph = Graph()
    for quad in quads:
        graph.add(cast(tuple[Node, Node, Node], tuple(from_oxigraph(t) for t in quad.triple)))
    return graph


def _key(term: Any) -> str:
    """What ``Result.focus`` holds for an rdflib or Oxigraph term: the IRI or the blank node id."""
    return str(term) if isinstance(term, Node) else str(term.value)


def _oxigraph_store(quads: list[Any], *, shacl: bool) -> Any:
    """An in-memory Oxigraph store holding the data and the ontology (rdflib's SPARQL is ten times slower here).

    With ``shacl``, typed literals are also kept as written in ``kg.validate.plan.LITERALS_GRAPH``.
    """
    import pyoxigraph

    store = pyoxigraph.Store()
    if any(not isinstance(q.graph_name, pyoxigraph.DefaultGraph) for q in quads):
        quads = [pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in quads]
    ontology = ontology_quads()
    store.bulk_extend(quads)
    store.bulk_extend(ontology)
    if shacl:
        from kg.validate.shacl import load_literals

        load_literals(store, quads)
        load_literals(store, ontology)
    return store


def _with_label(result: Result, labels: dict[str, list[Any]], lang: str) -> Result:
    if result.terms[0] is None:
        return result
    return replace(result, label=pick(labels.get(result.focus, []), lang) or None)
