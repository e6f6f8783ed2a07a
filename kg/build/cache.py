"""What the last build made, kept beside its graph: every report's part, and the graph's validation report.

``kg build --out G`` writes ``.G.parts`` beside ``G`` (for ``data/kg.ttl``: ``data/.kg.ttl.parts``): the graph's
SHA-256, a key of what the parts depend on (govkg's version and code, the shipped ontology, shapes, queries and
reference tables, the user's own tables), each report's summary and part as the build made them (with the key of
what it was built from, :func:`job_key`), and the graph's validation report. ``kg add`` reads it back, builds only
the new reports, and puts all of them together as a full build would; ``kg build`` reuses the part of every report
whose text, ``.meta.json`` and file are unchanged, and the validation report when the graph comes out the same
bytes. The file is a Python pickle written by govkg itself, so it is signed (HMAC-SHA-256) with a key of the user's
own (``build-record.key`` in :func:`kg.paths.user_cache`, made on first use, readable by the user alone): a record
written by someone else, or on another machine, is never unpickled (SECURITY.md). A graph changed since, other
reference data, another version or a record not signed by this user is refused with what to do (build again) by
``kg add``, and makes ``kg build`` start from nothing.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import json
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError

if TYPE_CHECKING:
    from kg.build.assemble import Job
    from kg.build.corpus import BuildResult, Entry
    from kg.validate.report import ValidationReport

__all__ = ["Record", "cache_key", "cache_path", "job_key", "load_entries", "reusable", "save_entries"]

_FORMAT = 2
_MAGIC = b"govkg build record\n"  # then one line of JSON (format, key, graph's SHA-256), then the pickled entries


def cache_path(graph: Path) -> Path:
    """Where the parts of the build that wrote ``graph`` are kept.

    >>> cache_path(Path("data/kg.ttl")).as_posix()
    'data/.kg.ttl.parts'
    """
    return graph.with_name(f".{graph.name}.parts")


@dataclass(frozen=True)
class Record:
    """The last build's record: its reports (``Entry``), and its graph's validation report with the engine used."""

    entries: list[Entry]
    report: ValidationReport | None = None
    engine: str | None = None
    graph: str = ""  # the graph's SHA-256


def cache_key(user_files: Iterable[tuple[Path, str]]) -> str:
    """What every part and the validation depend on besides the sources: govkg's version, its code, the shipped
    ontology, shapes, queries and reference tables, and the user's tables' checksums."""
    digest = hashlib.sha256(_shipped())
    for path, sha in sorted(user_files, key=lambda f: (f[0].name, f[1])):
        digest.update(path.name.encode() + sha.encode())
    return digest.hexdigest()


@functools.cache
def _shipped() -> bytes:
    """A digest of govkg itself (read once a process: ≈ 200 small files)."""
    from kg import __version__
    from kg.paths import CODE_DIR, ONTOLOGY_DIR, QUERIES_DIR, REFERENCE_DIR

    digest = hashlib.sha256(__version__.encode())
    files = [*CODE_DIR.rglob("*.py"), *ONTOLOGY_DIR.glob("*.ttl"), *QUERIES_DIR.glob("*.rq"),
             *REFERENCE_DIR.glob("*.csv")]
    for name, path in sorted((path.relative_to(CODE_DIR).as_posix(), path) for path in files):
        digest.update(name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def job_key(job: Job) -> str:
    """What a report's part is made from: its text, its ``.meta.json`` and what the graph records of its file.

    >>> from kg.build.assemble import Job
    >>> from kg.build.contract import ReportSource
    >>> source = ReportSource("a.txt", "0" * 64, None, "text/plain", 3, None, None, None, None, ())
    >>> job_key(Job("abc", {"year": 2022}, source)) == job_key(Job("abc", {"year": "2022"}, source))
    False
    """
    text = json.dumps([job.raw, job.meta, dataclasses.asdict(job.source)], sort_keys=True, ensure_ascii=False,
                      default=lambda o: [type(o).__name__, str(o)])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def save_entries(graph: Path, result: BuildResult, report: ValidationReport | None = None,
                 engine: str | None = None) -> None:
    """Keep ``result``'s parts beside ``graph`` (just written), and its validation ``report`` made by ``engine``;
    nothing for a graph that is no file."""
    from kg.files import write_bytes

    target = Path(os.path.realpath(graph))
    if not target.is_file():  # /dev/stdout and the like
        return
    body = pickle.dumps((list(result.entries), report, engine), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        mac = _sign(body, create=True)
    except OSError:  # no key of the user's can be kept: no record, so kg add asks for a build and kg build is cold
        cache_path(target).unlink(missing_ok=True)
        return
    header = {"format": _FORMAT, "key": cache_key(result.reference_files),
              "graph": hashlib.sha256(result.data).hexdigest(), "mac": mac}
    write_bytes(cache_path(target), _MAGIC + json.dumps(header).encode() + b"\n" + body)


def load_entries(graph: Path, user_files: Iterable[tuple[Path, str]]) -> list[Entry]:
    """The reports of the build that wrote ``graph``; refused when they cannot be used as they are."""
    return _load(graph, user_files).entries


def reusable(graph: Path, user_files: Iterable[tuple[Path, str]]) -> Record | None:
    """The record of the build that wrote ``graph``, or None when there is none this build can use."""
    try:
        return _load(graph, user_files)
    except InputError:
        return None


def _load(graph: Path, user_files: Iterable[tuple[Path, str]]) -> Record:
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
        raise InputError(f"govkg (its version, code or data) or the reference tables changed since its build: {again}",
                         path=graph)
    try:
        signed = hmac.compare_digest(str(header.get("mac")), _sign(body, create=False))
    except OSError:
        signed = False
    if not signed:
        raise InputError(f"the record of its build ({cached.name}) was not written by you on this machine: {again}",
                         path=graph)
    try:
        entries, report, engine = pickle.loads(body)  # noqa: S301  (govkg's own file beside the graph: SECURITY.md)
    except Exception as exc:  # a damaged file, whatever pickle makes of it
        raise InputError(f"the record of its build ({cached.name}) cannot be read: {again}", path=graph) from exc
    return Record(list(entries), report, engine, str(header["graph"]))


def _sign(body: bytes, *, create: bool) -> str:
    """The HMAC-SHA-256 of ``body`` with the user's key (made, readable by the user alone, when ``create``)."""
    from kg.paths import user_cache

    path = user_cache() / "build-record.key"
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        if not create:
            raise
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another build made it meanwhile
            key = path.read_bytes()
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(os.urandom(32))
            key = path.read_bytes()
    if len(key) < 32:
        raise OSError(f"{path}: not a key govkg made")
    return hmac.new(key, body, hashlib.sha256).hexdigest()
