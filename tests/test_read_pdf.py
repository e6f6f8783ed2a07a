"""Reading PDFs: the text of a PDF made from a .txt is that .txt, paragraph for paragraph; page starts; refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.paths import SOURCES_DIR
from kg.sources.document import Extracted
from kg.sources.pdf import read_pdf
from kg.sources.pdf_layout import Line, body_lines
from kg.sources.read import read_document
from tests.make_pdf import NOTO, write_encrypted_pdf, write_image_pdf, write_pdf, write_truncated_pdf
from tests.repo import ROOT

pytestmark = pytest.mark.skipif(not NOTO.exists(),
                                reason=f"the CJK font {NOTO} is missing (apt install fonts-noto-cjk)")

SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"
CASES = sorted((ROOT / "tests" / "cases").glob("*/input.txt"))
HEADER = "江蘇省質量發展委員會辦公室 2022年第3期"


def _paragraphs(text: str) -> list[str]:
    """A text's paragraphs as a person compares them: blank lines and trailing spaces aside."""
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def _read(path: Path) -> Extracted:
    return read_pdf(path.read_bytes(), path)


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "seed.pdf"
    return write_pdf(SEED.read_text(encoding="utf-8"), out, title="江蘇省2022年“質量月”活動總結", header=HEADER)


def test_seed_reads_back_as_its_text(seed_pdf: Path) -> None:
    extracted = _read(seed_pdf)
    assert _paragraphs(extracted.text) == _paragraphs(SEED.read_text(encoding="utf-8"))
    assert len(extracted.pages) >= 2


@pytest.mark.slow  # a second and a half a case: the font is read and subset for each PDF
@pytest.mark.parametrize("case", CASES, ids=[path.parent.name for path in CASES])
def test_case_reads_back_as_its_text(tmp_path: Path, case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    assert _paragraphs(_read(write_pdf(text, tmp_path / "case.pdf")).text) == _paragraphs(text)


def test_every_case_in_one_document_with_a_header(tmp_path: Path) -> None:
    # many pages, so the header repeats; paragraphs of every kind run across page breaks
    text = "\n".join(case.read_text(encoding="utf-8") for case in CASES)
    extracted = _read(write_pdf(text, tmp_path / "all.pdf", header="青溪区市场监督管理局 质量月工作简报"))
    assert len(extracted.pages) > 10
    assert _paragraphs(extracted.text) == _paragraphs(text)


def test_latin_words_wrapped_at_spaces_are_joined_with_one(tmp_path: Path) -> None:
    text = ("县市场监管局组织企业学习 ISO 9001 Quality management systems requirements and guidance for small "
            "organizations 标准，并开展 GB/T 19001-2016 宣贯培训。\n二、下一步工作")
    assert _paragraphs(_read(write_pdf(text, tmp_path / "latin.pdf")).text) == _paragraphs(text)


def test_headers_and_page_numbers_are_dropped(seed_pdf: Path) -> None:
    text = _read(seed_pdf).text
    assert "辦公室 2022年第" not in text
    assert not any(f"- {n} -" in text for n in range(1, 10))


def test_a_page_break_inside_a_sentence_joins_it(seed_pdf: Path) -> None:
    extracted = _read(seed_pdf)
    inside = [start for start in extracted.pages[1:] if extracted.text[start - 1] not in "\n。；！？"]
    assert inside, "no page of the seed starts inside a sentence: the test lost its subject"
    for start in inside:
        assert "\n" not in extracted.text[start - 2: start + 2]


def test_page_starts_stand_on_their_pages(seed_pdf: Path) -> None:
    import pypdfium2

    extracted = _read(seed_pdf)
    document = pypdfium2.PdfDocument(seed_pdf.read_bytes())
    try:
        page_texts = ["".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()
    assert len(extracted.pages) == len(page_texts)
    assert extracted.pages[0] == 0
    for number, start in enumerate(extracted.pages):
        opening = extracted.text[start: start + 6]
        assert opening.strip() == opening and "\n" not in opening
        assert page_texts[number].startswith(opening) or opening in page_texts[number][:40], number
        if number:
            closing = extracted.text[start - 4: start].replace("\n", "")
            assert page_texts[number - 1].endswith(closing) or closing in page_texts[number - 1], number


def test_metadata_from_the_document_information(seed_pdf: Path, tmp_path: Path) -> None:
    where = "PDF document information"
    assert _read(seed_pdf).metadata == {"title": ("江蘇省2022年“質量月”活動總結", where), "date": ("2022-09-30", where)}
    text = SEED.read_text(encoding="utf-8")[:300]
    for junk in ("Microsoft Word - 2022年总结.doc", "总结报告.docx", "  ", "Untitled"):
        assert "title" not in _read(write_pdf(text, tmp_path / "junk.pdf", title=junk)).metadata, junk


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("scan", "no text layer, only images on 1 of 1 pages (a scan?): run OCR"),
        ("encrypted", "encrypted and needs a password to open: save an unprotected copy"),
        ("truncated", "not a readable PDF: it ends before its end-of-file marker"),
        ("damaged", "not a readable PDF: "),
        ("blank", "no text in the PDF (1 pages)"),
    ],
)
def test_refusals_are_one_line_naming_the_file(tmp_path: Path, kind: str, message: str) -> None:
    path = _broken(tmp_path, kind)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)


def test_too_many_pages_are_refused(seed_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.sources.pdf.MAX_PAGES", 3)
    with pytest.raises(InputError, match=r"5 pages, over the 3 pages govkg reads from one PDF: split it"):
        _read(seed_pdf)


def test_owner_password_only_is_read(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")[:200]
    assert _paragraphs(_read(write_encrypted_pdf(text, tmp_path / "owner.pdf", user_password="")).text) == [text]


@pytest.mark.slow
def test_cli_refuses_a_scan_with_one_line(tmp_path: Path) -> None:
    scan, out = _broken(tmp_path, "scan"), tmp_path / "kg.ttl"
    run = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--out", str(out), str(scan)],
                         capture_output=True, text=True, check=False, timeout=300)
    assert run.returncode == 2 and not out.exists()
    assert len(run.stderr.strip().splitlines()) == 1 and str(scan) in run.stderr
    assert "run OCR" in run.stderr


def _broken(tmp_path: Path, kind: str) -> Path:
    text = (ROOT / "tests" / "cases" / "city-level" / "input.txt").read_text(encoding="utf-8")
    path = tmp_path / f"{kind}.pdf"
    if kind == "scan":
        return write_image_pdf(text, path)
    if kind == "encrypted":
        return write_encrypted_pdf(text, path)
    if kind == "truncated":
        return write_truncated_pdf(text, path)
    if kind == "blank":
        return write_pdf("", path, page_numbers=True)
    path.write_bytes(b"%PDF-1.7\n1 0 obj <</Type /Catalog>> garbage\n%%EOF\n")
    return path


@pytest.mark.parametrize("number", ["3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 9 页", "3/9", "Page 3", "Page 3 of 9"])
def test_lone_page_numbers_are_dropped_but_short_body_lines_kept(number: str) -> None:
    def line(text: str, middle: float) -> Line:
        return Line(text, 79.0, 79.0, 79.0 + 16 * len(text), middle, 16.0)

    sentence = "为迎接119消防节，县政府举办系列宣导活动。"
    body = [line("二、", 700.0), line("3", 672.0), line(sentence, 644.0), line("二〇二三年", 616.0)]
    kept = body_lines([[*body, line(number, 50.0)]], [841.89])
    assert [kept_line.text for kept_line in kept[0]] == ["二、", "3", sentence, "二〇二三年"]
