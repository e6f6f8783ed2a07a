"""Folders written as one set of files: staged beside the target under a lock, then swapped in by one exchange.

A set of files that describe each other (an export's dumps and the VoID that gives their checksums; a site's pages
and links) is consistent only as a whole, so no file of it is written in place. :func:`staged_folder` gives a new
folder beside the target (``.NAME.stage-XXXX``); when the caller is done, everything in it is made durable (one
``syncfs`` of its file system) and the folder takes the target's place with one ``renameat2(RENAME_EXCHANGE)``: at
every instant a reader sees the whole old set or the whole new one, never a mix, and never no folder. (Where that
call is missing, two renames: the target is briefly absent, never mixed; a run killed between them is undone by the
next run.) A failure or a kill leaves the old set as it was.

A lock file beside the target (``.NAME.lock``, ``flock``) lets one run at a time write it: a second run is refused
in one line rather than writing over the first, and only the run that holds the lock removes staging folders left
by killed runs (which hold no lock, since a kill releases it), so two runs never delete each other's folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KGError

__all__ = ["staged_folder"]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextlib.contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield a new empty folder beside ``target``; when the block ends without error it replaces ``target`` whole.

    Any ``OSError`` (a read-only or full disk) becomes a one-line ``KGError`` naming ``target``; the old folder is
    kept. Staging folders of killed runs are removed first. A symbolic link is followed (the folder it leads to is
    replaced); a target that is a file, a mount point, the root or holds the current folder is refused in one line.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with staged_folder(out) as stage:
    ...     _ = (stage / "a.txt").write_text("1")
    >>> sorted(p.name for p in out.iterdir()), sorted(p.name for p in out.parent.iterdir())
    (['a.txt'], ['.out.lock', 'out'])
    """
    folder = _own_folder(target)  # what is written; messages name ``target`` as the user gave it
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        lock = os.open(folder.parent / f".{folder.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    try:
        _hold(lock, target)
        _clean(folder)
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.stage-", dir=folder.parent))
            staging.chmod(_mode(folder))  # mkdtemp's 0700 would hide the files from a web server's user
        except OSError as exc:
            raise _cannot_write(target, exc) from exc
        try:
            yield staging
            _sync(staging)
            _swap(staging, folder)
        except OSError as exc:
            raise _cannot_write(target, exc) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # the new set if it failed, the old one after the exchange
    finally:
        os.close(lock)  # releases the lock


def _own_folder(target: Path) -> Path:
    """``target`` with its symbolic links resolved (the folder they lead to is the one replaced, not the link);
    refused when it is the root or holds the current folder, which a swap would pull from under the user."""
    resolved = target.resolve()
    try:
        here = Path.cwd().resolve()
    except OSError:  # the current folder was removed: nothing to pull from under anyone
        here = None
    if resolved == resolved.parent or (here is not None and here.is_relative_to(resolved)):
        raise KGError(f"{target}: holds the current folder; give a folder of its own (it is replaced whole)")
    if resolved.exists() and not resolved.is_dir():
        raise KGError(f"{target}: exists and is not a folder")
    if resolved.is_mount():  # a mount point cannot be renamed (EBUSY): the set could never be swapped in
        raise KGError(f"{target}: is a mount point, which cannot be replaced whole; give a folder inside it")
    return resolved


def _mode(target: Path) -> int:
    """The permissions the new folder gets: the old folder's, else a new folder's under the umask."""
    with contextlib.suppress(OSError):
        return target.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _hold(lock: int, target: Path) -> None:
    import fcntl

    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise KGError(f"{target}: another kg run is writing it now; try again when it has finished") from None
    except OSError:
        return  # a file system without locks: write as before
    os.ftruncate(lock, 0)
    os.write(lock, f"{os.getpid()}\n".encode())


def _clean(target: Path) -> None:
    """Remove what killed runs left beside ``target``; put back an old folder a kill caught between two renames."""
    old = target.with_name(f".{target.name}.old")
    if not target.exists() and old.is_dir():
        old.replace(target)
    legacy = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}")  # staging of kg site before this module
    left = [p for p in target.parent.glob(f".{target.name}.*") if p.name.startswith(f".{target.name}.stage-")
            or (legacy.fullmatch(p.name) and ((p / "id").is_dir() or (p / ".govkg-site").is_file()))]
    for stale in [old, *left]:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target`` (the old folder ends up at ``staging``), in one step where the system can."""
    if not target.exists():
        staging.replace(target)
        return
    if _exchange(staging, target):
        return
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    target.replace(old)
    staging.replace(target)
    old.replace(staging)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's ``renameat2``; False where it is not available."""
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _sync(folder: Path) -> None:
    """Make everything written on ``folder``'s file system durable: Linux's ``syncfs`` (that file system only, not
    every disk's pending writes as ``sync`` would wait for), else ``sync``."""
    try:
        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        call = None
    if call is not None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            if call(fd) == 0:
                return
        finally:
            os.close(fd)
    if hasattr(os, "sync"):
        os.sync()


def _cannot_write(target: Path, exc: OSError) -> KGError:
    return KGError(f"{target}: cannot write ({exc.strerror or exc}); the previous files are kept")
