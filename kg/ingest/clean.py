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

__all__ = [
    "CleanText",
    "DamagedSpan",
    "Removal",
    "clean",
    "detect_script",
    "is_han",
    "to_hans",
    "to_hant",
]

# Invisible characters removed everywhere (kind "zero-width"; U+FEFF at offset 0 is kind "bom").
_INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060")
_HAN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]")  # as is_han
_INVISIBLE_CHAR = re.compile(r"[\ufeff\u200b\u200c\u200d\u2060]")
# A bracket whose content could be one pinyin syllable: ASCII or full-width parentheses, no spaces inside.
_BRACKET = re.compile(r"[(（]([^\s()（）]{1,12})[)）]")
_SYLLABLE = re.compile(r"[a-z\u0300-\u036f]+")  # after NFD + lower-casing
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
# ASCII that has no business between Han characters (``?`` is handled on its own).
_STRAY = frozenset("<>{}|\\^`")


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


def is_han(ch: str) -> bool:
    """True for a CJK ideograph (unified, extensions, compatibility) or 〇.

    >>> is_han("質"), is_han("〇"), is_han("?"), is_han("。")
    (True, True, False, False)
    """
    code = ord(ch)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x323AF or code == 0x3007)


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
        DamagedSpan(s, e, *result.raw_span(s, e), text[s:e], reason) for s, e, reason in _find_damage(text)
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


def _in_run(ch: str) -> bool:
    """Characters that form a non-Han run: ASCII and other pre-U+2000 non-space text, U+FFFD, private use."""
    code = ord(ch)
    if ch == "\ufffd" or 0xE000 <= code <= 0xF8FF:
        return True
    return code < 0x2000 and not ch.isspace()


def _always_damaged(ch: str) -> str | None:
    """The reason a character is damage wherever it is, or None."""
    if ch == "\ufffd":
        return "U+FFFD replacement character"
    if 0xE000 <= ord(ch) <= 0xF8FF:
        return f"private-use character U+{ord(ch):04X}"
    if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r":
        return f"control character U+{ord(ch):04X}"
    return None


def _find_damage(text: str) -> list[tuple[int, int, str]]:
    """Damaged spans of the cleaned text as ``(start, end, reason)``.

    The text is cut into *runs*: maximal stretches of non-Han, non-space characters below U+2000 (ASCII,
    Latin, pinyin letters), plus U+FFFD and private-use characters. Within a run the *suspects* are U+FFFD,
    private-use and control characters (always), and, when the run touches a Han character on either side
    and is not a URL (``://``), ASCII ``?`` and stray ASCII ``< > { } | \\ ^ ` ``. A damaged span runs from
    the first to the last suspect of one run, so letters caught between them stay inside it: in the seed,
    ``域?qū)<?,分`` gives the span ``?qū)<?`` (the ``qū)`` is left-over reading noise of a lost character,
    kept as text because it reads no character), while the ASCII comma after it is ordinary punctuation.
    An ASCII ``?`` beside Han text counts as damage: the Chinese question mark is the full-width ``？``.
    """
    spans: list[tuple[int, int, str]] = []
    for m in _RUN_OR_CONTROL.finditer(text):
        i, j = m.span()
        if m.lastgroup == "control":  # a control character outside a run: white space, but not \t \n \r
            spans.append((i, j, _always_damaged(text[i]) or ""))
        elif _SUSPECT.search(text, i, j):
            span = _damage_in_run(text, i, j)
            if span:
                spans.append(span)
    return spans


# A run (see _in_run), or a control character that is white space (outside runs: \v \f \x1c-\x1f \x85).
_RUN_OR_CONTROL = re.compile(
    r"(?P<run>(?:[^\s\u2000-\U0010ffff]|[\ufffd\ue000-\uf8ff])+)|(?P<control>[\x0b\x0c\x1c-\x1f\x85])"
)
# Every character that can be damage inside a run (a superset: _damage_in_run decides).
_SUSPECT = re.compile(r"[?<>{}|\\^`\ufffd\ue000-\uf8ff\x00-\x1f\x7f-\x9f]")


def _damage_in_run(text: str, i: int, j: int) -> tuple[int, int, str] | None:
    """The damaged span of the run ``text[i:j]``, or None when the run holds no suspect."""
    touches_han = (i > 0 and is_han(text[i - 1])) or (j < len(text) and is_han(text[j]))
    check_ascii = touches_han and "://" not in text[i:j]
    reasons: list[str] = []
    positions: list[int] = []
    for k in range(i, j):
        ch = text[k]
        reason = _always_damaged(ch)
        if reason is None and check_ascii and ch == "?":
            reason = "question mark inside Han text"
        elif reason is None and check_ascii and ch in _STRAY:
            reason = f"stray ASCII {ch!r} inside Han text"
        if reason:
            positions.append(k)
            if reason not in reasons:
                reasons.append(reason)
    if not positions:
        return None
    return positions[0], positions[-1] + 1, "; ".join(reasons)


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=65536)
def _convert_short(config: str, text: str) -> str:
    return str(_converter(config).convert(text))


def _convert(config: str, text: str) -> str:
    """Names and labels recur across reports: short conversions are remembered, whole texts are not."""
    if len(text) <= 64:
        return _convert_short(config, text)
    return str(_converter(config).convert(text))


def to_hans(text: str) -> str:
    """Traditional → Simplified with OpenCC ``t2s``.

    >>> to_hans("質量發展")
    '质量发展'
    """
    return _convert("t2s", text)


def to_hant(text: str) -> str:
    """Simplified → Traditional with OpenCC ``s2t``.

    >>> to_hant("质量发展")
    '質量發展'
    """
    return _convert("s2t", text)


def detect_script(text: str) -> str:
    """``"zh-Hant"`` when more Han characters change under t2s than under s2t, else ``"zh-Hans"``.

    Each distinct character is converted on its own line, so phrase rules cannot blur the count; a tie
    (no script-specific characters) counts as Simplified.

    >>> detect_script("省質量發展委員會"), detect_script("省质量发展委员会")
    ('zh-Hant', 'zh-Hans')
    """
    counts = Counter(_HAN.findall(text))
    new = [c for c in counts if c not in _SCRIPT_OF]
    if new:
        as_hans = to_hans("\n".join(new)).split("\n")
        as_hant = to_hant("\n".join(new)).split("\n")
        if len(as_hans) != len(new) or len(as_hant) != len(new):
            as_hans, as_hant = [to_hans(c) for c in new], [to_hant(c) for c in new]
        for c, s, t in zip(new, as_hans, as_hant, strict=True):
            _SCRIPT_OF[c] = (s != c, t != c)
    traditional = sum(n for c, n in counts.items() if _SCRIPT_OF[c][0])
    simplified = sum(n for c, n in counts.items() if _SCRIPT_OF[c][1])
    return "zh-Hant" if traditional > simplified else "zh-Hans"


# Han character -> (changes under t2s, changes under s2t): a few thousand characters cover every report.
_SCRIPT_OF: dict[str, tuple[bool, bool]] = {}
