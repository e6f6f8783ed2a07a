"""Which networks get an SVG and a PNG, and drawing them in child Pythons while this one writes the other files.

Drawing is the costliest output of a large network (matplotlib, 6 s of CPU for the 2,078 nodes of the M corpus's
network across campaigns) and depends on nothing the other files need, so on two CPUs it runs beside them. Each
child is a plain ``python -m kg.network.pictures IN OUT``, as in :mod:`kg.network.parallel`: nothing is forked
from a process that may hold threads. They draw with the same code, so the bytes are the same.
"""

from __future__ import annotations

import contextlib
import pickle  # this process's own objects, to its own child, through a private folder
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kg.errors import InputError, KGError
from kg.network.graphs import ALL, Network
from kg.network.layout import Visual

__all__ = ["EVERY", "NONE", "PARALLEL_NODES", "WORKERS", "Job", "draw_all", "pictured", "pictures_elsewhere"]

EVERY, NONE = "every", "none"
PARALLEL_NODES = 500  # pictures of this many nodes in all are drawn in a child Python (below, starting one costs more)

Job = tuple[Network, str, str, str, dict[str, Visual]]  # network, lang, title, caption, look


def pictured(networks: Sequence[Network], wanted: Sequence[str] | None) -> list[Network]:
    """The networks of ``wanted`` (``--pictures``): names of networks (``all``, a campaign's slug), ``every`` (the
    default, ``None``: every network written) or ``none``. A name that is not among ``networks`` is an error.

    >>> import networkx as nx
    >>> nets = [Network("themes", s, (), nx.Graph(), nx.Graph()) for s in ("js-2022-qm", "all")]
    >>> [n.scope for n in pictured(nets, None)], [n.scope for n in pictured(nets, ["all"])], pictured(nets, ["none"])
    (['js-2022-qm', 'all'], ['all'], [])
    """
    names = [n.strip() for value in wanted or [EVERY] for n in value.split(",") if n.strip()]
    if EVERY in names:
        return list(networks)
    known = {net.scope: net for net in networks}
    missing = [n for n in names if n != NONE and n not in known]
    if missing:
        hint = "" if len(networks) > 1 or ALL in known else "; --per-campaign writes one network per campaign"
        raise InputError(f"--pictures {missing[0]!r}: no such network here (known: {', '.join(known)}, "
                         f"{EVERY}, {NONE}){hint}")
    return [net for net in networks if net.scope in names]


def draw_all(jobs: Sequence[Job]) -> tuple[dict[str, bytes], list[str]]:
    """Each job's ``NAME.svg`` and ``NAME.png``; without a CJK font, none, and a warning saying so."""
    from kg.network.draw import FontMissingError, render

    files: dict[str, bytes] = {}
    for net, lang, title, caption, look in jobs:
        try:
            pictures = render(net, lang, title, caption, look)
        except FontMissingError as exc:
            return {}, [f"{exc}; the SVG and PNG pictures were not written (everything else was)"]
        files |= {f"{net.name}.{fmt}": data for fmt, data in pictures.items()}
    return files, []


@contextlib.contextmanager
def pictures_elsewhere(jobs: Sequence[Job], parallel: bool | None = None) -> Iterator[
        Callable[[], tuple[dict[str, bytes], list[str]]]]:
    """Start drawing ``jobs``; yield a function that waits for ``draw_all``'s answer.

    With ``parallel`` (by default when there are two CPUs and the pictures have ``PARALLEL_NODES`` nodes or more)
    up to ``WORKERS`` child Pythons draw them meanwhile, a share of the jobs each (by nodes, the largest first to
    the least loaded); else they are drawn here when asked for. The children are killed if the caller leaves early.
    """
    from kg.limits import cpus

    if parallel is None:
        parallel = cpus() >= 2 and sum(len(job[0].graph) for job in jobs) >= PARALLEL_NODES
    if not jobs or not parallel:
        yield lambda: draw_all(jobs)
        return
    with tempfile.TemporaryDirectory(prefix="kg-pictures-") as tmp, contextlib.ExitStack() as stack:
        children = [stack.enter_context(_child(Path(tmp) / str(i), share)) for i, share in enumerate(_shares(jobs))]

        def wait() -> tuple[dict[str, bytes], list[str]]:
            files: dict[str, bytes] = {}
            warnings: list[str] = []
            for child in children:
                drawn, said = child()
                files |= drawn
                warnings += [w for w in said if w not in warnings]
            return files, warnings

        yield wait


WORKERS = 2


def _shares(jobs: Sequence[Job]) -> list[list[Job]]:
    """The jobs shared out by nodes, the largest first, each to the least loaded of up to ``WORKERS`` children.

    >>> import networkx as nx
    >>> nets = [Network("themes", s, (), nx.path_graph(n), nx.Graph()) for s, n in (("a", 5), ("b", 9), ("c", 3))]
    >>> [[job[0].scope for job in share] for share in _shares([(net, "en", "", "", {}) for net in nets])]
    [['b'], ['a', 'c']]
    """
    shares: list[list[Job]] = [[] for _ in range(min(WORKERS, len(jobs)))]
    load = [0] * len(shares)
    for job in sorted(jobs, key=lambda job: -len(job[0].graph)):
        i = load.index(min(load))
        shares[i].append(job)
        load[i] += len(job[0].graph)
    return shares


@contextlib.contextmanager
def _child(folder: Path, jobs: list[Job]) -> Iterator[Callable[[], tuple[dict[str, bytes], list[str]]]]:
    """A child Python drawing ``jobs`` (pickled into ``folder``); yields a function that waits for its answer."""
    from kg.workers import child_env

    folder.mkdir()
    given, answer = folder / "jobs.pickle", folder / "pictures.pickle"
    given.write_bytes(pickle.dumps(jobs, protocol=pickle.HIGHEST_PROTOCOL))
    child = subprocess.Popen([sys.executable, "-m", "kg.network.pictures", str(given), str(answer)],  # noqa: S603
                             env=child_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)

    def wait() -> tuple[dict[str, bytes], list[str]]:
        _, err = child.communicate()
        if child.returncode != 0:
            tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise KGError(f"the pictures worker failed (exit {child.returncode}): {tail[0]}")
        drawn: tuple[dict[str, bytes], list[str]] = pickle.loads(answer.read_bytes())  # noqa: S301 (its own)
        return drawn

    try:
        yield wait
    finally:
        if child.returncode is None:  # not waited for: the caller left early
            child.kill()
            child.communicate()


def _serve(given: Path, answer: Path) -> None:
    """The child's side: draw the jobs in ``given``, pickle ``draw_all``'s answer into ``answer``."""
    jobs = pickle.loads(given.read_bytes())  # noqa: S301 (written by the parent, in its private folder)
    answer.write_bytes(pickle.dumps(draw_all(jobs), protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _serve(Path(sys.argv[1]), Path(sys.argv[2]))
