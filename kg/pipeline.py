"""The steps the ``kg`` commands run, and the main job ``kg run`` performs with them, as library functions.

Each step does its work and tells what it did through an :class:`Echo`, so the CLI, a notebook or a test sees the
same lines. ``run`` is the whole job on the embedded store::

    data/sources/     ─► build_and_validate ─► data/kg.ttl
                          draw_networks      ─► out/network/ (its metrics loaded beside the graph for:)
                          answer_catalogue   ─► out/queries/<slug>.csv|.ttl, out/queries.xlsx
                          export_all         ─► out/export/ (dumps, void.ttl), out/ontology/ (docs)
                          write_site         ─► out/site/ (its index links the outputs above)
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kg.buildstep import build_and_validate
from kg.built import Built, Echo, progress_to, report_build
from kg.langs import OWN_SCRIPT

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
    "site_progress",
    "user_reference",
    "write_ontology_docs",
    "write_site",
]


def user_reference(given: Path | None = None) -> Path | None:
    """The user's reference folder: ``given`` (``--reference``) wins, else the workspace's ``reference/`` if any."""
    from kg.paths import USER_REFERENCE_DIR

    return given if given is not None else (USER_REFERENCE_DIR if USER_REFERENCE_DIR.is_dir() else None)


def answer_catalogue(out: Path, echo: Echo, *, lang: str = OWN_SCRIPT, store: Any = None) -> int:
    """Answer every catalogue query that needs no parameter on the embedded store, one file each, and the tables
    again as one workbook beside the folder (``out/queries.xlsx``, a sheet per query, for spreadsheet users).

    ``store`` is the store to ask (``kg run`` gives its own, holding the network metrics beside the graph, which
    ``network-centrality`` ranks); by default ``data/kg.ttl`` read into memory, where the many questions cost
    less than on the ready store once the load is paid. Parameterised queries need a user's question, and
    violation checks run in ``kg validate``; the campaign overview is also shown as a table.
    """
    from kg.query.dataset import open_dataset

    if store is None:
        with open_dataset(engine="oxigraph", memory=True) as own:
            return answer_catalogue(out, echo, lang=lang, store=own)
    from kg.files import write_bytes, write_text
    from kg.namespaces import bind_prefixes
    from kg.query.answer import run_catalogue
    from kg.query.catalogue import catalogue
    from kg.query.results import format_result
    from kg.query.workbook import workbook_bytes
    from kg.rdf.write import to_turtle

    tables = []
    queries = [q for q in catalogue() if not q.params and not q.slug.endswith("-violation")]
    for query, result in run_catalogue(store, queries, lang=lang):
        if result.graph is not None:  # a CONSTRUCT or DESCRIBE answer: Turtle in the .ttl, as the suffix says
            write_text(out / f"{query.slug}.ttl", to_turtle(bind_prefixes(result.graph)))
        else:
            write_text(out / f"{query.slug}.csv", format_result(result, "csv"))
            tables.append((query.slug, result))
        if query.slug == "campaign-overview":
            echo.say(format_result(result, "table"), nl=False)
    write_bytes(out.with_suffix(".xlsx"), workbook_bytes(tables))
    echo.say(f"queries: {len(queries)} answers (embedded Oxigraph) in {out}/, the tables also in {out}.xlsx")
    return len(queries)


def write_site(out: Path, data: Sequence[Path], echo: Echo, *, base: str = "https://w3id.org/govkg/id/",
               endpoint: str = "sparql", store: Any = None, jobs: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> int:
    """One HTML page per resource (with its RDF), class indexes, the query page and the ontology's pages, in ``out``;
    the index links the networks, dumps and query answers found beside ``out`` (``kg run``'s ``out/``).

    The pages read ``store`` (a pyoxigraph ``Store``) when given, else ``data`` loaded into an in-memory one; a site
    written before is updated (only files whose bytes changed are written, stale ones removed)."""
    import time

    from kg.publish.load import load_store
    from kg.publish.site import Site
    from kg.publish.staticsite import outputs_beside
    from kg.publish.staticsite import write_site as write

    start = time.perf_counter()
    site = Site(store if store is not None else load_store(list(data)), base, endpoint=endpoint)
    loaded = time.perf_counter()
    result = write(site, out, jobs=jobs, progress=progress, outputs=outputs_beside(out))
    pages = time.perf_counter() - loaded
    echo.say(f"site: {result.files} files ({result.written} written, {result.removed} removed) -> {out}/index.html "
             f"[{len(site.documents())} documents; read {loaded - start:.1f} s, pages {pages:.1f} s]")
    return result.files


def site_progress(stream: Any) -> Callable[[int, int], None] | None:
    """A progress bar for ``write_site`` on ``stream`` (stderr) when it is a terminal, redrawn in place; else None."""
    import time

    if not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    start = time.monotonic()

    def bar(done: int, total: int) -> None:
        filled = 30 * done // max(total, 1)
        stream.write(f"\rsite: [{'#' * filled}{' ' * (30 - filled)}] {done:,}/{total:,} documents "
                     f"{time.monotonic() - start:.0f} s" + ("\n" if done >= total else ""))
        stream.flush()

    return bar


def export_all(out: Path, data: Sequence[Path], echo: Echo, *, formats: Sequence[str] | None = None,
               base: str = "http://127.0.0.1:8000", endpoint: str | None = None) -> None:
    """The ontology and the graph as dumps in every format (or ``formats``), with their VoID/DCAT description."""
    from kg.publish.dataset import load_split
    from kg.publish.export import export

    result = export(load_split(list(data)), out, list(formats) if formats else None, base=base, endpoint=endpoint)
    for dump in result.dumps:
        echo.say(f"{dump.path}  {dump.format.media_type}  {dump.byte_size} bytes  sha256 {dump.sha256[:16]}…")
    echo.say(f"description: {result.description}")


def write_ontology_docs(out: Path, echo: Echo, ontology: Path | None = None) -> None:
    """The ontology's documentation, one self-contained HTML page per language."""
    from kg.publish.ontodoc import write_docs

    for path in write_docs(out, ontology):
        echo.say(f"ontology documentation: {path}")


def draw_networks(out: Path, store: Any, echo: Echo, *, layer: str | None = None, lang: str = OWN_SCRIPT,
                  campaigns: Sequence[str] | None = None, per_campaign: bool = False,
                  selection: Any = None, pictures: Sequence[str] | None = None) -> Any:
    """Agency networks read from ``store``: graph files, metrics, pictures and the interactive page.

    Returns what was written (a :class:`kg.network.write.NetworkOutput`).

    ``lang`` is any ``--lang`` value (:func:`kg.query.answer.label_lang`; ``zh``: the reports' own script).
    """
    from kg.network.write import write_networks
    from kg.query.answer import label_lang

    result = write_networks(store, out, layer=layer, lang=label_lang(store, lang),
                            campaigns=list(campaigns) if campaigns else None, per_campaign=per_campaign,
                            selection=selection, pictures=pictures)
    for net in result.networks:
        echo.say(f"{net.name}: {net.graph.number_of_nodes()} nodes, {net.graph.number_of_edges()} edges, "
                 f"{net.agencies.number_of_edges()} agency pairs")
    echo.say(f"network: {len(result.files)} files in {out}/")
    for warning in result.warnings:
        echo.warn(f"kg: warning: {warning}")
    return result


def run(out: Path, echo: Echo) -> Built:
    """The main job, end to end on the embedded store: build and validate, then every later stage.

    Each stage's time follows its lines (``network took 21.4 s``), and the last line gives the whole time and each
    stage's. The export runs in a forked process beside reading the graph, the networks, the queries and the
    ontology's pages (its lines are said when it is waited for, before the site). The networks
    come before the queries, so that ``network-centrality`` ranks the metrics they measured (loaded beside the
    graph). Returns the build; a graph that does not conform stops the job after it is written (the caller exits 1).
    """
    from kg.build.corpus import default_sources
    from kg.limits import own_output
    from kg.paths import KG_FILE
    from kg.query.dataset import open_dataset
    from kg.workers import beside

    times: dict[str, float] = {}
    began = time.perf_counter()
    with _timed("build", times, echo):
        built = build_and_validate(default_sources(), KG_FILE, progress=progress_to(echo),
                                   reference=user_reference(), warn=echo.warn)
        report_build(built, echo)
    if not built.report.conforms:
        return built
    echo.say(f"graph: {KG_FILE}")

    def export(said: Any) -> None:  # the graph just built, read whatever its size
        with own_output(KG_FILE):
            export_all(out / "export", [KG_FILE], said)

    with beside(export) as exported:  # a process of its own, while the networks and the queries take this one
        with _timed("read graph", times, echo):  # data/kg.ttl into memory, once for the networks and the catalogue
            store = open_dataset([], memory=True)
        with store:
            with _timed("network", times, echo):
                network = draw_networks(out / "network", store, echo)
            with _timed("queries", times, echo):
                store.load([p for p in network.files if p.name.endswith("-metrics.ttl")])
                answer_catalogue(out / "queries", echo, store=store)
        with _timed("ontology docs", times, echo):
            write_ontology_docs(out / "ontology", echo)
        said = exported()
    for kind, line in said.lines:
        (echo.say if kind == "say" else echo.warn)(line)
    times["export"] = said.seconds  # its own time, beside the stages above (the last line says so)
    echo.say(f"export took {said.seconds:.1f} s")
    with _timed("site", times, echo), own_output(KG_FILE):  # last: its index links what the other steps wrote
        write_site(out / "site", [KG_FILE], echo)
    echo.say(f"kg run took {time.perf_counter() - began:.1f} s: "
             + ", ".join(f"{k} {v:.1f}" for k, v in times.items()) + " (export beside network and queries)")
    return built


@contextlib.contextmanager
def _timed(stage: str, times: dict[str, float], echo: Echo) -> Iterator[None]:
    """Time a stage of ``run`` (wall clock, as a user waits for it) and say it once the stage is done."""
    start = time.perf_counter()
    yield
    times[stage] = time.perf_counter() - start
    echo.say(f"{stage} took {times[stage]:.1f} s")


def answer_query(query: Any, params: dict[str, str], data: list[Path], engine: str, location: str | None,
                 endpoint: str | None, graph_iri: str | None, reason: bool, fmt: str, lang: str, limit: int,
                 allow_federation: bool, timeout: float, max_bytes: int, wide: bool = False) -> tuple[bytes, bool]:
    """Load the data, run ``query`` and format it: ``kg query``'s work, done in its killable worker process.

    Returns the answer's bytes in ``fmt`` (see :func:`kg.query.results.answer_bytes`) and whether it was cut at
    ``limit`` rows.
    """
    import socket

    from kg.errors import StoreError
    from kg.limits import size_limit
    from kg.query.answer import run_query
    from kg.query.dataset import open_dataset
    from kg.query.limited import QueryTimeout, start_clock
    from kg.query.results import answer_bytes

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
    return answer_bytes(result, fmt, wide=wide, name=query.slug), result.truncated


def _timed_out(exc: BaseException) -> bool:
    """Whether an endpoint's failure was its HTTP timeout (urllib raises TimeoutError, or URLError around one)."""
    cause = exc.__cause__
    return isinstance(cause, TimeoutError) or isinstance(getattr(cause, "reason", None), TimeoutError)
