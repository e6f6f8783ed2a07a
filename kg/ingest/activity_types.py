"""The type of an activity (``govkg:Type…``), read from the keywords of its statement."""

from __future__ import annotations

import re

from kg.han import HAN

__all__ = ["ACTIVITY_TYPES", "activity_type", "masked_text"]

# Activity types: the earliest specific keyword in the statement decides; generic words only as a fallback.
_TYPE_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("TypeProductComparison", r"比对|对标比"),
    # 印发 a document, not leaflets or posters (印发宣传册400余份 is publicity)
    ("TypeDocumentIssuance",
     r"印发(?![^，,。；;]{0,4}?(?:宣传|资料|手册|传单|海报|折页|明白纸|册|单))|出台|颁布|制定(?:了)?《|发布(?:了)?《"),
    ("TypeEnforcement", r"查办|督办|整治|执法(?!人员)|打击|查处|铁拳|查获|检获|侦破|查封"),
    ("TypeInspection", r"督查|检查|抽检|抽查|稽查|考核|督导|巡查|监测|排查|飞行检查|查核|稽核|抽验"),
    ("TypeTraining", r"培训|讲堂|课堂|宣贯|授课|讲座|教育"),
    ("TypeCompetitionOrAward", r"大赛|比赛|竞赛|评审|评定|评选|评比|表彰|奖"),
    ("TypeConferenceOrOnSiteEvent", r"召开|会议|观摩|现场会|交流|论坛|开放日|座谈|研讨|峰会|博览"),
    ("TypePublicity", r"宣传|宣导|宣讲|报道|广告|媒体|普及|科普|展示|展览|进校园|进社区|进企业|进高校|横幅|标语"),
    ("TypeImprovementProgramme", r"培育|提升行动|提升工程|创建|示范|帮扶|提升"),
)


def activity_type(norm: str, start: int, end: int, masked: list[tuple[int, int]]) -> str:
    """The ``govkg:Type…`` local name for the statement ``[start, end)``; masked spans (titles, names) are skipped.

    >>> activity_type("省局组织质量培训班", 2, 9, [])
    'TypeTraining'
    >>> activity_type("县局联合教育部门开展食品安全检查", 2, 16, [])
    'TypeInspection'
    """
    found = _TYPE.search(masked_text(norm, start, end, masked))  # the leftmost keyword; at one place, the first
    return found.lastgroup or "TypeOther" if found else "TypeOther"


def masked_text(norm: str, start: int, end: int, masked: list[tuple[int, int]]) -> str:
    r"""``norm[start:end]`` with each masked span blanked (U+3000), so offsets stay those of the text.

    >>> masked_text("省局印发《质量通知》", 2, 10, [(4, 10)])
    '印发\u3000\u3000\u3000\u3000\u3000\u3000'
    """
    text = list(norm[start:end])
    for found in _DEPARTMENTS.finditer(norm, start, end):  # 教育部门 names departments: no training is meant
        masked = [*masked, found.span()]
    for s, e in masked:
        lo, hi = max(s, start) - start, min(e, end) - start
        if lo < hi:
            text[lo:hi] = ["\u3000"] * (hi - lo)
    return "".join(text)


ACTIVITY_TYPES: tuple[str, ...] = (*(name for name, _ in _TYPE_KEYWORDS), "TypeOther")
"""Every activity type ingestion assigns, ``TypeOther`` last."""

_DEPARTMENTS = re.compile(f"[{HAN}]{{2,4}}部门")
_TYPE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TYPE_KEYWORDS))
