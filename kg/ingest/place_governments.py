"""Places that act: the report's own place, a place inside it, or one a level below it, named as the subject of what
is done (鄂州市举行…, 蓟州区白涧镇以…开展, 青竹县、白石县要加强…), each standing for its government."""

from __future__ import annotations

import re
from collections.abc import Mapping
from operator import attrgetter

from kg.ingest.campaign import LEVEL_PREFIXES
from kg.ingest.divisions import division_names
from kg.ingest.leads import ACTION_VERB
from kg.ingest.mentions import Mention, MentionIndex
from kg.ingest.places import LOWER_WORDS, MARKET_MARK, VENUE_VERBS, government_name, place_name
from kg.ingest.script import HAN

__all__ = ["place_subjects"]

# Where a clause opens: the start of a line, a stop or comma, 届时 or 同时 (届时乡将组织…).
_OPENS = r"(?:^|(?<=[。！；，,：:\s])|(?<=届时)|(?<=同时))"
# A place inside the report's own, written after it (西安市高陵区, 蓟州区白涧镇, 贵州省遵义市): a name of two to five
# characters and its level, not a part of a place that has no government (城区, 辖区, 社区, 开发区 …).
# 城 only in a word for a town's centre (老城区, 主城区, 中心城区): 下城区 and 上城区 are districts.
_NO_GOVERNMENT = "辖园景社小片街山矿库灾郊发"  # 辖区, 园区 … 开发区: the character before the level
_NO_GOVERNMENT_END = rf"(?<![{_NO_GOVERNMENT}])(?<![老主心旧全本]城)"
_KIND_OF_AREA = re.compile(rf"(?:[{_NO_GOVERNMENT}]|[老主心旧全本]城)(?:市|州|区|县|镇|乡|街道)$")
_SUB_PLACE = (rf"(?![各全本该每我在赴]|{VENUE_VERBS})[{HAN}]{{2,5}}?{_NO_GOVERNMENT_END}"
              rf"(?:(?<![{MARKET_MARK}])市|州|区|县|镇|乡|街道)")  # not 利用集市 (kg.ingest.places), 在中心工业区
# What a place does when it acts: a verb of the genre's, or where, how or when it acts before one
# (在县门街举办…, 以多种形式开展…, 将于6月1日开展…, 通过组织…, 利用集市开展…; Taiwan's dateline: 苗栗縣今（12）日啟動…;
# 围绕“…”的活动主题，开展…: across the clause's comma), or 多举措.
# How it acts may come first (集中开展…, 精心策划，组织…, 充分利用…，在…设立…, 结合…，全面开展…).
_MANNER = r"(?:将|还|也|已|拟|持续|继续|积极|集中|全面|精心|充分|深入|广泛|扎实|认真|大力|着力|切实|进一步|同步)"
_PLACE_ACTS = (
    rf"(?:[今昨]\s*[（(]\s*\d{{1,2}}\s*[)）]\s*日)?{_MANNER}{{0,3}}(?:{ACTION_VERB.pattern})"
    rf"|{_MANNER}{{0,2}}(?:以|在|于|对|把|结合|围绕|策划|{VENUE_VERBS})[^，,。；;！!？?\n]{{0,40}}?"
    rf"(?:[，,]\s*{_MANNER}{{0,2}}(?:在[^，,。；;！!？?\n]{{1,30}}?)?)?(?:{ACTION_VERB.pattern}|为契机)|多举措|多措并举"
    # the theme it sets, quoted, whatever commas the slogan holds (以“人人讲安全，个个会应急”为主题，…)
    rf"|{_MANNER}{{0,2}}(?:以|围绕)“[^”\n]{{1,40}}”(?:的?活动)?为?主题"
)


# A unit of the place written with its level word, first in a list (乡宣传办、综治办…): the word does not act alone.
_UNIT_NAMED = rf"[{HAN}]{{1,5}}?(?:办|所|站|中心|队|委|部)(?=[、，,。；;和与及等])"
# A headline: the report's first line, no sentence in it (no stop or comma), more text after it.
_HEADLINE = re.compile(r"\s*([^。，,；;！!？?\n]+)\n\s*\S")


def _headline_end(norm: str) -> int:
    """Where the report's headline ends (0 if it has none): a headline (溧阳市开展第34个“国际减灾日”主题宣传活动) names
    the report's event, which its text tells with the bodies that held it; the place opening it is no subject."""
    line = _HEADLINE.match(norm)
    return line.end(1) if line else 0


def place_subjects(norm: str, agencies: list[Mention], word: str, names: tuple[str, ...],
                   forms: Mapping[str, str], *, lower: bool = True) -> list[Mention]:
    """``agencies`` and the report's own place where it opens a clause and acts (鄂州市举行…, 镇安县将开展…, 昆明市将以…
    为契机; its level word alone before 将: 届时乡将组织…, and a township speaking of itself: 我镇组织开展…): its
    government acts, the mention keyed as that government
    written short (松溪乡政府, 乡政府: one body with the 乡政府 the text writes; a curated one by its slug; a street's
    government is its office, 柳岸街道办事处).
    ``word`` is the prefix its own bodies are written with, ``names`` the place's names as the text may write them
    (after the places it lies in too: 开封市祥符区杜良乡多举措…); a place that only opens a headline's topic
    (杜良乡：强化宣传) or a body's name (镇安县公安局) is not meant.
    A place the text writes after the report's own (西安市高陵区在…举办, 蓟州区白涧镇以…开展) is the one that acts, and
    so is that place written alone later (白涧镇将…): its government, keyed as the text writes it elsewhere
    (遵义市政府), else by the places as written (蓟州区白涧镇政府).

    >>> text = "松溪乡举行宣传。届时乡将组织培训。松溪乡派出所开展"
    >>> [(m.key, m.start, m.end) for m in place_subjects(text, [], "乡", ("松溪乡",), {})]
    [('松溪乡政府', 0, 3), ('乡政府', 10, 11)]
    >>> [(m.key, m.start) for m in place_subjects("6月，我镇组织开展宣传。", [], "镇", ("白沙镇",), {})]
    [('镇政府', 3)]
    >>> text = "青溪县白石镇以多种形式开展宣传。白石镇将持续宣传。"
    >>> [(m.key, m.start, m.end) for m in place_subjects(text, [], "县", ("青溪县",), {})]
    [('青溪县白石镇政府', 0, 6), ('青溪县白石镇政府', 16, 19)]
    """
    if not names or not word:
        return agencies
    named = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    alone = rf"{re.escape(word)}(?=将(?:{ACTION_VERB.pattern}))"
    if word in LEVEL_PREFIXES["township"]:  # a township's report is its government's: 我镇组织开展…, and 街道充分
        alone += rf"|(?:我|本)?{re.escape(word)}(?!{_UNIT_NAMED})(?={_PLACE_ACTS})"  # 利用… (its own word alone)
    # the places the report's own lies in may come first (开封市祥符区杜良乡多举措…)
    pattern = re.compile(
        rf"{_OPENS}(?:{_SUB_PLACE}){{0,3}}?(?P<name>{named})(?P<sub>(?:{_SUB_PLACE})*)(?={_PLACE_ACTS})|{_OPENS}{alone}",
        re.MULTILINE,
    )
    curated = forms.get(word + "政府")
    index = MentionIndex(agencies)
    written = {m.key for m in agencies}
    headline = _headline_end(norm)
    hits = [hit for hit in pattern.finditer(norm) if hit.start() >= headline and not index.overlapping(*hit.span())]
    subs: dict[str, str] = {}  # a place written after the report's own -> its government's key
    found = []
    for hit in hits:
        if hit.group("sub"):
            last = re.findall(_SUB_PLACE, hit.group("sub"))[-1]
            own = government_name(last)
            key = own if own in written else government_name(hit.group("name") + hit.group("sub"))
            subs.setdefault(last, key)
        else:
            key = curated or government_name(names[0] if hit.group("name") else word)
        # of kind "place": no coordinator of the place's own campaign
        found.append(Mention("place", subs.get(hit.group()) or key, *hit.span(),
                             curated=curated is not None and not hit.group("sub")))
    if subs:
        taken = MentionIndex(sorted(agencies + found, key=lambda m: m.start))
        later = re.compile(rf"{_OPENS}(?:{'|'.join(map(re.escape, subs))})(?={_PLACE_ACTS})", re.MULTILINE)
        found += [Mention("place", subs[hit.group()], *hit.span(), curated=False)
                  for hit in later.finditer(norm) if not taken.overlapping(*hit.span())]
    if lower:  # the mainland's places below the report's own; Taiwan's townships have offices (鄉公所), not these
        found += _lower_places(norm, word, headline, MentionIndex(sorted(agencies + found, key=attrgetter("start"))),
                               written)
    return sorted(agencies + found, key=lambda m: m.start) if found else agencies


# The places a level below the report's own, named alone or listed at the head of a clause with what they are to do
# (青竹县、白石县要加强组织领导… in a city's notice; 白沙镇将开展… in a county's): their governments act.
# A city's county-level cities (临安市) are among its lower places when listed after a county or district.
_LOWER_LISTED = {"市": "县|区|市"}
_DUTY = rf"\s*(?:要|应|须|需)?\s*(?:切实|认真|进一步)?\s*(?:加强|制定|做好|落实|抓好|{_PLACE_ACTS})"
# A list of them may be closed by their kinds (…、桐庐县等区、县（市）) and say that each acts on its own (分别, 各自).
# …or by other bodies acting with them (…、顺河区及部分食安委成员单位同时启动…); a list may come after 由
# (活动分别由A、B等地组织…).
_LOWER_CLOSE = (r"(?:等\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})?个?(?:[区县市州镇乡街道地、/()（）]{1,10})?)?"
                r"(?:[及和与][^，,。；;！!？?\n、]{1,14}?(?:单位|部门))?"
                r"\s*(?:分别|各自|均|都|也|相继|纷纷|同时|同步)?")
# A place's other name in brackets after it (高新区（滨江）): part of the item.
_BRACKETED = rf"(?:[(（][{HAN}]{{1,4}}[)）])?"


def _lower_places(norm: str, word: str, headline: int, index: MentionIndex, written: set[str]) -> list[Mention]:
    """The places a level below the report's own (``word``: 市, 县 …) that head a clause and act, each keyed as its
    government as the text writes it (青竹县人民政府), else short (青竹县政府); not in the headline, nor a scope
    (各县要…, 全县…) or a place where something is done (在白石县设立…).

    >>> text = "青竹县、白石县要加强领导。各县要开展宣传，在白石县设立分会场。"
    >>> [(m.key, m.start) for m in _lower_places(text, "市", 0, MentionIndex([]), set())]
    [('青竹县政府', 0), ('白石县政府', 4)]
    """
    if (level := LOWER_WORDS.get(word)) is None:
        return []
    first = rf"(?![各全本该每我两])[{HAN}]{{2,4}}?(?:{level}){_BRACKETED}"
    one = first.replace(level, _LOWER_LISTED.get(word, level))
    found = []
    runs = rf"{_OPENS}(?:[{HAN}]{{0,4}}?(?:分别)?由)?(?P<run>{first}(?:[、和及]{one})*)(?={_LOWER_CLOSE}{_DUTY})"
    for run in re.finditer(runs, norm, re.MULTILINE):
        if run.start() < headline or index.overlapping(*run.span()):
            continue
        for hit in re.compile(one).finditer(norm, run.start("run"), run.end()):
            item = re.sub(r"[(（].*", "", hit.group())  # 高新区（滨江）: the name before its other one
            if (name := place_name(item, names_a_body=True)) != item or (
                _KIND_OF_AREA.search(item) and item not in division_names()  # 深入山区, not 萧山区
            ):
                continue
            key = next((name + g for g in ("人民政府", "政府") if name + g in written), government_name(name))
            found.append(Mention("place", key, hit.start(), hit.start() + len(item), curated=False))
    return found
