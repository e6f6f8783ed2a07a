"""A large network's communities in child Pythons, a share of its connected components each: the same answer."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.network.metrics import component_groups, numbered
from kg.workers import child_env

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["communities_elsewhere"]


@contextlib.contextmanager
def communities_elsewhere(graph: nx.Graph, workers: int = 2) -> Iterator[Callable[[], dict[str, int]]]:
    """Start ``communities(graph)`` in up to ``workers`` child Pythons; yield a function that waits for the answer.

    The connected components are shared out (``component_groups`` finds each one's groups exactly as the whole
    graph's run would); a graph in one piece, or with other than string nodes and integer weights, goes whole to
    one child. Each child is a plain ``python -m kg.network.parallel FILE``, not ``multiprocessing``: nothing is forked
    from a process that may hold threads (an Oxigraph store), and the caller's ``__main__`` is not imported again.
    The children are killed if the caller leaves early.

    >>> import networkx as nx
    >>> from kg.network.metrics import communities
    >>> two = nx.relabel_nodes(nx.union(nx.karate_club_graph(), nx.barbell_graph(5, 1), rename=("k", "b")), str)
    >>> with communities_elsewhere(two) as wait:
    ...     wait() == communities(two)
    True
    """
    total, shares, alone = _shares(graph, workers)
    env = child_env()
    with tempfile.TemporaryDirectory(prefix="kg-network-") as tmp, contextlib.ExitStack() as stack:
        children = []
        for i, share in enumerate(shares):
            path = Path(tmp) / f"share-{i}.json"
            path.write_text(json.dumps({"total": total, "parts": share}), encoding="utf-8")
            children.append(stack.enter_context(_child(path, env)))

        def wait() -> dict[str, int]:
            groups = [{v} for v in alone]
            for share, child in zip(shares, children, strict=True):
                for part, labels in zip(share, child(), strict=True):
                    found: dict[int, set[str]] = {}
                    for node, label in zip(part["nodes"], labels, strict=True):
                        found.setdefault(label, set()).add(node)
                    groups.extend(found.values())
            return numbered(groups)

        yield wait


def _shares(graph: nx.Graph, workers: int) -> tuple[int | None, list[list[dict[str, Any]]], list[str]]:
    """(total weight or None for a whole graph, each child's parts as nodes and indexed edges, the lone nodes)."""
    import networkx as nx

    weights = [w for _, _, w in graph.edges(data="weight", default=1)]
    component = {v: i for i, part in enumerate(nx.connected_components(graph)) for v in part}
    whole = (len(set(component.values())) < 2 or not all(type(w) is int for w in weights)
             or not all(isinstance(v, str) for v in graph))
    if whole:
        component = dict.fromkeys(graph, 0)
    nodes: dict[int, list[str]] = {}
    for v in graph:
        nodes.setdefault(component[v], []).append(v)
    edges: dict[int, list[tuple[str, str, int]]] = {}
    for (u, v), w in zip(graph.edges(), weights, strict=True):
        edges.setdefault(component[u], []).append((u, v, w))
    parts = sorted(edges, key=lambda c: -len(edges[c]))
    shares: list[list[dict[str, Any]]] = [[] for _ in range(max(1, min(workers, len(parts))))]
    load = [0] * len(shares)
    for c in parts:  # the largest first, each to the least loaded child
        i = load.index(min(load))
        index = {v: k for k, v in enumerate(nodes[c])}
        shares[i].append({"nodes": nodes[c], "edges": [[index[u], index[v], w] for u, v, w in edges[c]]})
        load[i] += len(edges[c])
    alone = [v for c, members in nodes.items() if c not in edges for v in members]
    return (None if whole else int(sum(weights))), [s for s in shares if s], alone


@contextlib.contextmanager
def _child(path: Path, env: dict[str, str]) -> Iterator[Callable[[], list[list[int]]]]:
    child = subprocess.Popen([sys.executable, "-m", "kg.network.parallel", str(path)], env=env,  # noqa: S603
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def answer() -> list[list[int]]:
        out, err = child.communicate()
        if child.returncode != 0:
            tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise KGError(f"the communities worker failed (exit {child.returncode}): {tail[0]}")
        labels: list[list[int]] = json.loads(out)
        return labels

    try:
        yield answer
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()


def _serve(path: Path) -> None:
    """The child's side: read the parts, print each part's group number per node, in the nodes' order."""
    import networkx as nx

    from kg.network.metrics import communities

    spec = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for part in spec["parts"]:
        graph = nx.Graph()
        graph.add_nodes_from(part["nodes"])
        graph.add_weighted_edges_from((part["nodes"][u], part["nodes"][v], w) for u, v, w in part["edges"])
        if spec["total"] is None:
            found = communities(graph)
        else:
            found = {v: i for i, group in enumerate(component_groups(graph, spec["total"])) for v in group}
        out.append([found[v] for v in part["nodes"]])
    sys.stdout.write(json.dumps(out))


if __name__ == "__main__":
    _serve(Path(sys.argv[1]))
