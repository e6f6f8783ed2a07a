"""Clean raw report text: drop pinyin readings and invisible marks, report damage, map offsets to the raw."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kg.ingest.damage import find_damage
from kg.ingest.script import is_han

__all__ = ["CleanText", "DamagedSpan", "Removal", "clean"]

# Invisible characters removed everywhere (kind "zero-width"; U+FEFF at offset 0 is kind "bom").
_INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060")
_INVISIBLE_CHAR = re.compile(r"[\ufeff\u200b\u200c\u200d\u2060]")
# A bracket whose content could be one pinyin syllable: ASCII or full-width parentheses, no spaces inside.
_BRACKET = re.compile(r"[(（]([^\s()（）]{1,12})[)）]")
_SYLLABLE = re.compile(r"[a-z\u0300-\u036f]+")  # after NFD + lower-casing
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


@dataclass(frozen=True)
class Removal:
    """One thing cleaning removed: its kind and where it was in the raw text (code points, end exclusive)."""

    kind: str
    raw_start: int
    raw_end: int
    text: str


@dataclass(frozen=True)
class DamagedSpan:
    """Characters that cannot be trusted: kept as they are in the cleaned text, reported, never repaired."""

    start: int
    end: int
    raw_start: int
    raw_end: int
    text: str
    reason: str


@dataclass(frozen=True)
class CleanText:
    """A cleaned text, what was removed, what is damaged, and the offset map back to ``raw``."""

    raw: str
    text: str
    removals: tuple[Removal, ...]
    damaged: tuple[DamagedSpan, ...]
    kept: tuple[int, ...] = field(repr=False, compare=False)  # kept[i] = raw offset of text[i]

    def to_raw(self, offset: int) -> int:
        """Map a cleaned offset (``0 … len(text)``) to a raw offset.

        ``raw[to_raw(i)] == text[i]`` for every ``i < len(text)``; ``to_raw(len(text)) == len(raw)``.
        A boundary with removed text in front of it maps to the raw offset *after* the removed text.
        """
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside 0..{len(self.text)}")
        return self.kept[offset] if offset < len(self.text) else len(self.raw)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned span to the raw span from its first to its last character (removals inside included).

        Removed text just before ``start`` or just after ``end`` is not part of the span.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}..{end} outside 0..{len(self.text)}")
        if start == end:
            return self.to_raw(start), self.to_raw(start)
        return self.kept[start], self.kept[end - 1] + 1

    def report(self) -> dict[str, object]:
        """Summarise for the CLI: count, size and texts of the removals by kind, and every damaged span."""
        removed: dict[str, dict[str, Any]] = {}
        for kind in sorted({r.kind for r in self.removals}):
            these = [r for r in self.removals if r.kind == kind]
            removed[kind] = {
                "count": len(these),
                "chars": sum(r.raw_end - r.raw_start for r in these),
                "texts": dict(Counter(r.text for r in these).most_common()),
            }
        return {
            "raw_chars": len(self.raw),
            "clean_chars": len(self.text),
            "removed": removed,
            "damaged": [
                {"start": d.start, "end": d.end, "raw_start": d.raw_start, "raw_end": d.raw_end,
                 "text": d.text, "reason": d.reason}
                for d in self.damaged
            ],
        }


def clean(raw: str) -> CleanText:
    """Remove pinyin readings after the character they read, BOM and zero-width marks; report damaged spans.

    Nothing else changes: spaces, ASCII punctuation, full-width forms and compatibility ideographs are kept.

    >>> c = clean("質(zhì)量月(2022-2024)")
    >>> c.text, [r.text for r in c.removals], c.to_raw(1)
    ('質量月(2022-2024)', ['(zhì)'], 6)
    """
    invisible = bool(_INVISIBLE_CHAR.search(raw))
    kept1: Sequence[int] = [i for i, ch in enumerate(raw) if ch not in _INVISIBLE] if invisible else range(len(raw))
    middle = "".join(raw[i] for i in kept1) if invisible else raw
    pieces: list[str] = []
    kept_runs: list[Sequence[int]] = []
    reading_removals = []
    previous = 0
    for start, end in _find_readings(middle):  # in order, never overlapping
        pieces.append(middle[previous:start])
        kept_runs.append(kept1[previous:start])
        previous = end
        lo, hi = kept1[start], kept1[end - 1] + 1
        reading_removals.append(Removal("pinyin-reading", lo, hi, raw[lo:hi]))
    pieces.append(middle[previous:])
    kept_runs.append(kept1[previous:])
    kept = tuple(itertools.chain.from_iterable(kept_runs))
    text = "".join(pieces)
    removals = reading_removals + (_invisible_removals(raw, reading_removals) if invisible else [])
    removals.sort(key=lambda r: r.raw_start)
    result = CleanText(raw, text, tuple(removals), (), kept)
    damaged = tuple(
        DamagedSpan(s, e, *result.raw_span(s, e), text[s:e], reason) for s, e, reason in find_damage(text)
    )
    return CleanText(raw, text, tuple(removals), damaged, kept)


def _invisible_removals(raw: str, readings: list[Removal]) -> list[Removal]:
    """Removals for invisible characters, except those inside a removed reading (that removal covers them)."""
    inside = {i for r in readings for i in range(r.raw_start, r.raw_end)}
    return [
        Removal("bom" if i == 0 and ch == "\ufeff" else "zero-width", i, i + 1, ch)
        for i, ch in enumerate(raw)
        if ch in _INVISIBLE and i not in inside
    ]


def _find_readings(text: str) -> list[tuple[int, int]]:
    """Spans of brackets that read the last *kept* character before them, scanning left to right.

    Tracking the last kept character makes ``質(zhì)(zhì)`` lose both brackets, so cleaning is idempotent.
    """
    spans: list[tuple[int, int]] = []
    prev_end, prev_char = -1, ""
    for m in _BRACKET.finditer(text):
        start = m.start()
        before = prev_char if start == prev_end else (text[start - 1] if start else "")
        if before and is_han(before) and _is_reading(m.group(1), before):
            spans.append((start, m.end()))
            prev_end, prev_char = m.end(), before
    return spans


def _is_reading(content: str, ch: str) -> bool:
    """True when ``content`` spells a reading of ``ch`` (tone marks, tone numbers or toneless; ü, v or u:)."""
    syllable = _parse_syllable(content)
    if syllable is None:
        return False
    base, tone = syllable
    readings = _readings(ch)
    if tone is None:
        return any(base == b for b, _ in readings)
    return (base, tone) in readings


def _parse_syllable(content: str) -> tuple[str, int | None] | None:
    """``'zhì'``, ``'zhi4'`` → ``('zhi', 4)``; ``'zhi'`` → ``('zhi', None)``; not a syllable → ``None``."""
    s = unicodedata.normalize("NFD", content.lower()).replace("u:", "u\u0308").replace("v", "u\u0308")
    digit: int | None = None
    if s and s[-1] in "012345":
        digit, s = int(s[-1]) or 5, s[:-1]
    if not _SYLLABLE.fullmatch(s):
        return None
    marks = [c for c in s if c in _TONE_MARKS]
    if len(marks) > 1 or (marks and digit is not None):
        return None
    if marks:
        return s.replace(marks[0], ""), _TONE_MARKS[marks[0]]
    return s, digit


@lru_cache(maxsize=8192)
def _readings(ch: str) -> frozenset[tuple[str, int]]:
    """Every reading pypinyin knows for ``ch`` as ``(toneless NFD base, tone 1–5)``."""
    from pypinyin import Style, pinyin

    out: set[tuple[str, int]] = set()
    for reading in pinyin(ch, heteronym=True, style=Style.TONE)[0]:
        parsed = _parse_syllable(reading)
        if parsed is not None:
            out.add((parsed[0], parsed[1] or 5))
    return frozenset(out)

