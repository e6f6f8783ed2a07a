"""Staff who act for their body: ``税务人员``, ``消防救援人员``, ``市场监管执法人员`` name the report's own bureau."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["STAFF_TAIL", "staff_mentions"]

# What follows a body's name when the text speaks of its staff: 人员, 工作人员, 执法人员, 部门工作人员, 专员 …
STAFF_TAIL = re.compile(r"(?:部门)?(?:(?:(?:行政)?执法|工作|检查)?人员|专员)")
# Stems that name a trade practised outside government too (科技人员, 统计人员, 农业人员 …): only their 执法人员 and
# 检查人员 are a body's staff.
_TRADES = frozenset({
    "科技", "技术", "统计", "审计", "教育", "农业", "医疗", "医务", "卫生", "财务", "财政", "商务", "交通",
    "水利", "气象", "司法", "文化", "体育", "邮政", "金融", "应急", "信访", "民政", "人防", "质量", "安全",
})
# The suffixes a body's name takes after its stem in the reference forms (市 + 税务 + 局, 市 + 消防 + 救援支队).
_SUFFIXES = ("局", "委", "委员会", "办", "办公室", "支队", "大队", "总队", "救援支队", "救援大队", "救援总队")
_STEM = 6  # the longest stem tried, in characters


def staff_mentions(
    norm: str, forms: Mapping[str, str], prefixes: tuple[str, ...], agencies: list[Mention]
) -> list[Mention]:
    """Bodies named by their staff: the stem before ``人员`` that, with a body suffix and the
    report's own prefix (税务 + 局 → 市税务局) or as written (市城管 + 局), is the curated form of
    exactly one body. The mention spans the stem (``税务``), the part of the text that names the
    body; stems inside a name already found (``市税务局工作人员``) are left to that name, and a
    stem that also names a trade (科技人员, 统计人员) counts only in ``执法人员`` or ``检查人员``.

    >>> forms = {"市税务局": "t", "市消防救援支队": "f", "市消防支队": "f", "市卫生健康委": "h", "市卫生局": "o"}
    >>> [(m.key, m.start, m.end) for m in staff_mentions("税务人员和市消防人员、卫生人员", forms, ("市",), [])]
    [('t', 0, 2), ('f', 5, 8)]
    """
    if not prefixes:
        return []
    covered = bytearray(len(norm) + 1)
    for m in agencies:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    found: list[Mention] = []
    for tail in STAFF_TAIL.finditer(norm):
        end = tail.start()
        han = re.search(rf"[{HAN}]{{2,{_STEM}}}\Z", norm[max(0, end - _STEM) : end])
        if han is None or covered.find(1, end - len(han.group()), end + 1) >= 0:
            continue
        for size in range(len(han.group()), 1, -1):
            stem = norm[end - size : end]
            if stem in _TRADES and not re.match("执法|检查", tail.group()):
                break
            slugs = {forms.get(p + stem + s) for p in ("", *prefixes) for s in _SUFFIXES} - {None}
            if len(slugs) == 1:
                found.append(Mention("agency", str(slugs.pop()), end - size, end, curated=True))
                break
    return found
