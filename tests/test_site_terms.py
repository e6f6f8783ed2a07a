"""A term's HTML on a page (``kg.publish.termhtml``, made once per term and finished per folder) is the ``term``
macro's of ``terms.html`` (its definition, ``kg.publish.pages.macro_html``): on the seed's pages and on hostile data,
from folders of every depth, asked in any order; a resource page's blocks written in Python
(``kg.publish.resourcehtml``) are ``resource.html``'s (issue 17: the same bytes, less work)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import GOVKG, ID, OA, RDF, RDFS, SKOS, XSD
from kg.paths import KG_FILE
from kg.publish import pages
from kg.publish.html import render_framed
from kg.publish.load import load_store
from kg.publish.pages import macro_html, resource_page
from kg.publish.site import Site
from kg.publish.termhtml import literal_html, term_html
from kg.slugs import short_path


def _terms(site: Site, path: str) -> list[Node]:
    found: list[Node] = []
    for s, p, o in site.triples(path):
        found += [s, p, o]
    return found


def test_every_term_of_the_seeds_pages_is_the_macros_from_any_folder() -> None:
    site = Site(load_store([KG_FILE]))
    documents = site.documents()
    rng = random.Random(17)  # noqa: S311 (test data)
    heres = [f"id/{short_path(path)}.html" for path in documents] + ["index.html", "class/agencies.html"]
    checked = 0
    for path in documents[::3]:
        terms = _terms(site, path)
        for term in terms:
            for here in (f"id/{short_path(path)}.html", rng.choice(heres)):  # its own page's folder and another's
                assert str(term_html(site, term, here)) == str(macro_html(site, term, here)), (term, here)
                checked += 1
    assert checked > 2000
    # a literal of each kind: a language, a datatype, neither, markup in it
    for lit in (Literal("a", lang="zh-Hant"), Literal("5", datatype=XSD.integer), Literal("<b>&\"'"),
                Literal("x", lang="en-GB"), Literal(""), Literal("x", datatype=URIRef("http://example.org/<t>"))):
        assert str(literal_html(lit)) == str(macro_html(site, lit, "id/a/b.html"))


def _hostile() -> Graph:
    g = Graph()
    x = URIRef(ID + "agency/xx-evil")
    g.add((x, RDF.type, GOVKG.Agency))
    g.add((GOVKG.Agency, SKOS.prefLabel, Literal("<b>A & B</b>", lang="en")))  # a govkg term's label from the data
    g.add((x, SKOS.prefLabel, Literal('<script>alert(1)</script>" onmouseover="alert(2)', lang="zh-Hant")))
    g.add((x, SKOS.prefLabel, Literal("a & b", lang="en")))
    g.add((URIRef(ID + "agency/xx-same"), SKOS.prefLabel, Literal("<i>", lang="zh-Hans")))
    g.add((URIRef(ID + "agency/xx-none"), RDFS.label, Literal('"q"')))
    g.add((x, GOVKG.jurisdiction, URIRef("javascript:alert(4)")))
    g.add((x, GOVKG.issuedBy, URIRef("data:text/html,<script>alert(5)</script>")))
    g.add((x, GOVKG.issuedBy, URIRef("https://example.org/a?b=1&c=\"2\"")))
    g.add((x, GOVKG.conductedBy, URIRef(ID + "agency/xx-same#part")))
    g.add((x, GOVKG.conductedBy, URIRef(ID + "agency/xx-none")))
    g.add((x, URIRef("http://example.org/p#q"), BNode("b1")))
    g.add((URIRef(ID + "agency/xx-other"), GOVKG.issuedBy, x))
    return g


def test_hostile_terms_are_escaped_as_the_macro_escapes_them() -> None:
    site = Site(_hostile())
    heres = ["id/agency/xx-evil.html", "id/agency/xx-other.html", "index.html", "class/agencies.html",
             "id/activity/a/01/evidence.html", "id/agency/xx-evil.html"]
    terms: list[Node] = []
    for s, p, o in _hostile():
        terms += [s, p, o]
    for here in heres:
        for term in terms:
            assert str(term_html(site, term, here)) == str(macro_html(site, term, here)), (term, here)
    made = str(term_html(site, URIRef(ID + "agency/xx-evil"), "index.html"))
    assert "<script" not in made and "&lt;script&gt;" in made  # the check itself, not only sameness


def _both_ways(site: Site, path: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The page of ``path`` as ``kg site`` makes it, and with its blocks rendered by ``resource.html``."""
    seen: list[dict[str, Any]] = []

    def keep(name: str, blocks: Any = None, **context: Any) -> str:
        seen.append(context)
        return render_framed(name, blocks, **context)

    monkeypatch.setattr(pages, "render_framed", keep)
    made = resource_page(site, path)
    monkeypatch.undo()
    return made, render_framed("resource.html", **seen[-1])


def test_resource_pages_blocks_in_python_are_the_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    site = Site(load_store([KG_FILE]))
    kinds = set()
    for path in site.documents():
        made, templated = _both_ways(site, path, monkeypatch)
        assert made == templated, path
        kinds |= {kind for kind in ("evidence bad", "<mark>", "report-text", 'class="original"', "<h3 id=")
                  if kind in made}
    assert len(kinds) >= 4, kinds  # the seed's pages take most branches of the template
    for graph in (_hostile(), _branches()):
        other = Site(graph)
        for path in other.documents():
            made, templated = _both_ways(other, path, monkeypatch)
            assert made == templated, path
    made = _both_ways(Site(_branches()), "agency/xx-b", monkeypatch)[0]
    for kind in ("evidence bad", "(no position)", "differs from the text", "pages 3–4", "… and 1 more"):
        assert kind in made, kind


def _branches() -> Graph:
    """An agency with evidence out of its text, without a position, quoted differently, and 501 links in."""
    g = Graph()
    x, report = URIRef(ID + "agency/xx-b"), URIRef(ID + "report/r1")
    g.add((x, RDF.type, GOVKG.Agency))
    g.add((report, RDF.value, Literal("line one\nthe <span> here\nend", lang="zh-Hant")))
    for name, start, end, exact in (("e1", 999, 1005, None), ("e2", None, None, None), ("e3", 9, 15, "<x>")):
        ev, selector = URIRef(ID + f"evidence/{name}"), BNode(name)
        g.add((x, GOVKG.evidence, ev))
        g.add((ev, OA.hasSource, report))
        if start is not None:
            g.add((ev, OA.hasSelector, selector))
            g.add((selector, OA.start, Literal(start)))
            g.add((selector, OA.end, Literal(end)))
        if exact is not None:
            g.add((selector, OA.exact, Literal(exact)))
            g.add((ev, GOVKG.pageStart, Literal(3)))
            g.add((ev, GOVKG.pageEnd, Literal(4)))
    for i in range(501):
        g.add((URIRef(ID + f"activity/a/{i}"), GOVKG.conductedBy, x))
    return g
