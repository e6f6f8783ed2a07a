"""The pages: what a resource, a class index, the site index and the query page show, filled into the templates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.namespaces import DCTERMS, GOVKG, LABEL_LANGS, RDF, SCHEMA, SKOS
from kg.publish.html import evidence_paragraph, json_text_for_script, lang_attr, render, render_framed
from kg.publish.labels import agency_counts, doc_link, forms, natural, order_key, page_script
from kg.publish.resourcehtml import resource_blocks
from kg.publish.site import CLASSES, DOCUMENT_FORMATS, Evidence, Site, curie_of
from kg.publish.termhtml import term_html
from kg.publish.view import remember
from kg.publish.words import switch
from kg.slugs import short_path

if TYPE_CHECKING:
    from markupsafe import Markup

__all__ = [
    "OUTPUT_GROUPS",
    "Shown",
    "class_page",
    "index_page",
    "macro_html",
    "query_page",
    "resource_page",
    "shown",
    "term_html",
]

_MAX_INCOMING = 500
_LABELS = ((SKOS.prefLabel, "prefLabel"), (SKOS.altLabel, "altLabel"))


@dataclass(frozen=True)
class Shown:
    """One RDF term as a page shows it: a ``literal`` (with its language or datatype as a note), a ``link`` to its
    page or IRI with its label, or ``code`` (a CURIE that cannot be linked). ``label`` is the link's text in the
    three languages (:func:`kg.publish.words.switch`); a govkg term links Chinese readers to ``href`` and English
    readers to ``href_en`` (the ontology's pages in each language) with ``label_en``."""

    text: str
    kind: str = "code"
    href: str | None = None
    title: str | None = None
    lang: str | None = None
    note: str | None = None
    label: str = ""
    href_en: str | None = None
    label_en: str = ""


def shown(site: Site, term: Node, here: str) -> Shown:
    """``term`` as the page at site path ``here`` shows it."""
    if isinstance(term, Literal):
        note = f"@{term.language}" if term.language else curie_of(term.datatype) if term.datatype else None
        return Shown(str(term), "literal", lang=lang_attr(term), note=note)
    return _shown_term(site, term, here)


def macro_html(site: Site, term: Node, here: str) -> Markup:
    """``term`` as HTML on the page at ``here`` by its definition: the ``term`` macro of ``terms.html`` filled with
    :func:`shown`. The pages use :func:`~kg.publish.termhtml.term_html`, the same bytes made with less work."""
    from kg.publish.html import template

    macro: Callable[[Shown], Markup] = template("terms.html").module.term  # type: ignore[attr-defined]
    return macro(shown(site, term, here))


def _shown_term(site: Site, term: Node, here: str) -> Shown:
    docs = doc_link(term, here, "zh-Hant")
    if docs is not None:  # a govkg term: its label, linked to the site's ontology documentation
        labels = forms(site, term)
        return Shown(labels[0][1], "link", docs, curie_of(term), label=switch(labels[:2]),
                     href_en=doc_link(term, here, "en"), label_en=labels[2][1])
    href = site.link(term, here)
    if href is None:
        return Shown(curie_of(term))
    if site.path_of(term) is None:
        return Shown(curie_of(term), "link", href, str(term), label=curie_of(term))
    labels = forms(site, term)
    return Shown(labels[0][1], "link", href, str(term), label=switch(labels))


def _page(template: str, site: Site, here: str, title: str, lang: str | None = None, **context: Any) -> str:
    frame = {"lang": lang or site.own_script(), "title": title, "root": "../" * here.count("/"), "body_attrs": ()}
    if template == "resource.html":  # the one page made 130,000 times at M: its blocks written in Python
        return render_framed(template, resource_blocks, **frame, **context)
    return render(template, **frame, **context)


def _labels(site: Site, iri: URIRef) -> list[dict[str, Any]]:
    rows = []
    for prop, name in _LABELS:
        by_lang: dict[str | None, list[str]] = defaultdict(list)
        for lit in site.graph.objects(iri, prop):
            if isinstance(lit, Literal):
                by_lang[lit.language].append(str(lit))
        for lang in (*LABEL_LANGS, *sorted(k for k in by_lang if k not in LABEL_LANGS and k)):
            values = sorted(by_lang.get(lang, []))
            if values or prop == SKOS.prefLabel:
                rows.append({"name": name, "lang": lang, "cells": values})
    return rows


def _statements(site: Site, iri: Node, here: str) -> list[dict[str, Any]]:
    shown_elsewhere = (SKOS.prefLabel, SKOS.altLabel, RDF.value)
    rows = []
    for p in sorted({p for p in site.graph.predicates(iri) if p not in shown_elsewhere}, key=curie_of):
        objects = list(site.graph.objects(iri, p))
        if len(objects) > 1:  # most properties have one value: no sort key made for it
            objects.sort(key=lambda o: _order(site, o))
        rows.append({"predicate": term_html(site, p, here), "objects": [term_html(site, o, here) for o in objects]})
    return rows


def _order(site: Site, term: Node) -> tuple[Any, str]:
    """Where ``term`` goes among a property's values (:func:`~kg.publish.labels.order_key`, then its ``repr``); an
    IRI's is made once (the same agencies, themes and campaigns are listed on page after page)."""
    if isinstance(term, Literal):
        return order_key(site, term), repr(term)
    made: tuple[Any, str] = remember(site.memo, ("order", term), lambda: (order_key(site, term), repr(term)))
    return made


def _evidence(site: Site, ev: Evidence, here: str) -> dict[str, Any]:
    out: dict[str, Any] = {"iri": term_html(site, ev.iri, here), "exact": ev.exact, "problem": None, "span": None,
                           "source": term_html(site, ev.source, here) if ev.source is not None else None,
                           "pages": ev.pages}
    text = site.graph.value(ev.source, RDF.value) if ev.source is not None else None
    if ev.start is None or ev.end is None or text is None:
        return out
    try:
        before, span, after = evidence_paragraph(str(text), ev.start, ev.end)
    except ValueError as exc:
        return {**out, "problem": str(exc)}
    lang = lang_attr(text) if isinstance(text, Literal) else None
    return {**out, "before": before, "span": span, "after": after, "lang": lang, "start": ev.start, "end": ev.end,
            "differs": ev.exact is not None and ev.exact != span}


_ORIGINAL = ((DCTERMS.identifier, "file 文件"), (SCHEMA.encodingFormat, "format 格式"),
             (GOVKG.byteSize, "bytes 位元組"), (GOVKG.sha256, "SHA-256"), (SCHEMA.numberOfPages, "pages 頁數"),
             (DCTERMS.title, "title 標題"), (GOVKG.publisherName, "publisher 發布"), (DCTERMS.issued, "published 日期"),
             (SCHEMA.url, "address 網址"))


def _original(site: Site, iri: URIRef) -> list[dict[str, Any]]:
    """A report's original file and what it says of itself, for people (the same triples are in Statements)."""
    if (iri, RDF.type, GOVKG.SourceReport) not in site.graph:
        return []
    rows = []
    for prop, name in _ORIGINAL:
        for value in sorted(site.graph.objects(iri, prop), key=str):
            rows.append({"name": name, "value": str(value), "href": str(value) if isinstance(value, URIRef) else None,
                         "lang": lang_attr(value) if isinstance(value, Literal) else None})
    return rows


def _texts(site: Site, iri: URIRef) -> list[dict[str, Any]]:
    return [{"lang": lang_attr(value), "lines": [line for line in str(value).split("\n") if line.strip()]}
            for value in site.graph.objects(iri, RDF.value) if isinstance(value, Literal)]


def resource_page(site: Site, path: str) -> str:
    """The HTML page of document ``path``: labels, links out and in, evidence, alternates, inline JSON-LD."""
    here = f"id/{short_path(path)}.html"
    name = here[3:-5].rsplit("/", 1)[-1]
    iri = URIRef(site.base + path)
    incoming = sorted(site.graph.subject_predicates(iri),
                      key=lambda sp: (curie_of(sp[1]), natural(str(sp[0])), repr(sp[0])))
    parts = [{"anchor": str(sub).split("#", 1)[1], "name": curie_of(sub), "props": _statements(site, sub, here)}
             for sub in sorted(t for t in site.resources(path) if "#" in str(t))]
    evidence = site.evidence_of(iri)
    sources = [ev.source for ev in evidence if ev.source is not None]
    script = page_script(site, iri, sources)
    return _page(
        "resource.html", site, here, site.label(iri, script), script, heading=switch(forms(site, iri)),
        alternates=[(f"{name}.{fmt.suffix}", fmt) for fmt in DOCUMENT_FORMATS], jsonld=_script_jsonld(site, path),
        iri=str(iri),
        types=[term_html(site, t, here) for t in sorted(site.graph.objects(iri, RDF.type), key=curie_of)],
        labels=_labels(site, iri), evidence=[_evidence(site, ev, here) for ev in evidence],
        statements=[{"name": None, "props": _statements(site, iri, here)}, *parts],
        incoming=[(term_html(site, s, here), term_html(site, p, here)) for s, p in incoming[:_MAX_INCOMING]],
        more=max(len(incoming) - _MAX_INCOMING, 0), texts=_texts(site, iri), original=_original(site, iri),
    )


def _script_jsonld(site: Site, path: str) -> Markup:
    """The document's JSON-LD for the page's ``<script>`` block (the context's part turned once)."""
    return json_text_for_script(site.jsonld(path), site.jsonld_head())


def _exact_label(site: Site, term: Node, lang: str) -> str:
    for lit in site.graph.objects(term, SKOS.prefLabel):
        if isinstance(lit, Literal) and lit.language == lang:
            return str(lit)
    return "—" if lang == "en" else site.label(term, lang)


def class_page(site: Site, slug: str) -> str:
    """The index of one class: each member with its labels in the three forms."""
    here = f"class/{slug}.html"
    _, cls, english, chinese = next(c for c in CLASSES if c[0] == slug)
    members = [{"href": site.link(m, here), "name": curie_of(m),
                "labels": [(lang, _exact_label(site, m, lang)) for lang in LABEL_LANGS]} for m in site.members(cls)]
    return _page("class.html", site, here, f"{chinese} {english}", slug=slug, name=curie_of(cls), members=members)


#: the groups of other outputs the index links, in its order: (key of kg.publish.words.WORDS, what they are)
OUTPUT_GROUPS = ("networks", "dumps", "answers")


def index_page(site: Site, outputs: Sequence[tuple[str, str, str]] = ()) -> str:
    """The front page: the campaigns with their agencies counted, the classes with their sizes, the query page, the
    ontology's documentation, and ``outputs`` beside the site: ``(group, file name, href)``, the group one of
    :data:`OUTPUT_GROUPS` (networks, dumps, query answers; only what exists is given)."""
    here = "index.html"
    classes = [(slug, len(site.members(cls))) for slug, cls, _, _ in CLASSES]
    campaigns = [(term_html(site, c, here), *agency_counts(site, c)) for c in site.members(CLASSES[0][1])]
    groups = [(key, [(name, href) for group, name, href in outputs if group == key]) for key in OUTPUT_GROUPS]
    return _page("index.html", site, here, "govkg", classes=classes, campaigns=campaigns, triples=len(site.graph),
                 outputs=[(key, files) for key, files in groups if files])


def query_page(site: Site, here: str) -> str:
    """The SPARQL page: an editor posting to the endpoint, the named queries as ready examples (their text without
    the ``#+`` header, which is shown as a description and parameter fields), the known prefixes."""
    from kg.namespaces import PREFIXES
    from kg.query.catalogue import catalogue
    from kg.queryfile import query_body

    questions = [q for q in catalogue() if not q.slug.endswith("-violation")]
    checks = [q for q in catalogue() if q.slug.endswith("-violation")]
    data = [{"slug": q.slug, "summary": q.summary, "params": list(q.params), "text": query_body(q.text),
             "docs": dict(q.param_docs), "kinds": dict(q.param_kinds)} for q in questions + checks]
    root = "../" * here.count("/")
    attrs = (("data-endpoint", site.endpoint), ("data-queries", urljoin(site.endpoint, "queries/")),
             ("data-base", site.base), ("data-root", root))
    return render("query.html", lang=site.own_script(), title="SPARQL", root=root, body_attrs=attrs,
                  endpoint=site.endpoint,
                  groups=[("Questions 問題", [(q.slug, q.summary) for q in questions]),
                          ("Checks 檢查 (rows are violations)", [(q.slug, q.summary) for q in checks])],
                  catalogue=data, prefixes=PREFIXES)
