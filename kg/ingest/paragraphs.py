"""Where a statement ends: at its paragraph's end, or after the paragraphs that go on telling its event."""

from __future__ import annotations

import re

from kg.ingest.leads import ACTION_VERB, COLLECTIVE, DATE, JOINING
from kg.ingest.mentions import Mention, MentionIndex
from kg.ingest.openers import ORDINAL

__all__ = ["event_paragraphs", "paragraph_end"]


def paragraph_end(norm: str, start: int, end: int) -> int:
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


# A paragraph that opens with the event itself, or its time or place (活动现场，…; 活动共发放…; 此次宣传活动以…;
# 宣传周期间，将开展…; 9月22日展开行动的…), not with a list of others that hold events of their own (各乡镇开展活动…).
# One that speaks of the bodies as a group (行动中，各部门…) is left to the subjects that point back
# (kg.ingest.referents).
_EVENT_OPENS = re.compile(
    rf"[ \t\u3000]*(?:{DATE}\s*)?"  # its day first: 9月22日展开行动的…
    r"(?!各|[^，,。；;！!？?\n]{0,6}?(?:开展|举办|组织|参加|参与))"
    r"(?:(?:此次|本次|这次|该|整个)[^，,。；;！!？?\n]{0,16}?|[^，,。；;！!？?\n]{0,6}?)"
    r"(?:活动|行动|仪式|宣传周|宣传月|宣传日|开放日)"
)

_GROUP = re.compile(COLLECTIVE)
# A paragraph that opens with what is done and no subject, behind the part of the work it reports on (质量提升方面，
# 积极筹备召开…；开展…行动。; 利用集市等时机，采取…形式宣传…), or an item of what the statement announced, behind its
# ordinal, day or venue (一是在县电视台进行宣传。二是组织…; 三是6月15日组织…): its subject is the statement's before
# it. Bodies named jointly may be spoken of as several departments (多部门将组织开展…). Not 通过, which opens what
# the work achieved as often as what was done (通过…，提高了…).
_ASPECT = r"[^，,。；;！!？?\n]{2,12}方面\s*[，,：:]\s*"
_DONE = rf"(?!通过)(?:{ACTION_VERB.pattern}|加强|强化|筹备|做好|推进|落实|实施|采取|利用|依托|借助)"
_CARRIED_OPENS = re.compile(
    rf"[ \t\u3000]*(?:{ORDINAL}\s*)?(?:{_ASPECT})?(?:{DATE}[^，,。；;！!？?\n]{{0,8}}?[，,]?\s*)?"
    rf"(?:在[^，,。；;！!？?\n]{{1,30}}?)?(?P<group>多个?部门\s*)?(?:将|要|还|也|并|同时)?\s*"
    rf"(?:积极|大力|认真|扎实|全面|进一步|持续|广泛|重点|着力|及时)*\s*{_DONE}"
)


# A body a carried paragraph may name without being its subject: where the work is done (在县电视台宣传), or one the
# subject takes along (组织A、B等部门…, 联合A): a verb or 在 right before it, or a list's connector after such a body.
_TAKEN_ALONG = re.compile(rf"(?:在|组织|邀请|{JOINING}|携手)\s*\Z")
_NEXT_ITEM = re.compile(r"\s*(?:、|和|及|以及)\s*")
_BLANK = re.compile(r"[ \t\u3000]*\n")


def event_paragraphs(
    norm: str, end: int, limit: int, agencies: MentionIndex, joint: bool = False
) -> tuple[int, tuple[Mention, ...]]:
    """Where a statement ending at ``end`` (a paragraph's end), the one activity of its paragraph, ends once it runs
    on over the paragraphs after it, before ``limit``, that open with its event (活动现场，…。活动共发放…。) or with
    what is done and no subject (质量提升方面，积极筹备…; 二是组织…): they tell what its bodies did there or next; and
    the bodies those paragraphs say its bodies took along (三是组织A、B…举行…), which act with them. ``joint`` says
    its bodies are several, which 多部门 may stand for. Blank lines between paragraphs (web text) go on; a heading (a
    line with no sentence end) or a paragraph naming another body stops it.

    >>> text = "甲局联合乙局开展活动。\\n提升方面，积极筹备大会。\\n\\n多部门将组织宣传。\\n全省各地将同步开展。"
    >>> [event_paragraphs(text, 11, len(text), MentionIndex([]), joint)[0] for joint in (False, True)]
    [24, 35]
    >>> text = "甲局将开展宣传。\\n一是在电视台宣传。\\n二是组织乙局举办讲座。"
    >>> found = MentionIndex([Mention("agency", "电视台", 12, 15, False), Mention("agency", "乙局", 23, 25, False)])
    >>> event_paragraphs(text, 8, len(text), found)
    (30, (Mention(kind='agency', key='乙局', start=23, end=25, curated=False, named=None),))
    """
    partners: list[Mention] = []
    while end < limit and norm[end] == "\n":
        start = end + 1
        while start < limit and (blank := _BLANK.match(norm, start, limit)):
            start = blank.end()
        nxt = norm.find("\n", start, limit)
        stop = limit if nxt < 0 else nxt
        para = norm[start:stop]
        carried = _CARRIED_OPENS.match(para)
        if carried and carried.group("group") and not joint:
            carried = None
        if not ((_EVENT_OPENS.match(para) or carried) and "。" in para) or _GROUP.search(para):
            break
        named = agencies.overlapping(start, stop)
        taken = [] if not named else _taken_along(norm, start, named) if carried else None
        if taken is None:
            break
        partners += taken
        end = start + len(para.rstrip())
    return end, tuple(partners)


def _taken_along(norm: str, start: int, named: list[Mention]) -> list[Mention] | None:
    """The bodies taken along among those ``named`` in a carried paragraph that opens at ``start``, when each named
    is a venue or a body taken along (after 在, 组织, 联合 …, or after such a body in its list); else None: a body
    the paragraph names otherwise may be its subject."""
    taken: list[Mention] = []
    previous: Mention | None = None
    venue = False
    for m in named:
        if previous is not None and _NEXT_ITEM.fullmatch(norm, previous.end, m.start):
            pass  # the list goes on: a venue's or the bodies taken along
        elif lead := _TAKEN_ALONG.search(norm, max(start, m.start - 4), m.start):
            venue = lead.group().startswith("在")
        else:
            return None
        if not venue:
            taken.append(m)
        previous = m
    return taken
