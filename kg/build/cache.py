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
import json
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
_MAGIC = b"govkg build record\n"  # then one line of JSON (format, key, graph's SHA-256), then the pickled entries


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
    header = {"format": _FORMAT, "key": cache_key(result.reference_files),
              "graph": hashlib.sha256(result.data).hexdigest()}
    body = pickle.dumps(list(result.entries), protocol=pickle.HIGHEST_PROTOCOL)
    write_bytes(cache_path(target), _MAGIC + json.dumps(header).encode() + b"\n" + body)


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
    line, _, body = data.removeprefix(_MAGIC).partition(b"\n")
    try:
        header: dict[str, Any] = json.loads(line) if data.startswith(_MAGIC) else {}
    except ValueError:
        header = {}
    if not isinstance(header, dict) or header.get("format") != _FORMAT:
        raise InputError(f"the record of its build ({cached.name}) is not one this govkg reads: {again}", path=graph)
    # checked before anything is unpickled: the record must be the one written with this very graph
    if header.get("graph") != hashlib.sha256(target.read_bytes()).hexdigest():
        raise InputError(f"the graph was changed after its build, or by another build: {again}", path=graph)
    if header.get("key") != cache_key(user_files):
        raise InputError(f"govkg or the reference tables changed since its build: {again}", path=graph)
    try:
        entries: list[Entry] = pickle.loads(body)  # noqa: S301  (govkg's own file beside the graph: SECURITY.md)
    except Exception as exc:  # a damaged file, whatever pickle makes of it
        raise InputError(f"the record of its build ({cached.name}) cannot be read: {again}", path=graph) from exc
    return list(entries)
