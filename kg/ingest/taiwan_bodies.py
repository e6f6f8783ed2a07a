"""Taiwan's bodies named by a construction rather than listed one by one: the district prosecutors offices
(臺灣臺南地方檢察署, 臺南地檢署), a city police bureau's precincts and stations written alone (文二分局,
興隆派出所), a government's departments listed by their stems (警察、消防等局處), district offices (白河區公所),
the special police's corps (保安警察第七總隊), a ministry's administrations and centres (環境部環境管理署中區環境
管理中心), units of volunteer firefighters (苓雅防火宣導義消), motor vehicle offices (臺北區監理所) and the units
a drill lists by their role and the security forces a list sums up (taiwan_drills)."""

from __future__ import annotations

import re

from kg.ingest.leads import LEAD_VERB, NAME_START
from kg.ingest.mentions import LEAD_WORDS, Mention
from kg.ingest.script import HAN
from kg.ingest.taiwan_drills import as_written, drill_units, fire_squads, numbered_units, security_forces, short_units
from kg.ingest.taiwan_police import numbered_precinct, town_police
from kg.ingest.units import written_alone

__all__ = [
    "department_stems", "district_offices", "located_bodies", "ministry_units", "motor_vehicle_offices",
    "place_departments", "police_corps", "police_stations", "prosecutors", "taiwan_bodies", "volunteer_firefighters",
]


def taiwan_bodies(norm: str, agencies: list[Mention], government: str = "") -> list[Mention]:
    """``agencies`` of a Taiwan report with its prosecutors offices, police stations, district offices and, where the
    report is a city's or county's (``government``: 台中市政府), its departments listed by their stems (the
    functions below)."""
    agencies = prosecutors(norm, department_stems(norm, place_departments(agencies, government), government))
    agencies = police_corps(norm, district_offices(norm, police_stations(norm, agencies, government)))
    agencies = located_bodies(norm, ministry_units(norm, agencies))
    agencies = drill_units(norm, motor_vehicle_offices(norm, volunteer_firefighters(norm, agencies)))
    return short_units(norm, numbered_units(norm, security_forces(norm, fire_squads(norm, agencies))))


# A motor vehicle office of the highway authority, by its region (臺北區監理所) or its town (新竹監理站), with the
# authority's name before it or not (交通部公路總局臺北區監理所).
_MOTOR_OFFICE = re.compile(
    NAME_START + r"(?:交通部)?(?:公路总?局)?"
    rf"(?:[{HAN}]{{2}}区监理所|[{HAN}]{{2,4}}?监理站)"
)


def motor_vehicle_offices(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the motor vehicle offices, as written.

    >>> [(m.key, m.start) for m in motor_vehicle_offices("分局结合台北区监理所、新竹监理站稽查", [])]
    [('台北区监理所', 4), ('新竹监理站', 11)]
    """
    return as_written(norm, agencies, _MOTOR_OFFICE)


# A unit of volunteer firefighters (義消, or 消防志工), organised under a fire bureau, named by its place or task where
# a name starts (苓雅防火宣導義消, 白河義消分隊, 東港消防志工); bare 義消 (volunteers at large) names no unit.
_VOLUNTEERS = re.compile(
    NAME_START + r"(?![本该各])"
    rf"([{HAN}]{{2,8}}?(?:义消|消防志工)(?:[{HAN}]{{0,4}}?(?:总队|大队|中队|分队))?)(?![{HAN}]{{0,2}}(?:人员|队员|弟兄))"
)


def volunteer_firefighters(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the units of volunteer firefighters named by their place or task, as written.

    >>> [(m.key, m.start) for m in volunteer_firefighters("分队偕同苓雅防火宣导义消，结合妇女宣导队、义消等", [])]
    [('苓雅防火宣导义消', 4)]
    """
    return as_written(norm, agencies, _VOLUNTEERS, 1)


# A body described by where a case lies, after a joining word or a list's comma: 遭棄置廢棄物所在地之縣市環保局.
_LOCATED = re.compile(
    rf"(?:(?<=[、，,])|(?<=偕同|会同|联同|结合|配合))(?!偕同|会同|联同|结合|配合)[^、，,。；;！!？?\s]{{2,12}}所在地[之的]?[{HAN}]{{1,6}}?(?:局|处)(?![长内外])"
)


def located_bodies(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` with each body described by where a case lies read whole, in place of what was read inside it.

    >>> found = [Mention("agency", "地之县市环保局", 15, 22, False)]
    >>> [(m.key, m.start) for m in located_bodies("中心，偕同遭弃置废弃物所在地之县市环保局查获", found)]
    [('遭弃置废弃物所在地之县市环保局', 5)]
    """
    found = list(agencies)
    for hit in _LOCATED.finditer(norm):
        found = [m for m in found if not m.overlaps(*hit.span())]
        found.append(Mention("agency", hit.group(), hit.start(), hit.end(), curated=False))
    return sorted(found, key=lambda x: x.start)


# A ministry's (部) or administration's (署) own administration, bureau, branch, centre or corps right after it
# (應變隊雲林隊, 財政部國稅局, 水利署第七河川局), or its ethics office (青年發展署政風室).
_ADMINISTRATION = re.compile(
    rf"[{HAN}][{HAN}0-9]{{1,11}}?(?:分署|署|分局|局|中心|队(?:[{HAN}]{{2}}队)?)(?![长员主])|政风室"
)
# Such a unit written later by a short form, where a name starts: 環管署北區環管中心.
_SHORT_UNIT = re.compile(rf"(?:^|(?<=[^{HAN}])|(?<=[、及和与同由请]))[{HAN}]{{1,4}}署[{HAN}]{{2,8}}?(?:中心|分署)")


def ministry_units(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` with each administration, branch or centre named right after its ministry or administration
    (環境部環境管理署北區環境管理中心, 經濟部水利署第四河川分署) as that unit, not the ministry, keyed as written;
    the unit written alone later, or by a short form whose characters stand in its name in order, is the same.

    >>> found = [Mention("agency", "tw-moenv", 0, 3, True)]
    >>> text = "环境部环境管理署北区环境管理中心查获。环管署北区环管中心调阅"
    >>> [(m.key, m.start) for m in ministry_units(text, found)]
    [('环境部环境管理署北区环境管理中心', 0), ('环境部环境管理署北区环境管理中心', 19)]
    """
    found: list[Mention] = []
    names: dict[str, str] = {}  # a unit's name as written alone -> its key
    for m in agencies:
        end = m.end
        while norm[end - 1] in "部署" and (unit := _ADMINISTRATION.match(norm, end)) and not (
            LEAD_WORDS.search(unit.group()) or any(o.overlaps(end, unit.end()) for o in agencies)
            or (unit.group().endswith("局") and LEAD_VERB.search(unit.group()))  # 食藥署檢查藥局: a verb, a shop
        ):
            end = unit.end()
            names.setdefault(unit.group(), norm[m.start : end])
        found.append(m if end == m.end else Mention("agency", norm[m.start : end], m.start, end, curated=False))
    # a unit read after its administration's short form (環管署北區環管中心) is the unit named in full
    full = set(names.values()) | {m.key for m in found if not m.curated and m.key.endswith(("中心", "分署"))}
    found = [_full_unit(m, full) for m in found]
    if not names:
        return found
    found = written_alone(norm, found, names)
    units = {key for key in names.values() if key.endswith(("中心", "分署"))}
    for hit in _SHORT_UNIT.finditer(norm):
        keys = [key for key in units if key.endswith(hit.group()[-2:]) and _in_order(hit.group(), key)]
        inside = [m for m in found if m.overlaps(*hit.span())]  # 環管署 alone is its administration's short form
        if len(keys) == 1 and all(hit.start() <= m.start and m.end <= hit.end() for m in inside):
            found = [m for m in found if m not in inside]
            found.append(Mention("agency", keys[0], hit.start(), hit.end(), curated=False))
    return sorted(found, key=lambda x: x.start)


def _full_unit(m: Mention, full: set[str]) -> Mention:
    """``m`` keyed by the one full unit name whose characters it has in order and whose end it shares, else ``m``."""
    keys = [key for key in full if key != m.key and key.endswith(m.key[-2:]) and _in_order(m.key, key)]
    return Mention("agency", keys[0], m.start, m.end, curated=False) if not m.curated and len(keys) == 1 else m


def _in_order(short: str, name: str) -> bool:
    """True when ``short``'s characters stand in ``name`` in order (环管署 in 环境部环境管理署)."""
    rest = iter(name)
    return all(ch in rest for ch in short)


# A corps of the special police (保安警察第七總隊) written without its agency, with its brigade and squad if named
# (保安警察第七總隊第三大隊中區中隊): a body as written.
_CORPS = re.compile(
    rf"保安警察第[一二三四五六七八九十0-9]{{1,3}}总队(?:第[一二三四五六七八九十0-9]{{1,3}}大队)?"
    rf"(?:[{HAN}]{{1,4}}?(?:中队|分队))?"
)


def police_corps(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the special police's corps and their units written without their agency.

    >>> [(m.key, m.start) for m in police_corps("会同保安警察第七总队第三大队中区中队查获", [])]
    [('保安警察第七总队第三大队中区中队', 2)]
    """
    return as_written(norm, agencies, _CORPS)


# A district's, township's or town's office (白河區公所, 阿里山鄉公所), where a name starts.
_DISTRICT_OFFICE = re.compile(
    rf"(?:^|(?<=[^{HAN}])|(?<=[、及和与由同至到])|(?<=结合|配合|联合|会同|偕同))([{HAN}]{{2,3}}(?:区|乡|镇)公所)"
)


def district_offices(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the district, township and town offices, as written.

    >>> [(m.key, m.start) for m in district_offices("消防分队结合白河区公所及阿里山乡公所宣导", [])]
    [('白河区公所', 6), ('阿里山乡公所', 12)]
    """
    return as_written(norm, agencies, _DISTRICT_OFFICE, 1)


# A department named after its city or county without 政府: 嘉義縣消防局, 台中市消防局.
_PLACE_DEPARTMENT = re.compile(rf"[{HAN}]{{2,6}}(?:局|处)")


def place_departments(agencies: list[Mention], government: str) -> list[Mention]:
    """``agencies`` with a department of the report's own city or county named after the place alone (嘉义县消防局)
    keyed as its government's (嘉义县政府消防局), the body its bare name (消防局) stands for as well.

    >>> [m.key for m in place_departments([Mention("agency", "嘉义县消防局", 0, 6, False)], "嘉义县政府")]
    ['嘉义县政府消防局']
    """
    place = government.removesuffix("政府")
    if not government or place == government:
        return agencies
    return [
        Mention("agency", government + m.key[len(place) :], m.start, m.end, m.curated, m.named)
        if not m.curated and m.key.startswith(place) and not m.key.startswith(government)
        and _PLACE_DEPARTMENT.fullmatch(m.key, len(place)) else m
        for m in agencies
    ]


# Departments listed by their stems before 等局處 (警察、都發、消防及衛生等局處): two characters each; counted as units
# (整合衛生、警政、環保3大單位), when each is a department's stem. 警政 (police administration) names the 警察局.
_STEMS = re.compile(
    rf"[{HAN}]{{2}}(?:[、及和与][{HAN}]{{2}})+(?=等(?:各)?局处|(?P<units>等?\s*[\d一二三四五六七八九十]{{1,2}}\s*[大个]?单位))"
)
_DEPARTMENT_STEMS = frozenset(re.findall(r"\w\w", "卫生警政警察环保消防社会教育劳工建设工务民政财政农业地政文化观光"
                                                 "交通水利法制税务经发都发新闻"))
_BUREAU_OF = {"警政": "警察"}


def department_stems(norm: str, agencies: list[Mention], government: str) -> list[Mention]:
    """``agencies`` and the departments of ``government`` a list names by their stems, each its 局, keyed through
    the government (警察 is 台中市政府警察局).

    >>> [(m.key, m.start) for m in department_stems("结合警察、消防及卫生等局处稽查", [], "台中市政府")]
    [('台中市政府警察局', 2), ('台中市政府消防局', 5), ('台中市政府卫生局', 8)]
    >>> [m.key for m in department_stems("整合卫生、警政、环保3大单位", [], "苗栗县政府")]
    ['苗栗县政府卫生局', '苗栗县政府警察局', '苗栗县政府环保局']
    >>> department_stems("整合学校、医院、社区3个单位", [], "苗栗县政府")
    []
    """
    if not government:
        return agencies
    found = list(agencies)
    for hit in _STEMS.finditer(norm):
        if hit.group("units") and not set(re.split("[、及和与]", hit.group())) <= _DEPARTMENT_STEMS:
            continue  # 学校、医院、社区3个单位 are no departments
        for item in re.finditer(r"[^、及和与]+", hit.group()):
            start, end = hit.start() + item.start(), hit.start() + item.end()
            if not any(m.overlaps(start, end) for m in agencies):
                stem = _BUREAU_OF.get(item.group(), item.group())
                found.append(Mention("agency", government + stem + "局", start, end, curated=False))
    return sorted(found, key=lambda x: x.start)


# A district prosecutors office: 臺灣 (福建 for the two on the islands), the district's two characters and 地方檢察署
# (地方法院檢察署 before 2018), or the short 地檢署. Every district is named by two characters (臺南, 士林, 橋頭).
_PROSECUTORS = re.compile(rf"(?P<outer>台湾|福建)?(?P<place>[{HAN}]{{2}})地(?:方(?:法院)?检察署|检署)")
_FUJIAN = ("金门", "连江")
_BARE_PROSECUTORS = re.compile(rf"{NAME_START}地检署")


def prosecutors(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the district prosecutors offices, keyed by the full name however written (bare where only one):

    >>> [(m.key, m.start) for m in prosecutors("台湾台南地方检察署会同台南地检署及金门地检署查获", [])]
    [('台湾台南地方检察署', 0), ('台湾台南地方检察署', 11), ('福建金门地方检察署', 17)]
    >>> [(m.key, m.start) for m in prosecutors("台中地方检察署启动机制，由地检署指挥", [])]
    [('台湾台中地方检察署', 0), ('台湾台中地方检察署', 13)]
    """
    found = list(agencies)
    for hit in _PROSECUTORS.finditer(norm):
        if any(m.overlaps(*hit.span()) for m in agencies):
            continue
        place = hit.group("place")
        outer = "福建" if place in _FUJIAN else "台湾"
        found.append(Mention("agency", f"{outer}{place}地方检察署", hit.start(), hit.end(), curated=False))
    offices = {m.key for m in found if m.key.endswith("地方检察署")}
    for hit in _BARE_PROSECUTORS.finditer(norm) if len(offices) == 1 else ():
        if not any(m.overlaps(*hit.span()) for m in found):
            found.append(Mention("agency", next(iter(offices)), hit.start(), hit.end(), curated=False))
    return sorted(found, key=lambda x: x.start)


# A precinct (分局) or station (派出所) written alone where a name starts: two to four characters of its own
# (文二分局, 第一分局, 三民第一分局, 興隆派出所), not a deictic's (本分局, 該派出所, 各分局).
_STATION = re.compile(
    rf"(?:^|(?<=[^{HAN}])|(?<=[和与及同由请、至到]))(?![本该各全每])([{HAN}]{{2,4}}?(?:派出所|分局))"
)
_BUREAU = "警察局"


def police_stations(norm: str, agencies: list[Mention], government: str = "") -> list[Mention]:
    """``agencies`` and the precincts and stations written alone: of the report's police bureau where it names one
    (臺北市政府警察局), named through it; a station of no named bureau as written; a precinct of none not at all
    (a 分局 may be any bureau's branch). The police named by a town (埔里警方) is the precinct there of the named
    bureau, or of the report's ``government``'s.

    >>> bureau = Mention("agency", "台北市政府警察局", 0, 8, False)
    >>> [m.key for m in police_stations("台北市政府警察局表示，文二分局及兴隆派出所巡逻", [bureau])][1:]
    ['台北市政府警察局文二分局', '台北市政府警察局兴隆派出所']
    >>> [m.key for m in police_stations("文二分局及兴隆派出所巡逻", [])]
    ['兴隆派出所']
    """
    bureaus = {m.key for m in agencies if not m.curated and m.key.endswith(_BUREAU)}
    bureau = bureaus.pop() if len(bureaus) == 1 else ""
    agencies = town_police(norm, agencies, bureau or (government and government + _BUREAU))  # 埔里警方
    names = {}
    for hit in _STATION.finditer(norm):
        name = hit.group(1)
        if bureau or not name.endswith("分局"):
            names[name] = bureau + numbered_precinct(name, bureau)  # 南警四分局: the bureau's 第四分局
    if not names:
        return agencies
    return written_alone(norm, agencies, names)  # 台北市政府文二分局 (a department's reading) is the bureau's
