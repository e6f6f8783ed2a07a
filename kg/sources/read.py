"""Read one source file as published (text, Markdown, web page, MHTML, PDF, Word) into a :class:`SourceDocument`."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError
from kg.sources.checks import text_notes
from kg.sources.document import Extracted, SourceDocument
from kg.sources.sniff import MEDIA_TYPES, sniff

__all__ = ["read_document"]

Reader = Callable[[bytes, Path], Extracted]


def read_document(path: Path) -> SourceDocument:
    """Read ``path`` in the format its bytes show; raise ``InputError`` (file and reason) for what cannot be read.

    A text file's text is kept as it is; a text taken out of a page, a PDF or a Word file ends with a line break,
    as the same text saved as a ``.txt`` would.

    >>> from kg.paths import SOURCES_DIR
    >>> doc = read_document(SOURCES_DIR / "jiangsu-2022-quality-month.txt")
    >>> doc.media_type, doc.text.startswith("9月是全國"), doc.page_of(0)
    ('text/plain', True, None)
    """
    from kg.limits import size_limit_now

    try:
        size = path.stat().st_size
        if size > size_limit_now():
            raise InputError(f"{size} bytes, over the limit of {size_limit_now()} (raise it with kg --max-size)",
                             path=path)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read source: {exc.strerror or exc}", path=path) from exc
    kind = sniff(data, path)
    extracted = _READERS[kind]()(data, path)
    if extracted.text.strip():
        text = extracted.text
        if kind not in {"text", "markdown"} and not text.endswith("\n"):
            text += "\n"
        extracted = dataclasses.replace(extracted, text=text, notes=(*extracted.notes, *text_notes(text)))
    return SourceDocument(path.name, MEDIA_TYPES[kind], len(data), hashlib.sha256(data).hexdigest(), extracted)


def _text(data: bytes, path: Path) -> Extracted:
    from kg.sources.decode import decode_source

    return Extracted(decode_source(data, path))


def _html() -> Reader:
    from kg.sources.html import read_html

    return read_html


def _mhtml() -> Reader:
    from kg.sources.html import read_mhtml

    return read_mhtml


def _pdf() -> Reader:
    from kg.sources.pdf import read_pdf

    return read_pdf


def _docx() -> Reader:
    from kg.sources.word import read_docx

    return read_docx


_READERS: dict[str, Callable[[], Reader]] = {"text": lambda: _text, "markdown": lambda: _text, "html": _html,
                                             "mhtml": _mhtml, "pdf": _pdf, "docx": _docx}
