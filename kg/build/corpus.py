"""Build: sources in ``data/sources/`` through cleaning, extraction and graph to ``data/kg.ttl``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from kg.errors import InputError
from kg.namespaces import bind_prefixes
from kg.sources.meta import merge, read_meta
from kg.workers import gc_paused

if TYPE_CHECKING:
    from kg.build.assemble import Part
    from kg.build.contract import ReportSource
    from kg.sources.document import SourceDocument

__all__ = ["BuildResult", "ReportSummary", "build", "build_graph", "default_sources", "read_meta", "report_source"]

Progress = Callable[[int, int, Path], None]
Merged = dict[str, tuple[Any, str]]  # kg.sources.meta.merge: every metadata value with where it came from


@dataclass(frozen=True)
class ReportSummary:
    """What one source gave: counts for the CLI summary, and the cleaning report."""

    path: Path
    campaign: str
    themes: int
    activities: int
    agencies: int
    cleaning: dict[str, Any] = field(compare=False)
    unread: dict[str, Any] = field(default_factory=dict, compare=False)
    file: dict[str, Any] = field(default_factory=dict, compare=False)  # the original file: format, size, pages
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)  # key -> value, where from


@dataclass(frozen=True)
class BuildResult:
    """The built graph, as the deterministic Turtle ``kg build`` writes (UTF-8), and one summary per source.

    ``turtle`` is the same text as a string and ``graph`` the same graph as an rdflib ``Graph``, each made when
    first asked for (the graph takes seconds a million triples): writing the file needs only ``data``.
    """

    data: bytes
    triples: int
    reports: tuple[ReportSummary, ...]
    reference_files: tuple[tuple[Path, str], ...] = ()  # the user's reference tables used: path, SHA-256
    warnings: tuple[str, ...] = ()  # "path: what looks wrong", for the user (see ``build_graph``)
    notes: tuple[str, ...] = ()  # "folder: what was left out" and the like: for the user, never an error
    entries: tuple[Entry, ...] = field(default=(), repr=False, compare=False)  # what kg add keeps (kg.build.cache)

    @functools.cached_property
    def turtle(self) -> str:
        """The Turtle as a string."""
        return self.data.decode("utf-8")

    @functools.cached_property
    def graph(self) -> Graph:
        """The graph as an rdflib ``Graph`` with govkg's prefixes (read back from ``data`` by Oxigraph)."""
        import pyoxigraph

        from kg.rdf.read import from_oxigraph

        graph = bind_prefixes(Graph(bind_namespaces="none"))
        for t in pyoxigraph.parse(self.data, format=pyoxigraph.RdfFormat.TURTLE):
            graph.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))  # type: ignore[arg-type]
        return graph


def default_sources() -> list[Path]:
    """The workspace's ``data/sources/`` folder (every report file under it, any format), when there is one."""
    from kg.paths import SOURCES_DIR

    return [SOURCES_DIR] if SOURCES_DIR.is_dir() else []


def build_graph(paths: list[Path], progress: Progress | None = None, *, jobs: int | None = None,
                reference: Path | None = None, previous: Sequence[Entry] = (),
                reuse: Mapping[str, Entry] | None = None) -> BuildResult:
    """Read, clean, extract and graph every source; refuses unreadable and duplicate sources before building.

    ``paths`` are files in any format :mod:`kg.sources` reads (text, Markdown, web page, MHTML, PDF, Word) and
    folders, which stand for every report file under them (:func:`kg.sources.folders.expand_sources`).
    ``reference`` is a folder of the user's own reference tables, merged over the shipped ones for this build.
    ``previous`` are reports built before (``kg add``: :mod:`kg.build.cache`), put together with the new ones.
    ``reuse`` are reports of an earlier build by :func:`kg.build.cache.job_key`: a source whose job has the same key
    is not built again (its part is the same, since the key covers all a part is made from).
    What looks wrong but can be built (a table of contents, RDF given as a report) becomes a warning in
    ``BuildResult.warnings``, and so does a report from which nothing was extracted (no acting body, no activity);
    a source with no text (a page with no article), or one that gave nothing and looked wrong too, is left out of the
    graph with its warning.

    With many sources the reports are built by one worker process per core (``jobs`` sets how many; 1 builds
    here). The reports are put together in the order of their file names (then checksums), so the graph is the
    same byte for byte whatever the order of ``paths``, the workers, or which reports were added later.

    >>> from kg.paths import SOURCES_DIR
    >>> result = build_graph([SOURCES_DIR / "jiangsu-2022-quality-month.txt"])
    >>> result.reports[0].campaign, result.reports[0].themes
    ('js-2022-qm', 5)
    """
    from kg.build.assemble import Job, parts, use_reference, warm_up, worker_count
    from kg.build.cache import job_key
    from kg.sources.folders import expand_sources

    files, notes = expand_sources(paths)
    if not files:
        raise InputError("no sources to build")
    tables = use_reference(reference)  # a bad user table stops the build before anything is read
    user_files = tables.user_files
    documents = _read_all(files, {e.part.source.sha256: e.summary.path for e in previous})
    metas: list[dict[str, Any] | InputError] = []
    for path in documents:
        try:
            metas.append(read_meta(path, known_jurisdiction=lambda name: tables.find_jurisdiction(name) is not None))
        except InputError as exc:  # raised in its turn below, as when each source was read just before its build
            metas.append(exc)
    warnings: list[str] = []
    work: list[tuple[Path, dict[str, Any] | InputError, Job, Merged]] = []
    for (path, document), meta in zip(documents.items(), metas, strict=True):
        warnings += [f"{path}: {note}" for note in document.extracted.notes]
        if not document.text.strip():
            warnings.append(f"{path}: no text to build, left out")
            continue
        given = meta if isinstance(meta, dict) else {}
        merged = merge(given, document.extracted.metadata)  # once: for the graph and for the build record
        work.append((path, meta, Job(document.text, given, _source(document, merged)), merged))
    if not work:
        raise InputError("none of the sources has any text to build" + (f" ({warnings[0]})" if warnings else ""))
    entries = list(previous)
    keys = [job_key(job) for _, _, job, _ in work]
    kept = {key: (reuse or {})[key] for key in keys if key in (reuse or {})}
    todo = [job for (_, _, job, _), key in zip(work, keys, strict=True) if key not in kept]
    if todo:
        warm_up()
    with gc_paused():
        with parts(todo, worker_count(len(todo), jobs)) as fresh:
            built = (kept[key].part if key in kept else next(fresh) for key in keys)
            for i, ((path, meta, _, merged), part, key) in enumerate(zip(work, built, keys, strict=True), start=1):
                if progress is not None:
                    progress(i, len(work), path)
                if isinstance(meta, InputError):
                    raise meta
                if not part.activities and not part.agencies:
                    junk = bool(documents[path].extracted.notes)  # and it looked like RDF, contents, no article
                    warnings.append(f"{path}: nothing extracted (no acting body, no activity)"
                                    f"{', left out' if junk else ''}: is it a report of what public bodies did?")
                    if junk:
                        continue
                summary = ReportSummary(path, part.slug, part.themes, part.activities, part.agencies, part.cleaning,
                                        part.unread, *_described(documents[path], merged))
                entries.append(Entry(summary, part, key))
        if not entries:
            raise InputError("nothing extracted from any source" + (f" ({warnings[-1]})" if warnings else ""))
        return _assemble(entries, user_files, tuple(notes), tuple(warnings))


@dataclass(frozen=True)
class Entry:
    """One report of a build: its summary and its part (what ``kg add`` keeps of the reports built before)."""

    summary: ReportSummary
    part: Part
    key: str = ""  # kg.build.cache.job_key of the job it was built from


def _assemble(entries: list[Entry], user_files: tuple[tuple[Path, str], ...], notes: tuple[str, ...],
              warnings: tuple[str, ...]) -> BuildResult:
    """Put the parts together in the order of their file names and checksums, and write the graph."""
    from kg import __version__
    from kg.build.assemble import Assembly
    from kg.build.contract import build_record

    entries = sorted(entries, key=lambda e: (e.part.source.name, e.part.source.sha256))
    assembly = Assembly()
    campaigns: dict[str, Path] = {}
    for entry in entries:
        path, slug = entry.summary.path, entry.part.slug
        if slug in campaigns:
            raise InputError(f"describes the same campaign ({slug}) as {campaigns[slug]}", path=path)
        campaigns[slug] = path
        assembly.add(entry.part)
    record = build_record(assembly.sources, assembly.reports, __version__, user_files)
    data, count = assembly.turtle(record)
    return BuildResult(data, count, tuple(e.summary for e in entries), user_files, warnings, notes, tuple(entries))


def report_source(document: SourceDocument, meta: dict[str, Any]) -> ReportSource:
    """What the graph records of a source file: the file's identity and what it and its ``.meta.json`` say."""
    return _source(document, merge(meta, document.extracted.metadata))


def _source(document: SourceDocument, merged: Merged) -> ReportSource:
    from kg.build.contract import ReportSource

    values = {key: value for key, (value, _) in merged.items()}
    return ReportSource(document.name, document.sha256, values.get("working_title"), document.media_type,
                        document.byte_size, values.get("title"), values.get("url"), values.get("publisher"),
                        values.get("date"), document.extracted.pages)


def _described(document: SourceDocument, merged: Merged) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The build record's account of a source file, and each metadata value with where it came from."""
    file = {"name": document.name, "media_type": document.media_type, "bytes": document.byte_size,
            "sha256": document.sha256, "pages": len(document.extracted.pages) or None}
    found = {key: {"value": value, "from": where} for key, (value, where) in merged.items() if key != "notes"}
    return file, found


def _read_all(paths: list[Path], seen: dict[str, Path]) -> dict[Path, SourceDocument]:
    """Read every source first, so a bad one stops the build before anything is written (``seen``: checksums of
    the reports already in the graph, and their files)."""
    from kg.sources.read import read_document

    documents: dict[Path, SourceDocument] = {}
    built_before, seen = seen, {}
    for path in paths:
        if not path.is_file():
            raise InputError("no such source file", path=path)
        document = read_document(path)
        if document.sha256 in built_before:
            raise InputError(f"already in the graph (built from {built_before[document.sha256]})", path=path)
        if document.sha256 in seen:
            same = seen[document.sha256].resolve() == path.resolve()
            message = "given twice" if same else f"the same report as {seen[document.sha256]} (identical bytes)"
            raise InputError(message, path=path)
        seen[document.sha256] = path
        documents[path] = document
    return documents


def build(paths: list[Path], out: Path, progress: Progress | None = None, *, jobs: int | None = None,
          reference: Path | None = None) -> BuildResult:
    """Build ``paths`` and write the graph to ``out`` as deterministic Turtle (atomically)."""
    from kg.files import write_bytes

    result = build_graph(paths, progress, jobs=jobs, reference=reference)
    write_bytes(out, result.data)
    return result
