"""Whom a statement's subject acts with further on in its first clause (A於3月10日會同B、C前往…, A指派…聯合B抽查…),
and whether anything is said of it at all (not in a byline or a list of names that no predicate follows)."""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention
from kg.ingest.roles import subject_run

__all__ = ["joined_later", "names_only"]

# A word by which the subject takes other bodies along (会同B, 联合B), and what ends the clause it must stand in.
_JOIN = re.compile(r"(?:会同|联合|联同|偕同|协同|携同)\s*\Z")
_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")


def joined_later(norm: str, subject: tuple[Mention, ...], end: int, agencies: list[Mention]) -> tuple[Mention, ...]:
    """The bodies that ``subject`` joins after other words of its first clause (a date, an assignment), each run of
    bodies right after 会同/联合/联同/偕同/协同, up to ``end`` (the statement's end) or the clause's end.

    >>> a, b, c = (Mention("agency", k, s, s + 3, True) for k, s in (("a", 0), ("b", 11), ("c", 15)))
    >>> [m.key for m in joined_later("消保处于3月10日会同标检局、食药署前往", (a,), 21, [a, b, c])]
    ['b', 'c']
    """
    stop = _CLAUSE_END.search(norm, subject[-1].end, end)
    limit = stop.start() if stop else end
    found: list[Mention] = []
    for m in agencies:
        if m in subject or m in found or not subject[-1].end < m.start < limit:
            continue
        if _JOIN.search(norm, max(subject[-1].end, m.start - 3), m.start):
            found += [x for x in subject_run(norm, m, agencies) if x not in subject and x not in found]
    return tuple(found)


# What follows the subject of a statement that says nothing of it: nothing, or more names of a list cut off.
_NAMES_ONLY = re.compile(r"(?:\s*、\s*[^、，,。；;！!？?\s]{1,12})*\s*")


def names_only(norm: str, subject: tuple[Mention, ...], end: int) -> bool:
    """True when nothing but further names follows ``subject`` up to ``end``: a byline (消费者委员会 alone on its line)
    or a list cut off before its predicate (消委会、澳门海关、市政署、药物).

    >>> a = Mention("agency", "a", 0, 3, True)
    >>> names_only("消委会、市政署、药物", (a,), 10), names_only("消委会", (a,), 3), names_only("消委会巡查", (a,), 5)
    (True, True, False)
    """
    return _NAMES_ONLY.fullmatch(norm, subject[-1].end, end) is not None
