"""Stations: a police bureau's listed with the suffix they share written once (公安局城关及西城派出所 names two),
and a community's work station or residents' committee (葵涌社区工作站, 青松社区居委会)."""

from __future__ import annotations

import re

from kg.ingest.mentions import LEAD_WORDS, Mention
from kg.ingest.script import HAN

__all__ = ["community_stations", "shared_suffix_units"]

# After a police bureau, its stations' names joined by 及, 和 or 、 and the suffix once (城关及西城派出所).
_ITEMS = re.compile(rf"((?:[{HAN}]{{2,4}}?[及和、])+[{HAN}]{{2,4}}?)(派出所|警务站|中队)")
_JOIN = re.compile(r"[及和、]")
_BUREAU = re.compile(r"公安(?:分)?局$|分局$")


def shared_suffix_units(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` with a police bureau followed by its stations named with one suffix replaced by those stations,
    each keyed by the bureau's name, its own and the suffix; the first spans the bureau's name, so each item of the
    list stays one mention and the connectors between them join them as one subject.

    >>> found = [Mention("agency", "县公安局", 0, 3, False)]
    >>> [(m.key, m.start, m.end) for m in shared_suffix_units("公安局城关及西城派出所开展宣传", found)]
    [('县公安局城关派出所', 0, 5), ('县公安局西城派出所', 6, 11)]
    """
    out: list[Mention] = []
    for m in agencies:
        listed = _ITEMS.match(norm, m.end) if _BUREAU.search(m.key) else None
        if listed is None or LEAD_WORDS.search(listed.group(1)) or any(
            o.overlaps(m.end, listed.end()) for o in agencies
        ):
            out.append(m)
            continue
        start, suffix = m.start, listed.group(2)
        for item in re.finditer(r"[^及和、]+", listed.group(1)):
            end = m.end + item.end() + (len(suffix) if item.end() == len(listed.group(1)) else 0)
            out.append(Mention("agency", m.key + item.group() + suffix, start, end, curated=False))
            start = m.end + item.end() + 1
    return out


# A community's work station or residents' committee (葵涌社区工作站, 柳岸街道青松社区居委会), where a name may start:
# after a stop, a connector or a joining word.
_COMMUNITY = re.compile(
    rf"(?:^|(?<=[^{HAN}])|(?<=[、和与及])|(?<=联合|会同|协同|携手))"
    rf"((?:[{HAN}]{{2,4}}?街道)?[{HAN}]{{2,4}}?社区(?:工作站|居委会|居民委员会))"
)


def community_stations(norm: str, agencies: list[Mention], prefix: str) -> list[Mention]:
    """``agencies`` and each community's work station or residents' committee named where no other name covers it,
    keyed by the report's
    own level ``prefix`` (区, 镇 …), as its place's.

    >>> [(m.key, m.start) for m in community_stations("禁毒办联合大鹏公安、葵涌社区工作站开展宣传", [], "区")]
    [('区葵涌社区工作站', 10)]
    """
    found = list(agencies)
    for hit in _COMMUNITY.finditer(norm):
        if not any(m.overlaps(*hit.span(1)) for m in agencies):
            found.append(Mention("agency", prefix + hit.group(1), *hit.span(1), curated=False))
    return sorted(found, key=lambda m: m.start)
