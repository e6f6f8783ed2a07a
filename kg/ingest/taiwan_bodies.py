"""Taiwan's bodies named by a construction rather than listed one by one: the district prosecutors offices
(臺灣臺南地方檢察署, 臺南地檢署), a city police bureau's precincts and stations written alone (文二分局,
興隆派出所), a government's departments listed by their stems (警察、消防等局處) and district offices (白河區公所)."""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN
from kg.ingest.units import written_alone

__all__ = ["department_stems", "district_offices", "police_stations", "prosecutors", "taiwan_bodies"]


def taiwan_bodies(norm: str, agencies: list[Mention], government: str = "") -> list[Mention]:
    """``agencies`` of a Taiwan report with its prosecutors offices, police stations, district offices and, where the
    report is a city's or county's (``government``: 台中市政府), its departments listed by their stems (the
    functions below)."""
    agencies = prosecutors(norm, department_stems(norm, agencies, government))
    return district_offices(norm, police_stations(norm, agencies))


# A district's, township's or town's office (白河區公所, 阿里山鄉公所), where a name starts.
_DISTRICT_OFFICE = re.compile(
    rf"(?:^|(?<=[^{HAN}])|(?<=[、及和与由同至到])|(?<=结合|配合|联合|会同|偕同))([{HAN}]{{2,3}}(?:区|乡|镇)公所)"
)


def district_offices(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the district, township and town offices, as written.

    >>> [(m.key, m.start) for m in district_offices("消防分队结合白河区公所及阿里山乡公所宣导", [])]
    [('白河区公所', 6), ('阿里山乡公所', 12)]
    """
    found = list(agencies)
    for hit in _DISTRICT_OFFICE.finditer(norm):
        if not any(m.overlaps(*hit.span(1)) for m in agencies):
            found.append(Mention("agency", hit.group(1), *hit.span(1), curated=False))
    return sorted(found, key=lambda x: x.start)


# Departments listed by their stems before 等局處 (警察、都發、消防及衛生等局處): two characters each.
_STEMS = re.compile(rf"[{HAN}]{{2}}(?:[、及和与][{HAN}]{{2}})+(?=等(?:各)?局处)")


def department_stems(norm: str, agencies: list[Mention], government: str) -> list[Mention]:
    """``agencies`` and the departments of ``government`` a list names by their stems, each its 局, keyed through
    the government (警察 is 台中市政府警察局).

    >>> [(m.key, m.start) for m in department_stems("结合警察、消防及卫生等局处稽查", [], "台中市政府")]
    [('台中市政府警察局', 2), ('台中市政府消防局', 5), ('台中市政府卫生局', 8)]
    """
    if not government:
        return agencies
    found = list(agencies)
    for hit in _STEMS.finditer(norm):
        for item in re.finditer(r"[^、及和与]+", hit.group()):
            start, end = hit.start() + item.start(), hit.start() + item.end()
            if not any(m.overlaps(start, end) for m in agencies):
                found.append(Mention("agency", government + item.group() + "局", start, end, curated=False))
    return sorted(found, key=lambda x: x.start)


# A district prosecutors office: 臺灣 (福建 for the two on the islands), the district's two characters and 地方檢察署
# (地方法院檢察署 before 2018), or the short 地檢署. Every district is named by two characters (臺南, 士林, 橋頭).
_PROSECUTORS = re.compile(rf"(?P<outer>台湾|福建)?(?P<place>[{HAN}]{{2}})地(?:方(?:法院)?检察署|检署)")
_FUJIAN = ("金门", "连江")


def prosecutors(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the district prosecutors offices, each keyed by its full name however it is written.

    >>> [(m.key, m.start) for m in prosecutors("台湾台南地方检察署会同台南地检署及金门地检署查获", [])]
    [('台湾台南地方检察署', 0), ('台湾台南地方检察署', 11), ('福建金门地方检察署', 17)]
    """
    found = list(agencies)
    for hit in _PROSECUTORS.finditer(norm):
        if any(m.overlaps(*hit.span()) for m in agencies):
            continue
        place = hit.group("place")
        outer = "福建" if place in _FUJIAN else "台湾"
        found.append(Mention("agency", f"{outer}{place}地方检察署", hit.start(), hit.end(), curated=False))
    return sorted(found, key=lambda x: x.start)


# A precinct (分局) or station (派出所) written alone where a name starts: two to four characters of its own
# (文二分局, 第一分局, 三民第一分局, 興隆派出所), not a deictic's (本分局, 該派出所, 各分局).
_STATION = re.compile(
    rf"(?:^|(?<=[^{HAN}])|(?<=[和与及同由请、至到]))(?![本该各全每])([{HAN}]{{2,4}}?(?:派出所|分局))"
)
_BUREAU = "警察局"


def police_stations(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the precincts and stations written alone: of the report's police bureau where it names one
    (臺北市政府警察局), named through it; a station of no named bureau as written; a precinct of none not at all
    (a 分局 may be any bureau's branch).

    >>> bureau = Mention("agency", "台北市政府警察局", 0, 8, False)
    >>> [m.key for m in police_stations("台北市政府警察局表示，文二分局及兴隆派出所巡逻", [bureau])][1:]
    ['台北市政府警察局文二分局', '台北市政府警察局兴隆派出所']
    >>> [m.key for m in police_stations("文二分局及兴隆派出所巡逻", [])]
    ['兴隆派出所']
    """
    bureaus = {m.key for m in agencies if not m.curated and m.key.endswith(_BUREAU)}
    bureau = bureaus.pop() if len(bureaus) == 1 else ""
    names = {}
    for hit in _STATION.finditer(norm):
        name = hit.group(1)
        if bureau or not name.endswith("分局"):
            names[name] = bureau + name
    if not names:
        return agencies
    return written_alone(norm, agencies, names)  # 台北市政府文二分局 (a department's reading) is the bureau's
