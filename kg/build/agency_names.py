"""What an unlisted agency's name says of its place and level, as written: 县教育局 (relative to the report's county),
发改局 (bare: the report's own place), 南京市城管局 (absolute), 团县委 (the Youth League of the county)."""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.ingest.parties import PARTIES
from kg.ingest.script import HAN
from kg.ingest.stems import NOT_LEVEL_WORDS

__all__ = [
    "ABSOLUTE", "LEAGUE", "NOT_BARE", "PLACE_CHAR", "RELATIVE", "WORDS", "bare", "place_first", "relative_prefix",
]

# A name that starts with its places: 江苏省…, 南京市…, 江苏省南京市…, 沭阳县…, 北京市顺义区…
PLACE_CHAR = rf"(?:(?![省市县区])[{HAN}])"
# the one-character prefixes by which a report names a body of its own (or an enclosing) level
RELATIVE = {
    "国": "national", "省": "provincial", "市": "municipal", "县": "county", "区": "county",
    "镇": "township", "乡": "township", "街道": "township",
}


def relative_prefix(name: str) -> str:
    """The prefix a name relative to the report's place starts with, if any: 街道 (街道应急办), else its first
    character (县 of 县教育局; whether that is a prefix is for ``RELATIVE`` to say)."""
    return "街道" if name.startswith("街道") else name[:1]


# words that start with such a character and so are not that prefix
WORDS = NOT_LEVEL_WORDS
# 团县委, 共青团市委: the Communist Youth League committee of the place of that level, named 共青团<place>委; a
# democratic party's likewise (民盟市委: 民盟<place>委)
LEAGUE = re.compile(rf"(?P<org>(?:共青)?团|{PARTIES})(?P<level>[省市县区])委")
# …and a military formation (陆军第58炮兵指挥部, 装甲第586旅, 52工兵群): the army's, of no place
NOT_BARE = re.compile(r"^(?:中国|中华|全国|中央|国务院|台湾|香港|澳门|福建|团|镇|乡(?!村)|街道|[陆海空国]军|装甲|\d)"
                      r"|[省市县区旗州盟]|海关$|\d+\D{0,4}?[旅群团营师]$")


def bare(name: str) -> bool:
    """发改局, 公安分局: a name with no place and no level in it (not 团区委, 中国消协, 人民银行湛江市中心支行, nor a
    customs house named by its port, 防城海关: the nation's, never the report's place's); and every body of a kind,
    named together (各县区, 各乡镇, 各有关部门: the report's place's, whatever level its kind names)."""
    return name.startswith("各") or not NOT_BARE.search(name) or (name[:2] in WORDS and not NOT_BARE.search(name[2:]))


ABSOLUTE = re.compile(
    rf"^(?!各)(?:国家)?({PLACE_CHAR}{{2,6}}?(?:省|自治区))?({PLACE_CHAR}{{2,5}}?市)?({PLACE_CHAR}{{1,5}}?(?:县|区|旗))?"
    rf"(?=[{HAN}])"
)


def place_first(name: str, known: Callable[[str], object]) -> bool:
    """镇江市减灾办: a name that starts with a place ``known`` finds (not ``None``), though its first character would
    start a name written relative to the report's place (镇 of 镇减灾办, a town's office).

    >>> known = {"镇江市": "zhenjiang"}.get
    >>> place_first("镇江市减灾办", known), place_first("镇减灾办", known), place_first("镇社区服务中心", known)
    (True, False, False)
    """
    found = ABSOLUTE.match(name)
    return found is not None and any(known(g) is not None for g in found.groups() if g)
