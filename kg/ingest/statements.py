"""Statements of a theme section: agency-led sentences and tasks with a responsible-units bracket, with their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.mentions import Mention
from kg.ingest.roles import CONNECTOR
from kg.ingest.staff import STAFF_TAIL
from kg.ingest.themes import ThemeRecord

__all__ = ["Statement", "find_statements"]

_BOUNDARY = "。；;！!？?\n"
_LEAD_VERB = re.compile(r"(?:将|还|也|在|于|对|作为|联合|会同|与|和|、|开展|组织|召开|印发|发布|举办|推进|推动|启动|"
                        r"部署|出台|制定|牵头|指导|加强|实施|完成|持续|深入|积极|大力|围绕|聚焦|以|通过|结合|同时|"
                        r"进一步|全面|认真|扎实|先后|分别|共|首次|成功|专门|集中|全力|坚持|针对|按照|根据|依托|利用|负责|"
                        r"等(?:[\d两二三四五六七八九十]+(?:个|家)?)?(?:成员)?(?:部门|单位))")
# …and the verbs, adverbs and time words with which Taiwan's, Hong Kong's and Macau's reports go on after the body
# (标检局查获…, 劳工处亦会…, 消委会月前已…, 财经处表示…, 消委会由10月1日起…).
_LEAD_MORE = re.compile(r"(?:亦|已|就|即|均|又|更|再|如发现|除了?|不时|致力|日前|月前|早前|近日|今日|今天|昨日|昨天|"
                        r"查获|查到|检获|侦破|稽查|查核|抽验|检验|巡查|执法|宣导|派员|表示|指出|公布|提醒|重申|呼吁|由(?=\d))")
# What may stand between a sentence boundary and the agency that opens a statement: an ordinal (一是, 1., (2), ③),
# 由 (此次活动是由) before the body that leads or hosts, and a clause naming who guides or supports it (在A的指导下，).
_ORDINAL = r"(?:[一二三四五六七八九十]{1,3}是|\d{1,2}\s*[.．、]|[(（]\d{1,2}[)）]|[①-⑳])"
_GUIDED = r"在[^，,。；;！!\n]{2,40}?(?:指导|支持|帮助)下[，,]"
_HOSTED = r"(?:(?:本次|此次|这次)?活动(?:是|均)?)?由"  # 由, 此次活动是由
_LEAD_IN = re.compile(rf"(?:{_ORDINAL}\s*)?(?:{_GUIDED}\s*)?(?:(?:{_HOSTED}|(?<![提申])请)\s*)?\Z")
# Bodies named one after another in their roles all conduct the activity: 由A、B两部门牵头，会同C、D…;
# A主办、B承办; 由A主办，B协办; A牵头，B、C配合.
_COUNT = r"(?:等)?(?:[\d两二三四五六七八九十]+(?:个|家)?)?(?:成员)?(?:部门|单位)?"
_LEAD_AND_JOIN = re.compile(rf"\s*{_COUNT}\s*(?:共同)?(?:牵头|主办)\s*[，,、]?\s*(?:并)?(?:会同|联合|协同|携手)\s*")
_HOST_ROLE = re.compile(rf"\s*{_COUNT}(?:和企业|及企业)?\s*(?:共同)?(?:主办|承办|协办|联办|配合|参与|协助)")
_HOST_THEN = re.compile(r"\s*(?:共同)?(?:主办|承办|协办|联办|牵头|负责)\s*[，,、]\s*")
# …，A牵头，B配合。: the bodies and their roles close the sentence, so the task is the part of it before them.
_ROLES_CLOSE = re.compile(rf"\s*{_COUNT}\s*(?:共同)?(?:牵头|负责|主办|承办|配合|参与|协办|协助)\s*(?=[。；;！!\n]|\Z)")
# A指导B开展…: the body that guides does not conduct; the bodies it guides do.
_GUIDES = re.compile(r"\s*(?:负责)?指导\s*")


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


def find_statements(
    norm: str, theme: ThemeRecord, in_body: list[Mention], coordinators: tuple[Mention, ...] = ()
) -> list[Statement]:
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
    free = [m for m in in_body if not any(s <= m.start < e for s, e in inside)]
    led = _statement_starts(norm, theme.end, free, coordinators)
    boundaries = sorted([x.start for x in found] + [st for st, _, _ in led])
    for start, subject, task in led:
        later = [b for b in boundaries if b > start]
        end = _paragraph_end(norm, start, later[0] if later else theme.body_end)
        end = start + len(norm[start:end].rstrip())
        body = task or (_staff_end(norm, subject[-1].end), end)
        found.append(Statement(start, end, tuple(subject), *body))
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


def _statement_starts(
    norm: str, body_start: int, agencies: list[Mention], coordinators: tuple[Mention, ...] = ()
) -> list[tuple[int, list[Mention], tuple[int, int] | None]]:
    """Each agency mention that opens a statement, with the run of agencies that act jointly as its subject, and
    the span of the task when it comes before them (…，A牵头，B配合。).

    A statement opened by 由 whose subject is the campaign's coordinators (由A和B共同主办的…质量月活动) is the
    coordination itself, recorded on the campaign, not an activity.
    """
    starts: list[tuple[int, list[Mention], tuple[int, int] | None]] = []
    i = 0
    while i < len(agencies):
        m = agencies[i]
        opened = _opens_statement(norm, body_start, m)
        if opened is None:
            i += 1
            continue
        start, passive = opened
        j = _run_end(norm, agencies, i)
        subject = agencies[i:j]
        while j < len(agencies):
            gap = norm[subject[-1].end : agencies[j].start]
            k = _run_end(norm, agencies, j)
            if _LEAD_AND_JOIN.fullmatch(gap) or (
                _HOST_THEN.fullmatch(gap) and _HOST_ROLE.match(norm, agencies[k - 1].end)
            ):
                subject += agencies[j:k]
            elif _GUIDES.fullmatch(gap):
                subject = agencies[j:k]  # A指导B…: B conducts, A stays a body named in the statement
            else:
                break
            j = k
        if not (passive and tuple(subject) == coordinators):
            task = _task_before(norm, body_start, start, subject, starts[-1][0] if starts else -1)
            starts.append((task[0], subject, task) if task else (start, subject, None))
        i = j
    return starts


def _task_before(
    norm: str, body_start: int, start: int, subject: list[Mention], previous: int
) -> tuple[int, int] | None:
    """The task a sentence names before the bodies and roles that close it (开展…行动，A牵头，B配合。), if any."""
    if not _ROLES_CLOSE.match(norm, subject[-1].end):
        return None
    sentence = max(body_start, *(norm.rfind(c, body_start, start) + 1 for c in _BOUNDARY))
    sentence += len(norm[sentence:start]) - len(norm[sentence:start].lstrip())
    task_end = sentence + len(norm[sentence:start].rstrip("，,：: \t\u3000"))
    if sentence <= previous or task_end <= sentence:
        return None
    return sentence, task_end


def _run_end(norm: str, agencies: list[Mention], i: int) -> int:
    """The index after the run of agencies joined by connectors (A、B和C) that ``agencies[i]`` opens."""
    j = i + 1
    while j < len(agencies) and CONNECTOR.fullmatch(norm[agencies[j - 1].end : agencies[j].start]):
        j += 1
    return j


def _opens_statement(norm: str, body_start: int, m: Mention) -> tuple[int, bool] | None:
    """Where the statement that ``m`` opens starts (its ordinal, 由 or guidance clause included) and whether it is
    opened by 由; None when ``m`` opens none."""
    window = max(body_start, m.start - 60)
    lead = _LEAD_IN.search(norm, window, m.start)
    start = lead.start() if lead else m.start
    stripped = norm[body_start:start].rstrip(" \t\u3000")
    passive = bool(lead) and "由" in norm[start : m.start]
    if not stripped or stripped[-1] in _BOUNDARY:
        return start, passive
    if stripped[-1] not in "，,：:":
        return None
    verb = _staff_end(norm, m.end)
    if start < m.start or _LEAD_VERB.match(norm, verb) or _LEAD_MORE.match(norm, verb):
        return start, passive
    return None


def _staff_end(norm: str, end: int) -> int:
    """After 人员 when the mention names a body by its staff (税务人员): the verb comes after it."""
    tail = STAFF_TAIL.match(norm, end)
    return tail.end() if tail else end
