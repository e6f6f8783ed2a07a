"""The site's model of a graph: one document per resource under the base, its links, labels, evidence and RDF."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import GOVKG, ID, LABEL_LANGS, OA, PREFIXES, RDF, RDFS, SKOS, VOID, bind_prefixes, curie
from kg.publish.docfiles import Triple, document_graph
from kg.publish.html import safe_href
from kg.publish.labels import natural, own_script, vocabulary_label
from kg.publish.ontodoc import term_labels
from kg.publish.view import GraphReads, StoreGraph, named_terms, remember
from kg.publish.words import CLASS_NAMES
from kg.rdf.formats import RDF_FORMATS, RdfFormat
from kg.rdf.jsonld import load_context
from kg.slugs import relative, short_path

__all__ = ["CLASSES", "DOCUMENT_FORMATS", "Evidence", "Site", "curie_of"]

#: the RDF documents of each resource (``id/<path>.<suffix>``), in the order pages list them
DOCUMENT_FORMATS: tuple[RdfFormat, ...] = tuple(RDF_FORMATS[n] for n in ("turtle", "jsonld", "ntriples", "rdfxml"))
#: (index slug, class, English heading, Chinese heading), in the order the index lists them (names: kg.publish.words).
CLASSES: tuple[tuple[str, URIRef, str, str], ...] = tuple(
    (slug, cls, CLASS_NAMES[slug][2], CLASS_NAMES[slug][0]) for slug, cls in (
        ("campaigns", GOVKG.Campaign), ("themes", GOVKG.CampaignTheme), ("activities", GOVKG.Activity),
        ("agencies", GOVKG.Agency), ("products", GOVKG.RegulatedProduct), ("documents", GOVKG.PolicyDocument),
        ("initiatives", GOVKG.Initiative), ("media", GOVKG.MediaOutlet), ("reports", GOVKG.SourceReport),
        ("jurisdictions", GOVKG.Jurisdiction)))
#: what the pages ask of the resources they link to (labels, a theme's number), read for all of them at once
_BULK = (SKOS.prefLabel, RDFS.label, SKOS.notation)
_SEGMENT = r"[A-Za-z0-9_~-]+"
_PATH = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")


@dataclass
class Evidence:
    """One evidence span of a resource: the span's IRI, the report it points into, its offsets and quote."""

    iri: URIRef
    source: URIRef | None
    start: int | None
    end: int | None
    exact: str | None
    pages: str | None = None  # "page 3", "pages 3–4" of the original PDF


@dataclass
class _Described:
    """The last document described: its triples, and its rdflib graph once a writer needed one."""

    path: str
    triples: list[Triple]
    graph: Graph | None = None


class Site:
    """The pages of one graph whose resources live under ``base`` (``…/id/``), at ``id/<path>.<ext>``.

    ``data`` is a pyoxigraph ``Store`` (read through :class:`~kg.publish.view.StoreGraph`, never copied into
    rdflib) or an rdflib ``Graph``.
    """

    def __init__(self, data: Any, base: str = str(ID), *, endpoint: str = "sparql") -> None:
        self.graph: GraphReads = bind_prefixes(data) if isinstance(data, Graph) else StoreGraph(data, _BULK)
        self.base = base
        self.endpoint = endpoint
        self._docs: dict[str, set[URIRef]] = defaultdict(set)
        for term in named_terms(data, base):
            path = self.path_of(term)
            if path is not None:
                self._docs[path].add(term)
        self._short = {short: path for path in self._docs if (short := short_path(path)) != path}
        self._context = load_context()
        self._described: _Described | None = None  # the last document's triples: four formats and a page
        self._ctx: Any = None  # what compaction needs of the context (kg.publish.fastld.context_of), made once
        self._jsonld: tuple[str, str] | None = None
        self._labels: dict[tuple[Node, str], str] = {}
        self._links: dict[tuple[Node, str], str | None] = {}
        self._own_script: str | None = None
        self.memo: dict[Any, Any] = {}  # what the pages make of a term once per folder (kg.publish.pages.shown)

    # -- names and links ----------------------------------------------------------------------------

    def path_of(self, term: Node) -> str | None:
        """The document path (``agency/js-amr``) of an IRI under the base; None if it has none."""
        if not isinstance(term, URIRef) or not str(term).startswith(self.base):
            return None
        path = str(term)[len(self.base) :].split("#", 1)[0]
        return path if _PATH.fullmatch(path) else None

    def document_of(self, name: str) -> str | None:
        """The document whose path, or file name (``id/<short_path(path)>.html``), is ``name``; None if none."""
        return name if name in self._docs else self._short.get(name)

    def documents(self) -> list[str]:
        """Every document path, sorted."""
        return sorted(self._docs)

    def resources(self, path: str) -> list[URIRef]:
        """The IRIs document ``path`` describes (its resource and the ``#`` parts of it), sorted."""
        return sorted(self._docs.get(path, ()))

    def link(self, term: Node, here: str) -> str | None:
        """A safe href for ``term`` from the page at ``here`` (site-relative), or None (remembered per folder: the
        pages of one class link to the same agencies, themes and predicates)."""
        return remember(self._links, (term, posixpath.dirname(here)), lambda: self._link(term, here))

    def _link(self, term: Node, here: str) -> str | None:
        path = self.path_of(term)
        if path is not None:
            target = f"id/{short_path(path)}.html" + (f"#{str(term).split('#', 1)[1]}" if "#" in str(term) else "")
            return relative(target, posixpath.dirname(here))
        return safe_href(str(term)) if isinstance(term, URIRef) else None

    def label(self, term: Node, lang: str = "zh-Hant") -> str:
        """The best label of ``term`` in ``lang`` (then the other scripts), else its CURIE (remembered: the same
        agencies, themes and campaigns are named on many pages)."""
        return remember(self._labels, (term, lang), lambda: self._label(term, lang))

    def _label(self, term: Node, lang: str) -> str:
        labels = {o.language: str(o) for o in self.graph.objects(term, SKOS.prefLabel) if isinstance(o, Literal)}
        for want in (lang, *LABEL_LANGS, None):
            if want in labels:
                return labels[want]
        others = sorted((str(o), o.language or "") for o in self.graph.objects(term, RDFS.label)
                        if isinstance(o, Literal))
        # the first in the order govkg writes a subject's literals (kg.rdf.write), whatever the store's order
        return others[0][0] if others else vocabulary_label(term, lang) or curie_of(term)

    def own_script(self) -> str:
        """The script most of the graph's reports are written in (what ``zh`` means; computed once)."""
        if self._own_script is None:
            self._own_script = own_script(self)
        return self._own_script

    def warm(self) -> None:
        """Make now what every document needs once (the site's script, the labels of the resources pages link
        to, the ontology's labels, the JSON-LD context's compaction): workers forked after share it."""
        self.own_script()
        self._compaction()
        if isinstance(self.graph, StoreGraph):
            self.graph.read_bulk()
        term_labels()

    # -- RDF documents --------------------------------------------------------------------------------

    def describe(self, path: str) -> Graph:
        """The triples of document ``path`` (:meth:`triples`) in an rdflib graph with govkg's prefixes bound."""
        described = self._document(path)  # read once: kg serve's threads share the site
        if described.graph is None:
            described.graph = document_graph()
            for triple in described.triples:
                described.graph.add(triple)
        return described.graph

    def triples(self, path: str) -> list[Triple]:
        """The triples of document ``path``: its resources' (and blank nodes') statements, and links to them, each
        once. The last document's are kept: its page and its four RDF documents are made one after another."""
        return self._document(path).triples

    def _document(self, path: str) -> _Described:
        described = self._described
        if described is None or described.path != path:
            described = self._described = _Described(path, self._triples(path))
        return described

    def _triples(self, path: str) -> list[Triple]:
        out: dict[Triple, None] = {}
        todo: list[Node] = list(sorted(self._docs.get(path, ())))
        seen: set[Node] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for p, o in self.graph.predicate_objects(node):
                out[node, p, o] = None
                if isinstance(o, BNode):
                    todo.append(o)
        iri = URIRef(self.base + path)
        for s, p in self.graph.subject_predicates(iri):
            out[s, p, iri] = None
        return list(out)

    def rdf_document(self, path: str, ext: str) -> bytes:
        """Document ``path`` serialised as ``ext`` (ttl, jsonld, nt, rdf), byte-stable whatever the hash seed:
        written from its triples (:mod:`kg.publish.docfiles`), through its rdflib graph where those writers
        leave a document to rdflib or PyLD, and then for its other formats too, as before."""
        from kg.publish import docfiles

        if ext == "jsonld":
            return self.jsonld(path).encode("utf-8")
        described = self._document(path)
        if ext == "nt":
            return docfiles.ntriples(described.triples)
        if ext not in ("rdf", "ttl"):
            raise KeyError(ext)
        if described.graph is None:  # no writer has needed the graph yet: the triples' own writers first
            made = docfiles.rdfxml(described.triples) if ext == "rdf" else docfiles.turtle(described.triples)
            if made is not None:
                return made
        if ext == "rdf":
            from kg.rdf.write import to_rdfxml

            return to_rdfxml(self.describe(path))
        from kg.publish.fastttl import document_turtle

        return document_turtle(self.describe(path))

    def jsonld(self, path: str) -> str:
        """Document ``path`` as compact JSON-LD with the local context (computed once)."""
        done = self._jsonld
        if done is None or done[0] != path:
            from kg.publish.fastld import Fallback, jsonld_of, plain_triples

            try:
                text = jsonld_of(plain_triples(self.triples(path)), self._compaction())
            except Fallback:
                from kg.rdf.jsonld import to_jsonld

                text = to_jsonld(self.describe(path), self._context)
            done = self._jsonld = (path, text)
        return done[1]

    def jsonld_head(self) -> str:
        """How every document's JSON-LD begins: its context, up to the closing ``}`` of ``@context``."""
        return self._compaction().header  # type: ignore[no-any-return]

    def _compaction(self) -> Any:
        """What compaction needs of the context (:func:`kg.publish.fastld.context_of`; made once: finding it by
        the context's JSON text cost a ``json.dumps`` of the whole context twice a page)."""
        if self._ctx is None:
            from kg.publish.fastld import context_of

            self._ctx = context_of(self._context)
        return self._ctx

    def evidence_of(self, term: Node) -> list[Evidence]:
        """The evidence spans of ``term`` (its ``govkg:evidence`` and ``govkg:damagedSpan``, or itself)."""
        linked = set(self.graph.objects(term, GOVKG.evidence)) | set(self.graph.objects(term, GOVKG.damagedSpan))
        targets: list[Node] = sorted(linked, key=str)
        if (term, RDF.type, OA.SpecificResource) in self.graph:
            targets.insert(0, term)
        found = []
        for ev in targets:
            source = self.graph.value(ev, OA.hasSource)
            start = end = exact = None
            for sel in self.graph.objects(ev, OA.hasSelector):
                start = _int(self.graph.value(sel, OA.start), start)
                end = _int(self.graph.value(sel, OA.end), end)
                exact = str(self.graph.value(sel, OA.exact)) if self.graph.value(sel, OA.exact) else exact
            first = _int(self.graph.value(ev, GOVKG.pageStart), None)
            last = _int(self.graph.value(ev, GOVKG.pageEnd), None)
            pages = None if first is None else f"page {first}" if last in (None, first) else f"pages {first}–{last}"
            found.append(Evidence(ev, source if isinstance(source, URIRef) else None, start, end, exact,  # type: ignore[arg-type]
                                  pages))
        return sorted(found, key=lambda e: (e.iri != term, str(e.source), e.start or 0, str(e.iri)))

    def members(self, cls: URIRef) -> list[Node]:
        """Resources of class ``cls`` that have a page, sorted by path."""
        return sorted((s for s in set(self.graph.subjects(RDF.type, cls)) if self.path_of(s)),
                      key=lambda s: natural(str(s)))

    def void(self, endpoint_url: str, here: str) -> Graph:
        """A VoID description of the served dataset (``/.well-known/void``)."""
        ds = URIRef(here + "#dataset")
        out = document_graph()
        out.add((ds, RDF.type, VOID.Dataset))
        out.add((ds, VOID.sparqlEndpoint, URIRef(endpoint_url)))
        out.add((ds, VOID.uriSpace, Literal(self.base)))
        out.add((ds, VOID.triples, Literal(len(self.graph))))
        out.add((ds, VOID.entities, Literal(len(self._docs))))
        out.add((ds, VOID.vocabulary, URIRef(PREFIXES["govkg"][:-1])))
        for slug, cls, _, _ in CLASSES:
            part = URIRef(f"{here}#class-{slug}")
            out.add((ds, VOID.classPartition, part))
            out.add((part, VOID["class"], cls))
            out.add((part, VOID.entities, Literal(len(set(self.graph.subjects(RDF.type, cls))))))
        for campaign in self.members(GOVKG.Campaign)[:1]:
            out.add((ds, VOID.exampleResource, campaign))
        return out


def _int(term: Node | None, default: int | None) -> int | None:
    try:
        return int(str(term)) if term is not None else default
    except ValueError:
        return default


def curie_of(term: Node) -> str:
    """``prefix:local`` for an IRI (:func:`kg.namespaces.curie`), ``_:label`` for a blank node."""
    return f"_:{term}" if isinstance(term, BNode) else curie(str(term))
