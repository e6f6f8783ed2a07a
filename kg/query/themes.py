"""A campaign's theme by its number, as reports write it: ``3``, ``三``, ``(三)``, ``（3）``, ``三、``, ``第三``."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from kg.errors import QueryError, shown
from kg.ingest.themes import NUMERALS, chinese_number
from kg.query.catalogue import find_query
from kg.query.store import Store

__all__ = ["theme_by_number", "theme_number"]

_NUMBER = re.compile(rf"[(（]?\s*第?\s*(?P<n>\d{{1,2}}|[{NUMERALS}]{{1,3}})\s*[)）]?\s*[、．.]?")
_SHOWN = 5  # candidates named when a number is in several campaigns


def theme_number(value: str) -> tuple[str | None, int] | None:
    """``(campaign, number)`` when ``value`` is a theme number, optionally after ``CAMPAIGN/``; else ``None``.

    >>> theme_number("3"), theme_number("(三)"), theme_number("js-2022-qm/（三）"), theme_number("第十二、")
    ((None, 3), (None, 3), ('js-2022-qm', 3), (None, 12))
    >>> theme_number("加大宣传力度") is None, theme_number("https://w3id.org/govkg/id/theme/js-2022-qm/3") is None
    (True, True)
    """
    if "://" in value:
        return None
    campaign, sep, tail = value.strip().rpartition("/")
    match = _NUMBER.fullmatch(tail.strip())
    if not match:
        return None
    digits = match["n"]
    try:
        number = int(digits) if digits.isdigit() else chinese_number(digits)
    except (KeyError, IndexError):  # not a numeral, e.g. 十十
        return None
    return (campaign.strip() or None) if sep else None, number


def theme_by_number(store: Store, name: str, value: str, campaign: str | None, number: int) -> URIRef:
    """The theme numbered ``number`` of ``campaign`` (its slug or IRI), or of the one campaign that has such a theme."""
    rows = store.query(find_query("themes-numbered").prepared(),
                       {"number": Literal(str(number)), "lang": Literal("en")}).rows
    found = [(str(c), t) for c, t, _ in rows
             if isinstance(t, URIRef) and (campaign is None or campaign in (str(c), str(c).rsplit("/", 1)[-1]))]
    if not found:
        where = f"campaign {shown(campaign)} in the graph has no" if campaign else "no campaign in the graph has a"
        raise QueryError(f"parameter {name}: {shown(value)}: {where} theme {number} "
                         f"(kg query themes-numbered --param number={number} lists its themes)")
    if len(found) > 1:
        forms = ", ".join(f"{c.rsplit('/', 1)[-1]}/{number}" for c, _ in found[:_SHOWN])
        more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
        raise QueryError(f"parameter {name}: theme {number} is in {len(found)} campaigns; say which, as "
                         f"CAMPAIGN/{number}: {forms}{more} (kg query themes-numbered --param number={number})")
    return found[0][1]
