"""The table of RDF formats, and byte-stable writers for the dumps where rdflib's order depends on the hash seed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError

__all__ = ["RDF_FORMATS", "RdfFormat", "format_of_suffix", "to_rdfxml", "to_sorted_lines", "to_trig"]


@dataclass(frozen=True)
class RdfFormat:
    """An RDF serialisation: CLI name, file suffix, media type (and the aliases clients ask for it by), rdflib plugin,
    a title for people, and whether it keeps named graphs."""

    name: str
    suffix: str
    media_type: str
    rdflib_format: str
    title: str
    quads: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` of a response or file in this format (text types say their charset)."""
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


#: every RDF format by name, in the order the export writes them
RDF_FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", "ttl", "text/turtle", "turtle", "Turtle", aliases=("application/turtle",
                                                                               "application/x-turtle")),
        RdfFormat("ntriples", "nt", "application/n-triples", "nt", "N-Triples"),
        RdfFormat("nquads", "nq", "application/n-quads", "nquads", "N-Quads", quads=True),
        RdfFormat("trig", "trig", "application/trig", "trig", "TriG", quads=True),
        RdfFormat("jsonld", "jsonld", "application/ld+json", "json-ld", "JSON-LD"),
        RdfFormat("rdfxml", "rdf", "application/rdf+xml", "xml", "RDF/XML"),
    )
}
_BY_SUFFIX = {f.suffix: f for f in RDF_FORMATS.values()}


def format_of_suffix(suffix: str) -> RdfFormat:
    """The format whose files end in ``.suffix``; KeyError if none.

    >>> format_of_suffix("jsonld").content_type, format_of_suffix("ttl").content_type
    ('application/ld+json', 'text/turtle; charset=utf-8')
    """
    return _BY_SUFFIX[suffix]


_RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# XML 1.0 has no way to write C0 controls other than tab, LF and CR, not even as character references
_XML_FORBIDDEN = frozenset(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") | {"\ufffe", "\uffff"}


def to_sorted_lines(source: Graph | Dataset, fmt: str) -> bytes:
    """N-Triples or N-Quads (``fmt`` ``nt``/``nquads``) with the lines sorted."""
    # split on LF only: str.splitlines() also breaks at U+2028, U+0085 … which N-Triples keeps inside a literal
    lines = source.serialize(format=fmt, encoding="utf-8").decode("utf-8").split("\n")
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")


def to_trig(dataset: Dataset, graphs: Sequence[URIRef]) -> bytes:
    """TriG: each named graph's (byte-stable) Turtle wrapped in ``<graph> { … }``, prefixes once at the top.

    >>> from rdflib import Namespace
    >>> ex = Namespace("http://example.org/")
    >>> ds = Dataset()
    >>> ds.bind("ex", ex)
    >>> _ = ds.graph(ex.g).add((ex.a, ex.p, ex.b))
    >>> print(to_trig(ds, [ex.g]).decode())
    @prefix ex: <http://example.org/> .
    <BLANKLINE>
    <http://example.org/g> {
    ex:a ex:p ex:b .
    }
    <BLANKLINE>
    """
    prefixes: set[str] = set()
    blocks: list[str] = []
    for iri in graphs:
        graph = Graph(bind_namespaces="none")
        for prefix, ns in dataset.namespace_manager.namespaces():
            graph.bind(prefix, ns, override=True, replace=True)
        for triple in dataset.graph(iri):
            graph.add(triple)
        text = graph.serialize(format="turtle")
        body: list[str] = []
        for line in text.splitlines(keepends=True):  # keep multi-line literals exactly as written
            if not body and (line.startswith("@prefix ") or not line.strip()):
                if line.strip():
                    prefixes.add(line.rstrip("\n"))
                continue
            body.append(line)
        body_text = "".join(body).strip("\n")
        blocks.append(f"{iri.n3()} {{\n{body_text}\n}}\n")
    head = "\n".join(sorted(prefixes))
    return ((head + "\n\n" if head else "") + "\n".join(blocks)).encode("utf-8")


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
    qnames: dict[Node, str] = {}
    bindings = {"rdf": _RDF_NS}
    for p in sorted(set(graph.predicates()), key=str):
        prefix, ns, local = nm.compute_qname_strict(str(p))
        bindings[prefix] = str(ns)
        qnames[p] = f"{prefix}:{local}"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"   xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in sorted(bindings.items())]
    lines.append(">")
    for s in sorted(set(graph.subjects()), key=_node_key):
        about = f"rdf:nodeID={quoteattr(str(s))}" if isinstance(s, BNode) else f"rdf:about={quoteattr(str(s))}"
        lines.append(f"  <rdf:Description {about}>")
        for p, o in sorted(graph.predicate_objects(s), key=lambda po: (str(po[0]), _node_key(po[1]))):
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
