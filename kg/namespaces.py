"""The one prefix map of govkg, and our own terms as a strict rdflib namespace."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "CV",
    "DCAT",
    "DCTERMS",
    "ELI",
    "GOVKG",
    "ID",
    "LABEL_LANGS",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "SPDX",
    "VANN",
    "VOID",
    "XSD",
    "bind_prefixes",
    "curie",
    "sparql_prologue",
]

ONTOLOGY_IRI = "https://w3id.org/govkg/ontology"
ID = Namespace("https://w3id.org/govkg/id/")


class GOVKG(DefinedNamespace):
    """Terms of the govkg ontology (``ontology/govkg.ttl``); a misspelt term raises at once."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # classes of the data contract
    Agency: URIRef
    Campaign: URIRef
    CampaignTheme: URIRef
    Activity: URIRef
    RegulatedProduct: URIRef
    PolicyDocument: URIRef
    Initiative: URIRef
    MediaOutlet: URIRef
    SourceReport: URIRef
    # classes added by govkg
    Jurisdiction: URIRef
    ActivityType: URIRef
    AdministrativeLevel: URIRef
    Build: URIRef
    Topic: URIRef
    TopicAssignment: URIRef

    # object properties of the data contract
    conductedBy: URIRef
    underTheme: URIRef
    partOfCampaign: URIRef
    hasTheme: URIRef
    coordinatedBy: URIRef
    targetsProduct: URIRef
    citesDocument: URIRef
    mentionsDocument: URIRef
    issuedBy: URIRef
    usesMedia: URIRef
    partOfInitiative: URIRef
    evidence: URIRef
    # object properties added by govkg
    activityType: URIRef
    jurisdiction: URIRef
    administrativeLevel: URIRef
    reportedIn: URIRef
    damagedSpan: URIRef
    topic: URIRef
    topicAssignment: URIRef
    assignedTopic: URIRef
    fromActivityType: URIRef

    # network measures (kg network)
    Network: URIRef
    NetworkMeasures: URIRef
    inNetwork: URIRef
    measuredNode: URIRef
    degree: URIRef
    weightedDegree: URIRef
    betweenness: URIRef
    pageRank: URIRef
    community: URIRef

    # datatype properties
    documentNumber: URIRef
    year: URIRef
    month: URIRef
    slogan: URIRef
    writtenForm: URIRef
    curated: URIRef
    sha256: URIRef
    softwareVersion: URIRef
    readingsRemoved: URIRef
    byteSize: URIRef
    publisherName: URIRef
    pageStart: URIRef
    pageEnd: URIRef
    matchedKeyword: URIRef
    fromActivities: URIRef

    # concept schemes and their concepts
    ActivityTypeScheme: URIRef
    TypeInspection: URIRef
    TypeEnforcement: URIRef
    TypeTraining: URIRef
    TypePublicity: URIRef
    TypeCompetitionOrAward: URIRef
    TypeDocumentIssuance: URIRef
    TypeConferenceOrOnSiteEvent: URIRef
    TypeProductComparison: URIRef
    TypeImprovementProgramme: URIRef
    TypeOther: URIRef
    AdministrativeLevelScheme: URIRef
    NationalLevel: URIRef
    ProvincialLevel: URIRef
    MunicipalLevel: URIRef
    CountyLevel: URIRef
    TownshipLevel: URIRef
    RegionalLevel: URIRef
    ProductScheme: URIRef
    TopicScheme: URIRef
    TopicQualityImprovement: URIRef
    TopicSupervisionAndEnforcement: URIRef
    TopicPublicityAndAwareness: URIRef
    TopicBenchmarksBrandsAndAwards: URIRef
    TopicEducationAndSkills: URIRef
    TopicStandardsAndMetrology: URIRef
    TopicConsumerRights: URIRef
    TopicSafetyAndEmergencies: URIRef
    TopicFoodAndDrugSafety: URIRef
    TopicSpecialEquipment: URIRef
    TopicIntellectualProperty: URIRef
    TopicEnergyAndGreen: URIRef
    TopicOrganisationAndCoordination: URIRef
    TopicConstructionQuality: URIRef


class _Vocabulary(Namespace):
    """A ``Namespace`` that makes each of its terms once: ``SKOS.prefLabel`` is asked for many times on every page,
    and rdflib's makes (and checks) a new ``URIRef`` each time."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found as an attribute from now on
        return term


RDF = _Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = _Vocabulary("http://www.w3.org/2000/01/rdf-schema#")
OWL = _Vocabulary("http://www.w3.org/2002/07/owl#")
XSD = _Vocabulary("http://www.w3.org/2001/XMLSchema#")
SKOS = _Vocabulary("http://www.w3.org/2004/02/skos/core#")
DCTERMS = _Vocabulary("http://purl.org/dc/terms/")
ORG = _Vocabulary("http://www.w3.org/ns/org#")
CV = _Vocabulary("http://data.europa.eu/m8g/")
PROV = _Vocabulary("http://www.w3.org/ns/prov#")
ELI = _Vocabulary("http://data.europa.eu/eli/ontology#")
OA = _Vocabulary("http://www.w3.org/ns/oa#")
SCHEMA = _Vocabulary("https://schema.org/")
DCAT = _Vocabulary("http://www.w3.org/ns/dcat#")
VOID = _Vocabulary("http://rdfs.org/ns/void#")
SH = _Vocabulary("http://www.w3.org/ns/shacl#")
VANN = _Vocabulary("http://purl.org/vocab/vann/")
SPDX = _Vocabulary("http://spdx.org/rdf/terms#")  # dump checksums in the dataset description (not in PREFIXES)

PREFIXES: dict[str, str] = {
    "govkg": ONTOLOGY_IRI + "#",
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "cv": str(CV),
    "prov": str(PROV),
    "eli": str(ELI),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "dcat": str(DCAT),
    "void": str(VOID),
    "sh": str(SH),
    "vann": str(VANN),
}

_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every govkg prefix on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph


LABEL_LANGS = ("zh-Hant", "zh-Hans", "en")
"""The language tags of every resource's labels, in the order govkg shows them."""


@lru_cache(maxsize=1 << 16)  # the site names the same predicates and classes on page after page
def curie(term: str) -> str:
    """``prefix:local`` for an IRI in a known namespace (the longest that matches), else the IRI unchanged.

    >>> curie("https://w3id.org/govkg/id/agency/js-amr"), curie(str(SKOS)), curie("http://example.org/x")
    ('id:agency/js-amr', 'http://www.w3.org/2004/02/skos/core#', 'http://example.org/x')
    """
    for prefix, iri in _LONGEST_FIRST:
        if term.startswith(iri) and term != iri:
            return f"{prefix}:{term[len(iri):]}"
    return term


def sparql_prologue() -> str:
    """``PREFIX`` lines for every govkg prefix, for queries written in Python tests.

    >>> sparql_prologue().splitlines()[0]
    'PREFIX govkg: <https://w3id.org/govkg/ontology#>'
    """
    return "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())
