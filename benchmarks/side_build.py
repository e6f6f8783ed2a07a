"""Build speed side by side: ``kg.build.corpus.build`` of two checkouts over the same texts, alternated.

    python benchmarks/side_build.py OLD_TREE NEW_TREE SOURCES_DIR [--rounds 3]

Each run is a fresh process with the tree first on ``PYTHONPATH``; the reference tables are loaded before the clock
starts (as ``benchmarks/run.py``'s build step does), so the figure is extraction, graph and Turtle, validation aside.
Prints each run and the medians in reports per second.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

_CHILD = """
import json, sys, tempfile, time
from pathlib import Path
from kg.build.corpus import build
from kg.ingest.reference import load_reference
load_reference()
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
out = Path(tempfile.mkdtemp()) / "kg.ttl"
t = time.perf_counter()
build(paths, out)
print(json.dumps({"reports": len(paths), "seconds": time.perf_counter() - t}))
"""


def run(tree: Path, sources: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", _CHILD, str(sources)], capture_output=True, text=True, env=env,
                          cwd=tree, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return float(answer["reports"]) / float(answer["seconds"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("sources", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rates: dict[str, list[float]] = {"old": [], "new": []}
    for i in range(args.rounds):
        for name in ("old", "new") if i % 2 == 0 else ("new", "old"):
            rate = run(getattr(args, name), args.sources)
            rates[name].append(rate)
            print(f"round {i + 1} {name}: {rate:.0f} reports/s", flush=True)
    for name, values in rates.items():
        print(f"{name} median {statistics.median(values):.0f} reports/s ({', '.join(f'{v:.0f}' for v in values)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
