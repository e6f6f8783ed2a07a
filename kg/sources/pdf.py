"""Read a PDF's text layer (pypdfium2) in reading order, as a person copying the report would, with page starts.

Each page's characters become lines by their boxes, running headers, footers and page numbers are dropped and the
lines are re-flowed into paragraphs (the rules are in :mod:`kg.sources.pdf_layout`); ``pages`` holds where each
page's first kept character stands in the text, inside a paragraph when a sentence runs on from the page before.
The document information gives ``title`` (unless empty or a file name such as "Microsoft Word - 总结.doc") and
``date`` (CreationDate as ``YYYY-MM-DD``). Refused with one line: a file that is damaged or cut short, one that needs
a password, more than :data:`MAX_PAGES` pages, pages without a text layer (a scan: run OCR), no text at all.
Pages that are only images beside pages with text are named in a note.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import re
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.sources.document import Extracted
from kg.sources.pdf_layout import Char, body_lines, make_lines, reflow

__all__ = ["MAX_PAGES", "read_pdf"]

MAX_PAGES = 2000
"""Most pages a PDF may have (a report has tens); a longer one is refused, to bound time and memory."""
MAX_CHARS = 200_000
"""Most characters one page may hold (a dense A4 page has about 5,000)."""
WHERE = "PDF document information"
_OCR = "run OCR on it (for example ocrmypdf) and build the PDF it gives"
_JUNK_TITLE = re.compile(
    r"(?:microsoft\s+(?:word|powerpoint|excel)\s*-.*|.*\.(?:docx?|wps|pdf|txt|rtf|xlsx?|pptx?|html?|tmp)"
    r"|untitled.*|无标题.*|無標題.*|(?:文档|文件|document|doc)\s*\d*|[\d\W_]*)",
    re.I | re.S,
)
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})(\d{2})")


def read_pdf(data: bytes, path: Path) -> Extracted:
    """The report's text, page starts and document information of the PDF ``data`` read from ``path``."""
    import pypdfium2

    _check_complete(data, path)
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise _open_error(exc, path) from exc
    try:
        return _read(document, path)
    finally:
        document.close()


def _check_complete(data: bytes, path: Path) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise InputError("not a readable PDF: it ends before its end-of-file marker (cut short?); "
                         "download or export it again", path=path)


def _open_error(exc: Any, path: Path) -> InputError:
    import pypdfium2.raw as pdfium_c

    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
        return InputError("the PDF is encrypted and needs a password to open: save an unprotected copy "
                          "(open it with the password, print or export to PDF) and build that", path=path)
    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_SECURITY:
        return InputError("the PDF uses an unsupported security handler: save an unprotected copy and build that",
                          path=path)
    reason = str(exc).splitlines()[0] if str(exc) else "pdfium cannot parse it"
    return InputError(f"not a readable PDF: {reason}; download or export it again", path=path)


def _read(document: Any, path: Path) -> Extracted:
    count = len(document)
    if count == 0:
        raise InputError("the PDF has no pages", path=path)
    if count > MAX_PAGES:
        raise InputError(f"{count:,} pages, over the {MAX_PAGES:,} pages govkg reads from one PDF: "
                         "split it (for example qpdf --split-pages) and build the parts", path=path)
    pages, heights, imaged = [], [], []
    for number in range(count):
        page = _page(document, number, path)
        try:
            chars = _chars(page, number, path)
            if not any(not c.ch.isspace() for c in chars) and _has_image(page):
                imaged.append(number + 1)
            pages.append(make_lines(chars))
            heights.append(float(page.get_height()))
        finally:
            page.close()
    text, starts = reflow(body_lines(pages, heights))
    if not text.strip():
        if imaged:
            raise InputError(f"no text layer, only images on {len(imaged)} of {count} pages (a scan?): {_OCR}",
                             path=path)
        raise InputError(f"no text in the PDF ({count} pages)", path=path)
    notes: tuple[str, ...] = ()
    if imaged:
        notes = (f"{path.name}: pages {', '.join(map(str, imaged))} are only images, their text is missing "
                 f"(to read it, {_OCR})",)
    return Extracted(text, starts, _metadata(document), notes)


def _page(document: Any, number: int, path: Path) -> Any:
    import pypdfium2

    try:
        return document[number]
    except pypdfium2.PdfiumError as exc:
        raise InputError(f"not a readable PDF: page {number + 1} cannot be loaded ({exc}); "
                         "download or export it again", path=path) from exc


def _chars(page: Any, number: int, path: Path) -> list[Char]:
    """The page's characters (pdfium's generated ones and line breaks left out) with their loose boxes."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count > MAX_CHARS:
            raise InputError(f"page {number + 1} holds {count:,} characters, over the {MAX_CHARS:,} a page may "
                             "have: not a report's page", path=path)
        chars: list[Char] = []
        rect = pdfium_c.FS_RECTF()
        for index in range(count):
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            if pdfium_c.FPDFText_IsGenerated(textpage, index) == 1 or code in (0, 0xFFFE, 0xFFFF):
                continue
            ch = chr(code) if code < 0x110000 else "\ufffd"
            if ch in "\r\n\x0c\x02" or not pdfium_c.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(rect)):
                continue
            size = pdfium_c.FPDFText_GetFontSize(textpage, index)
            chars.append(Char(ch, rect.left, rect.bottom, rect.right, rect.top, size))
        return chars
    finally:
        textpage.close()


def _has_image(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4))


def _metadata(document: Any) -> dict[str, tuple[str, str]]:
    """Title (when it is a title, not a file name) and creation date from the document information."""
    info = document.get_metadata_dict(skip_empty=True)
    found: dict[str, tuple[str, str]] = {}
    title = " ".join(str(info.get("Title", "")).split())
    if title and not _JUNK_TITLE.fullmatch(title):
        found["title"] = (title, WHERE)
    match = _PDF_DATE.match(str(info.get("CreationDate", "")).strip())
    if match:
        with contextlib.suppress(ValueError):  # a date that does not exist is no date
            found["date"] = (dt.date(*map(int, match.groups())).isoformat(), WHERE)
    return found
