"""Sentences whose subject points back at bodies named before them, with no body name of their own: 各单位,
各部门, 各成员单位, 各相关部门 after an activity of a list of bodies (A联合B、C…开展…。活动现场，各单位通过…),
and 人员 (the staff) opening a sentence after an activity of one or more bodies (A聯同B…展開行動。行動中，
人員拘捕…). Each says what the bodies of the nearest activity before it in its section did: that activity runs on
over it, so its quote names the bodies that act (an activity's evidence must name its bodies). With no such
activity it stays bodiless."""

from __future__ import annotations

import dataclasses
import re

from kg.ingest.leads import ACTION_VERB, COLLECTIVE
from kg.ingest.mentions import MentionIndex
from kg.ingest.openers import BOUNDARY
from kg.ingest.partners import joined_later
from kg.ingest.statements import Statement

__all__ = ["referred_subjects"]

# The bodies of a list, as a group (COLLECTIVE): they point back at a list of two or more.
# Their staff: they point back at the bodies of the activity before, one or more.
_STAFF = r"(?:执法|工作|稽查|检查|调查|警务)?人员|警员"
_SUBJECT = re.compile(rf"(?P<collective>{COLLECTIVE})|(?P<staff>{_STAFF})")
# What may stand between the sentence's start and 人员: a short time or place of the activity before (行动中，
# 活动现场，).
_OPENER = re.compile(r"\s*(?:(?:[^，,。；;！!？?\n]{0,4}(?:中|期间|现场)|其后|随后|同时|此外|另外)\s*[，,]?\s*)?")
# What the subject must not be followed by: its own people (各单位负责人), a duty of a notice (各单位要…), a part of it.
_NOT_ACTING = re.compile(r"\s*(?:的|负责|领导|主要|要|应|须|务必|必须|需|可|之间|和|与|及|、|等)")


def referred_subjects(
    norm: str, start: int, end: int, statements: list[Statement], agencies: MentionIndex
) -> list[Statement]:
    """``statements``, each running on over the sentences in ``[start, end)`` after it, outside all of them, that open
    a clause with 各单位 (or 各部门 …) or a sentence with 人员, state an action and name no body of their own, when its
    bodies (with those it joins, A联合B) are two or more for 各单位, one or more for 人员.

    >>> from kg.ingest.mentions import Mention
    >>> a, b = Mention("agency", "a", 0, 2, True), Mention("agency", "b", 4, 6, True)
    >>> norm, st = "甲局联合乙局开展宣传活动。现场，各单位通过展板宣传。", [Statement(0, 13, (a,), 2, 13)]
    >>> [(s.start, s.end) for s in referred_subjects(norm, 0, 26, st, MentionIndex([a, b]))]
    [(0, 26)]
    >>> [(s.start, s.end) for s in referred_subjects(norm, 0, 26, st, MentionIndex([a]))]
    [(0, 13)]
    """
    found = list(statements)
    for hit in _SUBJECT.finditer(norm, start, end):
        sentence = max(start, *(norm.rfind(c, start, hit.start()) + 1 for c in BOUNDARY))
        before = norm[sentence : hit.start()]
        if hit.group("staff"):
            if not _OPENER.fullmatch(before):
                continue
        elif before.rstrip(" \t\u3000")[-1:] not in ("", "，", ","):
            continue
        stop = min((i for i in (norm.find(c, hit.end(), end) for c in BOUNDARY) if i >= 0), default=end)
        close = stop + 1 if stop < end and norm[stop] != "\n" else stop
        if _NOT_ACTING.match(norm, hit.end()) or not ACTION_VERB.search(norm, hit.end(), stop):
            continue
        if agencies.overlapping(hit.start(), stop) or any(s.start <= hit.start() < s.end for s in found):
            continue
        earlier = [i for i, s in enumerate(found) if s.end <= hit.start()]
        if not earlier or any(hit.start() < s.start < close for s in found):
            continue
        last = found[max(earlier, key=lambda i: found[i].start)]
        joined = joined_later(norm, last.subject, last.end, list(agencies.starting(last.start, last.end)))
        if len(last.subject + joined) < (2 if hit.group("collective") else 1):
            continue
        found[found.index(last)] = dataclasses.replace(last, end=close, body_end=close)
    return found
