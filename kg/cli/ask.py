"""``kg query`` and ``kg push``: ask the graph a question, or load it into a SPARQL store."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import handles_errors, main, paths
from kg.cli.options import LANG_HELP, Lang
from kg.query.choices import BATCH_TRIPLES, RESULT_FORMATS

__all__ = ["push_command", "query_command"]


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
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True,
              help="csv-excel: CSV with a byte-order mark, which Excel reads as UTF-8; xlsx: a workbook (needs --out).")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the answer to this file (-: standard output).")
@click.option("--wide", is_flag=True, help="Table: show every cell whole (by default cut at 60 columns).")
@click.option("--lang", type=Lang(), default="zh", show_default=True, help=f"Labels in: {LANG_HELP}.")
@click.option("--reason", is_flag=True, help="Add the subclass/subproperty closure over the ontology.")
@click.option("--limit", type=click.IntRange(min=1), default=10_000, show_default=True, help="Row cap.")
@click.option("--allow-federation", is_flag=True, help="Allow SERVICE and FROM outside the store.")
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Seconds the query may run (after loading) before its worker process is killed; 0: no limit.")
@handles_errors
def query_command(name: str | None, list_queries: bool, params: tuple[str, ...], data: tuple[str, ...],
                  location: str | None, engine: str, endpoint: str | None, graph_iri: str | None, fmt: str,
                  out: str | None, wide: bool, lang: str, reason: bool, limit: int, allow_federation: bool,
                  timeout: float) -> None:
    """Run the catalogue query NAME (or a .rq FILE) and print its result.

    The query runs in a child process that is killed when it runs past --timeout seconds (exit code 2).
    """
    from kg.errors import InputError
    from kg.limits import size_limit_now
    from kg.pipeline import answer_query
    from kg.query.catalogue import catalogue, find_query
    from kg.query.params import parse_param_options

    if list_queries:
        for q in catalogue():
            args = " ".join(f"--param {p}=…" for p in q.params)
            click.echo(f"{q.slug:28} {q.summary}" + (f"  [{args}]" if args else ""))
        return
    if not name:
        raise InputError("give a query NAME or FILE, or --list")
    if fmt == "xlsx" and not out:
        raise InputError("--format xlsx writes a workbook: give --out FILE.xlsx (or --out - for a pipe)")
    out = None if out == "-" else out
    if out:
        from kg.files import check_writable

        check_writable(Path(out))  # before the query runs, not after
    query = find_query(name)
    job = (query, parse_param_options(params), paths(data), engine, location, endpoint, graph_iri, reason,
           fmt, lang, limit, allow_federation, timeout, size_limit_now(), wide)
    if timeout:
        from kg.query.limited import QueryTimeout, run_limited

        try:
            text, truncated = run_limited(answer_query, *job, timeout=timeout, what=f"query {query.slug}",
                                          clock_in_child=True)
        except QueryTimeout as exc:
            raise QueryTimeout(f"{exc} (raise --timeout)") from None
    else:
        text, truncated = answer_query(*job)
    if out:
        from kg.files import write_bytes

        write_bytes(Path(out), text)
        click.echo(f"answer: {out}", err=True)
    else:
        click.echo(text, nl=False)
    if truncated:
        click.echo(f"kg: warning: truncated at {limit} rows (raise --limit)", err=True)


@main.command("push")
@click.option("--endpoint", required=True, metavar="URL", help="The store's SPARQL query endpoint.")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Load into this named graph [the default graph; on Virtuoso https://w3id.org/govkg/id/graph/kg].")
@click.option("--data", multiple=True, type=click.Path(dir_okay=False), help="RDF files [data/kg.ttl].")
@click.option("--update-url", metavar="URL", help="SPARQL UPDATE endpoint [URL with /query -> /update].")
@click.option("--store-url", metavar="URL", help="Use the Graph Store HTTP Protocol at this URL instead.")
@click.option("--replace", is_flag=True, help="Swap the graph for this one (retracted triples go) instead of adding.")
@click.option("--batch", type=click.IntRange(min=1), default=BATCH_TRIPLES, show_default=True,
              help="Triples per request (Virtuoso takes about 1,400 at most).")
@click.option("--reason", is_flag=True, help="Push the subclass/subproperty closure too.")
@handles_errors
def push_command(endpoint: str, graph_iri: str | None, data: tuple[str, ...], update_url: str | None,
                 store_url: str | None, replace: bool, batch: int, reason: bool) -> None:
    """Load the graph into any SPARQL 1.1 store (Oxigraph server, Fuseki, GraphDB, QLever, Virtuoso …).

    Triples go in batches of --batch; --replace loads a staging graph and moves it onto the target in one update.
    """
    from kg.query.dataset import open_dataset
    from kg.query.endpoint import EndpointStore
    from kg.query.push import push_lines

    target = EndpointStore(endpoint, update_url=update_url)
    with open_dataset(paths(data), reason=reason) as local:
        done = push_lines(local.ntriples(), target.update_url, graph_iri=graph_iri, store_url=store_url,
                          replace=replace, batch=batch)
    into = f" <{done.graph}>" if done.graph else " (default graph)"
    how = "replaced" if replace else "added"
    click.echo(f"pushed {done.triples} triples in {done.requests} requests to {store_url or target.update_url}"
               f"{into}: {how}")
