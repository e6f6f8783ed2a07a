"""The violation queries that read evidence offsets against a report's text, answered in one pass over the data.

Three ``queries/*-violation.rq`` compare each piece of evidence with its report: ``evidence-quote`` (the quote is
the text at its offsets), ``evidence-range`` (the offsets lie in the text) and ``activity-missing-link`` (a mention
inside an activity's evidence is linked by it). Run on Oxigraph their cost grows with the square of a report: each
row decodes the report's whole ``rdf:value`` again (a 1 MiB text, once per evidence), and mentions are joined with
every activity of their report before the offsets are compared. Here the text is read once, sliced by code point,
and mentions meet only the activities whose evidence can hold them (a sweep in offset order), so the cost grows
with the text.

The queries stay the definition: ``offset_rows`` returns exactly their rows (focus, path, value, detail, as the
Oxigraph store would: integers as ``xsd:integer``) and ``None`` when the data is not regular enough to be sure of
that (an offset that is not a plain integer literal, a text or quote that is not a string literal), and then the
caller runs the queries. ``tests/test_validate.py`` checks the two agree on every fixture, case and the seed.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from kg.namespaces import GOVKG, OA, RDF, XSD

__all__ = ["OFFSET_QUERIES", "offset_rows"]

OFFSET_QUERIES = ("activity-missing-link-violation", "evidence-quote-violation", "evidence-range-violation")
"""The slugs of the violation queries ``offset_rows`` answers."""

Row = tuple[Any, Any, Any, Any]  # focus, path, value, detail: pyoxigraph terms (or None)

# the IRIs as strings, made once (an rdflib namespace attribute costs a look-up each time)
_TYPE = str(RDF.type)
_VALUE = str(RDF.value)
_EVIDENCE = str(GOVKG.evidence)
_SOURCE = str(OA.hasSource)
_SELECTOR = str(OA.hasSelector)
_START = str(OA.start)
_END = str(OA.end)
_EXACT = str(OA.exact)
_INTEGERS = {str(XSD.integer), str(XSD.nonNegativeInteger)}
_STRINGS = {str(XSD.string), str(RDF.langString)}
_CANONICAL = re.compile(r"0|[1-9][0-9]*")
_MENTIONED = {str(c): str(p) for c, p in ((GOVKG.RegulatedProduct, GOVKG.targetsProduct),
                                          (GOVKG.PolicyDocument, GOVKG.citesDocument),
                                          (GOVKG.Initiative, GOVKG.partOfInitiative),
                                          (GOVKG.MediaOutlet, GOVKG.usesMedia))}
"""The classes of mentioned resources, each with the property by which an activity links one."""
_LINKS = set(_MENTIONED.values())
_CLASSES = {str(GOVKG.Activity), *_MENTIONED}
"""The types ``activity-missing-link`` reads (an activity, a mentioned resource); other types are not indexed."""
_WANTED = {_TYPE, _VALUE, _EVIDENCE, _SOURCE, _SELECTOR, _START, _END, _EXACT} | _LINKS


class _Irregular(Exception):
    """A term the fast path does not model exactly; the queries must answer."""


class _Data:
    """The triples the three queries read, indexed by subject (terms as pyoxigraph gives them)."""

    def __init__(self, quads: Iterable[Any]) -> None:
        import pyoxigraph as ox

        self.by: dict[str, defaultdict[Any, list[Any]]] = {p: defaultdict(list) for p in _WANTED}
        self.links: set[tuple[Any, str, Any]] = set()
        wanted = {ox.NamedNode(p): p for p in _WANTED}  # a term is looked up without copying its IRI out
        classes = {ox.NamedNode(c) for c in _CLASSES}  # a fifth of the data is rdf:type, mostly of other classes
        for quad in quads:
            prop = wanted.get(quad.predicate)
            if prop is not None and (prop != _TYPE or quad.object in classes):
                self.by[prop][quad.subject].append(quad.object)
                if prop in _LINKS:
                    self.links.add((quad.subject, prop, quad.object))
        self.offsets = {p: {s: [_integer(o) for o in objs] for s, objs in self.by[p].items()}
                        for p in (_START, _END)}
        for prop in (_VALUE, _EXACT):
            for objects in self.by[prop].values():
                if not all(_is_string(o) for o in objects):
                    raise _Irregular(prop)
        # a literal's .value is a new copy of its text on every access: each report's text is copied once here
        self.texts = {r: [(t.value, t.language or "") for t in ts] for r, ts in self.by[_VALUE].items()}

    def get(self, prop: str, subject: Any) -> list[Any]:
        """The objects of ``subject prop``."""
        found = self.by[prop].get(subject)
        return found if found is not None else []

    def positions(self, evidence: Any) -> list[tuple[Any, int, int]]:
        """``evidence oa:hasSelector ?p . ?p oa:start ?s ; oa:end ?e``: (report, s, e) for each of its sources."""
        starts, ends = self.offsets[_START], self.offsets[_END]
        spans = [(s, e) for p in self.get(_SELECTOR, evidence) for s in starts.get(p, ()) for e in ends.get(p, ())]
        return [(report, s, e) for report in self.get(_SOURCE, evidence) for s, e in spans]


def _integer(term: Any) -> int:
    import pyoxigraph as ox

    if isinstance(term, ox.Literal) and term.datatype.value in _INTEGERS and _CANONICAL.fullmatch(term.value):
        return int(term.value)
    raise _Irregular(term)


def _is_string(term: Any) -> bool:
    import pyoxigraph as ox

    return isinstance(term, ox.Literal) and (term.language is not None or term.datatype.value in _STRINGS)


def offset_rows(quads: Iterable[Any]) -> dict[str, list[Row]] | None:
    """The rows of each query of ``OFFSET_QUERIES`` on ``quads`` (the store's default graph), or ``None``.

    >>> import pyoxigraph as ox
    >>> data = '''@prefix oa: <http://www.w3.org/ns/oa#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    ... <urn:r> rdf:value "江苏省开展" . <urn:e> oa:hasSource <urn:r> ; oa:hasSelector <urn:p> , <urn:q> .
    ... <urn:p> oa:start 0 ; oa:end 3 . <urn:q> oa:exact "江苏" .'''
    >>> rows = offset_rows(ox.parse(data.encode(), format=ox.RdfFormat.TURTLE))
    >>> [(focus.value, detail.value) for focus, _, _, detail in rows["evidence-quote-violation"]]
    [('urn:e', '[0, 3) = «江苏省»')]
    """
    try:
        data = _Data(quads)
    except _Irregular:
        return None
    return {"activity-missing-link-violation": _missing_links(data), "evidence-quote-violation": _quotes(data),
            "evidence-range-violation": _ranges(data)}


def _int_literal(value: int) -> Any:
    import pyoxigraph as ox

    return ox.Literal(str(value), datatype=ox.NamedNode(str(XSD.integer)))


def _quotes(data: _Data) -> list[Row]:
    """``evidence-quote-violation``: the quote is not the text at the offsets, or its language is another."""
    import pyoxigraph as ox

    path, out = ox.NamedNode(_EXACT), []
    for focus in data.by[_SOURCE]:
        quotes = [q for p in data.get(_SELECTOR, focus) for q in data.get(_EXACT, p) if q.value]
        spans = [(report, start, end) for report, start, end in data.positions(focus) if start < end] if quotes else []
        for report, start, end in spans:
            for text, language in data.texts.get(report, ()):
                if end > len(text):
                    continue
                found = text[start:end]
                for quote in quotes:
                    if quote.value != found or (quote.language and quote.language != language):
                        out.append((focus, path, quote, ox.Literal(f"[{start}, {end}) = «{found}»")))
    return out


def _ranges(data: _Data) -> list[Row]:
    """``evidence-range-violation``: an end offset past the end of the report's text."""
    import pyoxigraph as ox

    path, out = ox.NamedNode(_END), []
    ends = data.offsets[_END]
    for focus, reports in data.by[_SOURCE].items():
        lengths = [len(text) for r in reports for text, _ in data.texts.get(r, ())]
        for position in data.get(_SELECTOR, focus):
            for end in ends.get(position, ()):
                out += [(focus, path, _int_literal(end), ox.Literal(f"text length {n}")) for n in lengths if end > n]
    return out


def _missing_links(data: _Data) -> list[Row]:
    """``activity-missing-link-violation``: a mention inside an activity's evidence that the activity does not link."""
    import pyoxigraph as ox

    activity = ox.NamedNode(str(GOVKG.Activity))  # data.by[_TYPE] holds only the types of _CLASSES
    spans: defaultdict[Any, list[tuple[int, int, Any]]] = defaultdict(list)  # report -> (start, end, activity)
    points: defaultdict[Any, list[tuple[int, int, Any, str]]] = defaultdict(list)  # report -> (start, end, value, link)
    for subject, types in data.by[_TYPE].items():
        links = {_MENTIONED[t.value] for t in types if t.value in _MENTIONED}
        for evidence in data.get(_EVIDENCE, subject):
            for report, start, end in data.positions(evidence):
                if activity in types:
                    spans[report].append((start, end, subject))
                points[report] += [(start, end, subject, link) for link in sorted(links)]
    found = set()
    for report, mentions in points.items():
        for focus, link, value in _containing(spans.get(report, []), mentions):
            if (focus, link, value) not in data.links:
                found.add((focus, link, value))
    return [(f, ox.NamedNode(p), v, None) for f, p, v in sorted(found, key=lambda r: (r[0].value, r[1], r[2].value))]


def _containing(spans: list[tuple[int, int, Any]], mentions: list[tuple[int, int, Any, str]]) -> list[Any]:
    """(activity, link, value) for every span with ``start <= mention start`` and ``mention end <= end``.

    Mentions are taken in order of start; a span joins the open ones when its start is reached and leaves them
    when its end falls below every end of the mentions still to come, so each mention meets only the spans
    around it.
    """
    mentions = sorted(mentions, key=lambda m: m[0])
    spans = sorted(spans, key=lambda s: s[0])
    least_end = [0] * len(mentions)  # the least mention end from i on
    low = None
    for i in range(len(mentions) - 1, -1, -1):
        low = mentions[i][1] if low is None else min(low, mentions[i][1])
        least_end[i] = low
    open_spans: list[tuple[int, int, Any]] = []  # heap by end: (end, order, activity)
    out, next_span = [], 0
    for i, (start, end, value, link) in enumerate(mentions):
        while next_span < len(spans) and spans[next_span][0] <= start:
            heapq.heappush(open_spans, (spans[next_span][1], next_span, spans[next_span][2]))
            next_span += 1
        while open_spans and open_spans[0][0] < least_end[i]:
            heapq.heappop(open_spans)
        out += [(activity, link, value) for span_end, _, activity in open_spans if end <= span_end]
    return out
