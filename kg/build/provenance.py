"""What the graph says about a report's original file, and on which PDF pages each evidence span stands."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from kg.build.contract import TITLE, G, ReportSource, plain, tagged, typed
from kg.namespaces import DCTERMS, GOVKG, SCHEMA, XSD
from kg.rdf.terms import Triple

if TYPE_CHECKING:
    from kg.ingest.clean import CleanText

__all__ = ["evidence_pages", "source_triples", "usable_url"]

_FORMAT, _URL, _PAGES = str(SCHEMA.encodingFormat), str(SCHEMA.url), str(SCHEMA.numberOfPages)
_ISSUED, _PUBLISHER = str(DCTERMS.issued), str(GOVKG.publisherName)
_DATES = {10: str(XSD.date), 7: str(XSD.gYearMonth), 4: str(XSD.gYear)}
_URL_RE = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


def source_triples(report: str, source: ReportSource) -> list[Triple]:
    """The original file's format, size and page count, and the title, address, publisher and date it gives."""
    from kg.ingest.script import detect_script

    out: list[Triple] = [(report, _FORMAT, plain(source.media_type))]
    if source.byte_size is not None:
        out.append((report, G["byteSize"], typed(source.byte_size, str(XSD.nonNegativeInteger))))
    if source.pages:
        out.append((report, _PAGES, typed(len(source.pages), str(XSD.integer))))
    if source.page_title:
        out.append((report, TITLE, tagged(source.page_title, detect_script(source.page_title))))
    if source.url and usable_url(source.url):
        out.append((report, _URL, source.url))
    if source.publisher:
        out.append((report, _PUBLISHER, tagged(source.publisher, detect_script(source.publisher))))
    if source.issued and len(source.issued) in _DATES:
        out.append((report, _ISSUED, typed(source.issued, _DATES[len(source.issued)])))
    return out


def usable_url(url: str) -> bool:
    """True when ``url`` is an http(s) address that can be written as an IRI as it is.

    >>> usable_url("http://scjgj.jiangsu.gov.cn/art/2022/10/8/art_1.html"), usable_url("javascript:void(0)")
    (True, False)
    """
    return _URL_RE.fullmatch(url) is not None


def evidence_pages(clean: CleanText, pages: tuple[int, ...], evidence: dict[str, tuple[int, int]]
                   ) -> dict[str, tuple[int, int]]:
    """For each evidence span (cleaned offsets), the pages (1-based) of its first and last character in the original.

    ``pages`` are the raw offsets at which each page starts; a text without pages gives ``{}``.
    """
    if not pages:
        return {}
    out = {}
    for ev, (start, end) in evidence.items():
        raw_start, raw_end = clean.raw_span(start, end)
        out[ev] = (bisect.bisect_right(pages, raw_start), bisect.bisect_right(pages, max(raw_start, raw_end - 1)))
    return out
