"""The ``kg`` command line: parses arguments, calls one library function, maps errors to exit codes."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import KGError

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(func: F) -> F:
    """Turn a ``KGError`` into a one-line message on stderr and its exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


class _Size(click.ParamType):  # type: ignore[type-arg]
    """A byte count: ``1000``, ``512K``, ``64M``, ``2G`` (K, M, G are powers of 1024; ``KiB``/``MB`` also read)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        import re

        match = re.fullmatch(r"\s*(\d+)\s*(?:([KMGT])(?:iB|B)?|B)?\s*", str(value), re.IGNORECASE)
        if not match or int(match[1]) < 1:
            self.fail(f"{value!r} is not a size such as 200M or 2G", param, ctx)
        power = " KMGT".index((match[2] or " ").upper())  # 1024 to this power
        return int(match[1]) << (10 * power)


class _Kg(click.Group):
    """The ``kg`` group: a Ctrl-C before a command's own handling starts still ends as ``kg: interrupted`` (130)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Kg, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--max-size", type=_Size(), default="64M", show_default=True, envvar="KG_MAX_SIZE",
              help="Refuse an input RDF file larger than this (env KG_MAX_SIZE). The default graph "
                   "data/kg.ttl, govkg's own build output, is read whatever its size.")
@click.pass_context
def main(ctx: click.Context, max_size: int) -> None:
    """govkg: government agencies, campaigns, policies and actions as linked data."""
    from kg.limits import size_limit

    ctx.with_resource(size_limit(max_size))


_ENGINE = click.option(
    "--engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
    help="SHACL engine: the shapes compiled to SPARQL on Oxigraph, or pySHACL (the slow reference).")


def _paths(values: tuple[str, ...]) -> list[Path]:
    return [Path(v) for v in values]


def _data(values: tuple[str, ...]) -> list[Path]:
    """The files a user named, else the default graph, read whatever its size for the rest of the command."""
    if values:
        return _paths(values)
    from kg.limits import own_output
    from kg.paths import KG_FILE

    click.get_current_context().with_resource(own_output(KG_FILE))
    return [KG_FILE]


# -- commands: build --
@main.command()
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), help="Where to write the graph [data/kg.ttl].")
@click.option("--strict", is_flag=True, help="Write nothing when the graph does not conform to the shapes.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary and cleaning report as JSON.")
@_ENGINE
@handles_errors
def build(sources: tuple[str, ...], out: str | None, strict: bool, as_json: bool, engine: str) -> None:
    """Build SOURCES (default: data/sources/*.txt) into a validated graph (default: data/kg.ttl).

    The graph is validated; when it does not conform the report is printed and the exit code is 1. The graph is
    still written (so nothing extracted is lost) unless --strict is given.
    """
    from kg.build.corpus import build_graph, default_sources
    from kg.files import write_bytes
    from kg.paths import KG_FILE
    from kg.validate.report import validate_turtle

    paths = _paths(sources) or default_sources()
    target = Path(out) if out else KG_FILE

    def progress(i: int, total: int, path: Path) -> None:
        if total > 3:
            click.echo(f"[{i}/{total}] {path.name}", err=True)

    result = build_graph(paths, progress)
    report = validate_turtle(result.data, engine=engine)  # the bytes about to be written, no rdflib graph
    _notes(report.notes)
    summary = _build_summary(result, target, report.conforms)
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else _summary_text(summary))
    warnings = sum(1 for r in report.results if r.severity != "Violation")
    if warnings and report.conforms:
        click.echo(f"kg: {warnings} validation warnings (see `kg validate {target}`)", err=True)
    if not report.conforms:
        click.echo(report.to_text(), err=True)
        if strict:
            click.echo(f"kg: error: the graph does not conform; {target} was not written (--strict)", err=True)
            sys.exit(1)
    write_bytes(target, result.data)
    if not report.conforms:
        click.echo(f"kg: error: the graph does not conform; it was written to {target} for inspection", err=True)
        sys.exit(1)


def _build_summary(result: Any, target: Path, conforms: bool) -> dict[str, Any]:
    return {
        "out": str(target),
        "triples": result.triples,
        "conforms": conforms,
        "reports": [
            {
                "source": str(r.path),
                "campaign": r.campaign,
                "themes": r.themes,
                "activities": r.activities,
                "agencies": r.agencies,
                "cleaning": r.cleaning,
            }
            for r in result.reports
        ],
    }


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


def _summary_text(summary: dict[str, Any]) -> str:
    lines = []
    for r in summary["reports"]:
        lines.append(
            f"{r['source']}: campaign {r['campaign']}, {r['themes']} themes, {r['activities']} activities, "
            f"{r['agencies']} agencies"
        )
        lines.extend(_cleaning_lines(r["cleaning"]))
    lines.append(f"{summary['triples']} triples -> {summary['out']} (conforms: {summary['conforms']})")
    return "\n".join(lines)


# -- commands: validate --


@main.command("validate")
@click.argument("files", nargs=-1)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the messages and labels.")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True,
              help="Report format.")
@_ENGINE
@handles_errors
def validate_command(files: tuple[str, ...], lang: str, fmt: str, engine: str) -> None:
    """Check FILE... (default data/kg.ttl) against the shapes and violation queries; exit 1 if it does not conform."""
    from kg.validate.report import validate_files

    report = validate_files(_data(files), lang=lang, engine=engine)
    _notes(report.notes)
    render = {"text": report.to_text, "turtle": report.to_turtle, "json": report.to_json}[fmt]
    click.echo(render(), nl=False)
    sys.exit(0 if report.conforms else 1)


def _notes(notes: list[str]) -> None:
    for note in notes:
        click.echo(f"kg: note: {note}", err=True)


# -- commands: query --
@main.command("query")
@click.argument("name", required=False)
@click.option("--list", "list_queries", is_flag=True, help="List the catalogue and exit.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter (a label in any script, an IRI or a CURIE); repeatable.")
@click.option("--data", multiple=True, type=click.Path(dir_okay=False), help="RDF files [data/kg.ttl].")
@click.option("--store", "location", type=click.Path(file_okay=False), help="An on-disk Oxigraph store.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True)
@click.option("--endpoint", metavar="URL", help="Query a SPARQL 1.1 endpoint instead of a local store.")
@click.option("--graph", "graph_iri", metavar="IRI", help="With --endpoint: the default graph.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
@click.option("--lang", type=click.Choice(["zh-Hant", "zh-Hans", "en"]), default="zh-Hant", show_default=True)
@click.option("--reason", is_flag=True, help="Add the subclass/subproperty closure over the ontology.")
@click.option("--limit", type=click.IntRange(min=1), default=10_000, show_default=True, help="Row cap.")
@click.option("--allow-federation", is_flag=True, help="Allow SERVICE and FROM outside the store.")
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Seconds the query may run (after loading) before its worker process is killed; 0: no limit.")
@handles_errors
def query_command(name: str | None, list_queries: bool, params: tuple[str, ...], data: tuple[str, ...],
                  location: str | None, engine: str, endpoint: str | None, graph_iri: str | None, fmt: str,
                  lang: str, reason: bool, limit: int, allow_federation: bool, timeout: float) -> None:
    """Run the catalogue query NAME (or a .rq FILE) and print its result.

    The query runs in a child process that is killed when it runs past --timeout seconds (exit code 2).
    """
    from kg.errors import InputError
    from kg.query.catalogue import catalogue, find_query, parse_param_options

    if list_queries:
        for q in catalogue():
            args = " ".join(f"--param {p}=…" for p in q.params)
            click.echo(f"{q.slug:28} {q.summary}" + (f"  [{args}]" if args else ""))
        return
    if not name:
        raise InputError("give a query NAME or FILE, or --list")
    query = find_query(name)
    from kg.limits import size_limit_now

    job = (query, parse_param_options(params), _paths(data), engine, location, endpoint, graph_iri, reason, fmt,
           lang, limit, allow_federation, timeout, size_limit_now())
    if timeout:
        from kg.query.workers import QueryTimeout, run_limited

        try:
            text, truncated = run_limited(_answer_query, *job, timeout=timeout, what=f"query {query.slug}",
                                          clock_in_child=True)
        except QueryTimeout as exc:
            raise QueryTimeout(f"{exc} (raise --timeout)") from None
    else:
        text, truncated = _answer_query(*job)
    click.echo(text, nl=False)
    if truncated:
        click.echo(f"kg: warning: truncated at {limit} rows (raise --limit)", err=True)


def _answer_query(query: Any, params: dict[str, str], data: list[Path], engine: str, location: str | None,
                  endpoint: str | None, graph_iri: str | None, reason: bool, fmt: str, lang: str, limit: int,
                  allow_federation: bool, timeout: float, max_bytes: int) -> tuple[str, bool]:
    """Load the data, run ``query`` and format it: ``kg query``'s work, done in its killable worker process."""
    import socket

    from kg.errors import StoreError
    from kg.limits import size_limit
    from kg.query.catalogue import run_query
    from kg.query.results import format_result
    from kg.query.store import open_dataset
    from kg.query.workers import QueryTimeout, start_clock

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


@main.command("push")
@click.option("--endpoint", required=True, metavar="URL", help="The store's SPARQL query endpoint.")
@click.option("--graph", "graph_iri", metavar="IRI", help="Load into this named graph [default graph].")
@click.option("--data", multiple=True, type=click.Path(dir_okay=False), help="RDF files [data/kg.ttl].")
@click.option("--update-url", metavar="URL", help="SPARQL UPDATE endpoint [URL with /query -> /update].")
@click.option("--store-url", metavar="URL", help="Use the Graph Store HTTP Protocol at this URL instead.")
@click.option("--reason", is_flag=True, help="Push the subclass/subproperty closure too.")
@handles_errors
def push_command(endpoint: str, graph_iri: str | None, data: tuple[str, ...], update_url: str | None,
                 store_url: str | None, reason: bool) -> None:
    """Load the graph into any SPARQL 1.1 store (Oxigraph server, Fuseki, GraphDB, QLever, Virtuoso …)."""
    from kg.query.store import EndpointStore, open_dataset, push

    target = EndpointStore(endpoint, update_url=update_url)
    with open_dataset(_paths(data), engine="rdflib", reason=reason) as local:
        sent = push(local.to_graph(), target.update_url, graph_iri=graph_iri, store_url=store_url)
    into = f" <{graph_iri}>" if graph_iri else ""
    click.echo(f"pushed {sent} triples to {store_url or target.update_url}{into}")


# -- commands: export --
@main.command("export")
@click.option("--format", "formats", multiple=True,
              type=click.Choice(["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"]),
              help="A dump format; repeatable [all of them].")
@click.option("--out", type=click.Path(file_okay=False), default="out/export", show_default=True,
              help="Folder for the dumps and void.ttl.")
@click.option("--data", multiple=True, type=click.Path(dir_okay=False), help="RDF files [data/kg.ttl].")
@click.option("--base", default="http://127.0.0.1:8000", show_default=True, metavar="URL",
              help="Where kg serve publishes the data: dumps at URL/export/FILE, SPARQL at URL/sparql.")
@click.option("--endpoint", metavar="URL", help="The SPARQL endpoint the description names [URL/sparql of --base].")
@click.option("--ontology-doc", "ontology_doc", type=click.Path(file_okay=False), metavar="DIR",
              help="Also write the ontology documentation (index.en.html, index.zh.html) to DIR.")
@handles_errors
def export_command(formats: tuple[str, ...], out: str, data: tuple[str, ...], base: str, endpoint: str | None,
                   ontology_doc: str | None) -> None:
    """Write the ontology and graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML, plus VoID/DCAT."""
    from kg.publish.export import export, load_dataset

    dataset = load_dataset(_data(data))
    result = export(dataset, Path(out), formats or None, base=base, endpoint=endpoint)
    for dump in result.dumps:
        click.echo(f"{dump.path}  {dump.format.media_type}  {dump.byte_size} bytes  sha256 {dump.sha256[:16]}…")
    click.echo(f"description: {result.description}")
    if ontology_doc:
        ctx = click.get_current_context()
        ctx.invoke(ontology_doc_command, out=ontology_doc)


@main.command("ontology-doc")
@click.option("--out", type=click.Path(file_okay=False), default="out/ontology", show_default=True,
              help="Folder for index.en.html and index.zh.html.")
@click.option("--ontology", type=click.Path(dir_okay=False), help="The ontology file [ontology/govkg.ttl].")
@handles_errors
def ontology_doc_command(out: str, ontology: str | None = None) -> None:
    """Write the ontology documentation in English and Chinese, one self-contained HTML page each."""
    from kg.publish.ontodoc import write_docs

    for path in write_docs(Path(out), Path(ontology) if ontology else None):
        click.echo(f"ontology documentation: {path}")


def _export_stage(ctx: click.Context, out: Path) -> None:
    ctx.invoke(export_command, out=str(out / "export"), ontology_doc=str(out / "ontology"))


# -- commands: network --
@main.command("network")
@click.option("--out", type=click.Path(file_okay=False), default="out/network", show_default=True,
              help="Folder for the network files.")
@click.option("--layer", type=click.Choice(["themes", "products", "documents"]), default="themes",
              show_default=True, help="What agencies are linked to.")
@click.option("--lang", type=click.Choice(["zh-Hant", "zh-Hans", "en"]), default="zh-Hant", show_default=True,
              help="Language of the pictures' labels and of the 'label' attribute (all three are always kept).")
@click.option("--campaign", "campaigns", multiple=True, metavar="SLUG|IRI|LABEL",
              help="Only this campaign; repeatable [every campaign, plus 'all' when there are several].")
@click.option("--data", multiple=True, type=click.Path(dir_okay=False), help="RDF files [data/kg.ttl].")
@click.option("--store", "location", type=click.Path(file_okay=False), help="An on-disk Oxigraph store.")
@click.option("--endpoint", metavar="URL", help="Read the graph from a SPARQL 1.1 endpoint.")
@handles_errors
def network_command(out: str, layer: str, lang: str, campaigns: tuple[str, ...], data: tuple[str, ...],
                    location: str | None, endpoint: str | None) -> None:
    """Draw and measure agency networks: GraphML, GEXF, JSON, metrics CSV/TriG, SVG, PNG and an HTML page."""
    from kg.network.write import write_networks
    from kg.query.store import open_dataset

    with open_dataset(_paths(data), location=Path(location) if location else None, endpoint=endpoint) as store:
        result = write_networks(store, Path(out), layer=layer, lang=lang, campaigns=campaigns or None)
    for net in result.networks:
        click.echo(f"{net.name}: {net.graph.number_of_nodes()} nodes, {net.graph.number_of_edges()} edges, "
                   f"{net.agencies.number_of_edges()} agency pairs")
    click.echo(f"network: {len(result.files)} files in {out}/")
    for warning in result.warnings:
        click.echo(f"kg: warning: {warning}", err=True)


def _network_stage(ctx: click.Context, out: Path) -> None:
    ctx.invoke(network_command, out=str(out / "network"))


# -- commands: site/serve --
@main.command("site")
@click.option("--out", type=click.Path(file_okay=False), default="out/site", show_default=True,
              help="Folder of the static site (replaced as a whole).")
@click.option("--data", multiple=True, type=click.Path(dir_okay=False), help="RDF files [data/kg.ttl].")
@click.option("--base", default="https://w3id.org/govkg/id/", show_default=True, help="IRIs that get pages.")
@click.option("--endpoint", "query_endpoint", default="sparql", show_default=True, metavar="URL",
              help="The SPARQL endpoint the query page posts to (a running kg serve).")
@handles_errors
def site_command(out: str, data: tuple[str, ...], base: str, query_endpoint: str) -> None:
    """Write one HTML page per resource (+ Turtle, JSON-LD, N-Triples, RDF/XML), class indexes and the query page."""
    from kg.publish.site import Site, write_site
    from kg.serve.server import load_graph

    graph = load_graph(_data(data))
    count = write_site(Site(graph, base, endpoint=query_endpoint), Path(out))
    click.echo(f"site: {count} files -> {out}/index.html")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--data", multiple=True, type=click.Path(dir_okay=False), help="RDF files [data/kg.ttl].")
@click.option("--endpoint", metavar="URL", help="Serve the data of this SPARQL endpoint instead of local files.")
@click.option("--graph", "graph_iri", metavar="IRI", help="With --endpoint: the default graph.")
@click.option("--base", default="https://w3id.org/govkg/id/", show_default=True, help="IRIs served under /id/.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Another Host header name to accept (besides the bound address and localhost).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a query may run before its worker is killed.")
@click.option("--limit", type=click.IntRange(min=1), default=10_000, show_default=True, help="Result row cap.")
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True, help="Query worker processes.")
@click.option("--export-dir", type=click.Path(file_okay=False), default="out/export", show_default=True,
              help="kg export's folder: its files are served under /export/, its void.ttl at /.well-known/void.")
@handles_errors
def serve_command(host: str, port: int, data: tuple[str, ...], endpoint: str | None, graph_iri: str | None,
                  base: str, allow_hosts: tuple[str, ...], timeout: float, limit: int, workers: int,
                  export_dir: str) -> None:
    """Serve pages, content-negotiated IRIs and a read-only SPARQL 1.1 endpoint on HOST:PORT."""
    from kg.serve.server import ServerConfig, load_graph, make_server, open_app

    graph = load_graph(_data(data), endpoint, graph_iri)
    config = ServerConfig(host=host, port=port, allow_hosts=allow_hosts)
    app = open_app(graph, base=base, config=config, endpoint=endpoint, graph_iri=graph_iri, timeout=timeout,
                   limit=limit, workers=workers, export_dir=Path(export_dir))
    try:
        server = make_server(app)
        click.echo(f"serving {len(graph)} triples on http://{host}:{server.server_port}/ "
                   f"(SPARQL: /sparql, query page: /query.html); Ctrl-C stops", err=True)
        try:
            server.serve_forever()
        finally:
            server.server_close()
    finally:
        app.close()


def _site_stage(ctx: click.Context, out: Path) -> None:
    ctx.invoke(site_command, out=str(out / "site"))



# -- commands: run --
@main.command()
@click.option("--out", type=click.Path(file_okay=False), default="out", show_default=True,
              help="Folder for the outputs besides data/kg.ttl.")
@click.pass_context
@handles_errors
def run(ctx: click.Context, out: str) -> None:
    """The main job, end to end on the embedded store: build, validate, then every later stage that exists."""
    from kg.paths import KG_FILE

    ctx.invoke(build)
    click.echo(f"graph: {KG_FILE}")
    for stage in RUN_STAGES:
        stage(ctx, Path(out))


def _queries_stage(ctx: click.Context, out: Path) -> None:
    """Answer every catalogue query that needs no parameter on the embedded store, one CSV each."""
    del ctx
    from kg.files import write_text
    from kg.query.catalogue import catalogue, run_catalogue
    from kg.query.results import format_result
    from kg.query.store import open_dataset

    folder = out / "queries"
    written = 0
    # parameterised queries need a user's question; violation checks run in `kg validate`
    queries = [q for q in catalogue() if not q.params and not q.slug.endswith("-violation")]
    with open_dataset(engine="oxigraph") as store:  # data/kg.ttl
        for query, result in run_catalogue(store, queries, lang="zh-Hant"):
            suffix, fmt = (".ttl", "turtle") if result.graph is not None else (".csv", "csv")
            write_text(folder / f"{query.slug}{suffix}", format_result(result, fmt))
            written += 1
            if query.slug == "campaign-overview":
                click.echo(format_result(result, "table"), nl=False)
    click.echo(f"queries: {written} answers (embedded Oxigraph) in {folder}/")


RUN_STAGES: list[Callable[[click.Context, Path], None]] = [_queries_stage]
RUN_STAGES.append(_site_stage)  # site/serve: the static site in out/site/
RUN_STAGES.append(_export_stage)  # export: dumps + void.ttl in out/export/, ontology docs in out/ontology/
RUN_STAGES.append(_network_stage)  # network: GraphML, GEXF, JSON, metrics, SVG/PNG, HTML in out/network/


if __name__ == "__main__":
    main()
