"""The HTML of each page kind: a resource, a class index, the site index and the SPARQL query page."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.namespaces import RDF, SKOS
from kg.publish.site import (
    CLASSES,
    LANGS,
    Html,
    Site,
    _Evidence,
    _template,
    curie,
    esc,
    evidence_paragraph,
    join,
    json_for_script,
    lang_attr,
    tag,
)

__all__ = ["class_page", "index_page", "query_page", "resource_page"]

_ALTERNATES = (("ttl", "text/turtle", "Turtle"), ("jsonld", "application/ld+json", "JSON-LD"),
               ("nt", "application/n-triples", "N-Triples"), ("rdf", "application/rdf+xml", "RDF/XML"))
_MAX_INCOMING = 500


def _term(site: Site, term: Node, here: str) -> Html:
    """One RDF term as HTML: a link with its label, or the literal's text with its language."""
    if isinstance(term, Literal):
        lang = lang_attr(term)
        text = tag("span", {"lang": lang}, str(term))
        if term.language:
            return Html(text + " " + tag("small", {"class": "lang"}, f"@{term.language}"))
        if term.datatype is not None:
            return Html(text + " " + tag("small", {"class": "lang"}, curie(term.datatype)))
        return text
    href = site.link(term, here)
    shown = site.label(term) if site.path_of(term) else curie(term)
    if href is None:
        return tag("code", {}, shown)
    return tag("a", {"href": href, "title": str(term)}, shown)


def _labels(site: Site, iri: URIRef) -> Html:
    rows = []
    for prop, name in ((SKOS.prefLabel, "prefLabel"), (SKOS.altLabel, "altLabel")):
        by_lang: dict[str | None, list[str]] = defaultdict(list)
        for lit in site.graph.objects(iri, prop):
            if isinstance(lit, Literal):
                by_lang[lit.language].append(str(lit))
        for lang in (*LANGS, *sorted(k for k in by_lang if k not in LANGS and k)):
            values = sorted(by_lang.get(lang, []))
            cells = join((tag("span", {"lang": lang}, v) for v in values), " · ") if values else Html("—")
            if values or prop == SKOS.prefLabel:
                rows.append(tag("tr", {}, tag("th", {}, f"skos:{name}"), tag("td", {}, lang or ""),
                                tag("td", {"class": "label"}, cells)))
    return tag("table", {"class": "labels"}, join(rows))


def _outgoing(site: Site, iri: URIRef, here: str) -> Html:
    rows = []
    preds = sorted({p for p in site.graph.predicates(iri) if p not in (SKOS.prefLabel, SKOS.altLabel, RDF.value)},
                   key=curie)
    for p in preds:
        objects = sorted(site.graph.objects(iri, p), key=lambda o: (site.label(o) if site.path_of(o) else str(o)))
        values = join(tag("li", {}, _term(site, o, here)) for o in objects)
        rows.append(tag("tr", {}, tag("th", {}, _term(site, p, here)), tag("td", {}, tag("ul", {}, values))))
    return tag("table", {"class": "props"}, join(rows))


def _incoming(site: Site, iri: URIRef, here: str) -> Html:
    pairs = sorted(site.graph.subject_predicates(iri), key=lambda sp: (curie(sp[1]), str(sp[0])))
    rows = [tag("tr", {}, tag("td", {}, _term(site, s, here)), tag("td", {}, _term(site, p, here)))
            for s, p in pairs[:_MAX_INCOMING]]
    more = f"… and {len(pairs) - _MAX_INCOMING} more" if len(pairs) > _MAX_INCOMING else ""
    return Html(tag("table", {"class": "incoming"}, join(rows)) + (tag("p", {}, more) if more else ""))


def _evidence(site: Site, ev: _Evidence, here: str) -> Html:
    text = site.graph.value(ev.source, RDF.value) if ev.source is not None else None
    caption = [Html("evidence "), _term(site, ev.iri, here)]
    if ev.source is not None:
        caption += [Html(" in "), _term(site, ev.source, here)]
    if ev.start is None or ev.end is None or text is None:
        body = tag("blockquote", {}, ev.exact or "(no position)")
    else:
        try:
            before, span, after = evidence_paragraph(str(text), ev.start, ev.end)
        except ValueError as exc:
            return tag("figure", {"class": "evidence bad"}, tag("p", {}, str(exc)), tag("figcaption", {}, *caption))
        lang = lang_attr(text) if isinstance(text, Literal) else None
        body = tag("blockquote", {"lang": lang}, before, tag("mark", {}, span), after)
        caption.append(Html(f" · characters {ev.start}–{ev.end}"))
        if ev.exact is not None and ev.exact != span:
            caption.append(tag("strong", {"class": "warn"}, " · the quote selector differs from the text"))
    return tag("figure", {"class": "evidence"}, body, tag("figcaption", {}, join(caption)))


def _report_text(site: Site, iri: URIRef) -> Html:
    parts = []
    for value in site.graph.objects(iri, RDF.value):
        if isinstance(value, Literal):
            paras = (tag("p", {"lang": lang_attr(value)}, line) for line in str(value).split("\n") if line.strip())
            parts.append(tag("section", {"class": "report-text"}, tag("h2", {}, "Text 全文 (rdf:value)"), join(paras)))
    return join(parts)


def resource_page(site: Site, path: str) -> str:
    """The HTML page of document ``path``: labels, links out and in, evidence, alternates, inline JSON-LD."""
    here = f"id/{path}.html"
    iri = URIRef(site.base + path)
    name = path.rsplit("/", 1)[-1]
    head = [tag("link", {"rel": "alternate", "type": media, "href": f"{name}.{ext}", "title": title})
            for ext, media, title in _ALTERNATES]
    head.append(tag("script", {"type": "application/ld+json"}, json_for_script(_jsonld_data(site, path))))
    types = sorted(site.graph.objects(iri, RDF.type), key=curie)
    main = [
        tag("h1", {"lang": "zh-Hant"}, site.label(iri)),
        tag("p", {"class": "iri"}, tag("code", {}, str(iri)), " ",
            join((tag("span", {"class": "type"}, _term(site, t, here)) for t in types), " ")),
        tag("h2", {}, "Labels 名稱"), _labels(site, iri),
    ]
    evidence = site.evidence_of(iri)
    if evidence:
        main += [tag("h2", {}, "Evidence 出處"), join(_evidence(site, ev, here) for ev in evidence)]
    main += [tag("h2", {}, "Statements 陳述"), _outgoing(site, iri, here)]
    for sub in sorted(t for t in site._docs.get(path, ()) if "#" in str(t)):
        main += [tag("h3", {"id": str(sub).split("#", 1)[1]}, curie(sub)), _outgoing(site, sub, here)]
    main += [tag("h2", {}, "Links here 反向連結"), _incoming(site, iri, here), _report_text(site, iri)]
    main.append(tag("p", {"class": "alternates"}, "Data: ",
                    join((tag("a", {"href": f"{name}.{ext}", "type": media}, title)
                          for ext, media, title in _ALTERNATES), " · ")))
    return site.render(here, site.label(iri), join(main), head=join(head, "\n"))


def _jsonld_data(site: Site, path: str) -> object:
    import json

    return json.loads(site.jsonld(path))


def class_page(site: Site, slug: str) -> str:
    """The index of one class: each member with its labels in the three forms."""
    here = f"class/{slug}.html"
    _, cls, english, chinese = next(c for c in CLASSES if c[0] == slug)
    rows = [tag("tr", {}, tag("th", {}, "zh-Hant"), tag("th", {}, "zh-Hans"), tag("th", {}, "en"),
                tag("th", {}, "IRI"))]
    for member in site.members(cls):
        href = site.link(member, here)
        cells = [tag("td", {"lang": lang}, tag("a", {"href": href}, _exact_label(site, member, lang)))
                 for lang in LANGS]
        rows.append(tag("tr", {}, join(cells), tag("td", {}, tag("code", {}, curie(member)))))
    main = [tag("h1", {}, f"{chinese} · {english}"),
            tag("p", {}, f"{len(rows) - 1} resources of ", tag("code", {}, curie(cls))),
            tag("table", {"class": "index"}, join(rows))]
    return site.render(here, f"{chinese} {english}", join(main))


def _exact_label(site: Site, term: Node, lang: str) -> str:
    for lit in site.graph.objects(term, SKOS.prefLabel):
        if isinstance(lit, Literal) and lit.language == lang:
            return str(lit)
    return "—" if lang == "en" else site.label(term, lang)


def index_page(site: Site) -> str:
    """The front page: the classes with their sizes, the campaigns, the query page."""
    here = "index.html"
    items = [tag("li", {}, tag("a", {"href": f"class/{slug}.html"}, f"{chinese} · {english}"),
                 f" ({len(site.members(cls))})") for slug, cls, english, chinese in CLASSES]
    campaigns = [tag("li", {}, _term(site, c, here)) for c in site.members(CLASSES[0][1])]
    main = [tag("h1", {}, "govkg"),
            tag("p", {}, "Government agencies, the campaigns they run, the policies they cite and the actions they "
                "take; every fact links to the characters of the report it came from."),
            tag("h2", {}, "Campaigns 運動"), tag("ul", {}, join(campaigns)),
            tag("h2", {}, "Classes 類別"), tag("ul", {"class": "classes"}, join(items)),
            tag("p", {}, tag("a", {"href": "query.html"}, "SPARQL query page 查詢"), " · ",
                tag("a", {"href": "void.ttl"}, "VoID description"), f" · {len(site.graph)} triples")]
    return site.render(here, "govkg", join(main))


def query_page(site: Site, here: str) -> str:
    """The SPARQL page: a form posting to the endpoint, the named queries as ready examples."""
    from kg.query.catalogue import catalogue

    queries = [q for q in catalogue() if not q.slug.endswith("-violation")]
    queries += [q for q in catalogue() if q.slug.endswith("-violation")]
    data = [{"slug": q.slug, "summary": q.summary, "params": list(q.params), "text": q.text,
             "docs": dict(q.param_docs), "kinds": dict(q.param_kinds)} for q in queries]
    options = join(tag("option", {"value": q.slug}, f"{q.slug} — {q.summary}") for q in queries)
    root = "../" * here.count("/")
    main = _template("query.html").substitute(
        endpoint=esc(site.endpoint), options=options, catalogue=json_for_script(data), root=esc(root))
    from urllib.parse import urljoin

    attrs = {"data-endpoint": site.endpoint, "data-queries": urljoin(site.endpoint, "queries/"),
             "data-base": site.base, "data-root": root}
    return site.render(here, "SPARQL", main, body_attrs=attrs)

