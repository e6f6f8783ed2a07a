"""Graph: turn an extraction into the data contract's RDF, every extracted resource with its evidence span."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from kg.build.agencies import ResourceBuilder
from kg.build.contract import (
    ASSOCIATED,
    BASE,
    COMMENT,
    CONCEPT_SCHEME,
    DERIVED,
    IDENTIFIER,
    IN_SCHEME,
    NOTATION,
    PREF,
    TITLE,
    TRUE,
    VALUE,
    XSD_GYEAR,
    XSD_INTEGER,
    A,
    G,
    ReportSource,
    ReportTriples,
    evidence_triples,
    name_agencies,
    plain,
    tagged,
    typed,
)
from kg.build.provenance import evidence_pages, source_triples
from kg.build.topics import topic_triples
from kg.ingest.documents import normalise_number
from kg.ingest.places import place_labels
from kg.namespaces import GOVKG, SKOS, bind_prefixes
from kg.slugs import pinyin_slug

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.ingest.extract import ActivityRecord, Extraction
    from kg.ingest.mentions import DocumentMention, Mention
    from kg.ingest.reference import Reference
    from kg.ingest.reference_records import TermRef
    from kg.ingest.themes import ThemeRecord

__all__ = ["report_graph", "report_triples"]

_TYPE_EN = {
    "TypeInspection": "inspection",
    "TypeEnforcement": "enforcement",
    "TypeTraining": "training",
    "TypePublicity": "publicity",
    "TypeCompetitionOrAward": "competition or award",
    "TypeDocumentIssuance": "document issuance",
    "TypeConferenceOrOnSiteEvent": "conference or on-site event",
    "TypeProductComparison": "product comparison",
    "TypeImprovementProgramme": "improvement programme",
    "TypeOther": "other activity",
}

_MENTIONS_DOCUMENT = str(GOVKG.mentionsDocument)

# Where an activity's short label ends: the first of these characters after its start.
_CUT_CHARS = "，,。；;\n"
_CUT = re.compile("[，,。；;\n]")


class _Builder(ResourceBuilder):
    """Adds one report's resources to a set of triples; one instance per report."""

    def __init__(self, out: ReportTriples, extraction: Extraction, reference: Reference, source: ReportSource) -> None:
        super().__init__(out, extraction, reference, source)
        self.titles: dict[str, dict[str, str]] = {}  # a title without its spaces (an initiative's IRI) -> its labels

    def term(self, mention: Mention, kind: str, cls: str, curated_terms: Mapping[str, TermRef]) -> str:
        """A product or media outlet: curated from reference data, else labelled from the text."""
        surface = self.text[mention.start : mention.end]
        if mention.curated:
            ref = curated_terms[mention.key]
            node = f"{BASE}{kind}/{mention.key}"
            names = dict(ref.names)
            self.labels(node, names)
            self.add(node, G["curated"], TRUE)
        else:
            names = self.both(surface)
            node = f"{BASE}{kind}/{pinyin_slug(names['zh-Hans'])}"
            self.translated(node, names)
        self.add(node, A, cls)
        if cls == G["RegulatedProduct"]:
            self.add(node, IN_SCHEME, G["ProductScheme"])
        self.alt_labels(node, surface, names)
        self.span_evidence(node, mention.start, mention.end)
        return node

    def document(self, doc: DocumentMention, issuers: Iterable[str]) -> str:
        names = self.titles.setdefault(re.sub(r"\s+", "", self.x.norm[doc.start : doc.end]), self.both(
            self.text[doc.start : doc.end]))  # one document, one label: a title written again with other spaces
        key = names["zh-Hans"]
        if doc.number is not None:
            key = normalise_number(self.x.norm[doc.number[0] : doc.number[1]]).rstrip("号")
        node = f"{BASE}document/{pinyin_slug(key)}"
        names = self.titles.setdefault(node, names)  # …or one number cited under two titles: labelled as first cited
        self.add(node, A, G["PolicyDocument"])
        self.translated(node, names)
        if doc.number is not None:
            printed = self.text[doc.number[0] : doc.number[1]]
            number = normalise_number(printed)
            self.add(node, G["documentNumber"], plain(number))
            # quoted as printed; a number written otherwise (【2024】 as 〔2024〕) is quoted with its title
            self.span_evidence(node, doc.number[0] if number == printed else doc.start, doc.number[1])
        for issuer in [self.agency(m) for m in doc.issuers] or (issuers if doc.issued else ()):
            self.add(node, G["issuedBy"], issuer)
        self.alt_labels(node, self.text[doc.start : doc.end], names)  # none but a title written in neither script
        self.span_evidence(node, doc.start, doc.end)
        if doc.alias is not None:  # cited here by the short name the text gave it
            self.alt_labels(node, self.text[doc.alias[0] : doc.alias[1]], names)
            self.span_evidence(node, *doc.alias)
        return node

    def initiative(self, mention: Mention) -> str:
        names = self.both(written := self.text[mention.start : mention.end].strip())
        node = f"{BASE}initiative/{pinyin_slug(names['zh-Hans'])}"
        names = self.titles.setdefault(node, names)  # 12·4 then 12.4: one node, labelled as first written
        self.add(node, A, G["Initiative"])
        self.translated(node, names)
        self.alt_labels(node, written, names)
        self.span_evidence(node, mention.start, mention.end)
        return node

    def theme(self, record: ThemeRecord) -> str:
        number, start, end = record.number, record.start, record.end
        node = f"{BASE}theme/{self.slug}/{number}"
        add = self.add
        topic_triples(add, node, record.topics)
        add(node, A, G["CampaignTheme"])
        add(node, IN_SCHEME, f"{BASE}theme/{self.slug}")
        add(node, NOTATION, plain(str(number)))
        add(self.campaign, G["hasTheme"], node)
        if end <= start:
            # No numbered sections: the one theme is the slogan, else the campaign's name, as the text writes them.
            named = self.x.campaign.slogan or self.x.campaign.name
            if named is None:
                # The text names neither: a general theme, which quotes nothing (no span of the text is its name).
                self.translated(node, {"zh-Hant": "綜合", "zh-Hans": "综合"})
                return node
            start, end = named
        names = self.both(self.text[start:end].strip())
        self.translated(node, names)
        self.alt_labels(node, self.text[start:end].strip(), names)
        self.span_evidence(node, start, end)
        return node

    def activity(self, record: ActivityRecord) -> None:
        node = f"{BASE}activity/{self.slug}/{record.index:02d}"
        add = self.add
        add(node, A, G["Activity"])
        add(node, G["partOfCampaign"], self.campaign)
        add(node, G["underTheme"], f"{BASE}theme/{self.slug}/{record.theme}")
        add(node, G["activityType"], str(GOVKG[record.activity_type]))
        topic_triples(add, node, record.topics)
        add(node, DERIVED, self.report)
        conductors = [self.agency(m) for m in record.conductors]
        for agency in conductors:
            add(node, G["conductedBy"], agency)
        for m in record.agencies[len(record.conductors) :]:
            self.agency(m)
        for m in record.products:
            add(node, G["targetsProduct"], self.term(m, "product", G["RegulatedProduct"], self.ref.products))
        for m in record.media:
            add(node, G["usesMedia"], self.term(m, "media", str(GOVKG.MediaOutlet), self.ref.media))
        for doc in record.documents:
            add(node, G["citesDocument"], self.document(doc, conductors))
        for m in record.initiatives:
            add(node, G["partOfInitiative"], self.initiative(m))
        self.span_evidence(node, record.start, record.end, f"{node}/evidence")
        self._activity_labels(node, record, conductors)

    def _activity_labels(self, node: str, record: ActivityRecord, conductors: list[str]) -> None:
        text = self.text[record.start : record.end].strip()  # a statement may open after a paragraph's indent
        if text[:1] not in _CUT_CHARS:  # then the first cut character anywhere is the first of its kind
            cut = found.start() if (found := _CUT.search(text)) else len(text)
        else:
            cut = min((i for i in (text.find(c) for c in _CUT_CHARS) if i > 0), default=len(text))
        short = text[: min(cut, 48)] + ("…" if min(cut, 48) < len(text) else "")
        self.labels(node, self.both(short))
        english = [self._english(a) or "" for a in conductors]
        if conductors and all(english):
            kind = _TYPE_EN[record.activity_type]
            who = english[0] if len(english) == 1 else f"{english[0]} and {len(english) - 1} other agencies"
            if len(english) == 2:
                who = " and ".join(english)
            label = f"{who}: {kind} (activity {record.index} of {self.slug})"
            self.add(node, PREF, tagged(label, "en"))

    def _english(self, node: str) -> str | None:
        """The English name of an agency: only curated ones have one (unlisted agencies are labelled as written)."""
        return self.english.get(node)

    def campaign_and_report(self) -> None:
        c = self.x.campaign
        add = self.add
        add(self.campaign, A, G["Campaign"])
        add(self.campaign, G["jurisdiction"], self.jurisdiction(c.jurisdiction))
        if c.year:
            add(self.campaign, G["year"], typed(c.year, XSD_GYEAR))
        if c.month:
            add(self.campaign, G["month"], typed(c.month, XSD_INTEGER))
        add(self.campaign, G["reportedIn"], self.report)
        self.labels(self.campaign, self._campaign_names())
        if c.slogan:
            self.labels(self.campaign, self.both(self.text[slice(*c.slogan)]), G["slogan"])
        for coordinator in c.coordinators:
            add(self.campaign, G["coordinatedBy"], self.agency(coordinator))
        for participant in c.participants:
            # named as taking part but in no agency-led statement (由X牵头组织A、B、C…): associated with the campaign
            add(self.campaign, ASSOCIATED, self.agency(participant))
        span = c.name or c.slogan or (0, len(self.text))
        self.span_evidence(self.campaign, *span)
        scheme = f"{BASE}theme/{self.slug}"
        add(scheme, A, CONCEPT_SCHEME)
        for lang, value in self._campaign_names().items():
            suffix = {"zh-Hant": "主題", "zh-Hans": "主题", "en": ": themes"}[lang]
            add(scheme, PREF, tagged(value + suffix, lang))
        self._report()

    def _campaign_names(self) -> dict[str, str]:
        c = self.x.campaign
        j = self.ref.jurisdictions.get(c.jurisdiction)
        campaign = self.ref.campaigns.get(c.campaign)
        jn = dict(j.names) if j else {}
        if not jn and c.place.code == c.jurisdiction:  # a place the reference data lacks, or one never named
            jn = place_labels(c.place)
        cn = dict(campaign.names) if campaign else {}
        year = f"{c.year}年" if c.year else ""
        names = {lang: f"{year}{jn.get(lang, '')}{cn.get(lang, '')}" for lang in ("zh-Hant", "zh-Hans")}
        if "en" in jn and "en" in cn:
            names["en"] = f"{jn['en']} {cn['en']} {c.year or '(undated)'}"
        return names

    def _report(self) -> None:
        add, report, clean = self.add, self.report, self.x.clean
        add(report, A, G["SourceReport"])
        add(report, VALUE, tagged(self.text, self.script))
        add(report, G["sha256"], plain(self.source.sha256))
        add(report, IDENTIFIER, plain(self.source.name))
        readings = sum(1 for r in clean.removals if r.kind == "pinyin-reading")
        add(report, G["readingsRemoved"], typed(readings, XSD_INTEGER))
        if self.source.title:
            add(report, TITLE, tagged(self.source.title, "en"))
        self.out.triples.update(source_triples(report, self.source))
        for lang, value in self._campaign_names().items():
            suffix = {"zh-Hant": "報告", "zh-Hans": "报告", "en": ": report"}[lang]
            add(report, PREF, tagged(value + suffix, lang))
        for span in clean.damaged:
            damage = f"{BASE}damage/{self.slug}/{span.start}-{span.end}"
            exact = self.text[span.start : span.end]
            self.out.triples.update(evidence_triples(damage, report, span.start, span.end, exact))
            add(report, G["damagedSpan"], damage)
            add(damage, COMMENT, tagged(span.reason, "en"))



def report_triples(extraction: Extraction, reference: Reference, source: ReportSource) -> ReportTriples:
    """The triples of one extracted report; unlisted agencies' labels wait for ``name_agencies``."""
    out = ReportTriples(f"{BASE}report/{extraction.campaign.slug}", extraction.clean.text)
    builder = _Builder(out, extraction, reference, source)
    builder.campaign_and_report()
    for record in extraction.themes:
        builder.theme(record)
    for activity in extraction.activities:
        builder.activity(activity)
    for doc in extraction.documents:  # cited outside every activity: by the report
        builder.add(builder.report, _MENTIONS_DOCUMENT, builder.document(doc, ()))
    out.pages = evidence_pages(extraction.clean, source.pages, out.evidence)
    return out


def report_graph(
    extraction: Extraction, reference: Reference, source: ReportSource, graph: Graph | None = None
) -> Graph:
    """Add the resources of one extracted report to ``graph`` (a new one when omitted) and return it."""
    from rdflib import Graph, Literal, URIRef

    graph = bind_prefixes(graph if graph is not None else Graph())
    part = report_triples(extraction, reference, source)
    named: dict[str, dict[str, str]] = {}
    for naming in part.namings:  # named in the graph already, maybe with the place spelt out
        labels = {str(o.language): str(o) for o in graph.objects(URIRef(naming.node), SKOS.prefLabel)
                  if isinstance(o, Literal)}
        if labels:
            named[naming.node] = labels
    triples = part.expanded(reference)
    name_agencies(part.namings, named, triples.add)
    return triples.to_graph(graph)

