"""Which files a build reads: the files named, and every readable file under each folder named, in name order."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.errors import InputError
from kg.sources.sniff import READABLE_SUFFIXES

__all__ = ["expand_sources"]


def expand_sources(given: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The source files ``given`` stands for, and a note for each folder about the files it left out.

    A file is taken as it is, whatever its name (its format is read from its bytes). A folder stands for every file
    under it, recursively, whose suffix is one of :data:`~kg.sources.sniff.READABLE_SUFFIXES`, sorted by its path
    relative to the folder; hidden files and folders (``.name``) and ``*.meta.json`` files are passed over, and other
    files are counted in the note. A folder with no readable file is an error.
    """
    files: list[Path] = []
    notes: list[str] = []
    for path in given:
        if not path.is_dir():
            files.append(path)
            continue
        found, skipped = _walk(path)
        if not found:
            raise InputError("no report files in this folder (.txt, .md, .html, .htm, .mhtml, .pdf, .docx)",
                             path=path)
        files += found
        if skipped:
            shown = ", ".join(p.relative_to(path).as_posix() for p in skipped[:3])
            more = f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""
            notes.append(f"{path}: {len(skipped)} files not in a report format were left out ({shown}{more})")
    return files, notes


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    found: list[Path] = []
    skipped: list[Path] = []
    for path in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix()):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts) or not path.is_file() or path.name.endswith(".meta.json"):
            continue
        (found if path.suffix.lower() in READABLE_SUFFIXES else skipped).append(path)
    return found, skipped
