"""Statements of a theme section: agency-led sentences and tasks with a responsible-units bracket, with their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.mentions import Mention
from kg.ingest.roles import CONNECTOR
from kg.ingest.themes import ThemeRecord

__all__ = ["Statement", "find_statements"]

_BOUNDARY = "。；;！!\n"
_LEAD_VERB = re.compile(r"(?:将|还|也|在|于|对|作为|联合|会同|与|和|、|开展|组织|召开|印发|发布|举办|推进|推动|启动|"
                        r"部署|出台|制定|牵头|指导|加强|实施|完成|持续|深入|积极|大力|围绕|聚焦|以|通过|结合|同时|"
                        r"进一步|全面|认真|扎实|先后|分别|共|首次|成功|专门|集中|全力|坚持|针对|按照|根据|依托|利用)")


@dataclass(frozen=True)
class Statement:
    """A statement's span, the agencies that carry it out, and the part of it that says what they do."""

    start: int
    end: int
    subject: tuple[Mention, ...]
    body_start: int
    body_end: int


# A plan names who is responsible after the task: （责任单位：省市场监管局、省教育厅）, （牵头单位：…；配合单位：…）.
_DUTY = re.compile(r"[(（]\s*(?:(?:牵头|责任|主办|承办|配合|参与|实施)(?:单位|部门)[:：][^()（）\n]*)[)）]")


def find_statements(norm: str, theme: ThemeRecord, in_body: list[Mention]) -> list[Statement]:
    """Agency-led statements (``省市场监管局开展…``) and tasks with a responsible-units bracket, in text order."""
    found: list[Statement] = []
    for duty in _DUTY.finditer(norm, theme.end, theme.body_end):
        named = tuple(m for m in in_body if duty.start() <= m.start < duty.end())
        if not named:
            continue
        before = norm[theme.end : duty.start()].rstrip("。；;，, \t\u3000")
        start = theme.end + max((before.rfind(c) for c in "\n。；;"), default=-1) + 1
        start = max(start, found[-1].end if found else theme.end)
        start += len(norm[start : duty.start()]) - len(norm[start : duty.start()].lstrip())
        found.append(Statement(start, duty.end(), named, start, duty.start()))
    inside = [(x.start, x.end) for x in found]
    led = _statement_starts(norm, theme.end, [m for m in in_body if not any(s <= m.start < e for s, e in inside)])
    boundaries = sorted([x.start for x in found] + [st for st, _ in led])
    for start, subject in led:
        later = [b for b in boundaries if b > start]
        end = _paragraph_end(norm, start, later[0] if later else theme.body_end)
        end = start + len(norm[start:end].rstrip())
        found.append(Statement(start, end, tuple(subject), subject[-1].end, end))
    return sorted(found, key=lambda x: x.start)


def _paragraph_end(norm: str, start: int, end: int) -> int:
    """A statement runs on to the next one, but not past the end of its paragraph: a line break after a sentence
    end, or after a line with no sentence in it (a title). A line broken mid-sentence (hard-wrapped text) runs on.
    """
    line_start = start
    while (newline := norm.find("\n", line_start, end)) >= 0:
        line = norm[line_start:newline].rstrip()
        if not line or line[-1] in "。；;！!？?" or "。" not in norm[start:newline]:
            return newline
        line_start = newline + 1
    return end


def _statement_starts(norm: str, body_start: int, agencies: list[Mention]) -> list[tuple[int, list[Mention]]]:
    """Each agency mention that opens a statement, with the run of agencies that act jointly as its subject."""
    starts: list[tuple[int, list[Mention]]] = []
    i = 0
    while i < len(agencies):
        m = agencies[i]
        if not _opens_statement(norm, body_start, m):
            i += 1
            continue
        subject = [m]
        j = i + 1
        while j < len(agencies):
            gap = norm[subject[-1].end : agencies[j].start]
            if not CONNECTOR.fullmatch(gap):
                break
            subject.append(agencies[j])
            j += 1
        starts.append((m.start, subject))
        i = j
    return starts


def _opens_statement(norm: str, body_start: int, m: Mention) -> bool:
    before = norm[body_start : m.start]
    stripped = before.rstrip(" \t\u3000")
    if not stripped or stripped[-1] in _BOUNDARY:
        return True
    return stripped[-1] in "，,：:" and bool(_LEAD_VERB.match(norm, m.end))
