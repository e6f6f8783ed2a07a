"""Typed errors raised by the library; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "SHOWN_CHARS",
    "InputError",
    "KGError",
    "QueryError",
    "StoreError",
    "ValidationError",
    "did_you_mean",
    "shown",
]

SHOWN_CHARS = 80
"""How much of a value a user gave an error message quotes."""


def shown(value: str, limit: int = SHOWN_CHARS) -> str:
    """``value`` quoted for an error message, cut to ``limit`` characters with "…" and its length when longer.

    >>> shown("agency")
    "'agency'"
    >>> shown("x" * 20_000, limit=5)
    "'xxxx…' (20000 characters)"
    """
    if len(value) <= limit:
        return repr(value)
    return f"{value[: limit - 1] + '…'!r} ({len(value)} characters)"


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


def did_you_mean(given: str, choices: list[str] | tuple[str, ...]) -> str:
    """``"; did you mean 'x'?"`` naming the choice closest to ``given`` (difflib), or ``""`` when none is close.

    >>> did_you_mean("agncy", ["agency", "theme"]), did_you_mean("zzz", ["agency"])
    ("; did you mean 'agency'?", '')
    """
    import difflib

    close = difflib.get_close_matches(given[:200], choices, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
