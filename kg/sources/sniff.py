"""Which format a file is in, decided by its first bytes (the extension only breaks a tie); refusals name a remedy."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

from kg.errors import InputError

__all__ = ["MEDIA_TYPES", "READABLE_SUFFIXES", "sniff"]

MEDIA_TYPES = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "html": "text/html",
    "mhtml": "multipart/related",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
READABLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".mhtml", ".mht", ".pdf",
                               ".docx", ".doc", ".wps", ".rtf"})
"""Suffixes a folder build takes (``.doc``, ``.wps`` and ``.rtf`` only to refuse them with a remedy)."""

_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body)\b", re.I | re.S)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body)\b[^>]*>", re.I)
_MHTML = re.compile(rb"^(?:[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?"
                    rb"content-type:\s*multipart/related", re.I)
_IMAGES = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
           (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"))
_OCR = "run OCR on it (for example ocrmypdf) and build the text or PDF it gives"


def sniff(data: bytes, path: Path) -> str:
    """The format of ``data``: a key of :data:`MEDIA_TYPES`; refuse what cannot be read with what to do instead.

    >>> from pathlib import Path
    >>> sniff(b"%PDF-1.7\\n...", Path("a.txt")), sniff(b"<!DOCTYPE html><html>", Path("a.txt"))
    ('pdf', 'html')
    >>> sniff("省市場監管局開展".encode(), Path("a.md")), sniff(b"plain", Path("a.txt"))
    ('markdown', 'text')
    """
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data, path)
    if head.startswith(_OLE2):
        raise InputError(_ole2_refusal(data), path=path)
    if head.startswith(b"{\\rtf"):
        raise InputError("an RTF file, which govkg does not read: save it as .docx or PDF and build that", path=path)
    for magic, what in _IMAGES:
        if head.startswith(magic):
            raise InputError(f"{what}, not a text: {_OCR}", path=path)
    text_head = head.lstrip(b"\xef\xbb\xbf")
    if _MHTML.match(text_head):
        return "mhtml"
    if _HTML_START.match(text_head) or _HTML_ANYWHERE.search(text_head):
        return "html"
    return "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"


def _zip_kind(data: bytes, path: Path) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"a damaged ZIP container (a .docx?): {exc}; open and save it again", path=path) from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        what = "an Excel workbook"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation"
    elif "content.xml" in names:
        what = "an OpenDocument file"
    else:
        what = "a ZIP archive"
    raise InputError(f"{what}, not a report govkg reads: save the report as .docx, PDF or text", path=path)


def _ole2_refusal(data: bytes) -> str:
    if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20]:
        return "an encrypted (password-protected) Office file: save an unprotected copy as .docx or PDF"
    return ("an old binary Office or WPS file (.doc/.wps/.xls), which govkg does not read: save it as .docx or "
            "PDF (for example libreoffice --headless --convert-to docx FILE)")
