"""Which networks get an SVG and a PNG, and drawing them in a child Python while this one writes the other files.

Drawing is the costliest output of a large network (matplotlib, 6 s of CPU for the 2,078 nodes of the M corpus's
network across campaigns) and depends on nothing the other files need, so on two CPUs it runs beside them. The
child is a plain ``python -m kg.network.pictures IN OUT``, as in :mod:`kg.network.parallel`: nothing is forked
from a process that may hold threads. It draws with the same code, so the bytes are the same.
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

__all__ = ["EVERY", "NONE", "PARALLEL_NODES", "Job", "draw_all", "pictured", "pictures_elsewhere"]

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
    a child Python draws them meanwhile; else they are drawn here when asked for. The child is killed if the
    caller leaves early.
    """
    from kg.limits import cpus

    if parallel is None:
        parallel = cpus() >= 2 and sum(len(job[0].graph) for job in jobs) >= PARALLEL_NODES
    if not jobs or not parallel:
        yield lambda: draw_all(jobs)
        return
    from kg.network.parallel import child_env

    with tempfile.TemporaryDirectory(prefix="kg-pictures-") as tmp:
        given, answer = Path(tmp) / "jobs.pickle", Path(tmp) / "pictures.pickle"
        given.write_bytes(pickle.dumps(list(jobs), protocol=pickle.HIGHEST_PROTOCOL))
        child = subprocess.Popen([sys.executable, "-m", "kg.network.pictures", str(given), str(answer)],  # noqa: S603
                                 env=child_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)

        def wait() -> tuple[dict[str, bytes], list[str]]:
            _, err = child.communicate()
            if child.returncode != 0:
                tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
                raise KGError(f"the pictures worker failed (exit {child.returncode}): {tail[0]}")
            drawn: tuple[dict[str, bytes], list[str]] = pickle.loads(answer.read_bytes())  # noqa: S301 (see above)
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
