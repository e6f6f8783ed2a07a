"""SHACL Core on Oxigraph: the subset ``ontology/shapes.ttl`` uses, compiled into one SPARQL query per constraint.

Each constraint component of a shape becomes a SELECT that returns the focus nodes (and value nodes) that break it;
the report is the union of those rows. Nested shapes (``sh:or``, ``sh:not``, ``sh:node``, ``sh:qualifiedValueShape``)
become FILTER expressions on a variable. Two checks run in Python on the rows a query returns, because no SPARQL
engine here has their exact semantics: ``sh:pattern`` (Python's ``re``, as pySHACL) and the well-formedness of a
literal of a non-string ``sh:datatype`` (rdflib's ``ill_typed``, as pySHACL).

Oxigraph's store canonicalises typed literals (``"+05"^^xsd:nonNegativeInteger`` is stored as ``"5"^^xsd:integer``),
which would hide datatype errors and merge distinct values. So every literal with a datatype other than xsd:string
and rdf:langString is also written, losslessly, into the named graph ``LITERALS_GRAPH`` with its datatype IRI
prefixed by ``ENCODED``; the queries read such values from there (``load_literals``, ``decode``).

What this engine does not support (``sh:closed``, ``sh:xone``, ``sh:sparql``, complex paths, a ``sh:pattern`` inside
a nested shape …) raises ``UnsupportedShapes`` naming the shape and the feature, so the caller can fall back to
pySHACL; nothing is skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.validate.compile import Compiler
from kg.validate.plan import ENCODED, FOCUS_GRAPH, LITERALS_GRAPH, PLAIN, Check, Plan

__all__ = ["compile_shapes", "decode", "evaluate", "load_literals"]


# -- loading ---------------------------------------------------------------------------------------------------------


def load_literals(store: Any, quads: Iterable[Any]) -> None:
    """Write every literal of ``quads`` with a datatype other than xsd:string/rdf:langString into ``LITERALS_GRAPH``."""
    import pyoxigraph as ox

    graph = ox.NamedNode(LITERALS_GRAPH)
    encoded, literal_type, prefix = [], ox.Literal, {}
    for quad in quads:
        term = quad.object
        if type(term) is literal_type and not term.language:
            datatype = term.datatype
            if datatype not in prefix:
                name = datatype.value
                prefix[datatype] = None if name in PLAIN else ox.NamedNode(ENCODED + name)
            encoded_type = prefix[datatype]
            if encoded_type is not None:
                encoded.append(ox.Quad(quad.subject, quad.predicate, ox.Literal(term.value, datatype=encoded_type),
                                       graph))
    store.bulk_extend(encoded)


def decode(term: Any) -> Node | None:
    """A term from a query row as rdflib's term, an encoded literal back to its own datatype and lexical form."""
    import pyoxigraph as ox

    from kg.rdf.read import from_oxigraph

    if isinstance(term, ox.Literal) and term.datatype.value.startswith(ENCODED):
        return Literal(term.value, datatype=URIRef(term.datatype.value[len(ENCODED):]))
    return from_oxigraph(term)


def evaluate(store: Any, plan: Plan, pool: Executor | None = None) -> Iterator[tuple[Check, Node, Node | None]]:
    """Run ``plan`` on ``store``: (check, focus, value) for every row that breaks a check, in the plan's order.

    With ``pool`` the checks run in its threads, several at once (Oxigraph evaluates a query without Python's
    GIL); the rows are the same. The scratch graphs (``FOCUS_GRAPH``, ``LITERALS_GRAPH``) are removed at the end,
    so the store holds the data as it was loaded.
    """
    import pyoxigraph as ox

    futures = []
    try:
        for update in plan.updates:
            store.update(update)
        if pool is None:
            for check in plan.checks:
                for focus, value in _run_check(store, check):
                    yield check, focus, value
            return
        futures = [pool.submit(_check_rows, store, check) for check in plan.checks]
        for check, future in zip(plan.checks, futures, strict=True):
            for focus, value in future.result():
                yield check, focus, value
    finally:
        for future in futures:
            future.cancel()
        for future in futures:
            if not future.cancelled():
                future.exception()  # wait: the scratch graphs go only when no check reads them any more
        for graph in (FOCUS_GRAPH, LITERALS_GRAPH):
            store.remove_graph(ox.NamedNode(graph))


def _check_rows(store: Any, check: Check) -> list[tuple[Node, Node | None]]:
    return list(_run_check(store, check))


def _run_check(store: Any, check: Check) -> Iterator[tuple[Node, Node | None]]:
    """The (focus, value) pairs that break ``check``; value is ``None`` for a count or a missing value."""
    kept: dict[Any, bool] = {}
    for row in store.query(check.query):
        raw = None if check.value is None else row[check.value[1:]]
        if check.keep is not None:
            if raw not in kept:
                kept[raw] = check.keep(decode(raw))  # type: ignore[arg-type]
            if not kept[raw]:
                continue
        focus = decode(row["focus"])
        if focus is not None:
            yield focus, decode(raw)


# -- compiling -------------------------------------------------------------------------------------------------------


def compile_shapes(shapes: Graph, store: Any) -> Plan:
    """Every constraint of every shape that has targets (and of its ``sh:property`` shapes) as a ``Check``.

    The plan is made for the data in ``store`` (loaded, with ``load_literals``): the subclasses of each class are
    looked up once (rather than an ``rdf:type/rdfs:subClassOf*`` path per value), and only predicates with encoded
    literals get the two-graph pattern for their values.

    >>> shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <urn:S> sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ; sh:message "m" ] .''')
    >>> import pyoxigraph
    >>> [check.path for check in compile_shapes(shapes, pyoxigraph.Store()).checks]
    [rdflib.term.URIRef('urn:p')]
    """
    typed = {row["p"].value for row in store.query(f"SELECT DISTINCT ?p {{ GRAPH <{LITERALS_GRAPH}> {{ ?s ?p ?o }} }}")}
    return Compiler(shapes, store, typed).compile()


