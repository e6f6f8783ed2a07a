"""The network metrics' fast paths against independent references: an exact linear solve for PageRank, networkx for
betweenness, the pairwise definition for the agency projection, and the serial path for the parallel one."""

from __future__ import annotations

import sys

import networkx as nx
import numpy as np
import pytest

from kg.errors import KGError
from kg.network.graphs import build_networks, fetch_layer, projection
from kg.network.metrics import betweenness, communities, component_groups, numbered, pagerank, pageranks
from kg.network.parallel import communities_elsewhere
from kg.paths import KG_FILE
from kg.query.local import OxigraphStore
from tests.repo import ROOT

SECOND = ROOT / "tests" / "data" / "second.ttl"


def _exact_pagerank(graph: nx.Graph, alpha: float = 0.85) -> dict[str, float]:
    """Solve r = (1-a)/n + a (W r + dangling mass / n) directly (W: weight over the sender's strength)."""
    nodes = list(graph)
    n = len(nodes)
    at = {v: i for i, v in enumerate(nodes)}
    strength = np.array([graph.degree(v, weight="weight") for v in nodes], dtype=float)
    walk = np.zeros((n, n))
    for v in nodes:
        for u, attrs in graph[v].items():
            walk[at[u], at[v]] += attrs.get("weight", 1) / strength[at[v]]
    walk[:, strength == 0] = 1 / n  # a node with no edges hands its rank to everyone
    rank = np.linalg.solve(np.eye(n) - alpha * walk, np.full(n, (1 - alpha) / n))
    return dict(zip(nodes, rank.tolist(), strict=True))


def _graphs() -> list[nx.Graph]:
    weighted = nx.Graph()
    weighted.add_weighted_edges_from([("a", "x", 3), ("b", "x", 1), ("b", "y", 2), ("c", "y", 1), ("c", "z", 5)])
    weighted.add_node("lonely")  # dangling: no edges
    two_parts = nx.union(nx.path_graph(["p", "q", "r", "s"]), nx.star_graph(["h", "1", "2", "3"]))
    return [nx.path_graph(["a", "b", "c"]), weighted, two_parts, nx.les_miserables_graph(), nx.empty_graph(0)]


def test_batched_pagerank_equals_an_exact_solve_graph_by_graph() -> None:
    graphs = _graphs()
    batch = pageranks(graphs)
    for graph, got in zip(graphs, batch, strict=True):
        assert list(got) == list(graph)
        want = _exact_pagerank(graph) if len(graph) else {}
        for node, value in want.items():
            assert got[node] == pytest.approx(value, abs=1e-10), node
        alone = pagerank(graph)  # the batch does not change what a graph gets alone
        assert all(abs(alone[v] - got[v]) < 1e-15 for v in graph)
    path = batch[0]
    assert path["a"] == pytest.approx(0.07125 / 0.2775)  # end: e = .05 + .425 m, m = .05 + 1.7 e, by hand


def test_betweenness_equals_networkx() -> None:
    for graph in _graphs():
        want = nx.betweenness_centrality(graph, normalized=True)
        got = betweenness(graph)
        assert list(got) == list(graph)
        assert all(abs(got[v] - want[v]) < 1e-12 for v in graph)
    hub = betweenness(nx.union(nx.path_graph(["p", "q", "r", "s"]), nx.star_graph(["h", "1", "2", "3"])))
    assert hub["h"] == pytest.approx(3 / 21)  # 3 leaf pairs through h, over (n-1)(n-2)/2 = 21 pairs of 8 nodes


def test_projection_equals_the_pairwise_definition() -> None:
    graph = nx.bipartite.random_graph(30, 12, 0.2, seed=7)
    nx.set_node_attributes(graph, {v: "agency" if v < 30 else "theme" for v in graph}, "kind")
    graph = nx.relabel_nodes(graph, {v: f"n{v:02d}" for v in graph})
    agencies = [v for v, kind in graph.nodes(data="kind") if kind == "agency"]
    want = []
    for i, a in enumerate(agencies):
        for b in agencies[i + 1:]:
            shared = set(graph[a]) & set(graph[b])
            if shared:
                jaccard = round(len(shared) / len(set(graph[a]) | set(graph[b])), 4)
                want.append((a, b, {"weight": len(shared), "jaccard": jaccard, "shared": " ".join(sorted(shared))}))
    got = projection(graph)
    assert list(got) == agencies
    assert list(got.edges(data=True)) == want  # same edges, attributes and order (the files' order)
    assert len(want) > 50


def _many_parts() -> nx.Graph:
    """Copies of the same shapes (so many exact ties between components), weighted parts, a lone node."""
    parts = [nx.karate_club_graph(), nx.karate_club_graph(), nx.barbell_graph(5, 2), nx.les_miserables_graph(),
             nx.path_graph(7), nx.path_graph(7), nx.complete_bipartite_graph(3, 4)]
    graph = nx.Graph()
    for i, part in enumerate(parts):  # les_miserables has its own weights; every other part gets 1 to 3
        graph.add_weighted_edges_from((f"p{i}:{a}", f"p{i}:{b}", d.get("weight", 1 + (a + b) % 3 if i % 2 == 0 else 1))
                                      for a, b, d in part.edges(data=True))
    graph.add_weighted_edges_from([("w:a", "w:b", 3), ("w:b", "w:c", 1), ("w:c", "w:d", 3), ("w:d", "w:a", 1)])
    graph.add_node("lone")
    return graph


def test_components_alone_group_as_the_whole_graph_does() -> None:
    graph = _many_parts()
    total = int(graph.size(weight="weight"))
    groups = [{v} for v in graph if not graph[v]]
    for part in nx.connected_components(graph):
        if len(part) > 1:
            groups += component_groups(graph.subgraph(part).copy(), total)
    whole = communities(graph)
    assert numbered(groups) == whole
    assert len(set(whole.values())) > 12


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_communities_in_child_processes_equal_those_found_here(workers: int) -> None:
    graph = _many_parts()
    with communities_elsewhere(graph, workers) as wait:
        got = wait()
    assert got == communities(graph)
    one_piece = nx.relabel_nodes(nx.les_miserables_graph(), str)  # goes whole to one child
    with communities_elsewhere(one_piece, workers) as wait:
        assert wait() == communities(one_piece)


def test_a_failing_child_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with pytest.raises(KGError, match=r"communities worker failed \(exit 1\)"), \
            communities_elsewhere(nx.path_graph(["a", "b", "c"])) as wait:
        wait()


def test_parallel_networks_equal_serial_ones() -> None:
    store = OxigraphStore()
    store.load([KG_FILE, SECOND])
    data = fetch_layer(store, "themes")
    serial = build_networks(data, parallel=False)
    parallel = build_networks(data, parallel=True)
    assert [n.name for n in serial] == [n.name for n in parallel] == ["themes-js-2022-qm", "themes-nj-2023-qm",
                                                                       "themes-all"]
    for a, b in zip(serial, parallel, strict=True):
        assert a.measures == b.measures
        assert list(a.graph.nodes(data=True)) == list(b.graph.nodes(data=True))
        assert list(a.agencies.nodes(data=True)) == list(b.agencies.nodes(data=True))
    assert len({m["community"] for m in parallel[-1].measures.values()}) > 1
