"""Places a mainland report names that the reference tables do not list: a county, district or city read off the text.

A name is read where one can start (at the start of a clause, or after a word such as 由 or 联合 that may stand in
front of a place) and is kept when its stem is a name: not a deictic (全县, 我区), not a kind of area (高新区, 城区),
and not a clause that happens to end in 县/区/市 (活动由县…, 成立了以市…). A name in China's code of divisions
(``kg.ingest.divisions``) is taken as listed: 向阳区 is a district, not 向 (towards) 阳区.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from kg.ingest.divisions import division_names, prefecture_names
from kg.ingest.mentions import AUTHORITY_LEAD, Mention, longest_matches
from kg.ingest.openers import BOUNDARY
from kg.ingest.parties import PARTIES
from kg.ingest.script import HAN, is_han, to_hant
from kg.slugs import pinyin_slug

__all__ = [
    "MARKET_MARK", "VENUE_VERBS", "Place", "government_name", "local_place", "name_end", "own_word", "place_labels",
    "place_name", "stem_named", "unnamed_place",
]


@dataclass(frozen=True)
class Place:
    """The jurisdiction a report is about: a reference code, or a name read from the text (not curated)."""

    code: str
    level: str
    name: str | None = None

    @property
    def unnamed(self) -> bool:
        """A place the report speaks for (全县, 县…局) but never names: see ``unnamed_place``."""
        return self.code.startswith(_UNNAMED)


_LOCAL_NAME = {
    # …after 暨 too, which joins a nation's day to the place's own week (全国科普日暨云州市第9届科普宣传周)
    "municipal": re.compile(rf"(?:^|(?<=[^{HAN}])|(?<=暨))([{HAN}]{{2,4}}?市)(?=[{HAN}])(?![场长])"),
    # 青溪区“质量月”, 青溪县2021年; never a title (副县长)
    "county": re.compile(rf"(?:^|(?<=[^{HAN}])|(?<=暨))([{HAN}]{{1,3}}?[县区])(?=[{HAN}“「\"\d])(?!长)"),
    # 青溪镇“安全生产月”, 龙泉乡2023年, 高岳街道; never a title (镇长, 乡长)
    # …, and after the county or district it lies in (开封市祥符区杜良乡:, a headline's place before a colon)
    "township": re.compile(
        rf"(?:^|(?<=[^{HAN}])|(?<=[县区市]))([{HAN}]{{2,4}}?(?:镇|乡|街道))(?=[{HAN}“「\"\d:：])(?!长)"
    ),
}
_BODY = re.compile(rf"[{HAN}]{{1,10}}?(?:局|委|办)")  # 沛县市场监管局: a one-character stem is a name before a body

# Verbs that take a venue or a place (利用集市, 深入超市, 走进夜市; 深入青溪县各地): never part of a name.
VENUE_VERBS = r"利用|借助|依托|深入|走进|走入|进入|前往|来到|围绕|结合"
# What may stand in front of a place name in a sentence (由宝应县…, 2019年全县…, 联合县公安局…), the party, league
# or force whose organ of the place follows (中共宝应县委, 共青团宝应县委, 民盟宝应县委, 武警宝应县中队: 民盟市 is no
# city), and what shows a word is not one.
_LEAD = re.compile(
    rf"^(?:{AUTHORITY_LEAD}|联合|协同|携手|联同|偕同|来自|发动|动员|组织|中共|共青团|{PARTIES}|武警"
    rf"|{VENUE_VERBS}|[由在对据与和及向从经今于去明当同赴])*"
    rf"(?:[上下]半年|年度?|月份?)?"
)
# Words of a clause, not of a name: a word read as 活动由县 or 成立了以市 is a clause ending in a relative 县/市.
_CLAUSE = re.compile(r".*(?:[由在对从向于将把被了以的是为让使给到]|届时)")  # …交一份到乡禁毒办, 届时乡将…
_DEICTIC = "全我本该各每此其"
_GENERIC_DIVISIONS = frozenset({"城区", "郊区", "矿区"})
# Markets and fairs where a report publicises (集市, 超市, 夜市, 早市, 菜市, 庙会, 商场, 商超): no word holding one
# names a place (庙会集市, 商场超市). Not 门市, which ends 厦门市 and 江门市. MARKET_MARK: what makes 市 a market.
MARKET_MARK = "集超夜早菜"
_MARKET = re.compile(rf"[{MARKET_MARK}]市|庙会|商场|商超")
_NOT_A_NAME = re.compile(
    r"(?:强|示范|重点|贫困|先进|百强|文明|卫生|园林|开发|高新|经开|自贸|工业|商业|功能|风景|旅游|保护|试验|集聚|生活"
    r"|住宅|居住|先行|主城|老城|中心城|农村|城乡|城镇|乡镇|县|区|市|省|社|景|园|片|郊|灾|矿|校|厂|库|辖"
    r"|[返回还离思])$"  # 返乡, 回乡, 还乡: going home, no township
)

_NOT_A_ONE_CHARACTER_NAME = "城山林牧老新旧分专灾郊矿景园社片辖校厂库营湖"
# What may stand right before a listed name written inside a clause: 由共和县…, 宣布代县“…”; not 局会同县 (会同).
_BEFORE_LISTED = "由在对与和及向从经于布"


def place_name(found: str, *, names_a_body: bool = False) -> str | None:
    """The place name in a word ending in 县/区/市 read off the text, or None when the word is not one.

    A name's stem is a name, not a deictic or a kind of area; it has two characters or more, or one when the word
    starts a body's name (沛县市场监管局, 丰县教育局). A listed division's name ending the word is the name.

    >>> [place_name(w) for w in ("由宝应县", "年全县", "溧水区", "在城区", "我市", "高新区", "质量强市", "今年全区")]
    ['宝应县', None, '溧水区', None, None, None, None, None]
    >>> [place_name(w) for w in ("民盟市", "九三学社市", "民盟宝应县")]
    [None, None, '宝应县']
    >>> [place_name(w) for w in ("利用集市", "深入超市", "走进夜市", "庙会集市", "深入宝应县", "厦门市")]
    [None, None, None, None, '宝应县', '厦门市']
    >>> [place_name(w) for w in ("促进我县", "加强本县", "活动由县", "成立了以市", "向阳区", "由向阳区", "应急局等市")]
    [None, None, None, None, '向阳区', '向阳区', None]
    >>> [place_name(w, names_a_body=True) for w in ("沛县", "由丰县", "城区", "山区", "各县", "市县", "下城区")]
    ['沛县', '丰县', None, None, None, None, '下城区']
    """
    listed = division_names()
    # divisions named by a kind of area (城区, 郊区, 矿区 of 大同市 …) end longer names too (下城区): only alone
    name = next((found[i:] for i in range(len(found) - 1) if found[i:] in listed and not (
        i and found[i:] in _GENERIC_DIVISIONS)), "")
    if name:
        names_a_body = True  # a listed name may have a one-character stem (代县)
    else:
        name = found[_LEAD.match(found).end() :]  # type: ignore[union-attr]  # the pattern matches every string
        if clause := _CLAUSE.match(name):
            name = name[clause.end() :]
    stem = name[:-1]
    if len(stem) < (1 if names_a_body else 2) or stem[0] in _DEICTIC or _NOT_A_NAME.search(stem) or any(
        c in stem for c in "等局厅委办"  # 应急局等市直部门: a list's close, no city
    ) or (
        len(stem) > 1 and (stem[-1] in _DEICTIC or "我" in stem)  # 促进我县, 加强本县: a verb before a deictic
    ) or _MARKET.search(name):
        return None
    return None if len(stem) == 1 and stem in _NOT_A_ONE_CHARACTER_NAME else name


def local_place(norm: str, level: str, *, more_than: int = 0) -> Place | None:
    """The place of ``level`` (county or city) the text names most often; at a tie, the first named. With
    ``more_than``, only one named that many times and more, and twice at least (a county's report citing its province's
    committee once: 中共湖南省委《…》)."""
    local = _local_names(norm, level)
    if not local or (more_than and max(local.values()) <= max(more_than, 1)):
        return None
    name = max(local, key=lambda n: (local[n], -norm.find(n)))  # the most often named; at a tie, the first
    return Place(pinyin_slug(name), level, name)


def _local_names(norm: str, level: str) -> Counter[str]:
    """How often the text names each place of ``level`` it names."""
    local: Counter[str] = Counter()
    for word in _LOCAL_NAME[level].finditer(norm) if level in _LOCAL_NAME else ():
        if name := place_name(word.group(1), names_a_body=_BODY.match(norm, word.end()) is not None):
            local[name] += 1
    if not local:  # 五峰土家族自治县, 神农架林区: longer than the pattern reads; 由共和县…, 的上饶市…
        local.update(_listed_names(norm, level))
    if not local and level == "county":  # 孟村消防救援大队: an autonomous county named by its stem before a body
        local.update(m.key for m in longest_matches(norm, _autonomous_stems(), "division")
                     if _STEM_BODY.match(norm, m.end))
    return local


_AUTONOMOUS = re.compile(rf"^([{HAN}]{{2,4}}?)(?:[{HAN}]{{1,3}}族)+自治[县旗]$")
_STEM_BODY = re.compile(rf"[{HAN}]{{0,8}}?(?:局|委|办|大队|支队)")


@cache
def _autonomous_stems() -> dict[str, str]:
    """An autonomous county's stem -> its full name (孟村 -> 孟村回族自治县), for the stems that name one county and
    are no county's full name.

    >>> _autonomous_stems()["孟村"]
    '孟村回族自治县'
    """
    stems: dict[str, list[str]] = {}
    for name in division_names():
        if found := _AUTONOMOUS.match(name):
            stems.setdefault(found.group(1), []).append(name)
    return {stem: names[0] for stem, names in stems.items() if len(names) == 1 and stem not in division_names()}


def stem_named(agencies: list[Mention], place: Place) -> list[Mention]:
    """``agencies`` with each unlisted body named by the stem of the report's autonomous county (孟村消防救援大队,
    沧州孟村…; keyed 县… by the list or clause that found it) keyed by the county's full name instead.

    >>> place = Place("x", "county", "孟村回族自治县")
    >>> [m.key for m in stem_named([Mention("agency", "县沧州孟村消防救援大队", 0, 10, False)], place)]
    ['孟村回族自治县消防救援大队']
    """
    found = _AUTONOMOUS.match(place.name or "")
    if found is None:
        return agencies
    stem = found.group(1)
    out = []
    for m in agencies:
        at = m.key.find(stem)
        if not m.curated and 0 <= at <= 3 and not m.key.startswith(place.name or ""):
            m = Mention(m.kind, (place.name or "") + m.key[at + len(stem) :], m.start, m.end, m.curated)
        out.append(m)
    return out


def _listed_names(norm: str, level: str) -> list[str]:
    """The divisions of China's code table of ``level`` that the text names where a name may start (at the start,
    after a character that is not Han, or after a word such as 由 that may stand before a place: not 会同县 of
    局会同县教育局; a city anywhere), and that ``place_name`` accepts.

    >>> _listed_names("9月，五峰土家族自治县市场监管局会同县教育局在城区广场开展宣传。", "county")
    ['五峰土家族自治县']
    >>> _listed_names("本次活动由共和县统计局组织，李清宣布代县“119”消防宣传月启动。", "county")
    ['共和县', '代县']
    >>> _listed_names("成立了以副市长为主任的上饶市指导委员会。", "municipal")
    ['上饶市']
    """
    if level == "municipal":
        return [m.key for m in longest_matches(norm, prefecture_names(), "division")]
    if level != "county":
        return []
    return [
        name for m in longest_matches(norm, division_names(), "division")
        if not (m.start and is_han(norm[m.start - 1]) and norm[m.start - 1] not in _BEFORE_LISTED)
        and (name := place_name(norm[m.start : m.end], names_a_body=_BODY.match(norm, m.end) is not None))
    ]


_UNNAMED = "unnamed-"
# What an unnamed place of each level is called: 县 or 区 as the report writes its own bodies, 市, 省.
_UNNAMED_WORDS = {"county": ("县", "区"), "municipal": ("市",), "provincial": ("省",), "township": ("镇", "乡", "街道")}
_UNNAMED_EN = {"县": "county", "区": "district", "市": "city", "省": "province", "镇": "town", "乡": "township",
               "街道": "subdistrict"}


def unnamed_place(level: str, norm: str, text: str) -> Place:
    """The place of a report that speaks for a county, district, city or province (全县, 我区, 县…局) and never names
    it: one of its own, so that two such reports share no place, campaign or body, and the report is not filed under
    the nation. Its code is ``unnamed-{county|district|city|province}-`` and the first 8 hex digits of the SHA-256 of
    the report's cleaned text (``text``, the report's ``rdf:value``, UTF-8), so anyone can recompute it from the graph.

    >>> p = unnamed_place("county", "全区各部门", "全区各部门")  # printf 全区各部门 | sha256sum: f6c95b01…
    >>> p.code, p.level, p.unnamed, p.name, own_word(p), place_labels(p)["zh-Hant"]
    ('unnamed-district-f6c95b01', 'county', True, None, '区', '未具名的區（f6c95b01）')
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    words = _UNNAMED_WORDS.get(level, ("县",))
    word = max(words, key=lambda w: (len(re.findall(rf"(?:全|我|本){w}|(?<![{HAN}]){w}[{HAN}]{{1,10}}?[局委办]", norm)),
                                     -words.index(w)))
    return Place(f"{_UNNAMED}{_UNNAMED_EN[word]}-{digest}", level)


def own_word(place: Place) -> str:
    """The word the place's own bodies are written short with (县教育局, 街道应急办): an unnamed place's 县, 区, 市, 省,
    镇, 乡 or 街道, else the end of its name (街道 for 高岳街道, 县 for 青溪县); ``""`` for a place without a name.

    >>> [own_word(p) for p in (Place("x", "township", "高岳街道"), Place("unnamed-district-1a2b3c4d", "county"))]
    ['街道', '区']
    """
    if place.unnamed:
        kind = place.code[len(_UNNAMED) :].split("-")[0]
        return next(w for w, en in _UNNAMED_EN.items() if en == kind)
    return name_end(place.name or "")


def government_name(place: str) -> str:
    """A place's government as reports write it short (青溪县政府, 松溪乡政府); a street's is its office."""
    return place + ("办事处" if place.endswith("街道") else "政府")


def name_end(name: str) -> str:
    """The word a place's name ends with: 街道 (高岳街道), else its last character (县 of 青溪县)."""
    return "街道" if name.endswith("街道") else name[-1:]


def place_labels(place: Place) -> dict[str, str]:
    """The labels of a place the reference tables lack: its name as read, in both scripts, or an unnamed place's
    (``unnamed_place``); none for a listed place."""
    if place.unnamed:
        digest, word = place.code.rsplit("-", 1)[1], own_word(place)
        hans = f"未具名的{word}（{digest}）"
        return {"zh-Hans": hans, "zh-Hant": to_hant(hans), "en": f"an unnamed {_UNNAMED_EN[word]} ({digest})"}
    return {"zh-Hans": place.name, "zh-Hant": to_hant(place.name)} if place.name else {}


# The places a level below a report's own, by the word their names end with (a city's 区 and 县), after the word its
# own are written with (市).
LOWER_WORDS = {"省": "市|州", "市": "县|区", "县": "镇|乡|街道", "区": "镇|乡|街道"}


def lower_place_before(norm: str, at: int, agencies: list[Mention], word: str) -> bool:
    """Whether a place below the report's own (of level word ``word``) acts earlier in the sentence of ``at``
    (鹤山区围绕“低碳生活”主题… in a city's report: that place's theme, not the campaign's slogan).

    >>> m = Mention("place", "鹤山区政府", 3, 6, False)
    >>> lower_place_before("近日，鹤山区围绕“低碳”主题开展活动", 9, [m], "市"), lower_place_before("x", 0, [m], "县")
    (True, False)
    """
    lower = LOWER_WORDS.get(word)
    start = max(norm.rfind(c, 0, at) for c in BOUNDARY) + 1
    return lower is not None and any(
        m.kind == "place" and start <= m.start < at and re.search(rf"(?:{lower})$", norm[m.start : m.end])
        for m in agencies
    )
