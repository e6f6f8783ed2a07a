"""A reference folder of the user's own: which tables it may hold, their checksums, and its problems."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.errors import InputError

__all__ = ["USER_TABLES", "ReferenceProblems", "user_files"]

USER_TABLES = ("jurisdictions.csv", "agencies.csv", "products.csv", "media.csv", "campaigns.csv", "translations.csv")
"""The tables a user's reference folder may hold (any of them): the line-up templates stay the shipped ones."""


def user_files(folder: Path) -> list[tuple[Path, str]]:
    """The tables in a user's reference folder, each with its SHA-256; any other ``.csv`` there is a problem."""
    if not folder.is_dir():
        raise InputError("no such reference folder", path=folder)
    problems = [InputError(f"not a table a reference folder may hold ({', '.join(USER_TABLES)})", path=p)
                for p in sorted(folder.iterdir()) if p.suffix == ".csv" and p.name not in USER_TABLES]
    if problems:
        raise ReferenceProblems(problems)
    return [(folder / name, hashlib.sha256((folder / name).read_bytes()).hexdigest())
            for name in USER_TABLES if (folder / name).is_file()]


class ReferenceProblems(InputError):
    """Every problem of a user's reference folder, one line each."""

    def __init__(self, problems: list[InputError]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
