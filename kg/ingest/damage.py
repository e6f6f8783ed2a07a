"""Find damaged spans in cleaned text: replacement, private-use and control characters, stray ASCII in Han text."""

from __future__ import annotations

import re
import unicodedata

from kg.ingest.script import is_han

__all__ = ["find_damage"]

# ASCII that has no business between Han characters (``?`` is handled on its own).
_STRAY = frozenset("<>{}|\\^`")


def _always_damaged(ch: str) -> str | None:
    """The reason a character is damage wherever it is, or None."""
    if ch == "\ufffd":
        return "U+FFFD replacement character"
    if 0xE000 <= ord(ch) <= 0xF8FF:
        return f"private-use character U+{ord(ch):04X}"
    if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r":
        return f"control character U+{ord(ch):04X}"
    return None


def find_damage(text: str) -> list[tuple[int, int, str]]:
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


# A run, or a control character that is white space (outside runs: \v \f \x1c-\x1f \x85).
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

