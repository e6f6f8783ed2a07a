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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError, KGError, StoreError
from kg.query.local import OxigraphStore
from kg.query.make_store import start_maker, stop_maker, wait_maker

__all__ = ["FORMAT", "POINTER", "made_from", "making_from_bytes", "open_ready", "store_home"]

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
    building = _new_building(home)
    try:
        _run_maker(building, files)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return _name_ready(home, building, sources)


def _new_building(home: Path) -> Path:
    """A new folder to make a store in (what a killed process left is removed first: the caller holds the lock)."""
    for stale in home.glob("building-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:  # the bytes a build handed to its maker
            stale.unlink(missing_ok=True)
    building = Path(tempfile.mkdtemp(prefix="building-", dir=home))
    mask = os.umask(0)
    os.umask(mask)
    building.chmod(0o777 & ~mask)  # mkdtemp's folder is private; the store is as readable as the graph's folder
    return building


def _name_ready(home: Path, building: Path, sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Rename the complete store in ``building`` to ``store-*`` and name it in ``current.json``."""
    try:
        (building / _IN_USE).touch()
        ready = building.with_name("store-" + building.name.removeprefix("building-"))
        building.rename(ready)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return _point(home, ready.name, sources)


def _point(home: Path, store: str, sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Name ``store`` the ready one, made from ``sources``, and remove the others no process has open."""
    from kg.files import write_text

    pointer = {"format": FORMAT, "engine": _engine(), "store": store, "sources": sources}
    write_text(home / POINTER, json.dumps(pointer, ensure_ascii=False, indent=1) + "\n")
    _remove_unused(home, keep=store)
    return pointer


def _run_maker(folder: Path, files: Sequence[dict[str, Any]]) -> None:
    """Fill ``folder`` in a new interpreter and wait for it; its refusal raised here."""
    wait_maker(folder, start_maker(folder, files))


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


@contextlib.contextmanager
def making_from_bytes(graph: Path, data: bytes, *, background: bool = False) -> Iterator[Callable[[], Path | None]]:
    """Start making ``graph``'s ready store from ``data``, the bytes a build is about to write there, in a new
    interpreter (the engine's bulk loader: they are govkg's own).

    Yields ``finish``: called once ``graph`` holds ``data``, it waits for the store, names it ready and returns its
    folder (None for a graph that is no regular file, ``/dev/stdout``); a failure to make it is raised there, not
    before. Leaving without calling it (the graph not written) stops the maker and removes what it made. A store
    already made from the same bytes is kept, not made again (a build that changed nothing). ``background`` starts
    the maker at a lower priority (:func:`kg.query.make_store.start_maker`), for work to be done beside it.
    """
    target = Path(os.path.realpath(graph))
    if target.exists() and not target.is_file():
        yield lambda: None
        return
    home, sha = store_home(target), hashlib.sha256(data).hexdigest()
    with contextlib.ExitStack() as stack:
        failed: BaseException | None = None
        kept, building, child = None, None, None
        try:
            _prepare_home(home)
            stack.enter_context(_exclusive(home / ".lock"))  # held until the store is named or removed
            pointer = _read_pointer(home)
            if _fresh(home, pointer, [target]) and pointer is not None and pointer["sources"][0]["sha256"] == sha:
                kept = pointer["store"]
            else:
                building = _new_building(home)
                stack.callback(shutil.rmtree, building, ignore_errors=True)  # gone once renamed
                staged = building.with_suffix(".ttl")
                stack.callback(staged.unlink, missing_ok=True)
                staged.write_bytes(data)
                child = start_maker(building, [{"path": str(staged), "sha256": sha}], background=background)
                stack.callback(stop_maker, child)
        except (KGError, OSError) as exc:
            failed = exc

        def finish() -> Path | None:
            if failed is not None:
                raise failed if isinstance(failed, KGError) else StoreError(f"{home}: cannot make the store ({failed})")
            sources = [_record(target, sha)]
            if building is not None and child is not None:
                wait_maker(building, child)
                _name_ready(home, building, sources)
            elif kept is not None:
                _point(home, kept, sources)  # the same store, the graph's file written again
            return home

        yield finish
