"""Graph: turn an extraction into the data contract's RDF, every extracted resource with its evidence span."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.namespaces import DCTERMS, GOVKG, ID, OA, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, bind_prefixes
from kg.rdf.terms import Lit, Term, Triple, Triples
from kg.slugs import pinyin_slug

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.ingest.extract import ActivityRecord, Extraction
    from kg.ingest.mentions import DocumentMention, Mention
    from kg.ingest.reference import Reference
    from kg.ingest.reference_records import TermRef

__all__ = ["Naming", "ReportSource", "ReportTriples", "build_record", "describe", "evidence_triples", "name_agencies",
           "report_graph", "report_triples"]

# The vocabulary as plain strings: the builder makes about a thousand triples a report.
_ID = str(ID)
_A = str(RDF.type)
_VALUE = str(RDF.value)
_COMMENT, _LABEL = str(RDFS.comment), str(RDFS.label)
_PREF, _ALT, _IN_SCHEME, _NOTATION = str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.inScheme), str(SKOS.notation)
_CONCEPT_SCHEME = str(SKOS.ConceptScheme)
_SPECIFIC, _HAS_SOURCE, _HAS_SELECTOR = str(OA.SpecificResource), str(OA.hasSource), str(OA.hasSelector)
_POSITION, _QUOTE = str(OA.TextPositionSelector), str(OA.TextQuoteSelector)
_START, _END, _EXACT = str(OA.start), str(OA.end), str(OA.exact)
_IDENTIFIER, _TITLE = str(DCTERMS.identifier), str(DCTERMS.title)
_SUB_ORGANIZATION = str(ORG.subOrganizationOf)
_DERIVED, _ASSOCIATED, _USED, _GENERATED = (str(PROV.wasDerivedFrom), str(PROV.wasAssociatedWith), str(PROV.used),
                                            str(PROV.wasGeneratedBy))
_PROV_ACTIVITY, _SOFTWARE_AGENT = str(PROV.Activity), str(PROV.SoftwareAgent)
_SOFTWARE_APPLICATION, _SCHEMA_VERSION = str(SCHEMA.SoftwareApplication), str(SCHEMA.softwareVersion)
_XSD_INTEGER, _XSD_NNI, _XSD_GYEAR, _XSD_BOOLEAN = (str(XSD.integer), str(XSD.nonNegativeInteger), str(XSD.gYear),
                                                    str(XSD.boolean))
_G = {name: str(GOVKG[name]) for name in (
    "Agency", "Jurisdiction", "CampaignTheme", "Activity", "Campaign", "SourceReport", "PolicyDocument", "Initiative",
    "RegulatedProduct", "ProductScheme", "Build", "evidence", "curated", "administrativeLevel", "jurisdiction",
    "documentNumber", "issuedBy", "hasTheme", "partOfCampaign", "underTheme", "activityType", "conductedBy",
    "targetsProduct", "usesMedia", "citesDocument", "partOfInitiative", "year", "month", "reportedIn", "slogan",
    "coordinatedBy", "sha256", "readingsRemoved", "damagedSpan", "softwareVersion",
)}
_TRUE: Lit = ("true", "", _XSD_BOOLEAN)
_FALSE: Lit = ("false", "", _XSD_BOOLEAN)

_LEVELS = {
    "national": str(GOVKG.NationalLevel),
    "provincial": str(GOVKG.ProvincialLevel),
    "municipal": str(GOVKG.MunicipalLevel),
    "county": str(GOVKG.CountyLevel),
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


# Where an activity's short label ends: the first of these characters after its start.
_CUT_CHARS = "，,。；;\n"
_CUT = re.compile("[，,。；;\n]")


def _lang(value: str, lang: str) -> Lit:
    return (value, lang, "")


def _plain(value: str) -> Lit:
    return (value, "", "")


def _typed(value: object, datatype: str) -> Lit:
    return (str(value), "", datatype)


@dataclass(frozen=True)
class ReportSource:
    """What the graph records about the raw source file."""

    name: str
    sha256: str
    title: str | None = None


@dataclass(frozen=True)
class Naming:
    """A mention of an agency the reference data does not list: the first report that names it labels it.

    ``first`` is what naming it first adds (type, labels, level, jurisdiction); ``names`` the labels it gives;
    ``written`` the mention as written, in both scripts, which becomes an ``altLabel`` where it differs.
    """

    node: str
    names: tuple[tuple[str, str], ...]
    first: tuple[Triple, ...]
    written: tuple[tuple[str, str], ...]


@dataclass
class ReportTriples:
    """One report's triples, in three parts that are written in three ways.

    ``triples`` holds what the text says; ``evidence`` the spans that evidence it (IRI -> start, end: ten triples
    each, see ``evidence_triples``); ``described`` the curated agencies and jurisdictions it names, whose
    description comes from the reference data alone (see ``describe``); ``namings`` its mentions of unlisted
    agencies, in text order (see ``name_agencies``).
    """

    report: str
    text: str
    triples: Triples = field(default_factory=Triples)
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    described: dict[tuple[str, str], None] = field(default_factory=dict)
    namings: list[Naming] = field(default_factory=list)

    def evidence_triples(self) -> Iterator[Triple]:
        """The triples of every evidence span: the resource, its position selector and its quote selector."""
        for ev, (start, end) in self.evidence.items():
            yield from evidence_triples(ev, self.report, start, end, self.text[start:end])

    def expanded(self, reference: Reference) -> Triples:
        """Every triple of the report, descriptions and evidence included (unlisted agencies still unnamed)."""
        out = Triples()
        out.subjects.update({s: {p: dict(o) for p, o in ps.items()} for s, ps in self.triples.subjects.items()})
        out.update(self.evidence_triples())
        for key in self.described:
            out.update(describe(reference, key))
        return out


def evidence_triples(ev: str, report: str, start: int, end: int, exact: str) -> list[Triple]:
    """An ``oa:SpecificResource`` in ``report`` with its position and quote selectors."""
    position, quote = f"{ev}#position", f"{ev}#quote"
    return [
        (ev, _A, _SPECIFIC), (ev, _HAS_SOURCE, report), (ev, _HAS_SELECTOR, position), (ev, _HAS_SELECTOR, quote),
        (position, _A, _POSITION), (position, _START, (str(start), "", _XSD_NNI)),
        (position, _END, (str(end), "", _XSD_NNI)), (quote, _A, _QUOTE), (quote, _EXACT, (exact, "", "")),
    ]


def describe(reference: Reference, key: tuple[str, str]) -> list[Triple]:
    """What the reference data says about a curated agency (``("agency", slug)``) or jurisdiction (``("jurisdiction",
    code)``): type, labels, level, place, parent body. The same in every report, so a build writes it once."""
    kind, code = key
    node = f"{_ID}{kind}/{code}"
    if kind == "jurisdiction":
        place = reference.jurisdictions[code]
        out: list[Triple] = [(node, _A, _G["Jurisdiction"])]
        out += [(node, _PREF, _lang(v, lang)) for lang, v in sorted(place.names.items()) if v]
        return [*out, (node, _G["administrativeLevel"], _LEVELS[place.level]), (node, _G["curated"], _TRUE)]
    agency = reference.agencies[code]
    out = [(node, _A, _G["Agency"])]
    out += [(node, _PREF, _lang(v, lang)) for lang, v in sorted(agency.names.items()) if v]
    out += [(node, _G["curated"], _TRUE), (node, _G["jurisdiction"], f"{_ID}jurisdiction/{agency.jurisdiction}"),
            (node, _G["administrativeLevel"], _LEVELS[agency.level])]
    if agency.parent and agency.parent in reference.agencies:
        out.append((node, _SUB_ORGANIZATION, f"{_ID}agency/{agency.parent}"))
    return out


class _Builder:
    """Adds one report's resources to a set of triples; one instance per report."""

    def __init__(self, out: ReportTriples, extraction: Extraction, reference: Reference, source: ReportSource) -> None:
        from kg.ingest.script import detect_script

        self.out = out
        self.add = out.triples.add
        self.english: dict[str, str | None] = {}  # curated agency -> its English name
        self.x = extraction
        self.ref = reference
        self.source = source
        self.text = extraction.clean.text
        self.script = detect_script(self.text)
        self.slug = extraction.campaign.slug
        self.report = f"{_ID}report/{self.slug}"
        self.campaign = f"{_ID}campaign/{self.slug}"

    # -- small helpers

    def both(self, surface: str) -> dict[str, str]:
        """The surface text in both scripts, keeping the text's own script as written."""
        from kg.ingest.script import to_hans, to_hant

        if self.script == "zh-Hant":
            return {"zh-Hant": surface, "zh-Hans": to_hans(surface)}
        return {"zh-Hant": to_hant(surface), "zh-Hans": surface}

    def labels(self, node: str, names: dict[str, str], prop: str = _PREF) -> None:
        for lang, value in sorted(names.items()):
            if value:
                self.add(node, prop, (value, lang, ""))

    def alt_labels(self, node: str, surface: str, names: dict[str, str]) -> None:
        for lang, value in self.both(surface).items():
            if value != names.get(lang):
                self.add(node, _ALT, (value, lang, ""))

    def span_evidence(self, node: str | None, start: int, end: int, evidence: str | None = None) -> str:
        """An ``oa:SpecificResource`` for ``[start, end)`` of the text, linked from ``node`` by ``govkg:evidence``."""
        ev = evidence or f"{_ID}evidence/{self.slug}/{start}-{end}"
        if node is not None:
            self.add(node, _G["evidence"], ev)
        self.out.evidence[ev] = (start, end)  # the same IRI always names the same span
        return ev

    def translated(self, node: str, names: dict[str, str]) -> None:
        """Add the curated English label, if the reference data has one, and mark the resource curated."""
        english = self.ref.translate(names["zh-Hans"])
        self.labels(node, names)
        if english:
            self.add(node, _PREF, _lang(english, "en"))
        self.add(node, _G["curated"], _TRUE if english else _FALSE)

    # -- resources

    def jurisdiction(self, code: str) -> str:
        if code in self.ref.jurisdictions:
            self.out.described[("jurisdiction", code)] = None
            return f"{_ID}jurisdiction/{code}"
        node, triples = self._jurisdiction(code)
        for triple in triples:
            self.add(*triple)
        return node

    def _jurisdiction(self, code: str) -> tuple[str, list[Triple]]:
        node = f"{_ID}jurisdiction/{code}"
        ref = self.ref.jurisdictions.get(code)
        out: list[Triple] = [(node, _A, _G["Jurisdiction"])]
        place = self.x.campaign.place
        if ref is not None:
            out += [(node, _PREF, _lang(v, lang)) for lang, v in sorted(ref.names.items()) if v]
            out += [(node, _G["administrativeLevel"], _LEVELS[ref.level]), (node, _G["curated"], _TRUE)]
        elif code == place.code and place.name:
            from kg.ingest.script import to_hant

            names = {"zh-Hant": to_hant(place.name), "zh-Hans": place.name}
            out += [(node, _PREF, _lang(v, lang)) for lang, v in sorted(names.items()) if v]
            out += [(node, _G["administrativeLevel"], _LEVELS[place.level]), (node, _G["curated"], _FALSE)]
        return node, out

    def agency(self, mention: Mention) -> str:
        surface = self.text[mention.start : mention.end]
        if not mention.curated:
            return self._unlisted_agency(mention, surface)
        node = self._curated_agency(mention.key)
        self.alt_labels(node, surface, dict(self.ref.agencies[mention.key].names))
        self.span_evidence(node, mention.start, mention.end)
        return node

    def _unlisted_agency(self, mention: Mention, surface: str) -> str:
        """Evidence now; labels, type and place when the mentions of every report are put together (``Naming``)."""
        key = self._relative_key(mention.key)
        level, code = self._uncurated_agency_place(key)
        node = f"{_ID}agency/{code + '-' if code else ''}x-{pinyin_slug(key)}"
        names = self.both(surface.strip())
        first: list[Triple] = [(node, _A, _G["Agency"])]
        first += [(node, _PREF, _lang(v, lang)) for lang, v in sorted(names.items()) if v]
        first.append((node, _G["curated"], _FALSE))
        if level:
            first.append((node, _G["administrativeLevel"], _LEVELS[level]))
        if code:
            place, triples = self._jurisdiction(code)
            first.append((node, _G["jurisdiction"], place))
            first += triples
        written = tuple(self.both(surface).items())
        self.out.namings.append(Naming(node, tuple(names.items()), tuple(first), written))
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

    def _curated_agency(self, slug: str) -> str:
        node = f"{_ID}agency/{slug}"
        if node in self.english:
            return node
        ref = self.ref.agencies[slug]
        self.english[node] = ref.names.get("en") or None
        self.out.described[("agency", slug)] = None
        self.jurisdiction(ref.jurisdiction)
        if ref.parent and ref.parent in self.ref.agencies:
            self._curated_agency(ref.parent)
        return node

    def term(self, mention: Mention, kind: str, cls: str, curated_terms: Mapping[str, TermRef]) -> str:
        """A product or media outlet: curated from reference data, else labelled from the text."""
        surface = self.text[mention.start : mention.end]
        if mention.curated:
            ref = curated_terms[mention.key]
            node = f"{_ID}{kind}/{mention.key}"
            names = dict(ref.names)
            self.labels(node, names)
            self.add(node, _G["curated"], _TRUE)
        else:
            names = self.both(surface)
            node = f"{_ID}{kind}/{pinyin_slug(names['zh-Hans'])}"
            self.translated(node, names)
        self.add(node, _A, cls)
        if cls == _G["RegulatedProduct"]:
            self.add(node, _IN_SCHEME, _G["ProductScheme"])
        self.alt_labels(node, surface, names)
        self.span_evidence(node, mention.start, mention.end)
        return node

    def document(self, doc: DocumentMention, issuers: Iterable[str]) -> str:
        names = self.both(self.text[doc.start : doc.end])
        key = names["zh-Hans"]
        if doc.number is not None:
            key = self.x.norm[doc.number[0] : doc.number[1]].rstrip("号")
        node = f"{_ID}document/{pinyin_slug(key)}"
        self.add(node, _A, _G["PolicyDocument"])
        self.translated(node, names)
        if doc.number is not None:
            self.add(node, _G["documentNumber"], _plain(self.text[doc.number[0] : doc.number[1]]))
            self.span_evidence(node, doc.number[0], doc.number[1])
        for issuer in issuers if doc.issued else ():
            self.add(node, _G["issuedBy"], issuer)
        self.span_evidence(node, doc.start, doc.end)
        return node

    def initiative(self, mention: Mention) -> str:
        names = self.both(self.text[mention.start : mention.end].strip())
        node = f"{_ID}initiative/{pinyin_slug(names['zh-Hans'])}"
        self.add(node, _A, _G["Initiative"])
        self.translated(node, names)
        self.span_evidence(node, mention.start, mention.end)
        return node

    def theme(self, number: int, start: int, end: int) -> str:
        node = f"{_ID}theme/{self.slug}/{number}"
        add = self.add
        add(node, _A, _G["CampaignTheme"])
        add(node, _IN_SCHEME, f"{_ID}theme/{self.slug}")
        add(node, _NOTATION, _plain(str(number)))
        add(self.campaign, _G["hasTheme"], node)
        if end <= start:
            # No numbered sections: the one theme is the slogan, else the campaign's name, as the text writes them.
            start, end = self.x.campaign.slogan or self.x.campaign.name or (0, len(self.text))
        label = self.text[start:end].strip() if (start, end) != (0, len(self.text)) else "综合"
        self.translated(node, self.both(label) if label != "综合" else {"zh-Hant": "綜合", "zh-Hans": "综合"})
        self.span_evidence(node, start, end)
        return node

    def activity(self, record: ActivityRecord) -> None:
        node = f"{_ID}activity/{self.slug}/{record.index:02d}"
        add = self.add
        add(node, _A, _G["Activity"])
        add(node, _G["partOfCampaign"], self.campaign)
        add(node, _G["underTheme"], f"{_ID}theme/{self.slug}/{record.theme}")
        add(node, _G["activityType"], str(GOVKG[record.activity_type]))
        add(node, _DERIVED, self.report)
        conductors = [self.agency(m) for m in record.conductors]
        for agency in conductors:
            add(node, _G["conductedBy"], agency)
        for m in record.agencies[len(record.conductors) :]:
            self.agency(m)
        for m in record.products:
            add(node, _G["targetsProduct"], self.term(m, "product", _G["RegulatedProduct"], self.ref.products))
        for m in record.media:
            add(node, _G["usesMedia"], self.term(m, "media", str(GOVKG.MediaOutlet), self.ref.media))
        for doc in record.documents:
            add(node, _G["citesDocument"], self.document(doc, conductors))
        for m in record.initiatives:
            add(node, _G["partOfInitiative"], self.initiative(m))
        self.span_evidence(node, record.start, record.end, f"{node}/evidence")
        self._activity_labels(node, record, conductors)

    def _activity_labels(self, node: str, record: ActivityRecord, conductors: list[str]) -> None:
        text = self.text[record.start : record.end]
        if text[:1] not in _CUT_CHARS:  # then the first cut character anywhere is the first of its kind
            found = _CUT.search(text)
            cut = found.start() if found else len(text)
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
            self.add(node, _PREF, _lang(label, "en"))

    def _english(self, node: str) -> str | None:
        """The English name of an agency: only curated ones have one (unlisted agencies are labelled as written)."""
        return self.english.get(node)

    def campaign_and_report(self) -> None:
        c = self.x.campaign
        add = self.add
        add(self.campaign, _A, _G["Campaign"])
        add(self.campaign, _G["jurisdiction"], self.jurisdiction(c.jurisdiction))
        if c.year:
            add(self.campaign, _G["year"], _typed(c.year, _XSD_GYEAR))
        if c.month:
            add(self.campaign, _G["month"], _typed(c.month, _XSD_INTEGER))
        add(self.campaign, _G["reportedIn"], self.report)
        self.labels(self.campaign, self._campaign_names())
        if c.slogan:
            self.labels(self.campaign, self.both(self.text[slice(*c.slogan)]), _G["slogan"])
        for coordinator in c.coordinators:
            add(self.campaign, _G["coordinatedBy"], self.agency(coordinator))
        for participant in c.participants:
            # named as taking part but in no agency-led statement (由X牵头组织A、B、C…): associated with the campaign
            add(self.campaign, _ASSOCIATED, self.agency(participant))
        span = c.name or c.slogan or (0, len(self.text))
        self.span_evidence(self.campaign, *span)
        scheme = f"{_ID}theme/{self.slug}"
        add(scheme, _A, _CONCEPT_SCHEME)
        for lang, value in self._campaign_names().items():
            suffix = {"zh-Hant": "主題", "zh-Hans": "主题", "en": ": themes"}[lang]
            add(scheme, _PREF, _lang(value + suffix, lang))
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
        add, report, clean = self.add, self.report, self.x.clean
        add(report, _A, _G["SourceReport"])
        add(report, _VALUE, _lang(self.text, self.script))
        add(report, _G["sha256"], _plain(self.source.sha256))
        add(report, _IDENTIFIER, _plain(self.source.name))
        readings = sum(1 for r in clean.removals if r.kind == "pinyin-reading")
        add(report, _G["readingsRemoved"], _typed(readings, _XSD_INTEGER))
        if self.source.title:
            add(report, _TITLE, _lang(self.source.title, "en"))
        for lang, value in self._campaign_names().items():
            suffix = {"zh-Hant": "報告", "zh-Hans": "报告", "en": ": report"}[lang]
            add(report, _PREF, _lang(value + suffix, lang))
        for span in clean.damaged:
            damage = f"{_ID}damage/{self.slug}/{span.start}-{span.end}"
            exact = self.text[span.start : span.end]
            self.out.triples.update(evidence_triples(damage, report, span.start, span.end, exact))
            add(report, _G["damagedSpan"], damage)
            add(damage, _COMMENT, _lang(span.reason, "en"))


def report_triples(extraction: Extraction, reference: Reference, source: ReportSource) -> ReportTriples:
    """The triples of one extracted report; unlisted agencies' labels wait for ``name_agencies``."""
    out = ReportTriples(f"{_ID}report/{extraction.campaign.slug}", extraction.clean.text)
    builder = _Builder(out, extraction, reference, source)
    builder.campaign_and_report()
    for record in extraction.themes:
        builder.theme(record.number, record.start, record.end)
    for activity in extraction.activities:
        builder.activity(activity)
    return out


def name_agencies(
    namings: Iterable[Naming], named: MutableMapping[str, dict[str, str]], add: Callable[[str, str, Term], None]
) -> None:
    """Label unlisted agencies in report order: the first mention names the agency (labels, type, place), and every
    mention written otherwise than that name adds its form as an ``altLabel``. ``named`` holds the names given so
    far (node -> language -> label) and is updated.
    """
    for naming in namings:
        names = named.get(naming.node)
        if names is None:
            for triple in naming.first:
                add(*triple)
            names = dict(naming.names)
            given = {lang: value for lang, value in names.items() if value}
            if given:
                named[naming.node] = given
        for lang, value in naming.written:
            if value != names.get(lang):
                add(naming.node, _ALT, (value, lang, ""))


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


def build_record(sources: list[ReportSource], reports: Iterable[str], version: str) -> list[Triple]:
    """A PROV record of the build: which software version used which sources (checksums; no wall-clock time)."""
    import hashlib

    combined = hashlib.sha256("".join(sorted(s.sha256 for s in sources)).encode()).hexdigest()
    build = f"{_ID}build/{combined[:16]}"
    software = f"{_ID}software/govkg"
    out: list[Triple] = [
        (build, _A, _G["Build"]),
        (build, _A, _PROV_ACTIVITY),
        (build, _G["softwareVersion"], _plain(version)),
        (build, _ASSOCIATED, software),
        (software, _A, _SOFTWARE_AGENT),
        (software, _A, _SOFTWARE_APPLICATION),
        (software, _LABEL, _lang("govkg", "en")),
        (software, _SCHEMA_VERSION, _plain(version)),
    ]
    for report in sorted(reports):
        out += [(build, _USED, report), (report, _GENERATED, build)]
    return out
