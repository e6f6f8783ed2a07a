"""Check that ``kg export`` writes the same bytes from two checkouts of govkg (say main and a branch).

    python benchmarks/same_bytes.py --other /path/to/main [--data data/kg.ttl] [--format nquads --format trig]

Each tree exports ``--data`` (copied into a scratch workspace as its ``data/kg.ttl``, govkg's own output, so no size
limit applies) with ``python -m kg.cli export``; every file of the two output folders (dumps and ``void.ttl``) must be
byte-identical. Prints one line per file and exits 1 on the first difference (2 for a bad argument).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def export(tree: Path, data: Path, formats: list[str], work: Path) -> Path:
    """The output folder of ``kg export`` run from ``tree`` over ``data``."""
    ws = work / tree.name
    (ws / "data").mkdir(parents=True)
    shutil.copyfile(data, ws / "data" / "kg.ttl")
    env = {**os.environ, "PYTHONPATH": str(tree)}
    args = [a for f in formats for a in ("--format", f)]
    done = subprocess.run([sys.executable, "-m", "kg.cli", "export", *args, "--out", str(ws / "out")], cwd=ws, env=env,
                          check=False, stdout=subprocess.DEVNULL)
    if done.returncode:
        raise SystemExit(f"same_bytes: kg export from {tree} failed (exit {done.returncode})")
    return ws / "out"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the other checkout (for example main's)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "kg.ttl", help="the graph to export")
    parser.add_argument("--format", dest="formats", action="append", default=[], help="a format; repeatable [all]")
    opts = parser.parse_args(argv)
    if not (opts.other / "kg" / "cli").is_dir() or not opts.data.is_file():
        print(f"same_bytes: no govkg checkout at {opts.other} or no file {opts.data}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ours = export(ROOT, opts.data, opts.formats, work / "a")
        theirs = export(opts.other.resolve(), opts.data, opts.formats, work / "b")
        names = sorted(p.name for p in ours.iterdir())
        if names != sorted(p.name for p in theirs.iterdir()):
            print(f"same_bytes: different files: {names} and {sorted(p.name for p in theirs.iterdir())}")
            return 1
        for name in names:
            same = (ours / name).read_bytes() == (theirs / name).read_bytes()
            print(f"{name}: {'same' if same else 'DIFFERENT'} ({(ours / name).stat().st_size} bytes)")
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
