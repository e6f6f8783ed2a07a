"""Typed errors raised by the library; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "InputError",
    "KGError",
    "QueryError",
    "StoreError",
    "ValidationError",
]


class KGError(Exception):
    """Base class of every error govkg raises on purpose."""

    exit_code = 2


class InputError(KGError):
    """A file or value given by the user cannot be used; says which and where.

    >>> str(InputError("not UTF-8", path=Path("a.txt"), line=3, column=7))
    'a.txt:3:7: not UTF-8'
    >>> str(InputError("empty file", path=Path("b.txt")))
    'b.txt: empty file'
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        offset: int | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.offset = offset
        super().__init__(self._render())

    def _render(self) -> str:
        where = str(self.path) if self.path is not None else ""
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        elif self.offset is not None:
            where += f" (character {self.offset})"
        return f"{where}: {self.message}" if where else self.message


class ValidationError(KGError):
    """The graph does not conform to the shapes (raised only where conformance is required)."""

    exit_code = 1


class QueryError(KGError):
    """A query cannot be parsed, bound, or is refused."""


class StoreError(KGError):
    """A store or endpoint cannot be reached or refused an operation."""
