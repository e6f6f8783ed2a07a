"""The bodies that issue a joint notice, on lines of their own above its title, their names spaced apart.

A national notice printed by several ministries opens with them, one line or more, then its title::

    国家发展改革委 生态环境部 教育部
    国资委 全国总工会
    关于做好…活动的通知

Every word of such a line is a body (a known one, or a name with a body's ending, resolved against the nation's
bodies: 国资委 is 国务院国资委); together they issue the notice, the first activity the report tells of.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.list_place import NATIONAL_PREFIXES
from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["issuer_names", "issuers_block"]

_HEAD = 1200  # issuers head a notice: only its first characters are read
_WORD = re.compile(r"[^ \t\u3000\n]+")
_BODY_END = re.compile(rf"[{HAN}]{{1,12}}(?:部|委|局|署|总局|办|总工会|中央|联合会|协会)")
_TITLE = re.compile(
    rf"[ \t\u3000]*(?:关于[^\n]{{4,120}}|[{HAN}][^\n]{{4,120}}(?:通知|意见|方案|决定|通告|公告))[ \t\u3000]*$"
)
_PREFIXES = (*NATIONAL_PREFIXES, "国务院")


def _lines(norm: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    head = min(len(norm), _HEAD)
    while start < head:
        end = norm.find("\n", start)
        end = len(norm) if end < 0 else end
        spans.append((start, end))
        start = end + 1
    return spans


def _words(norm: str, start: int, end: int, known: Mapping[tuple[int, int], Mention],
           forms: Mapping[str, str]) -> list[Mention] | None:
    """The bodies a line names, one per word, when it has two words at least and each is a body, else None."""
    found = []
    for word in _WORD.finditer(norm, start, end):
        s, e = word.span()
        if (s, e) in known:
            found.append(known[(s, e)])
            continue
        name = word.group()
        if not _BODY_END.fullmatch(name):
            return None
        form = next((p + name for p in ("", *_PREFIXES) if p + name in forms), None)
        found.append(Mention("agency", forms[form], s, e, True) if form else Mention("agency", name, s, e, False))
    return found if len(found) >= 2 and sum(m.curated for m in found) >= 2 else None


def issuers_block(
    norm: str, agencies: list[Mention], forms: Mapping[str, str]
) -> tuple[int, int, tuple[Mention, ...], int] | None:
    """The span of the issuers' lines with the title after them, the issuers, and where the title starts; None when
    the report opens with no such lines."""
    known = {(m.start, m.end): m for m in agencies}
    lines = _lines(norm)
    block: list[Mention] = []
    block_start = -1
    for start, end in lines:
        words = _words(norm, start, end, known, forms) if norm[start:end].strip() else None
        if words:
            block_start = start if not block else block_start
            block += words
        elif block and _TITLE.fullmatch(norm, start, end):
            title = start + len(norm[start:end]) - len(norm[start:end].lstrip())
            return block_start, end, tuple(block), title
        else:
            block = []
    return None


def issuer_names(norm: str, agencies: list[Mention], forms: Mapping[str, str]) -> list[Mention]:
    """``agencies`` and the issuers of the report's notice that were not among them, in text order."""
    block = issuers_block(norm, agencies, forms)
    if block is None:
        return agencies
    present = set(agencies)
    return sorted([*agencies, *(m for m in block[2] if m not in present)], key=lambda m: m.start)
