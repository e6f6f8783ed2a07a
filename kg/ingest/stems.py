"""A bureau written by its stem alone in a closed list (发改、卫健、公安等10家单位): the bureau it stands for.

Only unambiguous stems are listed: today's bureaus, 宣传 (the place's party committee's publicity department), the
tobacco monopoly bureau (烟草), and the bureaus abolished in the reform of 2018 that older reports write by their own
stems (工商、质监、食药监、安监、物价、粮食、农委等部门: each named only that one body in its time). A stem whose body
changed name with the years while the stem stayed (文旅, 消防), that later reports still use for the body after it
(环保 for 生态环境局, 药监) or that belongs to a vertical service named otherwise (税务) stays as it is written, except
in a report of the years when it named one body only (药监, 国税, 地税, 环保, 国土 to 2018; 卫生 to 2013: 卫生局, the
health bureaus merged with family planning from 2014). The full name is the one a county's or a city's bureau
bears; a form the report itself uses for the same bureau (县住建局) or the reference data knows (市卫健委) is
preferred, so one bureau stays one resource.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

__all__ = ["ALL_STEMS", "LEVEL_WORD", "NOT_LEVEL_WORDS", "STEMS", "stem_body"]

#: words that start with a level's character and so are not that level's prefix: 市场监管 is no 市 + 场监管
NOT_LEVEL_WORDS = frozenset({"市场", "市容", "区域"})
#: the level a list's first item or a written name starts with (县住建, 省民政), not a word of ``NOT_LEVEL_WORDS``
LEVEL_WORD = re.compile("(?!" + "|".join(sorted(NOT_LEVEL_WORDS)) + ")[省市县区]")

STEMS: Mapping[str, str] = {
    "发改": "发展和改革局",
    "卫健": "卫生健康局",
    "公安": "公安局",
    "教育": "教育局",
    "住建": "住房和城乡建设局",
    "交通": "交通运输局",
    "交通运输": "交通运输局",
    "交运": "交通运输局",
    "商务": "商务局",
    "财政": "财政局",
    "民政": "民政局",
    "司法": "司法局",
    "人社": "人力资源和社会保障局",
    "应急": "应急管理局",
    "应急管理": "应急管理局",
    "工信": "工业和信息化局",
    "科技": "科学技术局",
    "统计": "统计局",
    "审计": "审计局",
    "水利": "水利局",
    "农业农村": "农业农村局",
    "生态环境": "生态环境局",
    "自然资源": "自然资源局",
    "城管": "城市管理局",
    "市场监管": "市场监督管理局",
    "医保": "医疗保障局",
    "退役军人": "退役军人事务局",
    "宣传": "委宣传部",  # the place's party committee's publicity department (县委宣传部)
    "网信": "委网信办",  # …and its cyberspace affairs office (市委网信办)
    "工会": "总工会",  # the place's federation of trade unions (县总工会)
    # bureaus of their time, abolished in 2018-2019 (a report of those years names them by these stems)
    "工商": "工商行政管理局",
    "质监": "质量技术监督局",
    "食药监": "食品药品监督管理局",
    "安监": "安全生产监督管理局",
    "物价": "物价局",
    "粮食": "粮食局",
    "农委": "农业委员会",
    "烟草": "烟草专卖局",
}
# A province's departments are 厅 and some of its bodies commissions (省教育厅, 省发展和改革委员会, 省卫生健康委员会):
# what a stem stands for in a province's report where the county's or city's bureau is named otherwise.
_PROVINCE: Mapping[str, str] = {
    "发改": "发展和改革委员会", "卫健": "卫生健康委员会", "公安": "公安厅", "教育": "教育厅",
    "住建": "住房和城乡建设厅", "交通": "交通运输厅", "商务": "商务厅", "财政": "财政厅",
    "民政": "民政厅", "司法": "司法厅", "人社": "人力资源和社会保障厅", "应急": "应急管理厅",
    "工信": "工业和信息化厅", "科技": "科学技术厅", "审计": "审计厅", "水利": "水利厅",
    "农业农村": "农业农村厅", "生态环境": "生态环境厅", "自然资源": "自然资源厅", "退役军人": "退役军人事务厅",
    "环保": "环境保护厅", "国土": "国土资源厅", "卫生": "卫生厅", "交通运输": "交通运输厅",
    "应急管理": "应急管理厅", "交运": "交通运输厅",
}
# Stems that named one body only up to a year: the last year and the body's name then.
_UNTIL: Mapping[str, tuple[int, str]] = {
    "药监": (2018, "食品药品监督管理局"),
    "国税": (2018, "国家税务局"),
    "地税": (2018, "地方税务局"),
    "环保": (2018, "环境保护局"),
    "国土": (2018, "国土资源局"),
    "卫生": (2013, "卫生局"),
}
ALL_STEMS = frozenset([*STEMS, *_UNTIL])
"""Every stem a list may write a bureau by, of any year."""
_STEM = re.compile(r"([省市县区]?)(" + "|".join(sorted(ALL_STEMS, key=len, reverse=True)) + ")")


def stem_body(
    text: str, prefix: str, known: Collection[str], forms: Mapping[str, str], year: int | None = None
) -> tuple[str, bool] | None:
    """``(key, curated)`` of the bureau the item ``text`` (a stem, perhaps after its level: 住建, 县住建) stands for in
    a report of level ``prefix`` and ``year``; ``known`` holds the keys of the report's bodies found already. None
    for no stem, or a stem of no one body that year.

    >>> stem_body("卫健", "县", set(), {}), stem_body("县住建", "", {"县住建局"}, {})
    (('县卫生健康局', False), ('县住建局', False))
    >>> stem_body("卫生", "县", set(), {}) is None, stem_body("卫生", "县", set(), {}, 2012)
    (True, ('县卫生局', False))
    >>> stem_body("卫健", "市", set(), {"市卫健委": "x-hc"})
    ('x-hc', True)
    >>> stem_body("工商", "市", set(), {}), stem_body("农委", "市", {"市农委"}, {})
    (('市工商行政管理局', False), ('市农委', False))
    >>> stem_body("教育", "省", set(), {}), stem_body("统计", "省", set(), {})
    (('省教育厅', False), ('省统计局', False))
    """
    m = _STEM.fullmatch(text)
    if m is None:
        return None
    level, stem = m.group(1) or prefix, m.group(2)
    until = _UNTIL.get(stem)
    if until and (year is None or year > until[0]):
        return None
    full = _PROVINCE.get(stem) if level == "省" else None
    full = full or (until[1] if until else STEMS[stem])
    candidates = [level + stem + "局", level + stem + "委", level + stem + "厅", level + stem, level + full]
    for form in candidates:
        if form in forms:
            return forms[form], True
    for form in candidates:
        if form in known:
            return form, False
    return level + full, False
