"""Where a statement ends: at its paragraph's end, or after the paragraphs that go on telling its event."""

from __future__ import annotations

import re

from kg.ingest.leads import COLLECTIVE, DATE
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


def event_paragraphs(norm: str, end: int, limit: int, agencies: MentionIndex) -> int:
    """Where a statement ending at ``end`` (a paragraph's end), the one activity of its paragraph, ends once it runs
    on over the paragraphs after it, before ``limit``, that name no body and open with its event (活动现场，…。
    活动共发放…。): they tell what its bodies did there. A heading (a line with no sentence end) or a paragraph naming
    a body stops it."""
    while end < limit and norm[end] == "\n":
        nxt = norm.find("\n", end + 1, limit)
        stop = limit if nxt < 0 else nxt
        para = norm[end + 1 : stop]
        if not (_EVENT_OPENS.match(para) and "。" in para) or _GROUP.search(para):
            break
        if agencies.overlapping(end + 1, stop):
            break
        end = end + 1 + len(para.rstrip())
    return end
