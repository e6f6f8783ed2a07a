"""An institution that hosts with a body (嘉義市環保局與嘉義大學…共同舉辦): a university, college or hospital joined
to a body found already, in a clause that says they act together, acts with it."""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["co_hosts"]

# The institution right after the body and a word that joins them, its name with no joining word inside it.
_INSTITUTION = re.compile(
    rf"\s*(?:与|和|及|偕同|联同|会同|结合|联合)\s*((?:(?![与和及同])[{HAN}]){{2,12}}?(?:大学|学院|医院|科技大学))"
)
_TOGETHER = re.compile(r"[^，,。；;！!？?\n]{0,20}?[，,]?\s*(?:共同|联合|一同|携手|合办|合作)")


def co_hosts(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the institutions joined to one of them in a clause that goes on to say they act together
    (共同舉辦, 聯合辦理), as written.

    >>> found = [Mention("agency", "嘉义市政府环保局", 0, 6, False)]
    >>> [(m.key, m.start) for m in co_hosts("嘉义市环保局与嘉义大学19日下午,共同举办演练", found)]
    [('嘉义市政府环保局', 0), ('嘉义大学', 7)]
    >>> [m.key for m in co_hosts("嘉义市环保局与嘉义大学学生座谈", found)]
    ['嘉义市政府环保局']
    """
    found = list(agencies)
    for m in agencies:
        hit = _INSTITUTION.match(norm, m.end)
        if hit is None or any(o.overlaps(*hit.span(1)) for o in found) or not _TOGETHER.match(norm, hit.end()):
            continue
        found.append(Mention("agency", hit.group(1), *hit.span(1), curated=False))
    return sorted(found, key=lambda x: x.start)
