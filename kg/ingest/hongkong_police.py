"""The Hong Kong police written as 警方 in a report of one of its units: that unit (警務處大嶼山警區…。警方接報後…:
the district's officers), not the whole force."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN
from kg.ingest.statements import Statement

__all__ = ["police_as_unit", "staff_units"]

# A unit of the force read as written (kg.ingest.region.police_districts): a region, district or division, or a
# region's unit (新界南總區機動部隊).
_UNIT = re.compile(r".+(?:警区|总区|分区)(?:特遣队|机动部队|冲锋队)?")


def police_as_unit(norm: str, statements: list[Statement], agencies: Sequence[Mention]) -> list[Statement]:
    """``statements`` with 警方 in their subjects as the one unit of the force the report names (``agencies``), if it
    names exactly one: the report tells that unit's work, and 警方 is how it goes on to call its officers. (Run after
    :func:`kg.ingest.referents.police_referents`, which joins 警方's sentences on the units' operation to theirs.)

    >>> unit, force = Mention("agency", "大屿山警区", 0, 5, False), Mention("agency", "hk-police", 10, 12, True)
    >>> st = [Statement(10, 15, (force,), 12, 15)]
    >>> [m.key for m in police_as_unit("大屿山警区举行演习。警方到场", st, [unit, force])[0].subject]
    ['大屿山警区']
    >>> other = Mention("agency", "荃湾警区", 13, 17, False)
    >>> [m.key for m in police_as_unit("大屿山警区举行演习。警方到场", st, [unit, force, other])[0].subject]
    ['hk-police']
    """
    units = {m.key for m in agencies if not m.curated and _UNIT.fullmatch(m.key)}
    if len(units) != 1:
        return statements
    unit = units.pop()
    return [
        dataclasses.replace(st, subject=tuple(
            Mention("agency", unit, m.start, m.end, curated=False)
            if m.key == "hk-police" and norm[m.start : m.end] == "警方" else m for m in st.subject
        )) for st in statements
    ]


# A unit named by its staff at work (北大嶼山醫院人員, 東涌消防局人員: a hospital, a fire station) where a name starts,
# and a team joined to such staff (…人員及危害物質專隊亦到場): the staff act for their unit, as the team does.
_NAMED = rf"(?:(?![及和与同])[{HAN}]){{2,8}}?(?:医院|消防局|救护站|专队|警署)"
_STAFF_UNIT = re.compile(rf"(?:^|(?<=[^{HAN}])|(?<=[、及和与])|(?<=联同|会同))({_NAMED})(?=人员)")
_JOINED_TEAM = re.compile(rf"(?<=人员)(?:及|和|、)((?:(?![及和与同])[{HAN}]){{2,8}}?专队)(?=亦|也|均|一同|同时|到场)")


def staff_units(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the units of a Hong Kong or Macau report named by their staff at work, and the teams joined
    to such staff, as written.

    >>> [(m.key, m.start) for m in staff_units("东涌消防局人员及危害物质专队亦到场。", [])]
    [('东涌消防局', 0), ('危害物质专队', 8)]
    >>> staff_units("在北大屿山医院举行演习", [])
    []
    """
    found = list(agencies)
    for pattern in (_STAFF_UNIT, _JOINED_TEAM):
        for hit in pattern.finditer(norm):
            if not any(m.overlaps(*hit.span(1)) for m in found):
                found.append(Mention("agency", hit.group(1), *hit.span(1), curated=False))
    return sorted(found, key=lambda x: x.start)
