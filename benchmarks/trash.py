"""A benchmark's outputs set aside between runs and removed when every row is done (``benchmarks/perf.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["TRASH", "empty_trash", "set_aside"]

#: where a row's outputs are moved before the next run, removed when every row is done (``run_scale``)
TRASH = ".perf-trash"


def set_aside(path: Path, trash: Path) -> None:
    """Move ``path`` (a run's output) into ``trash`` instead of deleting it now.

    A file system without a journal (ext4 made so, as on the benchmark machine) will not give a new file an inode
    freed in the last 5 s, or 300 s while its inode table block is dirty, and checks each candidate's table block:
    so a run that writes 650,000 files just after 650,000 were deleted spends 3× the system time (92 against 30
    CPU-s for ``kg site`` at M, ``recently_deleted`` at the top of a kernel profile). Deleting between runs would
    time the harness's deletion, not the command; so outputs are set aside and removed after the last row.
    """
    if not path.exists() and not path.is_symlink():
        return
    trash.mkdir(parents=True, exist_ok=True)
    path.replace(trash / path.name)


def empty_trash(ws: Path) -> None:
    """Remove what :func:`set_aside` moved away in ``ws``."""
    shutil.rmtree(ws / TRASH, ignore_errors=True)
