"""Places listed before one body's name that they share: 黔南州、都匀市司法局 names 黔南州司法局 and 都匀市司法局.

A report may write the bodies of several places once: the places in a list, the body's name after the last
(省、市政府食品安全办; 黔南州、都匀市司法局). Each place before it names its own body of that name, curated when the
reference data knows that form (省政府食品安全办 → the province's food safety office).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.mentions import LEAD_WORDS, Mention
from kg.ingest.script import HAN

__all__ = ["elided_bodies"]

# A place as a list item, or as the start of a body's name: 黔南州, 都匀市, 省, 市, 县 (not 市 of 市场).
_PLACE = rf"[{HAN}]{{0,6}}?(?:自治州|地区|盟|[省州县区]|市(?!场))"
_START = re.compile(_PLACE)
# The places before a body, each followed by 、, and what stands before them (a stop, or a word such as 由 or 联合).
_PLACES = re.compile(rf"((?:{_PLACE}、)+)\Z")
_ITEM = re.compile(rf"{_PLACE}\Z")
_NOT_PLACE = re.compile(r"[各全本该每我]")


def elided_bodies(norm: str, agencies: list[Mention], forms: Mapping[str, str]) -> list[Mention]:
    """``agencies`` and the bodies that places listed right before one of them share its name with.

    >>> known = [Mention("agency", "都匀市司法局", 4, 10, False)]
    >>> [(m.key, m.start, m.end) for m in elided_bodies("黔南州、都匀市司法局组织宣传", known, {})]
    [('黔南州司法局', 0, 3), ('都匀市司法局', 4, 10)]
    >>> [m.key for m in elided_bodies("省、市政府食安办", [Mention("agency", "x", 2, 8, True)], {"省政府食安办": "y"})]
    ['y', 'x']
    >>> [m.key for m in elided_bodies("由青溪县、云岭县教育局", [Mention("agency", "z", 5, 11, False)], {})]
    ['青溪县教育局', 'z']
    """
    found = list(agencies)
    taken = {(m.start, m.end) for m in agencies}
    for m in agencies:
        head = _START.match(norm, m.start, m.end)
        before = _PLACES.search(norm, max(0, m.start - 40), m.start)
        if head is None or head.end() >= m.end or before is None:
            continue
        suffix = norm[head.end() : m.end]
        pos = before.start(1)
        for written in norm[before.start(1) : m.start].split("、")[:-1]:
            lead = max((w.end() for w in LEAD_WORDS.finditer(written)), default=0)  # 组织黔南州: 黔南州
            start, pos, item = pos + lead, pos + len(written) + 1, written[lead:]
            if not _ITEM.match(item) or _NOT_PLACE.match(item) or (start, start + len(item)) in taken:
                continue
            key = item + suffix
            slug = forms.get(key)
            found.append(Mention("agency", slug or key, start, start + len(item), slug is not None))
    return sorted(found, key=lambda x: x.start)
