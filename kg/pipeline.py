"""The steps the ``kg`` commands run, and the main job ``kg run`` performs with them, as library functions.

Each step does its work and tells what it did through an :class:`Echo`, so the CLI, a notebook or a test sees the
same lines. ``run`` is the whole job on the embedded store::

    data/sources/*.txt ─► build_and_validate ─► data/kg.ttl
                          answer_catalogue   ─► out/queries/<slug>.csv|.ttl
                          write_site         ─► out/site/
                          export_all         ─► out/export/ (dumps, void.ttl), out/ontology/ (docs)
                          draw_networks      ─► out/network/
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from kg.build.corpus import BuildResult
    from kg.validate.report import ValidationReport

__all__ = [
    "Built",
    "Echo",
    "answer_catalogue",
    "answer_query",
    "build_and_validate",
    "draw_networks",
    "export_all",
    "progress_to",
    "report_build",
    "run",
    "user_reference",
    "write_ontology_docs",
    "write_site",
]

Progress = Callable[[int, int, Path], None]


class Echo(Protocol):
    """Where a step's lines go: ``say`` for results (stdout in the CLI), ``warn`` for notes and warnings (stderr)."""

    def say(self, text: str, nl: bool = True) -> None: ...

    def warn(self, text: str) -> None: ...


@dataclass(frozen=True)
class Built:
    """A build and its validation: the graph's bytes, their report, where they went and whether they were written."""

    result: BuildResult
    report: ValidationReport
    target: Path
    written: bool

    def summary(self) -> dict[str, Any]:
        """The build record as ``kg build --json`` prints it."""
        reports = [{"source": str(r.path), "campaign": r.campaign, "themes": r.themes, "activities": r.activities,
                    "agencies": r.agencies, "cleaning": r.cleaning, "not_understood": r.unread}
                   for r in self.result.reports]
        reference = [{"path": str(p), "sha256": digest} for p, digest in self.result.reference_files]
        return {"out": str(self.target), "triples": self.result.triples, "conforms": self.report.conforms,
                "reference": reference, "reports": reports}

    def summary_text(self) -> str:
        """The build record for people: one line per source, what cleaning removed or found damaged, the total."""
        summary = self.summary()
        lines = []
        for r in summary["reports"]:
            lines.append(f"{r['source']}: campaign {r['campaign']}, {r['themes']} themes, {r['activities']} "
                         f"activities, {r['agencies']} agencies")
            lines.extend(_cleaning_lines(r["cleaning"]))
        lines += [f"reference of your own: {f['path']} (sha256 {f['sha256']})" for f in summary["reference"]]
        lines.append(f"{summary['triples']} triples -> {summary['out']} (conforms: {summary['conforms']})")
        return "\n".join(lines)

    def unread_text(self) -> str:
        """What the build did not understand, per report, with a hint how to teach it; empty when nothing."""
        from kg.ingest.unread import TEACH, unread_lines

        lines = [line for r in self.result.reports for line in unread_lines(str(r.path), r.unread)]
        return "\n".join([*lines, TEACH]) if lines else ""


def _cleaning_lines(report: dict[str, Any]) -> list[str]:
    removed = report.get("removed", {})
    parts = [f"{v['count']} {kind} ({v['chars']} characters)" for kind, v in sorted(removed.items())]
    lines = ["  cleaning removed: " + (", ".join(parts) if parts else "nothing")]
    for span in report.get("damaged", []):
        lines.append(
            f"  damaged span at characters {span['start']}-{span['end']} (raw {span['raw_start']}-{span['raw_end']}):"
            f" {span['text']!r}: {span['reason']}; kept as is, not repaired"
        )
    return lines


def build_and_validate(sources: Sequence[Path], target: Path, *, strict: bool = False, engine: str = "sparql",
                       progress: Progress | None = None, reference: Path | None = None) -> Built:
    """Build ``sources`` into a graph, validate its bytes, and write them to ``target``.

    The graph is written even when it does not conform (nothing extracted is lost), unless ``strict``.
    ``reference`` is a folder of the user's own reference tables (see :func:`kg.ingest.reference.load_reference`).
    """
    from kg.build.corpus import build_graph
    from kg.files import write_bytes
    from kg.validate.run import validate_turtle

    result = build_graph(list(sources), progress, reference=reference)
    report = validate_turtle(result.data, engine=engine)  # the bytes about to be written, no rdflib graph
    written = report.conforms or not strict
    if written:
        write_bytes(target, result.data)
    return Built(result, report, target, written)


def user_reference(given: Path | None = None) -> Path | None:
    """The user's reference folder: ``given`` (``--reference``) wins, else the workspace's ``reference/`` if any."""
    from kg.paths import USER_REFERENCE_DIR

    return given if given is not None else (USER_REFERENCE_DIR if USER_REFERENCE_DIR.is_dir() else None)


def answer_catalogue(out: Path, echo: Echo, *, lang: str = "zh-Hant") -> int:
    """Answer every catalogue query that needs no parameter on the embedded store (``data/kg.ttl``), one file each.

    Parameterised queries need a user's question, and violation checks run in ``kg validate``; the campaign
    overview is also shown as a table.
    """
    from kg.files import write_text
    from kg.namespaces import bind_prefixes
    from kg.query.answer import run_catalogue
    from kg.query.catalogue import catalogue
    from kg.query.dataset import open_dataset
    from kg.query.results import format_result
    from kg.rdf.write import to_turtle

    written = 0
    queries = [q for q in catalogue() if not q.params and not q.slug.endswith("-violation")]
    with open_dataset(engine="oxigraph") as store:
        for query, result in run_catalogue(store, queries, lang=lang):
            if result.graph is not None:  # a CONSTRUCT or DESCRIBE answer: Turtle in the .ttl, as the suffix says
                write_text(out / f"{query.slug}.ttl", to_turtle(bind_prefixes(result.graph)))
            else:
                write_text(out / f"{query.slug}.csv", format_result(result, "csv"))
            written += 1
            if query.slug == "campaign-overview":
                echo.say(format_result(result, "table"), nl=False)
    echo.say(f"queries: {written} answers (embedded Oxigraph) in {out}/")
    return written


def write_site(out: Path, data: Sequence[Path], echo: Echo, *, base: str = "https://w3id.org/govkg/id/",
               endpoint: str = "sparql") -> int:
    """One HTML page per resource (with its RDF), class indexes and the query page, in ``out``."""
    from kg.publish.site import Site, load_graph
    from kg.publish.staticsite import write_site as write

    count = write(Site(load_graph(list(data)), base, endpoint=endpoint), out)
    echo.say(f"site: {count} files -> {out}/index.html")
    return count


def export_all(out: Path, data: Sequence[Path], echo: Echo, *, formats: Sequence[str] | None = None,
               base: str = "http://127.0.0.1:8000", endpoint: str | None = None) -> None:
    """The ontology and the graph as dumps in every format (or ``formats``), with their VoID/DCAT description."""
    from kg.publish.dataset import load_dataset
    from kg.publish.export import export

    result = export(load_dataset(list(data)), out, list(formats) if formats else None, base=base, endpoint=endpoint)
    for dump in result.dumps:
        echo.say(f"{dump.path}  {dump.format.media_type}  {dump.byte_size} bytes  sha256 {dump.sha256[:16]}…")
    echo.say(f"description: {result.description}")


def write_ontology_docs(out: Path, echo: Echo, ontology: Path | None = None) -> None:
    """The ontology's documentation, one self-contained HTML page per language."""
    from kg.publish.ontodoc import write_docs

    for path in write_docs(out, ontology):
        echo.say(f"ontology documentation: {path}")


def draw_networks(out: Path, store: Any, echo: Echo, *, layer: str = "themes", lang: str = "zh-Hant",
                  campaigns: Sequence[str] | None = None) -> None:
    """Agency networks read from ``store``: graph files, metrics, pictures and the interactive page."""
    from kg.network.write import write_networks

    result = write_networks(store, out, layer=layer, lang=lang, campaigns=list(campaigns) if campaigns else None)
    for net in result.networks:
        echo.say(f"{net.name}: {net.graph.number_of_nodes()} nodes, {net.graph.number_of_edges()} edges, "
                 f"{net.agencies.number_of_edges()} agency pairs")
    echo.say(f"network: {len(result.files)} files in {out}/")
    for warning in result.warnings:
        echo.warn(f"kg: warning: {warning}")


def report_build(built: Built, echo: Echo, *, as_json: bool = False) -> None:
    """Tell what a build gave: its notes, the summary, and, when it does not conform, the validation report."""
    for note in built.report.notes:
        echo.warn(f"kg: note: {note}")
    summary = built.summary()
    echo.say(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else built.summary_text())
    if not as_json and (unread := built.unread_text()):
        echo.say(unread)
    warnings = sum(1 for r in built.report.results if r.severity != "Violation")
    if warnings and built.report.conforms:
        echo.warn(f"kg: {warnings} validation warnings (see `kg validate {built.target}`)")
    if not built.report.conforms:
        echo.warn(built.report.to_text())


def run(out: Path, echo: Echo) -> Built:
    """The main job, end to end on the embedded store: build and validate, then every later stage.

    Returns the build; a graph that does not conform stops the job after it is written (the caller exits 1).
    """
    from kg.build.corpus import default_sources
    from kg.paths import KG_FILE
    from kg.query.dataset import open_dataset

    built = build_and_validate(default_sources(), KG_FILE, progress=progress_to(echo), reference=user_reference())
    report_build(built, echo)
    if not built.report.conforms:
        return built
    echo.say(f"graph: {KG_FILE}")
    answer_catalogue(out / "queries", echo)
    write_site(out / "site", [KG_FILE], echo)
    export_all(out / "export", [KG_FILE], echo)
    write_ontology_docs(out / "ontology", echo)
    with open_dataset([]) as store:  # data/kg.ttl
        draw_networks(out / "network", store, echo)
    return built


def progress_to(echo: Echo) -> Progress:
    """A build's progress as ``[i/n] name`` warnings, when there are more than three sources."""

    def progress(i: int, total: int, path: Path) -> None:
        if total > 3:
            echo.warn(f"[{i}/{total}] {path.name}")

    return progress


def answer_query(query: Any, params: dict[str, str], data: list[Path], engine: str, location: str | None,
                 endpoint: str | None, graph_iri: str | None, reason: bool, fmt: str, lang: str, limit: int,
                 allow_federation: bool, timeout: float, max_bytes: int) -> tuple[str, bool]:
    """Load the data, run ``query`` and format it: ``kg query``'s work, done in its killable worker process.

    Returns the formatted answer and whether it was cut at ``limit`` rows.
    """
    import socket

    from kg.errors import StoreError
    from kg.limits import size_limit
    from kg.query.answer import run_query
    from kg.query.dataset import open_dataset
    from kg.query.limited import QueryTimeout, start_clock
    from kg.query.results import format_result

    with size_limit(max_bytes), open_dataset(data, engine=engine, location=Path(location) if location else None,
                                             endpoint=endpoint, graph=graph_iri, reason=reason) as store:
        start_clock()
        if endpoint and timeout:
            socket.setdefaulttimeout(timeout)  # SPARQLWrapper's HTTP timeout when none is set; this process only
        try:
            result = run_query(store, query, params, lang=lang, limit=limit, allow_federation=allow_federation)
        except StoreError as exc:
            if not _timed_out(exc):
                raise
            raise QueryTimeout(f"query {query.slug} ran past the time limit of {timeout:g} s and was stopped") \
                from None
    return format_result(result, fmt), result.truncated


def _timed_out(exc: BaseException) -> bool:
    """Whether an endpoint's failure was its HTTP timeout (urllib raises TimeoutError, or URLError around one)."""
    cause = exc.__cause__
    return isinstance(cause, TimeoutError) or isinstance(getattr(cause, "reason", None), TimeoutError)
