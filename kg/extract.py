"""Extraction: from a cleaned report to its campaign, theme sections and agency-led activities, with spans."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.mentions import (
    DocumentMention,
    Mention,
    agency_mentions,
    document_mentions,
    initiative_mentions,
    longest_matches,
    media_mentions,
    product_mentions,
)
from kg.slugs import pinyin_slug

if TYPE_CHECKING:
    from kg.clean import CleanText
    from kg.reference import Reference

__all__ = ["ActivityRecord", "CampaignInfo", "Extraction", "Place", "ThemeRecord", "extract", "normalise"]


@dataclass(frozen=True)
class ThemeRecord:
    """A numbered theme section: its number in the report and the span of its heading text."""

    number: int
    start: int
    end: int
    body_end: int


@dataclass(frozen=True)
class ActivityRecord:
    """One agency-led statement."""

    index: int
    theme: int
    start: int
    end: int
    conductors: tuple[Mention, ...]
    agencies: tuple[Mention, ...]
    products: tuple[Mention, ...]
    documents: tuple[DocumentMention, ...]
    initiatives: tuple[Mention, ...]
    media: tuple[Mention, ...]
    activity_type: str


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


@dataclass(frozen=True)
class Extraction:
    """Everything extraction found in one report; offsets index ``clean.text`` (and ``norm``)."""

    clean: CleanText
    norm: str
    campaign: CampaignInfo
    themes: tuple[ThemeRecord, ...]
    activities: tuple[ActivityRecord, ...]


def to_simplified(text: str) -> str:
    """``text`` in Simplified script (OpenCC)."""
    from kg.clean import to_hans

    return to_hans(text)


def normalise(text: str) -> str:
    """The Simplified form of ``text`` with exactly the same length, so offsets carry over.

    >>> normalise("質量發展委員會")
    '质量发展委员会'
    """
    from kg.clean import to_hans

    whole = to_hans(text)
    if len(whole) == len(text):
        return whole
    return "".join(c if len(s := to_hans(c)) != 1 else s for c in text)


def extract(clean: CleanText, reference: Reference, meta: Mapping[str, Any] | None = None) -> Extraction:
    """Read the campaign, its themes and its activities out of a cleaned report.

    ``meta`` (from a ``.meta.json`` beside the source) may give jurisdiction, campaign, year and month; what it does not
    give is read from the text.
    """
    norm = normalise(clean.text)
    meta = meta or {}
    place = _jurisdiction(norm, reference, meta)
    agencies = agency_mentions(norm, _agency_forms(reference, place), _LEVEL_PREFIXES[place.level])
    themes = _themes(norm, agencies)
    preamble_end = themes[0].start if themes else 0
    campaign = _campaign(norm, reference, meta, place, agencies, preamble_end)
    if not themes:
        themes = (ThemeRecord(1, 0, 0, len(norm)),)
    activities = _activities(norm, themes, agencies, reference)
    covered = [(a.start, a.end) for a in activities]
    participants = tuple(
        m for m in agencies
        if m not in campaign.coordinators and _acting(norm, m) and not any(s <= m.start < e for s, e in covered)
    )
    campaign = dataclasses.replace(campaign, participants=participants)
    return Extraction(clean, norm, campaign, themes, tuple(activities))


# ---------------------------------------------------------------- campaign


_RELATIVE = {
    "provincial": re.compile(r"(?:^|(?<=[^\u4e00-\u9fff]))省[^\s，,。、；;]{1,12}?(?:厅|局|委|办)"),
    "municipal": re.compile(r"(?:^|(?<=[^\u4e00-\u9fff省]))市[^场民\s，,。、；;]{1,10}?(?:局|委|办)"),
    "county": re.compile(r"(?:^|(?<=[^\u4e00-\u9fff]))[县区][^\s，,。、；;]{1,10}?(?:局|委|办)"),
}
_LOCAL_NAME = {
    "municipal": re.compile(r"(?:^|(?<=[^\u4e00-\u9fff]))([\u4e00-\u9fff]{2,4}?市)(?=[\u4e00-\u9fff])(?!场)"),
    "county": re.compile(r"(?:^|(?<=[^\u4e00-\u9fff]))([\u4e00-\u9fff]{2,3}?[县区])(?=[\u4e00-\u9fff])"),
}


@dataclass(frozen=True)
class Place:
    """The jurisdiction a report is about: a reference code, or a name read from the text (not curated)."""

    code: str
    level: str
    name: str | None = None


def _jurisdiction(norm: str, reference: Reference, meta: Mapping[str, Any]) -> Place:
    """Whose report is this? The level its agency forms speak for (省… / 市… / 县… / national bodies), then the
    jurisdiction of that level the text names most often."""
    named = meta.get("jurisdiction")
    if isinstance(named, str) and (found := reference.find_jurisdiction(named)) is not None:
        return Place(found.code, found.level)
    scores = {level: len(pattern.findall(norm)) for level, pattern in _RELATIVE.items()}
    national = [
        m for m in longest_matches(norm, _national_forms(reference), "agency")
        if reference.agencies[m.key].level == "national" and not reference.agencies[m.key].parent
    ]
    scores["national"] = len(national) + norm.count("全国")
    counts = Counter(m.key for m in longest_matches(norm, _jurisdiction_forms(reference), "jurisdiction"))
    for code, n in counts.items():
        if code != "cn":
            scores[reference.jurisdictions[code].level] += n
    level = max(scores, key=lambda k: (scores[k], k == "national"))
    if scores[level] == 0:
        ranked = [c for c, _ in counts.most_common() if c != "cn"]
        return Place(ranked[0], reference.jurisdictions[ranked[0]].level) if ranked else Place("cn", "national")
    if level == "national":
        return Place("cn", "national")
    # 市… also speaks for the four provincial-level cities (北京市 …), 区… for the autonomous regions
    prefix = {"provincial": "省", "municipal": "市", "county": "县"}[level]
    ranked = [
        c for c, _ in counts.most_common()
        if c != "cn" and (reference.jurisdictions[c].level == level
                          or prefix in {to_simplified(x) for x in reference.jurisdictions[c].prefixes})
    ]
    if ranked:
        return Place(ranked[0], reference.jurisdictions[ranked[0]].level)
    local = Counter(_LOCAL_NAME[level].findall(norm)) if level in _LOCAL_NAME else Counter()
    if local:
        name = re.sub(r"^[由在对据与和及向从经今于]+", "", local.most_common(1)[0][0])
        return Place(pinyin_slug(name), level, name)
    return Place("cn", "national")


_FORMS_CACHE: dict[tuple[int, str], tuple[Reference, dict[str, str]]] = {}


def _cached_forms(reference: Reference, kind: str) -> dict[str, str]:
    """Simplified surface forms of jurisdictions, products or media, computed once per loaded reference."""
    key = (id(reference), kind)
    cached = _FORMS_CACHE.get(key)
    if cached is None or cached[0] is not reference:  # the id of a collected object can be reused
        forms: dict[str, str] = {}
        if kind == "jurisdiction":
            for ref in reference.jurisdictions.values():
                for form in (ref.names.get("zh-Hans", ""), *ref.bare):
                    if len(form) >= 2:
                        forms[normalise(form)] = ref.code
        else:
            source = reference.product_forms() if kind == "product" else reference.media_forms()
            forms = {normalise(f): slug for f, slug in source.items()}
        cached = (reference, forms)
        _FORMS_CACHE[key] = cached
    return cached[1]


def _jurisdiction_forms(reference: Reference) -> dict[str, str]:
    return _cached_forms(reference, "jurisdiction")


def _national_forms(reference: Reference) -> Mapping[str, str]:
    return reference.agency_forms("cn")


def _agency_forms(reference: Reference, place: Place) -> Mapping[str, str]:
    return reference.agency_forms(place.code if place.code in reference.jurisdictions else "cn")


_LEVEL_PREFIXES = {"provincial": ("省",), "municipal": ("市",), "county": ("县", "区"), "national": ()}


_SLOGAN = re.compile(
    r"(?:围绕|以)[“\"「]([^”\"」\n]{2,40})[”\"」](?:、?[“\"「][^”\"」\n]{1,40}[”\"」])*(?:这一|的)?(?:为)?主题"
    r"|主题(?:为|是)[：:]?[“\"「]([^”\"」\n]{2,40})[”\"」]"
)
# An agency that leads the whole campaign: 由X牵头, X统筹组织, X主办 …
_COORDINATES = re.compile(r"(?:牵头|统筹|主办|负责组织|组织协调)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年|\D|$)")


def _campaign(
    norm: str,
    reference: Reference,
    meta: Mapping[str, Any],
    place: Place,
    agencies: list[Mention],
    preamble_end: int,
) -> CampaignInfo:
    forms = {normalise(a): c.code for c in reference.campaigns.values() for a in (*c.names.values(), *c.aliases)}
    names = longest_matches(norm, {f: c for f, c in forms.items() if f}, "campaign")
    code = next((forms[normalise(str(meta["campaign"]))] for _ in [0] if str(meta.get("campaign", "")) and
                 normalise(str(meta["campaign"])) in forms), None)
    if code is None:
        code = Counter(m.key for m in names).most_common(1)[0][0] if names else "campaign"
    name = next(((m.start, m.end) for m in names if m.key == code), None)
    year = meta.get("year")
    if not isinstance(year, int):
        years = Counter(int(y) for y in _YEAR.findall(norm))
        year = max(years, key=lambda y: (years[y], y)) if years else None
    month = meta.get("month")
    if not isinstance(month, int):
        found = re.search(r"(?<!\d)(1[0-2]|[1-9])月(?:是|为|份|期间)", norm[: max(preamble_end, 200)])
        campaign_ref = reference.campaigns.get(code)
        month = int(found.group(1)) if found else (campaign_ref.month if campaign_ref else None)
    slogan = _SLOGAN.search(norm, 0, preamble_end or len(norm))
    coordinator = next((m for m in agencies if m.start < preamble_end and _acting(norm, m)), None)
    if coordinator is None:
        first_paragraph = norm.find("\n") if "\n" in norm else len(norm)
        leads = (m for m in agencies if m.start < first_paragraph)
        coordinator = next((m for m in leads if _COORDINATES.match(norm, _run_end(norm, m, agencies))), None)
    coordinators = _run(norm, coordinator, agencies) if coordinator is not None else ()
    span = None
    if slogan:
        group = 1 if slogan.group(1) else 2
        span = (slogan.start(group), slogan.end(group))
    return CampaignInfo(place.code, code, year, month, name, span, coordinators, place)


# ---------------------------------------------------------------- themes

_NUMERALS = "一二三四五六七八九十"
_BRACKETED = re.compile(rf"[(（]([{_NUMERALS}]{{1,3}})[)）]")
_ENUMERATED = re.compile(rf"(?m)^[ \t\u3000]*([{_NUMERALS}]{{1,3}})、")


def _chinese_number(numeral: str) -> int:
    """The value of a Chinese numeral up to 99.

    >>> _chinese_number("十二"), _chinese_number("三十"), _chinese_number("二十一")
    (12, 30, 21)
    """
    values = {c: i + 1 for i, c in enumerate(_NUMERALS)}
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + values[numeral[1]]
    if numeral.endswith("十"):
        return values[numeral[0]] * 10
    if "十" in numeral:
        return values[numeral[0]] * 10 + values[numeral[2]]
    return values[numeral[0]]


def _themes(norm: str, agencies: list[Mention]) -> tuple[ThemeRecord, ...]:
    """Top-level numbered headings: ``一、`` at line start when there are two or more, else ``(一)`` anywhere a
    heading can start (line start, or after a sentence end), even mid-line."""
    candidates = list(_ENUMERATED.finditer(norm))
    if len(candidates) < 2:
        candidates = [m for m in _BRACKETED.finditer(norm) if _heading_position(norm, m.start())]
    heads: list[tuple[int, int, int]] = []
    expected = 1
    for m in candidates:
        number = _chinese_number(m.group(1))
        if number != expected:
            continue
        heads.append((number, m.end(), _heading_end(norm, m.end(), agencies)))
        expected += 1
    themes = []
    for i, (number, start, end) in enumerate(heads):
        body_end = candidates_start(norm, heads[i + 1][1]) if i + 1 < len(heads) else len(norm)
        themes.append(ThemeRecord(number, start, end, body_end))
    return tuple(themes)


def candidates_start(norm: str, heading_text_start: int) -> int:
    """Where the heading marker (``(二)`` or ``二、``) that precedes ``heading_text_start`` begins."""
    i = heading_text_start - 1
    while i > 0 and norm[i - 1] not in "。；;！!\n \t\u3000":
        i -= 1
    return i


def _heading_position(norm: str, start: int) -> bool:
    before = norm[:start].rstrip(" \t\u3000")
    return not before or before[-1] in "\n。；;！!"


def _heading_end(norm: str, start: int, agencies: list[Mention]) -> int:
    line_end = norm.find("\n", start)
    end = len(norm) if line_end < 0 else line_end
    stop = re.search(r"[。：:]", norm[start:end])
    if stop:
        end = start + stop.start()
    for m in agencies:
        if start < m.start < end and norm[m.start - 1] in " \t\u3000":
            end = m.start
            break
    return start + len(norm[start:end].rstrip(" \t\u3000，,；;"))


# ---------------------------------------------------------------- activities

_BOUNDARY = "。；;！!\n"
_CONNECTOR = re.compile(
    r"\s*(?:将|也|还|拟)?\s*(?:、|，|,|和|与|及|以及|会同|联合|协同|携手)\s*|\s*[(（]\s*|\s*[)）]\s*(?:、|和|与)\s*"
)
# Bodies named as authorities rather than actors: 贯彻落实省委、省政府关于…, 按照市场监管总局的部署 …
_NOT_ACTING_BEFORE = re.compile(r"(?:贯彻落实|贯彻|落实|按照|根据|遵照|依据|经)$")
_NOT_ACTING_AFTER = re.compile(r"(?:、[^，,。；;]{1,12}?)*(?:关于|的决策|决策部署|的部署|的要求|部署要求|的统一)")
_LEAD_VERB = re.compile(r"(?:将|还|也|在|于|对|作为|联合|会同|与|和|、|开展|组织|召开|印发|发布|举办|推进|推动|启动|"
                        r"部署|出台|制定|牵头|指导|加强|实施|完成|持续|深入|积极|大力|围绕|聚焦|以|通过|结合|同时|"
                        r"进一步|全面|认真|扎实|先后|分别|共|首次|成功|专门|集中|全力|坚持|针对|按照|根据|依托|利用)")


@dataclass(frozen=True)
class _Statement:
    """A statement's span, the agencies that carry it out, and the part of it that says what they do."""

    start: int
    end: int
    subject: tuple[Mention, ...]
    body_start: int
    body_end: int


# A plan names who is responsible after the task: （责任单位：省市场监管局、省教育厅）, （牵头单位：…；配合单位：…）.
_DUTY = re.compile(r"[(（]\s*(?:(?:牵头|责任|主办|承办|配合|参与|实施)(?:单位|部门)[:：][^()（）\n]*)[)）]")


def _statements(norm: str, theme: ThemeRecord, in_body: list[Mention]) -> list[_Statement]:
    """Agency-led statements (``省市场监管局开展…``) and tasks with a responsible-units bracket, in text order."""
    found: list[_Statement] = []
    for duty in _DUTY.finditer(norm, theme.end, theme.body_end):
        named = tuple(m for m in in_body if duty.start() <= m.start < duty.end())
        if not named:
            continue
        before = norm[theme.end : duty.start()].rstrip("。；;，, \t\u3000")
        start = theme.end + max((before.rfind(c) for c in "\n。；;"), default=-1) + 1
        start = max(start, found[-1].end if found else theme.end)
        start += len(norm[start : duty.start()]) - len(norm[start : duty.start()].lstrip())
        found.append(_Statement(start, duty.end(), named, start, duty.start()))
    inside = [(x.start, x.end) for x in found]
    led = _statement_starts(norm, theme.end, [m for m in in_body if not any(s <= m.start < e for s, e in inside)])
    boundaries = sorted([x.start for x in found] + [st for st, _ in led])
    for start, subject in led:
        later = [b for b in boundaries if b > start]
        end = _paragraph_end(norm, start, later[0] if later else theme.body_end)
        end = start + len(norm[start:end].rstrip())
        found.append(_Statement(start, end, tuple(subject), subject[-1].end, end))
    return sorted(found, key=lambda x: x.start)


def _paragraph_end(norm: str, start: int, end: int) -> int:
    """A statement runs on to the next one, but not past the end of its paragraph: a line break after a sentence
    end, or after a line with no sentence in it (a title). A line broken mid-sentence (hard-wrapped text) runs on.
    """
    line_start = start
    while (newline := norm.find("\n", line_start, end)) >= 0:
        line = norm[line_start:newline].rstrip()
        if not line or line[-1] in "。；;！!？?" or "。" not in norm[start:newline]:
            return newline
        line_start = newline + 1
    return end


def _activities(
    norm: str, themes: tuple[ThemeRecord, ...], agencies: list[Mention], reference: Reference
) -> list[ActivityRecord]:
    records: list[ActivityRecord] = []
    product_forms = _cached_forms(reference, "product")
    media_forms = _cached_forms(reference, "media")
    for theme in themes:
        in_body = [m for m in agencies if theme.end <= m.start < theme.body_end]
        for st in _statements(norm, theme, in_body):
            documents = document_mentions(norm, st.body_start, st.body_end)
            initiatives = initiative_mentions(norm, st.body_start, st.body_end)
            titles = [(d.start, d.end) for d in documents]
            blocked = titles + [(x.start, x.end) for x in initiatives]
            products = product_mentions(norm, product_forms, blocked, st.body_start, st.body_end)
            media = media_mentions(norm, media_forms, st.body_start, st.body_end)
            others = tuple(
                m for m in in_body
                if st.start <= m.start < st.end and m not in st.subject and _acting(norm, m)
            )
            records.append(
                ActivityRecord(
                    index=len(records) + 1,
                    theme=theme.number,
                    start=st.start,
                    end=st.end,
                    conductors=st.subject,
                    agencies=st.subject + others,
                    products=tuple(products),
                    documents=tuple(documents),
                    initiatives=tuple(initiatives),
                    media=tuple(m for m in media if not any(a.overlaps(m.start, m.end) for a in others)),
                    activity_type=activity_type(norm, st.body_start, st.body_end, titles),
                )
            )
    return records


def _run(norm: str, first: Mention, agencies: list[Mention]) -> tuple[Mention, ...]:
    """``first`` and the agencies joined to it by connectors (A和B, A、B、C, A联合B)."""
    run = [first]
    for m in agencies:
        if m.start >= run[-1].end and _CONNECTOR.fullmatch(norm[run[-1].end : m.start]):
            run.append(m)
        elif m.start >= run[-1].end:
            break
    return tuple(run)


def _run_end(norm: str, first: Mention, agencies: list[Mention]) -> int:
    """Where the run of agencies that ``first`` opens ends, skipping 共同/联合 before the verb."""
    end = _run(norm, first, agencies)[-1].end
    lead = re.match(r"\s*(?:共同|联合|一起)?", norm[end:])
    return end + (lead.end() if lead else 0)


def _acting(norm: str, m: Mention) -> bool:
    """False for a body named as the authority behind a policy (``贯彻落实省委、省政府关于…``)."""
    return not (_NOT_ACTING_BEFORE.search(norm, max(0, m.start - 4), m.start) or _NOT_ACTING_AFTER.match(norm, m.end))


def _statement_starts(norm: str, body_start: int, agencies: list[Mention]) -> list[tuple[int, list[Mention]]]:
    """Each agency mention that opens a statement, with the run of agencies that act jointly as its subject."""
    starts: list[tuple[int, list[Mention]]] = []
    i = 0
    while i < len(agencies):
        m = agencies[i]
        if not _opens_statement(norm, body_start, m):
            i += 1
            continue
        subject = [m]
        j = i + 1
        while j < len(agencies):
            gap = norm[subject[-1].end : agencies[j].start]
            if not _CONNECTOR.fullmatch(gap):
                break
            subject.append(agencies[j])
            j += 1
        starts.append((m.start, subject))
        i = j
    return starts


def _opens_statement(norm: str, body_start: int, m: Mention) -> bool:
    before = norm[body_start : m.start]
    stripped = before.rstrip(" \t\u3000")
    if not stripped or stripped[-1] in _BOUNDARY:
        return True
    return stripped[-1] in "，,：:" and bool(_LEAD_VERB.match(norm, m.end))


# Activity types: the earliest specific keyword in the statement decides; generic words only as a fallback.
_TYPE_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("TypeProductComparison", r"比对|对标比"),
    ("TypeDocumentIssuance", r"印发|出台|颁布|制定(?:了)?《|发布(?:了)?《"),
    ("TypeEnforcement", r"查办|整治|执法|打击|查处|铁拳"),
    ("TypeInspection", r"督查|检查|抽检|抽查|稽查|考核|督导|巡查|监测|排查|飞行检查"),
    ("TypeTraining", r"培训|讲堂|课堂|宣贯|授课|讲座|教育"),
    ("TypeCompetitionOrAward", r"大赛|比赛|竞赛|评审|评定|评选|评比|表彰|奖"),
    ("TypeConferenceOrOnSiteEvent", r"召开|会议|观摩|现场会|交流|论坛|开放日|座谈|研讨|峰会|博览"),
    ("TypePublicity", r"宣传|报道|广告|媒体|普及|科普|展示|展览|进校园|进社区|进企业|进高校"),
    ("TypeImprovementProgramme", r"培育|提升行动|提升工程|创建|示范|帮扶|提升"),
)


def activity_type(norm: str, start: int, end: int, masked: list[tuple[int, int]]) -> str:
    """The ``govkg:Type…`` local name for the statement ``[start, end)``; masked spans (titles, names) are skipped.

    >>> activity_type("省局组织质量培训班", 2, 9, [])
    'TypeTraining'
    """
    text = list(norm[start:end])
    for s, e in masked:
        for k in range(max(s, start), min(e, end)):
            text[k - start] = "\u3000"
    body = "".join(text)
    best: tuple[int, str] | None = None
    for name, pattern in _TYPE_KEYWORDS:
        found = re.search(pattern, body)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), name)
    return best[1] if best else "TypeOther"
