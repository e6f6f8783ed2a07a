"""``kg network``'s outputs: GraphML, GEXF, node-link JSON, metrics CSV and TriG, SVG, PNG and the HTML page."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from kg.errors import InputError
from kg.namespaces import LABEL_LANGS
from kg.network.graphs import LAYERS, LayerData, Network, build_networks, fetch_layer, label_key
from kg.network.results import metrics_dataset, metrics_rows, network_caption, network_titles
from kg.network.select import Selection

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Dataset

    from kg.network.layout import Visual
    from kg.query.store import Store

__all__ = ["NetworkOutput", "graph_files", "write_networks"]


@dataclass
class NetworkOutput:
    """What ``write_networks`` wrote, and why anything was left out."""

    networks: list[Network]
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _for_export(graph: nx.Graph, lang: str) -> nx.Graph:
    """A copy with a ``label`` attribute in ``lang`` (what Gephi and Cytoscape show) beside the three forms."""
    out = graph.copy()
    for node, attrs in out.nodes(data=True):
        attrs["label"] = attrs.get(label_key(lang)) or attrs.get(label_key("zh-Hant")) or node
    return out


def _drawn(graph: nx.Graph, look: dict[str, Visual] | None, gexf: bool) -> nx.Graph:
    """A copy carrying the drawing: GEXF's ``viz`` position, colour and size; GraphML's x, y, r, g, b, size.

    Positions are in points of a 1,000-unit square (y grows upwards, as Gephi and Cytoscape read them)."""
    if not look:
        return graph
    out = graph.copy()
    for node, attrs in out.nodes(data=True):
        v = look.get(node)
        if v is None:
            continue
        r, g, b = (int(v.colour[i:i + 2], 16) for i in (1, 3, 5))
        x, y, size = round(1000 * v.x, 1), round(1000 * v.y, 1), round(v.size ** 0.5, 2)
        if gexf:
            attrs["viz"] = {"position": {"x": x, "y": y, "z": 0.0}, "color": {"r": r, "g": g, "b": b, "a": 1.0},
                            "size": size}
        else:
            attrs.update(x=x, y=y, r=r, g=g, b=b, size=size)
    return out


def graph_files(graph: nx.Graph, lang: str, look: dict[str, Visual] | None = None) -> dict[str, bytes]:
    """GraphML, GEXF (no date, so the bytes only change with the graph) and node-link JSON of ``graph``; with
    ``look``, the GEXF and GraphML carry each node's position, colour and size as drawn."""
    import networkx as nx

    graph = _for_export(graph, lang)
    graphml = "\n".join(nx.generate_graphml(_drawn(graph, look, False), encoding="utf-8", prettyprint=True)) + "\n"
    buffer = io.BytesIO()
    nx.write_gexf(_drawn(graph, look, True), buffer, encoding="utf-8", prettyprint=True)
    gexf = re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue())
    link = json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False, indent=1, sort_keys=True)
    return {".graphml": graphml.encode("utf-8"), ".gexf": gexf, ".json": (link + "\n").encode("utf-8")}


def _csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["network"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _triples(dataset: Dataset) -> Graph:
    """The metrics graph's triples, unnamed: to load beside ``data/kg.ttl`` or push into a graph of your choice."""
    from kg.namespaces import bind_prefixes
    from kg.network.results import METRICS_GRAPH

    graph = bind_prefixes(Graph())
    for triple in dataset.graph(METRICS_GRAPH):
        graph.add(triple)
    return graph


def _network_files(net: Network, data: LayerData, lang: str, titles: dict[str, str],
                   look: dict[str, Visual]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The network's graph files, and its HTML page (which follows the pictures in the listing)."""
    from kg.network.page import html_page

    files = {net.name + ext: blob for ext, blob in graph_files(net.graph, lang, look).items()}
    files |= {net.name + "-agencies" + ext: blob for ext, blob in graph_files(net.agencies, lang, look).items()}
    return files, {net.name + ".html": html_page(net, data, lang, titles, look).encode("utf-8")}


def _default_layer(store: Store) -> LayerData:
    """Topics when the graph links activities of several campaigns to topics (one network across them all),
    else themes (a single report's own themes say more about it)."""
    topics = fetch_layer(store, "topics")
    if len({c for c, *_ in topics.edges}) > 1:
        return topics
    return fetch_layer(store, "themes")


def write_networks(store: Store, out: Path, *, layer: str | None = None, lang: str = "zh-Hant",
                   campaigns: Sequence[str] | None = None, per_campaign: bool = False,
                   selection: Selection | None = None, pictures: Sequence[str] | None = None) -> NetworkOutput:
    """Build one layer's networks from ``store`` and write every file into ``out``: the network across the
    campaigns (``all``; the one campaign's own when there is one), and each campaign's with ``per_campaign``;
    SVG and PNG pictures of the networks ``pictures`` names (``kg.network.pictures.pictured``: every one by default).

    Everything is rendered in memory first, so an error leaves no half-written set. A missing CJK font only
    drops the SVG and PNG (with a warning); the rest is written.
    """
    from kg.network.layout import visual
    from kg.network.pictures import pictured, pictures_elsewhere
    from kg.network.select import ontology_labels, select

    if lang not in LABEL_LANGS:
        raise InputError(f"--lang must be one of {', '.join(LABEL_LANGS)}, not {lang!r}")
    if layer is not None and layer not in LAYERS:
        raise InputError(f"--layer must be one of {', '.join(LAYERS)}, not {layer!r}")
    data = _default_layer(store) if layer is None else fetch_layer(store, layer)
    layer = data.layer
    if not data.edges:
        raise InputError(f"the graph has no activities linking agencies to {layer}; nothing to draw")
    data = ontology_labels(select(data, selection or Selection()))
    networks = build_networks(data, campaigns, per_campaign=per_campaign)
    chosen = {net.name for net in pictured(networks, pictures)}
    result = NetworkOutput(networks)
    titles: dict[str, dict[str, str]] = {}
    looks: dict[str, dict[str, Visual]] = {}
    for net in networks:
        net.graph.graph.update(name=net.name, layer=net.layer, scope=net.scope, campaigns=" ".join(net.campaigns))
        net.agencies.graph.update(name=net.name + "-agencies", layer=net.layer, scope=net.scope,
                                  campaigns=" ".join(net.campaigns))
        titles[net.name], looks[net.name] = network_titles(net, data), visual(net)
    jobs = [(net, lang, titles[net.name][lang], network_caption(net, data, lang), looks[net.name])
            for net in networks if net.name in chosen]
    with pictures_elsewhere(jobs) as drawn:  # in a child Python meanwhile, when they are large and CPUs two
        parts = [_network_files(net, data, lang, titles[net.name], looks[net.name]) for net in networks]
        metrics = {f"{layer}-metrics.csv": _csv(metrics_rows(networks))}
        dataset = metrics_dataset(networks, data)
        metrics[f"{layer}-metrics.trig"] = dataset.serialize(format="trig").encode("utf-8")
        metrics[f"{layer}-metrics.ttl"] = _triples(dataset).serialize(format="turtle").encode("utf-8")
        drawings, warnings = drawn()
    result.warnings.extend(warnings)
    files: dict[str, bytes] = {}
    for net, (graphs, page) in zip(networks, parts, strict=True):
        files |= graphs | {net.name + ext: drawings[net.name + ext] for ext in (".svg", ".png")
                           if net.name + ext in drawings} | page
    files |= metrics
    from kg.files import write_bytes

    for name, blob in files.items():
        write_bytes(out / name, blob)
        result.files.append(out / name)
    return result
