"""Bounds on Turtle, TriG, N-Triples and N-Quads bytes, checked before any parser sees them: nesting, token lengths.

A parser holds each token whole, and everything after it holds copies: a 60 MiB literal (under the file size limit)
took a reader to gigabytes. So the bytes are read here first, in one pass of a regular expression written not to
backtrack, and a file is refused with its line and column when it has

- ``[`` or ``(`` nested deeper than ``max_depth`` (outside strings, IRIs and comments);
- a literal longer than :data:`kg.limits.MAX_LITERAL` bytes as written (quotes included);
- an IRI written longer than :data:`kg.limits.MAX_IRI` bytes (``<...>``, or a prefixed name: a run of name
  characters outside strings; a long number counts the same);
- a line longer than :data:`kg.limits.MAX_LINE` bytes.

Only what can break a bound is tokenised: the whole file when it has a ``[``, a ``(`` or a triple quote (a string
that may span lines), else only its lines longer than ``MAX_IRI`` (found at C speed), since every token then lies
within one line. The work and memory are those of the bytes already read: nothing is copied or decoded.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import InputError
from kg.limits import MAX_IRI, MAX_LINE, MAX_LITERAL

__all__ = ["check_turtle", "place"]

_TOKENS = re.compile(  # possessive (*+): no backtracking state kept per byte or per escape (a string of 10 M
    # escapes took the plain regex to 1.2 GB); each string has one way to match, so none is lost
    rb'"""[^"\\]*+(?:(?:\\.|"(?!""))[^"\\]*+)*+"""'
    rb"|'''[^'\\]*+(?:(?:\\.|'(?!''))[^'\\]*+)*+'''"
    rb'|"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
    rb"|'[^'\\\n]*+(?:\\.[^'\\\n]*+)*+'"
    rb"|<[^>\x00-\x20]*>|#[^\n]*|[\[\]()]",
    re.DOTALL,
)
_NAME = rb"[^\x00-\x20\"'<>#\[\](),;{}]"
_LONG_NAME = re.compile(rb"(?<!%s)%s{%d}" % (_NAME, _NAME, MAX_IRI + 1))
_LONG_LINE = re.compile(rb"^[^\n]{%d}" % (MAX_LINE + 1), re.MULTILINE)
_CANDIDATE_LINE = re.compile(rb"^[^\n]{%d,}" % (MAX_IRI + 1), re.MULTILINE)


def place(data: bytes, offset: int, start: int = 0) -> tuple[int, int]:
    """1-based line and column (code points) of byte ``offset`` in ``data``, whose text begins at ``start``.

    >>> place("a\\nb江c".encode(), 6)
    (2, 3)
    """
    line = data.count(b"\n", start, offset) + 1
    line_start = max(data.rfind(b"\n", start, offset) + 1, start)
    return line, len(str(memoryview(data)[line_start:offset], "utf-8", "replace")) + 1


def check_turtle(data: bytes, path: Path, max_depth: int, start: int = 0) -> None:
    """Refuse ``data`` (Turtle-like bytes from ``start``, past a BOM) that breaks a bound; see the module."""
    whole = any(mark in data for mark in (b"[", b"(", b'"""', b"'''"))
    regions = [(start, len(data))] if whole else [m.span() for m in _CANDIDATE_LINE.finditer(data, start)]
    for begin, end in regions:
        _scan(data, begin, end, path, max_depth, start)
    line = _LONG_LINE.search(data, start)
    if line:
        raise _refusal(f"line longer than {MAX_LINE} bytes", data, line.start(), path, start)


def _scan(data: bytes, begin: int, end: int, path: Path, max_depth: int, start: int) -> None:
    depth = 0
    previous = begin
    for token in _TOKENS.finditer(data, begin, end):  # the loop's body is cheap: most tokens are short strings
        at, after = token.span()
        if at - previous > MAX_IRI:
            _check_names(data, previous, at, path, start)
        previous = after
        if after - at == 1:  # a bracket, or an empty comment
            char = data[at]
            if char in b"[(":
                depth += 1
                if depth > max_depth:
                    raise _refusal(f"nested deeper than {max_depth} brackets", data, at, path, start)
            elif char in b"])":
                depth = max(depth - 1, 0)
        elif after - at > MAX_IRI:
            char = data[at]
            if char == 0x3C:  # <
                raise _refusal(f"IRI longer than {MAX_IRI} bytes", data, at, path, start)
            if char != 0x23 and after - at > MAX_LITERAL:  # not a comment
                raise _refusal(f"literal longer than {MAX_LITERAL} bytes ({after - at} bytes)", data, at, path,
                               start)
    if end - previous > MAX_IRI:
        _check_names(data, previous, end, path, start)


def _check_names(data: bytes, begin: int, end: int, path: Path, start: int) -> None:
    found = _LONG_NAME.search(data, begin, end)
    if found:
        raise _refusal(f"name or number longer than {MAX_IRI} bytes", data, found.start(), path, start)


def _refusal(message: str, data: bytes, offset: int, path: Path, start: int) -> InputError:
    line, column = place(data, offset, start)
    return InputError(message, path=path, line=line, column=column)
