"""What ``kg add`` needs of the last build: every report's part, kept in one file beside the graph it made.

``kg build --out G`` writes ``.G.parts`` beside ``G`` (for ``data/kg.ttl``: ``data/.kg.ttl.parts``): the graph's
SHA-256, a key of what the parts depend on (govkg's version, the shipped reference tables, the user's own), and each
report's summary and part as the build made them. ``kg add`` reads it back, builds only the new reports, and puts
all of them together as a full build would. The file is a Python pickle written by govkg itself; like any cache it
must not come from someone else (see SECURITY.md). A graph changed since, other reference data or another version
is refused with what to do (build again).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError

if TYPE_CHECKING:
    from kg.build.corpus import BuildResult, Entry

__all__ = ["cache_key", "cache_path", "load_entries", "save_entries"]

_FORMAT = 1


def cache_path(graph: Path) -> Path:
    """Where the parts of the build that wrote ``graph`` are kept.

    >>> cache_path(Path("data/kg.ttl")).as_posix()
    'data/.kg.ttl.parts'
    """
    return graph.with_name(f".{graph.name}.parts")


def cache_key(user_files: Iterable[tuple[Path, str]]) -> str:
    """What every part depends on besides its source: govkg's version and the reference tables' checksums."""
    from kg import __version__
    from kg.paths import REFERENCE_DIR

    digest = hashlib.sha256(__version__.encode())
    for table in sorted(REFERENCE_DIR.glob("*.csv")):
        digest.update(table.name.encode() + hashlib.sha256(table.read_bytes()).digest())
    for path, sha in sorted(user_files, key=lambda f: (f[0].name, f[1])):
        digest.update(path.name.encode() + sha.encode())
    return digest.hexdigest()


def save_entries(graph: Path, result: BuildResult) -> None:
    """Keep ``result``'s parts beside ``graph`` (just written) for ``kg add``; nothing for a graph that is no file."""
    from kg.files import write_bytes

    target = Path(os.path.realpath(graph))
    if not target.is_file():  # /dev/stdout and the like
        return
    record = {"format": _FORMAT, "key": cache_key(result.reference_files),
              "graph": hashlib.sha256(result.data).hexdigest(), "entries": list(result.entries)}
    write_bytes(cache_path(target), pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))


def load_entries(graph: Path, user_files: Iterable[tuple[Path, str]]) -> list[Entry]:
    """The reports of the build that wrote ``graph``; refused when they cannot be used as they are."""
    target = Path(os.path.realpath(graph))
    cached = cache_path(target)
    again = f"build the graph again with kg build --out {graph} and every source"
    if not target.is_file():
        raise InputError(f"no graph to add to: {again}", path=graph)
    try:
        data = cached.read_bytes()
    except OSError as exc:
        raise InputError(f"no record of the build that wrote it ({cached.name} is missing): {again}",
                         path=graph) from exc
    try:
        record: dict[str, Any] = pickle.loads(data)  # noqa: S301  (govkg's own file beside the graph: SECURITY.md)
    except Exception as exc:  # a damaged or foreign file, whatever pickle makes of it
        raise InputError(f"the record of its build ({cached.name}) cannot be read: {again}", path=graph) from exc
    if not isinstance(record, dict) or record.get("format") != _FORMAT:
        raise InputError(f"the record of its build ({cached.name}) is of another govkg: {again}", path=graph)
    if record["graph"] != hashlib.sha256(target.read_bytes()).hexdigest():
        raise InputError(f"the graph was changed after its build, or by another build: {again}", path=graph)
    if record["key"] != cache_key(user_files):
        raise InputError(f"govkg or the reference tables changed since its build: {again}", path=graph)
    return list(record["entries"])
