"""A body's name written bare at the head of a clause (发改委牵头…): the report's own body of that name."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.leads import LEAD_VERB
from kg.ingest.lists import NAME, NAME_LEAD, is_name, list_mention
from kg.ingest.mentions import LEADER_TITLE, Mention
from kg.ingest.openers import ORDINAL

__all__ = ["clause_heads"]

# A body's name written bare at the head of a clause, before what it does: 发改委牵头…; 此外，联合机关事务管理局积极…;
# a plan's item that opens with the bodies charged with it: （二）民政局、红十字会：负责…; （六）“三防办”：负责…
_CLAUSE_HEAD = re.compile(
    rf"(?:^|(?<=[。；;！!？?\n，,：:]))\s*(?:{ORDINAL}\s*)?“?(?:由|联合|会同|协同)?({NAME.pattern})”?"
    rf"(?=(?:{LEAD_VERB.pattern})|[:：]\s*(?:负责|牵头|配合))"
)


_BODIES_JOINED = re.compile(r"(?<=[室局委办科部所队站厅处])(?:和|及|与)")


def clause_heads(norm: str, agencies: list[Mention], prefix: str, forms: Mapping[str, str]) -> list[Mention]:
    """``agencies`` and the report's own bodies written bare (no place, no level) at the head of a clause and
    followed by what they do: ``发改委`` in a county's report is its ``县发改委``, curated when that form is known.

    >>> [m.key for m in clause_heads("会议部署工作，发改委牵头负责宣传。", [], "县", {})]
    ['县发改委']
    """
    covered = bytearray(len(norm) + 1)
    for m in agencies:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    found = list(agencies)
    for head in _CLAUSE_HEAD.finditer(norm):
        s, e = head.span(1)
        if covered.find(1, s, e) >= 0 or NAME_LEAD.search(norm, s, e - 1) or LEADER_TITLE.search(norm, s, e):
            continue  # 按照县委、…; 县委常委、副县长… (a leader's title)
        if joint := _BODIES_JOINED.search(norm, s, e):  # 办公室和生态办: two heads, each a body if named as one
            s = joint.end()  # (住房和城乡建设局 is one name: 住房 ends no body's name)
        if is_name(norm[s:e]):
            found.append(list_mention(norm[s:e], s, e, prefix, forms))
    return sorted(found, key=lambda m: m.start)
