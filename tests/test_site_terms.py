"""A term's HTML on a page (``kg.publish.termhtml``, made once per term and finished per folder) is the ``term``
macro's of ``terms.html`` (its definition, ``kg.publish.pages.macro_html``): on the seed's pages and on hostile data,
from folders of every depth, asked in any order (issue 17: the same bytes, less work)."""

from __future__ import annotations

import random

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import GOVKG, ID, RDF, RDFS, SKOS, XSD
from kg.paths import KG_FILE
from kg.publish.load import load_store
from kg.publish.pages import macro_html
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
