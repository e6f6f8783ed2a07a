"""Graph: turn an extraction into the data contract's RDF, every extracted resource with its evidence span."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef

from kg.namespaces import DCTERMS, GOVKG, ID, OA, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, bind_prefixes
from kg.slugs import pinyin_slug

if TYPE_CHECKING:
    from kg.extract import ActivityRecord, Extraction
    from kg.mentions import DocumentMention, Mention
    from kg.reference import Reference, TermRef

__all__ = ["ReportSource", "add_build_record", "report_graph"]

_LEVELS = {
    "national": GOVKG.NationalLevel,
    "provincial": GOVKG.ProvincialLevel,
    "municipal": GOVKG.MunicipalLevel,
    "county": GOVKG.CountyLevel,
}
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


# A name that starts with its places: 江苏省…, 南京市…, 江苏省南京市…, 沭阳县…, 北京市顺义区…
_PLACE_CHAR = r"(?:(?![省市县区])[\u4e00-\u9fff])"
_ABSOLUTE = re.compile(
    rf"^(?:国家)?({_PLACE_CHAR}{{2,6}}?(?:省|自治区))?({_PLACE_CHAR}{{2,5}}?市)?({_PLACE_CHAR}{{1,5}}?(?:县|区|旗))?"
    r"(?=[\u4e00-\u9fff])"
)


@dataclass(frozen=True)
class ReportSource:
    """What the graph records about the raw source file."""

    name: str
    sha256: str
    title: str | None = None


class _Builder:
    """Adds one report's resources to a graph; one instance per report."""

    def __init__(self, graph: Graph, extraction: Extraction, reference: Reference, source: ReportSource) -> None:
        from kg.clean import detect_script

        self.g = graph
        self.x = extraction
        self.ref = reference
        self.source = source
        self.text = extraction.clean.text
        self.script = detect_script(self.text)
        self.slug = extraction.campaign.slug
        self.report = ID[f"report/{self.slug}"]
        self.campaign = ID[f"campaign/{self.slug}"]

    # -- small helpers

    def both(self, surface: str) -> dict[str, str]:
        """The surface text in both scripts, keeping the text's own script as written."""
        from kg.clean import to_hans, to_hant

        if self.script == "zh-Hant":
            return {"zh-Hant": surface, "zh-Hans": to_hans(surface)}
        return {"zh-Hant": to_hant(surface), "zh-Hans": surface}

    def labels(self, node: URIRef, names: dict[str, str], prop: URIRef = SKOS.prefLabel) -> None:
        for lang, value in sorted(names.items()):
            if value:
                self.g.add((node, prop, Literal(value, lang=lang)))

    def alt_labels(self, node: URIRef, surface: str, names: dict[str, str]) -> None:
        for lang, value in self.both(surface).items():
            if value != names.get(lang):
                self.g.add((node, SKOS.altLabel, Literal(value, lang=lang)))

    def span_evidence(self, node: URIRef, start: int, end: int, evidence: URIRef | None = None) -> URIRef:
        ev = evidence or ID[f"evidence/{self.slug}/{start}-{end}"]
        g = self.g
        g.add((node, GOVKG.evidence, ev))
        g.add((ev, RDF.type, OA.SpecificResource))
        g.add((ev, OA.hasSource, self.report))
        position, quote = URIRef(f"{ev}#position"), URIRef(f"{ev}#quote")
        g.add((ev, OA.hasSelector, position))
        g.add((ev, OA.hasSelector, quote))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(self.text[start:end])))
        return ev

    def translated(self, node: URIRef, names: dict[str, str]) -> None:
        """Add the curated English label, if the reference data has one, and mark the resource curated."""
        english = self.ref.translate(names["zh-Hans"])
        self.labels(node, names)
        if english:
            self.g.add((node, SKOS.prefLabel, Literal(english, lang="en")))
        self.g.add((node, GOVKG.curated, Literal(bool(english))))

    # -- resources

    def jurisdiction(self, code: str) -> URIRef:
        node = ID[f"jurisdiction/{code}"]
        ref = self.ref.jurisdictions.get(code)
        self.g.add((node, RDF.type, GOVKG.Jurisdiction))
        place = self.x.campaign.place
        if ref is not None:
            self.labels(node, dict(ref.names))
            self.g.add((node, GOVKG.administrativeLevel, _LEVELS[ref.level]))
            self.g.add((node, GOVKG.curated, Literal(True)))
        elif code == place.code and place.name:
            from kg.clean import to_hant

            self.labels(node, {"zh-Hant": to_hant(place.name), "zh-Hans": place.name})
            self.g.add((node, GOVKG.administrativeLevel, _LEVELS[place.level]))
            self.g.add((node, GOVKG.curated, Literal(False)))
        return node

    def agency(self, mention: Mention) -> URIRef:
        surface = self.text[mention.start : mention.end]
        if mention.curated:
            node = self._curated_agency(mention.key)
            names = dict(self.ref.agencies[mention.key].names)
        else:
            key = self._relative_key(mention.key)
            level, code = self._uncurated_agency_place(key)
            node = ID[f"agency/{code + '-' if code else ''}x-{pinyin_slug(key)}"]
            if (node, SKOS.prefLabel, None) in self.g:  # named before, maybe with the place spelt out
                names = {
                    str(label.language): str(label)
                    for label in self.g.objects(node, SKOS.prefLabel)
                    if isinstance(label, Literal)
                }
                self.alt_labels(node, surface, names)
                self.span_evidence(node, mention.start, mention.end)
                return node
            names = self.both(surface.strip())
            self.g.add((node, RDF.type, GOVKG.Agency))
            self.labels(node, names)
            self.g.add((node, GOVKG.curated, Literal(False)))
            if level:
                self.g.add((node, GOVKG.administrativeLevel, _LEVELS[level]))
            if code:
                self.g.add((node, GOVKG.jurisdiction, self.jurisdiction(code)))
        self.alt_labels(node, surface, names)
        self.span_evidence(node, mention.start, mention.end)
        return node

    def _relative_key(self, name: str) -> str:
        """湛江市市场监督管理局 in a report on 湛江市 (a city the reference data lacks) is its 市市场监督管理局."""
        place = self.x.campaign.place.name
        if place and name.startswith(place) and len(name) > len(place):
            return place[-1] + name[len(place) :]
        return name

    def _uncurated_agency_place(self, name: str) -> tuple[str | None, str | None]:
        """The level and jurisdiction an unlisted agency's name states, and only what it states.

        省…/市…/县… speak for the report's own jurisdiction, or the enclosing one of that level; a name that starts
        with a place (南京市城管局) speaks for that place when the reference data knows it.
        """
        place = self.x.campaign.place
        relative = {"国": "national", "省": "provincial", "市": "municipal", "县": "county", "区": "county"}
        if name[0] in relative:
            level = relative[name[0]]
            code: str | None = place.code
            while code is not None and self._level_of(code) != level:
                ref = self.ref.jurisdictions.get(code)
                code = ref.parent if ref else None
            return level, code
        found = _ABSOLUTE.match(name)
        if not found or not any(found.groups()):
            return None, None
        deepest = next(g for g in (found.group(3), found.group(2), found.group(1)) if g)
        level = "county" if deepest == found.group(3) else "municipal" if deepest == found.group(2) else "provincial"
        ref = self.ref.find_jurisdiction(deepest)
        return (ref.level, ref.code) if ref is not None else (level, None)

    def _level_of(self, code: str) -> str | None:
        ref = self.ref.jurisdictions.get(code)
        if ref is not None:
            return ref.level
        return self.x.campaign.place.level if code == self.x.campaign.place.code else None

    def _curated_agency(self, slug: str) -> URIRef:
        node = ID[f"agency/{slug}"]
        if (node, RDF.type, GOVKG.Agency) in self.g:
            return node
        ref = self.ref.agencies[slug]
        self.g.add((node, RDF.type, GOVKG.Agency))
        self.labels(node, dict(ref.names))
        self.g.add((node, GOVKG.curated, Literal(True)))
        self.g.add((node, GOVKG.jurisdiction, self.jurisdiction(ref.jurisdiction)))
        self.g.add((node, GOVKG.administrativeLevel, _LEVELS[ref.level]))
        if ref.parent and ref.parent in self.ref.agencies:
            self.g.add((node, ORG.subOrganizationOf, self._curated_agency(ref.parent)))
        return node

    def term(self, mention: Mention, kind: str, cls: URIRef, curated_terms: Mapping[str, TermRef]) -> URIRef:
        """A product or media outlet: curated from reference data, else labelled from the text."""
        surface = self.text[mention.start : mention.end]
        if mention.curated:
            ref = curated_terms[mention.key]
            node = ID[f"{kind}/{mention.key}"]
            names = dict(ref.names)
            self.labels(node, names)
            self.g.add((node, GOVKG.curated, Literal(True)))
        else:
            names = self.both(surface)
            node = ID[f"{kind}/{pinyin_slug(names['zh-Hans'])}"]
            self.translated(node, names)
        self.g.add((node, RDF.type, cls))
        if cls == GOVKG.RegulatedProduct:
            self.g.add((node, SKOS.inScheme, GOVKG.ProductScheme))
        self.alt_labels(node, surface, names)
        self.span_evidence(node, mention.start, mention.end)
        return node

    def document(self, doc: DocumentMention, issuers: Iterable[URIRef]) -> URIRef:
        names = self.both(self.text[doc.start : doc.end])
        key = names["zh-Hans"]
        if doc.number is not None:
            key = self.x.norm[doc.number[0] : doc.number[1]].rstrip("号")
        node = ID[f"document/{pinyin_slug(key)}"]
        self.g.add((node, RDF.type, GOVKG.PolicyDocument))
        self.translated(node, names)
        if doc.number is not None:
            self.g.add((node, GOVKG.documentNumber, Literal(self.text[doc.number[0] : doc.number[1]])))
            self.span_evidence(node, doc.number[0], doc.number[1])
        for issuer in issuers if doc.issued else ():
            self.g.add((node, GOVKG.issuedBy, issuer))
        self.span_evidence(node, doc.start, doc.end)
        return node

    def initiative(self, mention: Mention) -> URIRef:
        names = self.both(self.text[mention.start : mention.end].strip())
        node = ID[f"initiative/{pinyin_slug(names['zh-Hans'])}"]
        self.g.add((node, RDF.type, GOVKG.Initiative))
        self.translated(node, names)
        self.span_evidence(node, mention.start, mention.end)
        return node

    def theme(self, number: int, start: int, end: int) -> URIRef:
        node = ID[f"theme/{self.slug}/{number}"]
        scheme = ID[f"theme/{self.slug}"]
        g = self.g
        g.add((node, RDF.type, GOVKG.CampaignTheme))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.notation, Literal(str(number))))
        g.add((self.campaign, GOVKG.hasTheme, node))
        if end <= start:
            # No numbered sections: the one theme is the slogan, else the campaign's name, as the text writes them.
            start, end = self.x.campaign.slogan or self.x.campaign.name or (0, len(self.text))
        label = self.text[start:end].strip() if (start, end) != (0, len(self.text)) else "综合"
        self.translated(node, self.both(label) if label != "综合" else {"zh-Hant": "綜合", "zh-Hans": "综合"})
        self.span_evidence(node, start, end)
        return node

    def activity(self, record: ActivityRecord) -> None:
        node = ID[f"activity/{self.slug}/{record.index:02d}"]
        g = self.g
        g.add((node, RDF.type, GOVKG.Activity))
        g.add((node, GOVKG.partOfCampaign, self.campaign))
        g.add((node, GOVKG.underTheme, ID[f"theme/{self.slug}/{record.theme}"]))
        g.add((node, GOVKG.activityType, GOVKG[record.activity_type]))
        g.add((node, PROV.wasDerivedFrom, self.report))
        conductors = [self.agency(m) for m in record.conductors]
        for agency in conductors:
            g.add((node, GOVKG.conductedBy, agency))
        for m in record.agencies[len(record.conductors) :]:
            self.agency(m)
        for m in record.products:
            g.add((node, GOVKG.targetsProduct, self.term(m, "product", GOVKG.RegulatedProduct,
                                                         self.ref.products)))
        for m in record.media:
            g.add((node, GOVKG.usesMedia, self.term(m, "media", GOVKG.MediaOutlet, self.ref.media)))
        for doc in record.documents:
            g.add((node, GOVKG.citesDocument, self.document(doc, conductors)))
        for m in record.initiatives:
            g.add((node, GOVKG.partOfInitiative, self.initiative(m)))
        self.span_evidence(node, record.start, record.end, ID[f"activity/{self.slug}/{record.index:02d}/evidence"])
        self._activity_labels(node, record, conductors)

    def _activity_labels(self, node: URIRef, record: ActivityRecord, conductors: list[URIRef]) -> None:
        text = self.text[record.start : record.end]
        cut = min((i for i in (text.find(c) for c in "，,。；;\n") if i > 0), default=len(text))
        short = text[: min(cut, 48)] + ("…" if min(cut, 48) < len(text) else "")
        self.labels(node, self.both(short))
        english = [str(_english(self.g, a) or "") for a in conductors]
        if conductors and all(english):
            kind = _TYPE_EN[record.activity_type]
            who = english[0] if len(english) == 1 else f"{english[0]} and {len(english) - 1} other agencies"
            if len(english) == 2:
                who = " and ".join(english)
            label = f"{who}: {kind} (activity {record.index} of {self.slug})"
            self.g.add((node, SKOS.prefLabel, Literal(label, lang="en")))

    def campaign_and_report(self) -> None:
        c = self.x.campaign
        g = self.g
        g.add((self.campaign, RDF.type, GOVKG.Campaign))
        jurisdiction = self.jurisdiction(c.jurisdiction)
        g.add((self.campaign, GOVKG.jurisdiction, jurisdiction))
        if c.year:
            g.add((self.campaign, GOVKG.year, Literal(str(c.year), datatype=XSD.gYear)))
        if c.month:
            g.add((self.campaign, GOVKG.month, Literal(c.month, datatype=XSD.integer)))
        g.add((self.campaign, GOVKG.reportedIn, self.report))
        self.labels(self.campaign, self._campaign_names())
        if c.slogan:
            self.labels(self.campaign, self.both(self.text[slice(*c.slogan)]), GOVKG.slogan)
        for coordinator in c.coordinators:
            g.add((self.campaign, GOVKG.coordinatedBy, self.agency(coordinator)))
        for participant in c.participants:
            # named as taking part but in no agency-led statement (由X牵头组织A、B、C…): associated with the campaign
            g.add((self.campaign, PROV.wasAssociatedWith, self.agency(participant)))
        span = c.name or c.slogan or (0, len(self.text))
        self.span_evidence(self.campaign, *span)
        scheme = ID[f"theme/{self.slug}"]
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        for lang, value in self._campaign_names().items():
            suffix = {"zh-Hant": "主題", "zh-Hans": "主题", "en": ": themes"}[lang]
            g.add((scheme, SKOS.prefLabel, Literal(value + suffix, lang=lang)))
        self._report()

    def _campaign_names(self) -> dict[str, str]:
        c = self.x.campaign
        j = self.ref.jurisdictions.get(c.jurisdiction)
        campaign = self.ref.campaigns.get(c.campaign)
        jn = dict(j.names) if j else {}
        cn = dict(campaign.names) if campaign else {}
        year = f"{c.year}年" if c.year else ""
        names = {lang: f"{year}{jn.get(lang, '')}{cn.get(lang, '')}" for lang in ("zh-Hant", "zh-Hans")}
        if "en" in jn and "en" in cn:
            names["en"] = f"{jn['en']} {cn['en']} {c.year or '(undated)'}"
        return names

    def _report(self) -> None:
        g, report, clean = self.g, self.report, self.x.clean
        g.add((report, RDF.type, GOVKG.SourceReport))
        g.add((report, RDF.value, Literal(self.text, lang=self.script)))
        g.add((report, GOVKG.sha256, Literal(self.source.sha256)))
        g.add((report, DCTERMS.identifier, Literal(self.source.name)))
        g.add((report, GOVKG.readingsRemoved,
               Literal(sum(1 for r in clean.removals if r.kind == "pinyin-reading"), datatype=XSD.integer)))
        if self.source.title:
            g.add((report, DCTERMS.title, Literal(self.source.title, lang="en")))
        for lang, value in self._campaign_names().items():
            suffix = {"zh-Hant": "報告", "zh-Hans": "报告", "en": ": report"}[lang]
            g.add((report, SKOS.prefLabel, Literal(value + suffix, lang=lang)))
        for span in clean.damaged:
            damage_iri = ID[f"damage/{self.slug}/{span.start}-{span.end}"]
            damage = self.span_evidence(report, span.start, span.end, damage_iri)
            g.remove((report, GOVKG.evidence, damage))
            g.add((report, GOVKG.damagedSpan, damage))
            g.add((damage, RDFS.comment, Literal(span.reason, lang="en")))


def _english(graph: Graph, node: URIRef) -> Literal | None:
    for label in graph.objects(node, SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == "en":
            return label
    return None


def report_graph(
    extraction: Extraction, reference: Reference, source: ReportSource, graph: Graph | None = None
) -> Graph:
    """Add the resources of one extracted report to ``graph`` (a new one when omitted) and return it."""
    graph = bind_prefixes(graph if graph is not None else Graph())
    builder = _Builder(graph, extraction, reference, source)
    builder.campaign_and_report()
    for record in extraction.themes:
        builder.theme(record.number, record.start, record.end)
    for activity in extraction.activities:
        builder.activity(activity)
    return graph


def add_build_record(graph: Graph, sources: list[ReportSource], version: str) -> URIRef:
    """A PROV record of the build: which software version used which sources (checksums; no wall-clock time)."""
    import hashlib

    combined = hashlib.sha256("".join(sorted(s.sha256 for s in sources)).encode()).hexdigest()
    build = ID[f"build/{combined[:16]}"]
    software = ID["software/govkg"]
    graph.add((build, RDF.type, GOVKG.Build))
    graph.add((build, RDF.type, PROV.Activity))
    graph.add((build, GOVKG.softwareVersion, Literal(version)))
    graph.add((build, PROV.wasAssociatedWith, software))
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, RDF.type, SCHEMA.SoftwareApplication))
    graph.add((software, RDFS.label, Literal("govkg", lang="en")))
    graph.add((software, SCHEMA.softwareVersion, Literal(version)))
    for report in sorted(graph.subjects(RDF.type, GOVKG.SourceReport), key=str):
        graph.add((build, PROV.used, report))
        graph.add((report, PROV.wasGeneratedBy, build))
    return build
