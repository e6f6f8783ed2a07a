"""Where a statement ends: at its paragraph's end, or after the paragraphs that go on telling its event."""

from __future__ import annotations

import re

from kg.ingest.leads import ACTION_VERB, COLLECTIVE, DATE
from kg.ingest.mentions import MentionIndex

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
# 积极筹备召开…；开展…行动。; 利用集市等时机，采取…形式宣传…): its subject is the statement's before it. Bodies
# named jointly may be spoken of as several departments (多部门将组织开展…). Not 通过, which opens what the work
# achieved as often as what was done (通过…，提高了…).
_ASPECT = r"[^，,。；;！!？?\n]{2,12}方面\s*[，,：:]\s*"
_DONE = rf"(?!通过)(?:{ACTION_VERB.pattern}|加强|强化|筹备|做好|推进|落实|实施|采取|利用|依托|借助)"
_CARRIED_OPENS = re.compile(
    rf"[ \t\u3000]*(?:{_ASPECT})?(?P<group>多个?部门\s*)?(?:将|要|还|也|并|同时)?\s*"
    rf"(?:积极|大力|认真|扎实|全面|进一步|持续|广泛|重点|着力|及时)*\s*{_DONE}"
)


def event_paragraphs(norm: str, end: int, limit: int, agencies: MentionIndex, joint: bool = False) -> int:
    """Where a statement ending at ``end`` (a paragraph's end), the one activity of its paragraph, ends once it runs
    on over the paragraphs after it, before ``limit``, that name no body and open with its event (活动现场，…。
    活动共发放…。) or with what is done and no subject (质量提升方面，积极筹备…): they tell what its bodies did there
    or next. ``joint`` says its bodies are several, which 多部门 may stand for. A heading (a line with no sentence
    end) or a paragraph naming a body stops it.

    >>> text = "甲局联合乙局开展活动。\\n提升方面，积极筹备大会。\\n多部门将组织宣传。\\n全省各地将同步开展。"
    >>> [event_paragraphs(text, 11, len(text), MentionIndex([]), joint) for joint in (False, True)]
    [24, 34]
    """
    while end < limit and norm[end] == "\n":
        nxt = norm.find("\n", end + 1, limit)
        stop = limit if nxt < 0 else nxt
        para = norm[end + 1 : stop]
        carried = _CARRIED_OPENS.match(para)
        if carried and carried.group("group") and not joint:
            carried = None
        if not ((_EVENT_OPENS.match(para) or carried) and "。" in para) or _GROUP.search(para):
            break
        if agencies.overlapping(end + 1, stop):
            break
        end = end + 1 + len(para.rstrip())
    return end
