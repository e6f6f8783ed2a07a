"""Write RDF: govkg's deterministic Turtle (of plain triples or an rdflib graph) and the byte-stable dumps."""

from __future__ import annotations

import contextlib
import itertools
import math
from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import GOVKG, ID, RDF, XSD, bind_prefixes
from kg.rdf.rdfxml import rdfxml_of, to_rdfxml
from kg.rdf.terms import Term, Triples

if TYPE_CHECKING:
    from rdflib.namespace import NamespaceManager

__all__ = ["TurtleWriter", "quote", "rdfxml_of", "to_rdfxml", "to_sorted_lines", "to_trig", "to_turtle"]

_RDF_TYPE = str(RDF.type)
_ID = str(ID)
_ID_LENGTH = len(_ID)
_OA = "http://www.w3.org/ns/oa#"
_FLOATING = frozenset(str(XSD[t]) for t in ("double", "float", "decimal"))


def quote(text: str) -> str:
    """A string as rdflib writes it in Turtle: long quotes when it holds a line break, escapes as rdflib makes them.

    >>> print(quote('say "hi"'), quote("two\\nlines"))
    "say \\"hi\\"" \"\"\"two
    lines\"\"\"
    """
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + "\\" + '"'
        return '"""' + encoded.replace("\r", "\\r") + '"""'
    return '"' + text.replace("\n", "\\n").replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"'


class TurtleWriter:
    """Renders triples as govkg's deterministic Turtle with the prefixes of ``nm`` (govkg's by default). Each IRI is
    written as ``nm``'s ``n3`` writes it, asked once, but for the build's fast path: while no prefix is bound under
    ``id:``, an IRI the build mints (``id:``, a kind, a ``/``) is written in full unasked, as rdflib would."""

    def __init__(self, nm: NamespaceManager | None = None) -> None:
        self._nm = nm = nm if nm is not None else bind_prefixes(Graph(bind_namespaces="none")).namespace_manager
        self._minted = not any(str(ns).startswith(_ID) and len(str(ns)) > _ID_LENGTH for _, ns in nm.namespaces())
        self._iris: dict[str, str] = {}
        self._verbs: dict[str, str] = {_RDF_TYPE: "a"}
        words = ("SpecificResource", "hasSelector", "hasSource", "TextPositionSelector", "end", "start")
        self._evidence_words = [self.iri(_OA + w) for w in words] + [self.iri(str(XSD.nonNegativeInteger))]
        self._evidence_words += [self.iri(iri) for iri in (_OA + "TextQuoteSelector", _OA + "exact", str(GOVKG.pageEnd),
                                                             str(GOVKG.pageStart), str(XSD.positiveInteger))]

    def header(self) -> str:
        """The ``@prefix`` lines and the blank line after them."""
        return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(self._nm.namespaces())) + "\n"

    def iri(self, iri: str) -> str:
        """An IRI (or ``_:label``) as the Turtle writes it (``rdf:type`` is ``a`` as a predicate only, in ``block``)."""
        if iri.find("/", _ID_LENGTH, len(iri) - 1) >= 0 and iri.startswith(_ID) and self._minted:
            return f"<{iri}>"
        written = self._iris.get(iri)
        if written is None:
            written = iri if iri.startswith("_:") else URIRef(iri).n3(self._nm)
            self._iris[iri] = written
        return written

    def term(self, t: Term) -> str:
        """An IRI or a literal as the Turtle writes it."""
        if isinstance(t, str):
            return self.iri(t)
        text, lang, datatype = t
        if lang:
            return f"{quote(text)}@{lang}"
        if datatype:
            return f"{quote(text)}^^{self.iri(datatype)}"
        return quote(text)

    def block(self, subject: str, predicates: dict[str, dict[Term, None]]) -> str:
        """One subject's block: ``a`` first, then predicates by IRI; objects IRIs first, then literals, sorted."""
        order = sorted(predicates)
        if _RDF_TYPE in predicates:
            order.remove(_RDF_TYPE)
            order.insert(0, _RDF_TYPE)
        term = self.term
        parts = []
        for p in order:
            objects = predicates[p]
            verb = self._verbs.get(p) or self._verb(p)
            if len(objects) == 1:
                parts.append(f"    {verb} {term(next(iter(objects)))}")
            else:
                parts.append(f"    {verb} " + " ,\n        ".join([term(o) for o in sorted(objects, key=_object_key)]))
        return f"{self.iri(subject)}\n" + " ;\n".join(parts) + " .\n\n"

    def _verb(self, p: str) -> str:
        self._verbs[p] = self.iri(p)
        return self._verbs[p]

    def evidence(self, ev: str, report: str, start: int, end: int, exact: str, pages: tuple[int, int] | None = None
                 ) -> list[tuple[str, str]]:
        """The three blocks of a build's evidence span (``kg.build.contract.evidence_triples``), written without sorting
        anything: the text ``block`` writes for those triples (the build's fast path: ten triples an activity)."""
        v = self._evidence_words
        position, quote_ = f"{ev}#position", f"{ev}#quote"
        on_pages = f" ;\n    {v[9]} \"{pages[1]}\"^^{v[11]} ;\n    {v[10]} \"{pages[0]}\"^^{v[11]}" if pages else ""
        return [
            (ev, f"<{ev}>\n    a {v[0]} ;\n    {v[1]} <{position}> ,\n        <{quote_}> ;\n"
                 f"    {v[2]} <{report}>{on_pages} .\n\n"),
            (position, f"<{position}>\n    a {v[3]} ;\n    {v[4]} \"{end}\"^^{v[6]} ;\n"
                       f"    {v[5]} \"{start}\"^^{v[6]} .\n\n"),
            (quote_, f"<{quote_}>\n    a {v[7]} ;\n    {v[8]} {quote(exact)} .\n\n"),
        ]

    def blocks(self, triples: Triples) -> list[tuple[str, str]]:
        """``(subject, block)`` for every subject of ``triples``, unsorted."""
        return [(s, self.block(s, predicates)) for s, predicates in triples.subjects.items()]

    def document(self, blocks: list[tuple[str, bytes]]) -> bytes:
        """The whole document (UTF-8): the header, then the blocks by subject, IRIs first, then blank nodes."""
        blocks.sort(key=itemgetter(0))
        for (a, _), (b, _) in itertools.pairwise(blocks):
            if a == b:  # a subject in two blocks (say, written by two reports) is a bug, never written silently
                raise AssertionError(f"subject {a} was written twice")
        blank = [block for s, block in blocks if s.startswith("_:")]
        named = [block for s, block in blocks if not s.startswith("_:")] if blank else [b for _, b in blocks]
        return self.header().encode("utf-8") + b"".join(named) + b"".join(blank)


def to_turtle(graph: Graph) -> str:
    """``graph`` as deterministic Turtle with its own prefixes: the same text for the same graph, whatever the seed.

    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph(bind_namespaces="none")
    >>> g.bind("ex", "http://example.org/")
    >>> _ = g.add((URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("x", lang="en")))
    >>> print(to_turtle(g))
    @prefix ex: <http://example.org/> .
    <BLANKLINE>
    ex:a
        ex:p "x"@en .
    <BLANKLINE>
    <BLANKLINE>
    """
    triples = _plain_triples(graph)
    if triples is None:  # blank nodes: relabelled from their content, so their labels are stable
        from rdflib.compare import to_canonical_graph

        triples = _plain_triples(to_canonical_graph(graph), blank=True) or Triples()
    writer = TurtleWriter(graph.namespace_manager)
    return writer.document([(s, block.encode("utf-8")) for s, block in writer.blocks(triples)]).decode("utf-8")


def _plain_triples(graph: Graph, *, blank: bool = False) -> Triples | None:
    """The triples of ``graph`` as plain terms, in one pass; None at the first blank node unless ``blank``."""
    triples = Triples()
    for s, p, o in graph:
        if not blank and (isinstance(s, BNode) or isinstance(o, BNode)):
            return None
        triples.add(_name(s), str(p), _plain(o))
    return triples


def _name(node: Node) -> str:
    """An IRI, or a blank node as ``_:label``."""
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _plain(node: Node) -> Term:
    """An rdflib term as a plain one, a literal's form as rdflib's ``n3`` writes it."""
    if not isinstance(node, Literal):
        return _name(node)
    lexical, datatype = str(node), str(node.datatype or "")
    if datatype in _FLOATING:  # rdflib spells an infinite or NaN value as XSD does, whatever its lexical form
        with contextlib.suppress(ValueError):
            value = float(node)
            lexical = lexical.replace("inf", "INF").replace("Infinity", "INF") if math.isinf(value) else lexical
            lexical = lexical.replace("nan", "NaN") if math.isnan(value) else lexical
    return (lexical, node.language or "", datatype)


def _object_key(o: Term) -> tuple[str, str, str]:
    if isinstance(o, str):
        return ("0", o[2:] if o.startswith("_:") else o, "")
    return ("1", o[0], o[1] + o[2])


# -- the dumps whose order rdflib leaves to the hash seed ------------------------------------------------------------

# XML 1.0 has no way to write C0 controls other than tab, LF and CR, not even as character references
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
