"""The units of a Taiwan drill listed by their role (參演單位有A、B與C等): response centres, command posts and
coordination posts a drill sets up have names no table lists, yet each takes part in it, named as written."""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["drill_units"]

# The list after the role's label, up to the clause's end; each item that ends as a unit does (a centre, post, bureau,
# office, corps or station) is one; an item that is a place (堤防現場) is none.
_DRILL_LIST = re.compile(r"(?:参演|参与|参加|协办)单位(?:有|包括|包含|是|为)[:：]?([^，,。；;！!？?\n]{2,120})")
_DRILL_UNIT = re.compile(rf"(?:^|(?<=[、及和与]))([{HAN}]{{2,12}}?(?:中心|所|局|处|署|队|站))(?=[、及和与等]|$)")


def drill_units(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the units a drill lists by their role where no mention is, as written.

    >>> [(m.key, m.start) for m in drill_units("参演单位包括县级防汛中心、临时指挥所及堤防现场等，", [])]
    [('县级防汛中心', 6), ('临时指挥所', 13)]
    """
    found = list(agencies)
    for hit in _DRILL_LIST.finditer(norm):
        for unit in _DRILL_UNIT.finditer(hit.group(1)):
            start, end = hit.start(1) + unit.start(1), hit.start(1) + unit.end(1)
            if not any(m.overlaps(start, end) for m in agencies):
                found.append(Mention("agency", unit.group(1), start, end, curated=False))
    return sorted(found, key=lambda x: x.start)
