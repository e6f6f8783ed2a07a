"""Extraction: from a cleaned report to its campaign, theme sections and agency-led activities, with spans."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.ingest.campaign import (
    LEVEL_PREFIXES,
    CampaignInfo,
    Place,
    agency_forms,
    cached_forms,
    find_place,
    normalise,
    read_campaign,
)
from kg.ingest.mentions import (
    DocumentMention,
    Mention,
    agency_mentions,
    document_mentions,
    initiative_mentions,
    media_mentions,
    product_mentions,
)
from kg.ingest.roles import CONNECTOR, is_acting

if TYPE_CHECKING:
    from kg.ingest.clean import CleanText
    from kg.ingest.reference import Reference

__all__ = [
    "ActivityRecord",
    "CampaignInfo",
    "Extraction",
    "Place",
    "ThemeRecord",
    "activity_type",
    "extract",
    "normalise",
]


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
class Extraction:
    """Everything extraction found in one report; offsets index ``clean.text`` (and ``norm``)."""

    clean: CleanText
    norm: str
    campaign: CampaignInfo
    themes: tuple[ThemeRecord, ...]
    activities: tuple[ActivityRecord, ...]


def extract(clean: CleanText, reference: Reference, meta: Mapping[str, Any] | None = None) -> Extraction:
    """Read the campaign, its themes and its activities out of a cleaned report.

    ``meta`` (from a ``.meta.json`` beside the source) may give jurisdiction, campaign, year and month; what it does not
    give is read from the text.
    """
    norm = normalise(clean.text)
    meta = meta or {}
    place = find_place(norm, reference, meta)
    agencies = agency_mentions(norm, agency_forms(reference, place), LEVEL_PREFIXES[place.level])
    themes = _themes(norm, agencies)
    preamble_end = themes[0].start if themes else 0
    campaign = read_campaign(norm, reference, meta, place, agencies, preamble_end)
    if not themes:
        themes = (ThemeRecord(1, 0, 0, len(norm)),)
    activities = _activities(norm, themes, agencies, reference)
    covered = bytearray(len(norm) + 1)  # 1 where a statement covers the character
    for a in activities:
        covered[a.start : a.end] = b"\x01" * (a.end - a.start)
    participants = tuple(
        m for m in agencies
        if not covered[m.start] and m not in campaign.coordinators and is_acting(norm, m)
    )
    campaign = dataclasses.replace(campaign, participants=participants)
    return Extraction(clean, norm, campaign, themes, tuple(activities))


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
    product_forms = cached_forms(reference, "product")
    media_forms = cached_forms(reference, "media")
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
                if st.start <= m.start < st.end and m not in st.subject and is_acting(norm, m)
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
            if not CONNECTOR.fullmatch(gap):
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
        lo, hi = max(s, start) - start, min(e, end) - start
        if lo < hi:
            text[lo:hi] = ["\u3000"] * (hi - lo)
    found = _TYPE.search("".join(text))  # the leftmost keyword; at one place, the type listed first
    return found.lastgroup or "TypeOther" if found else "TypeOther"


_TYPE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TYPE_KEYWORDS))
