"""Triples as plain Python values, and the deterministic Turtle the build writes, without an rdflib graph.

A term is an IRI (``str``) or a literal ``(lexical form, language tag, datatype IRI)`` with ``""`` for what it has
not. The Turtle is byte for byte what :func:`kg.build.corpus.to_turtle` writes for the same triples in an rdflib graph:
the prefixes, then one block per subject in IRI order, ``a`` first, predicates and objects sorted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Union

from kg.namespaces import ID, RDF, bind_prefixes

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager

__all__ = ["Lit", "Term", "Triple", "Triples", "TurtleWriter", "quote"]

Lit = tuple[str, str, str]
"""A literal: lexical form, language tag, datatype IRI (``""`` when absent)."""
Term = Union[str, Lit]  # noqa: UP007 (a runtime alias: ``str | tuple`` is not a type expression at runtime here)
"""An IRI or a literal."""
Triple = tuple[str, str, Term]

_RDF_TYPE = str(RDF.type)
_ID = str(ID)
_ID_LENGTH = len(_ID)


class Triples:
    """A set of triples indexed subject -> predicate -> objects (insertion-ordered, no duplicates).

    >>> t = Triples()
    >>> t.add("https://w3id.org/govkg/id/a/b", _RDF_TYPE, "https://w3id.org/govkg/ontology#Agency")
    >>> t.add("https://w3id.org/govkg/id/a/b", _RDF_TYPE, "https://w3id.org/govkg/ontology#Agency")
    >>> len(t)
    1
    """

    __slots__ = ("subjects",)

    def __init__(self) -> None:
        self.subjects: dict[str, dict[str, dict[Term, None]]] = {}

    def add(self, s: str, p: str, o: Term) -> None:
        """Add one triple (a second add of the same triple changes nothing)."""
        predicates = self.subjects.get(s)
        if predicates is None:
            self.subjects[s] = {p: {o: None}}
            return
        objects = predicates.get(p)
        if objects is None:
            predicates[p] = {o: None}
        else:
            objects[o] = None

    def update(self, triples: Iterable[Triple]) -> None:
        """Add every triple of ``triples``."""
        for s, p, o in triples:
            self.add(s, p, o)

    def objects(self, s: str, p: str) -> Iterable[Term]:
        """The objects of ``s`` and ``p``, in the order they were added."""
        return self.subjects.get(s, {}).get(p, {}).keys()

    def has(self, s: str, p: str) -> bool:
        """True when ``s`` has at least one ``p``."""
        return bool(self.subjects.get(s, {}).get(p))

    def __iter__(self) -> Iterator[Triple]:
        for s, predicates in self.subjects.items():
            for p, objects in predicates.items():
                for o in objects:
                    yield s, p, o

    def __len__(self) -> int:
        return sum(len(objects) for predicates in self.subjects.values() for objects in predicates.values())

    def to_graph(self, graph: Graph) -> Graph:
        """Add every triple to an rdflib graph, as the rdflib terms the builder used to make, and return it."""
        from rdflib import Literal, URIRef

        def term(t: Term) -> URIRef | Literal:
            if isinstance(t, str):
                return URIRef(t)
            return Literal(t[0], lang=t[1] or None, datatype=URIRef(t[2]) if t[2] else None)

        for s, p, o in self:
            graph.add((URIRef(s), URIRef(p), term(o)))
        return graph


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
    """Renders triples as govkg's deterministic Turtle; remembers how each vocabulary IRI is written.

    Resource IRIs minted by the build (``id:`` followed by a kind and a ``/``) are written in full, as rdflib
    writes them (their namespace, such as ``…/id/agency/``, has no prefix); every other IRI is written the way
    rdflib's namespace manager writes it, asked once per IRI.
    """

    def __init__(self) -> None:
        from rdflib import Graph

        self._nm: NamespaceManager = bind_prefixes(Graph(bind_namespaces="none")).namespace_manager
        self._iris: dict[str, str] = {}
        self._verbs: dict[str, str] = {_RDF_TYPE: "a"}
        oa, xsd = "http://www.w3.org/ns/oa#", "http://www.w3.org/2001/XMLSchema#"
        self._evidence_words = [self.iri(oa + name) for name in (
            "SpecificResource", "hasSelector", "hasSource", "TextPositionSelector", "end", "start")]
        self._evidence_words += [self.iri(xsd + "nonNegativeInteger"), self.iri(oa + "TextQuoteSelector"),
                                 self.iri(oa + "exact")]

    def header(self) -> str:
        """The ``@prefix`` lines and the blank line after them."""
        return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(self._nm.namespaces())) + "\n"

    def iri(self, iri: str) -> str:
        """An IRI as the Turtle writes it (``rdf:type`` is written ``a`` in predicate position only, by ``block``)."""
        if iri.find("/", _ID_LENGTH, len(iri) - 1) >= 0 and iri.startswith(_ID):
            return f"<{iri}>"
        written = self._iris.get(iri)
        if written is None:
            from rdflib import URIRef

            written = URIRef(iri).n3(self._nm)
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
        verb = self._verbs[p] = self.iri(p)
        return verb

    def evidence(self, ev: str, report: str, start: int, end: int, exact: str) -> list[tuple[str, str]]:
        """The three blocks of an evidence span (``kg.build.graph.evidence_triples``), written without sorting anything:
        the same text ``block`` writes for those triples."""
        v = self._evidence_words
        position, quote_ = f"{ev}#position", f"{ev}#quote"
        return [
            (ev, f"<{ev}>\n    a {v[0]} ;\n    {v[1]} <{position}> ,\n        <{quote_}> ;\n"
                 f"    {v[2]} <{report}> .\n\n"),
            (position, f"<{position}>\n    a {v[3]} ;\n    {v[4]} \"{end}\"^^{v[6]} ;\n"
                       f"    {v[5]} \"{start}\"^^{v[6]} .\n\n"),
            (quote_, f"<{quote_}>\n    a {v[7]} ;\n    {v[8]} {quote(exact)} .\n\n"),
        ]

    def blocks(self, triples: Triples) -> list[tuple[str, str]]:
        """``(subject, block)`` for every subject of ``triples``, unsorted."""
        return [(s, self.block(s, predicates)) for s, predicates in triples.subjects.items()]


def _object_key(o: Term) -> tuple[str, str, str]:
    if isinstance(o, str):
        return ("0", o, "")
    return ("1", o[0], o[1] + o[2])
