"""Read a web page or MHTML file: the article's main text (trafilatura) and what the page says of itself.

Rules, in order:

- **Encoding.** A byte-order mark decides; else the charset the page declares (``<meta charset>`` or
  ``<meta http-equiv="Content-Type" content="…; charset=…">`` in its first 16 KiB, or for MHTML the part's
  ``Content-Type``), GBK and GB2312 read as GB18030 and Big5 as cp950, strictly: a declared charset the bytes do
  not follow is refused with the byte offset; else the text rules of :func:`kg.sources.decode.decode_source`.
- **Bounds.** Bytes over the size limit (:mod:`kg.limits`) and pages nesting deeper than lxml's 256 elements are
  refused. Nothing is fetched: trafilatura and htmldate get the parsed tree, never a URL.
- **Main text.** Layout tables (holding other tables, one cell a row, or whole blocks) are read as ``<div>``s and a
  block of bare text and ``<br>`` lines as a paragraph (older county sites), then trafilatura's ``bare_extraction``
  (favor_recall, tables, no comments, no deduplication, its minimum size lowered to one character: a Chinese
  report of 90 characters is a whole report). Paragraphs joined by ``"\\n"``, each stripped.
- **Boilerplate.** When no line of what remains ends a sentence (。！？；) outside the page's link texts (a list
  page: headlines, titles, info lines, footers), the text is ``""`` and a note says so; the build decides.
- **Metadata** (:mod:`kg.sources.html_page`): title, publisher, date and URL with where each was read.
"""

from __future__ import annotations

import codecs
import email
import email.message
import re
from pathlib import Path

from kg.errors import InputError
from kg.sources.document import Extracted

__all__ = ["read_html", "read_mhtml"]

_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_PRESCAN = 16 * 1024
_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
            "gb18030": "gb18030", "big5": "cp950", "x-x-big5": "cp950", "cp950": "cp950",
            "big5-hkscs": "big5hkscs", "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8"}
_BOILERPLATE = "only navigation and boilerplate found, no article text: is this a list page?"


def read_html(data: bytes, path: Path) -> Extracted:
    """The main text and metadata of the web page ``data``; raise ``InputError`` for what cannot be read."""
    return _read_page(data, path, None, {})


def read_mhtml(data: bytes, path: Path) -> Extracted:
    """The first ``text/html`` part of the MHTML file ``data``, read as :func:`read_html` reads a page.

    The part's ``Content-Location`` (else the file's ``Snapshot-Content-Location``) is the URL when the page
    names none; a multipart without an HTML part is refused.
    """
    _check_size(data, path)
    message = email.message_from_bytes(data)
    if not message.is_multipart():
        raise InputError("an MHTML file that is not multipart: save the page again from the browser", path=path)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes) or not payload.strip():
                raise InputError("the HTML part of this MHTML file is empty", path=path)
            fallback = {}
            for where, header in (("MHTML Content-Location", part), ("MHTML Snapshot-Content-Location", message)):
                key = "Content-Location" if header is part else "Snapshot-Content-Location"
                location = str(header.get(key, "")).strip()
                if location.startswith(("http://", "https://")):
                    fallback["url"] = (location, where)
                    break
            return _read_page(payload, path, part.get_content_charset(), fallback)
    raise InputError("an MHTML file with no text/html part: save the web page itself (.html or .mhtml)", path=path)


def _read_page(data: bytes, path: Path, declared: str | None, fallback: dict[str, tuple[str, str]]) -> Extracted:
    from kg.sources.html_page import extract_main, page_metadata, parse_page

    _check_size(data, path)
    tree = parse_page(_decode_page(data, path, declared), path)
    metadata = page_metadata(tree)
    text, found = extract_main(tree)
    for key, value in {**fallback, **found}.items():
        metadata.setdefault(key, value)
    notes = () if text else (_BOILERPLATE,)
    return Extracted(text, metadata=metadata, notes=notes)


def _check_size(data: bytes, path: Path) -> None:
    from kg.limits import size_limit_now

    if len(data) > size_limit_now():
        raise InputError(f"{len(data)} bytes of HTML, over the limit of {size_limit_now()} "
                         "(raise it with kg --max-size)", path=path)


def _decode_page(data: bytes, path: Path, declared: str | None) -> str:
    """Decode the page: BOM, else the declared charset (strictly), else the text rules of ``decode_source``."""
    from kg.sources.decode import _refusal, decode_source

    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_source(data, path).removeprefix("\ufeff")
    if declared is None:
        found = _CHARSET.search(data[:_PRESCAN])
        declared = found.group(1).decode("ascii") if found else None
    codec = _codec(declared) if declared else None
    if declared is None or codec is None:
        return decode_source(data, path)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        message = (f"the page declares charset {declared}, but byte 0x{data[exc.start]:02X} at byte offset "
                   f"{exc.start} is not {declared}")
        try:
            data.decode("utf-8")
            message += "; the bytes are UTF-8: fix the page's <meta charset> to utf-8"
        except UnicodeDecodeError:
            message += ": save the page again from the browser, or fix its <meta charset>"
        raise _refusal(data, exc, message, path) from exc


def _codec(declared: str) -> str | None:
    """The Python codec for a declared charset name; ``None`` when Python does not know it."""
    name = declared.strip().lower()
    if name in _ALIASES:
        return _ALIASES[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
