"""A PDF page's characters to lines, running headers and page numbers dropped, lines re-flowed into paragraphs.

Rules (all in units of the text's own size, ``em``, so they hold at any font size and page size):

- **Lines.** Characters (pdfium's generated spaces and line breaks left out) whose vertical centres lie within half
  a line's height form a line, read left to right; a character drawn twice on itself (fake bold) counts once; a gap
  of more than 0.3 em between two Latin letters or digits is a space.
- **Running lines.** In the top or bottom 12 % of the page, a line that repeats on at least two pages and half of
  them (digits counting as one digit) is a running header or footer; a lone page number ("3", "- 3 -", "— 3 —",
  "第3页", "第 3 页 共 9 页", "3/9", "Page 3 of 9") is dropped there or as a page's first or last line. No other line
  is dropped, however short.
- **Paragraphs.** A line continues the previous one (also across a page break) unless it is indented (its first
  character more than 0.9 em right of the page's left margin), the previous line ends short of the right margin by
  more than this line's first word and 0.8 em (the word would have fitted there: a last line, a heading), the text
  size changes, or the gap between them is over 1.6 line pitches.
  A continued line is joined with nothing in between, or one space when both sides are Latin letters or digits.
  Leading ideographic spaces (the indent) are not copied.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Char", "Line", "body_lines", "make_lines", "reflow"]

BAND = 0.12
_SAME_LINE = 0.5
_WORD_GAP = 0.3
_INDENT = 0.9
_ROOM = 0.8
_PARAGRAPH_GAP = 1.6
_NUMBER = r"(?:\d{1,4}|[ivxlcdm]{1,6}|[〇零一二三四五六七八九十百]{1,4})"
_PAGE_NUMBER = re.compile(
    rf"[-—–－~·•\s]*{_NUMBER}[-—–－~·•\s]*"
    rf"|第\s*{_NUMBER}\s*页(?:\s*[,，/]?\s*共\s*{_NUMBER}\s*页)?"
    rf"|第\s*{_NUMBER}\s*頁(?:\s*[,，/]?\s*共\s*{_NUMBER}\s*頁)?"
    rf"|{_NUMBER}\s*[/／]\s*{_NUMBER}"
    rf"|(?:page|p\.)\s*{_NUMBER}(?:\s*(?:of|/)\s*{_NUMBER})?",
    re.I,
)


@dataclass(frozen=True)
class Char:
    """One character of a page with its box (PDF points, y upwards) and text size."""

    ch: str
    left: float
    bottom: float
    right: float
    top: float
    size: float


@dataclass(frozen=True)
class Line:
    """A line of a page: its text, where it starts (``start``, blank characters too, ``left`` the first inked one)
    and ends, its centre, text size and how wide its first word is (one character unless an alphabet's word)."""

    text: str
    start: float
    left: float
    right: float
    middle: float
    size: float
    lead: float = 0.0


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _latin(ch: str) -> bool:
    """A letter or digit of an alphabetic script (pinyin's ì too), not a CJK character: part of a word."""
    return ch.isalnum() and ord(ch) < 0x2E80


def make_lines(chars: Sequence[Char]) -> list[Line]:
    """Group a page's characters into lines, top to bottom (see the module's rules)."""
    rows: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: -(c.top + c.bottom)):
        middle, height = (char.top + char.bottom) / 2, char.top - char.bottom
        if rows:
            row = rows[-1]
            row_middle, row_height = (row[0].top + row[0].bottom) / 2, row[0].top - row[0].bottom
            if abs(middle - row_middle) <= _SAME_LINE * max(height, row_height):
                row.append(char)
                continue
        rows.append([char])
    lines = [_line(sorted(row, key=lambda c: c.left)) for row in rows]
    return [line for line in lines if line.text.strip()]


def _line(row: list[Char]) -> Line:
    size = statistics.median(c.size for c in row) or statistics.median(c.top - c.bottom for c in row) / 1.45 or 1.0
    parts: list[str] = []
    previous: Char | None = None
    for char in row:
        if previous is not None:
            if char.ch == previous.ch and abs(char.left - previous.left) < 0.1 * size:
                continue  # drawn twice to look bold
            if (char.left - previous.right > _WORD_GAP * size and _ascii_word(previous.ch[-1])
                    and _ascii_word(char.ch[0])):
                parts.append(" ")
        parts.append(char.ch)
        previous = char
    inked = [c for c in row if not c.ch.isspace()] or row
    word = 1
    while (word < len(inked) and _latin(inked[0].ch) and _latin(inked[word].ch)
           and inked[word].left - inked[word - 1].right <= _WORD_GAP * size):
        word += 1
    return Line("".join(parts), row[0].left, inked[0].left, inked[-1].right, (row[0].top + row[0].bottom) / 2, size,
                inked[word - 1].right - inked[0].left)


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "0", re.sub(r"\s+", "", text))


def body_lines(pages: Sequence[Sequence[Line]], heights: Sequence[float]) -> list[list[Line]]:
    """Each page's lines without its running headers and footers and its page number."""
    def in_band(line: Line, height: float) -> bool:
        return line.middle > height * (1 - BAND) or line.middle < height * BAND

    seen: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        seen.update({_running_key(line.text) for line in lines if in_band(line, height)})
    running = {key for key, count in seen.items() if count >= 2 and 2 * count >= len(pages)}
    kept: list[list[Line]] = []
    for lines, height in zip(pages, heights, strict=True):
        edges = (lines[0], lines[-1]) if lines else ()
        kept.append([
            line for line in lines
            if not ((in_band(line, height) and _running_key(line.text) in running)
                    or ((in_band(line, height) or line in edges) and _PAGE_NUMBER.fullmatch(line.text.strip())))
        ])
    return kept


def reflow(pages: Sequence[Sequence[Line]]) -> tuple[str, tuple[int, ...]]:
    """The text of the pages' body lines as paragraphs separated by "\\n", and the offset where each page starts."""
    every = [line for lines in pages for line in lines]
    if not every:
        return "", tuple(0 for _ in pages)
    left = _mode(line.start for line in every)  # typed indents (U+3000) do not move it
    right = max(line.right for line in every)
    pitch = _pitch(pages)
    text: list[str] = []
    length = 0
    starts: list[int | None] = []
    previous: Line | None = None
    for lines in pages:
        shift = _mode(line.start for line in lines) - left if len(lines) >= 5 else 0.0
        starts.append(None)
        for index, line in enumerate(lines):
            chunk = line.text
            if previous is None or _new_paragraph(previous, line, left + shift, right + shift,
                                                  pitch if index else None):
                chunk = chunk.lstrip(" \u3000")
                if previous is not None and text:
                    kept = text[-1].rstrip(" \u3000")
                    length += len(kept) - len(text[-1]) + 1
                    text[-1] = kept
                    text.append("\n")
            elif _ascii_word(text[-1][-1:] or " ") and _ascii_word(chunk[:1] or " "):
                text.append(" ")
                length += 1
            if starts[-1] is None:
                starts[-1] = length
            text.append(chunk)
            length += len(chunk)
            previous = line
    joined = "".join(text).rstrip(" \u3000")
    filled: list[int] = []
    following = len(joined)
    for start in reversed(starts):
        following = min(start, len(joined)) if start is not None else following
        filled.append(following)
    return joined, tuple(reversed(filled))


def _new_paragraph(previous: Line, line: Line, left: float, right: float, pitch: float | None) -> bool:
    size = previous.size
    if line.left > left + _INDENT * size or right - previous.right > line.lead + _ROOM * size:
        return True
    if abs(line.size - previous.size) > 0.15 * size:
        return True
    return pitch is not None and previous.middle - line.middle > _PARAGRAPH_GAP * pitch


def _mode(values: Iterable[float]) -> float:
    counts = Counter(round(value) for value in values)
    return float(counts.most_common(1)[0][0])


def _pitch(pages: Sequence[Sequence[Line]]) -> float:
    gaps = [a.middle - b.middle for lines in pages for a, b in itertools.pairwise(lines)
            if a.middle > b.middle]
    return statistics.median(gaps) if gaps else float("inf")
