"""Synthetic corpus: seeded, deterministic campaign reports as source texts and directly as N-Triples."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.namespaces import GOVKG, ID

if TYPE_CHECKING:
    from kg.build.contract import ReportSource
    from kg.ingest.extract import ActivityRecord, Extraction
    from kg.ingest.reference import Reference
    from kg.rdf.terms import Term, Triple

__all__ = [
    "SCALES",
    "Emitter",
    "SynthActivity",
    "SynthMention",
    "SynthReport",
    "extraction",
    "generate",
    "ntriples_text",
    "raw_sha256",
    "write_ntriples",
    "write_sources",
]

# (jurisdictions, years, campaigns) per scale; about 1,100 triples per report.
SCALES: dict[str, tuple[int, int, int]] = {
    "tiny": (2, 1, 1),
    "S": (30, 3, 1),
    "M": (80, 11, 1),
    "L": (80, 23, 5),
}
_CAMPAIGNS = ("qm", "wsm", "ipw", "fsw", "csw", "smm", "stw", "spd")
_FIRST_YEAR = 2024
_NUMERALS = "一二三四五六七八九十"
_ACTORS = ("amr", "mpa", "hurd", "dot", "wr", "miit", "drc", "edu", "st", "com", "ct", "hc", "ara", "em", "grain",
           "comms", "ca", "ee", "hrss", "sasac", "ip", "data", "energy", "post", "met", "fire", "sport", "tobacco")
_SLOGANS = (
    "推動質量變革創新 促進質量強省建設", "加強質量支撐 共建質量強國", "建設質量強國 推動高質量發展",
    "質量鑄就品牌 品牌成就未來", "堅持質量第一 築牢安全底線", "提升質量水平 增進民生福祉",
)
_THEMES = (
    "深入實施質量提升行動,不斷提高質量供給水平", "加強質量監管,嚴守質量安全底線", "加大宣傳力度,提高全社會質量素養",
    "樹立質量標桿,發揮示範引領作用", "夯實質量基礎,提升技術支撐能力", "推進品牌建設,擴大優質產品供給",
    "優化營商環境,激發市場主體活力", "強化協同共治,凝聚質量工作合力",
)
_DOMAINS = ("公路水運工程", "建設工程", "通信建設工程", "水利工程", "市政工程", "住宅工程", "檢驗檢測機構", "認證機構")
_TOPICS = ("質量提升行動實施方案", "質量工作要點", "品牌建設行動計劃", "標準化工作實施意見", "質量安全監管工作方案",
           "質量基礎設施建設指導意見", "質量獎評審管理辦法", "首席質量官制度實施細則", "質量信用評價辦法")
_DEPTS = ("市監", "質發", "建質", "交質", "工信")
_BRANDS = ("鐵拳", "凈網清源", "水韻蘇米", "江蘇好糧油", "品質工程", "質量之光", "誠信經營", "放心消費")
_CUPS = ("住建杯", "質量杯", "工匠杯", "創新杯")
_PRODUCTS = ("face-masks", "power-batteries", "ev-charging-piles", "non-metallic-pressure-pipes",
             "gas-cookers-and-fittings", "medicines", "medical-devices", "mobile-apps")
_MEDIA = ("xinhua-daily", "china-quality-news", "peoples-daily", "economic-daily")
_READINGS = {"質": "zhì", "發": "fā", "動": "dòng", "設": "shè", "關": "guān", "檢": "jiǎn", "監": "jiān"}


@dataclass(frozen=True)
class SynthMention:
    """A span of the cleaned text naming ``key`` (an agency, product or media slug, or an initiative name)."""

    key: str
    start: int
    end: int


@dataclass(frozen=True)
class SynthDocument:
    """A cited document: title span (inside 《》), number span, whether the statement issues it."""

    start: int
    end: int
    number: tuple[int, int]
    issued: bool


@dataclass
class SynthActivity:
    """One agency-led statement and every mention in it."""

    index: int
    theme: int
    start: int = 0
    end: int = 0
    conductors: list[SynthMention] = field(default_factory=list)
    products: list[SynthMention] = field(default_factory=list)
    media: list[SynthMention] = field(default_factory=list)
    documents: list[SynthDocument] = field(default_factory=list)
    initiatives: list[SynthMention] = field(default_factory=list)


@dataclass
class SynthReport:
    """One synthetic report: the raw text (with pinyin noise), the cleaned text, and what it says where."""

    jurisdiction: str
    campaign: str
    year: int
    month: int
    text: str = ""
    raw: str = ""
    readings: int = 0
    name: tuple[int, int] = (0, 0)
    slogan: tuple[int, int] = (0, 0)
    coordinator: SynthMention | None = None
    themes: list[tuple[int, int, int]] = field(default_factory=list)
    activities: list[SynthActivity] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """``{jurisdiction}-{year}-{campaign}``, as the build mints it."""
        return f"{self.jurisdiction}-{self.year}-{self.campaign}"

    @property
    def file_name(self) -> str:
        """The source file name, ``{slug}.txt``."""
        return f"{self.slug}.txt"

    def meta(self, ref: Reference) -> dict[str, object]:
        """The ``.meta.json`` beside the source text."""
        return {"working_title": f"Synthetic report {self.slug}",
                "jurisdiction": ref.jurisdictions[self.jurisdiction].names["zh-Hant"],
                "campaign": ref.campaigns[self.campaign].names["zh-Hant"], "year": self.year,
                "month": self.month, "script": "zh-Hant", "notes": ["synthetic (kg.synth)"]}


# ---------------------------------------------------------------- vocabulary


@cache
def _hans(text: str) -> str:
    from kg.ingest.script import to_hans

    return to_hans(text)


@cache
def _lineup(ref: Reference, code: str) -> tuple[tuple[str, str], ...]:
    """``(slug, short Traditional form)`` of each body of ``code`` that reports name by a relative form."""
    prefix = "市" if ref.jurisdictions[code].lineup == "city" else "省"
    best: dict[str, str] = {}
    for form, slug in ref.agency_forms(code).items():
        if not slug.startswith(f"{code}-") or not form.startswith(prefix) or slug[len(code) + 1:] not in _ACTORS:
            continue
        if "en" not in ref.agencies[slug].names:
            continue
        key = (len(form), form == _hans(form), form)
        if slug not in best or key < (len(best[slug]), best[slug] == _hans(best[slug]), best[slug]):
            best[slug] = form
    return tuple(sorted(best.items()))


def _coordinator(ref: Reference, code: str) -> tuple[str, str] | None:
    prefix = "市" if ref.jurisdictions[code].lineup == "city" else "省"
    slug = f"{code}-qdc-office"
    forms = sorted(f for f, s in ref.agency_forms(code).items() if s == slug and f.startswith(prefix))
    trad = [f for f in forms if f != _hans(f)]
    return (slug, (trad or forms)[0]) if forms else None


def _jurisdictions(ref: Reference, count: int) -> list[str]:
    codes = [c for c, j in ref.jurisdictions.items() if j.level in ("provincial", "municipal") and j.lineup]
    codes = [c for c in codes if _lineup(ref, c)]
    return codes[:count]


# ---------------------------------------------------------------- texts


class _Writer:
    """Appends cleaned text, returns spans, and keeps the raw text with inline pinyin readings beside it."""

    def __init__(self, rng: random.Random, noise: float) -> None:
        self.parts: list[str] = []
        self.raw: list[str] = []
        self.pos = 0
        self.rng = rng
        self.noise = noise
        self.readings = 0

    def put(self, text: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        for ch in text:
            self.raw.append(ch)
            if ch in _READINGS and self.rng.random() < self.noise:
                self.raw.append(f"({_READINGS[ch]})")
                self.readings += 1
        return start, self.pos

    def mention(self, key: str, text: str) -> SynthMention:
        return SynthMention(key, *self.put(text))


class _Composer:
    """Writes one report: preamble, numbered themes, agency-led statements."""

    def __init__(self, ref: Reference, report: SynthReport, rng: random.Random, noise: float, docs: list[int]) -> None:
        self.ref, self.r, self.rng = ref, report, rng
        self.w = _Writer(rng, noise)
        self.lineup = _lineup(ref, report.jurisdiction)
        self.jname = ref.jurisdictions[report.jurisdiction].names["zh-Hant"]
        self.abbrev = ref.jurisdictions[report.jurisdiction].abbrev or self.jname[0]
        self.docs = docs
        self.topics: set[str] = set()

    def compose(self) -> SynthReport:
        r, w, rng = self.r, self.w, self.rng
        cname = self.ref.campaigns[r.campaign].names["zh-Hant"]
        w.put(f"{r.year}年{r.month}月是全國“")
        r.name = w.put(cname)
        w.put("”,圍繞“")
        r.slogan = w.put(rng.choice(_SLOGANS))
        w.put("”主題,")
        coordinator = _coordinator(self.ref, r.jurisdiction)
        if coordinator is not None:
            r.coordinator = w.mention(*coordinator)
        w.put(f"聯合各成員單位推出{rng.randint(20, 90)}多項形式多樣的精彩活動,讓群眾享受活動成果。\n")
        for number, heading in enumerate(rng.sample(_THEMES, rng.randint(3, 6)), start=1):
            w.put(f"({_NUMERALS[number - 1]})")
            r.themes.append((number, *w.put(heading)))
            w.put("\n")
            for k in range(rng.randint(3, 6)):
                if k:
                    w.put(rng.choice((" ", "\n")))
                self.statement(number)
            w.put("\n")
        r.text, r.raw, r.readings = "".join(w.parts), "".join(w.raw), w.readings
        return r

    def agency(self) -> SynthMention:
        return self.w.mention(*self.rng.choice(self.lineup))

    def statement(self, theme: int) -> None:
        act = SynthActivity(len(self.r.activities) + 1, theme)
        act.start = self.w.pos
        act.conductors.append(self.agency())
        if self.rng.random() < 0.2:  # a joint statement; an agency "joining" itself stays two mentions, as extracted
            self.w.put("聯合")
            act.conductors.append(self.agency())
        self.rng.choice(self._bodies)(self, act)
        act.end = self.w.put("。")[1]
        self.r.activities.append(act)

    def _inspection(self, act: SynthActivity) -> None:
        domain, count = self.rng.choice(_DOMAINS), self.rng.randint(5, 90)
        self.w.put(f"開展{self.r.year}年{domain}質量專項督查,對{count}家單位進行抽查")

    def _products(self, act: SynthActivity) -> None:
        self.w.put(self.rng.choice(("開展", "組織開展")))
        for i, slug in enumerate(self.rng.sample(_PRODUCTS, self.rng.randint(2, 4))):
            if i:
                self.w.put("、")
            act.products.append(self.w.mention(slug, self.ref.products[slug].names["zh-Hant"]))
        self.w.put(self.rng.choice(("等產品的質量比對工作,推動相關產業高質量發展", "等產品質量安全專項整治")))

    def _document(self, act: SynthActivity) -> None:
        topics = [t for t in _TOPICS if t not in self.topics]
        if not topics:
            self._training(act)
            return
        self.topics.add(topic := self.rng.choice(topics))
        self.w.put("印發《")
        cname = self.ref.campaigns[self.r.campaign].names["zh-Hant"]
        title = self.w.put(f"{self.jname}{self.r.year}年{cname}{topic}")
        self.w.put("》(")
        self.docs[0] += 1
        number = self.w.put(f"{self.abbrev}{self.rng.choice(_DEPTS)}〔{self.r.year}〕{self.docs[0]}號")
        act.documents.append(SynthDocument(*title, number, issued=True))
        self.w.put("),部署全年質量工作")

    def _publicity(self, act: SynthActivity) -> None:
        self.w.put("在")
        for i, slug in enumerate(self.rng.sample(_MEDIA, self.rng.randint(1, 2))):
            if i:
                self.w.put("、")
            act.media.append(self.w.mention(slug, self.ref.media[slug].names["zh-Hant"]))
        self.w.put("等主流媒體集中開展質量主題宣傳報道,營造良好輿論氛圍")

    def _initiative(self, act: SynthActivity) -> None:
        self.w.put("持續推進“")
        act.initiatives.append(self.w.mention(name := self.rng.choice(_BRANDS), name))
        self.w.put("”行動,著力化解和防範市場風險")

    def _competition(self, act: SynthActivity) -> None:
        self.w.put(f"舉辦第{self.rng.choice(_NUMERALS)}屆“")
        act.initiatives.append(self.w.mention(name := self.rng.choice(_CUPS), name))
        self.w.put("”職業技能競賽,提升從業人員技能水平")

    def _training(self, act: SynthActivity) -> None:
        self.w.put(f"組織{self.r.year}年企業首席質量官培訓班,夯實企業高質量發展人才基礎")

    _bodies = (_inspection, _products, _document, _publicity, _initiative, _competition, _training)


def generate(jurisdictions: int, years: int, campaigns: int = 1, *, seed: int = 0, noise: float = 0.05,
             reference: Reference | None = None) -> Iterator[SynthReport]:
    """Reports for ``jurisdictions`` × ``years`` × ``campaigns``, the same for the same arguments.

    >>> r = next(generate(1, 1))
    >>> r.slug, r.text[r.name[0]:r.name[1]]
    ('bj-2024-qm', '質量月')
    """
    from kg.ingest.reference import load_reference

    ref = reference or load_reference()
    docs = [0]
    for campaign in _CAMPAIGNS[:campaigns]:
        month = ref.campaigns[campaign].month or 9
        for year in range(_FIRST_YEAR, _FIRST_YEAR - years, -1):
            for code in _jurisdictions(ref, jurisdictions):
                rng = random.Random(f"{seed}/{code}/{year}/{campaign}")
                yield _Composer(ref, SynthReport(code, campaign, year, month), rng, noise, docs).compose()


def write_sources(reports: Iterator[SynthReport], directory: Path, reference: Reference | None = None) -> list[Path]:
    """Write each report as ``{slug}.txt`` (raw, with readings) and ``{slug}.meta.json``; return the text paths."""
    from kg.files import write_text
    from kg.ingest.reference import load_reference

    ref = reference or load_reference()
    paths = []
    for report in reports:
        path = directory / report.file_name
        write_text(path, report.raw)
        write_text(path.with_name(f"{report.slug}.meta.json"), json.dumps(report.meta(ref), ensure_ascii=False))
        paths.append(path)
    return paths


# ---------------------------------------------------------------- RDF

# Resources several reports name: their triples are written once (the rest carry the report's slug in their IRI).
_SHARED = tuple(f"{ID}{kind}/" for kind in ("agency", "jurisdiction", "product", "media", "document", "initiative",
                                              "change", "change-source"))
_EVIDENCE = str(GOVKG.evidence)


def extraction(report: SynthReport, reference: Reference) -> Extraction:
    """What extracting ``report``'s text finds, made from what the generator wrote where, without reading the text.

    >>> from kg.ingest.reference import load_reference
    >>> x = extraction(next(generate(1, 1)), load_reference())
    >>> x.campaign.slug, x.activities[0].conductors[0].kind
    ('bj-2024-qm', 'agency')
    """
    from kg.ingest.campaign import CampaignInfo, Place
    from kg.ingest.clean import CleanText, Removal
    from kg.ingest.extract import Extraction, themes_with_topics
    from kg.ingest.mentions import Mention
    from kg.ingest.script import aligned_hans
    from kg.ingest.themes import ThemeRecord

    r = report
    coordinators = (Mention("agency", r.coordinator.key, r.coordinator.start, r.coordinator.end, True),) \
        if r.coordinator is not None else ()
    place = Place(r.jurisdiction, reference.jurisdictions[r.jurisdiction].level)
    campaign = CampaignInfo(r.jurisdiction, r.campaign, r.year, r.month, r.name, r.slogan, coordinators, place)
    readings = tuple(Removal("pinyin-reading", 0, 0, "") for _ in range(r.readings))  # raw offsets not kept
    clean = CleanText(r.raw, r.text, readings, (), ())
    themes = tuple(ThemeRecord(number, start, end, end) for number, start, end in r.themes)
    norm = aligned_hans(r.text)
    activities = [_record(r, a, reference, norm) for a in r.activities]
    agencies = [m for a in activities for m in a.agencies] + list(coordinators)
    themes = themes_with_topics(r.text, norm, themes, activities, agencies, campaign, reference)
    return Extraction(clean, norm, campaign, themes, tuple(activities))


def _record(r: SynthReport, a: SynthActivity, reference: Reference, full: str) -> ActivityRecord:
    from kg.ingest.activity_types import activity_type
    from kg.ingest.extract import ActivityRecord
    from kg.ingest.mentions import DocumentMention, Mention
    from kg.ingest.topics import activity_topics

    def mentions(kind: str, found: list[SynthMention], curated: bool = True) -> tuple[Mention, ...]:
        return tuple(Mention(kind, m.key, m.start, m.end, curated) for m in found)

    norm = _norm(r.text[a.start:a.end])
    masked = [(d.start - a.start, d.end - a.start) for d in a.documents]
    kind = activity_type(norm, a.conductors[-1].end - a.start, len(norm), masked)
    conductors = mentions("agency", a.conductors)
    documents = tuple(DocumentMention(d.start, d.end, d.number, d.issued) for d in a.documents)
    names = [(d.start, d.end) for d in a.documents] + [(m.start, m.end) for m in (*a.conductors, *a.media)]
    topics = activity_topics(full, r.text, a.start, a.end, names, kind, reference.topics)
    return ActivityRecord(a.index, a.theme, a.start, a.end, conductors, conductors, mentions("product", a.products),
                          documents, mentions("initiative", a.initiatives, False), mentions("media", a.media), kind,
                          topics)


def _nt(term: Term) -> str:
    if isinstance(term, str):
        return f"<{term}>"
    text, lang, datatype = term
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
    return f"{quoted}@{lang}" if lang else f"{quoted}^^<{datatype}>" if datatype else quoted


class Emitter:
    """Writes, as N-Triples, the graph ``kg.build`` makes of each report's extraction (``kg.build.graph``), without
    text extraction; what several reports say about a shared resource is written once."""

    def __init__(self, reference: Reference) -> None:
        self.ref = reference
        self.seen: set[Triple] = set()
        self.described: set[tuple[str, str]] = set()
        self.named: dict[str, dict[str, str]] = {}
        self.sources: list[ReportSource] = []
        self.out: list[str] = []

    def add(self, s: str, p: str, o: Term) -> None:
        """Write one triple; one about a shared resource only the first time (its evidence links are each new)."""
        if s.startswith(_SHARED) and p != _EVIDENCE:
            if (s, p, o) in self.seen:
                return
            self.seen.add((s, p, o))
        self.out.append(f"<{s}> <{p}> {_nt(o)} .\n")

    def report(self, r: SynthReport) -> list[str]:
        """The triples of one report, as N-Triples lines."""
        from kg.build.changes import described_triples
        from kg.build.contract import ReportSource, name_agencies
        from kg.build.graph import report_triples

        self.out = []
        source = ReportSource(r.file_name, raw_sha256(r), f"Synthetic report {r.slug}",
                              byte_size=len(r.raw.encode("utf-8")))
        self.sources.append(source)
        built = report_triples(extraction(r, self.ref), self.ref, source)
        for s, predicates in built.triples.subjects.items():
            if s.startswith(_SHARED):
                for p, objects in predicates.items():
                    for o in objects:
                        self.add(s, p, o)
            else:  # the report's own: written once by this report alone
                self.out += [f"<{s}> <{p}> {_nt(o)} .\n" for p, objects in predicates.items() for o in objects]
        self.out += [f"<{s}> <{p}> {_nt(o)} .\n" for s, p, o in built.evidence_triples()]
        for key in built.described:
            if key not in self.described:
                self.described.add(key)
                for triple in described_triples(self.ref, [key]):  # change events and their bodies included
                    self.add(*triple)
        name_agencies(built.namings, self.named, self.add)
        return self.out

    def build_record(self, version: str) -> list[str]:
        """The ``govkg:Build`` record over every report emitted so far, and the labels of the ontology's concepts
        every graph carries."""
        from kg.build.concepts import concept_labels
        from kg.build.contract import build_record

        self.out = [f"<{s}> <{p}> {_nt(o)} .\n" for s, p, o in concept_labels()]
        for triple in build_record(self.sources, [f"{ID}report/{s.name.removesuffix('.txt')}" for s in self.sources],
                                   version):
            self.add(*triple)
        return self.out


@cache
def _norm(text: str) -> str:
    from kg.ingest.script import aligned_hans

    return aligned_hans(text)


def write_ntriples(reports: Iterator[SynthReport], path: Path, reference: Reference | None = None) -> int:
    """Write the graph the build would make of ``reports`` as N-Triples, report by report; return the line count."""
    from kg import __version__
    from kg.files import atomic_write
    from kg.ingest.reference import load_reference

    emitter = Emitter(reference or load_reference())
    count = 0
    with atomic_write(path) as out:
        for report in reports:
            lines = emitter.report(report)
            out.write("".join(lines).encode("utf-8"))
            count += len(lines)
        lines = emitter.build_record(__version__)
        out.write("".join(lines).encode("utf-8"))
    return count + len(lines)


def ntriples_text(reports: list[SynthReport], reference: Reference | None = None) -> str:
    """Reports (and the build record) as N-Triples text, for tests and small samples."""
    from kg import __version__
    from kg.ingest.reference import load_reference

    emitter = Emitter(reference or load_reference())
    body = "".join(line for r in reports for line in emitter.report(r))
    return body + "".join(emitter.build_record(__version__))


def raw_sha256(report: SynthReport) -> str:
    """The checksum the build records for the report's source file."""
    return hashlib.sha256(report.raw.encode("utf-8")).hexdigest()
