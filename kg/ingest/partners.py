"""Whom a statement's subject acts with further on in its first clause (A於3月10日會同B、C前往…, A指派…聯合B抽查…),
whether anything is said of it at all (not in a byline or a list of names that no predicate follows), and the
sentences after it that point back at its bodies (團隊其後到訪…)."""

from __future__ import annotations

import dataclasses
import re

from kg.ingest.leads import ACTION_VERB, CONCERNED, JOINING
from kg.ingest.mentions import Mention
from kg.ingest.roles import is_acting, subject_run
from kg.ingest.statements import Statement

__all__ = ["back_references", "event_partners", "joined_later", "names_only"]

# A word by which the subject takes other bodies along (leads.JOINING), and what ends the clause it must stand in.
_JOIN = re.compile(rf"(?:{JOINING})\s*(?:{CONCERNED})?\s*\Z")  # 整合相关单位B、C: the bodies concerned are B, C
# 与 joins as well when the clause goes on to say they act together (A于9月与B及C采取联合执法行动).
_WITH = re.compile(r"与\s*\Z")
_TOGETHER = re.compile(r"联合|共同|合作|携手|一起|一同")
_HELPS = re.compile(r"\s*(?:一同|共同|一起)?\s*协助")  # (邀请B参与: B is asked to take part, its own act)
_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")
_OWN_JOINED = re.compile(rf"\s*(?:消保官|(?:执法|工作|稽查)?人员|同仁)?\s*(?:{JOINING})\s*")
# A sentence opened by the subject's staff, a unit of theirs written short before them, who take others along.
_STAFF_JOINED = re.compile(rf"[。！!？?\n]\s*[^，,。；;！!？?\n]{{0,4}}?人员\s*(?:{JOINING})\s*\Z")
# A word by which the subject sends its own formations out (警方動員刑偵人員、水警、機動部隊…; …，並調派B到場): they
# act with it; other items of the list (staff) may come before them.
_SENDS = r"(?:动员|调派|出动)"
_SENT = re.compile(rf"{_SENDS}\s*(?:[^，,。；;！!？?\n、]{{1,8}}、\s*)*\Z")
_OPENS_JOINED = re.compile(
    rf"[，,、；;]\s*(?:以及|并|也|亦|另|再)?\s*(?:近期|近日|近来|最近|日前|今日|今天|昨日|随后|随即|同时|初期)?\s*"
    # 指挥: a prosecutor directing the units of its operation
    rf"(?:(?P<with>与)|(?P<invites>邀请)|(?:{JOINING})\s*(?:{CONCERNED})?|指挥|{_SENDS})\s*\Z"
)


def joined_later(norm: str, subject: tuple[Mention, ...], end: int, agencies: list[Mention]) -> tuple[Mention, ...]:
    """The bodies that ``subject`` joins after other words of its first clause (a date, an assignment), each run of
    bodies right after 会同/联合/联同/偕同/协同/配合/结合, up to ``end`` (the statement's end) or the clause's end;
    further on in the sentence, a clause that opens with such a word (…，以及联同B执行…, …，结合B邀请…), or with 与
    and says they act together (…；亦与B展开联合巡查). A body named as the authority (配合B的部署) is none of them.

    >>> a, b, c = (Mention("agency", k, s, s + 3, True) for k, s in (("a", 0), ("b", 11), ("c", 15)))
    >>> [m.key for m in joined_later("消保处于3月10日会同标检局、食药署前往", (a,), 21, [a, b, c])]
    ['b', 'c']
    >>> b, c = (Mention("agency", k, s, s + 3, True) for k, s in (("b", 10), ("c", 14)))
    >>> [m.key for m in joined_later("消保处于3月10日与标检局、食药署联合巡查", (a,), 21, [a, b, c])]
    ['b', 'c']
    >>> [m.key for m in joined_later("消保处于3月10日与标检局、食药署会面", (a,), 19, [a, b, c])]
    []
    >>> b = Mention("agency", "b", 14, 19, True)
    >>> [m.key for m in joined_later("消防队前往庙宇办理宣导，结合白河区公所邀请书法家", (a,), 25, [a, b])]
    ['b']
    >>> b = Mention("agency", "b", 15, 18, True)
    >>> [m.key for m in joined_later("消防队设立资讯站。分区人员联同防罪组派发传单", (a,), 23, [a, b])]
    ['b']
    >>> b, c = Mention("agency", "b", 15, 17, False), Mention("agency", "c", 18, 22, False)
    >>> [m.key for m in joined_later("警方于3月10日动员刑侦人员、水警、机动部队巡查", (a,), 24, [a, b, c])]
    ['b', 'c']
    >>> a2, b = Mention("agency", "a", 16, 18, True), Mention("agency", "b", 23, 26, True)
    >>> [m.key for m in joined_later("县政府为维护权益，于1月29日由县府消保官会同消防局稽查", (a,), 28, [a, a2, b])]
    ['b']
    """
    stop = _CLAUSE_END.search(norm, subject[-1].end, end)
    limit = stop.start() if stop else end
    sentence = _FULL_STOP.search(norm, subject[-1].end, end)
    found: list[Mention] = []
    for m in agencies:
        if m in subject or m in found or not subject[-1].end < m.start < end:
            continue
        if sentence and m.start > sentence.start():  # a later sentence the statement runs on over, opened by its
            # staff who take others along (…。分區人員聯同B、C…派發傳單)
            if _STAFF_JOINED.search(norm, max(sentence.start(), m.start - 12), m.start):
                found += [x for x in subject_run(norm, m, agencies) if x not in subject and x not in found]
            continue
        if not is_acting(norm, m):
            continue  # A配合B的部署: B is the authority A acts under, as in 按照B的部署
        window = max(subject[-1].end, m.start - 3)
        if m.start > limit:  # a later clause of the sentence, when it opens with the joining word (…，(近期)聯同B…;
            # …；亦與B展開聯合巡查: 與 when the clause says they act together)
            opens = _OPENS_JOINED.search(norm, max(subject[-1].end, m.start - 10), m.start)
            clause = _CLAUSE_END.search(norm, m.end, end)
            again = any(  # the subject written again, its officer or staff taking B along (…，由縣府消保官會同B…)
                o.key in {x.key for x in subject} and subject[-1].end <= o.start and _OWN_JOINED.fullmatch(
                    norm, o.end, m.start) for o in agencies)
            if again or (opens and (  # 邀请B协助…: the bodies invited to help (not 邀请B讲解)
                (not opens.group("with") or _TOGETHER.search(norm, m.end, clause.start() if clause else end))
                and (not opens.group("invites") or _HELPS.match(norm, subject_run(norm, m, agencies)[-1].end)))):
                found += [x for x in subject_run(norm, m, agencies) if x not in subject and x not in found]
            continue
        together = _WITH.search(norm, window, m.start) and _TOGETHER.search(norm, m.end, limit)
        sent = _SENT.search(norm, subject[-1].end, m.start)
        if _JOIN.search(norm, window, m.start) or together or sent or _joined_list(norm, subject[-1].end, m, agencies):
            found += [x for x in subject_run(norm, m, agencies) if x not in subject and x not in found]
    return tuple(found)


# A list closed as the bodies concerned (…等相關權責單位, 等有关部门): after a joining word earlier in the clause
# (A結合警察機關勞政主管機關B、C及D等相關權責單位), items that name no body may come before its first body.
_JOIN_WORD = re.compile(JOINING)
_CLOSED_LIST = re.compile(r"\s*等(?:相关|有关)?(?:权责|职能|执法)?(?:单位|部门|机关)")


def _joined_list(norm: str, after: int, m: Mention, agencies: list[Mention]) -> bool:
    """Whether ``m`` opens a list closed by 等相关单位 that a joining word between ``after`` and it takes along."""
    run = subject_run(norm, m, agencies)
    return bool(_CLOSED_LIST.match(norm, run[-1].end)) and _JOIN_WORD.search(norm, after, m.start) is not None


# What follows the subject of a statement that says nothing of it: nothing, or more names of a list cut off.
_NAMES_ONLY = re.compile(r"(?:\s*、\s*[^、，,。；;！!？?\s]{1,12})*\s*")


def names_only(norm: str, subject: tuple[Mention, ...], end: int) -> bool:
    """True when nothing but further names follows ``subject`` up to ``end``: a byline (消费者委员会 alone on its line)
    or a list of names that no predicate follows (a caption) -- but not a list of three bodies or more that the page
    cut in the middle of a name, where the text ends (部门加强协作。A、B、C、药物): a sentence cut off, its bodies
    those of the report's event, whose predicate is lost with the rest of the page.

    >>> a = Mention("agency", "a", 0, 3, True)
    >>> names_only("消委会、市政署、药物", (a,), 10), names_only("消委会", (a,), 3), names_only("消委会巡查", (a,), 5)
    (True, True, False)
    >>> b, c = Mention("agency", "b", 4, 7, True), Mention("agency", "c", 8, 11, True)
    >>> names_only("消委会、市政署、海关、药物", (a, b, c), 14), names_only("消委会、市政署、海关", (a, b, c), 11)
    (False, True)
    """
    if len(subject) >= 3 and not norm[end:].strip() and _CUT_NAME.fullmatch(norm, subject[-1].end):
        return False
    return _NAMES_ONLY.fullmatch(norm, subject[-1].end, end) is not None


_CUT_NAME = re.compile(r"\s*、\s*[^、，,。；;！!？?\s]{1,12}\s*")  # a list's last item cut short where the text ends


# A sentence whose subject points back at the bodies of the statement before it: 團隊 (the team they formed),
# 該團隊, 上述單位, or their staff written bare (行動中，人員將重點巡查…: no body's staff named); or that reports, with
# no subject, what was done in their operation (行動期間共截查110人).
_BACK = re.compile(
    r"(?:(?:另外|此外|其后|随后|同时)\s*[，,]?\s*)?(?:该|此)?(?:团队|上述单位|上述部门)"
    rf"|(?:于|在)?(?:行动|活动)(?:中|期间)\s*[，,]?\s*(?:共|合共|先后|亦)?\s*(?={ACTION_VERB.pattern})"
)
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_FULL_STOP = re.compile(r"[。！!？?\n]")  # a sentence's end; its clauses may part at a semicolon


def back_references(norm: str, start: int, end: int, statements: list[Statement]) -> list[Statement]:
    """``statements``, each running on over the sentences outside every statement in ``[start, end)`` that open
    with 团队/该团队/上述单位 after it: what its bodies did next, so its quote names the bodies that act.

    >>> a = Mention("agency", "a", 0, 3, True)
    >>> st = [Statement(0, 8, (a,), 3, 8)]
    >>> [(s.start, s.end, s.body_end) for s in back_references("消委会派发单张。\\n团队到访大厦。", 0, 16, st)]
    [(0, 16, 16)]
    """
    found = list(statements)
    for hit in _BACK.finditer(norm, start, end):
        opening = norm[start : hit.start()].rstrip(" \t\u3000")
        before = [i for i, s in enumerate(found) if s.start <= hit.start()]
        after_stop = not opening or opening[-1] in "。；;！!？?\n，,"
        if not after_stop or not before or found[before[-1]].end > hit.start():
            continue
        stop = _SENTENCE_END.search(norm, hit.end(), end)
        close = stop.end() if stop and stop.group() != "\n" else stop.start() if stop else end
        later = [s.start for s in found if s.start > hit.start()]
        if later and close > later[0]:  # a body named later in the sentence opens its own statement there
            close = later[0]
        found[before[-1]] = dataclasses.replace(found[before[-1]], end=close, body_end=close)
    return found


# A sentence on the event just reported that names the bodies it was held with (本次活動偕同苓雅防火宣導義消，運用…),
# or that goes on with no subject, after 此外 and a time, to the bodies joined next (此外，昨日晚間也結合B、C…攔查).
_EVENT_WITH = re.compile(
    r"(?:(?:本次|此次|这次|该)活动|(?:此外|另外|同时|其后|随后)\s*[，,]\s*"
    r"(?:[^，,。；;！!？?\n]{0,8}?(?:日|晚间|晚上|上午|下午|凌晨|期间))?)"
    r"\s*(?:亦|也|并|还)?\s*(?:偕同|结合|联合|会同|联同|配合|携手)\s*"
)


def event_partners(
    norm: str, start: int, end: int, statements: list[Statement], agencies: list[Mention]
) -> list[Statement]:
    """``statements``, the one before a sentence in ``[start, end)`` that opens with the event and the bodies it was
    held with (本次活動偕同B…), or with no subject with the bodies joined next (此外，昨日也結合B…), running on over
    it, with those bodies: they act with its own. They are put first in
    its subject, whose last body stays the one its first clause follows (A配合C…: C is still joined).

    >>> a, b = Mention("agency", "a", 0, 2, True), Mention("agency", "b", 13, 15, True)
    >>> st = [Statement(0, 7, (a,), 2, 7)]
    >>> text = "甲队举办活动。本次活动偕同乙队宣导。"
    >>> [(s.end, [m.key for m in s.subject]) for s in event_partners(text, 0, 18, st, [a, b])]
    [(18, ['b', 'a'])]
    """
    found = list(statements)
    for hit in _EVENT_WITH.finditer(norm, start, end):
        opening = norm[start : hit.start()].rstrip(" \t\u3000")
        before = [i for i, s in enumerate(found) if s.start <= hit.start()]
        first = next((m for m in agencies if m.start == hit.end()), None)
        if opening[-1:] not in ("", *_BOUNDARY) or not before or found[before[-1]].end > hit.start() or first is None:
            continue
        stop = _SENTENCE_END.search(norm, hit.end(), end)
        close = stop.end() if stop and stop.group() != "\n" else stop.start() if stop else end
        if any(hit.start() < s.start < close for s in found):
            continue
        last = found[before[-1]]
        joined = tuple(m for m in subject_run(norm, first, agencies) if m not in last.subject)
        found[before[-1]] = dataclasses.replace(last, end=close, body_end=close, subject=joined + last.subject)
    return found


_BOUNDARY = tuple("。；;！!？?\n")

