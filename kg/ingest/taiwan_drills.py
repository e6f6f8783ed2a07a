"""Taiwan's emergency units no table lists, named as written: the units of a drill listed by their role
(參演單位有A、B與C等), the response centres and posts a drill sets up, each taking part in it; and a fire bureau's
squad written by its place alone (東港消防分隊), short for its full name under the bureau's corps; and the security
forces a police bureau joins for a campaign, listed by their kind and summed up (憲兵隊、海巡隊、航警等國安團隊)."""

from __future__ import annotations

import re

from kg.ingest.leads import NAME_START
from kg.ingest.mentions import Mention
from kg.ingest.script import HAN
from kg.ingest.units import written_alone

__all__ = ["as_written", "drill_units", "fire_squads", "numbered_units", "security_forces", "short_units"]

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


# A list of forces summed up by what they are (等各國安團隊, 等民力, 等單位): its items that end as a unit does
# (憲兵隊, 海巡隊, 守望相助巡守隊), are a police force written short (港警, 航警, 鐵路警察 as 鐵警) or a corps of
# volunteers the police organise (民防, 義警, 義消, 義交: in such a list the corps, not volunteers at large) are each
# a body.
_FORCES = re.compile(rf"(?:(?<=[、及和与])|(?<=[^{HAN}])|(?<=结合|加上|会同|协同|联合|偕同|整合))"
                     rf"(?!结合|加上|会同|协同|联合|偕同|整合)([{HAN}]{{1,8}}?队|[港航铁]警|民防|义[警消交])(?=[、及和与]|等[{HAN}]{{0,4}}?(?:团队|民力|单位|力量))")
_SUMMED = re.compile(rf"[^，,。；;！!？?\n]{{2,60}}?等各?[{HAN}]{{0,4}}?(?:团队|民力|单位|力量)")


def security_forces(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the forces of a list summed up by their kind, as written, where no mention is.

    >>> text = "结合民防、守望相助巡守队等民力，加上宪兵队、海巡队、港警、航警等各国安团队，共同执行"
    >>> [m.key for m in security_forces(text, [])]
    ['民防', '守望相助巡守队', '宪兵队', '海巡队', '港警', '航警']
    >>> security_forces("派出警力、巡逻车队等资源", [])
    []
    """
    found = list(agencies)
    for run in _SUMMED.finditer(norm):
        if "、" not in run.group():
            continue
        for force in _FORCES.finditer(norm, run.start(), run.end()):
            if not any(m.overlaps(*force.span(1)) for m in found):
                found.append(Mention("agency", force.group(1), *force.span(1), curated=False))
    return sorted(found, key=lambda x: x.start)


# A bureau's numbered corps written bare right after another unit of it and joined to it (消防局火災預防科及第一大隊):
# the same bureau's corps.
_NUMBERED = re.compile(r"[、及和与](第[一二三四五六七八九十\d]{1,3}(?:大队|中队|分队))")


def numbered_units(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and each numbered corps joined to a unit of a bureau (a mention keyed by the bureau's name), keyed
    by the bureau's name and the corps'.

    >>> section = Mention("agency", "某市政府消防局", 0, 8, False, named=3)
    >>> [(m.key, m.start) for m in numbered_units("消防局火灾预防科及第一大队人员检查", [section])][1:]
    [('某市政府消防局第一大队', 9)]
    """
    found = list(agencies)
    for m in agencies:
        corps = _NUMBERED.match(norm, m.end) if m.key.endswith("局") and m.named is not None else None
        if corps is not None and not any(o.overlaps(*corps.span(1)) for o in found):
            found.append(Mention("agency", m.key + corps.group(1), *corps.span(1), curated=False))
    return sorted(found, key=lambda x: x.start)


# A corps named in full and then written short by the first two characters of its own name and its kind
# (環境督察總隊中區環境督察大隊, then 中區大隊; 第三救災救護大隊, then 第三大隊): its own name starts after its
# parents' (a 總隊, 局, 署, 處 or 部).
_KIND = re.compile(r"(?:总队|大队|支队|中队|分队)$")
_PARENTS = re.compile(r".*(?:总队|局|署|处|部)")


def short_units(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and each corps written short where no mention is, keyed as the corps named in full.

    >>> unit = Mention("agency", "某署督察总队中区环境督察大队", 0, 14, False)
    >>> [(m.key, m.start) for m in short_units("某署督察总队中区环境督察大队出勤。中区大队会同警察稽查", [unit])]
    [('某署督察总队中区环境督察大队', 0), ('某署督察总队中区环境督察大队', 17)]
    """
    names: dict[str, str] = {}
    for m in agencies:
        kind = None if m.curated else _KIND.search(norm, m.start, m.end)
        if kind is None:
            continue
        parents = _PARENTS.match(norm, m.start, kind.start())
        own = norm[parents.end() if parents else m.start : kind.start()]
        if len(own) >= 4:  # 中區環境督察: long enough to be written short (第一大隊 is short already)
            names.setdefault(own[:2] + kind.group(), m.key)
    return written_alone(norm, agencies, names) if names else agencies
