"""Bodies named through another: a child after its parent (食物環境衞生署食物安全中心), a named unit of a body
(經濟部「進口異常商品聯合稽核大隊」, 機電工程署(機電署)精明電力規管隊), a Taiwan city's or county's department
(臺東縣政府財經處, 縣府財經處, and then 財經處 alone); a body's other names come from kg.ingest.other_names."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.ingest.leads import JOINING, LEADS
from kg.ingest.mentions import Mention
from kg.ingest.other_names import bracketed_short_forms, glued, other_names
from kg.ingest.per_reference import per_reference
from kg.ingest.script import HAN, to_hans

if TYPE_CHECKING:
    from kg.ingest.reference import Reference

__all__ = [
    "child_bodies", "departments", "named_units", "section_end", "short_cities", "short_city_departments",
    "taiwan_local_government", "units", "written_alone",
]


def units(norm: str, agencies: list[Mention], reference: Reference, place: str | None = None) -> list[Mention]:
    """``agencies`` with the bodies named through another (below); ``place``: whose departments may be written bare."""
    agencies = departments(norm, child_bodies(agencies, reference), reference, place)
    return other_names(norm, bracketed_short_forms(norm, named_units(norm, agencies)))


def child_bodies(agencies: list[Mention], reference: Reference) -> list[Mention]:
    """A listed body written right after its parent is the child, named with it (食物环境卫生署 + 食物安全中心).

    >>> from kg.ingest.reference import load_reference
    >>> found = [Mention("agency", "hk-fehd", 0, 7, True), Mention("agency", "hk-cfs", 7, 13, True)]
    >>> [(m.key, m.start, m.end) for m in child_bodies(found, load_reference())]
    [('hk-cfs', 0, 13)]
    """
    out: list[Mention] = []
    for m in agencies:
        parent = out[-1] if out else None
        child = reference.agencies.get(m.key) if m.curated else None
        if parent is not None and parent.curated and parent.end == m.start and child and child.parent == parent.key:
            out[-1] = Mention("agency", m.key, parent.start, m.end, curated=True)
        else:
            out.append(m)
    return sorted(out, key=lambda x: x.start)


# A unit of a body: a task force, team, corps, station, office or section named right after it, in 「」 or not, or
# after the body's short form in brackets (機電工程署(機電署)精明電力規管隊, 警政署保安警察第七總隊,
# 衞生署控煙酒辦公室); 派出所员警 are the station's officers.
# A section or division that acts for its body (市应急管理局危化科, 市安监局综合处, 市安监局监管二处).
_DIVISION = r"[一二三四五六七八九十]?处(?![理罚置分于在长室级事])"
# a county bureau's section is a 股, as a city's is a 科 (县市场监管局质量股; not 股份, 股东, 股票, 股长)
_SECTION_STOCK = "股(?![份东票权市室长])"
_SECTION = re.compile(rf"(?:科|{_SECTION_STOCK}|{_DIVISION})$")
_UNIT_SUFFIX = (r"(?:(?:分局|消防局|稽核大队|稽查大队|稽查队|总队|大队|中队|分队|警察队|规管队|工作队|专案小组"
                r"|联合特遣队|工作小组|小组|办公室|科)(?![技普学研室长员伍织])|派出所|课(?![程堂本题文外])|"
                + _SECTION_STOCK + "|" + _DIVISION + ")")
# A unit's name may hold a number (第1大隊, a fire corps' first brigade), never start with one; a bureau's
# inspection team may be named by its kind alone (環保局稽查隊).
_UNIT = re.compile(
    rf"(?P<quote>「)?(?P<name>[{HAN}][{HAN}0-9０-９]{{1,11}}?{_UNIT_SUFFIX}|稽查大?队(?![长员])"
    r"|侦[一二三四五六七八九十]{1,2}队)(?(quote)」)"  # a criminal investigation corps' squads: 刑事警察大隊偵八隊
)
_SHORT = re.compile(rf"[(（][{HAN}]{{1,8}}[)）]")
# A unit that ends a name read whole, after its body's 局, 处 or 署 (台南市政府消防局第三大队).
_TRAILING_UNIT = re.compile(rf"(?<=[局处署])[{HAN}][{HAN}0-9０-９]{{1,11}}?(?:大队|中队|分队|支队|服务队)$")
_NOT_IN_UNIT = re.compile(
    r"的|了|在|对|向|将|于|与|和|及|等|开展|组织|组成|举办|进行|推动|加强|成立|设立|派(?!出所)|配合|办理|表示|会同|联同|偕同|携手"
)
# Words read as a department that are bureaus in general: 跨局处 (across bureaus), 局处 (bureaus and departments).
_NOT_DEPARTMENT = re.compile(rf"{_NOT_IN_UNIT.pattern}|跨|[局处](?=[{HAN}])")


def named_units(norm: str, agencies: list[Mention]) -> list[Mention]:
    """Units named after their body, as written: right after it they are one name with it (经济部「…大队」, the
    body's unit, the body itself not acting), but a section (科) is the body acting; after its short form in brackets
    they are a further body. A unit named after its body and then written alone (第一分局, 控烟酒办公室) is the same
    unit, and a unit named after that one (第一分局东门派出所) is a unit of it.

    >>> found = [Mention("agency", "tw-moea", 0, 3, True)]
    >>> [(m.key, m.start, m.end) for m in named_units("经济部「商品稽核大队」公布", found)]
    [('经济部商品稽核大队', 0, 11)]
    >>> found = [Mention("agency", "新竹市政府警察局", 0, 8, False)]
    >>> [(m.key, m.start) for m in named_units("新竹市政府警察局第一分局宣导。第一分局东门派出所巡逻", found)]
    [('新竹市政府警察局第一分局', 0), ('新竹市政府警察局第一分局东门派出所', 15)]
    """
    out, names = _named_units(norm, agencies)
    if not names:
        return out
    # an office written short (控煙酒辦公室, 控煙酒辦), as after its department again (衞生署控煙酒辦人員)
    names |= {name[:-2]: key for name, key in names.items() if name.endswith("办公室") and len(name) >= 5}
    return _named_units(norm, written_alone(norm, agencies, names))[0]


def written_alone(norm: str, agencies: list[Mention], names: dict[str, str]) -> list[Mention]:
    """``agencies`` and each of ``names`` written alone, with its key: where no mention covers it, or in place of an
    unlisted one read with the same span (第一分局 read as a government's department)."""
    pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))
    covered = bytearray(len(norm) + 1)
    for m in agencies:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    same = {(m.start, m.end): m for m in agencies if not m.curated}
    out = list(agencies)
    for hit in pattern.finditer(norm):
        key = names[hit.group()]
        body = next((m for m in out if m.end == hit.start() and key.startswith(norm[m.start : m.end])), None)
        if body is not None:  # right after its body again (衞生署控煙酒辦): the unit, named through it
            out.remove(body)
            out.append(Mention("agency", key, body.start, hit.end(), curated=False))
            continue
        if (replaced := same.get(hit.span())) is not None:
            out.remove(replaced)
        elif covered.find(1, hit.start(), hit.end()) >= 0 or glued(norm, hit.start()):
            continue
        out.append(Mention("agency", names[hit.group()], hit.start(), hit.end(), curated=False))
    return sorted(out, key=lambda x: x.start)


def _named_units(norm: str, agencies: list[Mention]) -> tuple[list[Mention], dict[str, str]]:
    """``agencies`` with the units named after them, and each unit named right after its body: its name -> key."""
    names: dict[str, str] = {}
    out: list[Mention] = []
    for m in agencies:
        if not m.curated and (trailing := _TRAILING_UNIT.search(norm, m.start, m.end)):  # read with its body
            names.setdefault(trailing.group(), m.key)
        at = m.end
        short = _SHORT.match(norm, at)
        if short and any(o.start == at + 1 for o in agencies):
            at = short.end()
        unit = _UNIT.match(norm, at)
        if unit is None or _not_a_unit(unit) or any(o.overlaps(at, unit.end()) for o in agencies):
            out.append(m)
            continue
        if at == m.end and _SECTION.search(unit.group("name")):  # a section acts for its body (市应急管理局危化科)
            out.append(Mention("agency", m.key, m.start, unit.end(), m.curated, named=m.end))
        elif at == m.end:  # named by its body's full name where that is known (台北市政府消防局 of 北市消防局)
            key = m.key if not m.curated and len(m.key) >= m.end - m.start else norm[m.start : m.end]
            end = m.end
            while unit is not None:  # a unit of a unit: 消防局第1大隊白河分隊
                key, end = key + unit.group("name"), unit.end()
                if not unit.group("quote"):  # a quoted name (经济部「…大队」) is never written alone
                    names.setdefault(unit.group("name"), key)
                unit = _UNIT.match(norm, end)
                if unit is None or _not_a_unit(unit) or _SECTION.search(unit.group("name")) or any(
                        o.overlaps(end, unit.end()) for o in agencies):
                    unit = None
            out.append(Mention("agency", key, m.start, end, curated=False))
        else:
            out += [m, Mention("agency", unit.group("name"), unit.start("name"), unit.end("name"), curated=False)]
    return sorted(out, key=lambda x: x.start), names


def section_end(norm: str, at: int) -> int | None:
    """Where a section or division written right at ``at``, after the body it acts for, ends (支队 + 作战训练处,
    县市场监管局 + 质量股); None when no section is written there.

    >>> section_end("支队作战训练处及各消防站开展指导", 2), section_end("支队联合区住建委开展演练", 2)
    (7, None)
    """
    unit = _UNIT.match(norm, at)
    if unit is None or unit.group("quote") or _not_a_unit(unit) or not _SECTION.search(unit.group("name")):
        return None
    return unit.end()


def _not_a_unit(unit: re.Match[str]) -> bool:
    """Whether words read as a unit are a clause (…局联合A大队), unless quoted (经济部「…联合查核小组」)."""
    name = unit.group("name").removesuffix("联合特遣队")  # a joint task force (海关海域联合特遣队) is a name
    if _SECTION.search(name):  # a section may join two duties (知识产权和计量认证管理股), a unit never (…局和某分局)
        name = name.replace("和", "")
    return bool(_NOT_IN_UNIT.search(name) or (not unit.group("quote") and "联合" in name))


# A Taiwan city's or county's department (臺東縣政府財經處, 縣府建設處, 桃園市政府法務局): the government's name, or its
# short form 縣府/市府, and a department's name.
_DEPARTMENT = re.compile(rf"(?![由在于对向与和及])[{HAN}]{{2,6}}?(?:处|局)(?![长内外])")  # 市府由经发局: 经发局


def departments(norm: str, agencies: list[Mention], reference: Reference, place: str | None = None) -> list[Mention]:
    """``agencies`` with each Taiwan city's or county's department named after its government, and the same
    department's name written alone elsewhere; keyed by the government's full name and the department's.

    >>> from kg.ingest.reference import load_reference
    >>> found = [Mention("agency", "taitung-gov", 0, 2, True)]
    >>> [(m.key, m.start) for m in departments("县府财经处表示，财经处将推动", found, load_reference())]
    [('台东县政府财经处', 0), ('台东县政府财经处', 8)]
    """
    agencies = short_city_departments(norm, agencies, reference)
    found: list[Mention] = []
    names: dict[str, str] = {}  # the department's name as written alone -> its key
    for m in agencies:
        ref = reference.agencies.get(m.key) if m.curated else None
        dept = _DEPARTMENT.match(norm, m.end)
        if (ref is None or dept is None or not m.key.endswith("-gov") or _NOT_DEPARTMENT.search(dept.group())
                or reference.region_of(ref.jurisdiction) != "tw"):
            found.append(m)
            continue
        name = dept.group()
        names.setdefault(name, ref.names["zh-Hans"] + name)
        found.append(Mention("agency", names[name], m.start, dept.end(), curated=False))
    governments = {
        reference.agencies[m.key].names["zh-Hans"] for m in agencies
        if m.curated and taiwan_local_government(m.key, reference)
    } | {  # a department of a city written short (嘉市衛生局, then 衛生局 alone)
        g for m in agencies for g in short_cities(reference).values() if not m.curated and m.key.startswith(g)
    }
    if not governments and place and taiwan_local_government(f"{place}-gov", reference):
        governments = {reference.agencies[f"{place}-gov"].names["zh-Hans"]}  # 嘉義縣's report never naming it
    if len(governments) == 1:  # the report's own government: its departments are named bare too
        government = governments.pop()
        for bare in _BARE_DEPARTMENT.finditer(norm):
            name = bare.group(1)
            if not _NOT_DEPARTMENT.search(name) and not any(m.overlaps(*bare.span(1)) for m in agencies):
                names.setdefault(name, government + name)
        for short in _POLICE:  # 縣警局: the government's 警察局
            if short in norm:
                names.setdefault(short, government + "警察局")
    return written_alone(norm, found, names) if names else agencies


@per_reference
def short_cities(reference: Reference) -> dict[str, str]:
    """A Taiwan city written short, as its government's short form without 府 (北市 of 北市府) -> the government's
    Simplified name (台北市政府)."""
    return {
        to_hans(form)[:-1]: ref.names["zh-Hans"]
        for key, ref in reference.agencies.items() if taiwan_local_government(key, reference)
        for form in ref.short_forms if len(form) == 3 and to_hans(form).endswith("市府")
    }


def short_city_departments(norm: str, agencies: list[Mention], reference: Reference) -> list[Mention]:
    """``agencies`` with a department named after its Taiwan city written short (北市消防局, 高市社会局) as that
    city government's (台北市政府消防局), in place of what was read there.

    >>> from kg.ingest.reference import load_reference
    >>> found = [Mention("agency", "市消防局", 1, 5, False)]
    >>> [(m.key, m.start, m.end) for m in short_city_departments("北市消防局会同", found, load_reference())]
    [('台北市政府消防局', 0, 5)]
    >>> [m.key for m in short_city_departments("中市府环保局指出", [], load_reference())]
    ['台中市政府环保局']
    """
    short = short_cities(reference)
    if not any(city in norm for city in short):  # most reports: no pattern to build and run
        return agencies
    after = rf"(?:(?<![{HAN}])|(?<=[和与及同由请、]))"  # where a name starts (会同北市商业处), not 台北市 or 新北市
    # 中市府環保局: the government written short with its 府, then its department
    pattern = re.compile(after + "(" + "|".join(map(re.escape, short)) + ")府?" + _DEPARTMENT.pattern)
    found = list(agencies)
    for hit in pattern.finditer(norm):
        dept = norm[hit.end(1) : hit.end()].removeprefix("府")
        if _NOT_DEPARTMENT.search(dept):
            continue
        found = [m for m in found if not m.overlaps(*hit.span())]
        found.append(Mention("agency", short[hit.group(1)] + dept, hit.start(), hit.end(), curated=False))
    return sorted(found, key=lambda x: x.start)


# A department written bare where a name starts (由衛生局查核, 會同消防局、建設處及經綠處, 並請衛生局, 根據環保局統計,
# 市長率領消防局, 整合衛生局、警察局…):
# two to four characters and 處 or 局, not a level's (縣警局), a deictic's (本局, 該局, 各分局), a branch's (分局) nor
# premises (搜索五處所).
_SOURCE = "根据|依据|按照|依照|遵照"
# After a date, too (112年度警察局於…), though its 年, 月 or 日 starts none.
_BARE_DEPARTMENT = re.compile(
    rf"(?:^|(?<=[^{HAN}\d])|(?<=\d[年月日号])|(?<=\d年度)|(?<=[、及和与由同请])|(?<={_SOURCE}|{LEADS}|{JOINING}))"
    rf"(?![县市省区本该各分总由则并请会同及和与年月日号度]|{_SOURCE}|{JOINING})"
    rf"([{HAN}]{{2,4}}?(?:处|局))(?![长内外所])"
)


_POLICE = ("县警局", "市警局")


def taiwan_local_government(key: str, reference: Reference) -> bool:
    """Whether ``key`` is a Taiwan city's or county's government (花莲县政府, 台东县政府)."""
    ref = reference.agencies.get(key)
    return ref is not None and key.endswith("-gov") and reference.region_of(ref.jurisdiction) == "tw" and (
        ref.jurisdiction != "tw"
    )
