"""Node metrics of the agency networks: PageRank (numpy power iteration), betweenness, communities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["DIGITS", "betweenness", "communities", "component_groups", "measure", "numbered", "pagerank", "pageranks"]

DIGITS = 4


def pagerank(graph: nx.Graph, alpha: float = 0.85, tol: float = 1e-12, max_iter: int = 1000) -> dict[str, float]:
    """Weighted PageRank by power iteration (networkx's own needs scipy); dangling mass is spread evenly.

    >>> import networkx as nx
    >>> sorted(round(v, 3) for v in pagerank(nx.path_graph(3)).values())
    [0.257, 0.257, 0.486]
    """
    return pageranks([graph], alpha, tol, max_iter)[0]


def pageranks(graphs: Sequence[nx.Graph], alpha: float = 0.85, tol: float = 1e-12,
              max_iter: int = 1000) -> list[dict[str, float]]:
    """``pagerank`` of each graph, all iterated together as one block-diagonal system.

    Each graph stops on its own test (L1 change < ``tol``), as if it ran alone, so the answers do not depend on
    which graphs share the batch; one numpy step per iteration serves hundreds of small graphs at once.

    >>> import networkx as nx
    >>> a, b = pageranks([nx.path_graph(3), nx.empty_graph(0)])
    >>> sorted(round(v, 3) for v in a.values()), b
    ([0.257, 0.257, 0.486], {})
    """
    import numpy as np

    sizes = np.array([len(g) for g in graphs], dtype=np.int64)
    index: dict[tuple[int, Any], int] = {}
    for b, graph in enumerate(graphs):
        index.update(((b, v), len(index)) for v in graph)
    strength = np.array([d for g in graphs for _, d in g.degree(weight="weight")], dtype=np.float64)
    src, dst, weight = [], [], []
    for b, graph in enumerate(graphs):
        for v, nbrs in graph.adjacency():
            for u, attrs in nbrs.items():
                src.append(index[b, v])
                dst.append(index[b, u])
                weight.append(attrs.get("weight", 1))
    source = np.array(src, dtype=np.int64)
    target = np.array(dst, dtype=np.int64)
    live = strength[source] != 0  # as the loop it replaces: a node of zero strength passes nothing on
    share = np.zeros(len(source))
    share[live] = alpha * np.array(weight, dtype=np.float64)[live] / strength[source[live]]
    block = np.repeat(np.arange(len(graphs)), sizes)
    n = np.maximum(sizes, 1).astype(np.float64)
    dangling = (strength == 0).astype(np.float64)
    rank = 1.0 / n[block]
    active = sizes > 0
    for _ in range(max_iter):
        if not active.any():
            break
        spread = ((1 - alpha) + alpha * np.bincount(block, rank * dangling, len(graphs))) / n
        new = spread[block] + np.bincount(target, rank[source] * share, len(rank))
        change = np.bincount(block, np.abs(new - rank), len(graphs))
        rank = np.where(active[block], new, rank)
        active &= change >= tol
    values = rank.tolist()
    out: list[dict[str, float]] = [{} for _ in graphs]
    for (b, v), i in index.items():
        out[b][v] = values[i]
    return out


def betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness centrality (Brandes, unweighted), as ``networkx.betweenness_centrality`` gives it.

    rustworkx runs the same algorithm in Rust, on one thread so that the sums always run in the same order.

    >>> import networkx as nx
    >>> betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    import rustworkx as rx

    nodes = list(graph)
    position = {v: i for i, v in enumerate(nodes)}
    twin = rx.PyGraph(multigraph=False)
    twin.add_nodes_from(nodes)
    twin.add_edges_from_no_data([(position[u], position[v]) for u, v in graph.edges()])
    values = rx.graph_betweenness_centrality(twin, normalized=True, parallel_threshold=len(nodes) + 1)
    return {v: values[i] for i, v in enumerate(nodes)}


def communities(graph: nx.Graph) -> dict[str, int]:
    """Greedy-modularity communities, numbered by size (largest first), then by smallest member."""
    return numbered(_greedy(graph))


def _greedy(graph: nx.Graph) -> list[set[str]]:
    """networkx's greedy-modularity groups (``kg.network.greedy`` makes its merges, faster)."""
    from kg.network.greedy import greedy_modularity

    if graph.number_of_edges() == 0:
        return [{v} for v in graph]
    return greedy_modularity(graph)


def numbered(groups: list[set[str]]) -> dict[str, int]:
    """Each node's group, the groups numbered by size (largest first), then by smallest member."""
    groups.sort(key=lambda c: (-len(c), min(c)))
    return {v: i for i, group in enumerate(groups) for v in group}


_FILLER = ("\0filler-a", "\0filler-b")


def component_groups(component: nx.Graph, total: int) -> list[set[str]]:
    """The greedy-modularity groups of one connected component of a graph of total edge weight ``total``.

    They are exactly the groups greedy merging finds for these nodes in the whole graph: each merge changes only
    its own component's gains, which depend on nothing outside it but the total weight m. So the component runs
    alone with one extra edge between two filler nodes that brings its total to m (exactly: the weights are
    integers), is merged in the same order and stops at the same point; the fillers are dropped.

    >>> import networkx as nx
    >>> two = nx.union(nx.barbell_graph(4, 0), nx.relabel_nodes(nx.path_graph(6), lambda v: v + 8))
    >>> two = nx.relabel_nodes(two, lambda v: f"n{v:02d}")
    >>> parts = [two.subgraph(c).copy() for c in nx.connected_components(two)]
    >>> found = [g for part in parts for g in component_groups(part, two.number_of_edges())]
    >>> numbered(found) == communities(two)
    True
    """
    padded = component.copy()
    rest = total - int(component.size(weight="weight"))
    if rest > 0:
        padded.add_edge(*_FILLER, weight=rest)
    return [group for group in _greedy(padded) if not group & set(_FILLER)]


def measure(graph: nx.Graph, agencies: nx.Graph, rank: Mapping[str, float] | None = None,
            community: Mapping[str, int] | None = None) -> dict[str, dict[str, Any]]:
    """Per node: degree, weighted degree, betweenness, PageRank, community; agencies also partners/shared.

    ``rank`` and ``community`` are the graph's PageRank and communities when already computed (``pageranks`` over
    many graphs at once; communities in another process).
    """
    between = betweenness(graph)
    rank = pagerank(graph) if rank is None else rank
    community = communities(graph) if community is None else community
    degree = dict(graph.degree())
    strength = dict(graph.degree(weight="weight"))
    partners = dict(agencies.degree())
    shared = dict(agencies.degree(weight="weight"))
    return {node: {
        "degree": degree[node],
        "weighted_degree": strength[node],
        "betweenness": round(between[node], DIGITS),
        "pagerank": round(rank[node], DIGITS),
        "community": community[node],
        "partners": partners.get(node, ""),
        "shared": shared.get(node, ""),
    } for node in graph}
