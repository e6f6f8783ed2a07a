"""Build many reports at once: each report built and written as Turtle on its own (in workers), then merged."""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.build.concepts import concept_labels
from kg.build.contract import Naming, ReportSource, ReportTriples, name_agencies
from kg.namespaces import ID
from kg.rdf.terms import Triple, Triples
from kg.rdf.write import TurtleWriter

if TYPE_CHECKING:
    from kg.ingest.reference import Reference

__all__ = ["PARALLEL_FROM", "Assembly", "Job", "Part", "build_part", "parts", "use_reference", "warm_up",
           "worker_count"]

_ID = str(ID)
PARALLEL_FROM = 128
"""Fewer sources than this are built in this process: starting workers would cost more than it saves."""


@dataclass(frozen=True)
class Job:
    """One source to build: its text as read, its ``.meta.json`` content, what the graph records of its file."""

    raw: str
    meta: dict[str, Any]
    source: ReportSource


@dataclass(frozen=True)
class Part:
    """What one report gave: its own subjects' Turtle blocks, triples about shared subjects, the summary counts."""

    slug: str
    blocks: list[tuple[str, bytes]]
    local_triples: int
    shared: list[Triple]
    described: list[tuple[str, str]]
    namings: list[Naming]
    source: ReportSource
    themes: int
    activities: int
    agencies: int
    cleaning: dict[str, Any]
    unread: dict[str, Any]


@functools.cache
def writer() -> TurtleWriter:
    """The process's Turtle writer (it remembers how each vocabulary IRI is written)."""
    return TurtleWriter()


_USER: list[Path | None] = [None]  # the user's reference folder of the build under way (workers inherit it)


def use_reference(user: Path | None) -> Reference:
    """Build with the shipped reference data merged with the user's folder ``user`` (``None``: the shipped alone)."""
    _USER[0] = user
    _cached_reference.cache_clear()  # the folder's files may have changed since the last build in this process
    return _reference()


def _reference() -> Reference:
    return _cached_reference(_USER[0])


@functools.cache
def _cached_reference(user: Path | None) -> Reference:
    """The reference data (``load_reference`` resolves its folder on every call: a syscall per report)."""
    from kg.ingest.reference import load_reference

    return load_reference(user=user)


def build_part(job: Job) -> Part:
    """Clean, extract and graph one source; write its own subjects as Turtle blocks."""
    from kg.build.graph import report_triples
    from kg.ingest.clean import clean
    from kg.ingest.extract import extract
    from kg.ingest.unread import unread
    reference = _reference()
    cleaned = clean(job.raw)
    extraction = extract(cleaned, reference, job.meta)
    source = job.source
    built: ReportTriples = report_triples(extraction, reference, source)
    slug = extraction.campaign.slug
    own, shared = _split(built.triples, slug)
    blocks = writer().blocks(own)
    for ev, (start, end) in built.evidence.items():  # evidence is the report's own (its IRIs carry the slug)
        blocks += writer().evidence(ev, built.report, start, end, built.text[start:end], built.pages.get(ev))
    encoded = [(subject, block.encode("utf-8")) for subject, block in blocks]  # encoded here, in parallel
    agencies = {m.key for a in extraction.activities for m in a.agencies}
    agencies.update(m.key for m in (*extraction.campaign.coordinators, *extraction.campaign.participants))
    count = len(own) + 9 * len(built.evidence) + 2 * len(built.pages)
    return Part(slug, encoded, count, list(shared), list(built.described), built.namings, source,
                len(extraction.themes), len(extraction.activities), len(agencies), cleaned.report(), unread(extraction))


def _split(triples: Triples, slug: str) -> tuple[Triples, Triples]:
    """The report's own subjects (IRIs under its slug) and the rest."""
    prefixes = tuple(f"{_ID}{kind}/{slug}/" for kind in ("activity", "evidence", "damage", "theme"))
    exact = {f"{_ID}theme/{slug}", f"{_ID}campaign/{slug}"}
    own, shared = Triples(), Triples()
    for subject, predicates in triples.subjects.items():
        target = own if subject in exact or subject.startswith(prefixes) else shared
        target.subjects[subject] = predicates
    return own, shared


class Assembly:
    """The parts of a build, put together in source order, then written as one Turtle document.

    A report's own resources (its campaign, themes, activities, evidence and damaged spans: IRIs that carry its slug)
    get all their triples from that report, so their Turtle blocks are written where the report is built. Resources
    that several reports share (agencies, jurisdictions, products, documents …, and the report itself, which the build
    record points at) come back as triples and are written once everything is in. Agencies the reference data does not
    list are labelled by the first report that names them, so their labels wait for the merge (``Naming``).
    """

    def __init__(self) -> None:
        self.blocks: list[tuple[str, bytes]] = []
        self.shared = Triples()
        self.described: dict[tuple[str, str], None] = {}
        self.named: dict[str, dict[str, str]] = {}
        self.local_triples = 0
        self.sources: list[ReportSource] = []
        self.reports: list[str] = []

    def add(self, part: Part) -> None:
        """Take in the next report's part (call in source order: the first report to name an agency labels it)."""
        self.blocks += part.blocks
        self.local_triples += part.local_triples
        self.sources.append(part.source)
        self.reports.append(f"{_ID}report/{part.slug}")
        self.shared.update(part.shared)
        self.described.update(dict.fromkeys(part.described))
        name_agencies(part.namings, self.named, self.shared.add)

    def turtle(self, extra: list[Triple]) -> tuple[bytes, int]:
        """The whole document (UTF-8) with ``extra`` triples (the build record) about shared subjects, and its size."""
        from kg.build.changes import described_triples

        self.shared.update(described_triples(_reference(), self.described))  # change events included
        self.shared.update(concept_labels())
        self.shared.update(extra)
        blocks = self.blocks + [(s, block.encode("utf-8")) for s, block in writer().blocks(self.shared)]
        return writer().document(blocks), self.local_triples + len(self.shared)


def warm_up() -> None:
    """Load what every report needs once, before workers are forked, so they share it."""
    from kg.ingest.campaign import cached_forms
    from kg.ingest.script import to_hans, to_hant
    reference = _reference()
    reference.agency_forms("cn")
    for kind in ("jurisdiction", "campaign", "product", "media"):
        cached_forms(reference, kind)
    to_hans("質")
    to_hant("质")
    import pypinyin  # noqa: F401  (imported by cleaning and slugs; once here rather than once per worker)

    writer()


def worker_count(sources: int, jobs: int | None) -> int:
    """How many worker processes: ``jobs`` when given, else one per usable core for ``PARALLEL_FROM`` sources."""
    if jobs is not None:
        return max(1, jobs)
    if sources < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    from kg.limits import cpus

    return min(cpus(), sources)


@contextlib.contextmanager
def parts(jobs: list[Job], workers: int) -> Iterator[Iterator[Part]]:
    """The parts of ``jobs`` in order: built here for one worker, else by forked workers.

    The workers ignore Ctrl-C (the parent handles it) and die with the parent even when it is killed; leaving the
    block, normally or by any exception, terminates them (:func:`kg.workers.forked_pool`).
    """
    from kg.workers import can_fork, forked_pool

    if workers <= 1 or not can_fork():
        yield map(build_part, jobs)
        return
    with forked_pool(workers) as pool:
        yield pool.imap(build_part, jobs, chunksize=max(1, min(8, len(jobs) // (workers * 8))))
