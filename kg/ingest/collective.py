"""Bodies of one kind named together, acting as one: 全市各县区市场监管局, 各巡视督导组, 各乡镇(街), 各县(市、区),
市安委会各成员单位, 县安委会成员单位, 省有关部门, 全市各有关部门和单位.

``全市各县区市场监管局也同步开展…``, ``由各巡视督导组分别负责`` and ``A、B和各有关部门共同…`` name no one body but
every body of a kind, and they act: one agency, labelled as written, keyed so that the same collective written two
ways (各县(市、区), 各县市区) is one body of the report. Only where they carry out, take part in or are charged with
something: at the head of a clause, or in a list there, before what they do (their verb, adverb or duty word 要).
Addressed (``各县（市、区）人民政府，省直各有关部门：``) or only mentioned (``在各县(市、区)局总结的基础上``), they are
none. A bare word of scope that names bodies already listed (各单位, 各部门; 各有关部门 acting without a scope of
its own) is a back-reference (``kg.ingest.leads.COLLECTIVE``), not one.
"""

from __future__ import annotations

import re

from kg.ingest.leads import ACTION_VERB, COLLECTIVE, LEAD_VERB
from kg.ingest.mentions import Mention
from kg.ingest.openers import BOUNDARY
from kg.ingest.script import HAN

__all__ = ["collective_bodies"]

# A place's several parts written together, bracketed or not: 乡镇, 镇街, 县市区, 县(市、区), 县(市)区, 乡镇(街),
# 乡镇办 (its townships and street offices), 村(社区), 村居, or one level alone (各县, 各市: not 各市场); 各地 (the
# places below the one that writes).
_PLACES = (
    r"(?:乡镇办|乡镇|街镇|镇街|县市区|县区|区县|市县|县市|街道|村居|村|社区|地区?|[县区镇乡]|市(?!场))"
    r"(?:[(（][^()（）\n]{1,5}[)）][区街]?)?"
)
# What makes a kind of body: its word of scope (有关, 成员, 事业 …) and a unit's head word.
_QUALIFIER = r"(?:有关|相关|成员|参与|参加|职能|事业|直属|下属|所属|内设|基层)"
_UNIT = r"(?:单位|部门|处室|科室|股室|局|所(?![有属])|组(?!织)|队|站|中心|机构|开发区|园区|委)"
# 各 and the kind: a place's parts (各乡镇, 各县(市、区)), their departments of a kind (各镇(街道)建设局), or units
# of a kind (各有关单位, 各行业主管部门, 各基层监管所), the departments of a kind at every level (各级禁毒部门); …and
# units with them (全县各乡镇各单位, 各有关部门和单位, 各地各部门).
_EACH = (
    rf"各(?:{_PLACES}(?:(?:人民)?政府|(?:(?!各)[{HAN}]){{1,8}}?{_UNIT})?|{_QUALIFIER}?(?:(?!各)[{HAN}]){{0,10}}?{_UNIT}"
    rf"|级(?:(?!各)[{HAN}]){{1,6}}?(?:部门|机关|机构))"
    rf"(?:[和及]?各?(?:单位|(?:有关|相关)?部门(?:[和及]单位)?))?"
)
# What a collective may follow and still act: the body that organises, calls or charges it (组织相关部门开展…,
# 要求各乡镇要…) or takes it along (会同各有关部门).
_TAKES = "组织|召集|要求|督促|会同|联合|协调|动员"  # each two characters: one look behind
# Its scope, before 各: the whole place (全市, 本市), the level's own (市直, 镇直, 市属, 局, 机关), a committee
# (市安委会).
_SCOPE = rf"(?:全[省市县区]|本[省市县区]|[省市县区镇乡][直属里]?|局|机关|[省市县区镇乡]?[{HAN}]{{1,4}}?委会?)"
# Where a collective may open its clause: after a stop, a list mark or a numbered item's (一), or its taker.
_OPENS_AT = rf"(?:^|(?<=[。；;！!？?\n，,：:、和与及由)）])|(?<={_TAKES}))[ \t\u3000]*"
_COLLECTIVE = re.compile(
    rf"{_OPENS_AT}({_SCOPE}?{_EACH}"
    # …or, without 各, the departments concerned, of a level or place or none (省有关部门, 市直相关部门, 某市有关部门,
    # 有关单位) and the member units of a committee (县安委会成员单位, 安委会成员单位, 市食安委有关成员单位)
    rf"|(?:全[省市县区]|(?:(?![等局厅委办和及与])[{HAN}]){{0,4}}[省市县区镇乡]直?)?(?:有关|相关)(?:部门|单位)"
    rf"|(?:[省市县区镇乡]?[{HAN}]{{1,4}}?委会?)(?:有关)?成员(?:单位|部门))"
)
# …or with the report's own place as its scope (城东街道各村居, 城步县各乡镇), found where the place's name is.
_CLAUSE_OPENS = re.compile(_OPENS_AT)
_EACH_AT = re.compile(_EACH)


def _own_hits(norm: str, own: tuple[str, ...]) -> list[tuple[int, int]]:
    """The collectives scoped by a name of the report's own place, where a clause may open."""
    found = []
    for name in filter(None, own):
        at = norm.find(name + "各")
        while at >= 0:
            each = _EACH_AT.match(norm, at + len(name))
            if each and _CLAUSE_OPENS.match(norm, at):
                found.append((at, each.end()))
            at = norm.find(name + "各", at + 1)
    return found


# A unit's bare word of scope: 各单位, 各部门, 各有关部门 … (leads.COLLECTIVE) point back at bodies listed before.
_BARE = re.compile(COLLECTIVE)
_WHOLE_BARE = re.compile(r"[^各]{1,3}各(?:单位|部门)")
# …and those with no scope or kind (有关部门, 相关单位, 成员单位, 各地, 各地各部门): they act only where their
# sentence says an act
_VAGUE = re.compile(
    rf"{COLLECTIVE}|(?:有关|相关)(?:部门|单位)|(?:有关)?成员(?:单位|部门)|各地区?(?:[和及]?{COLLECTIVE})?"
)
# …an act, not the work in general (加强组织领导)
_AN_ACT = re.compile(rf"(?:{ACTION_VERB.pattern})(?!领导)")
# Units, institutions or premises of a trade (各生产经营单位, 各医疗机构, 各场所): those a campaign reaches, not public
# bodies; a public kind is said by its word of scope or duty (各事业单位, 各有关单位, 各主管单位, 各执法机构).
_TRADE = re.compile(
    rf"各(?!{_QUALIFIER}|主管|监管|执法|责任|牵头|配合|协办|承办|主办|行政|党政|机关)"
    rf"(?:(?:(?!各)[{HAN}]){{1,10}}?(?:单位|机构)|(?:(?!各)[{HAN}]){{0,8}}?场所)"
)
# What a collective does next: its verb, adverb or time word, or its duty (要, 负责, 均); never a list's next item.
# …after the grounds it acts on and how (各县根据实际情况，将分别开展…)
_ACTS = re.compile(
    r"\s*(?:(?:根据|结合|按照|立足)[^，,。；;！!？?\n、]{1,12}?[，,]?\s*)?(?:将|也|还|都)?\s*(?:分别|同时|同步|积极|广泛|认真)?"
    rf"\s*(?:[，,]\s*(?=要))?(?:要|应当?|须|均|共同|自行|各自|协办|承办|参与|参加|分头|(?![、和与及]|负责(?:同志|人))"
    rf"(?:{LEAD_VERB.pattern}|{ACTION_VERB.pattern}|进行))"  # 组织各有关部门进行…宣传
)
_DUTY = re.compile(r"\s*(?:[，,]\s*)?(?:要|应当?|须|负责(?!同志|人)|均|共同)")
_JOIN = "、和及与"
# Bodies a collective is listed with that no table knows (…及生产经营单位, …、街道、重点单位): the list ends with a
# unit (not 企业: 各乡镇、企业共组织… counts what was done in the places, it names no acting body).
_OTHERS = re.compile(rf"(?:[{_JOIN}][{HAN}]{{1,8}}?){{0,3}}[{_JOIN}][{HAN}]{{0,8}}?(?:单位|部门|机构)")
# What may stand before a collective's 、 and still open its clause: a numbered heading (三、), a role taken with it
# (县安委办主办、县安委会成员单位协办).
_OPENS = re.compile(r"(?:^|[\n。；;，,：:])\s*[一二三四五六七八九十\d]{1,3}$|(?:主办|承办|协办|指导|支持)$")


def collective_bodies(norm: str, agencies: list[Mention], own: tuple[str, ...] = ()) -> list[Mention]:
    """``agencies`` and the collectives that act, in text order (mentions inside an acting collective give way).

    >>> [m.key for m in collective_bodies("当日，全市各县区市场监管局同步开展宣传。", [])]
    ['各县区市场监管局']
    >>> [m.key for m in collective_bodies("县里启动仪式，各乡镇在辖区同步开展活动；各乡镇、企业共组织宣传。", [])]
    ['各乡镇']
    >>> [m.key for m in collective_bodies("各县(市、区)政府要总结，各县区将开展活动。", [])]
    ['各县市区', '各县市区']
    >>> [m.key for m in collective_bodies("各县人民政府，市直各有关部门：", [])]
    []
    >>> [m.key for m in collective_bodies("各生产经营单位要落实责任，各事业单位、全县各乡镇各单位要配合。", [])]
    ['各事业单位', '各乡镇各单位']
    >>> [m.key for m in collective_bodies("（一）各乡镇在主要街道悬挂横幅。", [])]
    ['各乡镇']
    >>> [m.key for m in collective_bodies("此外，城东街道各村居积极开展宣教。", [], ("城东街道", "城东"))]
    ['各村居']
    """
    hits = [hit.span(1) for hit in _COLLECTIVE.finditer(norm)]
    if own_hits := _own_hits(norm, own):  # the place's own scope before what the generic reading found
        hits = sorted([*own_hits, *(h for h in hits if not any(s <= h[0] < e for s, e in own_hits))])
    items = sorted([*hits, *((m.start, m.end) for m in agencies)])
    ends = {e: s for s, e in items}
    starts = {s: e for s, e in items}
    found: list[Mention] = []
    for start, end in hits:
        if any(m.start < start < m.end or m.start < end < m.end for m in agencies):
            continue
        # 各单位, 各部门 point back at the bodies named last before them (in their line, else in the line before);
        # 各有关部门 too, unless charged with a duty or listed with others. Where those are fewer than two, they point
        # back at none: a collective.
        listed = norm[end : end + 1] in _JOIN or norm[start - 1 : start] in _JOIN
        if _WHOLE_BARE.fullmatch(norm, start, end) or _TRADE.search(norm, start, end):  # 全区各部门: no kind
            continue
        if (
            (bare := _BARE.fullmatch(norm, start, end))
            and (len(bare.group()) == 3 or not (_DUTY.match(norm, end) or listed))
            and _named_before(norm, start, agencies) >= 2
        ):
            continue
        if _VAGUE.fullmatch(norm, start, end) and not _AN_ACT.search(norm, end, _sentence_end(norm, end)):
            continue  # 各单位要加强领导, 各地要加强组织领导: a duty in general, no act
        if _acting(norm, start, end, starts, ends):
            written = norm[start:end]
            scope = next((n for n in own if n and written.startswith(n + "各")), "")  # the report's place: its own
            found.append(Mention("agency", _key(written[len(scope):]), start, end, curated=False))
    if not found:
        return agencies
    kept = [m for m in agencies if not any(f.start <= m.start and m.end <= f.end for f in found)]
    return sorted([*kept, *found], key=lambda m: m.start)


def _acting(norm: str, start: int, end: int, starts: dict[int, int], ends: dict[int, int]) -> bool:
    """True when the collective at ``[start, end)``, alone or in a list of bodies, goes on with what it does."""
    at = start  # back over the list's earlier items: each a body or collective
    while at > 0 and norm[at - 1] in _JOIN:
        if (before := ends.get(at - 1)) is None:
            # 企业、各乡镇: a list of what is no body
            if at == start and norm[at - 1] == "、" and not _OPENS.search(norm, max(0, at - 6), at - 1):
                return False
            break
        at = before
    at = end  # on over its later items, to what they do
    while True:
        if _ACTS.match(norm, at):
            return True
        if at < len(norm) and norm[at] in _JOIN and (after := starts.get(at + 1)) is not None:
            at = after
            continue
        others = _OTHERS.match(norm, at)
        return others is not None and _ACTS.match(norm, others.end()) is not None


def _named_before(norm: str, at: int, agencies: list[Mention]) -> int:
    r"""How many bodies the line holding ``at`` names before it; when none, how many the line before names (blank
    lines skipped).

    >>> a, b, c = (Mention("agency", k, s, s + 2, False) for k, s in (("a", 0), ("b", 3), ("c", 9)))
    >>> _named_before("甲局、乙局参加。\n\n活动中，各单位宣传。", 14, [a, b])  # the line before, past a blank one
    2
    >>> _named_before("甲局、乙局参加。\n丙局设置展台，各单位宣传。", 17, [a, b, c])  # its own line names one
    1
    """
    own = norm.rfind("\n", 0, at) + 1
    if count := sum(own <= m.start < at for m in agencies):
        return count
    end = own - 1
    while end > 0 and not norm[norm.rfind("\n", 0, end) + 1 : end].strip():
        end = norm.rfind("\n", 0, end)
    start = norm.rfind("\n", 0, end) + 1 if end > 0 else 0
    return sum(start <= m.start < max(end, 0) for m in agencies)


def _sentence_end(norm: str, at: int) -> int:
    """Where the sentence going on at ``at`` ends (its stop, or the text's end)."""
    return min((i for i in (norm.find(c, at) for c in BOUNDARY) if i >= 0), default=len(norm))


def _key(written: str) -> str:
    """A collective keyed without its brackets and list marks, so that 各县(市、区) and 各县市区 are one, without the
    word for the places' governments (各县区政府 act as 各县区 do), and a place's parts one way (各县区, 各县市区)."""
    if written[:1] in "全本":  # 全市各县区, 本市各区县 are the city's 各县区, labelled so (its key ends its name)
        return written[2:]
    key = re.sub(r"[\s()（）、]|(?:人民)?政府$", "", written)
    return _SAME[key[1]] if _SAME_PLACES.fullmatch(key) else key


# The parts of a place named together, one way: a city's counties, county-level cities and districts (各县区,
# 各县市区, 各区县), a county's townships and streets (各乡镇街, 各镇街, 各街镇, 各乡镇街道).
_SAME_PLACES = re.compile(r"各(?:县市区|县区|区县|县市|市县|乡镇街道|乡镇街|镇街道|镇街|街镇)")
_SAME = dict.fromkeys("县区市", "各县市区") | dict.fromkeys("乡镇街", "各乡镇街道")
