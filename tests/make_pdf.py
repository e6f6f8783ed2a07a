"""Test PDFs made from a report's text the way a government office lays one out: A4, a CJK font, indented paragraphs.

``write_pdf`` sets every paragraph (a line of the text) with a first-line indent of two ideographic spaces,
wrapped by character like Chinese typesetting: a line may break between any two characters except inside a run
of Latin letters or digits or before a space; a space between two such runs is where an English line breaks (the
space is dropped there, a reader puts it back), any other space stays at the end of its line. 16 pt text on 28 pt
lines fills about 28 characters by 22 lines a page (GB/T 9704's page), so the seed report spans several pages and
its paragraphs run across page breaks. A running header on every page and a centred page number ("- N -") in the
footer are what a reader must drop.

The output is deterministic: the same text gives the same bytes (fixed creation date, no random file id).
The other writers make what a reader must refuse: a scan (pages that are only images), a PDF that needs a password,
and a truncated file.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from fpdf import FPDF

__all__ = ["NOTO", "write_encrypted_pdf", "write_image_pdf", "write_pdf", "write_truncated_pdf"]

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
"""Debian's fonts-noto-cjk Sans CJK collection (its first face, Japanese-ordered but covering Han in both scripts)."""

INDENT = "\u3000\u3000"
SIZE, LEADING = 16.0, 28.0
LEFT, RIGHT, TOP, BOTTOM = 79.0, 74.0, 105.0, 99.0  # points: 28 mm, 26 mm, 37 mm, 35 mm
HEADER_SIZE, FOOTER_SIZE = 10.5, 12.0
_EPOCH = dt.datetime(2022, 9, 30, 8, 0, tzinfo=dt.UTC)


def write_pdf(
    text: str,
    out: Path,
    *,
    title: str | None = None,
    header: str | None = None,
    page_numbers: bool = True,
    font: Path = NOTO,
) -> Path:
    """Write ``text`` (paragraphs separated by newlines; blank lines skipped) as an A4 PDF at ``out``; return ``out``.

    ``title`` goes to the document information (Title); ``header`` is printed at the top of every page; with
    ``page_numbers`` every page's footer holds "- N -". The creation date is fixed (2022-09-30).
    """
    out.write_bytes(bytes(_document(text, title=title, header=header, page_numbers=page_numbers, font=font).output()))
    return out


def write_encrypted_pdf(
    text: str, out: Path, *, user_password: str = "secret", font: Path = NOTO,  # noqa: S107 (a test file's)
) -> Path:
    """Like :func:`write_pdf`, encrypted (RC4) so that opening it needs ``user_password`` ("" = owner-only)."""
    pdf = _document(text, title=None, header=None, page_numbers=True, font=font)
    pdf.set_encryption(owner_password="owner-" + user_password, user_password=user_password)
    out.write_bytes(bytes(pdf.output()))
    return out


def write_image_pdf(text: str, out: Path, *, font: Path = NOTO) -> Path:
    """A scan of ``text``: each page of :func:`write_pdf`'s output rendered to a 100 dpi image, one image a page."""
    import pypdfium2

    source = pypdfium2.PdfDocument(bytes(_document(text, title=None, header=None, page_numbers=True,
                                                   font=font).output()))
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creation_date(_EPOCH)
    for page in source:
        image = page.render(scale=100 / 72).to_pil().convert("L")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf.add_page()
        pdf.image(buffer, x=0, y=0, w=pdf.w, h=pdf.h)
    source.close()
    out.write_bytes(bytes(pdf.output()))
    return out


def write_truncated_pdf(text: str, out: Path, *, keep: float = 0.6, font: Path = NOTO) -> Path:
    """:func:`write_pdf`'s output cut after ``keep`` of its bytes, as an interrupted download leaves it."""
    data = bytes(_document(text, title=None, header=None, page_numbers=True, font=font).output())
    out.write_bytes(data[: int(len(data) * keep)])
    return out


def _document(text: str, *, title: str | None, header: str | None, page_numbers: bool, font: Path) -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creation_date(_EPOCH)
    pdf.set_auto_page_break(False)
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.add_font("cjk", "", str(font), collection_font_number=0)
    if title is not None:
        pdf.set_title(title)
    width = pdf.w - LEFT - RIGHT
    lines_per_page = int((pdf.h - TOP - BOTTOM) // LEADING)
    lines = [line for paragraph in text.splitlines() if paragraph.strip()
             for line in _wrap(INDENT + paragraph.strip(" \u3000"), width, pdf)]
    for first in range(0, max(len(lines), 1), lines_per_page):
        pdf.add_page()
        number = pdf.page_no()
        if header:
            pdf.set_font("cjk", size=HEADER_SIZE)
            pdf.text((pdf.w - pdf.get_string_width(header)) / 2, TOP - 2.5 * LEADING, header)
        if page_numbers:
            pdf.set_font("cjk", size=FOOTER_SIZE)
            label = f"- {number} -"
            pdf.text((pdf.w - pdf.get_string_width(label)) / 2, pdf.h - BOTTOM + 2 * LEADING, label)
        pdf.set_font("cjk", size=SIZE)
        for row, line in enumerate(lines[first: first + lines_per_page]):
            pdf.text(LEFT, TOP + SIZE + row * LEADING, line)
    return pdf


def _word(ch: str) -> bool:
    """A character a line must not break after when the next is one too: Latin letters and digits."""
    return ch.isalnum() and ord(ch) < 0x2E80


def _wrap(paragraph: str, width: float, pdf: FPDF) -> list[str]:
    """Greedy wrapping at character boundaries (none inside a Latin word; a space between words is dropped)."""
    pdf.set_font("cjk", size=SIZE)
    lines: list[str] = []
    start, n = 0, len(paragraph)
    while start < n:
        used, end, cut = 0.0, start, None  # cut: (end of this line, start of the next)
        while end < n:
            used += pdf.get_string_width(paragraph[end])
            if used > width:
                break
            end += 1
            if end < n and _breakable(paragraph, end):
                cut = (end, end + 1) if paragraph[end] == " " else (end, end)
        if end >= n:
            cut = (n, n)
        elif cut is None:  # one unbreakable run wider than the line
            cut = (end, end)
        lines.append(paragraph[start: cut[0]])
        start = cut[1]
    return lines


def _breakable(text: str, i: int) -> bool:
    """May a line end before ``text[i]``? Not before a space (but a space between two words, which is dropped)."""
    before, after = text[i - 1], text[i]
    if after == " ":
        return i + 1 < len(text) and _word(before) and _word(text[i + 1])
    return not (after.isspace() or (_word(before) and _word(after)))
