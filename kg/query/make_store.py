"""Fill a new on-disk Oxigraph store, in a process of its own: ``python -m kg.query.make_store JOB`` (JSON).

RocksDB keeps process-wide background threads once a process has written a store; a process that forks after that
(``kg query``'s time-limited worker, a pool of workers) can hang in the child on the engine's locks. So govkg never
writes a store in its own process: :mod:`kg.query.ready` runs this module in a new interpreter, which loads the
files (the checked door for a user's files, the engine's bulk loader for the bytes a build just wrote, checked
against their SHA-256) and exits. A refusal is printed as one JSON line on stdout with exit code 2.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from kg.errors import InputError

__all__ = ["main"]


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
    store.flush()


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
