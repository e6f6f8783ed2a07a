"""Reading web pages and MHTML: the article's text equals the report's .txt, metadata with its origin, refusals."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.limits import size_limit
from kg.paths import SOURCES_DIR
from kg.sources.html import read_html, read_mhtml
from kg.sources.read import read_document
from tests.make_html import RELATED, page_html, write_mhtml, write_page

ROOT = Path(__file__).resolve().parent.parent
SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"
TEXTS = [SEED, *sorted((ROOT / "tests" / "cases").glob("*/input.txt"))]
BOILERPLATE = ("当前位置", "首页", "分享到", "相关文章", "主办单位", "ICP", "网站标识码", "浏览次数", "版权所有",
               *RELATED)
HANT = "省市場監管局開展汽車充電樁、口罩、動力電池等產品的質量比對工作，推動我省相關產業高質量發展。"


def _txt(path: Path) -> str:
    return "\n".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def _read(page: str, encoding: str = "utf-8", name: str = "page.html") -> tuple[str, dict[str, tuple[str, str]]]:
    extracted = read_html(page.encode(encoding), Path(name))
    return extracted.text, extracted.metadata


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize("layout", ["province", "county"])
def test_every_text_comes_back(tmp_path: Path, layout: str, encoding: str) -> None:
    assert len(TEXTS) > 80
    wrong = []
    for source in TEXTS:
        out = write_page(source.read_text(encoding="utf-8"), tmp_path / "page.html", layout=layout, encoding=encoding)
        extracted = read_html(out.read_bytes(), out)
        if extracted.text != _txt(source) or extracted.notes:
            wrong.append(source.parent.name)
    assert not wrong, f"{len(wrong)} texts differ: {wrong[:10]}"


@pytest.mark.parametrize("layout", ["province", "county"])
def test_boilerplate_left_out(layout: str) -> None:
    text, _ = _read(page_html(SEED.read_text(encoding="utf-8"), layout=layout))
    assert text.startswith("9月是全國“質(zhì)量月”") and "\n(一)深入實施" in text and "(五)開展質(zhì)量教育" in text
    assert [word for word in BOILERPLATE if word in text] == []


def test_metadata_and_origins() -> None:
    _, metadata = _read(page_html(HANT, title="青溪省质量月活动", date="2021-09-30", publisher="青溪省市场监管局"))
    assert metadata == {
        "title": ("青溪省质量月活动", "<meta name=ArticleTitle>"),
        "publisher": ("青溪省市场监管局", "<meta name=ContentSource>"),
        "date": ("2021-09-30", "<meta name=PubDate>"),
        "url": ("https://www.qingxi.gov.cn/art/2022/10/8/art_4021_1057.html", "<link rel=canonical>"),
    }


def test_metadata_fallbacks() -> None:
    page = page_html(HANT, title="青溪省质量月活动", date="2021-09-30", publisher="青溪省市场监管局", layout="county")
    page = re.sub(r'<meta name="(ArticleTitle|PubDate|ContentSource)"[^>]*>|<link rel="canonical"[^>]*>', "", page)
    _, metadata = _read(page)
    assert metadata == {
        "title": ("青溪省质量月活动", "<meta property=og:title>"),
        "publisher": ("青溪省市场监管局", "page text '来源：'"),
        "date": ("2021-09-30", "<meta property=article:published_time>"),
        "url": ("https://www.qingxi.gov.cn/art/2022/10/8/art_4021_1057.html", "<meta property=og:url>"),
    }
    bare = re.sub(r"<meta (name|property)=[^>]*>", "", page).replace("信息来源：", "")
    _, metadata = _read(bare)
    assert metadata["title"][1] == "trafilatura" and "青溪省质量月活动" in metadata["title"][0]
    assert metadata["date"] == ("2021-09-30", "page text '发布日期：'")
    assert "publisher" not in metadata and "url" not in metadata


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    path = write_page(SEED.read_text(encoding="utf-8"), tmp_path / "report.txt", encoding="gbk")
    document = read_document(path)
    assert document.media_type == "text/html"
    assert document.text == _txt(SEED) + "\n"  # read_document ends a text taken out of a page with a break
    assert document.extracted.metadata["publisher"] == ("省市场监管局", "<meta name=ContentSource>")


@pytest.mark.parametrize("layout", ["province", "county"])
def test_boilerplate_only_page_gives_a_note(layout: str) -> None:
    extracted = read_html(page_html("", layout=layout).encode(), Path("list.html"))
    assert extracted.text == ""
    assert extracted.notes == ("only navigation and boilerplate found, no article text: is this a list page?",)


@pytest.mark.parametrize(("declared", "codec", "text"), [("gb2312", "gb18030", SEED.read_text(encoding="utf-8")),
                                                          ("GBK", "gbk", HANT), ("big5", "big5", HANT)])
def test_declared_legacy_charsets(declared: str, codec: str, text: str) -> None:
    # GB2312 cannot hold the seed's Traditional characters: a page declaring it is read as GB18030, as browsers do.
    if codec == "big5":  # the template's Simplified navigation is not in Big5
        page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}"></head>' \
               f"<body><div id=content><p>{text}</p></div></body></html>"
    else:
        page = page_html(text).replace('<meta charset="utf-8">', f'<meta charset="{declared}">')
    extracted = read_html(page.encode(codec), Path("page.html"))
    assert extracted.text == "\n".join(line for line in text.splitlines() if line.strip())


def test_wrong_declared_charset_refused() -> None:
    page = page_html(HANT, encoding="gbk").replace('<meta charset="gbk">', '<meta charset="utf-8">')
    data = page.encode("gbk")
    with pytest.raises(UnicodeDecodeError) as utf8:
        data.decode("utf-8")
    first = utf8.value.start
    with pytest.raises(InputError) as caught:
        read_html(data, Path("wrong.html"))
    message = str(caught.value)
    assert message.startswith("wrong.html:") and "\n" not in message
    assert f"declares charset utf-8, but byte 0x{data[first]:02X} at byte offset {first}" in message
    assert caught.value.offset == first


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_mhtml(tmp_path: Path, encoding: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    path = write_mhtml(text, tmp_path / "page.mhtml", encoding=encoding, url=None)
    document = read_document(path)
    assert document.media_type == "multipart/related"
    assert document.text == _txt(SEED) + "\n"  # read_document ends a text taken out of a page with a break
    assert document.extracted.metadata["url"] == ("https://www.qingxi.gov.cn/saved.html", "MHTML Content-Location")
    canonical = read_mhtml(write_mhtml(text, tmp_path / "b.mhtml", url="https://www.qingxi.gov.cn/a.html").read_bytes(),
                           tmp_path / "b.mhtml")
    assert canonical.metadata["url"] == ("https://www.qingxi.gov.cn/a.html", "<link rel=canonical>")


def test_mhtml_without_html_refused(tmp_path: Path) -> None:
    data = write_mhtml(HANT, tmp_path / "a.mhtml").read_bytes()
    data = data.replace(b"Content-Type: text/html", b"Content-Type: text/plain")
    with pytest.raises(InputError, match="no text/html part"):
        read_mhtml(data, Path("a.mhtml"))


def test_deep_nesting_and_size_refused() -> None:
    deep = "<html><body>" + "<div>" * 5000 + HANT + "</div>" * 5000 + "</body></html>"
    with pytest.raises(InputError, match="nests elements deeper than lxml reads"):
        read_html(deep.encode(), Path("deep.html"))
    with size_limit(1000), pytest.raises(InputError, match="over the limit of 1000"):
        read_html(page_html(HANT).encode(), Path("big.html"))


def test_generator_is_deterministic(tmp_path: Path) -> None:
    for write in (write_page, write_mhtml):
        first = write(HANT, tmp_path / "a", layout="county").read_bytes()
        assert write(HANT, tmp_path / "b", layout="county").read_bytes() == first
    with pytest.raises(ValueError, match="big5 cannot encode"):
        write_page("沭阳县", tmp_path / "c", encoding="big5")


def test_cli_refusal_is_one_line(tmp_path: Path) -> None:
    page = page_html(HANT).encode() + b"\xff"  # a byte no charset reads: refused whatever reads it
    source = tmp_path / "broken.html"
    source.write_bytes(page)
    args = [sys.executable, "-m", "kg.cli", "build", "--out", str(tmp_path / "kg.ttl"), str(source)]
    result = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, check=False,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "broken.html" in lines[0] and "byte offset" in lines[0], result.stderr
