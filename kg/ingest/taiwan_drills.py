"""Taiwan's emergency units no table lists, named as written: the units of a drill listed by their role
(參演單位有A、B與C等), the response centres and posts a drill sets up, each taking part in it; and a fire bureau's
squad written by its place alone (東港消防分隊), short for its full name under the bureau's corps."""

from __future__ import annotations

import re

from kg.ingest.leads import NAME_START
from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["as_written", "drill_units", "fire_squads"]

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


# A fire squad or team by its place where a name starts (東港消防分隊, 林邊消防中隊); not 本, 該 or 各 squads.
_FIRE_SQUAD = re.compile(NAME_START + rf"(?![本该各])([{HAN}]{{2,4}}?消防(?:分队|中队))")


def fire_squads(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the fire squads written by their place alone where no mention is, as written.

    >>> [(m.key, m.start) for m in fire_squads("东港消防分队结合志工宣导，各消防分队亦出动", [])]
    [('东港消防分队', 0)]
    """
    return as_written(norm, agencies, _FIRE_SQUAD, 1)


def as_written(norm: str, agencies: list[Mention], pattern: re.Pattern[str], group: int = 0) -> list[Mention]:
    """``agencies`` and each name ``pattern`` finds (its ``group``) where no mention is, keyed as written."""
    found = list(agencies)
    for hit in pattern.finditer(norm):
        if not any(m.overlaps(*hit.span(group)) for m in agencies):
            found.append(Mention("agency", hit.group(group), *hit.span(group), curated=False))
    return sorted(found, key=lambda x: x.start)
