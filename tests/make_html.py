"""Make test web pages from a report's text: a page shaped like a Chinese government site, or the same as MHTML.

``write_page`` wraps the paragraphs (the text's lines) in what such a site prints around an article, so a reader
must find the article among it: the top navigation, the breadcrumb (当前位置：首页 > 新闻中心 > 工作动态), the title and
its info line (发布时间 / 来源 / 浏览次数), share buttons, related headlines that name other agencies, and a footer with
the sponsor, ICP number and site code; the head carries the 政府网站 meta tags (ArticleTitle, PubDate, ContentSource,
SiteName, ColumnName), Open Graph tags and a canonical link. Two layouts, so the tests are not one template:

- ``"province"``: HTML5 with ``<div>`` blocks and ``<meta charset>``; each paragraph a ``<p>``.
- ``"county"``: an older site laid out with tables, ``<meta http-equiv="Content-Type">``, ``<font>`` tags, the
  paragraphs in one cell separated by ``<br>`` and indented with ideographic spaces.

``write_mhtml`` writes the same page as a browser saves it in one file (``multipart/related``, the page
quoted-printable, a style sheet beside it). Both are deterministic: the same arguments give the same bytes.
Every string is HTML-escaped. ``encoding`` is one of ``utf-8``, ``gbk``, ``gb18030``, ``big5``; a text the encoding
cannot hold raises ``ValueError`` (GBK holds Traditional characters too, and the pinyin letters of the seed).
"""

from __future__ import annotations

import quopri
from email.header import Header
from html import escape
from pathlib import Path

__all__ = ["RELATED", "write_mhtml", "write_page"]

RELATED = (
    "省交通运输厅召开全省公路水运工程质量安全监督工作会议",
    "省卫生健康委部署开展医疗质量安全专项整治",
    "省通信管理局组织开展电信服务质量检查",
    "省体育局举办全民健身器材质量提升培训班",
    "省粮食和物资储备局开展粮食质量安全抽检",
)
"""Related headlines every page carries: bodies that must not reach the extracted text."""

_NAV = ("首页", "政务公开", "政务服务", "互动交流", "新闻中心", "专题专栏")
_SITE = "青溪省人民政府"
_URL = "https://www.qingxi.gov.cn/art/2022/10/8/art_4021_1057.html"
_CODECS = {"utf-8": "utf-8", "gbk": "gbk", "gb18030": "gb18030", "big5": "big5"}


def write_page(text: str, out: Path, *, encoding: str = "utf-8", title: str = "全省开展2022年“质量月”活动",
               date: str = "2022-10-08", publisher: str = "省市场监管局", url: str | None = _URL,
               layout: str = "province") -> Path:
    """Write ``text`` (one paragraph a line) as a government site's article page to ``out``; return ``out``.

    ``date`` is ISO ``YYYY-MM-DD``; ``url`` ``None`` leaves out the canonical link and ``og:url``.
    """
    out.write_bytes(_encode(page_html(text, encoding=encoding, title=title, date=date, publisher=publisher,
                                      url=url, layout=layout), encoding))
    return out


def write_mhtml(text: str, out: Path, *, encoding: str = "utf-8", title: str = "全省开展2022年“质量月”活动",
                date: str = "2022-10-08", publisher: str = "省市场监管局", url: str | None = _URL,
                layout: str = "province") -> Path:
    """Write the page :func:`write_page` makes as MHTML (the location headers carry ``url``, or a made-up one)."""
    page = _encode(page_html(text, encoding=encoding, title=title, date=date, publisher=publisher, url=url,
                             layout=layout), encoding)
    location = url or "https://www.qingxi.gov.cn/saved.html"
    boundary = "----MultipartBoundary--govkgTestPage0000000000----"
    subject = Header(title, "utf-8").encode(linesep="\r\n")
    head = (f"From: <Saved by Blink>\r\nSnapshot-Content-Location: {location}\r\nSubject: {subject}\r\n"
            f"Date: Sat, 8 Oct 2022 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n\r\n')
    body = quopri.encodestring(page).decode("ascii").replace("\n", "\r\n")
    parts = (f"--{boundary}\r\nContent-Type: text/html; charset={_CODECS[encoding]}\r\n"
             f"Content-ID: <frame-0@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\n"
             f"Content-Location: {location}\r\n\r\n{body}\r\n"
             f"--{boundary}\r\nContent-Type: text/css\r\nContent-Transfer-Encoding: quoted-printable\r\n"
             f"Content-Location: https://www.qingxi.gov.cn/css/main.css\r\n\r\n"
             f"body {{ font-size: 14px; }}\r\n--{boundary}--\r\n")
    out.write_bytes(head.encode("ascii") + parts.encode("ascii"))
    return out


def page_html(text: str, *, encoding: str = "utf-8", title: str = "全省开展2022年“质量月”活动",
              date: str = "2022-10-08", publisher: str = "省市场监管局", url: str | None = _URL,
              layout: str = "province") -> str:
    """The page :func:`write_page` writes, as a string (its ``<meta>`` declares ``encoding``)."""
    if encoding not in _CODECS:
        raise ValueError(f"encoding {encoding!r}: use one of {', '.join(_CODECS)}")
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    if layout == "province":
        return _province(paragraphs, encoding, title, date, publisher, url)
    if layout == "county":
        return _county(paragraphs, encoding, title, date, publisher, url)
    raise ValueError(f"layout {layout!r}: use 'province' or 'county'")


def _encode(page: str, encoding: str) -> bytes:
    try:
        return page.encode(_CODECS[encoding])
    except UnicodeEncodeError as exc:
        raise ValueError(f"{encoding} cannot encode {page[exc.start]!r}: use gb18030 or utf-8") from exc


def _meta(title: str, date: str, publisher: str, url: str | None) -> str:
    e = escape
    tags = [f'<meta name="SiteName" content="{_SITE}">', '<meta name="SiteDomain" content="www.qingxi.gov.cn">',
            '<meta name="SiteIDCode" content="9900000001">', '<meta name="ColumnName" content="工作动态">',
            '<meta name="ColumnType" content="工作动态">', f'<meta name="ArticleTitle" content="{e(title)}">',
            f'<meta name="PubDate" content="{e(date)} 09:30">', f'<meta name="ContentSource" content="{e(publisher)}">',
            f'<meta name="Keywords" content="质量月,{e(publisher)}">',
            f'<meta property="og:title" content="{e(title)}">',
            f'<meta property="og:site_name" content="{_SITE}">',
            f'<meta property="article:published_time" content="{e(date)}T09:30:00+08:00">']
    if url is not None:
        tags += [f'<meta property="og:url" content="{e(url)}">', f'<link rel="canonical" href="{e(url)}">']
    return "\n".join(tags)


def _province(paragraphs: list[str], encoding: str, title: str, date: str, publisher: str, url: str | None) -> str:
    nav = "".join(f'<li><a href="/col/col{i}/index.html">{item}</a></li>' for i, item in enumerate(_NAV, 1))
    related = "".join(f'<li><a href="/art/2022/9/{i}/art_4021_{900 + i}.html">{headline}</a>'
                      f"<span>2022-09-{10 + i:02d}</span></li>" for i, headline in enumerate(RELATED, 1))
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{encoding}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}_{_SITE}</title>
{_meta(title, date, publisher, url)}
<link rel="stylesheet" href="/css/main.css">
</head>
<body>
<div class="top"><div class="logo"><a href="/">{_SITE}</a></div>
<div class="search"><form action="/search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></div>
<ul class="nav">{nav}</ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/col/col5/index.html">新闻中心</a> &gt;
<a href="/col/col4021/index.html">工作动态</a></div>
<div class="main">
<div class="article">
<h1 class="title">{escape(title)}</h1>
<div class="info"><span>发布时间：{escape(date)}</span> <span>来源：{escape(publisher)}</span>
<span>浏览次数：<em id="hits">1024</em></span>
<span>字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></span></div>
<div class="content" id="zoom">
{body}
</div>
<div class="share">分享到：<a href="#" class="wx">微信</a> <a href="#" class="wb">微博</a> <a href="#">QQ空间</a></div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a>
<a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="related"><h3>相关文章</h3><ul>{related}</ul></div>
</div>
<div class="footer">
<p><a href="/about.html">关于我们</a> | <a href="/map.html">网站地图</a> | <a href="/contact.html">联系我们</a></p>
<p>主办单位：{_SITE}办公厅 承办单位：青溪省大数据管理中心</p>
<p>ICP备案号：青ICP备05001234号-1 网站标识码：9900000001 青公网安备 99010202000123号</p>
</div>
<script>var hits = 1024;</script>
</body>
</html>
"""


def _county(paragraphs: list[str], encoding: str, title: str, date: str, publisher: str, url: str | None) -> str:
    nav = " | ".join(f'<a href="/list{i}.asp"><font color="#ffffff">{item}</font></a>' for i, item in enumerate(_NAV))
    related = "".join(f'<tr><td>·<a href="/show.asp?id={700 + i}"><font size="2">{headline}</font></a></td>'
                      f"<td>2022-09-{10 + i:02d}</td></tr>" for i, headline in enumerate(RELATED, 1))
    body = "<br>\n".join(f"\u3000\u3000{escape(p)}" for p in paragraphs)
    day = date.split("-")
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{escape(title)}-青溪县人民政府</title>
{_meta(title, date, publisher, url)}
</head>
<body topmargin="0" leftmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="90" bgcolor="#1d5aa8"><font size="5" color="#ffffff"><b>青溪县人民政府</b></font></td></tr>
<tr><td height="30" bgcolor="#2a6ec5">{nav}</td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td width="200" valign="top">
<table width="100%"><tr><td><font color="#1d5aa8"><b>栏目导航</b></font></td></tr>
<tr><td><a href="/list11.asp">工作动态</a></td></tr><tr><td><a href="/list12.asp">通知公告</a></td></tr>
<tr><td><a href="/list13.asp">政策文件</a></td></tr></table>
</td>
<td width="780" valign="top">
<table width="100%"><tr><td>您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/list5.asp">新闻中心</a> &gt;&gt;
<a href="/list11.asp">工作动态</a></td></tr></table>
<table width="100%" border="0" cellpadding="8">
<tr><td align="center"><font size="4" color="#c00000"><b>{escape(title)}</b></font></td></tr>
<tr><td align="center"><font size="2" color="#666666">发布日期：{day[0]}年{day[1]}月{day[2]}日\u3000\u3000
信息来源：{escape(publisher)}
\u3000\u3000点击数：<script>document.write(1024)</script></font></td></tr>
<tr><td class="content"><font size="3">
{body}
</font></td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印</a>】
【<a href="javascript:window.close()">关闭</a>】</td></tr>
</table>
<table width="100%"><tr><td colspan="2"><b>相关文章</b></td></tr>{related}</table>
</td></tr>
</table>
<table width="980" border="0" align="center"><tr><td align="center" bgcolor="#eeeeee"><font size="2">
版权所有：青溪县人民政府办公室\u3000地址：青溪县府前路1号\u3000电话：0999-1234567<br>
主办单位：青溪县人民政府办公室\u3000ICP备案号：青ICP备05004321号\u3000网站标识码：9900000123</font></td></tr></table>
</body>
</html>
"""
