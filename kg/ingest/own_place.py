"""How a report writes its own place and its own bodies: the prefixes (县, 市, 镇) and names (镇江市, 镇江)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.ingest.campaign import LEVEL_PREFIXES
from kg.ingest.places import Place, own_word
from kg.ingest.script import to_hans

if TYPE_CHECKING:
    from kg.ingest.reference import Reference

__all__ = ["own_prefix", "own_prefixes", "place_names"]


def own_prefix(reference: Reference, place: Place) -> str:
    """The one prefix the report's own bodies are written with: as its own name ends, else as listed."""
    # 县 or 区 of a county or district read off the text (or never named: 全区, 区…局), 镇, 乡 or 街道 of a town
    if place.code not in reference.jurisdictions and (word := own_word(place)) in LEVEL_PREFIXES[place.level]:
        return word
    return next(iter(own_prefixes(reference, place)), "")


def own_prefixes(reference: Reference, place: Place) -> tuple[str, ...]:
    """How the report's own bodies are written relative to it: 市 for 昆山 (a county-level city), else its level's."""
    known = reference.jurisdictions.get(place.code)
    return tuple(to_hans(p) for p in known.prefixes) if known else LEVEL_PREFIXES[place.level]


def place_names(reference: Reference, place: Place) -> tuple[str, ...]:
    """The names the text may write the report's own place by: as read, or the reference data's (镇江市, 镇江)."""
    known = reference.jurisdictions.get(place.code)
    if known is None:
        return (place.name,) if place.name and not place.unnamed else ()
    return tuple(to_hans(n) for n in (known.names["zh-Hans"], *known.bare))
