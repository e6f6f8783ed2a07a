"""Products a statement names: curated product categories, and the items of enumerations such as ``A、B等产品``."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.leads import ACTION_LEAD
from kg.ingest.mentions import Mention, longest_matches
from kg.ingest.script import HAN, is_han

__all__ = ["product_mentions"]


def product_mentions(
    norm: str, forms: Mapping[str, str], blocked: list[tuple[int, int]], start: int, end: int
) -> list[Mention]:
    """Curated product categories, plus the items of ``A、B、C等产品`` and ``对X产品质量…`` (not curated).

    An enumerated item that is longer than the curated name inside it (儿童玩具 around 玩具) is kept as written. A
    two-character curated name counts only where a product name can end (before 、, 等, 质量, a non-Han letter …),
    so 家电 is not read out of 百家电商. Nothing is read out of a body's name: ``blocked`` holds the names found
    (agencies, titles, initiatives), and a name that runs on into a body's suffix (食品 in 食品药品监督管理局, in a text
    where that body was not recognised) is no product either.
    """
    curated = [
        m for m in longest_matches(norm, forms, "product", start=start, end=end)
        if not _inside(m.start, m.end, blocked) and (m.end - m.start > 2 or _product_end(norm, m.end))
        and not _BODY_TAIL.match(norm, m.end)
    ]
    items = [
        (s, e) for s, e in _enumerated_products(norm, start, end)
        if not _inside(s, e, blocked) and not any(m.start <= s and e <= m.end for m in curated)
    ]
    found = [m for m in curated if not any(s <= m.start and m.end <= e for s, e in items)]
    found += [Mention("product", norm[s:e], s, e, curated=False) for s, e in items]
    return sorted(found, key=lambda x: x.start)


# The rest of a body's name after a product word: 药品监督管理局, 安全委员会办公室, 质量检验所.
_BODY_TAIL = re.compile(
    rf"[{HAN}]{{0,6}}?(?:监督管理|监管|管理|监察|委员会|检验|检测)[{HAN}]{{0,4}}?"
    r"(?:总局|局|厅|委员会|委|办公室|署|处|所|站|中心|院)(?![门分长委级面势内外])"
)


def _product_end(norm: str, end: int) -> bool:
    return end >= len(norm) or not is_han(norm[end]) or norm[end] in "、等和及与质安产生检抽监销使的类"


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
# 市售 (on sale), 假冒/冒牌/伪劣 (counterfeit, shoddy) and 查获/检获 (seized) qualify an item, they name no category.
_ITEM_PREFIX = re.compile(
    r"^(?:查获|检获|缴获|全省|全市|全县|全区|全国|省级|市级|县级|重点|相关|各类|主要|涉及|部分|市售|假冒|冒牌|伪劣|怀疑)+"
)
_ITEM_SUFFIX = re.compile(r"(?:相关|类|等|领域)+$")
_NOT_PRODUCT = re.compile(r"提升|提高|有效|加强|开展|推进|企业|工作|活动|行动|质量|产品|商品|服务")


def _enumerated_products(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in (_ENUMERATION, _SINGLE):
        for m in pattern.finditer(norm, start, end):
            offset = m.start(1)
            body = m.group(1)
            lead = ACTION_LEAD.match(body)
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
