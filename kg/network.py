"""Agency networks drawn from the graph by SPARQL: bipartite layers, the agency projection, metrics, their RDF."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Literal, URIRef

from kg.errors import InputError
from kg.namespaces import DCTERMS, GOVKG, ID, PROV, RDF, XSD, bind_prefixes

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import Store

__all__ = [
    "ALL",
    "LANGS",
    "LAYERS",
    "METRICS_GRAPH",
    "LayerData",
    "Network",
    "bipartite",
    "build_networks",
    "fetch_layer",
    "label_key",
    "measure",
    "metrics_dataset",
    "metrics_rows",
    "network_titles",
    "pagerank",
    "projection",
]

LAYERS = {"themes": "theme", "products": "product", "documents": "document"}
LANGS = ("zh-Hant", "zh-Hans", "en")
ALL = "all"
METRICS_GRAPH = ID["graph/network-metrics"]
_DIGITS = 4
_TITLES = {
    "themes": {"zh-Hant": "機構與主題", "zh-Hans": "机构与主题", "en": "Agencies and themes"},
    "products": {"zh-Hant": "機構與產品", "zh-Hans": "机构与产品", "en": "Agencies and products"},
    "documents": {"zh-Hant": "機構與文件", "zh-Hans": "机构与文件", "en": "Agencies and documents"},
}
_ALL_TITLE = {"zh-Hant": "全部主題活動", "zh-Hans": "全部主题活动", "en": "all campaigns"}


def label_key(lang: str) -> str:
    """The node attribute holding the label in ``lang`` (``zh-Hant`` → ``label_zh_Hant``)."""
    return "label_" + lang.replace("-", "_")


@dataclass(frozen=True)
class LayerData:
    """What the ``network-*.rq`` queries returned for one layer."""

    layer: str
    edges: list[tuple[str, str, str, str]]  # (campaign, activity, agency, target)
    labels: dict[str, dict[str, str]]  # node -> lang -> label
    kinds: dict[str, str]
    notations: dict[str, str]
    quotes: dict[str, str]  # activity -> its evidence quote

    def label(self, node: str, lang: str) -> str:
        """The node's label in ``lang``, else zh-Hant, else its IRI."""
        forms = self.labels.get(node, {})
        return forms.get(lang) or forms.get("zh-Hant") or node


@dataclass
class Network:
    """One layer over one scope (a campaign, or ``all`` of them): the bipartite graph, its projection, metrics."""

    layer: str
    scope: str
    campaigns: tuple[str, ...]
    graph: nx.Graph
    agencies: nx.Graph
    measures: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def iri(self) -> URIRef:
        """``…/id/network/{layer}/{scope}``."""
        return ID[f"network/{self.layer}/{self.scope}"]

    @property
    def name(self) -> str:
        """File stem: ``{layer}-{scope}``."""
        return f"{self.layer}-{self.scope}"


def _text(term: object) -> str:
    return "" if term is None else str(term)


def fetch_layer(store: Store, layer: str) -> LayerData:
    """Run ``network-{layer}.rq``, ``network-labels.rq`` and ``network-evidence.rq`` on ``store``."""
    from kg.queries import find_query, run_query

    if layer not in LAYERS:
        raise InputError(f"unknown layer {layer!r}; choose one of {', '.join(LAYERS)}")
    rows = run_query(store, find_query(f"network-{layer}"), limit=1_000_000).rows
    edges = [(_text(c), _text(a), _text(g), _text(t)) for c, a, g, t in rows]
    labels: dict[str, dict[str, str]] = {}
    kinds: dict[str, str] = {}
    notations: dict[str, str] = {}
    for node, kind, notation, hant, hans, en in run_query(store, find_query("network-labels"), limit=1_000_000).rows:
        key = _text(node)
        kinds[key] = _text(kind)
        labels[key] = {k: _text(v) for k, v in zip(LANGS, (hant, hans, en), strict=True) if v is not None}
        if notation is not None:
            notations[key] = _text(notation)
    quotes = {_text(a): _text(q) for a, _, _, q in run_query(store, find_query("network-evidence"),
                                                              limit=1_000_000).rows}
    return LayerData(layer, edges, labels, kinds, notations, quotes)


def _scopes(data: LayerData, campaigns: Sequence[str] | None) -> list[tuple[str, tuple[str, ...]]]:
    found = sorted({c for c, *_ in data.edges})
    chosen = found if not campaigns else [_find_campaign(c, found, data) for c in campaigns]
    scopes: list[tuple[str, tuple[str, ...]]] = [(_slug(c), (c,)) for c in chosen]
    if len(chosen) > 1:
        scopes.append((ALL, tuple(chosen)))
    return scopes


def _find_campaign(value: str, found: list[str], data: LayerData) -> str:
    for campaign in found:
        if value in (campaign, _slug(campaign)) or value in data.labels.get(campaign, {}).values():
            return campaign
    known = ", ".join(_slug(c) for c in found) or "none"
    raise InputError(f"--campaign {value!r}: no such campaign with activities in this layer (known: {known})")


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def bipartite(data: LayerData, campaigns: Sequence[str]) -> nx.Graph:
    """Agencies and targets (themes, products or documents) of ``campaigns``; edge weight = activities."""
    import networkx as nx

    activities: dict[tuple[str, str], set[str]] = defaultdict(set)
    for campaign, activity, agency, target in data.edges:
        if campaign in campaigns:
            activities[(agency, target)].add(activity)
    graph = nx.Graph()
    agencies = sorted({a for a, _ in activities})
    targets = sorted({t for _, t in activities}, key=lambda t: _target_order(data, t))
    for node, part in [*((a, "agency") for a in agencies), *((t, LAYERS[data.layer]) for t in targets)]:
        attrs = {label_key(lang): data.labels.get(node, {}).get(lang, "") for lang in LANGS}
        graph.add_node(node, kind=part, notation=data.notations.get(node, ""), **attrs)
    for (agency, target), acts in sorted(activities.items()):
        graph.add_edge(agency, target, weight=len(acts), activities=" ".join(sorted(acts)))
    return graph


def _target_order(data: LayerData, node: str) -> tuple[str, int, str]:
    notation = data.notations.get(node, "")
    prefix = node.rsplit("/", 1)[0]
    return (prefix, int(notation) if notation.isdigit() else 0, data.label(node, "zh-Hant"))


def projection(graph: nx.Graph) -> nx.Graph:
    """Agency–agency graph: an edge when two agencies share a target; weight = shared targets, plus Jaccard."""
    import networkx as nx

    agencies = [n for n, kind in graph.nodes(data="kind") if kind == "agency"]
    out = nx.Graph()
    out.add_nodes_from((a, graph.nodes[a]) for a in agencies)
    for i, a in enumerate(agencies):
        na = set(graph[a])
        for b in agencies[i + 1:]:
            nb = set(graph[b])
            shared = na & nb
            if shared:
                out.add_edge(a, b, weight=len(shared), jaccard=round(len(shared) / len(na | nb), _DIGITS),
                             shared=" ".join(sorted(shared)))
    return out


def pagerank(graph: nx.Graph, alpha: float = 0.85, tol: float = 1e-12, max_iter: int = 1000) -> dict[str, float]:
    """Weighted PageRank by power iteration (networkx's own needs scipy); dangling mass is spread evenly.

    >>> import networkx as nx
    >>> sorted(round(v, 3) for v in pagerank(nx.path_graph(3)).values())
    [0.257, 0.257, 0.486]
    """
    nodes = list(graph)
    if not nodes:
        return {}
    n = len(nodes)
    rank = dict.fromkeys(nodes, 1.0 / n)
    strength = {v: graph.degree(v, weight="weight") for v in nodes}
    for _ in range(max_iter):
        dangling = sum(rank[v] for v in nodes if not strength[v])
        new = dict.fromkeys(nodes, (1 - alpha) / n + alpha * dangling / n)
        for v in nodes:
            if strength[v]:
                for u, attrs in graph[v].items():
                    new[u] += alpha * rank[v] * attrs.get("weight", 1) / strength[v]
        done = sum(abs(new[v] - rank[v]) for v in nodes) < tol
        rank = new
        if done:
            break
    return rank


def _communities(graph: nx.Graph) -> dict[str, int]:
    import networkx as nx

    if graph.number_of_edges() == 0:
        groups = [{v} for v in graph]
    else:
        groups = [set(c) for c in nx.community.greedy_modularity_communities(graph, weight="weight")]
    groups.sort(key=lambda c: (-len(c), min(c)))
    return {v: i for i, group in enumerate(groups) for v in group}


def measure(graph: nx.Graph, agencies: nx.Graph) -> dict[str, dict[str, Any]]:
    """Per node: degree, weighted degree, betweenness, PageRank, community; agencies also partners/shared."""
    import networkx as nx

    between = nx.betweenness_centrality(graph, normalized=True)
    rank = pagerank(graph)
    community = _communities(graph)
    out: dict[str, dict[str, Any]] = {}
    for node in graph:
        out[node] = {
            "degree": graph.degree(node),
            "weighted_degree": graph.degree(node, weight="weight"),
            "betweenness": round(between[node], _DIGITS),
            "pagerank": round(rank[node], _DIGITS),
            "community": community[node],
            "partners": agencies.degree(node) if node in agencies else "",
            "shared": agencies.degree(node, weight="weight") if node in agencies else "",
        }
    return out


def build_networks(data: LayerData, campaigns: Sequence[str] | None = None) -> list[Network]:
    """One network per campaign in ``data`` (or in ``campaigns``), plus ``all`` when there are several.

    Metrics are also set as node attributes, so the GraphML and GEXF files carry them.
    """
    networks = []
    for scope, chosen in _scopes(data, campaigns):
        graph = bipartite(data, chosen)
        agencies = projection(graph)
        net = Network(data.layer, scope, chosen, graph, agencies, measure(graph, agencies))
        for node, values in net.measures.items():
            graph.nodes[node].update({k: v for k, v in values.items() if v != ""})
            if node in agencies:
                agencies.nodes[node].update({k: v for k, v in values.items() if v != ""})
        networks.append(net)
    return networks


_METRIC_COLUMNS = ("degree", "weighted_degree", "betweenness", "pagerank", "community", "partners", "shared")


def metrics_rows(networks: Sequence[Network]) -> list[dict[str, Any]]:
    """One CSV row per node per network, agencies first, then by betweenness (highest first)."""
    rows = []
    for net in networks:
        order = sorted(net.graph.nodes, key=lambda n: (net.graph.nodes[n]["kind"] != "agency",
                                                       -net.measures[n]["betweenness"], n))
        for node in order:
            attrs = net.graph.nodes[node]
            row = {"network": net.name, "node": node, "kind": attrs["kind"]}
            row.update({f"label_{lang}": attrs[label_key(lang)] for lang in LANGS})
            row.update({k: net.measures[node][k] for k in _METRIC_COLUMNS})
            rows.append(row)
    return rows


def _measures_iri(net: Network, node: str) -> URIRef:
    base = str(ID)
    local = node[len(base):] if node.startswith(base) else "x/" + hashlib.sha256(node.encode()).hexdigest()[:16]
    return URIRef(f"{net.iri}/{local}")


def network_titles(net: Network, data: LayerData) -> dict[str, str]:
    """The network's title in each language, e.g. ``Agencies and themes: Jiangsu Quality Month 2022``."""
    out = {}
    for lang in LANGS:
        scope = _ALL_TITLE[lang] if net.scope == ALL else data.label(net.campaigns[0], lang)
        out[lang] = f"{_TITLES[net.layer][lang]}: {scope}"
    return out


def _decimal(value: float) -> Literal:
    """An ``xsd:decimal`` in canonical form (``0``, ``0.5``), which every engine prints the same way."""
    text = f"{value:.{_DIGITS}f}".rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=XSD.decimal)


def metrics_dataset(networks: Sequence[Network], data: LayerData) -> Dataset:
    """The metrics as RDF in the named graph ``METRICS_GRAPH`` (``…/id/graph/network-metrics``)."""
    dataset = Dataset()
    bind_prefixes(dataset)
    graph = dataset.graph(METRICS_GRAPH)
    for net in networks:
        graph.add((net.iri, RDF.type, GOVKG.Network))
        for lang, title in network_titles(net, data).items():
            graph.add((net.iri, DCTERMS.title, Literal(title, lang=lang)))
        for campaign in net.campaigns:
            graph.add((net.iri, PROV.wasDerivedFrom, URIRef(campaign)))
        for node, values in net.measures.items():
            m = _measures_iri(net, node)
            graph.add((m, RDF.type, GOVKG.NetworkMeasures))
            graph.add((m, GOVKG.inNetwork, net.iri))
            graph.add((m, GOVKG.measuredNode, URIRef(node)))
            graph.add((m, GOVKG.degree, Literal(values["degree"])))
            graph.add((m, GOVKG.weightedDegree, Literal(values["weighted_degree"])))
            graph.add((m, GOVKG.betweenness, _decimal(values["betweenness"])))
            graph.add((m, GOVKG.pageRank, _decimal(values["pagerank"])))
            graph.add((m, GOVKG.community, Literal(values["community"])))
    return dataset
