"""Bodies named in lists (``区委宣传部、发改局……等21家成员单位``): bare names resolved against the report's level.

A run of items separated by ``、`` (or by an ellipsis, which stands for items left out) is a list of bodies when one
of its items is an agency already found, or when it closes with ``等…单位/部门``. Then every other item that is
written as a body's name (a standard suffix, no word of quantity such as 各 or 有关 in front) is an agency of the
report's own level: ``发改局`` in a district's report is its ``区发改局``, curated when the reference data knows that
form. Items that are not names stay out, and the list goes on after them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial

from kg.ingest.institutions import CENTRES
from kg.ingest.leads import CONCERNED, DUTY_UNITS, JOINING, LEADS, NUMBER
from kg.ingest.list_place import NATIONAL_PREFIXES, list_place
from kg.ingest.mentions import AUTHORITY_LEAD, LEADER_TITLE, Mention
from kg.ingest.org_heads import is_org_name, org_mention
from kg.ingest.places import government_name
from kg.ingest.script import HAN
from kg.ingest.stems import ALL_STEMS, LEVEL_WORD, stem_body
from kg.ingest.suffixes import TOWN_UNITS

__all__ = ["NAME", "NAME_LEAD", "is_name", "list_mention", "listed_agencies"]

_STOP = r"，,。；;：:！!？?\s()（）“”\"《》「」【】"
# the party committee's departments written bare in a place's list (宣传部: its 县委宣传部)
_PARTY_BARE = "宣传部|组织部|统战部|网信办"
_SEP = re.compile(r"[、…⋯]+")  # 、 between items; an ellipsis (应急局……区总工会) stands for items left out
# …and a word that joins bodies (宣教办配合工会、妇联: three items), with the word for the bodies concerned it may
# put before their names (整合相关单位警察局、消防局: the first item is 警察局)
_ITEM_SEP = re.compile(rf"[、…⋯]+|(?:{JOINING})(?:{CONCERNED})?")
_RUN = re.compile(rf"[^、…⋯{_STOP}]+(?:[、…⋯]+[^、…⋯{_STOP}]+)+")
NAME = re.compile(
    rf"[{HAN}]{{1,12}}?(?:局|委员会|委|办公室|办|厅|总工会|工会|妇联|科协|残联|工商联|红十字会|法院|检察院|大队|支队|"
    rf"宣传部|组织部|统战部|武装部|中队|服务中心|管理中心|指挥中心|监测中心|检测中心|检验中心|媒体中心|海关)"
    rf"|[{HAN}]{{0,12}}?(?:{TOWN_UNITS}|{CENTRES})"
)
# mass organisations, courts and the party committee's departments, written without a prefix
_SHORT = re.compile(rf"(?:总工会|妇联|科协|残联|工商联|团委|红十字会|人民法院|人民检察院|法院|检察院|{_PARTY_BARE})")
# Words of quantity or scope in front (各县区质监局, 有关部门, 区直各委办局): many bodies or none, not one.
_NOT_NAME = re.compile(r"各|相关|有关|其他|其它|其余|所有|部分|多个|全|本|辖区|下属|所属|直属|[省市县区][直属]")
# Words ending like a body that are not one: verbs in 办, halls, and 局 as in 格局 (not 文广新局, 文体新局: bureaus).
_NOT_END = re.compile(
    r"(?:[督承主协举创开兴代交查帮领包试合筹操停申通]办|[大展餐营业门]厅|(?:[格大布开结全变]|(?<![广体])新)局)$"
)
# 等单位, 等部门, 等21家成员单位, 等质量强县成员单位 (the members of a named body)
_CLOSE = re.compile(  # …and 等市直相关部门, 等县直单位 (the place's own departments)
    rf"等\s*{NUMBER}?\s*(?:[{HAN}]{{0,6}}?成员|(?:[省市县区][直属])?相关|[省市县区][直属]|重点)?(?:单位|部门|机关|职能部门)"
)
# A list after a plan's label for the bodies charged (组织单位：各乡镇人民政府、总工会): its items are bodies.
_AFTER_DUTY = re.compile(rf"{DUTY_UNITS}\s*\Z")
# A close after a last item that is not written as a body's name (…、广电传媒中心等单位): the list is still closed.
_CLOSE_LATER = re.compile(rf"[^、…⋯等{_STOP}]{{1,12}}?(?={_CLOSE.pattern})")
# A close that calls every item a department (等近30个部门, 等 9 个部门, 等职能部门, 等相关职能部门), not 等单位, which
# may hold firms and schools.
_DEPARTMENTS = re.compile(rf"等\s*{NUMBER}?\s*(?:相关)?(?:职能)?(?:部门|机关)")
_TAIL = re.compile(  # …、派出所民警走上街头: the last item's staff act for it
    r"民警|干警|(?:工作|执法)人员|等|和|及|与|共同|联合|会同|协同|分别|参加|参与|开展|组织|举办|召开|将|也|还|均|在|对|于|为|负责|牵头|主办|承办|协办|配合"
)
# A name that states its level already (区总工会, 团区委) or its town or street (菜溪镇社会治理办).
_LEVEL = re.compile(rf"[省县区团镇]|乡(?![村镇])|街道|市(?!场)|[{HAN}]{{1,4}}?(?:镇|乡|街道)(?!府|政府)")
_AND = re.compile(r"以及|和|及|与")
_IN_WORD = re.compile(rf"[{HAN}][(（][^()（）]{{1,2}}[)）]$")  # a bracket inside a word: 村(居)委会, not （一）
NAME_LEAD = re.compile(
    r"的|了|在|对|向|从|把|被|将|于|以及|以来|以|等|由|经由|作为|开展|组织|举办|召开|联合|会同|协同|配合|指导|牵头|邀请|发动|动员|期间|结合|主要有|"
    + AUTHORITY_LEAD + "|" + LEADS
)


def listed_agencies(
    norm: str, agencies: list[Mention], prefix: str, forms: Mapping[str, str], year: int | None = None
) -> list[Mention]:
    """``agencies`` and the bodies named beside them in lists, in text order.

    ``prefix`` is the report's own level prefix (区, 县, 市, 省; empty for a national report); ``forms`` the report's
    agency forms, so a bare name whose prefixed form is curated (物价局 -> 省物价局) is that agency; ``year`` the
    campaign's, which names a bureau written by a stem of its time (卫生 in 2012: 卫生局).

    >>> known = [Mention("agency", "区委宣传部", 0, 5, False)]
    >>> [(m.key, m.start, m.end) for m in listed_agencies("区委宣传部、发改局、各街道等单位参加", known, "区", {})]
    [('区委宣传部', 0, 5), ('区发改局', 6, 9)]
    """
    covered = bytearray(len(norm) + 1)
    for m in agencies:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    starts = {m.start: m for m in agencies}
    ends = {m.end: m for m in agencies}
    found = list(agencies)
    known_keys = {m.key for m in agencies if not m.curated}
    for run in _RUN.finditer(norm):
        start = run.start()
        if _IN_WORD.search(norm, max(0, start - 5), start):  # its first item ends a word: 各村(居)委会
            start = _SEP.search(norm, start).end()  # type: ignore[union-attr]  # a run holds a separator
        own = list_place(norm, start, run.end(), starts, prefix)
        known, spans, end = _items(norm, start, run.end(), starts, ends, covered, partial(_names_body, own, forms))
        if short := _short_items(norm, start, run.end(), starts, covered):
            spans = short
        elif not (known or _CLOSE.match(norm, end) or _CLOSE_LATER.match(norm, end)
                  or _AFTER_DUTY.search(norm, max(0, start - 12), start) or _all_names(norm, start, end, spans)):
            continue
        first = min([spans[0][0], *(s for s in starts if start <= s < run.end())]) if short and not own else -1
        level = LEVEL_WORD.match(norm, first) if first >= 0 else None  # 县民政、国土…: each item the 县's
        for s, e in spans:
            stem = stem_body(norm[s:e], level.group() if level else own, known_keys, forms, year) if short else None
            named = level.group() if level else own
            mention = Mention("agency", stem[0], s, e, stem[1]) if stem else list_mention(norm[s:e], s, e, named, forms)
            found.append(mention)
            covered[s:e] = b"\x01" * (e - s)
    return sorted(found, key=lambda m: m.start)


def _names_body(own: str, forms: Mapping[str, str], text: str) -> bool:
    """Whether a list item names a body: one written as a body's name, or one the reference data knows with the
    list's place in front (教委 after 市民委: 市教委) or, in a list of the nation's bodies, as the nation's (文化部)."""
    return _is_item(text) or (
        len(text) >= 2 and not _NOT_NAME.match(text)
        and any(p + text in forms for p in ((own,) if own else NATIONAL_PREFIXES))
    )


def _items(
    norm: str, start: int, end: int, starts: dict[int, Mention], ends: dict[int, Mention], covered: bytearray,
    is_item: Callable[[str], bool],
) -> tuple[bool, list[tuple[int, int]], int]:
    """Whether the run names a known agency, the spans of the other items that are names, and where the list ends."""
    bounds: list[tuple[int, int]] = []
    s = start
    if closed := _CLOSE.search(norm, start, end):  # the list ends where it is closed, before a joining word after it
        end = closed.start()
    for sep in _ITEM_SEP.finditer(norm, start, end):
        bounds.append((s, sep.start()))
        s = sep.end()
    bounds.append((s, end))
    known = False
    spans: list[tuple[int, int]] = []
    first_s, first_e = bounds[0]
    if first_e in ends and ends[first_e].start >= first_s:
        known = True
    else:
        lead = first_s
        for word in NAME_LEAD.finditer(norm, first_s, first_e - 1):
            lead = word.end()
        if is_item(norm[lead:first_e]) and covered.find(1, lead, first_e) < 0:
            spans.append((lead, first_e))
    for s, e in bounds[1:-1]:
        if s in starts and starts[s].end == e:
            known = True
        elif covered.find(1, s, e) < 0 and is_item(norm[s:e]):
            spans.append((s, e))
    s, e = bounds[-1]
    while True:
        if s in starts:
            known, pos = True, starts[s].end
        elif (pos := _head(norm, s, e, covered, is_item)) > s:
            spans.append((s, pos))
        else:
            return known, spans, s
        joined = _AND.match(norm, pos, e)
        if joined is None:
            return known, spans, pos
        s = joined.end()


def _short_items(
    norm: str, start: int, end: int, starts: dict[int, Mention], covered: bytearray
) -> list[tuple[int, int]]:
    """The items of a run the text closes as departments (县住建、交通、总工会等20余个部门) that are not agencies
    already: every one is a department even when written short without its suffix. A run closed as units
    (发改、卫健、公安等10家单位), which may hold firms and schools, only when half its items or more are stems.
    None when an item is neither an agency found nor such a short name, or when the run has no such close."""
    departments = _DEPARTMENTS.search(norm, start, end + 12)
    units = departments is None or departments.start() >= end
    close = _CLOSE.search(norm, start, end + 12) if units else departments
    if close is None or close.start() >= end:
        return []
    # the items start after the last word that leads into the list (组织县住建、…; A、B组织住建、…)
    start = max((w.end() for w in NAME_LEAD.finditer(norm, start, close.start() - 1)), default=start)
    items = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^、…⋯]+", norm[start : close.start()])]
    items = [part for s, e in items for part in _joined(norm, s, e, _is_stem_or_name if units else _is_short_name)]
    spans = [(s, e) for s, e in items if not (s in starts and starts[s].end == e) and not _UTILITY.search(norm[s:e])]
    if len(items) < 2 or not all(_is_short_name(norm[s:e]) and covered.find(1, s, e) < 0 for s, e in spans):
        return []
    # closed as units, most items must be bureaus' stems or names (县民政、国土、林业、气象等单位), so the rest are too
    bare = [norm[s + bool(LEVEL_WORD.match(norm, s)) : e] for s, e in items]
    stems = sum(s in starts or is_name(norm[s:e]) or b in ALL_STEMS for (s, e), b in zip(items, bare, strict=True))
    return spans if not units or (stems >= 2 and 2 * stems >= len(items)) else []


def _all_names(norm: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether every item of the list ending at ``end`` is written as a body's name, three of them at least
    (宣传部、公安局、检察院、妇联等参加: a list of bodies though none was found before and no 等单位 closes it)."""
    return len(spans) >= 3 and len(spans) == 1 + sum(1 for _ in _ITEM_SEP.finditer(norm, start, end))


def _joined(norm: str, start: int, end: int, names: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """An item that joins two names (司法所和禁毒办; in a list closed as departments, 交通运输和公安消防) as the two
    items; any other (住房和城乡建设局) as it is."""
    named = names or is_name
    for joint in _AND.finditer(norm, start, end):
        if named(norm[start : joint.start()]) and named(norm[joint.end() : end]):
            return [(start, joint.start()), (joint.end(), end)]
    return [(start, end)]


def _is_stem_or_name(text: str) -> bool:
    return is_name(text) or stem_body(text, "", (), {}) is not None


# Utilities a report counts among 部门 (供气、供电、通信等部门): firms, no government body, and no reason to doubt the
# departments listed beside them (县发改、住建、供电、水利等部门).
_UTILITY = re.compile(r"供[电气水暖热]|燃气|电力|通信|通讯|电信|移动|联通")


def _is_short_name(text: str) -> bool:
    return is_name(text) or (
        re.fullmatch(rf"[{HAN}]{{2,5}}", text) is not None and not _NOT_NAME.match(text) and not NAME_LEAD.search(text)
    )


def _head(norm: str, start: int, end: int, covered: bytearray, is_item: Callable[[str], bool]) -> int:
    """The end of the shortest name that opens ``[start, end)`` and is followed by a list's tail; ``start`` if none."""
    for stop in range(start + 2, min(end, start + 14) + 1):
        if covered[stop - 1]:
            break
        if is_item(norm[start:stop]) and (stop == end or _TAIL.match(norm, stop)):
            return stop
    return start


# A town, township or street named alone among bodies (县禁毒办联合大像山镇、团县委…): its government.
_TOWN_ITEM = re.compile(rf"[{HAN}]{{2,4}}?(?:(?<![城村乡])镇|(?<![城])乡|街道)")


def _is_item(text: str) -> bool:
    """Whether a list item beside bodies names one: a body's name, a town's (大像山镇), not 各乡镇 or 城乡, or an
    organisation's by its head word (信息中心, 供销社, 工业大学)."""
    return is_name(text) or (_TOWN_ITEM.fullmatch(text) is not None and not _NOT_NAME.match(text)) or is_org_name(text)


def is_name(text: str) -> bool:
    if _SHORT.fullmatch(text):
        return True
    return (
        len(text) >= 3
        and NAME.fullmatch(text) is not None
        and not _NOT_NAME.match(text)
        and not _NOT_END.search(text)
        and "局" not in text[:-1]
        and "厅" not in text[:-1]
        and not LEADER_TITLE.search(text)  # 县委常委, a leader's title
        and not re.search(JOINING, text)  # 宣教办配合工会: two bodies, the word that joins them in no name
    )


def list_mention(name: str, start: int, end: int, prefix: str, forms: Mapping[str, str]) -> Mention:
    """The agency a bare name stands for in a report or list of level ``prefix``; with no prefix (a national report
    or list) a name the nation's body bears with 国家, 中央… in front (发展改革委: 国家发展改革委) is that body.

    >>> list_mention("发展改革委", 0, 5, "", {"国家发展改革委": "cn-ndrc"}).key
    'cn-ndrc'
    """
    # a customs house named by its port (防城海关) is the nation's, never the report's place's
    if is_org_name(name) and not is_name(name):  # 供销社, 沈阳工业大学: named by the head word of its kind
        return org_mention(name, start, end, prefix, forms)
    own = name if _LEVEL.match(name) or not prefix or name.endswith("海关") else prefix + name
    if prefix and re.fullmatch(_PARTY_BARE, name):  # 宣传部 in a county's list: 县委宣传部
        own = prefix + "委" + name
    elif _TOWN_ITEM.fullmatch(name) and not _NOT_NAME.match(name):  # 青石镇 among bodies: its government
        return Mention("place", government_name(name), start, end, curated=False)
    for form in (own, name) if prefix else (name, *(p + name for p in NATIONAL_PREFIXES)):
        if form in forms:
            return Mention("agency", forms[form], start, end, curated=True)
    return Mention("agency", own, start, end, curated=False)
