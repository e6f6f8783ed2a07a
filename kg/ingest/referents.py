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

__all__ = ["meanwhile_subjects", "police_referents", "referred_subjects"]

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


# A sentence that goes on, right after an activity, with what its bodies also did, naming none: 同時，亦聽取…
_MEANWHILE = re.compile(r"(?:^|(?<=[。；;！!？?\n]))[ \t\u3000]*同时\s*[，,]")
# …with what a body does besides its campaign's acts: hears, gathers, follows up, hands out, reminds.
_ALSO_DOES = re.compile(r"听取|收集|跟进|派发|提醒|呼吁|加强|做好|要求")


def meanwhile_subjects(
    norm: str, start: int, end: int, statements: list[Statement], agencies: MentionIndex
) -> list[Statement]:
    """``statements``, each running on over a sentence in ``[start, end)`` right after it (nothing but spaces or a
    line break between) that opens with 同時， and states an action, naming no body (a Macau release's paragraph
    that goes on: 同時，透過各種渠道收集…; 同時，亦聽取市民…).

    >>> from kg.ingest.mentions import Mention
    >>> a = Mention("agency", "a", 0, 3, True)
    >>> norm, st = "消防局举办讲座。同时，亦听取市民意见。", [Statement(0, 8, (a,), 3, 8)]
    >>> [(s.start, s.end) for s in meanwhile_subjects(norm, 0, 19, st, MentionIndex([a]))]
    [(0, 19)]
    """
    found = list(statements)
    for hit in _MEANWHILE.finditer(norm, start, end):
        stop = min((i for i in (norm.find(c, hit.end(), end) for c in BOUNDARY) if i >= 0), default=end)
        close = stop + 1 if stop < end and norm[stop] != "\n" else stop
        does = ACTION_VERB.search(norm, hit.end(), stop) or _ALSO_DOES.search(norm, hit.end(), stop)
        if not does or agencies.overlapping(hit.start(), stop):
            continue
        last = next((s for s in found if s.end <= hit.start() and not norm[s.end : hit.start()].strip()), None)
        if last is None or any(hit.start() <= s.start < close for s in found):
            continue
        found[found.index(last)] = dataclasses.replace(last, end=close, body_end=close)
    return found


# Hong Kong's police units named by their region or district (荃灣警區, 新界南總區機動部隊, 水警港口分區).
_POLICE_UNIT = re.compile(r"警区|总区|分区")


def police_referents(norm: str, statements: list[Statement], agencies: MentionIndex) -> list[Statement]:
    """``statements`` where one whose subject is the force written as 警方, in a report that names the force's units,
    is what those units did: a sentence on their operation (警方行動中共拘捕13人) right after their statement runs
    it on, as does one of the bodies of their joint operation (…。其中，警方人員巡查…), and a headline
    (警方聯同入境處反黑工, the report's first line) opens the units' statement right after it,
    when it names no body they do not. 警方 is then no further body; elsewhere (警方亦展開…) it is the force.

    >>> from kg.ingest.mentions import Mention
    >>> unit, force = Mention("agency", "荃湾警区", 0, 4, False), Mention("agency", "hk-police", 9, 11, True)
    >>> st = [Statement(0, 9, (unit,), 4, 9), Statement(9, 19, (force,), 11, 19)]
    >>> text = "荃湾警区巡查多处。警方行动中共拘捕8人。"
    >>> [(s.start, s.end, [m.key for m in s.subject]) for s in police_referents(text, st, MentionIndex([unit, force]))]
    [(0, 19, ['荃湾警区'])]
    """
    found = list(statements)
    for st in statements:
        rest = {m.key for m in st.subject if not (m.key == "hk-police" and norm[m.start : m.end] == "警方")}
        if len(rest) == len(st.subject):
            continue
        at = found.index(st)
        line_end = norm.find("\n", st.start)
        headline = at == 0 and "\n" not in norm[: st.start] and line_end >= 0 and not norm[st.end : line_end].strip()
        on = _OPERATION.match(norm, st.subject[0].start) or _AMONG.search(norm, 0, st.subject[0].start)
        units = [
            i for i in ((at + 1,) if headline else (at - 1,) if on else ())
            if 0 <= i < len(found) and _police_units(found[i]) and rest <= _bodies(norm, found[i], agencies)
        ]
        if not units:
            continue
        other = found[units[0]]
        if units[0] < at:
            found[units[0]] = dataclasses.replace(other, end=st.end, body_end=st.end)
        else:
            found[units[0]] = dataclasses.replace(other, start=st.start)
        found.remove(st)
    return found


# 警方 on the operation just reported: 警方行動中, 警方在是次行動中; or as one of its bodies (其中，警方人員…).
_OPERATION = re.compile(r"警方\s*(?:在|于)?\s*(?:是次|此次|该|这次)?\s*行动中")
_AMONG = re.compile(r"(?:^|[。；;！!？?\n])\s*其中\s*[，,]?\s*\Z")


def _bodies(norm: str, st: Statement, agencies: MentionIndex) -> set[str]:
    """The keys of ``st``'s subject and of the bodies it joins (A聯同B)."""
    joined = joined_later(norm, st.subject, st.end, list(agencies.starting(st.start, st.end)))
    return {m.key for m in st.subject + joined}


def _police_units(st: Statement) -> bool:
    """Whether ``st``'s subject names a unit of the police by its region or district."""
    return any(not m.curated and _POLICE_UNIT.search(m.key) for m in st.subject)

