"""Time ``kg run``'s queries stage alone, in a workspace, as ``kg.pipeline.run`` does it.

``kg run`` reads ``data/kg.ttl`` into memory, draws the networks, then (its "queries" stage) loads their metrics
beside the graph and answers every catalogue query without a parameter, writing one CSV (or Turtle) file each and
the tables again as one workbook. This does the same with the same library calls: the graph read (timed apart), the
networks' metrics taken from ``--network`` (drawn there first, untimed, if it has none), then the stage, timed
as ``kg run`` times it, with the workbook's share of it::

    cd WORKSPACE && PYTHONPATH=CHECKOUT python CHECKOUT/benchmarks/run_queries_stage.py --out /tmp/q

It prints one JSON line: ``read_s``, ``stage_s``, ``workbook_s``, ``answers``, ``rows`` (of the CSV answers, each
cut at ``kg run``'s limit of 10,000) and ``kg`` (the checkout whose code ran).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # after PYTHONPATH: a checkout given there is the one measured
    sys.path.append(str(ROOT))

__all__ = ["main", "metrics", "stage"]


class _Quiet:
    """An Echo that keeps nothing (the stage's lines are not what is measured)."""

    def say(self, text: str, nl: bool = True) -> None:
        pass

    def warn(self, text: str) -> None:
        pass


def metrics(network: Path) -> list[Path]:
    """The networks' metrics files in ``network``, drawn there first (``kg network``'s work) if there are none."""
    found = sorted(network.glob("*-metrics.ttl"))
    if found:
        return found
    from kg.pipeline import draw_networks
    from kg.query.dataset import open_dataset

    with open_dataset([], memory=True) as store:
        drawn = draw_networks(network, store, _Quiet())
    return sorted(p for p in drawn.files if p.name.endswith("-metrics.ttl"))


def stage(out: Path, network: Path) -> dict[str, Any]:
    """Read the workspace's graph into memory, then run ``kg run``'s queries stage into ``out`` (``out/queries/``
    and ``out/queries.xlsx``); the seconds of each and the workbook's share."""
    import kg
    import kg.query.workbook as workbook
    from kg.pipeline import answer_catalogue
    from kg.query.dataset import open_dataset

    files = metrics(network)
    spent = {"workbook": 0.0}
    make = workbook.workbook_bytes

    def timed_workbook(answers: Any) -> bytes:  # answer_catalogue imports it when called: this is what it gets
        start = time.perf_counter()
        try:
            return make(answers)
        finally:
            spent["workbook"] += time.perf_counter() - start

    workbook.workbook_bytes = timed_workbook  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        with open_dataset([], memory=True) as store:
            read = time.perf_counter()
            store.load(files)
            answers = answer_catalogue(out / "queries", _Quiet(), store=store)
            done = time.perf_counter()
    finally:
        workbook.workbook_bytes = make  # type: ignore[assignment]
    rows = 0
    for path in (out / "queries").glob("*.csv"):  # records, not lines: a cell may hold a line break
        with path.open(encoding="utf-8", newline="") as handle:
            rows += max(0, sum(1 for _ in csv.reader(handle)) - 1)
    return {"read_s": round(read - start, 2), "stage_s": round(done - read, 2),
            "workbook_s": round(spent["workbook"], 2),
            "answers": answers, "rows": rows, "kg": str(Path(kg.__file__).parent.parent)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("out"), help="where queries/ and queries.xlsx go")
    parser.add_argument("--network", type=Path, default=Path("out") / "network",
                        help="the networks' folder whose *-metrics.ttl are loaded (drawn there if missing)")
    parser.add_argument("--metrics-only", action="store_true", help="only draw the networks' metrics if missing")
    opts = parser.parse_args(argv)
    if opts.metrics_only:
        print(json.dumps({"metrics": [str(p) for p in metrics(opts.network)]}))
        return 0
    print(json.dumps(stage(opts.out, opts.network)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
