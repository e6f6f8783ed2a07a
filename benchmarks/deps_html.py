"""Main-text extraction on govkg's test pages: govkg's reader (trafilatura) against readability-lxml.

Every report text (the seed and tests/cases/*/input.txt) is written by tests/make_html.py as a province page and a
county page; each extractor's text is compared with the .txt: every paragraph kept (each line of the .txt is a line
of the output), no boilerplate let in (a related headline or a footer, navigation or share word), exact equality.
Time per page: the extractors alternate page by page over ``--rounds`` rounds; the median of each one's times.
Run with readability-lxml on the path (not a govkg dependency); without it the script says so and stops.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.sources.html import read_html  # noqa: E402
from tests.make_html import RELATED, page_html  # noqa: E402

WORDS = ("当前位置", "分享到", "发布时间", "发布日期", "点击数", "打印", "相关文章",
         "主办单位", "ICP", "网站标识码", "浏览次数", "版权所有", "栏目导航", *RELATED)
_BLOCKS = ("p", "div", "br", "td", "li", "h1", "h2", "h3", "tr", "table")


def govkg(page: bytes) -> str:
    return read_html(page, Path("page.html")).text


def trafilatura_plain(page: bytes) -> str:
    """trafilatura as the brief asks, without govkg's layout-table and bare-text steps."""
    import lxml.html
    import trafilatura

    from kg.sources.html_page import _config

    document = trafilatura.bare_extraction(lxml.html.document_fromstring(page.decode()), favor_recall=True,
                                           include_tables=True, include_comments=False, deduplicate=False,
                                           config=_config())
    return (document.text or "") if document is not None else ""


def readability(page: bytes) -> str:
    import lxml.html
    from readability import Document

    summary = lxml.html.fromstring(Document(page.decode()).summary(html_partial=True))
    for element in summary.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return summary.text_content()


def score(text: str, extracted: str) -> tuple[bool, bool, bool]:
    want = [line.strip() for line in text.splitlines() if line.strip()]
    got = [line.strip() for line in extracted.splitlines() if line.strip()]
    return set(want) <= set(got), not any(word in extracted and word not in text for word in WORDS), got == want


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        import readability as _  # noqa: F401
    except ImportError:
        print("readability-lxml is not installed: skipped")
        return
    texts = [ROOT / "data/sources/jiangsu-2022-quality-month.txt", *sorted((ROOT / "tests/cases").glob("*/input.txt"))]
    extractors: dict[str, Callable[[bytes], str]] = {"govkg (trafilatura)": govkg,
                                                     "trafilatura alone": trafilatura_plain,
                                                     "readability-lxml": readability}
    print(f"{len(texts)} texts, pages of each layout; medians of {args.rounds} alternated rounds\n")
    print("| layout | extractor | every paragraph kept | no boilerplate | equal to .txt | ms/page (median) |")
    print("|---|---|---|---|---|---|")
    for layout in ("province", "county"):
        pages = [(t.read_text(encoding="utf-8"), page_html(t.read_text(encoding="utf-8"), layout=layout).encode())
                 for t in texts]
        times: dict[str, list[float]] = {name: [] for name in extractors}
        scores: dict[str, list[tuple[bool, bool, bool]]] = {name: [] for name in extractors}
        for round_ in range(args.rounds):
            for index, (text, page) in enumerate(pages):
                order = list(extractors.items())
                if (index + round_) % 2:
                    order.reverse()
                for name, extract in order:
                    start = time.perf_counter()
                    extracted = extract(page)
                    times[name].append(time.perf_counter() - start)
                    if round_ == 0:
                        scores[name].append(score(text, extracted))
        for name in extractors:
            kept, clean, equal = (sum(s[i] for s in scores[name]) for i in range(3))
            print(f"| {layout} | {name} | {kept}/{len(pages)} | {clean}/{len(pages)} | {equal}/{len(pages)} "
                  f"| {1000 * statistics.median(times[name]):.1f} |")


if __name__ == "__main__":
    main()
