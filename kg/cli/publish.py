"""``kg export``, ``kg ontology-doc``, ``kg site``, ``kg serve`` and ``kg network``: the graph for others to use."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import ClickEcho, data_or_default, handles_errors, main, paths
from kg.cli.options import LANG_HELP, Lang

__all__ = ["export_command", "network_command", "ontology_doc_command", "serve_command", "site_command"]


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
    from kg.pipeline import export_all, write_ontology_docs

    echo = ClickEcho()
    export_all(Path(out), data_or_default(data), echo, formats=formats, base=base, endpoint=endpoint)
    if ontology_doc:
        write_ontology_docs(Path(ontology_doc), echo)


@main.command("ontology-doc")
@click.option("--out", type=click.Path(file_okay=False), default="out/ontology", show_default=True,
              help="Folder for index.en.html and index.zh.html.")
@click.option("--ontology", type=click.Path(dir_okay=False), help="The ontology file [ontology/govkg.ttl].")
@handles_errors
def ontology_doc_command(out: str, ontology: str | None = None) -> None:
    """Write the ontology documentation in English and Chinese, one self-contained HTML page each."""
    from kg.pipeline import write_ontology_docs

    write_ontology_docs(Path(out), ClickEcho(), Path(ontology) if ontology else None)


@main.command("network")
@click.option("--out", type=click.Path(file_okay=False), default="out/network", show_default=True,
              help="Folder for the network files.")
@click.option("--layer", type=click.Choice(["topics", "themes", "products", "documents"]),
              help="What agencies are linked to [topics when several campaigns have topics, else themes].")
@click.option("--lang", type=Lang(), default="zh", show_default=True,
              help=f"Language of the pictures' labels and of the 'label' attribute (all three are always kept): "
                   f"{LANG_HELP}.")
@click.option("--campaign", "campaigns", multiple=True, metavar="SLUG|IRI|LABEL",
              help="Only this campaign; repeatable [every campaign].")
@click.option("--per-campaign", is_flag=True, help="Also one network per campaign (besides the one across them).")
@click.option("--pictures", multiple=True, metavar="NAME,…|every|none",
              help="Which networks get an SVG and a PNG: 'all' (the one across campaigns), campaign slugs, 'every' "
                   "or 'none'; repeatable [every network written].")
@click.option("--years", metavar="YYYY[-YYYY]", help="Only campaigns of these years, e.g. 2019-2022.")
@click.option("--places", multiple=True, metavar="NAME,…",
              help="Only campaigns of these jurisdictions (labels in any script, or codes such as js); repeatable.")
@click.option("--topics", multiple=True, metavar="NAME,…", help="Only these topics (topics layer); repeatable.")
@click.option("--data", multiple=True, type=click.Path(dir_okay=False), help="RDF files [data/kg.ttl].")
@click.option("--store", "location", type=click.Path(file_okay=False), help="An on-disk Oxigraph store.")
@click.option("--endpoint", metavar="URL", help="Read the graph from a SPARQL 1.1 endpoint.")
@handles_errors
def network_command(out: str, layer: str | None, lang: str, campaigns: tuple[str, ...], per_campaign: bool,
                    pictures: tuple[str, ...],
                    years: str | None, places: tuple[str, ...], topics: tuple[str, ...], data: tuple[str, ...],
                    location: str | None, endpoint: str | None) -> None:
    """Draw and measure agency networks: GraphML, GEXF, JSON, metrics CSV/TriG, SVG, PNG and an HTML page."""
    from kg.network.select import Selection, parse_years, split_names
    from kg.pipeline import draw_networks
    from kg.query.dataset import open_dataset

    selection = Selection(parse_years(years) if years else None, split_names(places), split_names(topics))
    # in memory, not the ready on-disk store: four questions over the whole graph cost more there than the load
    with open_dataset(paths(data), location=Path(location) if location else None, endpoint=endpoint,
                      memory=location is None) as store:
        draw_networks(Path(out), store, ClickEcho(), layer=layer, lang=lang, campaigns=campaigns,
                      per_campaign=per_campaign, selection=selection, pictures=pictures or None)


@main.command("site")
@click.option("--out", type=click.Path(file_okay=False), default="out/site", show_default=True,
              help="Folder of the static site (a site written before is updated: only changed files are written).")
@click.option("--data", multiple=True, type=click.Path(dir_okay=False), help="RDF files [data/kg.ttl].")
@click.option("--base", default="https://w3id.org/govkg/id/", show_default=True, help="IRIs that get pages.")
@click.option("--endpoint", "query_endpoint", default="sparql", show_default=True, metavar="URL",
              help="The SPARQL endpoint the query page posts to (a running kg serve).")
@handles_errors
def site_command(out: str, data: tuple[str, ...], base: str, query_endpoint: str) -> None:
    """Write one HTML page per resource (+ Turtle, JSON-LD, N-Triples, RDF/XML), class indexes and the query page."""
    import sys

    from kg.pipeline import site_progress, write_site

    write_site(Path(out), data_or_default(data), ClickEcho(), base=base, endpoint=query_endpoint,
               progress=site_progress(sys.stderr))


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
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True,
              help="Queries that may run at once past the cheap budget (at niceness 19).")
@click.option("--cheap-workers", type=click.IntRange(1, 32), default=4, show_default=True,
              help="Queries that may run at once within the cheap budget: half (at least one) for queries never run "
                   "before, at niceness 10; the rest (at least one) for those that stayed within it last time.")
@click.option("--cheap-budget", type=click.FloatRange(min=0.01), default=0.25, show_default=True,
              help="CPU seconds a query may use before it is moved to the lane of long queries.")
@click.option("--memory", "memory_mib", type=click.IntRange(min=32), default=512, show_default=True,
              help="MiB of memory each running query may take beyond the store.")
@click.option("--backlog", type=click.IntRange(1, 65535), default=1024, show_default=True,
              help="Connections the kernel queues before the server accepts them.")
@click.option("--export-dir", type=click.Path(file_okay=False), default="out/export", show_default=True,
              help="kg export's folder: its files are served under /export/, its void.ttl at /.well-known/void.")
@click.option("--no-cors", is_flag=True,
              help="Queries from this server's own pages only: no web page elsewhere may read the graph (CORS off).")
@handles_errors
def serve_command(host: str, port: int, data: tuple[str, ...], endpoint: str | None, graph_iri: str | None,
                  base: str, allow_hosts: tuple[str, ...], timeout: float, limit: int, workers: int,
                  cheap_workers: int, cheap_budget: float, memory_mib: int, backlog: int, export_dir: str,
                  no_cors: bool) -> None:
    """Serve pages, content-negotiated IRIs and a read-only SPARQL 1.1 endpoint on HOST:PORT."""
    from kg.publish.load import load_graph
    from kg.serve.app import ServerConfig
    from kg.serve.server import configure_logging, make_server, open_app

    graph = load_graph(data_or_default(data), endpoint, graph_iri)
    config = ServerConfig(host=host, port=port, allow_hosts=allow_hosts, cors=not no_cors)
    app = open_app(graph, base=base, config=config, endpoint=endpoint, graph_iri=graph_iri, timeout=timeout,
                   limit=limit, workers=workers, export_dir=Path(export_dir), memory_mib=memory_mib,
                   cheap=cheap_workers, budget=cheap_budget)
    try:
        server = make_server(app, backlog=backlog)
        configure_logging()
        click.echo(f"serving {len(graph)} triples on http://{host}:{server.server_port}/ "
                   f"(SPARQL: /sparql, query page: /query.html); Ctrl-C stops", err=True)
        server.run()
    finally:
        app.close()
