"""Departments written by their stem (教育部门, 民政部门) at the head of a sentence, and corps written by their kind
alone (总队, 消防总队) at the head of a clause: the body of that stem or kind the report has named (省教育厅, 县民政局,
白鹭市公安消防支队), so that what the sentence says it does is that body's."""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN
from kg.ingest.units import section_end

__all__ = ["kind_alone", "stem_departments"]

# 教育部门 opening a sentence (not one item of a list: 教育部门、民政部门…; not 各部门, 有关部门, which name no stem)
_DEPARTMENT = re.compile(rf"(?:^|(?<=[。；;！!？?\n]))[ \t\u3000]*([{HAN}]{{2,6}}?)部门(?!\s*[、和与及])")
_BODY_ENDS = ("厅", "局", "委员会", "委")


def stem_departments(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and each stem's department opening a sentence, as the one body named before it whose name ends
    with that stem and a body's word (教育 + 厅); with none, or two (市教育局 and 县教育局), it stays unread.

    >>> found = [Mention("agency", "县教育局", 0, 4, False)]
    >>> [(m.key, m.start) for m in stem_departments("县教育局下发通知。教育部门开展宣传。有关部门配合。", found)][1:]
    [('县教育局', 9)]
    """
    found = list(agencies)
    for department in _DEPARTMENT.finditer(norm):
        start, end, stem = department.start(1), department.end(), department.group(1)
        if any(m.overlaps(start, end) for m in agencies):
            continue
        named = {
            m.key: m for m in agencies
            if m.end <= start and any(norm.endswith(stem + word, m.start, m.end) for word in _BODY_ENDS)
        }
        if len(named) == 1:
            (body,) = named.values()
            found.append(Mention(body.kind, body.key, start, end, body.curated))
    return sorted(found, key=lambda x: x.start)


# A corps written by its kind alone (总队, 消防总队) where a clause opens, not a deictic's (本总队, 各支队).
_KIND = re.compile(rf"(?:^|(?<=[。；;！!？?\n，,：:]))\s*((?![本该各全每])[{HAN}]{{0,4}}?(?:总队|支队|大队))(?![长员])")


def kind_alone(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and each corps written by its kind alone opening a clause, as the one body named before it
    whose name ends so; with none, or two, it stays unread. A division written after it (支队作战训练处) acts for it.

    >>> found = [Mention("agency", "白鹭市公安消防支队", 0, 9, False)]
    >>> [(m.key, m.start) for m in kind_alone("白鹭市公安消防支队开展宣传。支队配合…，消防支队发送短信", found)][1:]
    [('白鹭市公安消防支队', 14), ('白鹭市公安消防支队', 20)]
    """
    found = list(agencies)
    for kind in _KIND.finditer(norm):
        start, end = kind.span(1)
        if any(m.overlaps(start, end) for m in agencies):
            continue
        named = {m.key: m for m in agencies if m.end <= start and m.end - m.start > end - start
                 and norm.endswith(kind.group(1), m.start, m.end)}
        if len(named) == 1:
            (body,) = named.values()
            section = section_end(norm, end)  # 支队作战训练处: its division, acting for it
            found.append(Mention(body.kind, body.key, start, section or end, body.curated, end if section else None))
    return sorted(found, key=lambda x: x.start)
