"""Extraction: from a cleaned report to its campaign, theme sections and agency-led activities, with spans."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.ingest.activity_types import activity_type
from kg.ingest.campaign import LEVEL_PREFIXES, agency_forms, cached_forms, campaign_year, find_place, read_campaign
from kg.ingest.clause_heads import clause_heads
from kg.ingest.co_hosts import co_hosts, enlisted_groups
from kg.ingest.collective import collective_bodies
from kg.ingest.departments import kind_alone, stem_departments
from kg.ingest.documents import Aliases, document_aliases, document_mentions, numbered_alike, title_spans
from kg.ingest.elided import elided_bodies
from kg.ingest.hongkong_police import formations, joint_police, police_as_unit, staff_units
from kg.ingest.initiatives import initiative_mentions, media_mentions
from kg.ingest.issuers import issuer_names, issuers_block
from kg.ingest.lists import listed_agencies
from kg.ingest.mentions import DocumentMention, Mention, MentionIndex, agency_mentions
from kg.ingest.officials import named_heads, past_regulations
from kg.ingest.org_heads import joined_organisations
from kg.ingest.own_bodies import (
    bare_own_bodies,
    counted_departments,
    level_self_references,
    own_governments,
    own_stem_bodies,
    self_references,
    that_bodies,
)
from kg.ingest.own_place import own_prefix, own_prefixes, place_names
from kg.ingest.paired_places import paired_places
from kg.ingest.parties import party_committees
from kg.ingest.partners import back_references, event_partners, joined_later, names_only
from kg.ingest.place_governments import place_subjects
from kg.ingest.place_units import place_units
from kg.ingest.places import own_word, stem_named
from kg.ingest.products import product_mentions
from kg.ingest.referents import meanwhile_subjects, police_referents, referred_subjects
from kg.ingest.region import department_sections, listed_region_bodies, police_districts
from kg.ingest.roles import is_acting, takes_part
from kg.ingest.script import aligned_hans
from kg.ingest.sections import bureau_sections
from kg.ingest.staff import staff_mentions
from kg.ingest.statements import Statement, find_statements
from kg.ingest.stations import community_stations, shared_suffix_units
from kg.ingest.taiwan_bodies import taiwan_bodies
from kg.ingest.taiwan_forms import one_department_form
from kg.ingest.taiwan_officers import consumer_officers
from kg.ingest.themes import ThemeRecord, find_themes
from kg.ingest.topics import TopicRecord, activity_topics, general_topic, keyword_topics, theme_topics
from kg.ingest.township import one_government, town_stations
from kg.ingest.units import taiwan_local_government, units

if TYPE_CHECKING:
    from kg.ingest.campaign import CampaignInfo
    from kg.ingest.clean import CleanText
    from kg.ingest.reference import Reference

__all__ = ["ActivityRecord", "Extraction", "extract", "themes_with_topics"]


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
    topics: tuple[TopicRecord, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything extraction found in one report; offsets index ``clean.text`` (and ``norm``)."""

    clean: CleanText
    norm: str
    campaign: CampaignInfo
    themes: tuple[ThemeRecord, ...]
    activities: tuple[ActivityRecord, ...]
    documents: tuple[DocumentMention, ...] = ()  # cited outside every activity: by the report
    agencies: tuple[Mention, ...] = ()  # every agency mention recognised, acting or not


def extract(clean: CleanText, reference: Reference, meta: Mapping[str, Any] | None = None) -> Extraction:
    """Read the campaign, its themes and its activities out of a cleaned report.

    ``meta`` (from a ``.meta.json`` beside the source) may give jurisdiction, campaign, year and month; what it does not
    give is read from the text.
    """
    norm = aligned_hans(clean.text)
    meta = meta or {}
    place = find_place(norm, reference, meta, clean.text)
    forms = agency_forms(reference, place)
    agencies = agency_mentions(norm, forms, LEVEL_PREFIXES[place.level])
    agencies = sorted(agencies + staff_mentions(norm, forms, own_prefixes(reference, place), agencies), key=_start)
    agencies = own_governments(norm, agencies, forms)
    agencies = party_committees(norm, agencies, place_names(reference, place))  # 民盟市委, 共青团青竹县委
    if place.code == "cn":  # 国家发展改革委 生态环境部 … 国资委 above 关于…的通知: the notice's issuers
        agencies = issuer_names(norm, agencies, forms)
    region = reference.region_of(place.code) if place.code in reference.jurisdictions else "cn"
    if region in ("cn", "tw"):  # a mainland place, or a Taiwan county or city (嘉義縣啟動…: its government)
        agencies = place_subjects(norm, agencies, own_prefix(reference, place), place_names(reference, place), forms,
                                  lower=region == "cn")
    if region == "tw":  # 高雄市消保官, 會同消保官: the officer of a government, acting for it
        own = f"{place.code}-gov" if taiwan_local_government(f"{place.code}-gov", reference) else None
        agencies = consumer_officers(norm, agencies, reference, own)
    agencies = community_stations(norm, units(norm, agencies, reference, place.code), own_prefix(reference, place))
    listed = reference.jurisdictions.get(place.code)
    if own_name := place.name or (listed.names.get("zh-Hans", "") if listed else ""):
        agencies = own_stem_bodies(norm, agencies, own_name, forms)  # 鹤鸣消防救援大队 in 鹤鸣区's report
    if region == "tw":
        government = reference.agencies.get(f"{place.code}-gov")
        agencies = taiwan_bodies(norm, agencies, government.names["zh-Hans"] if government else "")
    if place.level == "township":  # its stations written bare: 供电所, 卫生院, 石门村委会
        agencies = town_stations(norm, agencies, own_prefix(reference, place))
    agencies = clause_heads(norm, agencies, own_prefix(reference, place), forms)
    if region == "cn":  # 全市各县区市场监管局也开展…; 戒毒工作站联合司法所、某村开展…: organisations unknown, together
        agencies = collective_bodies(norm, agencies, place_names(reference, place))
        agencies = joined_organisations(norm, agencies, own_prefix(reference, place), forms)
    in_lists = listed_agencies(norm, agencies, own_prefix(reference, place), forms, campaign_year(norm, meta))
    agencies = elided_bodies(norm, in_lists, forms)
    agencies = bare_own_bodies(norm, agencies, place)
    agencies = level_self_references(norm, self_references(norm, agencies, _parents(reference, agencies)))
    agencies = that_bodies(norm, agencies) if region != "cn" else agencies  # 該分局: the branch named before
    if region == "cn":  # a mainland bureau's sections; elsewhere sections are listed, 包括拜訪社區中心 is no unit
        agencies = bureau_sections(norm, agencies, reference)  # 局质计股, 执法大队, 白沙市场监督管理所
    agencies = counted_departments(norm, shared_suffix_units(norm, agencies))  # 城关及西城派出所; 22个市级部门
    agencies = stem_departments(norm, stem_named(agencies, place))  # 教育部门 after 县教育局: that body
    agencies = one_government(agencies, place.name or "", own_word(place))  # 镇政府 as 白沙镇人民政府
    agencies = kind_alone(norm, agencies)  # 总队 after 某市公安消防总队: that body
    if region in ("hk", "mo"):
        agencies = staff_units(norm, named_heads(norm, agencies))  # 保安局局長鄧炳強到訪: the secretary, not the bureau
    if region == "hk":
        agencies = formations(norm, department_sections(norm, police_districts(norm, agencies)))  # 警方反恐特勤隊
    if region != "cn":
        agencies = enlisted_groups(norm, co_hosts(norm, paired_places(norm, agencies, forms)))  # A與B大學共同舉辦
        agencies = listed_region_bodies(norm, place_units(norm, agencies, reference, region))
        agencies = joint_police(norm, agencies) if region in ("hk", "mo") else agencies  # 粵港澳三地警方
    if region == "tw" and (government := reference.agencies.get(f"{place.code}-gov")):  # 环保局 as 环境保护局
        agencies = one_department_form(agencies, government.names["zh-Hans"], place_names(reference, place))
    themes = find_themes(norm, agencies)
    preamble_end = themes[0].start if themes else 0
    campaign = read_campaign(norm, reference, meta, place, agencies, preamble_end)
    if not themes:
        themes = (ThemeRecord(1, 0, 0, len(norm)),)
    media = cached_forms(reference, "media")
    aliases = document_aliases(norm, agencies, media)
    issued = issuers_block(norm, agencies, forms) if place.code == "cn" else None
    header = Statement(issued[0], issued[1], issued[2], issued[3], issued[1]) if issued else None
    activities = _activities(clean.text, norm, themes, agencies, reference, campaign.coordinators, aliases, header)
    themes = themes_with_topics(clean.text, norm, themes, activities, agencies, campaign, reference)
    covered = bytearray(len(norm) + 1)  # 1 where a statement covers the character
    for a in activities:
        covered[a.start : a.end] = b"\x01" * (a.end - a.start)
    participants = tuple(
        m for m in agencies
        if not covered[m.start] and m not in campaign.coordinators and takes_part(norm, m)
    )
    campaign = dataclasses.replace(campaign, participants=participants)
    cited = [
        d for d in document_mentions(norm, 0, len(norm), agencies, media, aliases)
        if not covered[(d.alias or (d.start, d.end))[0]]
    ]
    numbers = numbered_alike(norm, [*cited, *(d for a in activities for d in a.documents)])
    cited = [_numbered(norm, d, numbers) for d in cited]
    activities = [
        dataclasses.replace(a, documents=tuple(_numbered(norm, d, numbers) for d in a.documents)) for a in activities
    ]
    return Extraction(clean, norm, campaign, themes, tuple(activities), tuple(cited), tuple(agencies))


def _activities(
    text: str,
    norm: str,
    themes: tuple[ThemeRecord, ...],
    agencies: list[Mention],
    reference: Reference,
    coordinators: tuple[Mention, ...],
    aliases: Aliases,
    header: Statement | None = None,
) -> list[ActivityRecord]:
    records: list[ActivityRecord] = []
    product_forms = cached_forms(reference, "product")
    media_forms = cached_forms(reference, "media")
    every = MentionIndex(agencies)
    for theme in themes:
        in_body = MentionIndex(every.starting(theme.end, theme.body_end))
        statements = find_statements(norm, theme, in_body, coordinators)
        statements = back_references(norm, theme.end, theme.body_end, statements)
        statements = event_partners(norm, theme.end, theme.body_end, statements, list(in_body.mentions))
        statements = referred_subjects(norm, theme.end, theme.body_end, statements, in_body)
        statements = meanwhile_subjects(norm, theme.end, theme.body_end, statements, in_body)
        statements = police_as_unit(norm, police_referents(norm, statements, in_body), every.mentions)
        statements = past_regulations(norm, statements)  # 內政部於99年發布「…辦法」: background
        for st in [header, *statements] if header and theme is themes[0] else statements:
            if st is not header and st.body_start >= st.subject[-1].end and names_only(norm, st.subject, st.end):
                continue  # a byline or a list cut off, unless its task comes first (（一）开展…。责任单位：A、B)
            documents = document_mentions(norm, st.body_start, st.body_end, in_body, media_forms, aliases)
            initiatives = initiative_mentions(norm, st.body_start, st.body_end)
            titles = title_spans(norm, st.body_start, st.body_end)  # documents' and any other (《中国质量报》)
            media = media_mentions(norm, media_forms, st.body_start, st.body_end)
            named = [(m.start, m.end) for m in in_body.overlapping(st.body_start, st.body_end)]
            blocked = titles + [(x.start, x.end) for x in initiatives] + named + [(x.start, x.end) for x in media]
            products = product_mentions(norm, product_forms, blocked, st.body_start, st.body_end)
            kind = activity_type(norm, st.body_start, st.body_end, titles + named)  # 县教育局 is no training
            names = titles + [(m.start, m.end) for m in in_body.overlapping(st.start, st.end)] + [
                (x.start, x.end) for x in media]
            subject = st.subject + joined_later(norm, st.subject, st.end, list(in_body.starting(st.start, st.end)))
            others = tuple(
                m for m in in_body.starting(st.start, st.end) if m not in subject and is_acting(norm, m)
            )
            records.append(
                ActivityRecord(
                    index=len(records) + 1,
                    theme=theme.number,
                    start=st.start,
                    end=st.end,
                    conductors=subject,
                    agencies=subject + others,
                    products=tuple(products),
                    documents=tuple(documents),
                    initiatives=tuple(initiatives),
                    media=tuple(m for m in media if not any(a.overlaps(m.start, m.end) for a in others)),
                    activity_type=kind,
                    topics=activity_topics(norm, text, st.start, st.end, names, kind, reference.topics),
                )
            )
    return records


def themes_with_topics(
    text: str,
    norm: str,
    themes: tuple[ThemeRecord, ...],
    activities: list[ActivityRecord],
    agencies: list[Mention],
    campaign: CampaignInfo,
    reference: Reference,
) -> tuple[ThemeRecord, ...]:
    """Each theme with its topics: its title's keywords (the slogan or the campaign's name for the one theme of a
    report without sections, as the graph names it), else those most of its activities have, else most of the
    report's, else the campaign's name's, else the general topic (never none)."""
    out = []
    for theme in themes:
        start, end = (theme.start, theme.end) if theme.end > theme.start else (
            campaign.slogan or campaign.name or (0, 0))
        masked = title_spans(norm, start, end) + [(m.start, m.end) for m in agencies if m.overlaps(start, end)]
        titled = keyword_topics(norm, text, start, end, masked, reference.topics)
        own = [a.topics for a in activities if a.theme == theme.number]
        topics = theme_topics(titled, own or [a.topics for a in activities], reference.topics)
        if not topics and campaign.name:  # no keyword, no activity in the whole report: the campaign's own name
            topics = keyword_topics(norm, text, *campaign.name, [], reference.topics)
        out.append(dataclasses.replace(theme, topics=topics or general_topic(reference.topics)))
    return tuple(out)


def _numbered(norm: str, doc: DocumentMention, numbers: Mapping[str, tuple[int, int]]) -> DocumentMention:
    """``doc`` with the number the report prints for its title elsewhere, when it has none here."""
    number = numbers.get(norm[doc.start : doc.end]) if doc.number is None else None
    return dataclasses.replace(doc, number=number) if number else doc


def _parents(reference: Reference, agencies: list[Mention]) -> dict[str, tuple[str, str]]:
    """Each listed body named that has a parent: its key -> the parent's key and Simplified name."""
    parents = {}
    for m in agencies:
        ref = reference.agencies.get(m.key) if m.curated else None
        if ref is not None and ref.parent is not None and ref.parent in reference.agencies:
            parents[m.key] = (ref.parent, reference.agencies[ref.parent].names["zh-Hans"])
    return parents


def _start(m: Mention) -> int:
    return m.start
