"""A bureau's own report naming its sections, squads and stations bare: its sections and squads (局质计股, 药械股,
综合办, 执法大队) act for it, as a section named after its body does (市应急管理局危化科), and a station named by its
town and the bureau's kind (白沙市场监督管理所 of 青竹县市场监督管理局) is the bureau's station."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.ingest.leads import ACTION_VERB, NAME_START
from kg.ingest.mentions import LEAD_WORDS, Mention
from kg.ingest.script import HAN
from kg.ingest.stems import STEMS

if TYPE_CHECKING:
    from kg.ingest.reference import Reference

__all__ = ["bureau_sections", "own_bureau"]

# A section where a name may start (局 written before it is the bureau speaking of itself: 局质计股): 股, 科
# (质计股, 纳税服务科; not 股份, 科技, 科普), a division (法规处, 监察二处; not 处理, 处罚), an office written short
# (宣教办, 暗访办; not 举办, 承办), the general office (综合办, 办公室), a law enforcement or inspection squad
# (执法大队, 综合行政执法大队, 稽查支队).
_SECTION = re.compile(
    rf"{NAME_START}局?(?![各全本该每其此到由])(?:[{HAN}]{{1,5}}?(?:股(?![份东票权市室长])|科(?![学技普研室长员级])"
    rf"|[一二三四五六七八九十]?处(?![理罚置分于在长室])))"
    rf"|{NAME_START}局?(?![各全本该每其此由主承协举督国])[{HAN}]{{1,3}}?办(?![法理事公好])"
    rf"|{NAME_START}局?(?:综合办(?:公室)?|办公室|(?:综合)?(?:行政)?(?:执法|稽查)(?:大队|支队|中队))(?![长员])"
)
# A centre of the bureau (培训中心, 应急救援指挥中心): a unit of its own, named through the bureau.
_CENTRE = re.compile(rf"{NAME_START}局?(?![各全本该每其此由在])(?:(?![和与及的在])[{HAN}]){{2,8}}?中心(?![城区组长])")
# The bureau speaking of itself at the head of its headline, by its level alone (市局2024年…分工方案).
_LEVEL_BUREAU = re.compile(r"\s*([省市县区])局(?![长面势])")
# The place a bureau's name opens with (青竹县 of 青竹县市场监督管理局, 县 of 县市场监管局).
_PLACE = re.compile(rf"^[{HAN}]*?(?:省|市(?!场)|县|区|旗|州)")


def own_bureau(norm: str, agencies: list[Mention]) -> Mention | None:
    """The bureau whose report this is: the one bureau its headline (the first line) names, the last of a name written
    through its parent (国家税务总局青竹县税务局: 青竹县税务局), or, when it names none, the bureau of the level
    it opens with (市局…分工: 市局, named no further); None when the headline names no bureau or several.

    >>> found = [Mention("agency", "青竹县市场监督管理局", 0, 10, False)]
    >>> own_bureau("青竹县市场监督管理局2023年质量月活动总结\\n一、", found).key
    '青竹县市场监督管理局'
    """
    line = norm.find("\n")
    starts = {m.start for m in agencies}
    bureaus = [m for m in agencies if m.end <= line and norm[m.end - 1] == "局" and m.end not in starts]
    if not bureaus and (level := _LEVEL_BUREAU.match(norm)):  # 市局…: the bureau of its level, named no further
        return Mention("agency", level.group(1) + "局", level.start(1), level.end(), False)
    return bureaus[0] if len({m.key for m in bureaus}) == 1 else None


def bureau_sections(norm: str, agencies: list[Mention], reference: Reference) -> list[Mention]:
    """``agencies`` with the sections and squads of the report's own bureau (``own_bureau``) written bare, where a name
    may start, as that bureau (in place of a body read there as the report's level's: 执法大队 as 县执法大队), and its
    stations named by a town and the bureau's kind, written as its own or its stem's (市场监督管理所, 市场监管所 of a
    市场监督管理局; 司法所 of a 司法局), as stations keyed through the bureau, and its centres written bare
    (培训中心), as units keyed through it. A bureau the headline names by its level alone (市局) is added as found.

    >>> from kg.ingest.reference import load_reference
    >>> found = [Mention("agency", "青竹县司法局", 0, 6, False)]
    >>> text = "青竹县司法局活动总结\\n局办公室组织培训。白沙司法所、石门司法所开展宣传。"
    >>> [(m.key, m.start, m.end) for m in bureau_sections(text, found, load_reference())][1:]
    [('青竹县司法局', 11, 15), ('青竹县司法局白沙司法所', 20, 25), ('青竹县司法局石门司法所', 26, 31)]
    """
    bureau = own_bureau(norm, agencies)
    if bureau is None:
        return agencies
    ref = reference.agencies.get(bureau.key) if bureau.curated else None
    name = ref.names["zh-Hans"] if ref else bureau.key
    found = list(agencies) if bureau in agencies else [bureau, *agencies]  # 市局 heading its headline: the bureau
    for hit in _SECTION.finditer(norm):
        _place(found, norm, hit.start(), hit.end(), Mention("agency", bureau.key, *hit.span(), bureau.curated))
    for hit in _CENTRE.finditer(norm):
        unit = name + hit.group().removeprefix("局")
        _place(found, norm, hit.start(), hit.end(), Mention("agency", unit, *hit.span(), False), verbs=False)
    if kinds := _kinds(name):
        stations = re.compile(rf"{NAME_START}(?![各全本该每我其此])[{HAN}]{{2,3}}?(?:{'|'.join(kinds)})所(?![长员])")
        for hit in stations.finditer(norm):
            _place(found, norm, hit.start(), hit.end(), Mention("agency", name + hit.group(), *hit.span(), False))
    return sorted(found, key=lambda m: m.start)


def _place(found: list[Mention], norm: str, start: int, end: int, mention: Mention, verbs: bool = True) -> None:
    """Put ``mention`` in ``found`` where no mention covers its span but one read there as written bare, and its words
    are a name's (no word leading into a name, nor, with ``verbs``, a verb: 开展科普 is no section; a centre's name
    may hold a verb's word, 培训中心)."""
    if LEAD_WORDS.search(norm, start, end) or (verbs and ACTION_VERB.search(norm, start, end)):
        return
    inside = [m for m in found if m.overlaps(start, end)]
    if any(m.curated or (m.start, m.end) != (start, end) or m.key == mention.key for m in inside):
        return
    for m in inside:  # 执法大队 read as the report's level's (县执法大队): the bureau's own
        found.remove(m)
    found.append(mention)


def _kinds(name: str) -> list[str]:
    """What a bureau's stations are named after: its kind (市场监督管理 of 青竹县市场监督管理局) and its stem's other
    form (市场监管), longest first; none for a name that is no bureau's.

    >>> _kinds("青竹县市场监督管理局"), _kinds("县司法局")
    (['市场监督管理', '市场监管'], ['司法'])
    """
    place = _PLACE.match(name)
    kind = name[place.end() if place else 0 : -1]
    if len(kind) < 2 or not name.endswith("局"):
        return []
    kinds = {kind}
    for stem, full in STEMS.items():
        if kind in (stem, full[:-1]) and full.endswith("局"):
            kinds |= {stem, full[:-1]}
    return sorted(kinds, key=len, reverse=True)
