"""The site's words in 繁體, 简体 and English, and the markup of the language switch that shows one of them.

Every page carries a label in all three forms, each in a ``<span class="l …">`` whose classes name the languages
it stands for (``lt`` zh-Hant, ``ls`` zh-Hans, ``le`` en; one span for forms that are the same text). The style
sheet shows the spans of the language ``<html data-ui="…">`` names and hides the others; ``static/lang.js`` sets
that attribute from the reader's choice (kept in ``localStorage``), and without JavaScript the switch's links
(``#ui-en``) still work through CSS ``:target``. The page's default is the script its report is written in.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from kg.namespaces import LABEL_LANGS

if TYPE_CHECKING:
    from markupsafe import Markup

__all__ = ["CLASS_NAMES", "LANG_CLASS", "SWITCH", "WORDS", "switch", "word"]

#: the class of a span that stands for each language
LANG_CLASS = {"zh-Hant": "lt", "zh-Hans": "ls", "en": "le"}
#: the switch's links: (language, its name in itself)
SWITCH = (("zh-Hant", "繁體"), ("zh-Hans", "简体"), ("en", "English"))

#: each class's index (its slug) and its name: slug -> (zh-Hant, zh-Hans, en), in the order the index lists them
CLASS_NAMES: dict[str, tuple[str, str, str]] = {
    "campaigns": ("運動", "运动", "Campaigns"),
    "themes": ("主題", "主题", "Campaign themes"),
    "activities": ("活動", "活动", "Activities"),
    "agencies": ("機構", "机构", "Agencies"),
    "products": ("產品", "产品", "Regulated products"),
    "documents": ("政策文件", "政策文件", "Policy documents"),
    "initiatives": ("專項行動", "专项行动", "Initiatives"),
    "media": ("媒體", "媒体", "Media outlets"),
    "reports": ("報告", "报告", "Source reports"),
    "jurisdictions": ("轄區", "辖区", "Jurisdictions"),
}

#: the site's own words: key -> (zh-Hant, zh-Hans, en)
WORDS: dict[str, tuple[str, str, str]] = {
    "index": ("索引", "索引", "Index"),
    "query": ("SPARQL 查詢", "SPARQL 查询", "SPARQL query"),
    "labels": ("名稱", "名称", "Labels"),
    "original": ("原始文件", "原始文件", "Original"),
    "evidence": ("出處", "出处", "Evidence"),
    "statements": ("陳述", "陈述", "Statements"),
    "incoming": ("反向連結", "反向链接", "Links here"),
    "text": ("全文", "全文", "Text"),
    "data": ("資料", "数据", "Data"),
    "campaigns": ("運動", "运动", "Campaigns"),
    "classes": ("類別", "类别", "Classes"),
    "outputs": ("下載與其他輸出", "下载与其他输出", "Downloads and other outputs"),
    "networks": ("機構網絡", "机构网络", "Agency networks"),
    "dumps": ("資料下載", "数据下载", "Data dumps"),
    "void": ("資料集描述 (VoID)", "数据集描述 (VoID)", "Dataset description (VoID)"),
    "ontology": ("本體文件", "本体文档", "Ontology documentation"),
    "answers": ("查詢結果", "查询结果", "Query answers"),
    "ontology-en": ("英文", "英文", "English"),
    "ontology-zh": ("中文", "中文", "Chinese"),
    "ontology-ttl": ("Turtle", "Turtle", "Turtle"),
    "acting-coordinating": ("個機構實施、協調或參與", "个机构实施、协调或参与",
                            "agencies acting, coordinating or taking part"),
    "acting": ("個實施活動的機構", "个实施活动的机构", "acting"),
    "all-agencies": ("圖譜中的所有機構，含僅被提及者與改革前的機構", "图谱中的所有机构，含仅被提及者与改革前的机构",
                     "every body in the graph, those only mentioned and those before a reform included"),
    "triples": ("三元組", "三元组", "triples"),
    "intro": ("政府機構、其開展的運動、引用的政策與採取的行動；每一事實都連到其所出自報告的字元。",
              "政府机构、其开展的运动、引用的政策与采取的行动；每一事实都连到其所出自报告的字符。",
              "Government agencies, the campaigns they run, the policies they cite and the actions they take; "
              "every fact links to the characters of the report it came from."),
    "footer": ("govkg · 資料 CC-BY-4.0 · 本頁的每個字面值都引自圖譜",
               "govkg · 数据 CC-BY-4.0 · 本页的每个字面值都引自图谱",
               "govkg · data CC-BY-4.0 · every literal on this page is quoted from the graph"),
    "language": ("語言", "语言", "Language"),
}


def switch(forms: Iterable[tuple[str, str]]) -> Markup:
    """Spans for ``(language, text)`` pairs, one per distinct text, each with the classes of its languages.

    >>> str(switch([("zh-Hant", "其他"), ("zh-Hans", "其他"), ("en", "other")]))
    '<span class="l lt ls" lang="zh-Hant">其他</span><span class="l le" lang="en">other</span>'
    >>> str(switch([("zh-Hant", "<b>")]))
    '&lt;b&gt;'
    """
    from markupsafe import Markup, escape

    groups: dict[str, list[str]] = {}
    for lang, text in forms:
        groups.setdefault(text, []).append(lang)
    if len(groups) == 1:
        return escape(next(iter(groups)))
    return Markup("".join(  # noqa: S704 (every text is escaped; classes and tags are the fixed ones above)
        f'<span class="l {" ".join(LANG_CLASS[lang] for lang in langs)}" lang="{langs[0]}">{escape(text)}</span>'
        for text, langs in groups.items()))


@cache
def word(key: str) -> Markup:
    """One of the site's own words in the three forms (:data:`WORDS`, or a class's name, ``class-agencies``)."""
    texts = CLASS_NAMES[key[6:]] if key.startswith("class-") else WORDS[key]
    return switch(zip(LABEL_LANGS, texts, strict=True))

