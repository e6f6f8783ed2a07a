"""Where a cold ``kg build`` spends its CPU: each phase of ``build_and_validate`` in a workspace, timed.

The build record and the ready store are removed first (a cold build, as ``perf.py``'s build row); each phase is
printed with its wall time, this process's CPU time and its children's (the build's forked workers, the store's
maker: counted once they have exited), and the load average.

    python benchmarks/profile_build.py benchmarks/work/perf-M
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


class Phases:
    """Prints the time since the last mark: wall, this process's CPU, its exited children's CPU."""

    def __init__(self) -> None:
        self.last = self._now()

    @staticmethod
    def _now() -> tuple[float, float, float]:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), time.process_time(), children.ru_utime + children.ru_stime

    def mark(self, name: str) -> None:
        now = self._now()
        wall, cpu, children = (b - a for a, b in zip(self.last, now, strict=True))
        print(f"{name:28s} wall {wall:7.2f} s  cpu {cpu:6.2f} s  children {children:6.2f} s  "
              f"load {os.getloadavg()[0]:.1f}", flush=True)
        self.last = now


def _timed(phases: Phases, work: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``work`` that marks the phase ``name`` when it returns."""
    def timed(*args: Any, **kwargs: Any) -> Any:
        out = work(*args, **kwargs)
        phases.mark(name)
        return out
    return timed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path, help="a folder with data/sources (e.g. benchmarks/work/perf-M)")
    args = parser.parse_args(argv)
    os.chdir(args.workspace)
    for cold in (Path("data/.kg.ttl.parts"), Path("data/.kg.ttl.store")):
        shutil.rmtree(cold) if cold.is_dir() else cold.unlink(missing_ok=True)
    phases = Phases()
    import kg.build.corpus
    import kg.validate.run
    from kg.buildstep import build_and_validate
    from kg.paths import SOURCES_DIR

    phases.mark("start and imports")
    for module, name in ((kg.build.corpus, "build_graph"), (kg.validate.run, "validate_turtle")):
        setattr(module, name, _timed(phases, getattr(module, name), name))
    built = build_and_validate([SOURCES_DIR], Path("data/kg.ttl"))
    phases.mark("store, graph and record")
    print(f"{built.result.triples} triples, conforms {built.report.conforms}, {len(built.report.results)} results")


if __name__ == "__main__":
    main()
