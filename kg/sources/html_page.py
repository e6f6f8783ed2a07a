"""A decoded web page as a tree: bounded parsing, the main text (trafilatura), and the page's own metadata.

Metadata, each value with where it was read (the first that says it wins):

- title: ``<meta name=ArticleTitle>`` (the 政府网站 standard tags), ``og:title``, trafilatura's title;
- publisher: ``<meta name=ContentSource>``, the page's "来源：X" line, ``<meta name=SiteName>``, ``og:site_name``;
- date: ``<meta name=PubDate>``, ``article:published_time``, the "发布时间：" / "发布日期：" line, trafilatura's date
  (htmldate on the tree, no network: it may take a related headline's date, so it comes last);
- url: ``<link rel=canonical>``, ``og:url`` (absolute http(s) only).
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["extract_main", "page_metadata", "parse_page"]

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SOURCE_LINE = re.compile(r"来源\s*[:：][ \t\u3000\n]*([^\s|｜/]{2,40})")
_DATE_LINE = re.compile(r"发布(?:时间|日期)\s*[:：][ \t\u3000\n]*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
_META = {
    "title": ("articletitle", "og:title"),
    "publisher": ("contentsource", "来源", "sitename", "og:site_name"),
    "date": ("pubdate", "article:published_time", "发布时间"),
    "url": ("canonical", "og:url"),
}
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_BLOCK = frozenset({"p", "div", "table", "ul", "ol", "dl", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                    "article", "form", "blockquote", "pre", "center", "header", "footer", "nav", "main", "aside",
                    "tr", "td", "th", "tbody", "thead", "tfoot"})
_TABLE_PARTS = "./tbody|./thead|./tfoot|./tr|./tbody/tr|./thead/tr|./tfoot/tr"


def parse_page(text: str, path: Path) -> HtmlElement:
    """Parse ``text`` with lxml; refuse a page that nests deeper than lxml allows or holds no element."""
    import lxml.html
    from lxml.etree import ParserError

    parser = lxml.html.HTMLParser(remove_comments=True)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (ParserError, ValueError) as exc:
        raise InputError(f"not a readable web page: {exc}", path=path) from exc
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise InputError(f"the page nests elements deeper than lxml reads (line {error.line}: "
                             f"{error.message.split(',')[0]}); it cannot be a report as published", path=path)
    return tree


def page_metadata(tree: HtmlElement) -> dict[str, tuple[str, str]]:
    """Title, publisher, date and URL the page's tags and info line state, each with where it was read."""
    found: dict[str, tuple[str, str]] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        if name and content and name not in found:
            attribute = "name" if meta.get("name") else "property"
            found[name] = (content, f"<meta {attribute}={meta.get('name') or meta.get('property')}>")
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href") and "canonical" not in found:
            found["canonical"] = (link.get("href", "").strip(), "<link rel=canonical>")
    text = "\n".join(tree.xpath("//body//text()[not(ancestor::script or ancestor::style)]"))
    for name, pattern in (("来源", _SOURCE_LINE), ("发布时间", _DATE_LINE)):
        line = pattern.search(text)
        if line:
            found[name] = (line.group(1), f"page text '{line.group(0).split(line.group(1))[0].strip()}'")
    metadata = {}
    for key, names in _META.items():
        for name in names:
            value = _valid(key, found[name][0]) if name in found else None
            if value:
                metadata[key] = (value, found[name][1])
                break
    return metadata


def extract_main(tree: HtmlElement) -> tuple[str, dict[str, tuple[str, str]]]:
    """The article's paragraphs joined by ``"\\n"`` ("" when only links remain) and trafilatura's title and date."""
    import trafilatura

    links = sorted({" ".join(link.text_content().split()) for link in tree.iter("a")} - {""}, key=len, reverse=True)
    _unwrap_layout_tables(tree)
    _wrap_bare_text(tree)
    document: Any = trafilatura.bare_extraction(
        tree, favor_recall=True, include_tables=True, include_comments=False, deduplicate=False,
        with_metadata=True, config=_config(), date_extraction_params={"extensive_search": True, "original_date": True,
                                                                       "outputformat": "%Y-%m-%d"})
    if document is None:
        return "", {}
    lines = [line.strip() for line in (document.text or "").split("\n")]
    lines = [line for line in lines if line]
    text = "\n".join(lines) if any(_prose(line, links) for line in lines) else ""
    found = {}
    for key, value in (("title", document.title), ("date", document.date)):
        checked = _valid(key, value) if isinstance(value, str) else None
        if checked:
            found[key] = (checked, "trafilatura")
    return text, found


def _prose(line: str, links: list[str]) -> bool:
    """A line of an article: beyond the page's link texts, it ends a sentence (。！？；): titles, info lines,
    footers, link lists and table rows of headlines do not."""
    line = " ".join(line.split())
    for link in links:
        if link in line:
            line = line.replace(link, "")
    rest = line.strip(" |·-")
    return bool(_SENTENCE_END.search(rest))


@cache
def _config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")  # 250 characters is a paragraph in English, a report in Chinese
    return config


def _unwrap_layout_tables(tree: HtmlElement) -> None:
    """Read a layout table as ``<div>``s: one that holds another table, has one cell a row, or cells of blocks."""
    for table in list(tree.iter("table")):
        rows = table.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")
        cells = [cell for row in rows for cell in row.xpath("./td|./th")]
        if (table.xpath(".//table") or all(len(row.xpath("./td|./th")) <= 1 for row in rows)
                or any(cell.xpath(".//br|.//p|.//div") for cell in cells)):
            for part in table.xpath(_TABLE_PARTS) + cells:
                part.tag = "div"
            table.tag = "div"


def _wrap_bare_text(tree: HtmlElement) -> None:
    """Make a ``<div>``/``<td>`` of bare text, inline tags and ``<br>`` lines (no block inside) one paragraph."""
    from lxml.html import Element

    for element in list(tree.iter("div", "td", "th")):
        if any(isinstance(child.tag, str) and child.tag in _BLOCK for child in element):
            continue
        if not element.text_content().strip():
            continue
        paragraph = Element("p")
        paragraph.text, element.text = element.text, None
        for child in list(element):
            paragraph.append(child)
        element.append(paragraph)


def _valid(key: str, value: str) -> str | None:
    value = " ".join(value.split())
    if key == "date":
        match = _DATE.search(value)
        if not match:
            return None
        try:
            return datetime.date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            return None
    if key == "url":
        return value if re.match(r"https?://[^\s/]+", value) else None
    return value or None
