"""pypdfium2 (what kg.sources.pdf uses) against pdfplumber (pdfminer.six) on PDFs made from our texts.

Both libraries' characters (with their boxes and sizes) go through the same layout rules
(kg.sources.pdf_layout), so the difference is the library's: does it give every CJK character right, and how
long one document takes. Documents: the seed report (5 pages, with a header) and 10 case texts, one PDF each
(tests/make_pdf.py). Rounds alternate the libraries; the medians are printed as a Markdown table.

    PYTHONPATH=. .venv/bin/python benchmarks/deps_pdf.py --plumber /tmp/pdfplumber-target

pdfplumber is looked for in the ``--plumber`` folder (``pip install --target``), appended after govkg's own
packages; without it the script says so and stops. Not a test, imported by none.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kg.sources.pdf import read_pdf
from kg.sources.pdf_layout import Char, body_lines, make_lines, reflow
from tests.make_pdf import write_pdf
from tests.repo import ROOT


def plumber_text(path: Path, pdfplumber: Any) -> str:
    """The text pdfplumber's characters give through govkg's layout rules."""
    pages, heights = [], []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            height = float(page.height)
            chars = [Char(c["text"], c["x0"], height - c["bottom"], c["x1"], height - c["top"], c["size"])
                     for c in page.chars]
            pages.append(make_lines(chars))
            heights.append(height)
    return reflow(body_lines(pages, heights))[0]


def _paragraphs(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def main() -> None:
    """Make the PDFs, read each with both libraries in alternating rounds, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--plumber", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.append(str(args.plumber))
    try:
        import pdfplumber
    except ImportError:
        print(f"pdfplumber not found in {args.plumber}: skipped")
        return
    seed = ROOT / "data" / "sources" / "jiangsu-2022-quality-month.txt"
    texts = {"seed": seed.read_text(encoding="utf-8")}
    for case in sorted((ROOT / "tests" / "cases").glob("*/input.txt"))[::8]:
        texts[case.parent.name] = case.read_text(encoding="utf-8")
    readers = {
        "pypdfium2": lambda path: read_pdf(path.read_bytes(), path).text,
        "pdfplumber": lambda path: plumber_text(path, pdfplumber),
    }
    with tempfile.TemporaryDirectory() as tmp:
        paths = {name: write_pdf(text, Path(tmp) / f"{name}.pdf", header="江蘇省質量發展委員會辦公室" if name == "seed"
                                 else None) for name, text in texts.items()}
        times: dict[str, list[float]] = {name: [] for name in readers}
        right = dict.fromkeys(readers, 0)
        for round_ in range(args.rounds):
            order = list(readers) if round_ % 2 == 0 else list(reversed(readers))
            for library in order:
                for name, path in paths.items():
                    start = time.perf_counter()
                    text = readers[library](path)
                    times[library].append(time.perf_counter() - start)
                    if round_ == 0 and _paragraphs(text) == _paragraphs(texts[name]):
                        right[library] += 1
    print("| library | documents read back exactly | median ms per document | seed (5 pages) median ms |")
    print("|---|---|---|---|")
    for library in readers:
        seed_times = times[library][0 :: len(paths)]
        print(f"| {library} | {right[library]}/{len(paths)} | {1000 * statistics.median(times[library]):.0f} "
              f"| {1000 * statistics.median(seed_times):.0f} |")


if __name__ == "__main__":
    main()
