"""Named initiatives (programmes, actions, contests, weeks) and media outlets in a statement."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.leads import ACTION_LEAD
from kg.ingest.mentions import Mention, longest_matches
from kg.ingest.script import HAN

__all__ = ["initiative_mentions", "media_mentions"]

_CAMPAIGN_WORDS = ("质量月",)
_QUOTED = re.compile(r"[“\"「『]([^”\"」』\n]{2,24})[”\"」』]")
_INITIATIVE_SUFFIX = re.compile(r"(?:行动|活动|大赛|比赛|竞赛|评审|评选|周|日|杯|工程|计划)$")
_FOLLOWED_BY = re.compile(rf"[{HAN}]{{0,16}}?(?:行动|活动|大赛|评审|评选)")
_UNQUOTED = re.compile(
    rf"((?:第[一二三四五六七八九十百\d]+|首)届[{HAN}]{{2,20}}?(?:大赛|比赛|竞赛|博览会|论坛))"
    rf"|(?:组织|开展|举办|启动)([{HAN}]{{2,10}}?(?:宣传周|活动周|宣传月|开放日))"
)


def initiative_mentions(norm: str, start: int, end: int) -> list[Mention]:
    """Named initiatives in ``[start, end)``: quoted names of programmes, actions, brands, contests, weeks, days."""
    found: list[Mention] = []
    for m in _QUOTED.finditer(norm, start, end):
        name = m.group(1).strip()
        if any(word in name for word in _CAMPAIGN_WORDS) or _is_theme_slogan(norm, m.end(), end):
            continue
        if _INITIATIVE_SUFFIX.search(name) or _FOLLOWED_BY.match(norm, m.end(), end):
            found.append(Mention("initiative", name, m.start(1), m.end(1), curated=False))
    for m in _UNQUOTED.finditer(norm, start, end):
        group = 1 if m.group(1) else 2
        s, e = m.start(group), m.end(group)
        if not any(x.overlaps(s, e) for x in found):
            found.append(Mention("initiative", m.group(group), s, e, curated=False))
    return sorted(found, key=lambda x: x.start)


def _is_theme_slogan(norm: str, after: int, end: int) -> bool:
    """A quoted phrase that names the theme of a publicity drive (``以“X”、“Y”为主题``), not an initiative."""
    rest = norm[after:end]
    return bool(re.match(r"(?:、?[“\"「『][^”\"」』]{1,24}[”\"」』])*\s*(?:这一|的)?(?:为主题|主题)(?!活动)", rest))


_OUTLET = re.compile(rf"[{HAN}]{{2,8}}?(?:日报|晚报|时报|商报|电视台|卫视|广播电台)")


def media_mentions(norm: str, forms: Mapping[str, str], start: int, end: int) -> list[Mention]:
    """Curated media outlets by name, and other names ending in 日报, 电视台 … (not curated)."""
    found = longest_matches(norm, forms, "media", start=start, end=end)
    for m in _OUTLET.finditer(norm, start, end):
        s = m.start()
        lead = ACTION_LEAD.match(m.group(0))
        if lead:
            s += lead.end()
        if m.end() - s >= 4 and not any(x.overlaps(s, m.end()) for x in found):
            found.append(Mention("media", norm[s : m.end()], s, m.end(), curated=False))
    return sorted(found, key=lambda x: x.start)
