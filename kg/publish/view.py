"""The graph the site reads: a pyoxigraph ``Store`` seen through the few rdflib ``Graph`` reads the pages make.

The pages ask for a resource's statements, the links that point at it, labels and values; each question is one
pattern lookup in the store (no rdflib graph of the whole data is ever built), answered with rdflib terms whose
language tags are given back their BCP 47 case (Oxigraph lower-cases them: ``zh-hant`` is shown as ``zh-Hant``,
RFC 5646 §2.1.1; :func:`kg.rdf.read.from_oxigraph`). An rdflib ``Graph`` answers the same reads itself, so a site
can be made of either (``kg serve --endpoint`` hands it a graph).

Oxigraph's store also keeps an integer's value but not its datatype's name: ``"5"^^xsd:positiveInteger`` comes back
as ``"5"^^xsd:integer``. The properties the govkg context (``ontology/context.jsonld``) types with a subtype of
``xsd:integer`` (``oa:start``, ``oa:end``, ``govkg:byteSize``, ``govkg:pageStart``, ``govkg:pageEnd``) get that
subtype back, as the shapes require it of the data; any other integer stays ``xsd:integer``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.rdf.read import from_oxigraph

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["GraphReads", "StoreGraph", "named_terms", "remember", "to_store"]


class GraphReads(Protocol):
    """What the site reads of a graph (a subset of rdflib's ``Graph``)."""

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]: ...

    def predicates(self, subject: Node | None = None, object: Node | None = None) -> Iterator[Node]: ...

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]: ...

    def predicate_objects(self, subject: Node | None = None) -> Iterator[tuple[Node, Node]]: ...

    def subject_predicates(self, object: Node | None = None) -> Iterator[tuple[Node, Node]]: ...

    def value(self, subject: Node | None = None, predicate: Node = ...) -> Node | None: ...

    def __contains__(self, triple: Any) -> bool: ...

    def __len__(self) -> int: ...


class StoreGraph:
    """Reads of a pyoxigraph ``Store`` (every graph of it, as one) in rdflib terms."""

    def __init__(self, store: pyoxigraph.Store, bulk: Iterable[URIRef] = ()) -> None:
        self.store = store
        self._length: int | None = None
        self._subject: dict[Node, dict[Node, list[Node]]] = {}  # the statements of the last subjects asked about
        # predicates read for every subject at once, on first use: a page names dozens of resources it does not
        # describe, and a lookup of each one's statements costs far more than its share of one pass
        self._bulk: dict[Node, dict[Any, list[Any]] | None] = dict.fromkeys(bulk)

    def _statements(self, subject: Node) -> dict[Node, list[Node]]:
        """``{predicate: [object, …]}`` of ``subject``, in the store's order, from one lookup (a page asks about
        the same few subjects again and again: the last 4,096 are kept)."""
        found = self._subject.get(subject)
        if found is None:
            found = {}
            for quad in self.store.quads_for_pattern(_ox(subject), None, None, None):
                found.setdefault(_rdflib(quad.predicate), []).append(_object(quad))
            if len(self._subject) >= 4096:
                self._subject.clear()
            self._subject[subject] = found
        return found

    def read_bulk(self) -> None:
        """Read the ``bulk`` predicates' statements now (before workers are forked, which then share them)."""
        for predicate in self._bulk:
            self._bulk_index(predicate)

    def _bulk_index(self, predicate: Node) -> dict[Any, list[Any]]:
        """The store's quads of one of the ``bulk`` predicates by subject, from one pass over them all (turned into
        rdflib terms only when asked for; each subject's in the store's order, as :meth:`_statements` has them)."""
        found = self._bulk[predicate]
        if found is None:
            found = {}
            for quad in self.store.quads_for_pattern(None, _ox(predicate), None, None):
                found.setdefault(quad.subject, []).append(quad)
            self._bulk[predicate] = found
        return found

    def _quads(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Any]:
        return self.store.quads_for_pattern(_ox(s), _ox(p), _ox(o), None)  # type: ignore[no-any-return]

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        """The objects of ``subject`` and ``predicate``."""
        if subject is not None and predicate is not None:
            if predicate in self._bulk:
                for quad in self._bulk_index(predicate).get(_ox(subject), ()):
                    yield _object(quad)
            else:
                yield from self._statements(subject).get(predicate, ())
            return
        for quad in self._quads(subject, predicate, None):
            yield _object(quad)

    def predicates(self, subject: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        """The predicates of ``subject`` (and ``object``)."""
        if subject is not None and object is None:
            for predicate, objects in self._statements(subject).items():
                for _ in objects:
                    yield predicate
            return
        for quad in self._quads(subject, None, object):
            yield _rdflib(quad.predicate)

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        """The subjects of ``predicate`` and ``object``."""
        for quad in self._quads(None, predicate, object):
            yield _rdflib(quad.subject)

    def predicate_objects(self, subject: Node | None = None) -> Iterator[tuple[Node, Node]]:
        """``(predicate, object)`` of each statement of ``subject``."""
        if subject is not None:
            for predicate, objects in self._statements(subject).items():
                for o in objects:
                    yield predicate, o
            return
        for quad in self._quads(subject, None, None):
            yield _rdflib(quad.predicate), _object(quad)

    def subject_predicates(self, object: Node | None = None) -> Iterator[tuple[Node, Node]]:
        """``(subject, predicate)`` of each statement whose object is ``object``."""
        for quad in self._quads(None, None, object):
            yield _rdflib(quad.subject), _rdflib(quad.predicate)

    def value(self, subject: Node | None = None, predicate: Node | None = None) -> Node | None:
        """One object of ``subject`` and ``predicate``, or None."""
        return next(self.objects(subject, predicate), None)

    def __contains__(self, triple: Any) -> bool:
        s, p, o = triple
        if s is not None and p is not None and o is not None:
            return o in self._statements(s).get(p, ())
        return next(iter(self._quads(s, p, o)), None) is not None

    def __len__(self) -> int:
        if self._length is None:
            self._length = len(self.store)
        return self._length


def named_terms(data: Any, base: str) -> set[URIRef]:
    """Every IRI under ``base`` that is a subject or an object of ``data`` (a store or an rdflib graph)."""
    if isinstance(data, Graph):
        return {t for t in set(data.subjects()) | set(data.objects()) if isinstance(t, URIRef) and t.startswith(base)}
    import pyoxigraph as ox

    named, found = ox.NamedNode, set()  # every IRI once, then those under the base (a million quads at M)
    for quad in data.quads_for_pattern(None, None, None, None):
        if type(subject := quad.subject) is named:
            found.add(subject.value)
        if type(thing := quad.object) is named:
            found.add(thing.value)
    return {URIRef(t) for t in found if t.startswith(base)}


K = TypeVar("K")
V = TypeVar("V")
_MISSING: Any = object()


def remember(memo: dict[K, V], key: K, make: Callable[[], V]) -> V:
    """``memo[key]``, made when missing: the site's labels and links, asked for again and again (at most 2**18
    kept; kg serve's threads share ``memo``: a lookup, then at most one write of a whole value)."""
    found: V = memo.get(key, _MISSING)
    if found is _MISSING:
        if len(memo) > 1 << 18:
            memo.clear()
        found = memo[key] = make()
    return found


def to_store(graph: Any) -> pyoxigraph.Store:
    """An in-memory store holding ``graph`` (an rdflib ``Graph``), for code that is handed a graph."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend([ox.Quad(_ox(s), _ox(p), _ox(o)) for s, p, o in graph])
    return store


@lru_cache(maxsize=1 << 16)
def _rdflib(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term (IRIs and labels are asked for again and again: remembered)."""
    return from_oxigraph(term)  # type: ignore[return-value]


def _object(quad: Any) -> Node:
    """A quad's object; an ``xsd:integer`` with the subtype its property has in the govkg context restored."""
    term = quad.object
    if getattr(term, "datatype", None) is not None and term.datatype.value == _XSD_INTEGER:
        subtype = _integer_subtypes().get(quad.predicate.value)
        if subtype is not None:
            return Literal(term.value, datatype=URIRef(subtype))
    return _rdflib(term)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_INTEGER = _XSD + "integer"
_SUBTYPES = frozenset(_XSD + t for t in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                         "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                         "unsignedInt", "unsignedShort", "unsignedByte"))


@cache
def _integer_subtypes() -> dict[str, str]:
    """Property IRI -> the subtype of ``xsd:integer`` the govkg context gives its values."""
    from kg.rdf.jsonld import load_context

    context = load_context()

    def expand(name: str) -> str:
        prefix, _, local = name.partition(":")
        base = context.get(prefix)
        return base + local if isinstance(base, str) and not local.startswith("//") else name

    found = {}
    for definition in context.values():
        if isinstance(definition, dict) and isinstance(definition.get("@type"), str):
            kind = expand(definition["@type"])
            if kind in _SUBTYPES:
                found[expand(str(definition["@id"]))] = kind
    return found


def _ox(term: Node | None) -> Any:
    if term is None:
        return None
    if type(term) is URIRef:
        return _named_node(term)
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


@lru_cache(maxsize=1 << 16)
def _named_node(iri: URIRef) -> Any:
    """An IRI as a pyoxigraph ``NamedNode`` (the same predicates and resources are looked up again and again)."""
    import pyoxigraph as ox

    return ox.NamedNode(str(iri))
