"""Theme sections of a report: its numbered headings (``一、`` or ``(一)``, mid-line too) and the body each heads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kg.ingest.mentions import Mention
    from kg.ingest.topics import TopicRecord

__all__ = ["NUMERALS", "ThemeRecord", "chinese_number", "find_themes"]


@dataclass(frozen=True)
class ThemeRecord:
    """A numbered theme section: its number in the report and the span of its heading text."""

    number: int
    start: int
    end: int
    body_end: int
    topics: tuple[TopicRecord, ...] = ()  # set by extraction, once its activities are known


NUMERALS = "一二三四五六七八九十"
_BRACKETED = re.compile(rf"[(（]([{NUMERALS}]{{1,3}})[)）]")
_ENUMERATED = re.compile(rf"(?m)^[ \t\u3000]*([{NUMERALS}]{{1,3}})[、．.](?!\d)")
_INLINE = re.compile(rf"(?<![{NUMERALS}第])([{NUMERALS}]{{1,3}})、")


def chinese_number(numeral: str) -> int:
    """The value of a Chinese numeral up to 99.

    >>> chinese_number("十二"), chinese_number("三十"), chinese_number("二十一")
    (12, 30, 21)
    """
    values = {c: i + 1 for i, c in enumerate(NUMERALS)}
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + values[numeral[1]]
    if numeral.endswith("十"):
        return values[numeral[0]] * 10
    if "十" in numeral:
        return values[numeral[0]] * 10 + values[numeral[2]]
    return values[numeral[0]]


def find_themes(norm: str, agencies: list[Mention]) -> tuple[ThemeRecord, ...]:
    """Top-level numbered headings: ``一、`` (or ``一．``, ``一.``) at line start when there are two or more; else
    ``一、`` or ``(一)`` wherever a heading can start (line start, or after a sentence end), mid-line included, the
    level that opens first being the outer one (an inline list ``：一、…；二、…`` inside a ``(一)`` section stays in
    its section).
    """
    heads = _numbered(norm, _ENUMERATED.finditer(norm))
    if len(heads) < 2:
        inline = _numbered(norm, (m for m in _INLINE.finditer(norm) if _heading_position(norm, m.start(), "：:")))
        bracketed = _numbered(norm, (m for m in _BRACKETED.finditer(norm) if _heading_position(norm, m.start())))
        opens_first = not bracketed or (bool(inline) and inline[0][1] < bracketed[0][1])
        heads = inline if len(inline) >= 2 and opens_first else bracketed
    themes = []
    for i, (number, marker_end) in enumerate(heads):
        body_end = _marker_start(norm, heads[i + 1][1]) if i + 1 < len(heads) else len(norm)
        start = _heading_start(norm, marker_end, body_end)
        themes.append(ThemeRecord(number, start, _heading_end(norm, start, body_end, agencies), body_end))
    return tuple(themes)


def _numbered(norm: str, candidates: Iterable[re.Match[str]]) -> list[tuple[int, int]]:
    """``(number, heading text start)`` of the markers that count up from one (一, 二, 三 …), others skipped."""
    heads: list[tuple[int, int]] = []
    for m in candidates:
        number = chinese_number(m.group(1))
        if number == len(heads) + 1:
            heads.append((number, m.end()))
    return heads


def _marker_start(norm: str, heading_text_start: int) -> int:
    """Where the heading marker (``(二)`` or ``二、``) that precedes ``heading_text_start`` begins."""
    i = heading_text_start - 1
    while i > 0 and norm[i - 1] not in "。；;！!\n \t\u3000":
        i -= 1
    return i


def _heading_position(norm: str, start: int, also: str = "") -> bool:
    """Can a heading start at ``start``: at a line start or after a sentence end (or after one of ``also``)?"""
    before = norm[:start].rstrip(" \t\u3000")
    return not before or before[-1] in "\n。；;！!" + also


def _heading_start(norm: str, marker_end: int, body_end: int) -> int:
    """Where a heading's text starts: right after its marker, or on the next line when the marker stands alone."""
    line = re.compile(r"[ \t\u3000]*\n\s*").match(norm, marker_end, body_end)
    return line.end() if line else marker_end


def _heading_end(norm: str, start: int, body_end: int, agencies: list[Mention]) -> int:
    """Where a heading's text ends: at the line end, a full stop or colon, an agency after a space, and at the
    latest where its section does (a next heading on the same line, ``一、…；二、…``)."""
    line_end = norm.find("\n", start, body_end)
    end = body_end if line_end < 0 else line_end
    stop = re.search(r"[。：:]", norm[start:end])
    if stop:
        end = start + stop.start()
    for m in agencies:
        if start < m.start < end and norm[m.start - 1] in " \t\u3000":
            end = m.start
            break
    return start + len(norm[start:end].rstrip(" \t\u3000，,；;"))
