"""RDF/XML as govkg writes it: one ``rdf:Description`` per subject in sorted order, properties and values sorted."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.namespaces import RDF

__all__ = ["rdfxml_of", "to_rdfxml"]

_XML_FORBIDDEN = frozenset(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") | {"\ufffe", "\uffff"}


def to_rdfxml(graph: Graph) -> bytes:
    """RDF/XML, one ``rdf:Description`` per subject in sorted order, properties and values sorted.

    >>> from rdflib import Namespace
    >>> ex = Namespace("http://example.org/ns#")
    >>> g = Graph(bind_namespaces="none")
    >>> g.bind("ex", ex)
    >>> _ = g.add((ex.a, ex.p, Literal("x", lang="en")))
    >>> print(to_rdfxml(g).decode().splitlines()[6])
        <ex:p xml:lang="en">x</ex:p>
    """
    nm = graph.namespace_manager
    return rdfxml_of(graph, lambda p: nm.compute_qname_strict(str(p)))


def rdfxml_of(triples: Iterable[tuple[Node, Node, Node]], qname: Callable[[Node], tuple[str, str, str]]) -> bytes:
    """:func:`to_rdfxml` of ``triples`` (each once), each predicate's ``(prefix, namespace, local)`` from ``qname``
    (asked in the predicates' sorted order, as a namespace manager makes up prefixes in the order it is asked)."""
    statements: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in triples:
        statements.setdefault(s, []).append((p, o))
    qnames: dict[Node, str] = {}
    bindings = {"rdf": str(RDF)}
    for p in sorted({p for pairs in statements.values() for p, _ in pairs}, key=str):
        prefix, ns, local = qname(p)
        bindings[prefix] = str(ns)
        qnames[p] = f"{prefix}:{local}"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"   xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in sorted(bindings.items())]
    lines.append(">")
    for s in sorted(statements, key=_node_key):
        about = f"rdf:nodeID={quoteattr(str(s))}" if isinstance(s, BNode) else f"rdf:about={quoteattr(str(s))}"
        lines.append(f"  <rdf:Description {about}>")
        for p, o in sorted(statements[s], key=lambda po: (str(po[0]), _node_key(po[1]))):
            lines.append("    " + _property(qnames[p], o))
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _property(qname: str, o: Node) -> str:
    if isinstance(o, BNode):
        return f"<{qname} rdf:nodeID={quoteattr(str(o))}/>"
    if isinstance(o, URIRef):
        return f"<{qname} rdf:resource={quoteattr(str(o))}/>"
    assert isinstance(o, Literal)  # noqa: S101 (subjects and predicates are never literals)
    bad = next((c for c in str(o) if c in _XML_FORBIDDEN), None)
    if bad is not None:
        raise KGError(f"RDF/XML cannot hold the control character U+{ord(bad):04X} in the literal {str(o)[:40]!r}; "
                      "use another format (Turtle, N-Triples, JSON-LD keep it)")
    attributes = ""
    if o.language:
        attributes = f" xml:lang={quoteattr(o.language)}"
    elif o.datatype:
        attributes = f" rdf:datatype={quoteattr(str(o.datatype))}"
    return f"<{qname}{attributes}>{escape(str(o), {chr(13): '&#13;'})}</{qname}>"


def _node_key(node: Node) -> tuple[str, str]:
    return (type(node).__name__, node.n3())
