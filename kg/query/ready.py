"""A ready store: an on-disk Oxigraph store made once from a graph's files and opened read-only by every query.

``kg build`` leaves one beside the graph it writes (``data/.kg.ttl.store/`` for ``data/kg.ttl``), and ``kg query``
makes it when it is missing or stale, so a query opens a store instead of parsing the Turtle. A store folder
(the *home*) holds::

    current.json     what the ready store was made from: each file's path, size, mtime, inode and SHA-256,
                     and the engine's version; written atomically, and only once the store it names is complete
    store-XXXX/      the Oxigraph store it names (older ones are removed once no process has them open)
    .lock            held while a store is made, so two processes never make one at once

A store is fresh when every recorded file has the same size, mtime and inode (the cheap check) or, failing that,
the same SHA-256 (read only when the cheap check fails), and the engine is the same version. A store is made in
``building-XXXX/``, closed, renamed to ``store-XXXX/`` and only then named in ``current.json``: a reader follows
``current.json`` alone, so an interrupted build leaves garbage (removed by the next build) but never a store that
looks ready. Readers hold a shared ``flock`` on the store's ``.in-use`` file; a store is removed only under an
exclusive one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError, StoreError
from kg.query.local import OxigraphStore

__all__ = ["FORMAT", "POINTER", "made_from", "make_from_bytes", "open_ready", "store_home"]

FORMAT = 1
POINTER = "current.json"
_IN_USE = ".in-use"


def store_home(graph: Path) -> Path:
    """The folder of ``graph``'s ready store.

    >>> store_home(Path("data/kg.ttl")).as_posix()
    'data/.kg.ttl.store'
    """
    return graph.with_name(f".{graph.name}.store")


def _engine() -> str:
    import pyoxigraph

    return f"pyoxigraph {pyoxigraph.__version__}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _record(path: Path, sha256: str | None = None) -> dict[str, Any]:
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino,
            "sha256": sha256 or _sha256(path)}


def _read_pointer(home: Path) -> dict[str, Any] | None:
    try:
        pointer: dict[str, Any] = json.loads((home / POINTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return pointer if isinstance(pointer, dict) and pointer.get("format") == FORMAT else None


def made_from(home: Path) -> list[Path] | None:
    """The files the store in ``home`` was made from, or None when ``home`` holds no store govkg made."""
    pointer = _read_pointer(home)
    return None if pointer is None else [Path(s["path"]) for s in pointer["sources"]]


def _fresh(home: Path, pointer: dict[str, Any] | None, paths: Sequence[Path]) -> bool:
    """Whether ``pointer`` names a store made from exactly ``paths`` as they are now, by this engine."""
    if pointer is None or pointer.get("engine") != _engine():
        return False
    if not (home / pointer["store"] / _IN_USE).is_file():  # removed by hand: make it again
        return False
    recorded = pointer["sources"]
    if [s["path"] for s in recorded] != [str(p.resolve()) for p in paths]:
        return False
    for source, path in zip(recorded, paths, strict=True):
        try:
            st = path.stat()
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns, st.st_ino) == (source["size"], source["mtime_ns"], source["inode"]):
            continue
        if st.st_size != source["size"] or _sha256(path) != source["sha256"]:
            return False
    return True


@contextlib.contextmanager
def _exclusive(path: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive ``flock`` on ``path`` (created if missing); yields False when ``wait`` is off and it is
    held elsewhere. Where there is no ``flock`` (Windows) it yields True and locks nothing."""
    try:
        import fcntl
    except ImportError:
        yield True
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _make(home: Path, files: Sequence[dict[str, Any]], sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Make a store of ``files`` (jobs for :mod:`kg.query.make_store`) in ``home`` and name it ready."""
    from kg.files import write_text

    for stale in home.glob("building-*"):  # left by a process killed while it made a store (we hold the lock)
        shutil.rmtree(stale, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix="building-", dir=home))
    mask = os.umask(0)
    os.umask(mask)
    building.chmod(0o777 & ~mask)  # mkdtemp's folder is private; the store is as readable as the graph's folder
    try:
        _run_maker(building, files)
        (building / _IN_USE).touch()
        ready = building.with_name("store-" + building.name.removeprefix("building-"))
        building.rename(ready)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    pointer = {"format": FORMAT, "engine": _engine(), "store": ready.name, "sources": sources}
    write_text(home / POINTER, json.dumps(pointer, ensure_ascii=False, indent=1) + "\n")
    _remove_unused(home, keep=ready.name)
    return pointer


def _run_maker(folder: Path, files: Sequence[dict[str, Any]]) -> None:
    """Fill ``folder`` in a new interpreter (see :mod:`kg.query.make_store` for why); its refusal raised here."""
    import subprocess
    import sys

    import kg

    job = json.dumps({"folder": str(folder), "files": list(files)})
    root = str(Path(kg.__file__).resolve().parents[1])  # this very govkg, wherever the child starts
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "kg.query.make_store", job], capture_output=True, text=True,  # noqa: S603
                          check=False, env=env, preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    if done.returncode == 2 and done.stdout.strip():
        refusal = json.loads(done.stdout.strip().splitlines()[-1])
        path = refusal.pop("path")
        raise InputError(refusal.pop("message"), path=Path(path) if path else None, **refusal)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        raise StoreError(f"{folder.parent}: the store could not be made ({last})")


def _die_with_parent() -> None:
    """In the maker (Linux): be killed with the process that started it."""
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def _remove_unused(home: Path, keep: str) -> None:
    """Remove the stores ``current.json`` no longer names, except those a process still has open."""
    for old in home.glob("store-*"):
        if old.name == keep:
            continue
        with _exclusive(old / _IN_USE, wait=False) as free:
            if free:
                shutil.rmtree(old, ignore_errors=True)


def _open(home: Path, pointer: dict[str, Any]) -> OxigraphStore | None:
    """The store ``pointer`` names, opened read-only with a shared lock held; None if it was removed meanwhile."""
    folder = home / pointer["store"]
    try:
        fd = os.open(folder / _IN_USE, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_SH)
    except ImportError:
        pass
    if not (folder / _IN_USE).exists():  # removed while we waited for the lock
        os.close(fd)
        return None
    try:
        return OxigraphStore(folder, read_only=True, hold=fd)
    except BaseException:
        os.close(fd)
        raise


def _prepare_home(home: Path) -> None:
    """Create ``home``; refuse a folder with other things in it that is no store govkg made."""
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{home}: cannot create the store folder ({exc.strerror or exc})") from exc
    if not home.is_dir():
        raise InputError("not a folder", path=home)
    ours = (".lock", POINTER, "building-", "store-")  # a store being made, or one left by a kill, is ours
    if _read_pointer(home) is None and any(not p.name.startswith(ours) for p in home.iterdir()):
        raise InputError("holds files but no store govkg made (no current.json): remove it or name a new folder",
                         path=home)


def open_ready(home: Path, paths: Sequence[Path], max_bytes: Sequence[int]) -> OxigraphStore:
    """The ready store in ``home`` holding exactly ``paths``, opened read-only; made when missing or stale, each
    file read through the checked door with its size limit in ``max_bytes`` (another process making it at the same
    time is waited for)."""
    _prepare_home(home)
    files = [{"path": str(p), "max_bytes": limit} for p, limit in zip(paths, max_bytes, strict=True)]

    for _ in range(5):
        pointer = _read_pointer(home)
        if not _fresh(home, pointer, paths):
            try:
                with _exclusive(home / ".lock"):
                    pointer = _read_pointer(home)
                    if not _fresh(home, pointer, paths):
                        pointer = _make(home, files, [_record(p) for p in paths])
            except OSError as exc:
                raise StoreError(f"{home}: cannot make the store ({exc.strerror or exc})") from exc
        store = None if pointer is None else _open(home, pointer)
        if store is not None:
            return store
    raise StoreError(f"{home}: the store kept changing while it was opened; try again")


def make_from_bytes(graph: Path, data: bytes) -> Path | None:
    """Make ``graph``'s ready store from ``data``, the bytes govkg's build just wrote to it (trusted, so the
    engine's own bulk loader reads them); None for a graph that is no regular file (``/dev/stdout``)."""
    target = Path(os.path.realpath(graph))
    if not target.is_file():
        return None
    home = store_home(target)
    _prepare_home(home)
    record = _record(target, hashlib.sha256(data).hexdigest())
    try:
        with _exclusive(home / ".lock"):
            _make(home, [{"path": str(target), "sha256": record["sha256"]}], [record])
    except OSError as exc:
        raise StoreError(f"{home}: cannot make the store ({exc.strerror or exc})") from exc
    return home
