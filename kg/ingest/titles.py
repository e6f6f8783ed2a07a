"""A person's title read as the start of a body's name (市长赖清德…中央部, 县长及警察局, 理事长某某与某县警察局): the
title and the name after it are a person, never part of a body's name."""

from __future__ import annotations

import re

from kg.ingest.leads import OFFICIAL
from kg.ingest.script import HAN

__all__ = ["after_title"]

# An official's title, or an association's head (理事长): 县长, 市长, 局长, 理事长 …
_TITLE = rf"(?:{OFFICIAL}|理事长)"
# The title, the person's name (up to three characters) and the word joining the next in line: 县长及, 理事长高某某与.
_TITLE_JOINED = re.compile(rf"{_TITLE}[{HAN}]{{0,3}}?[和与及、]")
_TITLE_FIRST = re.compile(_TITLE)


def after_title(norm: str, start: int, end: int) -> int:
    """Where the name of a candidate ``[start, end)`` starts once a person's title is left out: after the word that
    joins the titled person to the next in line, or ``end`` (no name) when the candidate opens with the title and
    nothing joins; ``start`` when no title is met. A title the candidate's first characters end (理事长 read from 事)
    counts.

    >>> text = "市长某某感谢中央部，理事长高某某与青竹县警察局颁奖，县长及警察局到场"
    >>> after_title(text, 0, 9), after_title(text, 11, 23), after_title(text, 26, 32)
    (9, 17, 29)
    >>> after_title("浙江省长兴县公安局", 0, 9)
    0
    """
    joined = _TITLE_JOINED.search(norm, max(0, start - 2), end)
    if joined is not None and joined.end() > start and joined.end() < end:
        return joined.end()
    first = _TITLE_FIRST.match(norm, start)
    return end if first is not None and first.end() < end else start
