"""Build: sources in ``data/sources/`` through cleaning, extraction and graph to ``data/kg.ttl``."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import InputError
from kg.namespaces import bind_prefixes
from kg.sources.meta import read_meta

__all__ = ["BuildResult", "ReportSummary", "build", "build_graph", "default_sources", "read_meta"]

Progress = Callable[[int, int, Path], None]


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
    """Every ``*.txt`` in ``data/sources/``, sorted by name."""
    from kg.paths import SOURCES_DIR

    return sorted(SOURCES_DIR.glob("*.txt"))


def build_graph(paths: list[Path], progress: Progress | None = None, *, jobs: int | None = None,
                reference: Path | None = None) -> BuildResult:
    """Clean, extract and graph every source; refuses empty, undecodable and duplicate sources before building.

    ``reference`` is a folder of the user's own reference tables, merged over the shipped ones for this build.

    With many sources the reports are built by one worker process per core (``jobs`` sets how many; 1 builds
    here); the result is the same byte for byte, put together in the order of ``paths``.

    >>> from kg.paths import SOURCES_DIR
    >>> result = build_graph([SOURCES_DIR / "jiangsu-2022-quality-month.txt"])
    >>> result.reports[0].campaign, result.reports[0].themes
    ('js-2022-qm', 5)
    """
    from kg import __version__
    from kg.build.assemble import Assembly, Job, parts, use_reference, warm_up, worker_count
    from kg.build.contract import build_record
    from kg.sources.decode import read_source

    if not paths:
        raise InputError("no sources to build")
    tables = use_reference(reference)  # a bad user table stops the build before anything is read
    user_files = tables.user_files
    texts = _read_all(paths, read_source)
    metas: list[dict[str, Any] | InputError] = []
    for path in texts:
        try:
            metas.append(read_meta(path, known_jurisdiction=lambda name: tables.find_jurisdiction(name) is not None))
        except InputError as exc:  # raised in its turn below, as when each source was read just before its build
            metas.append(exc)
    warm_up()
    work = [Job(path.name, raw, digest, meta if isinstance(meta, dict) else {})
            for (path, (raw, digest)), meta in zip(texts.items(), metas, strict=True)]
    assembly = Assembly()
    summaries: list[ReportSummary] = []
    campaigns: dict[str, Path] = {}
    with _gc_paused():
        with parts(work, worker_count(len(work), jobs)) as built:
            for i, (path, meta, part) in enumerate(zip(texts, metas, built, strict=True), start=1):
                if progress is not None:
                    progress(i, len(texts), path)
                if isinstance(meta, InputError):
                    raise meta
                if part.slug in campaigns:
                    raise InputError(f"describes the same campaign ({part.slug}) as {campaigns[part.slug]}",
                                     path=path)
                campaigns[part.slug] = path
                assembly.add(part)
                summaries.append(ReportSummary(path, part.slug, part.themes, part.activities, part.agencies,
                                               part.cleaning, part.unread))
        record = build_record(assembly.sources, assembly.reports, __version__, user_files)
        data, count = assembly.turtle(record)
    return BuildResult(data, count, tuple(summaries), user_files)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a build makes millions of small objects and no cycles.

    Python's collector would otherwise walk every live object (the reference data's forms included) again and
    again; what is already alive is frozen out of its reach, and everything is handed back afterwards.
    """
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def _read_all(paths: list[Path], read: Callable[[Path], str]) -> dict[Path, tuple[str, str]]:
    """Decode every source first, so a bad one stops the build before anything is written."""
    texts: dict[Path, tuple[str, str]] = {}
    seen: dict[str, Path] = {}
    for path in paths:
        if not path.is_file():
            raise InputError("no such source file", path=path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            same = seen[digest].resolve() == path.resolve()
            message = "given twice" if same else f"the same report as {seen[digest]} (identical bytes)"
            raise InputError(message, path=path)
        seen[digest] = path
        texts[path] = (read(path), digest)
    return texts


def build(paths: list[Path], out: Path, progress: Progress | None = None, *, jobs: int | None = None,
          reference: Path | None = None) -> BuildResult:
    """Build ``paths`` and write the graph to ``out`` as deterministic Turtle (atomically)."""
    from kg.files import write_bytes

    result = build_graph(paths, progress, jobs=jobs, reference=reference)
    write_bytes(out, result.data)
    return result
