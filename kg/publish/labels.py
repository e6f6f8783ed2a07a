"""What the pages call a term in each language, which script a page opens in, and the order themes are listed in."""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.namespaces import GOVKG, LABEL_LANGS, RDF, SKOS
from kg.publish.ontodoc import doc_page, term_labels
from kg.slugs import relative

if TYPE_CHECKING:
    from kg.publish.site import Site

__all__ = ["agency_counts", "doc_link", "forms", "natural", "order_key", "own_script", "page_script",
           "vocabulary_label"]

_NUMBER = re.compile(r"(\d+)")
_PROV_ASSOCIATED = URIRef("http://www.w3.org/ns/prov#wasAssociatedWith")


def forms(site: Site, term: Node) -> list[tuple[str, str]]:
    """``(language, label)`` of ``term`` for each of zh-Hant, zh-Hans and en: its own ``skos:prefLabel`` in that
    language, else the ontology's label of a govkg term, else the best other label (:meth:`Site.label`)."""
    return [(lang, site.label(term, lang)) for lang in LABEL_LANGS]


def vocabulary_label(term: Node, lang: str) -> str | None:
    """The ontology's label of govkg ``term`` in ``lang`` (then the other languages), or None."""
    labels = term_labels().get(str(term)) if isinstance(term, URIRef) else None
    if not labels:
        return None
    return next((labels[want] for want in (lang, *LABEL_LANGS) if want in labels), None)


def doc_link(term: Node, here: str, lang: str) -> str | None:
    """A link from the page at ``here`` to the site's documentation of govkg ``term`` for a reader of ``lang``
    (``ontology/index.zh.html#conductedBy``), or None for a term the ontology does not describe."""
    page = doc_page(str(term), lang) if isinstance(term, URIRef) else None
    return None if page is None else relative(f"ontology/{page}", posixpath.dirname(here))


def order_key(site: Site, term: Node) -> tuple[int, int, tuple[tuple[int, str], ...]]:
    """The key the pages sort resources by: a theme by its number (``skos:notation``, so 二 comes after 一, and 10
    after 9), then every term by its label with the numbers in it compared as numbers."""
    notation = site.graph.value(term, SKOS.notation) if not isinstance(term, Literal) else None
    number = int(str(notation)) if notation is not None and str(notation).isdecimal() else None
    text = site.label(term) if site.path_of(term) else str(term)
    return (0 if number is not None else 1, number or 0, natural(text))


def natural(text: str) -> tuple[tuple[int, str], ...]:
    """``text`` as a sort key whose runs of digits compare as numbers.

    >>> sorted(["theme/x/10", "theme/x/2", "theme/x/1", "面積10²"], key=natural)
    ['theme/x/1', 'theme/x/2', 'theme/x/10', '面積10²']
    """
    # isdecimal, not isdigit: "²" and "①" are digits that int() refuses, and _NUMBER's \d matches decimals only
    return tuple((int(part), "") if part.isdecimal() else (-1, part) for part in _NUMBER.split(text) if part)


def own_script(site: Site) -> str:
    """The script most of the site's reports are written in (``zh-Hant`` on a tie or when none says)."""
    from kg.langs import majority_script

    counts: dict[str, int] = {}
    for report in set(site.graph.subjects(RDF.type, GOVKG.SourceReport)):
        for text in site.graph.objects(report, RDF.value):
            if isinstance(text, Literal) and text.language:
                counts[text.language] = counts.get(text.language, 0) + 1
    return majority_script(counts)


def page_script(site: Site, iri: URIRef, sources: list[URIRef]) -> str:
    """The script the page of ``iri`` opens in: its own text's (a report), else that of the report its evidence is
    in, else the site's (:func:`own_script`)."""
    from kg.langs import majority_script

    for node in (iri, *sources):
        for text in site.graph.objects(node, RDF.value):
            if isinstance(text, Literal) and text.language:
                return majority_script({text.language: 1})
    return site.own_script()


def agency_counts(site: Site, campaign: Node) -> tuple[int, int]:
    """How many agencies a campaign has ``(acting, coordinating or taking part; acting)``: those that conduct one
    of its activities (``govkg:conductedBy``, what ``campaign-overview`` counts), and with them its coordinators
    (``govkg:coordinatedBy``) and the bodies associated with it (``prov:wasAssociatedWith``), as ``kg build`` says."""
    acting = {agency for activity in site.graph.subjects(GOVKG.partOfCampaign, campaign)
              for agency in site.graph.objects(activity, GOVKG.conductedBy)}
    involved = set(acting) | set(site.graph.objects(campaign, GOVKG.coordinatedBy))
    involved |= {a for a in site.graph.objects(campaign, _PROV_ASSOCIATED) if (a, RDF.type, GOVKG.Agency) in site.graph}
    return len(involved), len(acting)
