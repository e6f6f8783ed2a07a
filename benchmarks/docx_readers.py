"""Compare govkg's .docx reader (python-docx) with docx2python on documents made from our texts: same text? how fast?

    pip install --target /tmp/d2p docx2python        # never into govkg's venv
    PYTHONPATH=. python benchmarks/docx_readers.py --docx2python /tmp/d2p [--repeat 7]

The documents are the seed and every tests/cases/*/input.txt written by tests/make_docx.py (running header, page
number field, typed indentation), a long one (the seed 40 times), and two documents shaped like the hard cases of
tests/test_read_word.py (a table between paragraphs; a soft break, a tab, a deleted and an inserted revision, a field).
Both readers' lines are normalised alike (indentation and empty lines dropped) and compared with the .txt's. Times
are per document, the two readers alternated, the median of ``--repeat`` runs per document, then the median over
documents. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_INDENT = " \u3000\u00a0\t"


def _normal(text: str) -> str:
    lines = (line.lstrip(_INDENT).rstrip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _docx2python_text(data: bytes) -> str:
    from docx2python import docx2python

    with docx2python(BytesIO(data)) as content:
        body = content.body
    lines: list[str] = []
    for group in body:
        for row in group:
            if len(row) == 1:
                lines.extend(row[0])
            else:
                lines.append("\t".join(" ".join(p for p in cell if p.strip()) for cell in row if "".join(cell)))
    return "\n".join(lines)


def _govkg_text(data: bytes) -> str:
    from kg.sources.word import read_docx

    return read_docx(data, Path("x.docx")).text


def _documents(folder: Path) -> list[tuple[str, bytes, str]]:
    from tests.make_docx import write_docx

    seed = ROOT / "data" / "sources" / "jiangsu-2022-quality-month.txt"
    texts = [seed, *sorted((ROOT / "tests" / "cases").glob("*/input.txt"))]
    docs = []
    for source in texts:
        text = source.read_text(encoding="utf-8")
        path = write_docx(text, folder / "d.docx", header="青溪区市场监督管理局文件")
        docs.append((source.parent.name if source.name == "input.txt" else source.stem, path.read_bytes(), text))
    long_text = "\n".join([seed.read_text(encoding="utf-8")] * 40)
    docs.append(("seed-x40", write_docx(long_text, folder / "d.docx").read_bytes(), long_text))
    docs.extend(_hard_cases(folder))
    return docs


def _hard_cases(folder: Path) -> list[tuple[str, bytes, str]]:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("一、责任分工")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [["序号", "任务", "责任单位"], ["1", "开展质量月宣传", "区市场监管局"]],
                           strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("二、工作要求")
    path = folder / "table.docx"
    document.save(path)
    table_doc = ("table-in-place", path.read_bytes(),
                 "一、责任分工\n序号\t任务\t责任单位\n1\t开展质量月宣传\t区市场监管局\n二、工作要求")
    document = docx.Document()
    paragraph = document.add_paragraph("青溪区人民政府办公室")
    paragraph.add_run().add_break()
    paragraph.add_run("2023年9月30日\t印发")
    document.element.body.insert(0, parse_xml(
        f"<w:p {nsdecls('w')}><w:r><w:t>区市场监管局</w:t></w:r>"
        "<w:del w:id='1' w:author='a'><w:r><w:delText>删去的字</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='a'><w:r><w:t>开展</w:t></w:r></w:ins>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>抽查</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"))
    document.save(path)
    breaks = "区市场监管局开展抽查\n青溪区人民政府办公室\n2023年9月30日 印发"
    return [table_doc, ("breaks-revisions", path.read_bytes(), breaks)]


def _timed(read: Callable[[bytes], str], data: bytes) -> tuple[float, str]:
    start = time.perf_counter()
    text = read(data)
    return time.perf_counter() - start, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docx2python", type=Path, required=True, help="the --target folder docx2python is in")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sys.path.append(str(args.docx2python))  # after govkg's venv, so both readers use the same lxml
    sys.path.insert(0, str(ROOT))
    readers: dict[str, Callable[[bytes], str]] = {"python-docx": _govkg_text, "docx2python": _docx2python_text}
    result: dict[str, Any] = {name: {"same": 0, "differ": [], "times": []} for name in readers}
    with tempfile.TemporaryDirectory() as tmp:
        docs = _documents(Path(tmp))
    for name, data, text in docs:
        expected = _normal(text)
        times: dict[str, list[float]] = {reader: [] for reader in readers}
        for i in range(args.repeat):
            order = list(readers) if i % 2 == 0 else list(reversed(readers))
            for reader in order:
                seconds, got = _timed(readers[reader], data)
                times[reader].append(seconds)
                if i == 0:
                    same = _normal(got) == expected
                    result[reader]["same" if same else "differ"] = (
                        result[reader]["same"] + 1 if same else [*result[reader]["differ"], name])
        for reader in readers:
            result[reader]["times"].append((name, statistics.median(times[reader])))
    summary = {"documents": len(docs), "repeat": args.repeat}
    for reader, values in result.items():
        per_doc = [seconds for name, seconds in values["times"] if name != "seed-x40"]
        long_doc = next(seconds for name, seconds in values["times"] if name == "seed-x40")
        summary[reader] = {"same_text": values["same"], "differ": values["differ"],
                           "median_ms_per_document": round(1000 * statistics.median(per_doc), 2),
                           "seed_x40_ms": round(1000 * long_doc, 1)}
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
