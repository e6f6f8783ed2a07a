"""Whose bodies the bare items of a list are (``发改局`` beside ``县文教局``: the county's ``县发改局``): the town its
known bodies are named by (龙泉镇派出所、司法所), else the report's own level, else the one place its known bodies
share; and the nation's when its known bodies are all the nation's (中央纪委、中组部、统战部、文化部等单位 in a city's
report), whatever the report's place."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["NATIONAL_PREFIXES", "list_place"]

# What a national body's name bears in front of the name a report writes bare: 统战部 is 中央统战部, 文化部
# 中华人民共和国文化部, 发展改革委 国家发展改革委.
NATIONAL_PREFIXES = ("国家", "中央", "中共中央", "中华人民共和国")
# A body named as the nation's though not listed: 国家博物馆, 中办警卫局, 全国普法办.
_CENTRAL = re.compile(r"国家|中央|中共中央|中[办组宣]|国务院|全国")


def list_place(norm: str, start: int, end: int, starts: Mapping[int, Mention], prefix: str) -> str:
    """The prefix that names the bare items of the list ``[start, end)`` (``starts``: the known bodies by where they
    start) in a report of level ``prefix``: empty for the nation's.

    >>> known = {0: Mention("agency", "cn-ccdi", 0, 4, True), 5: Mention("agency", "cn-cpc-od", 5, 8, True)}
    >>> list_place("中央纪委、中组部、统战部", 0, 12, known, "市")
    ''
    >>> local = {0: Mention("agency", "市委宣传部", 0, 5, False), 6: Mention("agency", "cn-cpc-od", 6, 9, True)}
    >>> list_place("市委宣传部、中组部、统战部", 0, 13, local, "市")
    '市'
    """
    mates = [starts[s] for s in starts if start <= s < end]
    if len(mates) >= 2 and all(m.key.startswith("cn-") if m.curated else _CENTRAL.match(norm, m.start) for m in mates):
        return ""
    return (_mates_town(norm, start, end, starts) or _mates_government(start, end, starts) or prefix
            or _mates_place(norm, start, end, starts))


# A Taiwan city's or county's government its departments are keyed through (台中市政府 of 台中市政府消防局).
_GOVERNMENT = re.compile(rf"[{HAN}]{{2,3}}[市县]政府(?=[{HAN}]{{2,}}[局处])")


def _mates_government(start: int, end: int, starts: Mapping[int, Mention]) -> str:
    """The one government whose departments every known body of the list ``[start, end)`` is, else empty: the bare
    items beside them are its departments too (警察局 beside 消防局 read as 台中市政府消防局: 台中市政府警察局).

    >>> m = Mention("agency", "台中市政府消防局", 3, 6, False)
    >>> _mates_government(0, 10, {3: m}), _mates_government(0, 2, {3: m})
    ('台中市政府', '')
    """
    mates = [starts[s] for s in starts if start <= s < end]
    governments = {g.group() if not m.curated and (g := _GOVERNMENT.match(m.key)) else "" for m in mates}
    return governments.pop() if len(governments) == 1 else ""


# The place a known body is named by: 县 of 县文教局, 哈密地区 of 哈密地区知识产权局 (not 市 of 市场监管局).
_PLACE = re.compile(rf"[{HAN}]{{0,6}}?(?:地区|自治州|盟|[省县区]|市(?!场))")


def _mates_place(norm: str, start: int, end: int, starts: Mapping[int, Mention]) -> str:
    """The one place the known bodies of the list ``[start, end)`` are named by, else empty: a report whose own
    place was not found (我县, and no name) still names its bare list items by their neighbours'.

    >>> m = Mention("agency", "县文教局", 0, 4, False)
    >>> _mates_place("县文教局、卫生局", 0, 8, {0: m}), _mates_place("市场监管局、卫生局", 0, 9, {0: m})
    ('县', '')
    """
    places = {p.group() for s in starts if start <= s < end and (p := _PLACE.match(norm, s, starts[s].end))}
    return places.pop() if len(places) == 1 else ""


# A town, township or street whose bodies the known ones are (龙泉镇派出所), not 城乡 or 乡镇.
_TOWN = re.compile(rf"[{HAN}]{{2,4}}?(?:镇|(?<![城])乡|街道)(?=[{HAN}])")


def _mates_town(norm: str, start: int, end: int, starts: Mapping[int, Mention]) -> str:
    """The one town every known body of the list ``[start, end)`` is named by, else empty: the bare items of a
    town's list are its bodies (龙泉镇派出所、司法所: 龙泉镇司法所).

    >>> m = Mention("agency", "县龙泉镇派出所", 0, 6, False)
    >>> _mates_town("龙泉镇派出所、司法所", 0, 10, {0: m}), _mates_town("县城乡建设局、司法所", 0, 10, {0: m})
    ('龙泉镇', '')
    """
    mates = [s for s in starts if start <= s < end]
    towns = {t.group() if (t := _TOWN.match(norm, s, starts[s].end)) else "" for s in mates}
    return towns.pop() if len(towns) == 1 else ""


