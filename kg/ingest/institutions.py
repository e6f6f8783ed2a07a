"""Public institutions named by their kind after their place (县疾控中心, 市药检所, 省科技馆), and where one is only
the place an event is held (在县图书馆举办…), not a body that acts."""

from __future__ import annotations

import re

from kg.ingest.script import HAN

__all__ = ["CENTRES", "at_venue"]

# Halls and centres that host, exhibit and serve: 省科技馆, 县图书馆, 国家博物馆, 故宫博物院, 省行政办公中心.
_HALLS = r"(?:科学技术|科技|博物|图书|文化|美术|档案)馆|博物院|行政(?:办公|服务)中心"
# Centres and stations of a place's bureaux (县疾控中心, 市药检所, 省第四强戒所), the halls, and the government's
# service hotline (市12345政务服务便民热线).
CENTRES = (rf"(?:疾病预防控制|疾控|融媒体)中心|(?:药检|质检|质计|计量|纤检|(?:第\w{{1,3}})?(?:强制隔离戒毒|强戒))所"
           rf"|{_HALLS}|12345[{HAN}]{{0,8}}?热线")
# Where a hall is named as the place of an event: 在县图书馆举办…, 走进省科技馆, 参观国家博物馆; inside a candidate
# whose place the pattern read too far back (我们来到县科技馆) too.
_VENUE = re.compile(r"(?:在|于|到|进|进入|参观|来到|前往|赴)[\s“\"]*\Z")
_VENUE_IN = re.compile(r"(?:在|到|进入|参观|来到|前往|赴)(?=[国省市县区])")
_HALL = re.compile(rf"(?:{_HALLS})\Z")


def at_venue(norm: str, start: int, end: int) -> bool:
    """Whether the hall named at ``[start, end)`` is where something happens, not who acts.

    >>> at_venue("县文旅局在县图书馆举办讲座", 5, 9), at_venue("县图书馆举办讲座", 0, 4)
    (True, False)
    >>> at_venue("我们来到县科技馆参观", 0, 8)
    True
    """
    return _HALL.search(norm, start, end) is not None and (
        _VENUE.search(norm, max(0, start - 4), start) is not None or _VENUE_IN.search(norm, start, end) is not None
    )
