"""Statements of a theme section: agency-led sentences and tasks with a responsible-units bracket, with their spans."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from kg.ingest.activity_types import activity_type
from kg.ingest.leads import ACTION_VERB, COUNT, DUTY_UNITS, LEADS, OFFICIAL, OFFICIALS
from kg.ingest.mentions import Mention, MentionIndex
from kg.ingest.openers import BOUNDARY, joins_previous, object_first, opens_statement, staff_end
from kg.ingest.paragraphs import event_paragraphs, paragraph_end
from kg.ingest.roles import joined
from kg.ingest.tasks import task_before
from kg.ingest.themes import ThemeRecord

__all__ = ["Statement", "find_statements"]

# 在A的组织下，B… (带领, 号召, 倡议, 统筹及协调): A organised or led what B does, so both act (not so 在A的指导下
# or 领导下).
_ORGANISED = re.compile(r"在([^，,。；;！!\n]{2,40}?)的?(?:组织|带领|号召|倡议|统筹)(?:[及和与]协调)?下\s*[，,]")
# Bodies named one after another in their roles all conduct the activity: 由A、B两部门牵头，会同C、D…;
# A主办、B承办; 由A主办，B协办; A牵头，B、C配合; A牵头负责，B、C等十余个部门参与其中.
_LEAD_AND_JOIN = re.compile(rf"\s*{COUNT}\s*(?:共同)?(?:牵头|主办)\s*[，,、]?\s*(?:并)?(?:会同|联合|协同|携手)\s*")
_HOST_ROLE = re.compile(
    rf"\s*{COUNT}(?:和企业|及企业)?\s*(?:(?:共同)?(?:主办|承办|协办|联办|配合|参与|协助)|联合|协同|一起|共同(?=开展|举办|组织))"
)
_HOST_THEN = re.compile(r"\s*(?:共同)?(?:主办|承办|协办|联办|牵头负责|牵头|负责)\s*[，,、]\s*")
# A由B主导，…: the body within A that leads acts with it (縣府由財經處主導，結合…).
_LED_BY_IT = re.compile(r"\s*(?:主导|牵头)")
# A指导B开展…: the body that guides does not conduct; the bodies it guides do.
_GUIDES = re.compile(r"\s*(?:负责)?指导\s*")
# A组织/邀请/提请B、C…开展 (A将组织B…): the bodies that one body enlists or asks to act act with it;
# A等十一个部门联合与B等十一部门共同举办: so do both lists. An item that is no body may hold a bracket (村(居)委会).
_OTHER_ITEM = re.compile(r"\s*、(?:[^、，,。；;！!？?\n()（）“”《》]|[(（][^、，,。()（）]{1,2}[)）]){1,15}、\s*")
# A body's officials who lead another (县应急局局长张三带领B, 局长、副局长带领B): both bodies act; so do the bodies
# that a body leading the work organises (由综治办牵头组织派出所、镇江社区开展…).
_ENLISTS = re.compile(rf"\s*(?:{OFFICIALS})?(?:将|还|也|又|并)?(?:牵头[，,]?)?(?:组织|邀请|提请|召集|{LEADS}|联系)\s*")
# …and what a body will do with another, as Hong Kong's news tells it (海关会连同A及B…, 海关又会与警方…)
_JOIN_WITH = re.compile(
    rf"\s*{COUNT}\s*(?:近日|今日|日前|近期|再次|主动|已|长期|多年来|一直|历年来)?\s*(?:[亦又也还将]?会|将)?"
    r"\s*(?:共同|联合|一起)?\s*(?:与|和|同|会同|联合|协同|携手|连同|联同|偕同|携同)\s*"
)
# The event as the subject and the bodies that host or lead it after it: 启动仪式由A主办; 活动由A牵头; 今年的启动仪式
# A、B…等部门共同举办.
_HOSTS = re.compile(rf"\s*{COUNT}\s*(?:共同|联合|一起)?\s*(?:主办|举办|承办|协办|联办|发起|牵头)")
_EVENT_BEFORE = re.compile(
    r"(?:活动|仪式|大会|会议|发布会|论坛|竞赛|比赛|讲座|培训|演练|宣传日|咨询日|开放日|宣传周|宣传月|质量月|生产月)\s*(?:由)?\s*(?:[^\s，,。]{1,4}[省市])?\Z"
)
# Bodies that take part in the activity of their sentence, or of their own (…举办…活动，A、B等8个部门参加活动;
# A、B等21家成员单位参加; A、B、某协会等单位及社会组织积极参与: items that are no bodies may close a list
# that 等 closes)
# conduct it, as joint partners do; their leaders attending (A的负责同志出席) and bodies at a
# meeting or ceremony (参加会议, 出席启动仪式) do not.
_TAKES_PART = re.compile(
    rf"(?:(?:\s*、[^、，,。；;！!？?\n]{{1,15}}?)+?(?=\s*等))?\s*{COUNT}(?:[及和](?:机构|企业|社会组织))?"
    r"\s*(?:(?:工作|执法)?人员|民警|干部|队员)?"  # their people (A、B和C人员参加)
    r"\s*(?:也|均|都|积极|共同)?\s*(?:参加|参与)了?(?:本次|此次)?(?:活动|其中)?\s*(?=[，,。；;！!\n]|\Z)"
)
# Bodies (or their leaders) that attend someone else's event do not conduct it: A的负责同志出席启动仪式。
# A leader may be named by his titles first, across a comma (A副主任，B主席某某出席活动), and may hand out the
# prizes or speak after attending (出席活动并为获奖队伍颁奖). A competition's winners (A和B…分别夺得…一等奖) do
# not conduct it either.
_ATTENDS = re.compile(
    rf"(?:{OFFICIAL}[，,])?[^，,。；;！!\n]{{0,80}}?(?:参加|出席|列席)了?(?:本次|此次)?"
    r"(?:[^，,。；;！!\n的]{1,8}的)?(?:启动仪式|仪式|活动|会议|大会|开幕式|座谈会|发布会)?"  # 出席了主会场的活动
    r"(?:并[^，,。；;！!\n]{0,20}?(?:颁奖|致辞|讲话))?\s*(?=[，,。；;！!\n]|\Z)"
    r"|[^。；;！!\n]{0,80}?(?:夺得|荣获|斩获|摘得|获得)[^，,。；;！!\n]{0,20}?奖"
    # their heads attend, whatever the event is written as (A、B等单位负责人出席启动仪式)
    r"|[^，,。；;！!\n]{0,80}?(?:负责人|负责同志|领导同志|领导)[^，,。；;！!\n]{0,4}?(?:参加|出席|列席)[^，,。；;！!\n]{0,30}"
    r"(?=[，,。；;！!\n]|\Z)"
    # …or a leader, named by the body's titles, attends, speaks or presides (A副主任张某出席…并参观…; A副部长、B主任
    # 李某在启动仪式致辞中介绍，…): a person, not the body
    rf"|\s*{OFFICIALS}(?:[，,][^，,。；;！!\n]{{0,16}}?{OFFICIALS})*(?:在[^，,。；;！!\n]{{0,20}}?)?"
    r"(?:出席|参加|列席|讲话|致辞|主持)[^，,。；;！!\n]*"
)
_ACTS = re.compile(r"组织|邀请|带领|动员|开展|举办|举行|召开|主办|承办|观摩")
# 由A主办的…咨询日活动在广场举行: an event held at a place is an activity of its host, the campaign's coordinator too.
# The event's theme may be quoted, with its own commas (…主办的主题为“减轻风险,守护家园”的…活动在…举行).
_HELD_AT = re.compile(r"(?:“[^”\n]{0,40}”|[^，,。；;！!\n“]){0,60}?在[^，,。；;！!\n]{1,30}?(?:举行|举办|开幕)")


# A clause in which a body only speaks, with the next body of its sentence doing what is said: 消防局今（9）日表示，
# 为加强宣导，第三大队…; 海关今日宣布，海关联同…
_SAYS_ONLY = re.compile(
    r"\s*[^，,。；;！!\n]{0,14}?(?:表示|宣布|指出|称|介绍|强调|透露|提醒|说)\s*[，,：:]\s*(?:为了?[^，,。；;！!\n]{0,30}[，,]\s*)?"
)


# A title line naming its kind (…活动总结, …实施方案, …的通知, …情况报告; Taiwan's …宣導成果, Hong Kong's …活動回顧):
# no sentence, no activity.
_TITLE = re.compile(r"[^。，,；;！!？?\n]{4,80}(?:总结|方案|通知|报告|情况|汇报|简报|通报|的函|成果|回顾)\s*")


@dataclass(frozen=True)
class Statement:
    """A statement's span, the agencies that carry it out, and the part of it that says what they do."""

    start: int
    end: int
    subject: tuple[Mention, ...]
    body_start: int
    body_end: int


# A plan names who is responsible after the task: （责任单位：省市场监管局、省教育厅）, （牵头单位：…；配合单位：…）.
# …（由县市场监管局负责组织实施）: the same after the task, as a sentence. An item of a notice may name them
# without brackets after its heading, to the end of the sentence or line: （三）开展…。牵头单位：A；配合单位：B、C
_DUTY = re.compile(
    rf"[(（]\s*(?:{DUTY_UNITS}[^()（）\n]*"
    r"|由[^()（）\n]{2,40}?(?:负责|牵头|组织)[^()（）\n]{0,12}"
    r"|[^()（）\n]{2,120}?(?:主办|承办|负责|牵头)(?!人)[^()（）\n]{0,40})[)）]"
    rf"|(?:^|(?<=[。；;\n]))[ \t\u3000]*(?:\d{{1,2}}\s*[.．、]\s*)?{DUTY_UNITS}[^()（）\n。]*"
)


def _repeats_title(norm: str, start: int, title: str) -> bool:
    """Whether the line starting at ``start`` is the report's first line again (a news page's picture caption).

    >>> _repeats_title("甲镇开展宣传\\n正文。\\n甲镇开展宣传\\n结果。", 11, "甲镇开展宣传")
    True
    """
    line_end = norm.find("\n", start)
    line = norm[start : line_end if line_end >= 0 else len(norm)]
    return (start == 0 or norm[start - 1] == "\n") and line.strip() == title


def find_statements(
    norm: str, theme: ThemeRecord, in_body: MentionIndex, coordinators: tuple[Mention, ...] = ()
) -> list[Statement]:
    """Agency-led statements (``省市场监管局开展…``) and tasks with a responsible-units bracket, in text order.

    ``in_body`` indexes the agencies of the theme's body; each look-up is a bisection, so the cost grows with the
    number of statements, not with its square.
    """
    found: list[Statement] = []
    for duty in _DUTY.finditer(norm, theme.end, theme.body_end):
        named = tuple(in_body.starting(duty.start(), duty.end()))
        if not named:
            continue
        before = norm[theme.end : duty.start()].rstrip("。；;，, \t\u3000\n")  # the task may end its own line
        start = theme.end + max((before.rfind(c) for c in "\n。；;"), default=-1) + 1
        start = max(start, found[-1].end if found else theme.end)
        start += len(norm[start : duty.start()]) - len(norm[start : duty.start()].lstrip())
        found.append(Statement(start, duty.end(), named, start, duty.start()))
    inside = bytearray(theme.body_end - theme.end + 1)  # 1 where a task with a duty bracket covers the character
    for x in found:
        inside[x.start - theme.end : x.end - theme.end] = b"\x01" * (x.end - x.start)
    free = [m for m in in_body.mentions if not inside[m.start - theme.end]]
    led = _statement_starts(norm, theme.end, free, coordinators)
    boundaries = sorted([x.start for x in found] + [st for st, _, _ in led])
    title = norm[: norm.find("\n")].strip() if "\n" in norm else ""
    for start, subject, task in led:
        taken: tuple[Mention, ...] = ()
        if not subject:
            continue  # attendees: their clause ends the statement before it, but is none
        later = bisect_right(boundaries, start)
        limit = boundaries[later] if later < len(boundaries) else theme.body_end
        end = paragraph_end(norm, start, limit)
        paragraph = norm.rfind("\n", 0, start) + 1
        if not any(paragraph <= b < start for b in boundaries):  # the one activity of its paragraph (so far)
            end, taken = event_paragraphs(norm, end, limit, in_body, joint=len(subject) > 1)
        end = start + len(norm[start:end].rstrip())
        body = task or (staff_end(norm, subject[-1].end), end)
        subject = subject + [m for m in taken if m not in subject]  # 三是组织A、B…: bodies its items take along
        if _SAYS_ONLY.fullmatch(norm, body[0], end) or _TITLE.fullmatch(norm, start, end) or _view_only(norm, body[0]):
            continue  # A今日表示，(为…，)B开展…: A only speaks; what is done is B's. A report's title is no activity
        if title and start > len(title) and _repeats_title(norm, start, title):
            continue  # the headline again, under a picture: what it says is the report's, not a further activity
        found.append(Statement(start, end, tuple(subject), body[0], end if body[1] < 0 else body[1]))
    return sorted(found, key=lambda x: x.start)


# A body's words that open with a view, not a deed: 縣府表示，守護好山好水，是…的基礎。
_SAYS = re.compile(r"\s*[^，,。；;！!\n]{0,6}?(?:表示|指出|强调|认为)\s*[，,：:]")
_INTENDS = re.compile(r"\s*(?:也|亦|还)?\s*(?:将|会|持续|继续|已|正)")
# A deed reported in what a body says (…共截获11男四女; …，现正追查经营者下落): police news tells its work so.
_DEED = re.compile(r"(?:现正|正在|已)\s*(?:追查|调查|跟进|侦查|侦办|追缉)|截获|截查|拘捕|查获|检获|搜获")


def _view_only(norm: str, at: int) -> bool:
    """Whether what is said at ``at`` (A表示，…) opens with a sentence that names no action (no verb of the genre's,
    no keyword of an activity's type): the body states a view, it does nothing."""
    said = _SAYS.match(norm, at)
    if said is None or _INTENDS.match(norm, said.end()):
        return False  # A表示，將持續輔導…: what it will do is a deed
    stop = min((i for i in (norm.find(c, said.end()) for c in "。；;！!\n") if i >= 0), default=len(norm))
    deed = ACTION_VERB.search(norm, said.end(), stop) or _DEED.search(norm, said.end(), stop)
    return not deed and activity_type(norm, said.end(), stop, []) == "TypeOther"


def _statement_starts(
    norm: str, body_start: int, agencies: list[Mention], coordinators: tuple[Mention, ...] = ()
) -> list[tuple[int, list[Mention], tuple[int, int] | None]]:
    """Each agency mention that opens a statement, with the run of agencies that act jointly as its subject, and
    the span of the task when it comes before them (…，A牵头，B配合。).

    A statement opened by 由 whose subject is the campaign's coordinators (由A和B共同主办的…质量月活动) is the
    coordination itself, recorded on the campaign, not an activity. Bodies that take part (…，A、B等部门参加活动)
    join the activity of their sentence, or have one of their own; bodies that only attend (A的负责同志出席仪式)
    give an entry with no subject: it bounds the statement before it and is dropped. A clause opened by 联合 adds
    its bodies to the statement its sentence opened; an event named before its hosts (…仪式由A、B共同举办) is
    their task. A task whose end is not known yet is ``(start, -1)``: it runs to the statement's end.
    """
    starts: list[tuple[int, list[Mention], tuple[int, int] | None]] = []
    i = 0
    while i < len(agencies):
        m = agencies[i]
        opened = opens_statement(norm, body_start, m, agencies[_run_end(norm, agencies, i) - 1].end)
        hosted = None if opened else _hosted(norm, body_start, agencies, i)
        if not (opened or hosted):
            i += 1
            continue
        start, passive = opened or hosted  # type: ignore[misc]
        j = _run_end(norm, agencies, i)
        subject = agencies[i:j]
        while j < len(agencies):
            gap = norm[subject[-1].end : agencies[j].start]
            k = _run_end(norm, agencies, j)
            if _LEAD_AND_JOIN.fullmatch(gap) or _ENLISTS.fullmatch(gap) or _JOIN_WITH.fullmatch(gap) or (
                _HOST_THEN.fullmatch(gap) and _HOST_ROLE.match(norm, agencies[k - 1].end)
            ) or (gap.strip() == "由" and _LED_BY_IT.match(norm, agencies[k - 1].end)):
                subject += agencies[j:k]
            elif _GUIDES.fullmatch(gap):
                subject = agencies[j:k]  # A指导B…: B conducts, A stays a body named in the statement
            else:
                break
            j = k
        organised = [a for a in agencies[:i] if a.start >= start and _organised_by(norm, start, m.start, a)]
        subject = organised + subject
        takes_part = _TAKES_PART.match(norm, subject[-1].end) is not None
        if _attends(norm, subject[-1].end) and not takes_part:
            starts.append((start, [], None))
        elif takes_part and j == _run_end(norm, agencies, i) and starts and starts[-1][1] and not any(
            c in BOUNDARY for c in norm[starts[-1][0] : start]
        ):
            first = starts[-1]  # the sentence's activity: what it does follows its first bodies
            starts[-1] = (first[0], first[1] + subject, first[2] or (staff_end(norm, first[1][-1].end), -1))
        elif passive and tuple(subject) == coordinators and not _HELD_AT.match(norm, subject[-1].end):
            pass
        elif starts and starts[-1][1] and joins_previous(norm, starts[-1][0], start, m.start):
            first = starts[-1]  # what it does starts after the sentence's first bodies, not after the joined ones
            starts[-1] = (first[0], first[1] + subject, first[2] or (staff_end(norm, first[1][-1].end), -1))
        elif hosted or (passive and not norm[start].startswith("由") and object_first(norm, start, m.start)):
            # the event named before its hosts, or the object of the task its bodies are charged with, is what
            # they do
            starts.append((start, subject, (start, -1)))
        elif task := task_before(norm, body_start, start, subject, starts[-1][0] if starts else -1):
            starts.append((task[0], subject, task))
        else:
            starts.append((start, subject, None))
        i = j
    return starts


def _run_end(norm: str, agencies: list[Mention], i: int) -> int:
    """The index after the run of agencies joined by connectors (A、B和C) that ``agencies[i]`` opens; an item that
    is no body (A、某小学、B) does not end the list."""
    j = i + 1
    while j < len(agencies) and (
        joined(norm, agencies[j - 1], agencies[j])
        or _OTHER_ITEM.fullmatch(norm[agencies[j - 1].end : agencies[j].start])
    ):
        j += 1
    return j


def _hosted(norm: str, body_start: int, agencies: list[Mention], i: int) -> tuple[int, bool] | None:
    """The statement of an event named before the bodies that host it (启动仪式由A主办、B协办; …启动仪式A、B等部门
    联合与C、D等部门共同举办): it starts with its clause."""
    j = _run_end(norm, agencies, i)
    while not _HOSTS.match(norm, agencies[j - 1].end):
        if j == len(agencies) or not _JOIN_WITH.fullmatch(norm[agencies[j - 1].end : agencies[j].start]):
            return None
        j = _run_end(norm, agencies, j)
    m = agencies[i]
    clause = max(body_start, *(norm.rfind(c, body_start, m.start) + 1 for c in "，," + BOUNDARY))
    lead = norm[clause : m.start].rstrip(" \t\u3000")
    passive = lead.endswith("由")
    if not (passive or _EVENT_BEFORE.search(lead)):
        return None
    return clause + len(norm[clause : m.start]) - len(norm[clause : m.start].lstrip()), passive


def _organised_by(norm: str, start: int, end: int, a: Mention) -> bool:
    """Whether ``a`` is named in a clause 在A的组织下， between ``start`` and ``end``."""
    return any(o.start(1) <= a.start and a.end <= o.end(1) for o in _ORGANISED.finditer(norm, start, end))


def _attends(norm: str, end: int) -> bool:
    """Whether the bodies ending at ``end`` (or their leaders) only attend the event their clause names."""
    seen = _ATTENDS.match(norm, end)
    return seen is not None and not _ACTS.search(seen.group())


