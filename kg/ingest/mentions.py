"""Recognisers for the things a report names: agencies, products, documents, initiatives and media outlets.

Every recogniser reads the report's text normalised to Simplified script (``norm``, the same length as the cleaned
text, so offsets carry over unchanged) and returns mentions with code-point spans into it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.ingest.forms import patterns_for

__all__ = [
    "DocumentMention",
    "Mention",
    "agency_mentions",
    "document_mentions",
    "initiative_mentions",
    "longest_matches",
    "media_mentions",
    "product_mentions",
]

HAN = "\u3400-\u9fff\uf900-\ufaff"
_CAMPAIGN_WORDS = ("质量月",)


@dataclass(frozen=True)
class Mention:
    """A name found in the text: ``key`` is a curated slug when ``curated``, else the Simplified surface form."""

    kind: str
    key: str
    start: int
    end: int
    curated: bool

    def overlaps(self, start: int, end: int) -> bool:
        """True when this mention shares a character with ``[start, end)``."""
        return self.start < end and start < self.end


@dataclass(frozen=True)
class DocumentMention:
    """A cited document: its title span (without 《》) and, when printed right after it, its number's span."""

    start: int
    end: int
    number: tuple[int, int] | None = None
    issued: bool = field(default=False, compare=False)


def longest_matches(
    norm: str, forms: Mapping[str, str], kind: str, *, start: int = 0, end: int | None = None, curated: bool = True
) -> list[Mention]:
    """Every non-overlapping occurrence of a surface form, leftmost first and, at one place, the longest.

    The forms are found in one pass by the table's automaton (``kg.ingest.forms``), then chosen left to right.

    >>> forms = {"市场监管局": "a", "省市场监管局": "b"}
    >>> [(m.key, m.start) for m in longest_matches("省市场监管局和市场监管局", forms, "x")]
    [('b', 0), ('a', 7)]
    """
    found: list[Mention] = []
    cursor = start
    for s, e in patterns_for(forms).spans(norm, start, end):
        if s < cursor:
            continue
        key = forms.get(norm[s:e])  # the automaton may know more forms than this table holds
        if key is not None:
            found.append(Mention(kind, key, s, e, curated))
            cursor = e
    return found


# An agency-like name that is not in the reference data: a jurisdiction prefix, a short body, a standard suffix.
_AGENCY_PREFIX = rf"(?:国家|省|市|县|区|[{HAN}]{{2,8}}?(?:省|市|县|区|自治区|自治州))"
_AGENCY_BODY = rf"[{HAN}]{{1,16}}?"
_AGENCY_SUFFIX = r"(?:委员会办公室|委员会|办公室|办公厅|管理局|总局|总署|分行|总队|总社|厅|局|委会|委|署|部)"
_UNCURATED_AGENCY = re.compile(
    _AGENCY_PREFIX + _AGENCY_BODY + _AGENCY_SUFFIX + r"(?![门分长委级面势势内外])"
)
# Words that never occur inside an agency's name but often stand in front of one: a candidate starts after the last.
_LEAD_WORDS = re.compile(
    r"的|了|在|对|向|从|把|被|将|于|以及|等|各|由|经由|作为|开展|组织|举办|召开|推进|加强|深入|持续|发布|印发|联合|会同|协同|配合|指导|牵头"
)


def agency_mentions(norm: str, forms: Mapping[str, str], prefixes: tuple[str, ...] = ()) -> list[Mention]:
    """Agencies in the text, in three passes that never overlap.

    1. Curated agencies by their surface forms; a curated name followed by a local branch (人民银行 + 湛江市中心支行)
       is the branch, recognised as written.
    2. Names written without their level prefix (市场监管局, 工信局 in a city's report) whose prefixed form
       (``prefixes``: 市…) is a curated form.
    3. Agency-like names with a jurisdiction prefix and a standard suffix, not curated.
    """
    found: list[Mention] = []
    for m in longest_matches(norm, forms, "agency"):
        branch = _BRANCH.match(norm, m.end) or (_OFFICE.match(norm, m.end) if m.key.endswith("-gov") else None)
        if branch:
            found.append(Mention("agency", norm[m.start : branch.end()], m.start, branch.end(), curated=False))
        else:
            found.append(m)
    taken = _Taken(len(norm), found)
    found += _bare_forms(norm, forms, prefixes, taken)
    taken.add(found)
    for candidate in _UNCURATED_AGENCY.finditer(norm):
        start, end = _trim_agency(norm, candidate.start(), candidate.end())
        if end - start < 4 or taken.overlaps(start, end):
            continue
        found.append(Mention("agency", norm[start:end], start, end, curated=False))
        taken.mark(start, end)
    return sorted(found, key=lambda x: x.start)


class _Taken:
    """The characters of a text that mentions already cover."""

    def __init__(self, length: int, mentions: list[Mention]) -> None:
        self._covered = bytearray(length + 1)
        self.add(mentions)

    def add(self, mentions: list[Mention]) -> None:
        for m in mentions:
            self.mark(m.start, m.end)

    def mark(self, start: int, end: int) -> None:
        self._covered[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares a character with a mention."""
        return self._covered.find(1, start, end) >= 0


_BRANCH = re.compile(rf"[{HAN}]{{1,6}}?(?:省|市|县|区|自治州)[{HAN}]{{0,4}}?(?:中心支行|支行|分行|分局|海关|管理部)")
# An office of a government named after it: 省政府新闻办, 市政府研究室 (the government itself is curated).
_OFFICE = re.compile(rf"[{HAN}]{{0,3}}?(?:新闻办公室|新闻办|研究室|参事室|督查室)")
_BARE = re.compile(rf"[{HAN}]{{2,9}}?(?:局|厅|委员会|委|办公室)")


def _bare_forms(norm: str, forms: Mapping[str, str], prefixes: tuple[str, ...], taken: _Taken) -> list[Mention]:
    found: list[Mention] = []
    for m in _BARE.finditer(norm):
        start = m.start()
        for lead in _LEAD_WORDS.finditer(norm, start, m.end() - 1):
            start = lead.end()
        name = norm[start : m.end()]
        if len(name) < 3 or taken.overlaps(start, m.end()):
            continue
        slug = next((forms[p + name] for p in prefixes if p + name in forms), None)
        if slug is not None:
            found.append(Mention("agency", slug, start, m.end(), curated=True))
    return found


def _trim_agency(norm: str, start: int, end: int) -> tuple[int, int]:
    """Cut a candidate after the last word that cannot be part of a name; empty when no jurisdiction prefix is left."""
    for lead in _LEAD_WORDS.finditer(norm, start, end - 1):
        start = lead.end()
    while start < end and norm[start] in "和与及":  # a connector picked up by a two-character place prefix
        start += 1
    if not re.match(_AGENCY_PREFIX, norm[start:end]):
        return start, start
    return start, end


def product_mentions(
    norm: str, forms: Mapping[str, str], blocked: list[tuple[int, int]], start: int, end: int
) -> list[Mention]:
    """Curated product categories, plus the items of ``A、B、C等产品`` and ``对X产品质量…`` (not curated).

    An enumerated item that is longer than the curated name inside it (儿童玩具 around 玩具) is kept as written. A
    two-character curated name counts only where a product name can end (before 、, 等, 质量, a non-Han letter …),
    so 家电 is not read out of 百家电商.
    """
    curated = [
        m for m in longest_matches(norm, forms, "product", start=start, end=end)
        if not _inside(m.start, m.end, blocked) and (m.end - m.start > 2 or _product_end(norm, m.end))
    ]
    items = [
        (s, e) for s, e in _enumerated_products(norm, start, end)
        if not _inside(s, e, blocked) and not any(m.start <= s and e <= m.end for m in curated)
    ]
    found = [m for m in curated if not any(s <= m.start and m.end <= e for s, e in items)]
    found += [Mention("product", norm[s:e], s, e, curated=False) for s, e in items]
    return sorted(found, key=lambda x: x.start)


def _product_end(norm: str, end: int) -> bool:
    return end >= len(norm) or not _is_han(norm[end]) or norm[end] in "、等和及与质安产生检抽监销使的类"


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# Qualifiers that stand before 产品 without naming a product category.
_GENERIC = frozenset(
    [
        "重点", "相关", "各类", "主要", "有关", "其他", "部分", "全部", "所有", "同类",
        "优质", "本地", "地方", "特色", "名优", "骨干", "领先", "问题", "不合格", "工业", "消费", "农业",
        "食品相关", "新", "各种", "涉及", "进出口", "进口", "出口",
    ]
)
_ITEM = rf"[{HAN}A-Za-z0-9 ]{{2,14}}"
_ENUMERATION = re.compile(rf"((?:{_ITEM}、)+{_ITEM})等(?:产品|商品)")
_SINGLE = re.compile(
    rf"(?:开展|对|针对|加强|聚焦|组织|抽查|抽检|整治|排查)({_ITEM})(?:产品|商品)(?:质量|安全)"
)
_ITEM_PREFIX = re.compile(r"^(?:全省|全市|全县|全区|全国|省级|市级|县级|重点|相关|各类|主要|涉及|部分)+")
_ITEM_SUFFIX = re.compile(r"(?:相关|类|等|领域)+$")
_NOT_PRODUCT = re.compile(r"提升|提高|有效|加强|开展|推进|企业|工作|活动|行动|质量|产品|商品|服务")
_LEAD = re.compile(
    r"^.*?(?:开展了?|组织|针对|加强|聚焦|围绕|对|推进|部署|抽查|抽检|检查|整治|比对|监测|实施|持续|做好|强化)"
)


def _enumerated_products(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in (_ENUMERATION, _SINGLE):
        for m in pattern.finditer(norm, start, end):
            offset = m.start(1)
            body = m.group(1)
            lead = _LEAD.match(body)
            if lead:
                offset += lead.end()
                body = body[lead.end() :]
            for item in re.split(r"(、|及|和|与)", body):
                if item in ("、", "及", "和", "与"):
                    offset += 1
                    continue
                start, end = _trim_item(item, offset)
                offset += len(item)
                name = norm[start:end]
                if (
                    2 <= len(name) <= 12 and name not in _GENERIC and not name.isdigit()
                    and not _NOT_PRODUCT.search(name) and not any(s < end and start < e for s, e in spans)
                ):
                    spans.append((start, end))
    return spans


def _trim_item(item: str, offset: int) -> tuple[int, int]:
    """The span of an enumerated item without white space, qualifiers (全省, 重点 …) and trailers (相关, 等)."""
    start = offset + len(item) - len(item.lstrip())
    text = item.strip()
    prefix = _ITEM_PREFIX.match(text)
    if prefix:
        start += prefix.end()
        text = text[prefix.end() :]
    suffix = _ITEM_SUFFIX.search(text)
    if suffix:
        text = text[: suffix.start()]
    return start, start + len(text)


def _inside(start: int, end: int, blocked: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in blocked)


_TITLE = re.compile(r"《([^《》\n]{2,120})》")
_NUMBER = re.compile(r"\s*[(（]([^()（）\n]{1,30}?[〔\[［【]\d{4}[〕\]］】]\s*\d+\s*号)[)）]")
_ISSUE_VERBS = re.compile(r"(?:联合)?(?:印发|发布|出台|制定|颁布|修订|下发)(?:了)?(?:《|$)")


def document_mentions(norm: str, subject_end: int, statement_end: int) -> list[DocumentMention]:
    """Titles in 《》 within a statement, each with the bracketed document number printed right after it.

    A document counts as issued by the statement's agencies when an issuing verb (印发, 发布 …) stands between the
    subject and the first title with no sentence break, and the titles follow one another (``《A》(号)和《B》``).
    """
    found: list[DocumentMention] = []
    issuing = False
    cursor = subject_end
    for m in _TITLE.finditer(norm, subject_end, statement_end):
        between = norm[cursor : m.start()]
        if cursor == subject_end:
            issuing = bool(_ISSUE_VERBS.search(between + "《")) and not re.search(r"[。；;]", between)
        elif not re.fullmatch(r"\s*(?:和|及|与|、|以及)?\s*", between):
            issuing = False
        number_match = _NUMBER.match(norm, m.end(), statement_end)
        number = (number_match.start(1), number_match.end(1)) if number_match else None
        found.append(DocumentMention(m.start(1), m.end(1), number, issued=issuing))
        cursor = number_match.end() if number_match else m.end()
    return found


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
        lead = _LEAD.match(m.group(0))
        if lead:
            s += lead.end()
        if m.end() - s >= 4 and not any(x.overlaps(s, m.end()) for x in found):
            found.append(Mention("media", norm[s : m.end()], s, m.end(), curated=False))
    return sorted(found, key=lambda x: x.start)
