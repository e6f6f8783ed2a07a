"""A query file: its ``#+`` header and text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError

__all__ = ["HeaderEntry", "QueryFile", "header_entries", "parse_header", "query_body", "read_query_file"]

_HEADER = re.compile(r"#\+\s*(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<value>.*)")


@dataclass(frozen=True)
class HeaderEntry:
    """One ``#+ key: value`` line: where it is, its key and its value (stripped)."""

    line: int
    key: str
    value: str


@dataclass(frozen=True)
class QueryFile:
    """A ``.rq`` file read whole: its path, text and header lines in order."""

    path: Path
    text: str = field(repr=False)
    entries: tuple[HeaderEntry, ...]

    @property
    def header(self) -> dict[str, str]:
        """The header as a dict (a key given twice keeps its last value)."""
        return {entry.key: entry.value for entry in self.entries}


def header_entries(text: str, *, path: Path | None = None, strict: bool = True) -> list[HeaderEntry]:
    """The ``#+ key: value`` lines at the top of a query file, up to its first line of SPARQL.

    Strict (the catalogue): blank lines and ``# comments`` may sit among the header lines, and a ``#+``
    line that is not ``key: value`` is an :class:`~kg.errors.InputError` naming ``path`` and the line.
    Lenient: the header ends at the first line that is neither blank nor ``#+ key: value``.

    >>> [(e.line, e.key, e.value) for e in header_entries("#+ summary: Two \\n# note\\n#+ tags: [a]\\nSELECT")]
    [(1, 'summary', 'Two'), (3, 'tags', '[a]')]
    >>> [e.key for e in header_entries("#+ summary: x\\n# note\\n#+ tags: [a]", strict=False)]
    ['summary']
    >>> header_entries("#+ oops\\nSELECT *", path=Path("q.rq"))
    Traceback (most recent call last):
    kg.errors.InputError: q.rq:1: malformed header line (want '#+ key: value')
    """
    entries: list[HeaderEntry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.fullmatch(line.rstrip())
        if match:
            entries.append(HeaderEntry(number, match.group("key"), match.group("value").strip()))
        elif strict and line.startswith("#+"):
            raise InputError("malformed header line (want '#+ key: value')", path=path, line=number)
        elif line.strip() and not (strict and line.startswith("#")):
            break
    return entries


def parse_header(text: str, *, strict: bool = False) -> dict[str, str]:
    """The header of a query file's text as a dict (lenient unless ``strict``; a repeated key keeps its last value).

    >>> parse_header("#+ summary: Two themes\\n#+ tags: [violation]\\n\\nSELECT * {}")["summary"]
    'Two themes'
    """
    return {entry.key: entry.value for entry in header_entries(text, strict=strict)}


def query_body(text: str) -> str:
    """The SPARQL of a query file without its ``#+`` header (and the blank and ``#`` lines among and after it).

    >>> query_body("#+ summary: Two\\n# note\\n#+ tags: [a]\\n\\nPREFIX x: <y:>\\nSELECT * {}\\n")
    'PREFIX x: <y:>\\nSELECT * {}\\n'
    >>> query_body("SELECT * {}")
    'SELECT * {}'
    """
    try:  # comment lines may sit among the header lines, as in the catalogue
        entries = header_entries(text)
    except InputError:
        entries = header_entries(text, strict=False)
    if not entries:
        return text
    lines = text.splitlines(keepends=True)[entries[-1].line:]
    while lines and (not lines[0].strip() or lines[0].startswith("#")):
        lines.pop(0)
    return "".join(lines)


def read_query_file(path: Path, *, strict: bool = True) -> QueryFile:
    """Read ``path`` (UTF-8) and its header; an unreadable file is an :class:`~kg.errors.InputError`.

    >>> from kg.paths import QUERIES_DIR
    >>> read_query_file(QUERIES_DIR / "agency-profile.rq").header["params"]
    '[agency]'
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read query: {exc}", path=path) from exc
    return QueryFile(path, text, tuple(header_entries(text, path=path, strict=strict)))
