"""A body's other names in the text: the short form given in brackets after its name (食物安全中心(中心)), then used
alone, and a second name in brackets that is the same body (市文化广电旅游局（市版权局）)."""

from __future__ import annotations

import re

from kg.ingest.leads import JOINING, LEADS
from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["bracketed_short_forms", "glued", "other_names"]

# The short form a text gives a body in brackets right after its name: 食物安全中心(中心), (以下簡稱中心).
_ALIAS = re.compile(rf"[(（](?:以下简称|下称|简称)?(?P<alias>[{HAN}]{{2,6}})[)）]")


def bracketed_short_forms(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the body named by the short form given in brackets after its name, wherever that short form
    stands alone (not glued to a word before it: 长者中心 is no 中心) or after the place the name opens with.

    >>> found = [Mention("agency", "hk-cfs", 0, 6, True)]
    >>> [(m.key, m.start) for m in bracketed_short_forms("食物安全中心(中心)公布，中心已跟进；长者中心", found)]
    [('hk-cfs', 0), ('hk-cfs', 7), ('hk-cfs', 13)]
    >>> found = [Mention("agency", "c", 0, 8, False)]
    >>> [(m.start, m.end) for m in bracketed_short_forms("观塘区防火委员会(防火会)与观塘区防火会", found[:1])][1:]
    [(9, 12), (14, 20)]
    """
    found = list(agencies)
    covered = bytearray(len(norm) + 1)
    for m in agencies:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    for m in agencies:
        alias = _ALIAS.match(norm, m.end)
        short = alias.group("alias") if alias else ""
        if alias is None or covered.find(1, *alias.span()) >= 0 or not _within(short, norm[m.start : m.end]):
            continue
        name = norm[m.start : m.end]
        place = name[: name.find(short[0])]  # …and with the place its name opens with (油尖旺區防火會)
        for hit in re.finditer(re.escape(short), norm):
            start = hit.start() - len(place) if place and norm.startswith(place, hit.start() - len(place)) else -1
            start = start if start >= 0 and covered.find(1, start, hit.start()) < 0 else hit.start()
            if covered.find(1, start, hit.end()) < 0 and (start < hit.start() or not glued(norm, hit.start())):
                found.append(Mention("agency", m.key, start, hit.end(), m.curated))
                covered[start : hit.end()] = b"\x01" * (hit.end() - start)
    return sorted(found, key=lambda x: x.start)


# A bracket right after a body's name that holds a whole name: the body's other name (区市场监管局（知识产权局）).
_BRACKET = re.compile(r"[(（](?P<name>[^()（）]{2,16})[)）]")


def other_names(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` without the names given in brackets right after a body's: ``市文化广电旅游局（市版权局）`` is one
    body, the first, bearing a second name (a bureau that is also the copyright office), not two bodies. An office
    with its host body in brackets, ``领导小组办公室（省市场监管局）``, stays two: the host acts through its office.

    >>> found = [Mention("agency", "区文旅局", 0, 4, False), Mention("agency", "区版权局", 5, 9, False)]
    >>> [m.key for m in other_names("区文旅局（区版权局）开展检查", found)]
    ['区文旅局']
    """
    others = {}  # the span of a bracket's name -> the key of the body named before it
    for m in agencies:
        if (bracket := _BRACKET.match(norm, m.end)) and not norm[m.start : m.end].endswith(("办", "办公室")):
            others[bracket.span("name")] = m.key
    return [m for m in agencies if others.get((m.start, m.end), m.key) == m.key]


def _within(short: str, name: str) -> bool:
    """True when ``short``'s characters stand in ``name`` in order (中心 in 食物安全中心, 机电署 in 机电工程署)."""
    rest = iter(name)
    return all(ch in rest for ch in short)


def glued(norm: str, start: int) -> bool:
    """True when the name at ``start`` continues a word before it (长者中心), not after a connector, a stop, a word
    of leading (率领消防局) or of joining (整合卫生局、…, 结合卫生局), nor after a date (112年度警察局於…)."""
    return start > 0 and bool(re.match(f"[{HAN}]", norm[start - 1])) and norm[start - 1] not in "和与及同由请、" and (
        not re.search(rf"(?:{LEADS}|{JOINING}|\d(?:[年月日号]|年度))$", norm[max(0, start - 3) : start]))
