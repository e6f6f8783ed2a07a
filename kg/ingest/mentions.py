"""Mentions of named things in a report's Simplified text (``norm``), the form matcher, and the agency recogniser."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kg.ingest.branches import branch_after
from kg.ingest.divisions import division_names
from kg.ingest.forms import patterns_for
from kg.ingest.institutions import at_venue
from kg.ingest.leads import LEADS
from kg.ingest.script import HAN, is_han
from kg.ingest.suffixes import AGENCY_PREFIX, MASS, OFFICE_AGENCY, OFFICES, UNCURATED_AGENCY
from kg.ingest.titles import after_title

__all__ = [
    "AUTHORITY_LEAD", "LEADER_TITLE", "LEAD_WORDS",
    "DocumentMention", "Mention", "MentionIndex", "agency_mentions", "longest_matches",
]

# Every recogniser (here, and in products, documents and initiatives) reads the report's text in Simplified script
# (``norm``, the same length as the cleaned text, so offsets carry over unchanged) and returns code-point spans.


@dataclass(frozen=True)
class Mention:
    """A name found in the text: ``key`` is a curated slug when ``curated``, else the Simplified surface form;
    ``named``, where the body's own name ends when a unit acting for it follows (市应急管理局 of 市应急管理局危化科)."""

    kind: str
    key: str
    start: int
    end: int
    curated: bool
    named: int | None = field(default=None, compare=False)

    def overlaps(self, start: int, end: int) -> bool:
        """True when this mention shares a character with ``[start, end)``."""
        return self.start < end and start < self.end


@dataclass(frozen=True)
class DocumentMention:
    """A cited document: its title span (without 《》) and, when printed right after it, its number's span.

    ``issuers`` are the bodies the text names as issuing it (``市场监管总局《…》``); ``issued`` says that, with none
    named, the agencies of the statement that cites it issued it (``省民政厅印发《…》``). ``alias`` is the span of
    the short name the text cites it by here (``《通知》`` for a title given before, ``以下简称《通知》``).
    """

    start: int
    end: int
    number: tuple[int, int] | None = None
    issued: bool = field(default=False, compare=False)
    issuers: tuple[Mention, ...] = field(default=(), compare=False)
    alias: tuple[int, int] | None = field(default=None, compare=False)


class MentionIndex:
    """Mentions in text order, looked up by position with bisection, so a statement finds its own without a scan.

    >>> index = MentionIndex([Mention("a", "x", 0, 3, True), Mention("a", "y", 5, 9, True)])
    >>> [m.key for m in index.starting(0, 5)], [m.key for m in index.overlapping(4, 6)]
    (['x'], ['y'])
    """

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = mentions
        self._starts = [m.start for m in mentions]
        self._longest = max((m.end - m.start for m in mentions), default=0)

    def starting(self, start: int, end: int) -> Sequence[Mention]:
        """The mentions that start in ``[start, end)``, in text order."""
        return self.mentions[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """The mentions that share a character with ``[start, end)``, in text order."""
        return [m for m in self.starting(start - self._longest, end) if m.overlaps(start, end)]


def longest_matches(
    norm: str, forms: Mapping[str, str], kind: str, *, start: int = 0, end: int | None = None, curated: bool = True
) -> list[Mention]:
    """Every non-overlapping occurrence of a surface form, leftmost first and, at one place, the longest.

    The forms are found in one pass by the table's automaton (``kg.ingest.forms``), then chosen left to right.

    >>> forms = {"市场监管局": "a", "省市场监管局": "b"}
    >>> [(m.key, m.start) for m in longest_matches("省市场监管局和市场监管局", forms, "x")]
    [('b', 0), ('a', 7)]
    """
    found: list[Mention] = []
    cursor = start
    for s, e in patterns_for(forms).spans(norm, start, end):
        if s < cursor:
            continue
        key = forms.get(norm[s:e])  # the automaton may know more forms than this table holds
        if key is not None:
            found.append(Mention(kind, key, s, e, curated))
            cursor = e
    return found


# A place or its level word before a national body's name (青竹市国家税务局, 市国家安全局) names the place's body.
_PLACE_FIRST = re.compile("[省市县区州旗盟]国家")
_LEVEL_WORDS = frozenset("省市县区州旗盟")
_GOES_ON = re.compile(r"部[门署]|委托|局[面势]|[关行]法")  # a name going on: 部门, 部署, 局面; a law: 海关法, 银行法
# The words that name the authority a body acts under (按照A的部署, 根据A的要求, 受A委托): never inside a name.
# 为落实A的通知精神 and 贯彻A的部署 cite A as the source of what the subject does, as 按照 does.
AUTHORITY_LEAD = r"按照|根据|遵照|依据|依照|受|落实|贯彻"
# Words that never occur inside an agency's name but often stand in front of one: a candidate starts after the last.
# A date's 年/月/日 (2018年盘州市农业局) is one of them, and so are a sentence's opening ordinal (一是, 二是) and
# time (今年度, 今后): 一是县安委会 names 县安委会.
LEAD_WORDS = re.compile(
    r"的有|的|了|在|对|向|从|把|被|将|于|以及|以|等|各|由|经由|作为|开展|组织|举办|召开|推进|加强|深入|走进|走访|前往|持续|发布|印发|联合|会同|协同"
    r"|(?:单位|部门)(?:有|包括)"  # 参加活动的单位有县市场监管局, 参加活动的有县…: the list's lead, not a place 单位有县
    r"|携手|联同|偕同|伙同|(?<!团)伙(?![伴食计])|[我该](?=[县市区省])|据|来自|经(?=[县市区省州])|并(?=[请和与及])|提请|(?<![申提])请|配合|指导|牵头|邀请|结合|整合|成立|设立|组建|(?<=\d)[年月日号]|[一二三四五六七八九十]是|今年度?|今后|连日来|届时|"
    + AUTHORITY_LEAD + "|" + LEADS
)
# A place named before the place whose body it is (河北省临漳县质监局): the body is named from the nearer place.
_OUTER_PLACE = re.compile(rf"[{HAN}]{{2,8}}?省(?=[{HAN}]{{2,4}}?(?:市(?!场)|县|区))")
# A title, not a body: 县委常委 (a member of the standing committee; 常委会 is a body).
LEADER_TITLE = re.compile(r"常委$")
# A unit of a body named right after it: 市市场监管局党员公职律师服务队, 县公安局交警大队, 区应急管理局指挥中心.
# In quotes, it may be longer: 经济部「进口异常商品联合稽核大队」.
_UNIT = re.compile(
    rf"[{HAN}]{{2,10}}?(?:服务队|大队|中队|支队|指挥中心|服务中心|中心)(?![{HAN}]{{0,2}}(?:举行|召开))"
    rf"|「[{HAN}]{{2,14}}(?:服务队|大队|中队|支队|小组|中心)」"
)


def agency_mentions(norm: str, forms: Mapping[str, str], prefixes: tuple[str, ...] = ()) -> list[Mention]:
    """Agencies in the text, in three passes that never overlap.

    1. Curated agencies by their surface forms; a curated name followed by a local branch (人民银行 + 湛江市中心支行)
       is the branch, recognised as written.
    2. Names written without their level prefix (市场监管局, 工信局 in a city's report) whose prefixed form
       (``prefixes``: 市…) is a curated form.
    3. Agency-like names with a jurisdiction prefix and a standard suffix, not curated.
    4. A campaign's committee written bare at the head of a clause (组委会, 领导小组), not curated.
    None is followed by its member units (镇安委会成员单位), which are no body.
    """
    found: list[Mention] = []
    for m in longest_matches(norm, forms, "agency"):
        if found and m.start < found[-1].end:  # inside the unit the last one went on to (行政院 + 環保署南區…大隊)
            continue
        if _GOES_ON.match(norm, m.end - 1):  # 教育部门 is "education departments", not 教育部 + 门
            continue
        if m.start and _PLACE_FIRST.match(norm, m.start - 1):  # 市国家保密局: the place's own body, read below
            continue
        if m.curated and m.key.startswith("cn-") and norm[m.start - 1 : m.start] in _LEVEL_WORDS and m.start:
            found.append(Mention("agency", norm[m.start - 1 : m.end], m.start - 1, m.end, curated=False))
            continue  # 市人民银行: the place's branch of a national body, not the nation's
        branch = branch_after(norm, m.end, m.key) if m.curated else None
        if branch and LEAD_WORDS.search(norm, m.end, branch.end()):  # 县府积极处… is no department
            branch = None
        if branch:
            found.append(Mention("agency", norm[m.start : branch.end()], m.start, branch.end(), curated=False))
        elif (unit := _unit(norm, m.end)) and unit.group()[0] != "「" and unit.group() not in forms:
            # an unlisted unit of a curated body (市市场监管局 + 党员服务队); a listed one (食物安全中心) is its own
            found.append(Mention("agency", norm[m.start : unit.end()], m.start, unit.end(), curated=False))
        else:
            found.append(m)
    taken = _Taken(len(norm), found)
    found += _bare_forms(norm, forms, prefixes, taken)
    taken.add(found)
    offices = OFFICE_AGENCY.finditer(norm) if any(word in norm for word in OFFICES) else ()
    for candidate in (*offices, *UNCURATED_AGENCY.finditer(norm)):
        trimmed = _trim_agency(norm, candidate.start(), candidate.end())
        for start, end in (*_joined_head(norm, candidate.start(), trimmed[0]), trimmed):
            if unlisted := _unlisted(norm, start, end, taken):
                found.append(unlisted)
    for bare in _STANDING.finditer(norm):
        start, end = bare.span(1)
        if not taken.overlaps(start, end):
            found.append(Mention("agency", norm[start:end], start, end, curated=False))
    return sorted((m for m in found if not _MEMBERS.match(norm, m.end)), key=lambda x: x.start)


# A committee's member units (镇安委会成员单位, 县安委会各成员单位): a collective, neither the committee nor a body.
_MEMBERS = re.compile(r"各?成员(?:单位|部门)")


def _unlisted(norm: str, start: int, end: int, taken: _Taken) -> Mention | None:
    """The unlisted agency a trimmed candidate ``[start, end)`` names, with a unit named after it; None for none."""
    if end - start < (3 if re.search(MASS + "$|政府$", norm[start:end]) else 4) or taken.overlaps(start, end):
        return None
    if (LEADER_TITLE.search(norm, start, end) and not norm.startswith("会", end)) or at_venue(norm, start, end):
        return None
    if unit := _unit(norm, end):
        end = unit.end()
    outer = _OUTER_PLACE.match(norm, start, end)  # the key names the body from the nearer place
    taken.mark(start, end)
    return Mention("agency", norm[outer.end() if outer else start : end], start, end, curated=False)


# A joining word a candidate was cut at: the name before it is a body too (白沙镇人民政府联合镇派出所).
_JOINS = re.compile(r"(?:联合|会同|协同|携手|联同|偕同|配合)$")


def _joined_head(norm: str, start: int, cut: int) -> list[tuple[int, int]]:
    """The body a candidate names before the joining word it was cut at (``[start, cut)`` read as 白沙镇人民政府联合),
    trimmed as any candidate is; none when the words before the joining word are no agency's name."""
    joined = _JOINS.search(norm, start, cut)
    if joined is None or not UNCURATED_AGENCY.fullmatch(norm, start, joined.start()):
        return []
    return [_trim_agency(norm, start, joined.start())]


# A campaign's own committee written bare at the head of a clause (组委会召开…, 由领导小组统筹): the body its report
# set up; a government's standing committee written bare after 由 (仪式由食品安全委员会组织) likewise. Not its
# office (组委会办公室设在…, where it is seated) nor its members (领导小组成员, 组长).
_STANDING = re.compile(
    rf"(?:(?:^|(?<=[^{HAN}]))[由经]?|由)(组委会|领导小组|指挥部|食品安全委员会|食品药品安全委员会|安全生产委员会|消防安全委员会)"
    rf"(?!办公室|[{HAN}]{{0,2}}(?:成员|组长|主任))"
)


class _Taken:
    """The characters of a text that mentions already cover."""

    def __init__(self, length: int, mentions: list[Mention]) -> None:
        self._covered = bytearray(length + 1)
        self.add(mentions)

    def add(self, mentions: list[Mention]) -> None:
        for m in mentions:
            self.mark(m.start, m.end)

    def mark(self, start: int, end: int) -> None:
        self._covered[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares a character with a mention."""
        return self._covered.find(1, start, end) >= 0


_BARE = re.compile(rf"[{HAN}]{{2,9}}?(?:局|厅|委员会|委|办公室)")


def _bare_forms(norm: str, forms: Mapping[str, str], prefixes: tuple[str, ...], taken: _Taken) -> list[Mention]:
    found: list[Mention] = []
    for m in _BARE.finditer(norm):
        start = m.start()
        for lead in LEAD_WORDS.finditer(norm, start, m.end() - 1):
            start = lead.end()
        name = norm[start : m.end()]
        if len(name) < 3 or taken.overlaps(start, m.end()):
            continue
        slug = next((forms[p + name] for p in prefixes if p + name in forms), None)
        if slug is not None:
            found.append(Mention("agency", slug, start, m.end(), curated=True))
    return found


def _unit(norm: str, end: int) -> re.Match[str] | None:
    """A unit named right after a body (…局 + 党员服务队, …局 + 交警大队), not a phrase that runs on (…局在文化中心)."""
    unit = _UNIT.match(norm, end)
    if unit is None or unit.group()[0] == "「":  # a quoted name is a name whatever words it holds
        return unit
    if LEAD_WORDS.search(norm, end, unit.end()) or re.search("[和与及、]", unit.group()):
        return None
    return unit


# A body's last character and a connector: the end of one name and the start of the next (not 住房和城乡建设局);
# 市消保官及建设局: an officer, then a body; 油尖警区与油尖旺区扑灭罪行委员会: a police district, then a committee.
_JOINT = re.compile(r"(?:(?<=[委局办厅会署部府队处])|(?<=消保官)|(?<=警区))[和与及]")


def _trim_agency(norm: str, start: int, end: int) -> tuple[int, int]:
    """Cut a candidate after the last word that cannot be part of a name; empty when no jurisdiction prefix is left,
    or when 各 stands right before it (各县区质监局 names the bodies of every county, not one body)."""
    previous = -1
    for lead in LEAD_WORDS.finditer(norm, start, end - 1):
        # 向阳区, 于都县: a place whose name starts with such a word, where a name may start (after a stop or a lead
        # word, not after a body: 局会同县教育局 is 会同 + 县教育局)
        opens = (lead.start() == start and (start == 0 or not is_han(norm[start - 1]))) or lead.start() == previous
        if opens and _division_at(norm, lead.start(), end):
            break
        previous = start = lead.end()
    for joint in _JOINT.finditer(norm, start, end - 1):  # 团市委和信州区政府: a body ends before the connector
        start = joint.end()
    start = after_title(norm, start, end)  # 县长及…, 理事长某某与…: a person, then the next in line
    while start < end and norm[start] in "和与及":  # a connector picked up by a two-character place prefix
        start += 1
    if (start and norm[start - 1] == "各") or not re.match(AGENCY_PREFIX, norm[start:end]):
        return start, start
    return start, end


def _division_at(norm: str, start: int, end: int) -> bool:
    """Whether a county-level division's name starts at ``start`` and ends before ``end``."""
    names = division_names()
    return any(norm[start : start + n] in names for n in range(2, min(8, end - start)))

