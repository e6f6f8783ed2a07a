"""Bodies of one kind named together as the subject of a clause: 全市各县区市场监管局, 各巡视督导组.

``全市各县区市场监管局也同步开展…`` and ``由各巡视督导组分别负责`` name no one body but every body of a kind, and
they act: one agency, labelled as written. Only at the head of a clause and before what they do; a word of scope
that names bodies already listed (各单位, 各有关部门) is a back-reference (``kg.ingest.leads.COLLECTIVE``), not one.
"""

from __future__ import annotations

import re

from kg.ingest.leads import LEAD_VERB
from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["collective_bodies"]

# …and the departments of a trade or level (各行业主管部门, 各市州及县市区工商部门; never 各部门 or 各地各部门, no kind
# of their own), and the places a level below the report's own acting alone (各乡镇在辖区同步开展…, 区各街镇分别开展…:
# their governments; listed with others, 各乡镇、企业共组织…, they are the scope of a count, not one body).
_COLLECTIVE_BODY = re.compile(
    rf"(?:^|(?<=[。；;！!？?\n，,：:由]))[ \t\u3000]*"
    rf"((?:全[省市县区])?各(?!成员|相关|有关|参与|参加|职能|级)"
    rf"(?:(?!各)[{HAN}]){{2,10}}?(?:局|所|组|队|站|中心|部门|机构)(?=(?:{LEAD_VERB.pattern})|走|深入)"
    rf"|(?:全?[省市县区])?各(?:乡镇|街镇|县区|县市区)(?![、和与及])(?=(?:{LEAD_VERB.pattern})|走|深入))"
)


def collective_bodies(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the bodies of a kind named together at the head of a clause, in text order.

    >>> [m.key for m in collective_bodies("当日，全市各县区市场监管局同步开展宣传。", [])]
    ['全市各县区市场监管局']
    >>> [m.key for m in collective_bodies("县里启动仪式，各乡镇在辖区同步开展活动；各乡镇、企业共组织宣传。", [])]
    ['各乡镇']
    """
    covered = bytearray(len(norm) + 1)
    for m in agencies:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    found = [
        Mention("agency", hit.group(1), *hit.span(1), curated=False)
        for hit in _COLLECTIVE_BODY.finditer(norm)
        if covered.find(1, *hit.span(1)) < 0
    ]
    return sorted([*agencies, *found], key=lambda m: m.start) if found else agencies
