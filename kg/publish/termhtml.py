"""A term's HTML on a page, as the ``term`` macro of ``terms.html`` writes it, made in Python and mostly once per term.

The macro (filled with :func:`kg.publish.pages.shown`) stays the definition; this module gives the same bytes with
less work (``tests/test_site_terms.py`` compares them). At M a page's folder is nearly its own (``id/activity/X/01``
holds one page), so the HTML an IRI was given once per folder was made again on nearly every page that links it. Now
an IRI's label, title and kind are made once, as parts with its links' targets left open (site paths from the root),
and a page's folder only fills in the relative links. A literal's HTML is written directly (not remembered).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.publish.html import lang_attr, safe_href
from kg.publish.labels import forms
from kg.publish.ontodoc import doc_page
from kg.publish.site import curie_of
from kg.publish.view import remember
from kg.publish.words import switch
from kg.slugs import relative, short_path

if TYPE_CHECKING:
    from kg.publish.site import Site

__all__ = ["literal_html", "term_html"]

Parts = tuple[str, ...]
"""HTML at even positions; at odd ones a link's target, a site path from the root, made relative to a page's folder."""


def term_html(site: Site, term: Node, here: str) -> Markup:
    """``term`` as HTML on the page at site path ``here`` (an IRI's made once per folder from its parts, which are
    made once per term)."""
    if isinstance(term, Literal):
        return literal_html(term)
    folder = here.rpartition("/")[0]  # posixpath.dirname of a site path (no repeated or trailing slash)
    made: Markup = remember(site.memo, ("html", term, folder), lambda: _finish(_parts(site, term), folder))
    return made


def literal_html(term: Literal) -> Markup:
    """A literal with its language, or else its datatype, as a note."""
    lang = lang_attr(term)
    note = f"@{term.language}" if term.language else curie_of(term.datatype) if term.datatype else None
    out = f'<span lang="{escape(lang)}">{escape(str(term))}</span>' if lang else f"<span>{escape(str(term))}</span>"
    if note:
        out += f' <small class="lang">{escape(note)}</small>'
    return Markup(out)  # noqa: S704 (every value escaped)


def _parts(site: Site, term: Node) -> Parts:
    made: Parts = remember(site.memo, ("parts", term), lambda: _make_parts(site, term))
    return made


def _make_parts(site: Site, term: Node) -> Parts:
    """The macro's output for an IRI (or blank node) with the targets of site links left open (:data:`Parts`)."""
    docs = doc_page(str(term), "zh-Hant") if isinstance(term, URIRef) else None
    if docs is not None:  # a govkg term: its label, linked to the site's ontology documentation in each language
        labels = forms(site, term)
        title = escape(curie_of(term))
        docs_en = doc_page(str(term), "en")
        if docs_en is None:
            label = switch(labels[:2]) or escape(labels[0][1])
            return '<a href="', f"ontology/{docs}", f'" title="{title}">{label}</a>'
        return ('<a class="l lt ls" href="', f"ontology/{docs}", f'" title="{title}">{switch(labels[:2])}</a>'
                '<a class="l le" lang="en" href="', f"ontology/{docs_en}",
                f'" title="{title}">{escape(labels[2][1])}</a>')
    path = site.path_of(term)
    if path is None:
        url = safe_href(str(term)) if isinstance(term, URIRef) else None
        if url is None:
            return (f"<code>{escape(curie_of(term))}</code>",)
        return (f'<a href="{escape(url)}" title="{escape(str(term))}">{escape(curie_of(term))}</a>',)
    target = f"id/{short_path(path)}.html" + (f"#{str(term).split('#', 1)[1]}" if "#" in str(term) else "")
    labels = forms(site, term)
    return '<a href="', target, f'" title="{escape(str(term))}">{switch(labels) or escape(labels[0][1])}</a>'


def _finish(parts: Parts, folder: str) -> Markup:
    """The parts with each target made relative to ``folder`` (checked as the ``href`` filter checks a link)."""
    if len(parts) == 1:
        return Markup(parts[0])  # noqa: S704 (made of escaped values)
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        href = relative(parts[i], folder)
        if safe_href(href) is None:
            raise ValueError(f"unsafe URL in a page: {href!r}")
        out += (str(escape(href)), parts[i + 1])
    return Markup("".join(out))  # noqa: S704 (made of escaped values)
