"""Where each node goes and how it looks, computed once for the pictures, the page, GEXF and GraphML.

Two layouts, chosen by size: a network of a few dozen nodes keeps the two-column layout (agencies left, targets
right, in report order), which reads like the report; a larger one gets a force-directed layout (Fruchterman–Reingold
in numpy, seeded, so the same graph gives the same picture), with a handful of targets such as topics pinned on a
circle so each body settles near the topics it works on.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kg.network.graphs import Network, label_key

__all__ = ["COLUMN_ROWS", "PALETTE", "Visual", "columns", "force", "layout", "visual"]

COLUMN_ROWS = 40  # the two-column layout up to this many rows in its longer column
PINNED = 30  # targets pinned on a circle in the force layout, up to this many
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#86bcb6", "#d37295", "#a0cbe8", "#8cd17d", "#b6992d", "#499894", "#fabfd2", "#d4a6c8", "#79706e")
TARGET_COLOUR = "#555555"


@dataclass(frozen=True)
class Visual:
    """A node as drawn: position in [0, 1]² (y grows upwards), fill colour, size (points² of the marker)."""

    x: float
    y: float
    colour: str
    size: float


def _rows(net: Network) -> int:
    kinds = [k for _, k in net.graph.nodes(data="kind")]
    agencies = kinds.count("agency")
    return max(agencies, len(kinds) - agencies, 1)


def layout(net: Network) -> dict[str, tuple[float, float]]:
    """Two columns for a small network (≤ ``COLUMN_ROWS`` rows), else the force layout; coordinates in [0, 1]."""
    return columns(net) if _rows(net) <= COLUMN_ROWS else force(net)


def columns(net: Network) -> dict[str, tuple[float, float]]:
    """Agencies in a left column, targets in a right one (in report order); agencies sorted by the mean height of
    their targets so edges cross little. Coordinates in [0, 1], y grows upwards."""
    graph = net.graph
    targets = [n for n, kind in graph.nodes(data="kind") if kind != "agency"]
    agencies = [n for n, kind in graph.nodes(data="kind") if kind == "agency"]
    if net.layer not in ("themes", "topics"):  # no report order: group targets under their busiest agency
        busiest = {a: i for i, a in enumerate(sorted(agencies, key=lambda a: (-graph.degree(a, weight="weight"), a)))}
        targets.sort(key=lambda t: (min(busiest[a] for a in graph[t]), graph.nodes[t][label_key("zh-Hant")]))
    rank = {t: i for i, t in enumerate(targets)}

    def centre(agency: str) -> tuple[float, int, str]:
        weights = [(rank[t], graph[agency][t]["weight"]) for t in graph[agency]]
        mean = sum(r * w for r, w in weights) / sum(w for _, w in weights)
        return (mean, -graph.degree(agency, weight="weight"), agency)

    agencies.sort(key=centre)
    pos: dict[str, tuple[float, float]] = {}
    for x, column in ((0.0, agencies), (1.0, targets)):
        for i, node in enumerate(column):
            pos[node] = (x, 1.0 - (i + 0.5) / len(column))
    return pos


def force(net: Network, iterations: int = 120) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold on the bipartite graph (edge weight pulls harder), targets pinned on a circle when there
    are at most ``PINNED`` of them; start positions from a fixed seed. Coordinates scaled into [0.02, 0.98]."""
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
    blocks = [(i, min(i + BLOCK, n)) for i in range(0, n, BLOCK)]
    dist = np.empty((n, n))  # pos and dist change in place, so each iteration's partials see the new ones
    apart = functools.partial(_distances, pos, dist)
    pull = functools.partial(_pull, pos, dist, weight, k)
    with _pool(len(blocks)) as pool:
        for _ in range(iterations):
            list(pool.map(apart, blocks))
            move = np.concatenate(list(pool.map(pull, blocks))) if n else pos * 0
            length = np.maximum(np.hypot(move[:, 0], move[:, 1]), 1e-9)
            move *= (np.minimum(length, step) / length)[:, None]
            move[pinned] = 0
            pos += move
            step *= 0.97
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 0, high - low, 1)
    scaled = 0.02 + 0.96 * (pos - low) / span
    return {v: (round(float(scaled[index[v], 0]), 4), round(float(scaled[index[v], 1]), 4)) for v in nodes}


BLOCK = 128  # rows of the force layout's pair arrays computed at once: they stay in the cache


def _distances(pos: Any, dist: Any, block: tuple[int, int]) -> None:
    """Rows ``start``..``stop`` - 1 of the distance matrix, from column ``start`` on: the upper triangle (and the
    block's own square), which ``_pull`` mirrors: ``hypot`` of a difference and of its negation are the same number,
    so half the calls do.

    >>> import numpy as np
    >>> pos, dist = np.array([[0.0, 0.0], [3.0, 4.0], [6.0, 8.0]]), np.zeros((3, 3))
    >>> _distances(pos, dist, (1, 3)); dist.tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 5.0], [0.0, 5.0, 0.0]]
    """
    import numpy as np

    start, stop = block
    np.hypot(pos[start:stop, 0, None] - pos[None, start:, 0], pos[start:stop, 1, None] - pos[None, start:, 1],
             out=dist[start:stop, start:])


def _pull(pos: Any, dist: Any, weight: Any, k: float, block: tuple[int, int]) -> Any:
    """The force on nodes ``start``..``stop`` - 1 from every node: the same arithmetic, element by element and in
    each row's order, as on the whole n × n arrays, so the positions are the same to the last bit.

    The arrays are the block's columns (pair i, j at [j, i]; the distances and weights are symmetric), so that
    summing over axis 0 adds one whole row after the other, from the first node to the last as ``einsum`` did,
    where a sum along a row would add in pairs."""
    import numpy as np

    start, stop = block
    dist[stop:, start:stop] = dist[start:stop, stop:].T  # below the diagonal block, mirrored from above it
    near = np.maximum(dist[:, start:stop], 1e-3)
    push = k * k / near**2 - weight[:, start:stop] * near / k
    push[np.arange(start, stop), np.arange(stop - start)] = 0
    across = np.add.reduce(push * (pos[None, start:stop, 0] - pos[:, 0, None]), axis=0)
    up = np.add.reduce(push * (pos[None, start:stop, 1] - pos[:, 1, None]), axis=0)
    return np.stack([across, up], axis=1)


@contextlib.contextmanager
def _pool(tasks: int) -> Iterator[Any]:
    """Threads for the blocks (numpy lets go of the GIL in its loops), one per CPU, or none for a single block."""
    from concurrent.futures import ThreadPoolExecutor

    from kg.limits import cpus

    if tasks < 2 or cpus() < 2:
        yield builtins
        return
    with ThreadPoolExecutor(max_workers=min(cpus(), tasks)) as pool:
        yield pool


def groups(net: Network) -> dict[str, int]:
    """Each agency's colour group: the communities of the co-acting agencies for the topics layer (groups of bodies
    that often act together), else the network's own communities."""
    if net.layer == "topics":
        from kg.network.metrics import communities

        return communities(net.agencies)
    return {v: int(net.measures[v]["community"]) for v in net.graph}


def visual(net: Network) -> dict[str, Visual]:
    """Position, colour and size of every node of ``net.graph``."""
    pos = layout(net)
    group = groups(net)
    small = _rows(net) <= COLUMN_ROWS
    out = {}
    for node, (x, y) in pos.items():
        kind = net.graph.nodes[node]["kind"]
        activities = float(net.measures[node]["weighted_degree"])
        if kind != "agency" and net.layer == "topics":
            colour = TARGET_COLOUR
        else:
            colour = PALETTE[group.get(node, 0) % len(PALETTE)]
        if small:
            size = 80.0 + 70.0 * activities
        else:  # area grows with the square root, so a busy body does not cover its neighbours
            size = (150.0 if kind != "agency" else 8.0) + 14.0 * math.sqrt(activities)
        out[node] = Visual(x, y, colour, round(size, 2))
    return out
