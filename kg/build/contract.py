"""The data contract as plain strings: its vocabulary, and the triples that every report and every build share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.namespaces import DCTERMS, GOVKG, ID, OA, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from kg.rdf.terms import Lit, Term, Triple, Triples

if TYPE_CHECKING:
    from kg.ingest.reference import Reference

__all__ = [
    "ALT",
    "ASSOCIATED",
    "BASE",
    "COMMENT",
    "CONCEPT_SCHEME",
    "DERIVED",
    "FALSE",
    "IDENTIFIER",
    "IN_SCHEME",
    "LABEL",
    "LEVELS",
    "NOTATION",
    "PREF",
    "TITLE",
    "TRUE",
    "VALUE",
    "XSD_GYEAR",
    "XSD_INTEGER",
    "A",
    "G",
    "Naming",
    "ReportSource",
    "ReportTriples",
    "build_record",
    "curated_triples",
    "evidence_triples",
    "name_agencies",
    "plain",
    "tagged",
    "typed",
]

# The vocabulary as plain strings: the builder makes about a thousand triples a report.
BASE = str(ID)
A = str(RDF.type)
VALUE = str(RDF.value)
COMMENT, LABEL = str(RDFS.comment), str(RDFS.label)
PREF, ALT, IN_SCHEME, NOTATION = str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.inScheme), str(SKOS.notation)
CONCEPT_SCHEME = str(SKOS.ConceptScheme)
_SPECIFIC, _HAS_SOURCE, _HAS_SELECTOR = str(OA.SpecificResource), str(OA.hasSource), str(OA.hasSelector)
_POSITION, _QUOTE = str(OA.TextPositionSelector), str(OA.TextQuoteSelector)
_START, _END, _EXACT = str(OA.start), str(OA.end), str(OA.exact)
IDENTIFIER, TITLE = str(DCTERMS.identifier), str(DCTERMS.title)
_SUB_ORGANIZATION = str(ORG.subOrganizationOf)
DERIVED, ASSOCIATED, _USED, _GENERATED = (str(PROV.wasDerivedFrom), str(PROV.wasAssociatedWith), str(PROV.used),
                                            str(PROV.wasGeneratedBy))
_PROV_ACTIVITY, _SOFTWARE_AGENT = str(PROV.Activity), str(PROV.SoftwareAgent)
_SOFTWARE_APPLICATION, _SCHEMA_VERSION = str(SCHEMA.SoftwareApplication), str(SCHEMA.softwareVersion)
_INFLUENCED, _PROV_ENTITY = str(PROV.wasInfluencedBy), str(PROV.Entity)
_SCHEMA_NAME, _SCHEMA_SHA256 = str(SCHEMA.name), str(SCHEMA.sha256)
XSD_INTEGER, _XSD_NNI, XSD_GYEAR, _XSD_BOOLEAN = (str(XSD.integer), str(XSD.nonNegativeInteger), str(XSD.gYear),
                                                    str(XSD.boolean))
G = {name: str(GOVKG[name]) for name in (
    "Agency", "Jurisdiction", "CampaignTheme", "Activity", "Campaign", "SourceReport", "PolicyDocument", "Initiative",
    "RegulatedProduct", "ProductScheme", "Build", "evidence", "curated", "administrativeLevel", "jurisdiction",
    "documentNumber", "issuedBy", "hasTheme", "partOfCampaign", "underTheme", "activityType", "conductedBy",
    "targetsProduct", "usesMedia", "citesDocument", "partOfInitiative", "year", "month", "reportedIn", "slogan",
    "coordinatedBy", "sha256", "readingsRemoved", "damagedSpan", "softwareVersion", "byteSize", "pageStart",
    "pageEnd", "writtenForm",
)}
_XSD_POSITIVE = str(XSD.positiveInteger)
TRUE: Lit = ("true", "", _XSD_BOOLEAN)
FALSE: Lit = ("false", "", _XSD_BOOLEAN)

LEVELS = {
    "national": str(GOVKG.NationalLevel),
    "provincial": str(GOVKG.ProvincialLevel),
    "municipal": str(GOVKG.MunicipalLevel),
    "county": str(GOVKG.CountyLevel),
    "township": str(GOVKG.TownshipLevel),
    "region": str(GOVKG.RegionalLevel),
}


def tagged(value: str, lang: str) -> Lit:
    """A string with a language tag."""
    return (value, lang, "")


def plain(value: str) -> Lit:
    """A plain string."""
    return (value, "", "")


def typed(value: object, datatype: str) -> Lit:
    """A typed literal of ``value``'s text."""
    return (str(value), "", datatype)


@dataclass(frozen=True)
class ReportSource:
    """What the graph records about the source file: its name, checksum, format and size, what it says of itself.

    ``title`` is the working title a ``.meta.json`` gives (English); ``page_title``, ``url``, ``publisher`` and
    ``issued`` (ISO date) what the file or its ``.meta.json`` say (see ``kg.sources.meta``); ``pages`` the offsets in
    the raw text where each page of a PDF starts.
    """

    name: str
    sha256: str
    title: str | None = None
    media_type: str = "text/plain"
    byte_size: int | None = None
    page_title: str | None = None
    url: str | None = None
    publisher: str | None = None
    issued: str | None = None
    pages: tuple[int, ...] = ()


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
    description comes from the reference data alone (see ``curated_triples``); ``namings`` its mentions of unlisted
    agencies, in text order (see ``name_agencies``).
    """

    report: str
    text: str
    triples: Triples = field(default_factory=Triples)
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    described: dict[tuple[str, str], None] = field(default_factory=dict)
    namings: list[Naming] = field(default_factory=list)
    pages: dict[str, tuple[int, int]] = field(default_factory=dict)  # evidence IRI -> first and last PDF page

    def evidence_triples(self) -> Iterator[Triple]:
        """The triples of every evidence span: the resource, its position selector and its quote selector."""
        for ev, (start, end) in self.evidence.items():
            yield from evidence_triples(ev, self.report, start, end, self.text[start:end], self.pages.get(ev))

    def expanded(self, reference: Reference) -> Triples:
        """Every triple of the report, descriptions (change events included) and evidence (unlisted agencies still
        unnamed)."""
        out = Triples()
        out.subjects.update({s: {p: dict(o) for p, o in ps.items()} for s, ps in self.triples.subjects.items()})
        out.update(self.evidence_triples())
        from kg.build.changes import described_triples  # it builds on this module

        out.update(described_triples(reference, self.described))
        return out


def evidence_triples(ev: str, report: str, start: int, end: int, exact: str,
                     pages: tuple[int, int] | None = None) -> list[Triple]:
    """An ``oa:SpecificResource`` in ``report`` with its position and quote selectors (and, from a PDF, the pages
    of the original file on which the span starts and ends)."""
    position, quote = f"{ev}#position", f"{ev}#quote"
    out: list[Triple] = [
        (ev, A, _SPECIFIC), (ev, _HAS_SOURCE, report), (ev, _HAS_SELECTOR, position), (ev, _HAS_SELECTOR, quote),
        (position, A, _POSITION), (position, _START, (str(start), "", _XSD_NNI)),
        (position, _END, (str(end), "", _XSD_NNI)), (quote, A, _QUOTE), (quote, _EXACT, (exact, "", "")),
    ]
    if pages is not None:
        out += [(ev, G["pageStart"], (str(pages[0]), "", _XSD_POSITIVE)),
                (ev, G["pageEnd"], (str(pages[1]), "", _XSD_POSITIVE))]
    return out


def curated_triples(reference: Reference, key: tuple[str, str]) -> list[Triple]:
    """What the reference data says about a curated agency (``("agency", slug)``) or jurisdiction (``("jurisdiction",
    code)``): type, labels, level, place, parent body. The same in every report, so a build writes it once."""
    kind, code = key
    node = f"{BASE}{kind}/{code}"
    if kind == "jurisdiction":
        place = reference.jurisdictions[code]
        out: list[Triple] = [(node, A, G["Jurisdiction"])]
        out += [(node, PREF, tagged(v, lang)) for lang, v in sorted(place.names.items()) if v]
        return [*out, (node, G["administrativeLevel"], LEVELS[place.level]), (node, G["curated"], TRUE)]
    agency = reference.agencies[code]
    out = [(node, A, G["Agency"])]
    out += [(node, PREF, tagged(v, lang)) for lang, v in sorted(agency.names.items()) if v]
    out += [(node, G["curated"], TRUE), (node, G["jurisdiction"], f"{BASE}jurisdiction/{agency.jurisdiction}"),
            (node, G["administrativeLevel"], LEVELS[agency.level])]
    if agency.parent and agency.parent in reference.agencies:
        out.append((node, _SUB_ORGANIZATION, f"{BASE}agency/{agency.parent}"))
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
                add(naming.node, ALT, (value, lang, ""))


def build_record(sources: list[ReportSource], reports: Iterable[str], version: str,
                 reference_files: Iterable[tuple[Path, str]] = ()) -> list[Triple]:
    """A PROV record of the build: which software version used which sources (checksums; no wall-clock time).

    The user's own reference tables the build read (``kg build --reference``) are entities that influenced it, each
    with its file name and SHA-256 (``schema:sha256``); they make the build's IRI differ from a build without them.
    """
    import hashlib

    files = sorted(reference_files, key=lambda f: (f[0].name, f[1]))
    key = "".join(sorted(s.sha256 for s in sources)) + "".join(digest for _, digest in files)
    combined = hashlib.sha256(key.encode()).hexdigest()
    build = f"{BASE}build/{combined[:16]}"
    software = f"{BASE}software/govkg"
    out: list[Triple] = [
        (build, A, G["Build"]),
        (build, A, _PROV_ACTIVITY),
        (build, G["softwareVersion"], plain(version)),
        (build, ASSOCIATED, software),
        (software, A, _SOFTWARE_AGENT),
        (software, A, _SOFTWARE_APPLICATION),
        (software, LABEL, tagged("govkg", "en")),
        (software, _SCHEMA_VERSION, plain(version)),
    ]
    for report in sorted(reports):
        out += [(build, _USED, report), (report, _GENERATED, build)]
    for path, digest in files:
        table = f"{BASE}reference-table/{digest[:16]}"
        out += [(build, _INFLUENCED, table), (table, A, _PROV_ENTITY), (table, _SCHEMA_NAME, plain(path.name)),
                (table, _SCHEMA_SHA256, plain(digest))]
    return out
