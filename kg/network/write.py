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
from kg.network.results import metrics_dataset, metrics_rows, network_titles

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Dataset

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


def graph_files(graph: nx.Graph, lang: str) -> dict[str, bytes]:
    """GraphML, GEXF (no date, so the bytes only change with the graph) and node-link JSON of ``graph``."""
    import networkx as nx

    graph = _for_export(graph, lang)
    graphml = "\n".join(nx.generate_graphml(graph, encoding="utf-8", prettyprint=True)) + "\n"
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer, encoding="utf-8", prettyprint=True)
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


def _pictures(net: Network, lang: str, title: str, warnings: list[str]) -> dict[str, bytes]:
    from kg.network.draw import FontMissingError, render

    try:
        pictures = render(net, lang, title)
    except FontMissingError as exc:
        if not warnings:
            warnings.append(f"{exc}; the SVG and PNG pictures were not written (everything else was)")
        return {}
    return {f".{fmt}": data for fmt, data in pictures.items()}


def _network_files(net: Network, data: LayerData, lang: str, warnings: list[str]) -> dict[str, bytes]:
    from kg.network.page import html_page

    net.graph.graph.update(name=net.name, layer=net.layer, scope=net.scope, campaigns=" ".join(net.campaigns))
    net.agencies.graph.update(name=net.name + "-agencies", layer=net.layer, scope=net.scope,
                              campaigns=" ".join(net.campaigns))
    titles = network_titles(net, data)
    files = {net.name + ext: blob for ext, blob in graph_files(net.graph, lang).items()}
    files |= {net.name + "-agencies" + ext: blob for ext, blob in graph_files(net.agencies, lang).items()}
    files |= {net.name + ext: blob for ext, blob in _pictures(net, lang, titles[lang], warnings).items()}
    files[net.name + ".html"] = html_page(net, data, lang, titles).encode("utf-8")
    return files


def write_networks(store: Store, out: Path, *, layer: str = "themes", lang: str = "zh-Hant",
                   campaigns: Sequence[str] | None = None) -> NetworkOutput:
    """Build one layer's networks from ``store`` and write every file into ``out``.

    Everything is rendered in memory first, so an error leaves no half-written set. A missing CJK font only
    drops the SVG and PNG (with a warning); the rest is written.
    """
    if lang not in LABEL_LANGS:
        raise InputError(f"--lang must be one of {', '.join(LABEL_LANGS)}, not {lang!r}")
    if layer not in LAYERS:
        raise InputError(f"--layer must be one of {', '.join(LAYERS)}, not {layer!r}")
    data = fetch_layer(store, layer)
    if not data.edges:
        raise InputError(f"the graph has no activities linking agencies to {layer}; nothing to draw")
    networks = build_networks(data, campaigns)
    result = NetworkOutput(networks)
    files: dict[str, bytes] = {}
    for net in networks:
        files |= _network_files(net, data, lang, result.warnings)
    files[f"{layer}-metrics.csv"] = _csv(metrics_rows(networks))
    dataset = metrics_dataset(networks, data)
    files[f"{layer}-metrics.trig"] = dataset.serialize(format="trig").encode("utf-8")
    files[f"{layer}-metrics.ttl"] = _triples(dataset).serialize(format="turtle").encode("utf-8")
    from kg.files import write_bytes

    for name, blob in files.items():
        write_bytes(out / name, blob)
        result.files.append(out / name)
    return result
