"""Units of a body named after the places they serve: 移民署各地專勤隊 announces them, 臺中市專勤隊 names one."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN, aligned_hans

if TYPE_CHECKING:
    from kg.ingest.reference import Reference

__all__ = ["place_units"]

# A body's units at large, right after it: 移民署各地專勤隊, 警政署所屬各縣市警察局, 海巡署各地區海巡隊.
_ANNOUNCED = re.compile(
    rf"(?:所属)?各(?:地区|县市|地|区)?(?P<unit>[{HAN}]{{1,4}}?(?:队|站|所|分局|分署|中心))(?![{HAN}]{{0,1}}[长员])"
)


def place_units(norm: str, agencies: list[Mention], reference: Reference, region: str) -> list[Mention]:
    """``agencies`` and each unit a body announces at large (A各地B) written after one of ``region``'s places
    (臺中市B, 嘉義縣B): that place's unit of the body, keyed with the body's name as written.

    >>> from kg.ingest.reference import load_reference
    >>> found = [Mention("agency", "tw-immigration", 0, 3, True)]
    >>> text = "移民署各地专勤队联合查察。台中市专勤队查获5人；嘉义县专勤队查获3人。"
    >>> [(m.key, m.start) for m in place_units(text, found, load_reference(), "tw")]
    [('tw-immigration', 0), ('移民署台中市专勤队', 13), ('移民署嘉义县专勤队', 24)]
    """
    units: dict[str, str] = {}
    for m in agencies:
        if hit := _ANNOUNCED.match(norm, m.end):
            units.setdefault(hit.group("unit"), norm[m.start : m.end])
    if not units:
        return agencies
    places = {
        aligned_hans(name) for j in reference.jurisdictions.values()
        if j.code != region and reference.region_of(j.code) == region for name in (j.names["zh-Hans"], *j.bare)
    }
    pattern = re.compile(
        f"({'|'.join(sorted(map(re.escape, places), key=len, reverse=True))})"
        f"({'|'.join(sorted(map(re.escape, units), key=len, reverse=True))})"
    )
    found = list(agencies)
    for hit in pattern.finditer(norm):
        if not any(m.overlaps(*hit.span()) for m in agencies):
            found.append(Mention("agency", units[hit.group(2)] + hit.group(), *hit.span(), curated=False))
    return sorted(found, key=lambda x: x.start)
