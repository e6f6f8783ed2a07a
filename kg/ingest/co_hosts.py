"""An institution that hosts with a body (嘉義市環保局與嘉義大學…共同舉辦): a university, college or hospital joined
to a body found already, in a clause that says they act together, acts with it; and the groups a body invites or a
person leads to help (邀請A隊及B會協助…), or that a report lists as taking part (參與的地區團體包括A、B、C等)."""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["co_hosts", "enlisted_groups"]

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


# Groups named after a word that enlists them (邀請, 率領, 帶領) and before what they do (協助, 參與, 投入), or after a
# label that lists the groups taking part (參與的地區團體包括…), joined by 及, 和, 、, up to 等 or the clause's end.
_GROUP = rf"(?:(?![及和与、等])[{HAN}]){{2,12}}?(?:队|会|团|协会|学会|公会|基金会|义工团)"
_ENLISTED = re.compile(
    rf"(?:邀请|率领|带领)((?:{_GROUP})(?:[及和、](?:{_GROUP}))*)(?=\s*(?:积极|一同|共同|一起)?\s*(?:协助|参与|投入|加入))"
    rf"|(?:参与|参加|参演|协办)[^，,。；;！!？?\n]{{0,6}}?的?(?:团体|单位|机构)(?:包括|包含|有|为)[:：]?"
    rf"((?:{_GROUP})(?:[及和、](?:{_GROUP}))*)(?=\s*(?:等|[，,。；;]))"
)
_NOT_GROUP = re.compile(r"各|相关|有关|其他|所有|民间|地区|社区|义工(?!团)|居民|市民|会员")


def enlisted_groups(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` and the groups enlisted to help or listed as taking part, each as written.

    >>> [m.key for m in enlisted_groups("活动邀请精忠卫队及校友会协助安装。", [])]
    ['精忠卫队', '校友会']
    >>> [m.key for m in enlisted_groups("参与的地区团体包括旺角街坊会、尖沙咀街坊福利会等", [])]
    ['旺角街坊会', '尖沙咀街坊福利会']
    >>> enlisted_groups("邀请民间团体协助", [])
    []
    """
    found = list(agencies)
    for hit in _ENLISTED.finditer(norm):
        group = 1 if hit.group(1) else 2
        for item in re.finditer(r"[^及和、]+", hit.group(group)):
            start, end = hit.start(group) + item.start(), hit.start(group) + item.end()
            if not _NOT_GROUP.search(item.group()) and not any(m.overlaps(start, end) for m in found):
                found.append(Mention("agency", item.group(), start, end, curated=False))
    return sorted(found, key=lambda x: x.start)
