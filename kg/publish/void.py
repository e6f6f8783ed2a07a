"""The dataset description: VoID statistics and DCAT distributions (media type, size, SHA-256) of the export."""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import DCAT, DCTERMS, GOVKG, ID, PREFIXES, RDF, SCHEMA, SKOS, SPDX, VOID, XSD, bind_prefixes, curie
from kg.publish.dataset import NAMED_GRAPHS, Split
from kg.rdf.formats import RdfFormat
from kg.rdf.ntlines import node

__all__ = ["DATASET", "PUBLISHER", "Dump", "Statistics", "describe_dataset", "statistics_beside"]

DATASET = ID["dataset/govkg"]
PUBLISHER = ID["agent/govkg-project"]
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
_IANA = "https://www.iana.org/assignments/media-types/"
_LANGUAGES = ("http://id.loc.gov/vocabulary/iso639-1/zh", "http://id.loc.gov/vocabulary/iso639-1/en")
#: what a dump's title says besides its format's name (English, Chinese)
_DUMP_NOTES = {"nquads": ("named graphs", "命名图"), "trig": ("named graphs", "命名图"),
               "jsonld": ("compacted", "压缩")}
_EXAMPLE_CLASSES = (GOVKG.Campaign, GOVKG.Activity, GOVKG.Agency, GOVKG.PolicyDocument, GOVKG.SourceReport)

_TEXT = {
    DCTERMS.title: {
        "en": "govkg: Chinese government agencies, their campaigns, themes and activities",
        "zh-Hans": "政务知识图谱：政府机构及其主题活动、活动板块与工作举措",
        "zh-Hant": "政務知識圖譜：政府機構及其主題活動、活動板塊與工作舉措",
    },
    DCTERMS.description: {
        "en": "A knowledge graph built from published reports of government campaigns such as a province's Quality "
              "Month: the agencies that act, the campaign's themes and activities, the regulated products, cited "
              "policy documents, initiatives and media outlets, each statement traced to the exact characters of "
              "its source report. Includes the govkg ontology and the curated reference labels.",
        "zh-Hans": "由政府主题活动（如某省“质量月”）的公开报道构建的知识图谱：开展工作的机构、活动板块与工作举措、"
                   "监管产品、引用的政策文件、专项行动和媒体，每条陈述都可追溯到来源报道中的确切字符。"
                   "包含 govkg 本体和人工整理的参考标签。",
        "zh-Hant": "由政府主題活動（如某省“質量月”）的公開報道構建的知識圖譜：開展工作的機構、活動板塊與工作舉措、"
                   "監管產品、引用的政策文件、專項行動和媒體，每條陳述都可追溯到來源報道中的確切字符。"
                   "包含 govkg 本體和人工整理的參考標籤。",
    },
}


@dataclass(frozen=True)
class Dump:
    """One written dump file, with what the dataset description says about it (a DCAT distribution)."""

    path: Path
    format: RdfFormat
    byte_size: int
    sha256: str


_TYPE = b"<" + str(RDF.type).encode() + b">"
_ENTITY = b"<" + str(ID).encode()


class Statistics:
    """Counts over every triple of the dataset (all four named graphs together), read from its N-Triples lines
    (rdflib's form, each triple once): N-Triples terms are equal when the RDF terms are."""

    def __init__(self, lines: Sequence[bytes]) -> None:
        self.triples = len(lines)
        typed: dict[bytes, set[bytes]] = defaultdict(set)
        properties: Counter[bytes] = Counter()
        subjects: set[bytes] = set()
        objects: set[bytes] = set()
        last = b""
        for line in lines:
            s, p, o = line.split(b" ", 2)  # the object with its " .\n"
            properties[p] += 1
            if s != last:  # the lines are sorted: a subject's lines are together
                subjects.add(s)
                last = s
            objects.add(o)
            if p == _TYPE:
                typed[o[:-3]].add(s)
        self.members = {node(cls): sorted(s[1:-1].decode("utf-8") for s in members if s[:1] == b"<")
                        for cls, members in typed.items()}
        self.class_entities: Counter[Node] = Counter({node(cls): len(members) for cls, members in typed.items()})
        self.property_triples: Counter[Node] = Counter({node(p): n for p, n in properties.items()})
        self.distinct_subjects = len(subjects)
        self.distinct_objects = len(objects)
        self.entities = sum(1 for s in subjects if s.startswith(_ENTITY))


#: the dataset a forked worker of :func:`statistics_beside` counts (it inherits this module's memory)
_FORKED: list[Split] = []
#: below this many triples the statistics are counted in the caller (a worker costs more than it saves)
BESIDE_FROM = 200_000
#: seconds a worker's statistics are waited for, besides a second per 10,000 triples
WAIT_BASE = 60.0


def _forked_statistics() -> Statistics:
    return Statistics(_FORKED[0].lines)


@contextlib.contextmanager
def statistics_beside(split: Split, at_least: int = BESIDE_FROM) -> Iterator[Callable[[], Statistics]]:
    """The :class:`Statistics` of ``split``, counted in a forked worker while the caller writes the dumps (about 1.3 s
    at a million triples, an eighth of an export); a function that waits for them. Small datasets, or a platform that
    cannot fork, count them in the caller when asked."""
    from kg.workers import can_fork, forked_pool

    if len(split.lines) < at_least or not can_fork():
        yield lambda: Statistics(split.lines)
        return
    _FORKED[:] = [split]
    try:
        with forked_pool(1) as pool:
            pending = pool.apply_async(_forked_statistics)

            def wait() -> Statistics:
                # a worker lost (killed, out of memory) never answers: after a generous bound, count them here
                try:
                    counted: Statistics = pending.get(timeout=WAIT_BASE + len(split.lines) / 10_000)
                except multiprocessing.TimeoutError:
                    counted = Statistics(split.lines)
                return counted

            yield wait
    finally:
        _FORKED.clear()


def describe_dataset(split: Split, dumps: Sequence[Dump], *, base: str = "http://127.0.0.1:8000",
                     endpoint: str | None = None, stats: Statistics | None = None) -> Graph:
    """The ``void:Dataset``/``dcat:Dataset`` description of the dataset ``split`` and its ``dumps`` (no timestamps).

    ``base`` is where ``kg serve`` publishes the dumps (``{base}/export/{file}``); the SPARQL endpoint is
    ``endpoint`` or ``{base}/sparql``; ``stats``, the dataset's statistics when they were counted already.
    """
    base = base.rstrip("/")
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    graph.bind("spdx", SPDX)
    stats = stats or Statistics(split.lines)
    d = DATASET
    for cls in (VOID.Dataset, DCAT.Dataset):
        graph.add((d, RDF.type, cls))
    _texts(graph, d)
    graph.add((d, DCTERMS.license, LICENSE))
    graph.add((d, DCTERMS.publisher, PUBLISHER))
    _publisher(graph)
    for lang in _LANGUAGES:
        graph.add((d, DCTERMS.language, URIRef(lang)))
    graph.add((d, VOID.sparqlEndpoint, URIRef(endpoint or f"{base}/sparql")))
    graph.add((d, VOID.uriSpace, Literal(str(ID))))
    graph.add((d, VOID.vocabulary, URIRef(PREFIXES["govkg"].rstrip("#"))))
    graph.add((d, DCTERMS.conformsTo, URIRef(PREFIXES["govkg"].rstrip("#"))))
    for report in stats.members.get(GOVKG.SourceReport, []):
        graph.add((d, DCTERMS.source, URIRef(report)))
    for cls in _EXAMPLE_CLASSES:
        if stats.members.get(cls):
            graph.add((d, VOID.exampleResource, URIRef(stats.members[cls][0])))
    _counts(graph, d, stats)
    for iri in NAMED_GRAPHS:
        graph.add((d, VOID.subset, iri))
        graph.add((iri, RDF.type, VOID.Dataset))
        graph.add((iri, VOID.triples, _count(split.count(iri))))
    for dump in dumps:
        _distribution(graph, d, dump, base)
    return graph


def _texts(graph: Graph, node: URIRef) -> None:
    for prop, texts in _TEXT.items():
        for lang, text in texts.items():
            graph.add((node, prop, Literal(text, lang=lang)))


def _publisher(graph: Graph) -> None:
    graph.add((PUBLISHER, RDF.type, DCTERMS.Agent))
    graph.add((PUBLISHER, RDF.type, SCHEMA.Organization))
    for lang, name in (("en", "the govkg project"), ("zh-Hans", "政务知识图谱项目"), ("zh-Hant", "政務知識圖譜項目")):
        graph.add((PUBLISHER, SKOS.prefLabel, Literal(name, lang=lang)))


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _counts(graph: Graph, d: URIRef, stats: Statistics) -> None:
    graph.add((d, VOID.triples, _count(stats.triples)))
    graph.add((d, VOID.entities, _count(stats.entities)))
    graph.add((d, VOID.classes, _count(len(stats.class_entities))))
    graph.add((d, VOID.properties, _count(len(stats.property_triples))))
    graph.add((d, VOID.distinctSubjects, _count(stats.distinct_subjects)))
    graph.add((d, VOID.distinctObjects, _count(stats.distinct_objects)))
    for cls, n in stats.class_entities.items():
        part = URIRef(f"{d}/class/{_slug(cls)}")
        graph.add((d, VOID.classPartition, part))
        graph.add((part, VOID["class"], cls))
        graph.add((part, VOID.entities, _count(n)))
    for prop, n in stats.property_triples.items():
        part = URIRef(f"{d}/property/{_slug(prop)}")
        graph.add((d, VOID.propertyPartition, part))
        graph.add((part, VOID.property, prop))
        graph.add((part, VOID.triples, _count(n)))


def _slug(term: Node) -> str:
    """``govkg-Agency`` for a term of a known namespace, else the first 16 hex digits of its IRI's SHA-256."""
    iri = str(term)
    short = curie(iri)
    prefix, _, local = short.partition(":")
    if short != iri and local.replace("_", "").replace("-", "").isalnum():
        return f"{prefix}-{local}"
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]


def _distribution(graph: Graph, d: URIRef, dump: Dump, base: str) -> None:
    dist = URIRef(f"{d}/distribution/{dump.format.name}")
    url = URIRef(f"{base}/export/{dump.path.name}")
    checksum = URIRef(f"{dist}#sha256")
    graph.add((d, DCAT.distribution, dist))
    graph.add((d, VOID.dataDump, url))
    graph.add((dist, RDF.type, DCAT.Distribution))
    note_en, note_zh = _DUMP_NOTES.get(dump.format.name, ("", ""))
    title_en = dump.format.title + (f" ({note_en})" if note_en else "")
    title_zh = f"{dump.format.title} 格式" + (f"（{note_zh}）" if note_zh else "")
    graph.add((dist, DCTERMS.title, Literal(f"govkg dump: {title_en}", lang="en")))
    graph.add((dist, DCTERMS.title, Literal(f"政务知识图谱数据：{title_zh}", lang="zh-Hans")))
    graph.add((dist, DCAT.downloadURL, url))
    graph.add((dist, DCAT.accessURL, url))
    graph.add((dist, DCAT.mediaType, URIRef(_IANA + dump.format.media_type)))
    graph.add((dist, DCAT.byteSize, Literal(dump.byte_size, datatype=XSD.nonNegativeInteger)))
    graph.add((dist, DCTERMS.license, LICENSE))
    graph.add((dist, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
