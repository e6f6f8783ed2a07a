"""Agency networks drawn from the graph by SPARQL: bipartite layers, the agency projection and their metrics."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from kg.errors import InputError
from kg.limits import cpus
from kg.namespaces import ID, LABEL_LANGS
from kg.network.metrics import DIGITS as _DIGITS
from kg.network.metrics import measure, pagerank, pageranks
from kg.network.parallel import communities_elsewhere

if TYPE_CHECKING:
    import networkx as nx

    from kg.query.store import Store

__all__ = [
    "ALL",
    "LAYERS",
    "LayerData",
    "Network",
    "bipartite",
    "build_networks",
    "coacting",
    "fetch_layer",
    "label_key",
    "measure",
    "pagerank",
    "projection",
]

LAYERS = {"topics": "topic", "themes": "theme", "products": "product", "documents": "document"}
ALL = "all"


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
    campaigns: dict[str, tuple[str, str]] = field(default_factory=dict)  # campaign -> (year, jurisdiction)

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
    """Run ``network-{layer}.rq``, ``network-labels.rq``, ``network-evidence.rq`` and ``network-campaigns.rq``
    (at once, one per CPU, where the store allows: ``kg.query.answer.run_catalogue``)."""
    from kg.query.answer import run_catalogue
    from kg.query.catalogue import find_query

    if layer not in LAYERS:
        raise InputError(f"unknown layer {layer!r}; choose one of {', '.join(LAYERS)}")
    names = (f"network-{layer}", "network-labels", "network-evidence", "network-campaigns")
    answers = {query.slug: result.rows for query, result in
               run_catalogue(store, [find_query(name) for name in names], limit=1_000_000)}
    edges = [(_text(c), _text(a), _text(g), _text(t)) for c, a, g, t in answers[names[0]]]
    labels: dict[str, dict[str, str]] = {}
    kinds: dict[str, str] = {}
    notations: dict[str, str] = {}
    for node, kind, notation, hant, hans, en in answers["network-labels"]:
        key = _text(node)
        kinds[key] = _text(kind)
        labels[key] = {k: _text(v) for k, v in zip(LABEL_LANGS, (hant, hans, en), strict=True) if v is not None}
        if notation is not None:
            notations[key] = _text(notation)
    quotes = {_text(a): _text(q) for a, _, _, q in answers["network-evidence"]}
    campaigns: dict[str, tuple[str, str]] = {}
    for campaign, year, place, *forms in answers["network-campaigns"]:
        campaigns[_text(campaign)] = (_text(year), _text(place))
        if place is not None:
            labels[_text(place)] = {k: _text(v) for k, v in zip(LABEL_LANGS, forms, strict=True) if v is not None}
    return LayerData(layer, edges, labels, kinds, notations, quotes, campaigns)


def _scopes(data: LayerData, campaigns: Sequence[str] | None,
            per_campaign: bool) -> list[tuple[str, tuple[str, ...]]]:
    found = sorted({c for c, *_ in data.edges})
    chosen = found if not campaigns else [_find_campaign(c, found, data) for c in campaigns]
    scopes: list[tuple[str, tuple[str, ...]]] = []
    if per_campaign or len(chosen) == 1:
        scopes = [(_last_segment(c), (c,)) for c in chosen]
    if len(chosen) > 1:
        scopes.append((ALL, tuple(chosen)))
    return scopes


def _find_campaign(value: str, found: list[str], data: LayerData) -> str:
    for campaign in found:
        if value in (campaign, _last_segment(campaign)) or value in data.labels.get(campaign, {}).values():
            return campaign
    known = ", ".join(_last_segment(c) for c in found) or "none"
    raise InputError(f"--campaign {value!r}: no such campaign with activities in this layer (known: {known})")


def _last_segment(iri: str) -> str:
    """A campaign's slug: the last segment of its IRI (``…/campaign/js-2022-qm`` → ``js-2022-qm``)."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def bipartite(data: LayerData, campaigns: Sequence[str]) -> nx.Graph:
    """Agencies and targets (themes, products or documents) of ``campaigns``; edge weight = activities."""
    chosen = set(campaigns)
    return _bipartite(data, [(a, g, t) for c, a, g, t in data.edges if c in chosen])


def _by_campaign(data: LayerData) -> dict[str, list[tuple[str, str, str]]]:
    """``data.edges`` grouped by campaign once, so each network reads only its own rows."""
    rows: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for campaign, activity, agency, target in data.edges:
        rows[campaign].append((activity, agency, target))
    return rows


def _bipartite(data: LayerData, rows: Sequence[tuple[str, str, str]]) -> nx.Graph:
    """The bipartite graph of ``rows`` (activity, agency, target)."""
    import networkx as nx

    activities: dict[tuple[str, str], set[str]] = defaultdict(set)
    for activity, agency, target in rows:
        activities[(agency, target)].add(activity)
    graph = nx.Graph()
    agencies = sorted({a for a, _ in activities})
    targets = sorted({t for _, t in activities}, key=lambda t: _target_order(data, t))
    for node, part in [*((a, "agency") for a in agencies), *((t, LAYERS[data.layer]) for t in targets)]:
        attrs = {label_key(lang): data.labels.get(node, {}).get(lang, "") for lang in LABEL_LANGS}
        graph.add_node(node, kind=part, notation=data.notations.get(node, ""), **attrs)
    for (agency, target), acts in sorted(activities.items()):
        graph.add_edge(agency, target, weight=len(acts), activities=" ".join(sorted(acts)))
    return graph


def _target_order(data: LayerData, node: str) -> tuple[str, int, str]:
    notation = data.notations.get(node, "")
    prefix = node.rsplit("/", 1)[0]
    return (prefix, int(notation) if notation.isdigit() else 0, data.label(node, "zh-Hant"))


def projection(graph: nx.Graph) -> nx.Graph:
    """Agency–agency graph: an edge when two agencies share a target; weight = shared targets, plus Jaccard.

    Pairs are found through each target's agencies (not by testing every pair of agencies), then added in the
    order of the agencies, so the graph and its files come out the same as by the pairwise loop.
    """
    import networkx as nx

    agencies = [n for n, kind in graph.nodes(data="kind") if kind == "agency"]
    position = {a: i for i, a in enumerate(agencies)}
    shared: dict[tuple[int, int], list[str]] = defaultdict(list)
    for target, neighbours in graph.adjacency():
        members = sorted(position[a] for a in neighbours if a in position)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                shared[(a, b)].append(target)
    out = nx.Graph()
    out.add_nodes_from((a, graph.nodes[a]) for a in agencies)
    for (i, j), common in sorted(shared.items()):
        a, b = agencies[i], agencies[j]
        union = len(graph[a]) + len(graph[b]) - len(common)
        out.add_edge(a, b, weight=len(common), jaccard=round(len(common) / union, _DIGITS),
                     shared=" ".join(sorted(common)))
    return out


def coacting(graph: nx.Graph, rows: Sequence[tuple[str, str, str]]) -> nx.Graph:
    """Agency–agency graph of bodies acting together: an edge when two agencies carry out one activity; weight =
    such activities. The topics layer's projection, since sharing one of a dozen topics would link nearly everyone."""
    import networkx as nx

    together: dict[str, set[str]] = defaultdict(set)
    for activity, agency, _ in rows:
        together[activity].add(agency)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for activity, members in together.items():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs[(a, b)].add(activity)
    out = nx.Graph()
    out.add_nodes_from((a, attrs) for a, attrs in graph.nodes(data=True) if attrs["kind"] == "agency")
    for (a, b), acts in sorted(pairs.items()):
        out.add_edge(a, b, weight=len(acts), activities=" ".join(sorted(acts)))
    return out


def build_networks(data: LayerData, campaigns: Sequence[str] | None = None, *, per_campaign: bool = True,
                   parallel: bool | None = None) -> list[Network]:
    """One network per campaign in ``data`` (or in ``campaigns``; without ``per_campaign`` only when there is one),
    plus ``all`` when there are several.

    Metrics are also set as node attributes, so the GraphML and GEXF files carry them. With ``parallel`` (by
    default when there are two CPUs and the largest network has ``PARALLEL_EDGES`` edges or more), the largest
    network's communities, the costliest single metric, are found by ``WORKERS`` child processes, a share of its
    connected components each, while this one does the rest; the numbers are the same either way.
    """
    rows = _by_campaign(data)
    scopes = [(scope, chosen, [row for c in chosen for row in rows[c]])
              for scope, chosen in _scopes(data, campaigns, per_campaign)]
    if not scopes:
        return []
    largest = max(range(len(scopes)), key=lambda i: len(scopes[i][2]))
    order = [largest, *(i for i in range(len(scopes)) if i != largest)]  # the largest first, to hand it over early
    graphs = {}
    with contextlib.ExitStack() as stack:
        found: Callable[[], dict[str, int]] | None = None
        for i in order:
            graphs[i] = _bipartite(data, scopes[i][2])
            if i == largest and _worth_a_worker(graphs[i], parallel):
                found = stack.enter_context(communities_elsewhere(graphs[i], WORKERS))
        networks = [Network(data.layer, scope, chosen, graphs[i],
                            coacting(graphs[i], picked) if data.layer == "topics" else projection(graphs[i]))
                    for i, (scope, chosen, picked) in enumerate(scopes)]
        ranks = pageranks([net.graph for net in networks])
        for i in [*order[1:], *order[:1]]:  # the largest last, so its communities have the most time
            given = found() if found is not None and i == largest else None
            networks[i].measures = measure(networks[i].graph, networks[i].agencies, ranks[i], given)
            _annotate(networks[i])
    return networks


PARALLEL_EDGES = 5_000
WORKERS = 2


def _worth_a_worker(graph: nx.Graph, parallel: bool | None) -> bool:
    if parallel is None:
        return graph.number_of_edges() >= PARALLEL_EDGES and cpus() >= 2
    return parallel


def _annotate(net: Network) -> None:
    """Copy the measures onto the nodes of both graphs (blank ones, such as a theme's partners, left out)."""
    for node, values in net.measures.items():
        kept = {k: v for k, v in values.items() if v != ""}
        net.graph.nodes[node].update(kept)
        if node in net.agencies:
            net.agencies.nodes[node].update(kept)
