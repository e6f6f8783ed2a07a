"""The Hong Kong police written as 警方 in a report of one of its units: that unit (警務處大嶼山警區…。警方接報後…:
the district's officers), not the whole force; the police of several regions acting together (粵港澳三地警方)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from kg.ingest.leads import NAME_START
from kg.ingest.mentions import Mention
from kg.ingest.script import HAN
from kg.ingest.statements import Statement
from kg.ingest.taiwan_drills import as_written

__all__ = ["FORMATION", "formations", "joint_police", "police_as_unit", "staff_units"]

# The kinds of formation Hong Kong's police and fire services name their units by: a task force, a tactical or
# emergency unit, a patrol, drone or special duties unit, a specialist team (特遣隊, 機動部隊, 衝鋒隊, 野外巡邏隊,
# 軍裝巡邏小隊, 無人機隊, 反恐特勤隊, 危害物質專隊).
FORMATION = r"特遣队|机动部队|冲锋队|巡逻小?队|无人机队|特勤队|专队"
# One written after its service or unit (警方反恐特勤隊, 消防處危害物質專隊, …衝鋒隊的野外巡邏隊), a few characters
# of its own before the kind.
_AFTER_UNIT = re.compile(rf"的?((?:(?![及和与同])[{HAN}]){{0,4}}?(?:{FORMATION}))")
# One written alone where a name starts or as what a service sends (動員…機動部隊, 聯同…及軍裝巡邏小隊); the marine
# police written bare in such a list (動員刑偵人員、水警、機動部隊) are the formation as written.
_ALONE = re.compile(
    rf"(?:{NAME_START}|(?<=动员|调派|出动))((?:(?![及和与同并])[{HAN}]){{0,4}}?(?:{FORMATION})|水警(?=[、及和]))"
)

# A unit of the force read as written (kg.ingest.region.police_districts): a region, district or division, or a
# region's unit (新界南總區機動部隊).
_UNIT = re.compile(r".+(?:警区|总区|分区)(?:特遣队|机动部队|冲锋队)?")


def police_as_unit(norm: str, statements: list[Statement], agencies: Sequence[Mention]) -> list[Statement]:
    """``statements`` with 警方 in their subjects as the one unit of the force the report names (``agencies``), if it
    names exactly one, after it is first named: the report tells that unit's work, and 警方 is how it goes on to call
    its officers (警方 before it, as in a headline, is the force the report starts with). (Run after
    :func:`kg.ingest.referents.police_referents`, which joins 警方's sentences on the units' operation to theirs.)

    >>> unit, force = Mention("agency", "大屿山警区", 0, 5, False), Mention("agency", "hk-police", 10, 12, True)
    >>> st = [Statement(10, 15, (force,), 12, 15)]
    >>> [m.key for m in police_as_unit("大屿山警区举行演习。警方到场", st, [unit, force])[0].subject]
    ['大屿山警区']
    >>> other = Mention("agency", "荃湾警区", 13, 17, False)
    >>> [m.key for m in police_as_unit("大屿山警区举行演习。警方到场", st, [unit, force, other])[0].subject]
    ['hk-police']
    >>> force, marine = Mention("agency", "hk-police", 0, 2, True), Mention("agency", "水警总区", 5, 9, False)
    >>> st = [Statement(0, 5, (force,), 2, 5)]
    >>> [m.key for m in police_as_unit("警方巡查。水警总区巡查", st, [marine])[0].subject]
    ['hk-police']
    """
    units = {m.key for m in agencies if not m.curated and _UNIT.fullmatch(m.key)}
    if len(units) != 1:
        return statements
    unit = units.pop()
    named = min(m.start for m in agencies if m.key == unit)  # 警方 before it is the force the report starts with
    return [
        dataclasses.replace(st, subject=tuple(
            Mention("agency", unit, m.start, m.end, curated=False)
            if m.key == "hk-police" and norm[m.start : m.end] == "警方" and m.start > named else m for m in st.subject
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

# A police district's or division's own units listed after it (…警區特別職務隊、特遣隊及…), up to a formation's start.
_DISTRICT_UNITS = re.compile(r"(?:警区|分区)(?:[^，,。；;！!？?\n、及和]{1,6}?[队组][、及和])+\Z")


def formations(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` of a Hong Kong report with each formation of its police or fire service read as written: the
    service's mention it follows, or a unit's joined to it by 的, goes on to the formation's end, and a formation
    written alone is a body.

    >>> police = Mention("agency", "hk-police", 0, 2, True)
    >>> [(m.key, m.start) for m in formations("警方反恐特勤队联同机动部队及军装巡逻小队巡逻", [police])]
    [('警方反恐特勤队', 0), ('机动部队', 9), ('军装巡逻小队', 14)]
    >>> [m.key for m in formations("沙田警区特遣队及军装巡逻小队巡逻", [Mention("agency", "沙田警区", 0, 4, False)])]
    ['沙田警区']
    >>> unit = Mention("agency", "港岛总区冲锋队", 0, 9, False)
    >>> [m.key for m in formations("警方港岛总区冲锋队的野外巡逻队巡查", [unit])]
    ['港岛总区冲锋队的野外巡逻队']
    >>> formations("市民组成的巡逻队在村内", [])
    []
    """
    found = []
    for m in agencies:
        unit = _AFTER_UNIT.match(norm, m.end)
        # a service's own formation follows its name (警方反恐特勤队); a unit's is joined by 的, a district's task
        # force written right after it being the district (police_districts)
        joined = unit is not None and unit.group().startswith("的")
        if unit and ((not joined and m.curated and m.key.startswith("hk-")) or (joined and not m.curated)):
            key = norm[m.start : unit.end()] if m.curated else m.key + norm[m.end : unit.end()]  # 警方港岛总区…
            m = Mention("agency", key, m.start, unit.end(), curated=False)
        found.append(m)
    for hit in _ALONE.finditer(norm):
        if _DISTRICT_UNITS.search(norm, max(0, hit.start(1) - 30), hit.start(1)):
            continue  # 沙田警區特遣隊、軍裝巡邏小隊: the district's units, listed after it, are the district
        if not any(m.overlaps(*hit.span(1)) for m in found):
            found.append(Mention("agency", hit.group(1), *hit.span(1), curated=False))
    return sorted(found, key=lambda x: x.start)


# The police of several regions acting as one in a joint operation, named by the regions' short names and how many
# they are (粵港澳三地警方, 港澳兩地警方, 深港兩地警方) or across the strait (兩岸警方, 兩岸四地警方).
_JOINT_POLICE = re.compile(r"(?:[粤港澳深珠沪京闽台]{2,3}[两三四]地|两岸(?:[三四]地)?)警方")


def joint_police(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the police of several regions written as one, as written, where no mention is.

    >>> [(m.key, m.start) for m in joint_police("粤港澳三地警方联合行动，港澳两地警方交流", [])]
    [('粤港澳三地警方', 0), ('港澳两地警方', 12)]
    """
    hits = [hit.span() for hit in _JOINT_POLICE.finditer(norm)]
    outside = [m for m in agencies if not any(s <= m.start and m.end <= e for s, e in hits)]  # 警方 inside one
    return as_written(norm, outside, _JOINT_POLICE)
