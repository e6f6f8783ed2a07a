"""The report's own unlisted bodies written bare (应急管理局 in a district's report that also writes 区应急管理局) or by
its place's stem (鹤鸣消防救援大队 in 鹤鸣区's report)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.campaign import LEVEL_PREFIXES, Place
from kg.ingest.mentions import LEAD_WORDS, Mention, MentionIndex
from kg.ingest.roles import CONNECTOR
from kg.ingest.script import HAN
from kg.ingest.suffixes import CONGRESS, GOVERNMENT

__all__ = [
    "bare_own_bodies", "counted_departments", "level_self_references", "own_governments", "own_stem_bodies",
    "self_references", "that_bodies",
]

# The report's own government written short before one of its departments: 县府财经处, 市府社会局.
_GOVERNMENT = re.compile(r"[县市]府(?=[^府])")
# A government written by its level alone (乡政府将组织…), which ``agency_mentions`` reads into a longer candidate
# (乡政府将组织对村干部) and drops, after a stop, a connector or 由/经.
_LEVEL_GOVERNMENT = re.compile(rf"(?:(?<![{HAN}])|(?<=[由经、和与及]))[省市县区镇乡]{GOVERNMENT}")
# A bare name right after one of these belongs to another body (市应急管理局, 镇应急管理局 …), not the report's own,
# and after 各 it names many (各派出所).
_OTHER_PLACE = "省市县区州旗盟镇乡国部各"


def bare_own_bodies(norm: str, agencies: list[Mention], place: Place) -> list[Mention]:
    """``agencies`` and the bare mentions of the report's own unlisted bodies, in text order.

    A body the text names with the report's own prefix (区应急管理局, or 溧水区应急管理局 in 溧水区's report) is the
    body meant where the same name is written without a prefix; a bare name the text never prefixes stays unknown.
    The bare mention's key is the prefixed one, so it becomes the same agency.

    >>> place = Place("li-shui-qu", "county", "溧水区")
    >>> found = [Mention("agency", "区应急管理局", 0, 6, False)]
    >>> [(m.key, m.start) for m in bare_own_bodies("区应急管理局检查，应急管理局和镇应急管理局联合", found, place)]
    [('区应急管理局', 0), ('区应急管理局', 9)]
    """
    own: dict[str, str] = {}  # bare name -> the key of its first prefixed mention
    for m in agencies:
        if m.curated:
            continue
        if place.name and m.key.startswith(place.name):
            bare = m.key[len(place.name) :]
        elif head := _GOVERNMENT.match(m.key):  # 县府财经处 (a Taiwan county's department) is 财经处 later on
            bare = m.key[head.end() :]
        elif m.key[0] in LEVEL_PREFIXES[place.level]:
            bare = m.key[1:]
        else:
            continue
        if len(bare) >= 3:
            own.setdefault(bare, m.key)
    if not own:
        return agencies
    covered = bytearray(len(norm) + 1)
    for m in agencies:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    found = list(agencies)
    pattern = re.compile("|".join(sorted(map(re.escape, own), key=len, reverse=True)))
    for hit in pattern.finditer(norm):
        start, end = hit.span()
        if covered.find(1, start, end) >= 0 or (start and norm[start - 1] in _OTHER_PLACE):
            continue
        found.append(Mention("agency", own[hit.group()], start, end, curated=False))
        covered[start:end] = b"\x01" * (end - start)
    return sorted(found, key=lambda x: x.start)


_SELF = re.compile(r"本(署|局|处|部|会|院|委|厅)|(署|局)方|我(局|处|委|厅|办)")


def self_references(
    norm: str, agencies: list[Mention], parents: Mapping[str, tuple[str, str]] | None = None
) -> list[Mention]:
    """``agencies`` and the body speaking of itself: 本署, 本局, 本會, 署方 … is the first listed body the text names
    whose name, as written, ends in that character (the body that issues the release names itself first). 我局,
    我委 … in a mainland body's own report is that body, named in its title or source line, or later in the text
    when the report speaks of itself first: the first body before it whose name ends so, else the first after it.
    A report that speaks of itself before naming any such body, and names units of one body bare (情報廳, 特警隊:
    ``parents`` maps a listed unit's key to its parent's key and Simplified name), is that body's, not that of a
    body named later (本局… 情報廳…聯同勞工事務局…: 治安警察局), and so is 本局 written again later.

    >>> units = [Mention("agency", "mo-psp-intel", 5, 8, True), Mention("agency", "mo-dsal", 11, 16, True)]
    >>> parents = {"mo-psp-intel": ("mo-psp", "治安警察局")}
    >>> [m.key for m in self_references("本局接报。情报厅联同劳工事务局稽查。本局移送", units, parents)]
    ['mo-psp', 'mo-psp-intel', 'mo-dsal', 'mo-psp']

    >>> found = [Mention("agency", "hk-cc", 0, 3, True)]
    >>> [(m.key, m.start) for m in self_references("消委会表示，本会将联同…", found)]
    [('hk-cc', 0), ('hk-cc', 6)]
    >>> found = [Mention("agency", "青溪县农业局", 18, 24, False)]
    >>> [(m.key, m.start) for m in self_references("为开展好此次活动，我局及时召开会议。青溪县农业局还…", found)]
    [('青溪县农业局', 9), ('青溪县农业局', 18)]
    >>> partner = [Mention("agency", "x", 3, 9, False)]
    >>> [(m.key, m.start) for m in self_references("我局与青溪县农业局联手开展宣传。", partner)]
    [('x', 3)]
    """
    found = list(agencies)
    speakers: dict[str, Mention] = {}  # 局 -> the parent of bare units, once it spoke of itself as 本局
    for hit in _SELF.finditer(norm):
        if any(m.overlaps(hit.start(), hit.end()) for m in agencies):
            continue
        ours = hit.group(3) is not None  # 我局: the report's own body, listed or not
        last = hit.group(1) or hit.group(2) or hit.group(3)
        # an unlisted body too when it is the only one whose name ends so (本局 and 「花莲县政府消防局…站」 later)
        alone = {m.key for m in agencies if _ends(norm, m, last)}
        named = [m for m in agencies if (m.curated or ours or len(alone) == 1) and _ends(norm, m, last)]
        own = speakers.get(last) or next((m for m in named if m.end <= hit.start()), None)
        if own is None and len(bare := _bare_units_parents(norm, agencies, parents or {}, last)) == 1:
            own = speakers[last] = Mention("agency", bare.pop(), hit.start(), hit.end(), curated=True)
        if own is None and (ours or len(alone) == 1):  # not the partner it names next (我局与A局联手): another body
            own = next((m for m in named if m.start >= hit.end()
                        and not CONNECTOR.fullmatch(norm, hit.end(), m.start)), None)
        if own is not None:
            found.append(Mention("agency", own.key, hit.start(), hit.end(), curated=own.curated))
    return sorted(found, key=lambda x: x.start)


# A body written as 該 and the end of its name (該分局, 該局, 該署, 該處, 該中心): one named before it.
_THAT = re.compile(r"该(分局|分署|局|署|处|中心|大队|队)")


def that_bodies(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` with 該分局, 該局 … as the nearest body named before it whose name, as written, ends so (in
    place of what was read there: 該分局 is no body of its own); left as found when none does.

    >>> a = Mention("agency", "标准检验局台南分局", 0, 9, False)
    >>> [(m.key, m.start) for m in that_bodies("标准检验局台南分局会同查核。该分局另购样检验", [a])]
    [('标准检验局台南分局', 0), ('标准检验局台南分局', 14)]
    """
    out = list(agencies)
    for hit in _THAT.finditer(norm):
        start, end = hit.span()
        if any(m.curated and m.overlaps(start, end) for m in agencies):
            continue
        named = [m for m in agencies if m.end <= start and norm[m.start : m.end].endswith(hit.group(1))
                 and not _THAT.fullmatch(norm, m.start, m.end)]
        if named:
            own = max(named, key=lambda m: m.end)
            out = [m for m in out if not m.overlaps(start, end)]
            out.append(Mention("agency", own.key, start, end, curated=own.curated))
    return sorted(out, key=lambda x: x.start)


def _bare_units_parents(
    norm: str, agencies: list[Mention], parents: Mapping[str, tuple[str, str]], last: str
) -> set[str]:
    """The parents, whose names end in ``last``, of the listed units the text names without them."""
    return {
        parents[m.key][0] for m in agencies
        if m.key in parents and parents[m.key][1].endswith(last) and parents[m.key][1] not in norm[m.start : m.end]
    }


def _ends(norm: str, m: Mention, last: str) -> bool:
    """Whether the body's name, as written, ends in ``last``: 我委 is a 委 or a 委员会 (省卫生健康委员会)."""
    return norm[m.end - 1] == last or (last == "委" and norm.endswith("委员会", m.start, m.end))


# 市局, 县局 where a name starts (市局稽查支队, 由县局牵头): the bureau of that level the report speaks for.
_LEVEL_SELF = re.compile(rf"(?:^|(?<=[^{HAN}])|(?<=[、和与及由同]))([省市县区])局(?![长面势])")


def level_self_references(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` with ``市局``, ``县局`` … (and a unit written after it, 市局稽查支队, which acts for it) as the
    first bureau the text names at that level, the one whose report it is; left as found when the text names none.

    >>> found = [Mention("agency", "青禾市市场监管局", 0, 8, False), Mention("agency", "市局稽查支队", 9, 15, False)]
    >>> [(m.key, m.start, m.end) for m in level_self_references("青禾市市场监管局，市局稽查支队检查，市局", found)]
    [('青禾市市场监管局', 0, 8), ('青禾市市场监管局', 9, 15), ('青禾市市场监管局', 18, 20)]
    """
    found = list(agencies)
    for hit in _LEVEL_SELF.finditer(norm):
        level, start = hit.group(1), hit.start(1)
        own = next((m for m in agencies if m.start != start and norm[m.end - 1] == "局"
                    and level in norm[m.start : m.end - 1] and not _LEVEL_SELF.match(norm, m.start)), None)
        if own is None:
            continue
        inside = [m for m in found if m.overlaps(start, hit.end())]
        if any(m.start != start for m in inside):
            continue  # 局 inside another name
        end = max((m.end for m in inside), default=hit.end())
        found = [m for m in found if m not in inside] + [Mention("agency", own.key, start, end, own.curated, hit.end())]
    return sorted(found, key=lambda x: x.start)


# The report's own departments counted after the body they join (A协同22个市级部门…): one collective body.
_COUNTED = re.compile(
    r"\s*(?:协同|联合|会同|携手)\s*(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*[个家]\s*([市县区])级(?:相关|有关)?部门"
)


def counted_departments(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the counted departments of the report's own level that a body acts with (22个市级部门),
    as one body keyed by its level (市22个市级部门).

    >>> found = [Mention("agency", "资阳市生态环境局", 0, 8, False)]
    >>> [(m.key, m.start, m.end) for m in counted_departments("资阳市生态环境局协同22个市级部门开展", found)][1:]
    [('市22个市级部门', 10, 17)]
    """
    found = list(agencies)
    for m in agencies:
        if counted := _COUNTED.match(norm, m.end):
            start = counted.start(1)
            found.append(Mention("agency", counted.group(2) + norm[start : counted.end()], start, counted.end(), False))
    return sorted(found, key=lambda x: x.start)


def own_governments(norm: str, agencies: list[Mention], forms: Mapping[str, str] | None = None) -> list[Mention]:
    """``agencies`` and the governments written by their level alone that no mention covers (乡政府, 区政府), keyed as
    written: the report's own place's, or the one it lies in, as 县教育局 is; and a government written bare after its
    place's party committee (白沙镇党委、政府; 镇党委政府), keyed by the committee's place (白沙镇政府), curated where
    ``forms`` know that name.

    >>> [(m.key, m.start) for m in own_governments("乡政府将组织对村干部培训；经乡政府领导办公会研究", [])]
    [('乡政府', 0)]
    >>> found = [Mention("agency", "白沙镇党委", 0, 5, False)]
    >>> [(m.key, m.start, m.end) for m in own_governments("白沙镇党委、政府高度重视", found)][1:]
    [('白沙镇政府', 6, 8)]
    """
    index = MentionIndex(agencies)
    found = [Mention("agency", g.group(), *g.span(), curated=False) for g in _LEVEL_GOVERNMENT.finditer(norm)
             if not index.overlapping(*g.span())]
    for m in agencies:
        committee = _COMMITTEE.fullmatch(norm, m.start, m.end)
        after = _AFTER_COMMITTEE.match(norm, m.end) if committee else None
        if committee and after and not index.overlapping(after.start(1), after.end()):
            name = (committee.group("place") or committee.group("level")) + "政府"
            key = (forms or {}).get(name)
            found.append(Mention("agency", key or name, after.start(1), after.end(), curated=key is not None))
    return sorted(agencies + found, key=lambda m: m.start) if found else agencies


# A place's party committee as written (白沙镇党委, 中共白沙镇党委, 县委; not 团县委, 民盟市委, 公司党委), and its
# government written bare after it (、政府; 政府).
_COMMITTEE = re.compile(rf"(?:中共)?(?P<place>[{HAN}]{{0,6}}?(?:[省市县区镇乡]|街道))党委|(?P<level>[省市县区镇乡])委")
_AFTER_COMMITTEE = re.compile(rf"[、和及与]?({GOVERNMENT})")


# A body named by the stem of the report's own place (鹤鸣消防救援大队 in 鹤鸣区's report; 大鹏公安, the police of
# 大鹏新区): not a place of its own (鹤鸣镇…), not a leader (…局长).
_OWN_LEVEL = re.compile(r"(?:新区|县|区|市)$")
_OWN_STEM_BODY = re.compile(
    # …and its mass organisations (城步科协) and its people's congress or consultative conference (临武人大)
    rf"(?![县区市镇乡街村州省新])(?:科协|总工会|妇联|残联|工商联|红十字会|{CONGRESS}"
    rf"|[{HAN}]{{0,8}}?(?:局|委|办|大队|支队)|公安(?![局厅部处分机]))(?![长员门])"
)
_BEFORE_STEM = re.compile(rf"(?:^|[^{HAN}]|[、和与及]|(?:{LEAD_WORDS.pattern}))$")


def own_stem_bodies(norm: str, agencies: list[Mention], name: str, forms: Mapping[str, str]) -> list[Mention]:
    """``agencies`` and the bodies named by the stem of the report's own county, district or city ``name``, keyed by
    its full name (鹤鸣区消防救援大队; a stem's 公安 is its 公安局), curated when ``forms`` know that name, or as
    the report wrote the same body with its level word before (区科协 … 鹤鸣科协: one body).

    >>> found = own_stem_bodies("区应急局联合鹤鸣消防救援大队、鹤鸣镇政府办", [], "鹤鸣区", {})
    >>> [(m.key, m.start, m.end) for m in found]
    [('鹤鸣区消防救援大队', 6, 14)]
    >>> [m.key for m in own_stem_bodies("为办好活动，鹤鸣科协联合区教育局开展", [], "鹤鸣区", {})]
    ['鹤鸣区科协']
    >>> known = [Mention("agency", "区科协", 0, 3, False)]
    >>> [m.key for m in own_stem_bodies("区科协承办。鹤鸣科协组织", known, "鹤鸣区", {})]
    ['区科协', '区科协']
    """
    stem = _OWN_LEVEL.sub("", name)
    if len(stem) < 2 or "自治" in name:
        return agencies
    covered = bytearray(len(norm) + 1)
    for m in agencies:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    found = list(agencies)
    for hit in re.finditer(re.escape(stem), norm):
        body = _OWN_STEM_BODY.match(norm, hit.end())
        if (body is None or covered.find(1, hit.start(), body.end()) >= 0 or LEAD_WORDS.search(body.group())
                or not _BEFORE_STEM.search(norm, max(0, hit.start() - 4), hit.start())):
            continue
        key = name + (body.group() + "局" if body.group() == "公安" else body.group())
        key = next((m.key for m in agencies if m.key == name[-1] + key[len(name):]), key)  # 县科协 written before
        found.append(Mention("agency", forms.get(key, key), hit.start(), body.end(), curated=key in forms))
    return sorted(found, key=lambda m: m.start)
