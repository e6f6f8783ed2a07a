"""Bodies named after a listed body they belong to: a branch written with its place (人民银行湛江市中心支行), an
office of a government (省政府新闻办) and a bureau of a central organ (中办警卫局)."""

from __future__ import annotations

import re

from kg.ingest.script import HAN

__all__ = ["branch_after"]

# A branch of a body named with its place after it: 人民银行湛江市中心支行, 国家统计局共和调查队 (a survey team); a
# central sub-branch of the People's Bank is named by its city without 市 (中国人民银行忻州中心支行).
_BRANCH = re.compile(
    rf"[{HAN}]{{1,6}}?(?:省|市|县|区|自治州)[{HAN}]{{0,4}}?(?:中心支行|支行|分行|分局|海关|管理部)"
    rf"|[{HAN}]{{2,4}}?调查(?:总队|队)|[{HAN}]{{2,3}}?中心支行"
)
# An office of a government named after it: 省政府新闻办, 市政府研究室 (the government itself is curated; a Taiwan
# county government's departments, 县府财经处, are kg.ingest.units').
_OFFICE = re.compile(rf"[{HAN}]{{0,3}}?(?:新闻办公室|新闻办|研究室|参事室|督查室)")
# A bureau of a central organ or ministry written after its (short) name: 中办警卫局, 公安部刑侦局 (not 部门, 部署).
_BUREAU = re.compile(rf"[{HAN}]{{2,4}}?局(?![{HAN}]{{0,2}}(?:长|级))")


def branch_after(norm: str, end: int, key: str) -> re.Match[str] | None:
    """The branch, office or bureau named right after the listed body ``key`` that ends at ``end``, if any.

    >>> branch_after("人民银行白鹭中心支行", 4, "cn-pboc").group(), branch_after("中办警卫局", 2, "cn-cpc-go").group()
    ('白鹭中心支行', '警卫局')
    >>> branch_after("中组部局长", 3, "cn-cpc-od") is None
    True
    """
    if branch := _BRANCH.match(norm, end):
        return branch
    if key.endswith("-gov"):
        return _OFFICE.match(norm, end)
    if key.startswith("cn-") and key != "cn-gov":  # a central organ's or a ministry's own bureau
        return _BUREAU.match(norm, end)
    return None
