"""Safe file writes: every output is written to a temporary file beside it, flushed, then renamed."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from kg.errors import KGError

__all__ = ["atomic_write", "check_writable", "write_bytes", "write_staged", "write_text"]


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``path``; on success it replaces ``path``, on failure ``path`` is untouched.

    The data is flushed and fsynced before the rename, and the folder after it, so a crash or a kill at any moment
    leaves either the old file or the new one, never a partial one. A symbolic link is kept and its target
    replaced. A target that is not a regular file (``/dev/stdout``, ``/dev/full``, a FIFO) cannot be renamed
    over, so it is written in place. Any ``OSError`` (a full disk, a read-only folder) becomes a ``KGError``
    naming the file.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_write(p) as f:
    ...     _ = f.write(b"new")
    >>> p.read_bytes()
    b'new'
    """
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        with _in_place(path, target) as handle:
            yield handle
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, _mode(target))
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(target)
        _fsync_folder(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _in_place(path: Path, target: Path) -> Iterator[IO[bytes]]:
    try:
        with target.open("wb") as handle:
            yield handle
            handle.flush()
    except OSError as exc:
        raise KGError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def _cannot_write(path: Path, exc: OSError) -> KGError:
    reason = _blocked(path) or exc.strerror or str(exc)
    kept = "; the previous file is kept" if Path(path).is_file() else ""
    return KGError(f"{path}: cannot write ({reason}){kept}")


def _blocked(path: Path) -> str | None:
    """Why no file can be made at ``path`` whatever is written: a file where a folder must be, a folder where the
    file must be, a folder that cannot be written in; ``None`` when nothing on the way stops it."""
    target = Path(os.path.realpath(path))
    if target.is_dir():
        return f"{target} is a folder"
    if target.exists():
        return None if os.access(target, os.W_OK) else f"{target} is not writable"
    folder = target.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is a file, not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    return None


def check_writable(path: Path) -> None:
    """Raise a ``KGError`` saying why, when ``path`` cannot be written; call it before long work that writes there.

    >>> import tempfile, pathlib
    >>> blocker = pathlib.Path(tempfile.mkdtemp()) / "a-file"
    >>> _ = blocker.write_text("x")
    >>> check_writable(blocker / "kg.ttl")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.KGError: .../a-file/kg.ttl: cannot write (.../a-file is a file, not a folder)
    """
    reason = _blocked(path)
    if reason:
        raise KGError(f"{path}: cannot write ({reason})")


def _mode(target: Path) -> int:
    """The existing file's permissions, else the usual ones for a new file (0666 less the umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path) as handle:
        handle.write(data)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))


def write_staged(folder: Path, files: Iterable[tuple[str, bytes]]) -> int:
    """Write ``files`` (relative path, bytes) into ``folder``, a private staging folder swapped in whole later.

    Inside such a folder a temporary file and two fsyncs per file (what :func:`write_bytes` does, ≈ 3 ms each)
    guard nothing the swap does not already guard, and a site has five files per resource: each file is written
    plainly, and one ``sync`` at the end makes them all durable before the caller swaps the folder in. An
    ``OSError`` becomes a ``KGError`` naming the file; the caller removes the folder. Returns the file count.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> write_staged(root, [("a/b.txt", b"1"), ("c.txt", b"2")]), (root / "a" / "b.txt").read_bytes()
    (2, b'1')
    """
    count = 0
    made: set[Path] = set()
    for rel, data in files:
        path = folder / rel
        try:
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
        except OSError as exc:
            raise KGError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        count += 1
    if hasattr(os, "sync"):
        os.sync()
    return count
