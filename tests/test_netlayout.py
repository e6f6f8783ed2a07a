"""The force layout in row blocks (and threads) gives the positions the whole-array version gave, to the last bit:
that version is kept here as the reference."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from kg.network.graphs import Network
from kg.network.layout import PINNED, force


def _whole_arrays(net: Network, iterations: int = 120) -> dict[str, tuple[float, float]]:
    """kg.network.layout.force before the blocks: every pair's force in one n × n array per iteration."""
    import numpy as np

    graph = net.graph
    nodes = sorted(graph, key=lambda v: (graph.nodes[v]["kind"] != "agency", v))
    targets = sorted((v for v in nodes if graph.nodes[v]["kind"] != "agency"),
                     key=lambda t: (-graph.degree(t, weight="weight"), t))
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    pos = np.random.default_rng(0).uniform(-1, 1, (n, 2))
    pinned = np.zeros(n, dtype=bool)
    if len(targets) <= PINNED:
        for i, t in enumerate(targets):
            angle = 2 * math.pi * i / len(targets)
            pos[index[t]] = (math.cos(angle), math.sin(angle))
            pinned[index[t]] = True
    weight = np.zeros((n, n))
    for a, b, w in graph.edges(data="weight", default=1):
        weight[index[a], index[b]] = weight[index[b], index[a]] = math.log1p(w)
    k = 1.6 / math.sqrt(max(n, 1))
    step = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.hypot(delta[..., 0], delta[..., 1]), 1e-3)
        push = k * k / dist**2 - weight * dist / k
        np.fill_diagonal(push, 0)
        move = np.einsum("ij,ijk->ik", push, delta)
        length = np.maximum(np.hypot(move[:, 0], move[:, 1]), 1e-9)
        move *= (np.minimum(length, step) / length)[:, None]
        move[pinned] = 0
        pos += move
        step *= 0.97
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 0, high - low, 1)
    scaled = 0.02 + 0.96 * (pos - low) / span
    return {v: (round(float(scaled[index[v], 0]), 4), round(float(scaled[index[v], 1]), 4)) for v in nodes}


def _network(seed: int, agencies: int, targets: int, edges: int) -> Network:
    pick = random.Random(seed)  # noqa: S311 (test data)
    graph = nx.Graph()
    graph.add_nodes_from((f"a{i}" for i in range(agencies)), kind="agency")
    graph.add_nodes_from((f"t{i}" for i in range(targets)), kind="topic")
    for _ in range(edges):
        graph.add_edge(f"a{pick.randrange(agencies)}", f"t{pick.randrange(targets)}", weight=pick.randint(1, 5))
    return Network("topics", "all", (), graph, nx.Graph())


@pytest.mark.parametrize("sizes", [(1, 300, 20, 900), (2, 200, 150, 700), (3, 129, 1, 200), (4, 1, 1, 1)],
                         ids=["pinned-topics", "free-targets", "one-block-and-a-row", "single-edge"])
def test_blocks_give_the_whole_arrays_positions(sizes: tuple[int, int, int, int]) -> None:
    net = _network(*sizes)
    assert force(net) == _whole_arrays(net)
