"""Fill a new on-disk Oxigraph store, in a process of its own: ``python -m kg.query.make_store JOB`` (JSON).

RocksDB keeps process-wide background threads once a process has written a store; a process that forks after that
(``kg query``'s time-limited worker, a pool of workers) can hang in the child on the engine's locks. So govkg never
writes a store in its own process: :mod:`kg.query.ready` runs this module in a new interpreter, which loads the
files (the checked door for a user's files, the engine's bulk loader for the bytes a build just wrote, checked
against their SHA-256), compacts the store (``Store.optimize``) and exits. A refusal is printed as one JSON line
on stdout with exit code 2. ``start_maker``, ``wait_maker`` and ``stop_maker`` are the parent's side: start one,
wait for it, or stop it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError, StoreError

__all__ = ["main", "start_maker", "stop_maker", "wait_maker"]


def _fill(job: dict[str, object]) -> None:
    import pyoxigraph as ox

    from kg.rdf.load import load_into

    store = ox.Store(str(job["folder"]))
    for item in job["files"]:  # type: ignore[attr-defined]
        path = Path(item["path"])
        if item.get("sha256"):  # govkg's own build output, just written: the engine reads it unchecked
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != item["sha256"]:
                raise InputError("changed while its store was made", path=path)
            store.bulk_load(data, format=ox.RdfFormat.TURTLE)
        else:
            load_into(store, path, max_bytes=int(item["max_bytes"]), bulk=True)
    # Compact what the bulk loader wrote (RocksDB's optimize): every later look-up of a query reads fewer, sorted
    # files. At M it costs the maker ~1.2 CPU-s once and saves ~20 % of agencies-by-theme's engine time per query.
    store.optimize()
    store.flush()


BACKGROUND_NICE = 10
"""How much lower the priority of a maker started in the background is (``nice``: 0 the same, 19 the lowest)."""


def start_maker(folder: Path, files: Sequence[dict[str, Any]], *, background: bool = False) -> subprocess.Popen[str]:
    """Start filling ``folder`` in a new interpreter (this module; its docstring says why).

    ``background`` lowers the maker's priority by ``BACKGROUND_NICE`` (where there is ``os.nice``): it takes the
    CPU time the starting process leaves unused, not the time that process asks for.
    """
    from kg.workers import child_env

    job = json.dumps({"folder": str(folder), "files": list(files)})
    linux, nice = sys.platform == "linux", BACKGROUND_NICE if background and hasattr(os, "nice") else 0
    return subprocess.Popen([sys.executable, "-m", "kg.query.make_store", job], stdout=subprocess.PIPE,  # noqa: S603
                            stderr=subprocess.PIPE, text=True, env=child_env(),
                            preexec_fn=functools.partial(_in_child, linux, nice) if linux or nice else None)


def wait_maker(folder: Path, child: subprocess.Popen[str]) -> None:
    """Wait for the maker filling ``folder``; its refusal or failure raised here."""
    out, err = child.communicate()
    if child.returncode == 2 and out.strip():
        refusal = json.loads(out.strip().splitlines()[-1])
        path = refusal.pop("path")
        raise InputError(refusal.pop("message"), path=Path(path) if path else None, **refusal)
    if child.returncode != 0:
        last = (err.strip().splitlines() or [f"exit code {child.returncode}"])[-1]
        raise StoreError(f"{folder.parent}: the store could not be made ({last})")


def stop_maker(child: subprocess.Popen[str]) -> None:
    """Kill the maker ``child`` if it still runs, and reap it."""
    if child.poll() is None:
        child.kill()
        child.communicate()


def _in_child(linux: bool, nice: int) -> None:
    """In the maker, before it runs: on Linux, be killed with the process that started it; lower its priority."""
    if linux:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if nice:
        os.nice(nice)  # its threads (the engine's too) are made after this, so they inherit it


def main(argv: list[str]) -> int:
    """Run the job ``argv[0]`` (JSON: the folder, and each file with its size limit or its SHA-256); 0 when the
    store is filled, 2 (and the refusal) when not."""
    job = json.loads(argv[0])
    try:
        _fill(job)
    except InputError as exc:
        where = {"path": str(exc.path) if exc.path is not None else None, "line": exc.line, "column": exc.column,
                 "offset": exc.offset}
        print(json.dumps({"message": exc.message, **where}))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
