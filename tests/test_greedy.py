"""kg.network.greedy against networkx's greedy modularity, the implementation it replaces: the same groups, in the
same order, on graphs where ties and many components are common."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.network.greedy import greedy_modularity


def _networkx(graph: nx.Graph) -> list[set[object]]:
    return [set(c) for c in nx.community.greedy_modularity_communities(graph, weight="weight")]


@pytest.mark.parametrize("seed", range(40))
def test_same_groups_as_networkx_on_random_weighted_graphs(seed: int) -> None:
    pick = random.Random(seed)  # noqa: S311 (test data)
    graph = nx.gnm_random_graph(pick.randint(5, 150), pick.randint(4, 500), seed=seed)
    graph = nx.relabel_nodes(graph, lambda v: f"n{v * 7 % 101:03d}-{v}")  # sorted names not in insertion order
    for u, v in graph.edges:
        graph[u][v]["weight"] = pick.choice([1, 1, 2, 3])  # equal weights: ties decided by the names
    assert greedy_modularity(graph) == _networkx(graph)


@pytest.mark.parametrize("graph", [nx.karate_club_graph(), nx.les_miserables_graph(), nx.florentine_families_graph(),
                                   nx.barbell_graph(5, 1), nx.path_graph(7), nx.star_graph(9)],
                         ids=["karate", "les-miserables", "florentine", "barbell", "path", "star"])
def test_same_groups_as_networkx_on_known_graphs(graph: nx.Graph) -> None:
    assert greedy_modularity(graph) == _networkx(graph)


def test_no_edges() -> None:
    assert greedy_modularity(nx.empty_graph(["x", "y"])) == [{"x"}, {"y"}]
