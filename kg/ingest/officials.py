"""A Hong Kong or Macau bureau's or department's head named by title and name (保安局局長鄧炳強, 民政事務局副局長
許曉暉): a person visiting or attending, not the body acting; the reports of these regions name the body when it
acts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

if TYPE_CHECKING:
    from kg.ingest.statements import Statement

__all__ = ["named_heads", "past_regulations"]

# The head's title right after the body's name, a bracketed area of duty perhaps (助理處長(九龍)), then two characters
# of a name: not a verb, a connector or a stop (局長表示…, 處長及…: the title alone may stand for the office).
_HEAD = re.compile(
    rf"\s*副?(?:局长|处长|署长|司长|关长|主席|专员|秘书长)(?:[(（][^()（）]{{1,6}}[)）])?"
    rf"(?!表示|指出|致辞|出席|主持|亲自|率领|带领|率队|带队|巡视|视察|探访|到访|[及和与等在到于为向已亦也将会])[{HAN}]{{2}}"
)


def named_heads(norm: str, agencies: list[Mention]) -> list[Mention]:
    """``agencies`` without the bodies named only as the title of a person named right after (保安局局长邓炳强前日到…):
    he acts, the body does not by that mention.

    >>> found = [Mention("agency", "hk-sb", 0, 3, True), Mention("agency", "hk-fsd", 16, 19, True)]
    >>> [m.key for m in named_heads("保安局局长邓炳强前日到社区中心探访。消防处巡查", found)]
    ['hk-fsd']
    >>> [m.key for m in named_heads("保安局局长表示，将加强宣传。", found[:1])]
    ['hk-sb']
    """
    return [m for m in agencies if not _HEAD.match(norm, m.end)]


# A ministry that issued a regulation in a year the text names (內政部於99年12月發布「住宅用火災警報器設置辦法」):
# the authority behind the rule the report's work follows, told as background, not an act of the campaign.
_ISSUED = re.compile(
    r"\s*(?:于|於)?\s*(?:民国)?\d{2,4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?\s*"
    r"(?:修正|订定|制定|公布|发布|颁布|通过){1,2}\s*[「《][^」》]{2,40}(?:办法|条例|法|规则|准则|规定|标准)[」》]"
)
_MINISTRIES = ("tw-", "hk-", "mo-")


def past_regulations(norm: str, statements: list[Statement]) -> list[Statement]:
    """``statements`` without those in which a Taiwan, Hong Kong or Macau ministry or department, its only subject,
    issued a regulation in a year named.

    >>> from kg.ingest.statements import Statement
    >>> moi = Mention("agency", "tw-moi", 0, 3, True)
    >>> text = "内政部于99年12月发布「住宅用火灾警报器设置办法」，要求设置。"
    >>> past_regulations(text, [Statement(0, len(text), (moi,), 3, len(text))])
    []
    """
    return [
        st for st in statements
        if not (all(m.curated and m.key.startswith(_MINISTRIES) for m in st.subject)
                and _ISSUED.match(norm, st.body_start))
    ]
