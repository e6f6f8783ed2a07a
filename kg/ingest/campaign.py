"""Campaign facts: whose report it is, which campaign and when, who coordinates it, and its slogan."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.ingest.mentions import Mention, longest_matches
from kg.ingest.per_reference import per_reference
from kg.ingest.places import Place, local_place, lower_place_before, unnamed_place
from kg.ingest.region import find_region, region_place
from kg.ingest.roles import subject_run, subject_run_end, takes_part
from kg.ingest.script import HAN, aligned_hans, to_hans

if TYPE_CHECKING:
    from kg.ingest.reference import Reference

__all__ = [
    "LEVEL_PREFIXES", "CampaignInfo", "Place", "agency_forms", "cached_forms", "find_place", "read_campaign",
]


@dataclass(frozen=True)
class CampaignInfo:
    """Who, what and when of the campaign the report describes."""

    jurisdiction: str
    campaign: str
    year: int | None
    month: int | None
    name: tuple[int, int] | None
    slogan: tuple[int, int] | None
    coordinators: tuple[Mention, ...]
    place: Place
    participants: tuple[Mention, ...] = ()

    @property
    def slug(self) -> str:
        """``{jurisdiction}-{year}-{campaign}``, e.g. ``js-2022-qm`` (``undated`` when no year is known)."""
        return f"{self.jurisdiction}-{self.year or 'undated'}-{self.campaign}"


_RELATIVE = {
    "provincial": re.compile(rf"(?:^|(?<=[^{HAN}]))(?:省|自治区)[^\s，,。、；;]{{1,12}}?(?:厅|局|委|办)"),
    "municipal": re.compile(rf"(?:^|(?<=[^{HAN}省]))市[^场民\s，,。、；;]{{1,10}}?(?:局|委|办)"),
    "county": re.compile(rf"(?:^|(?<=[^{HAN}]))[县区][^\s，,。、；;]{{1,10}}?(?:局|委|办)"),
    # 镇安委办, 乡综治办, 街道应急办, 镇综合执法队 (a town's offices and teams; never 城镇…, 乡村…)
    "township": re.compile(rf"(?:^|(?<=[^{HAN}]))(?:[镇乡](?![村镇])|街道)[^\s，,。、；;]{{1,10}}?(?:办|委|所|站|队)"),
}
# (not 全省第10个宣传月, 位居全市第一: the edition or rank of a wider place's campaign, said in any of its reports)
_OWN = {
    "provincial": re.compile(r"(?:全|我|本)省(?!第)"),
    "municipal": re.compile(r"(?:全|我|本)市(?![场民第])"),
    "county": re.compile(r"(?:全|我|本)[县区](?!第)"),
    "township": re.compile(r"(?:全|我|本)(?:镇|乡(?!村)|街道)(?!第)"),
}

# 全国 speaking of the nation (全国各地, 全国人民, 2021年全国“质量月”活动总结), not the edition of its campaign that a
# report of any level counts (全国第23个“安全生产月”), as 全省第10个 is no province's own word, nor the name of a
# campaign's day, week or month after a place that holds it in the same sentence (南宫市开展全国安全宣传咨询日活动,
# 我县组织全国科普日活动, 全市…开展2011年全国科普日暨杭州市第25届科普宣传周活动)
_NATION = re.compile(r"全国(?!第)")
_CAMPAIGN_NAME = re.compile(  # …日 closed by its quote, 活动, or words after it (…科普日集中宣传活动)
    rf"[“\"「]?[{HAN}]{{1,10}}?(?:月|周|日|节)(?:[”\"」]|活动|期间|主题|集中|宣传|系列|暨|[^{HAN}]|$)"
)
_NOT_IN_NAME = re.compile(r"各|的|在|开展|举办|组织|部署|都|均|上下")
_PLACE_BEFORE = re.compile(rf"[{HAN}]{{1,6}}?(?:省|市|县|区|州|盟|旗|镇|乡|街道)")
_SENTENCE_START = re.compile(r"[。；;！!？?\n]")


def nation_words(norm: str) -> int:
    """How often a text speaks of the nation with 全国.

    >>> nation_words("全国各地开展安全生产月活动。南宫市开展全国安全宣传咨询日活动。第21个全国“安全生产月”")
    2
    """
    count = 0
    for hit in _NATION.finditer(norm):
        name = _CAMPAIGN_NAME.match(norm, hit.end())
        if name is not None and _NOT_IN_NAME.search(name.group()) is None:
            starts = [m.end() for m in _SENTENCE_START.finditer(norm, max(0, hit.start() - 80), hit.start())]
            if _PLACE_BEFORE.search(norm, starts[-1] if starts else max(0, hit.start() - 80), hit.start()):
                continue
        count += 1
    return count


_PARTNER = re.compile(r"(?:以及|及|和|与|同|、|联合)$")


def find_place(norm: str, reference: Reference, meta: Mapping[str, Any], text: str = "") -> Place:
    """Whose report is this? Its region first (``kg.ingest.region``: Taiwan, Hong Kong, Macau or the mainland); in
    the mainland, the level its agency forms speak for (省… / 市… / 县… / national bodies), then the jurisdiction
    of that level the text names most often; a report of a county, city or province that never names it has a place
    of its own (``unnamed_place``, from ``text``, the cleaned report), not the nation."""
    named = meta.get("jurisdiction")
    if isinstance(named, str) and (found := reference.find_jurisdiction(named)) is not None:
        return Place(found.code, found.level)
    region = find_region(norm, reference)
    if region != "cn":
        return region_place(norm, reference, region)
    scores = {level: len(pattern.findall(norm)) for level, pattern in _RELATIVE.items()}
    for level, pattern in _OWN.items():  # 全县, 我区, 本市: the report speaking of its own jurisdiction
        scores[level] += len(pattern.findall(norm))
    national = [
        m for m in longest_matches(norm, _national_forms(reference), "agency")
        if reference.agencies[m.key].level == "national" and not reference.agencies[m.key].parent
    ]
    scores["national"] = len(national) + nation_words(norm)
    named = [
        m for m in longest_matches(norm, _jurisdiction_forms(reference), "jurisdiction")
        if not _PARTNER.search(norm, max(0, m.start - 2), m.start)  # 联合…以及江西省: a partner, not the author
    ]
    # a bare place name inside a run of words (大厦门前: no 厦门) is none; after another place (福建厦门) it is one
    ends = {m.end for m in named}
    counts = Counter(
        m.key for m in named
        if not (m.start and m.start not in ends and _INSIDE_WORDS.match(norm, m.start - 1))
        or norm[m.start : m.end] == reference.jurisdictions[m.key].names["zh-Hans"]
    )
    for code, n in counts.items():
        if code != "cn" and reference.jurisdictions[code].level in scores:  # nor 澳門 named in a mainland text
            scores[reference.jurisdictions[code].level] += n
    level = max(scores, key=lambda k: (scores[k], k == "national"))
    if scores[level] == 0:
        ranked = [c for c, _ in counts.most_common() if c != "cn"]
        if ranked:
            return Place(ranked[0], reference.jurisdictions[ranked[0]].level)
        # nothing says the level: a county or city the text names (白石县“3·15”活动方案), else the nation; a town or
        # street the text names more often than either (柳岸街道开展…, 柳岸街道禁毒办…), its bodies written in full
        named = next(filter(None, (local_place(norm, lv) for lv in ("county", "municipal"))), None)
        town = local_place(norm, "township", more_than=norm.count(named.name or "") if named else 0)
        return town or named or Place("cn", "national")
    if level in ("national", "provincial") and (
        named := local_place(norm, "county", more_than=scores[level])
    ):  # 临武县举行… four times, 中共湖南省委 once: the county's report
        return named
    if level == "national" and (named := local_place(norm, "township", more_than=scores[level])):
        return named  # 柳岸街道 named more often than 全国 (全国消防日, the campaign's own name): the street's report
    if level == "national":
        return Place("cn", "national")
    # 市… also speaks for the four provincial-level cities (北京市 …), 区… for the autonomous regions
    prefix = {"provincial": "省", "municipal": "市", "county": "县", "township": "镇"}[level]
    ranked = [
        c for c, _ in counts.most_common()
        if c != "cn" and (reference.jurisdictions[c].level == level
                          or prefix in {to_hans(x) for x in reference.jurisdictions[c].prefixes})
    ]
    if ranked:
        return Place(ranked[0], reference.jurisdictions[ranked[0]].level)
    named = local_place(norm, level)
    if named is None and level == "municipal":  # 岚溪县 named three times, 市司法局 once and no city: the county's
        named = local_place(norm, "county", more_than=scores[level])
    return named or unnamed_place(level, norm, text or norm)


_INSIDE_WORDS = re.compile(rf"[{HAN}](?<![在由和与及省的赴到至是为从对向自于暨、])")


@per_reference
def cached_forms(reference: Reference, kind: str) -> dict[str, str]:
    """Simplified surface forms of jurisdictions, campaigns, products or media, computed once per loaded reference."""
    forms: dict[str, str] = {}
    if kind == "jurisdiction":
        for ref in reference.jurisdictions.values():
            for form in (ref.names.get("zh-Hans", ""), *ref.bare):
                if len(form) >= 2:
                    forms[aligned_hans(form)] = ref.code
    elif kind == "campaign":
        for c in reference.campaigns.values():
            for name in (*c.names.values(), *c.aliases):
                forms[aligned_hans(name)] = c.code
    else:
        source = reference.product_forms() if kind == "product" else reference.media_forms()
        forms = {aligned_hans(f): slug for f, slug in source.items()}
    return forms


def _jurisdiction_forms(reference: Reference) -> dict[str, str]:
    return cached_forms(reference, "jurisdiction")


def _national_forms(reference: Reference) -> Mapping[str, str]:
    return reference.agency_forms("cn")


def agency_forms(reference: Reference, place: Place) -> Mapping[str, str]:
    return reference.agency_forms(place.code if place.code in reference.jurisdictions else "cn")


LEVEL_PREFIXES = {
    "provincial": ("省",), "municipal": ("市",), "county": ("县", "区"), "township": ("镇", "乡", "街道"),
    "national": (), "region": (),
}


_SLOGAN = re.compile(
    r"(?:围绕|以)[“\"「]([^”\"」\n]{2,40})[”\"」](?:、?[“\"「][^”\"」\n]{1,40}[”\"」])*(?:这一|的)?(?:为)?主题"
    r"|主题(?:为|是)[：:]?[“\"「]([^”\"」\n]{2,40})[”\"」]"
)
# An agency that leads the whole campaign: 由X牵头, X统筹组织, X主办 …
_COORDINATES = re.compile(r"(?:牵头|统筹|主办|负责组织|组织协调)")
# A sentence whose subject is the campaign and whose agent follows 由 (本次活动由…, 活动是由…).
# …that leads it (牵头, 统筹), not one that hosts an event (此次活动是由A主办: the event is an activity of A).
_LEADS = re.compile(r"(?:牵头|统筹|负责组织|组织协调)")
_CAMPAIGN_LED_BY = re.compile(r"(?:^|(?<=[。；;！!\n]))\s*(?:本次|此次|这次)?活动(?:是|均)?由\s*\Z")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年|\D|$)")
# Years that date something else: a cited document's number (市监质〔2020〕17号) or a title (《2020年…方案》), or
# the start of a period (2019年以来).
_NOT_THE_REPORTS = re.compile(
    r"[〔【\[(（]\s*(?:19|20)\d{2}\s*[〕】\])）]|《[^《》\n]*》|(?:19|20)\d{2}年(?:以来|起|至今)"
)
_SENTENCE_END = re.compile(r"[。！!？?；;]")


def report_year(norm: str) -> int | None:
    """The campaign's year: the first one the title or the first sentence gives, else the one the text names most
    often (the latest at a tie); never a year that belongs to a cited document's number or title.

    >>> report_year("宿迁市2021年质量月总结\\n依据市监质〔2020〕17号、苏质〔2020〕3号开展。")
    2021
    >>> report_year("依据《2020年工作要点》开展抽查。2019年以来，2019年底")
    2019
    """
    others = bytearray(len(norm) + 1)
    for m in _NOT_THE_REPORTS.finditer(norm):
        others[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(norm) if not others[m.start()]]
    first_sentence = _SENTENCE_END.search(norm)
    opening = first_sentence.end() if first_sentence else len(norm)
    if years and years[0][0] < opening:
        return years[0][1]
    counts = Counter(y for _, y in years)
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def campaign_year(norm: str, meta: Mapping[str, Any]) -> int | None:
    """The campaign's year: as the ``.meta.json`` gives it, else as the text does (``report_year``)."""
    year = meta.get("year")
    return year if isinstance(year, int) else report_year(norm)


def read_campaign(
    norm: str,
    reference: Reference,
    meta: Mapping[str, Any],
    place: Place,
    agencies: list[Mention],
    preamble_end: int,
) -> CampaignInfo:
    forms = cached_forms(reference, "campaign")
    names = longest_matches(norm, forms, "campaign")
    code = next((forms[aligned_hans(str(meta["campaign"]))] for _ in [0] if str(meta.get("campaign", "")) and
                 aligned_hans(str(meta["campaign"])) in forms), None)
    if code is None:
        code = Counter(m.key for m in names).most_common(1)[0][0] if names else "campaign"
    name = next(((m.start, m.end) for m in names if m.key == code), None)
    year = campaign_year(norm, meta)
    month = meta.get("month")
    if not isinstance(month, int):
        found = re.search(r"(?<!\d)(1[0-2]|[1-9])月(?:是|为|份|期间)", norm[: max(preamble_end, 200)])
        campaign_ref = reference.campaigns.get(code)
        month = int(found.group(1)) if found else (campaign_ref.month if campaign_ref else None)
    word = (LEVEL_PREFIXES.get(place.level) or ("",))[0]  # a theme set by a place below the report's own is its own
    slogan = next((hit for hit in _SLOGAN.finditer(norm, 0, preamble_end or len(norm))
                   if not lower_place_before(norm, hit.start(), agencies, word)), None)
    # the place itself acting (青溪区开展…: its government, kind "place") is no coordinator of its own campaign
    acting = (
        m for m in agencies
        if m.start < preamble_end and m.kind != "place" and takes_part(norm, m)
    )
    coordinator = next(acting, None)
    if coordinator is None:
        first_paragraph = norm.find("\n") if "\n" in norm else len(norm)
        leads = (m for m in agencies if m.start < first_paragraph)
        coordinator = next((m for m in leads if _COORDINATES.match(norm, subject_run_end(norm, m, agencies))), None)
    if coordinator is None:  # 活动由县应急管理局牵头负责: the campaign itself is led by the body, wherever it says so
        coordinator = next((m for m in agencies if _CAMPAIGN_LED_BY.search(norm, max(0, m.start - 12), m.start)
                            and _LEADS.match(norm, subject_run_end(norm, m, agencies))), None)
    coordinators = subject_run(norm, coordinator, agencies) if coordinator is not None else ()
    span = None
    if slogan:
        group = 1 if slogan.group(1) else 2
        span = (slogan.start(group), slogan.end(group))
    return CampaignInfo(place.code, code, year, month, name, span, coordinators, place)
