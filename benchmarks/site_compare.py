"""Whether two site folders hold the same files with the same bytes (a change meant to be faster, not different)::

    PYTHONPATH=<main>     .venv/bin/python -m kg.cli site --out /tmp/site-main [--data GRAPH]
    PYTHONPATH=<checkout> .venv/bin/python -m kg.cli site --out /tmp/site-new  [--data GRAPH]
    .venv/bin/python benchmarks/site_compare.py /tmp/site-main /tmp/site-new

Prints one line (files compared, bytes) and, when they differ, the first differing files; exit status 1 then.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def files_of(folder: Path) -> set[str]:
    """Every file under ``folder``, as a path relative to it."""
    found = set()
    for root, _, names in os.walk(folder):
        for name in names:
            found.add(str((Path(root) / name).relative_to(folder)))
    return found


def compare(old: Path, new: Path, show: int = 10) -> tuple[int, list[str]]:
    """(bytes compared, the differences: files only in one folder or with other bytes)."""
    left, right = files_of(old), files_of(new)
    problems = [f"only in {old}: {name}" for name in sorted(left - right)]
    problems += [f"only in {new}: {name}" for name in sorted(right - left)]
    size = 0
    for name in sorted(left & right):
        a, b = (old / name).read_bytes(), (new / name).read_bytes()
        size += len(a)
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            problems.append(f"differs: {name} (sizes {len(a)} / {len(b)}, first at byte {at}: "
                            f"{a[max(0, at - 40):at + 40]!r} / {b[max(0, at - 40):at + 40]!r})")
        if len(problems) > show:
            break
    return size, problems


def main(argv: list[str]) -> int:
    """Compare the two folders named in ``argv``; 0 when every file is the same."""
    if len(argv) != 2:
        print("usage: site_compare.py OLD_SITE NEW_SITE", file=sys.stderr)
        return 2
    old, new = Path(argv[0]), Path(argv[1])
    size, problems = compare(old, new)
    print(f"{len(files_of(old))} / {len(files_of(new))} files, {size:,} bytes compared: "
          + ("the same" if not problems else f"{len(problems)}+ differences"))
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
