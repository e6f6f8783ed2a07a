"""The curated descriptions a build writes once: agencies and places, and the change events that link bodies across
reforms (W3C ORG: ``org:ChangeEvent``, ``org:originalOrganization``, ``org:resultedFrom``, ``org:changedBy``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.build.contract import BASE, LABEL, TITLE, A, curated_triples, tagged, typed
from kg.namespaces import DCTERMS, ORG, SCHEMA, XSD
from kg.rdf.terms import Triple

if TYPE_CHECKING:
    from kg.ingest.reference import Reference
    from kg.ingest.reference_changes import ChangeRef

__all__ = ["change_triples", "described_triples"]

_EVENT, _ORIGINAL, _RESULTING = str(ORG.ChangeEvent), str(ORG.originalOrganization), str(ORG.resultingOrganization)
_RESULTED_FROM, _CHANGED_BY = str(ORG.resultedFrom), str(ORG.changedBy)
_DATE, _SOURCE, _ISSUED = str(DCTERMS.date), str(DCTERMS.source), str(DCTERMS.issued)
_WORK, _URL = str(SCHEMA.CreativeWork), str(SCHEMA.url)
_DATES = {10: str(XSD.date), 7: str(XSD.gYearMonth), 4: str(XSD.gYear)}


def described_triples(reference: Reference, keys: Iterable[tuple[str, str]]) -> list[Triple]:
    """The curated descriptions of ``keys`` (``("agency", slug)``, ``("jurisdiction", code)``) and of every change
    event that touches one of the agencies, followed through any number of events; each event's other bodies are
    described too, with their places and parent bodies, as a report that named them would.

    >>> from kg.ingest.reference import load_reference
    >>> triples = described_triples(load_reference(), [("agency", "js-qts")])
    >>> sorted({s.rsplit("/", 1)[1] for s, _, _ in triples if "/change/" in s})  # the FDA split: its drug office
    ['js-2018-amr', 'js-2018-mpa']
    >>> sorted({s.rsplit("/", 1)[1] for s, _, _ in triples if "/agency/" in s})  # and parents: js-gov, cn-gov
    ['cn-gov', 'js-aic', 'js-amr', 'js-fda', 'js-gov', 'js-mpa', 'js-qts']
    """
    described = dict.fromkeys(keys)
    events: dict[str, ChangeRef] = {}
    queue = [code for kind, code in described if kind == "agency"]
    while queue:
        for change in reference.changes.of(queue.pop()):
            if change.slug in events:
                continue
            events[change.slug] = change
            for slug in (*change.before, *change.after):
                queue += _describe(reference, slug, described)
    out = [t for key in described for t in curated_triples(reference, key)]
    for change in events.values():
        out += change_triples(change)
    return out


def _describe(reference: Reference, slug: str, described: dict[tuple[str, str], None]) -> list[str]:
    """Describe a curated agency with its place and parent bodies; the agencies newly described."""
    new: list[str] = []
    while slug and ("agency", slug) not in described:
        agency = reference.agencies[slug]
        described[("agency", slug)] = None
        described[("jurisdiction", agency.jurisdiction)] = None
        new.append(slug)
        slug = agency.parent if agency.parent is not None and agency.parent in reference.agencies else ""
    return new


def change_triples(change: ChangeRef) -> list[Triple]:
    """One event: its type, bodies before and after (both ways), date, labels and source document."""
    node, source = f"{BASE}change/{change.slug}", f"{BASE}change-source/{change.source.slug}"
    out: list[Triple] = [(node, A, _EVENT), (node, _DATE, typed(change.date, _DATES[len(change.date)])),
                         (node, _SOURCE, source)]
    out += [(node, LABEL, tagged(v, lang)) for lang, v in sorted(change.names.items())]
    for slug in change.before:
        body = f"{BASE}agency/{slug}"
        out += [(node, _ORIGINAL, body), (body, _CHANGED_BY, node)]
    for slug in change.after:
        body = f"{BASE}agency/{slug}"
        out += [(node, _RESULTING, body), (body, _RESULTED_FROM, node)]
    out += [(source, A, _WORK), (source, _ISSUED, typed(change.source.date, _DATES[len(change.source.date)]))]
    out += [(source, TITLE, tagged(v, lang)) for lang, v in sorted(change.source.titles.items())]
    if change.source.url:
        out.append((source, _URL, change.source.url))
    return out
