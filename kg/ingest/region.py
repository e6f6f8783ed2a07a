"""Whose region a report is from (the mainland, Taiwan, Hong Kong, Macau), and within a region whose report it is."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from kg.ingest.leads import ACTION_VERB, DATE, JOINING
from kg.ingest.mentions import Mention, longest_matches
from kg.ingest.per_reference import per_reference
from kg.ingest.reference_tables import Table, split_cell
from kg.ingest.script import HAN, aligned_hans, both_scripts, is_han

if TYPE_CHECKING:
    from pathlib import Path

    from kg.ingest.campaign import Place
    from kg.ingest.reference import Reference
    from kg.ingest.reference_records import JurisdictionRef

__all__ = [
    "department_sections", "find_region", "listed_region_bodies", "police_districts", "read_regions", "region_place"]

# The report speaking of its own city or county government (Taiwan): 本縣, 本市, 縣府, 市府.
_OWN = ("本县", "本市", "县府", "市府")


def find_region(norm: str, reference: Reference) -> str:
    """The region the text names most: its places (香港, 臺北), its words (行政院, 新臺幣, 特區政府) and the
    official names only its bodies bear (經濟部); never the script. The mainland (``cn``) unless another region
    is named more.

    >>> from kg.ingest.reference import load_reference
    >>> ref = load_reference()
    >>> texts = ("經濟部標準檢驗局今日表示", "江蘇省市場監管局開展", "香港海關聯同警方", "海關食環署巡查。海關與食環署",
    ...          "臺中市政府消防局表示，消防局將", "县府办、县安办联合督查", "县委宣传部与市府新闻办联合开展",
    ...          "臺中市消防局舉辦宣導。消防局說明，消防局將，消防局也")
    >>> [find_region(aligned_hans(t), ref) for t in texts]
    ['tw', 'cn', 'hk', 'hk', 'tw', 'cn', 'cn', 'tw']
    """
    scores: Counter[str] = Counter()
    words, bodies, heads = _region_words(reference)
    matches = longest_matches(norm, words, "region")
    # 臺中市消防局 and then 消防局 alone: the short form of that department, not Macau's 消防局, each time
    through = {n for m in matches if (n := norm[m.start : m.end]) in bodies and _named_through(norm, m.start, heads)}
    for m in matches:
        if norm[m.start : m.end] in through:
            continue  # 臺北市政府消防局, 北市消防局: a department of another body, not Macau's 消防局
        if norm[m.start : m.end] in ("县府", "市府") and norm.startswith("办", m.end):
            continue  # 县府办, 市府办: a mainland government's general office, written short
        scores[m.key] += 1
    if not scores:
        return "cn"
    return max(scores, key=lambda r: (scores[r], r == "cn"))


def region_place(norm: str, reference: Reference, region: str) -> Place:
    """A region's report is its city's or county's when that government's bodies and its full name (臺東縣) are
    named at least as often as the region's own bodies (本縣 and 縣府 count for the county named most), else the
    region's."""
    from kg.ingest.campaign import Place

    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in longest_matches(norm, reference.agency_forms(region), "agency"):
        code = reference.agencies[m.key].jurisdiction
        if reference.region_of(code) == region:
            counts[code] += 1
            first.setdefault(code, m.start)
    for m in longest_matches(norm, _local_names(reference, region), "jurisdiction"):
        counts[m.key] += 1
        first.setdefault(m.key, m.start)
    local = sorted((c for c in counts if c != region), key=lambda c: (-counts[c], first[c]))
    if local and counts[local[0]] + sum(norm.count(w) for w in _OWN) >= counts[region]:
        return Place(local[0], reference.jurisdictions[local[0]].level)
    return Place(region, reference.jurisdictions[region].level)


@per_reference
def _local_names(reference: Reference, region: str) -> dict[str, str]:
    """The full Simplified names of a region's cities and counties (台东县, 嘉义市) -> their codes."""
    return {
        aligned_hans(j.names["zh-Hans"]): j.code for j in reference.jurisdictions.values()
        if j.code != region and reference.region_of(j.code) == region
    }


# Hong Kong's police regions and districts, named by their place: 油尖警區, 西九龍總區, 港島總區.
_LEAD = re.compile(r"联同|会同|联合|及|和|与|在|由|到|于")
_NOT_A_DISTRICT = re.compile(r"^[本该各全每其多个]")


def police_districts(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the police regions, districts and divisions of a Hong Kong report, with a task force or
    tactical unit named after one (水警总区特遣队, 新界南总区机动部队), read as written (not curated). A unit written
    right after its force (警方水警总区) is the unit: the force it is named through does not act by that mention.

    >>> [m.key for m in police_districts("海关联同油尖警区及西九龙总区在各警区巡查", [])]
    ['油尖警区', '西九龙总区']
    >>> police = Mention("agency", "hk-police", 0, 2, True)
    >>> [m.key for m in police_districts("警方水警总区特遣队联同水警港口分区及各分区巡查", [police])]
    ['水警总区特遣队', '水警港口分区']
    >>> [m.key for m in police_districts("新界南总区机动部队联同荃湾警区巡查", [])]
    ['新界南总区机动部队', '荃湾警区']
    >>> [(m.key, m.end) for m in police_districts("观塘警区特遣队及西九龙机动部队巡查", [])]
    [('观塘警区', 4), ('西九龙总区机动部队', 15)]
    """
    found = list(agencies)
    for hit in re.finditer("警区|总区|分区", norm):
        start = hit.start()
        while start > 0 and is_han(norm[start - 1]) and hit.start() - start < 6:
            start -= 1
        for lead in _LEAD.finditer(norm, start, hit.start()):
            start = lead.end()
        force = next((m for m in found if start <= m.start < hit.start() < m.end + 6 and m.end <= hit.start()), None)
        if force is not None:  # 警方水警总区: the name starts after the force it is named through
            start = force.end
        end = task.end() if (task := _TASK_FORCE.match(norm, hit.end())) else hit.end()
        if hit.group() == "警区":  # a district's task force is the district, its units listed after it
            end = hit.end()
        name = norm[start:end]
        if not 4 <= len(name[: hit.end() - start]) <= 6 or _NOT_A_DISTRICT.match(name) or any(
            m.overlaps(start, end) for m in found
        ):
            continue
        if force is not None and force.end == start:  # the mention spans the force's name, keyed by the unit's
            found.remove(force)
            start = force.start
        found.append(Mention("agency", name, start, end, curated=False))
    for unit in _REGION_UNIT.finditer(norm):  # 西九龙机动部队: the region's unit, written without 总区
        if not any(m.overlaps(*unit.span()) for m in found):
            found.append(Mention("agency", f"{unit.group(1)}总区{unit.group(2)}", *unit.span(), curated=False))
    return _marine_police(norm, sorted(found, key=lambda x: x.start))


# The marine police written bare as a sentence's or clause's subject, its action right after (水警巡查37個船塢):
# the Marine Region (水警總區), not the officers of a title (水警高級督察) or of a list (動員水警、機動部隊).
_MARINE = re.compile(rf"(?:^|(?<=[。；;！!？?\n，,]))\s*(水警)(?=\s*(?:亦|也|则|已|同时)?\s*(?:{ACTION_VERB.pattern}))")


def _marine_police(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the marine police written bare as a subject, keyed as its region (水警总区).

    >>> [(m.key, m.start) for m in _marine_police("警方动员水警、机动部队。水警巡查37个船坞。", [])]
    [('水警总区', 12)]
    """
    found = list(agencies)
    for hit in _MARINE.finditer(norm):
        if not any(m.overlaps(*hit.span(1)) for m in agencies):
            found.append(Mention("agency", "水警总区", *hit.span(1), curated=False))
    return sorted(found, key=lambda x: x.start)


# A unit of a police region or district named after it (its task force, tactical or emergency unit, crime prevention
# or community relations office). A district's (观塘警区特遣队) is the district, as the reports' readers count it; a
# region's (新界南总区防止罪案组) is a body of its own, its task force or tactical unit written without 总区 too
# (西九龙机动部队): the five land regions are all of them.
_TASK_FORCE = re.compile("特遣队|机动部队|冲锋队|无人机队|防止罪案(?:组|科|办公室)|警民关系组")
_REGION_UNIT = re.compile("(港岛|东九龙|西九龙|新界南|新界北)(特遣队|机动部队)")


# A department's section named after it, by its place or not (消防处西九龙牌照课): the section, not its head or staff
# (课长, 课人员 stays the section's staff).
_SECTION = re.compile(rf"[{HAN}]{{1,7}}?课(?![长程])")


def department_sections(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` with a Hong Kong department's mention that its section's name goes on from replaced by the
    section, as written.

    >>> fsd = Mention("agency", "hk-fsd", 0, 3, True)
    >>> [(m.key, m.end) for m in department_sections("消防处西九龙牌照课人员巡查", [fsd])]
    [('消防处西九龙牌照课', 9)]
    """
    found = []
    for m in agencies:
        section = _SECTION.match(norm, m.end) if m.curated and m.key.startswith("hk-") else None
        found.append(Mention("agency", norm[m.start : section.end()], m.start, section.end(), False) if section else m)
    return found


# A body of Taiwan, Hong Kong or Macau named in a list beside one already found (觀塘區防火委員會、觀塘民政事務處、
# 觀塘區消防及救護青年團及消防處…): an item that ends as these regions' bodies do; 消防安全大使 (people) does not.
_REGION_NAME = re.compile(rf"[{HAN}]{{2,14}}?(?:处|署|局|委员会|议会|会长会|青年团|协会|医院|大学)")
_CLAUSE = re.compile(r"[^，,。；;！!？?\n：:]+")
_DAY = re.compile(rf"\s*{DATE}")
_NOT_ITEM = re.compile(r"各|相关|有关|其他|其它|所有|代表|人员|市民|居民|商户|业界")
# An item ends at a word that joins bodies (A聯同B、C; 結合本局、…: leads.JOINING): no name holds one.
_ITEM = re.compile(rf"(?:{JOINING})?((?:(?!{JOINING})[^、])+)")


def listed_region_bodies(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the items of a list (``、``) that names one of them, where an item is written as a body's
    name; the last item ends where a body found already begins (…青年團及消防處…).

    >>> found = [Mention("agency", "观塘区防火委员会", 0, 8, False), Mention("agency", "hk-fsd", 23, 26, True)]
    >>> text = "观塘区防火委员会、观塘民政事务处、消防安全大使、青年团及消防处代表宣传"
    >>> [(m.key, m.start) for m in listed_region_bodies(text, found)]
    [('观塘区防火委员会', 0), ('观塘民政事务处', 9), ('hk-fsd', 23)]
    >>> text = "观塘区防火委员会联同观塘民政事务处、消防处宣传"
    >>> [m.key for m in listed_region_bodies(text, [Mention("agency", "hk-fsd", 18, 21, True)])]
    ['观塘区防火委员会', '观塘民政事务处', 'hk-fsd']
    """
    covered = bytearray(len(norm) + 1)
    for m in agencies:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    found = list(agencies)
    for clause in _CLAUSE.finditer(norm):
        if "、" not in clause.group() or covered.find(1, clause.start(), clause.end()) < 0:
            continue
        for item in _ITEM.finditer(norm[: clause.end()]):
            if item.end(1) <= clause.start():
                continue
            start, end = max(item.start(1), clause.start()), item.end(1)  # the first item starts with its clause
            if covered[start]:
                continue
            taken = covered.find(1, start, end)
            end = taken if taken >= 0 else end
            if day := _DAY.match(norm, start, end):  # 15日大埔民政處、…: the day the list's bodies acted
                start = day.end()
            name = norm[start:end].strip().rstrip("及和与").rstrip()
            start += len(norm[start:end]) - len(norm[start:end].lstrip())
            if _REGION_NAME.fullmatch(name) and not _NOT_ITEM.search(name):
                found.append(Mention("agency", name, start, start + len(name), curated=False))
    return sorted(found, key=lambda x: x.start)




@per_reference
def _region_words(reference: Reference) -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """Simplified form -> region: every region's markers and place names, and official names of bodies that no
    other region's body bears or ends a form with (Macau's 衛生局 says nothing in a mainland text: 市衛生局); which
    of those forms are bodies' names; and every form of a body that is no government (海关, 香港海关), after which
    another body's name is no part of it."""
    words: dict[str, set[str]] = {}
    for code, markers in reference.region_markers.items():
        for form in markers:
            words.setdefault(aligned_hans(form), set()).add(code)
    for j in reference.jurisdictions.values():
        for form in (j.names["zh-Hans"], *j.bare):
            if len(form) >= 2:
                words.setdefault(aligned_hans(form), set()).add(reference.region_of(j.code))
    bodies: set[str] = set()
    endings: dict[str, set[str]] = {}  # every ending of every form (市卫生局 ends in 卫生局) -> the regions writing it
    for a in reference.agencies.values():
        region = reference.region_of(a.jurisdiction)
        for form in a.short_forms:
            hans = aligned_hans(form)
            for i in range(len(hans)):
                endings.setdefault(hans[i:], set()).add(region)
    for a in reference.agencies.values():
        region = reference.region_of(a.jurisdiction)
        # a region's short forms too (標檢局 is Taiwan's), when no other region's form ends so; never one relative to
        # the report's level (縣政府, 市府), which a mainland county's report writes as well
        own = [f for f in map(aligned_hans, a.short_forms) if len(f) >= 3 and f[0] not in "县市区省"]
        own = own if region != "cn" else []
        for name in (aligned_hans(a.names["zh-Hans"]), *own):
            if len(endings.get(name, ())) == 1:  # 經濟部 is Taiwan's; 教育部 and 消費者委員會 say nothing
                words.setdefault(name, set()).add(region)
                bodies.add(name)
    found = {form: next(iter(regions)) for form, regions in words.items() if len(regions) == 1}
    named = frozenset(bodies & found.keys())
    names = [(x.names["zh-Hans"], *x.short_forms) for x in reference.agencies.values()]
    heads = frozenset(aligned_hans(f) for n in names if n[0][-2:] != "政府" for f in n if len(f) >= 2 and f[-1] != "府")
    return found, named, heads


def _named_through(norm: str, start: int, heads: frozenset[str]) -> bool:
    """Whether a body's name at ``start`` ends a longer name of a city's or county's (臺北市政府 + 消防局, 北市 +
    消防局), not after a connector, a stop, a word such as a festival's (農曆新年消防局…, a headline) or another body
    that is no government (海关食环署, a headline's pair with its 與 left out)."""
    before = range(2, min(start, 12) + 1)
    return (start > 0 and norm[start - 1] in "市县府"
            and not any(norm[start - n : start] in heads for n in before))


def read_regions(path: Path, jurisdictions: dict[str, JurisdictionRef]) -> dict[str, tuple[str, ...]]:
    """Region code -> words that only its reports write (行政院, 新臺幣; 特區政府), in both scripts."""
    table = Table(path, ("code", "markers", "note"))
    found: dict[str, tuple[str, ...]] = {}
    for line, row in table.rows():
        table.need(line, row, "code", "markers")
        code = row["code"]
        if code not in jurisdictions or jurisdictions[code].parent is not None:
            raise table.error(line, f"{code!r} is not a jurisdiction without a parent (cn or a region)")
        if code in found:
            raise table.error(line, f"code {code!r} is listed twice")
        found[code] = both_scripts(split_cell(row["markers"]))
    return found
