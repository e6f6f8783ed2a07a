"""Reading .docx reports: the text equals the .txt it was made from; tables in place; metadata; one-line refusals."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from kg.errors import InputError
from kg.paths import SOURCES_DIR
from kg.sources.read import read_document
from kg.sources.sniff import MEDIA_TYPES
from tests.make_docx import write_docx
from tests.repo import ROOT

TEXTS = [SOURCES_DIR / "jiangsu-2022-quality-month.txt", *sorted((ROOT / "tests" / "cases").glob("*/input.txt"))]
HEADER = "青溪区市场监督管理局文件"
DOCX = MEDIA_TYPES["docx"]


def _paragraphs(text: str) -> str:
    """The text as the contract compares it: trailing spaces and blank lines aside, ending with a line break (a text
    taken out of a document ends with one, as a saved .txt would)."""
    return "".join(line.rstrip() + "\n" for line in text.split("\n") if line.strip())


@pytest.mark.parametrize("source", TEXTS, ids=lambda p: p.parent.name if p.name == "input.txt" else p.stem)
def test_text_equals_the_txt(tmp_path: Path, source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    doc = read_document(write_docx(text, tmp_path / "report.docx", header=HEADER))
    assert doc.media_type == DOCX
    assert doc.text == _paragraphs(text)
    assert doc.extracted.notes == ()


def test_header_footer_and_indentation_left_out(tmp_path: Path) -> None:
    text = "青溪区市场监管局开展质量月活动。\n\n区教育局组织质量知识进校园。\n"
    doc = read_document(write_docx(text, tmp_path / "a.docx", header=HEADER, title="青溪区质量月总结"))
    assert doc.text == "青溪区市场监管局开展质量月活动。\n区教育局组织质量知识进校园。\n"
    assert HEADER not in doc.text and "—" not in doc.text and "PAGE" not in doc.text
    plain = read_document(write_docx(text, tmp_path / "b.docx", first_line_indent=False))
    assert plain.text == doc.text


def test_table_rows_in_place(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("\u3000\u3000一、责任分工")
    table = document.add_table(rows=3, cols=3)
    rows = [["序号", "任务", "责任单位"], ["1", "开展质量月宣传", "区市场监管局"], ["2", "", "区教育局、区科协"]]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.rows[1].cells[1].add_paragraph("（全年）")
    document.add_paragraph("二、工作要求")
    path = tmp_path / "table.docx"
    document.save(path)
    assert read_document(path).text == ("一、责任分工\n序号\t任务\t责任单位\n1\t开展质量月宣传 （全年）\t区市场监管局\n"
                                        "2\t区教育局、区科协\n二、工作要求\n")


def test_generated_table_after_the_text(tmp_path: Path) -> None:
    table = [["序号", "任务", "责任单位"], ["1", "质量开放日", "区质量发展委员会办公室"]]
    doc = read_document(write_docx("青溪区开展质量月活动。", tmp_path / "t.docx", table=table))
    assert doc.text.removesuffix("\n").split("\n") == ["青溪区开展质量月活动。", "序号\t任务\t责任单位",
                                    "1\t质量开放日\t区质量发展委员会办公室"]


def test_breaks_tabs_and_revisions(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("青溪区人民政府办公室")
    paragraph.add_run().add_break()  # a soft line break: a new line, as copying gives
    paragraph.add_run("2023年9月30日\t印发")
    revised = parse_xml(
        f"<w:p {nsdecls('w')}><w:r><w:t>区市场监管局</w:t></w:r>"
        "<w:del w:id='1' w:author='a'><w:r><w:delText>删去的字</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='a'><w:r><w:t>开展</w:t></w:r></w:ins>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>抽查</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>")
    document.element.body.insert(0, revised)
    path = tmp_path / "breaks.docx"
    document.save(path)
    assert read_document(path).text == "区市场监管局开展抽查\n青溪区人民政府办公室\n2023年9月30日 印发\n"


def _with_core(path: Path, *, title: str, created: datetime | None) -> Path:
    document = docx.Document(str(path))
    document.core_properties.title = title
    if created is not None:
        document.core_properties.created = created
    document.save(path)
    return path


def test_metadata_title_and_creation_date(tmp_path: Path) -> None:
    path = write_docx("青溪区开展质量月活动。", tmp_path / "q.docx", title="青溪区2023年质量月活动总结")
    assert read_document(path).extracted.metadata == {
        "title": ("青溪区2023年质量月活动总结", "docx core properties (dc:title)")}
    _with_core(path, title="青溪区2023年质量月活动总结", created=datetime(2023, 9, 30, 20, 0, tzinfo=UTC))
    title, date = read_document(path).extracted.metadata["title"], read_document(path).extracted.metadata["date"]
    assert title[0] == "青溪区2023年质量月活动总结"
    assert date[0] == "2023-10-01" and "creation date" in date[1]  # 20:00 UTC is the next morning in UTC+8


@pytest.mark.parametrize("title", ["", "  ", "q", "q.docx", "Microsoft Word 文档", "新建 Microsoft Word 文档",
                                   "文档1", "Document2", "Microsoft Word - 总结.doc"])
def test_default_titles_left_out(tmp_path: Path, title: str) -> None:
    path = _with_core(write_docx("青溪区开展质量月活动。", tmp_path / "q.docx"), title=title, created=None)
    assert "title" not in read_document(path).extracted.metadata


def test_no_text_gives_a_note(tmp_path: Path) -> None:
    doc = read_document(write_docx("\n\u3000\u3000\n", tmp_path / "empty.docx", header=HEADER))
    assert doc.text == "" and doc.extracted.notes == ("no text in the document",)


def test_docx_saved_as_txt_is_read_as_word(tmp_path: Path) -> None:
    path = write_docx("青溪区开展质量月活动。", tmp_path / "report.docx")
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(path.read_bytes())
    doc = read_document(disguised)
    assert (doc.media_type, doc.text) == (DOCX, "青溪区开展质量月活动。\n")


def test_same_arguments_same_bytes(tmp_path: Path) -> None:
    a = write_docx("青溪区开展质量月活动。", tmp_path / "a.docx", title="t", header=HEADER, table=[["1", "2"]])
    b = write_docx("青溪区开展质量月活动。", tmp_path / "b.docx", title="t", header=HEADER, table=[["1", "2"]])
    assert a.read_bytes() == b.read_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb(size: int) -> bytes:
    """A ZIP whose word/document.xml inflates to ``size`` bytes of one letter (a few hundred KB compressed)."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("word/document.xml", "w", force_zip64=True) as member:
        chunk = b"a" * (1 << 20)
        for _ in range(size >> 20):
            member.write(chunk)
    return buffer.getvalue()


def _refusal(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message


def test_refusals(tmp_path: Path) -> None:
    ole2 = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2048)
    assert "save it as .docx" in _refusal(tmp_path, "old.doc", ole2)
    encrypted = ole2 + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    assert "encrypted" in _refusal(tmp_path, "locked.docx", encrypted)
    good = write_docx("青溪区开展质量月活动。", tmp_path / "good.docx").read_bytes()
    assert "damaged" in _refusal(tmp_path, "cut.docx", good[: len(good) // 2])
    assert "Excel" in _refusal(tmp_path, "sheet.docx", _zip({"xl/workbook.xml": b"<workbook/>"}))
    broken = _zip({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"})
    assert "damaged Word file" in _refusal(tmp_path, "broken.docx", broken)


def _rewritten(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, content.replace(old, new) if info.filename == member else content)
    return out.getvalue()


def test_other_word_packages_refused(tmp_path: Path) -> None:
    good = write_docx("青溪区开展质量月活动。", tmp_path / "good.docx").read_bytes()
    strict = _rewritten(good, "word/document.xml", b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                        b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    assert "Strict Open XML" in _refusal(tmp_path, "strict.docx", strict)
    macros = _rewritten(good, "[Content_Types].xml", b"wordprocessingml.document.main+xml",
                        b"ms-word.document.macroEnabled.main+xml")
    assert "macroEnabled" in _refusal(tmp_path, "macros.docm", macros)


def test_inflation_ratio_refused(tmp_path: Path) -> None:
    assert "zip bomb" in _refusal(tmp_path, "ratio.docx", _bomb(16 << 20))


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    path.write_bytes(_bomb(210 << 20))  # past the 200 MB cap; 1-2 s to deflate, 200 KB on disk
    return path


def test_zip_bomb_refused_before_inflating(bomb: Path) -> None:
    with pytest.raises(InputError, match="possible zip bomb: the package inflates to 220200960 bytes"):
        read_document(bomb)


def test_build_refuses_in_one_line(bomb: Path, tmp_path: Path) -> None:
    out = tmp_path / "kg.ttl"
    args = [sys.executable, "-m", "kg.cli", "build", "--out", str(out), str(bomb)]
    result = subprocess.run(args, capture_output=True, text=True, env=dict(os.environ), check=False, timeout=120)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert str(bomb) in lines[0] and "Traceback" not in result.stderr
    assert not out.exists()
