"""Read source report files: decode UTF-8/UTF-16, or GB18030/Big5 only when the choice is certain."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from kg.errors import InputError
from kg.han import is_han

__all__ = ["decode_source", "plausible_han", "read_source"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings tried when the bytes are not UTF-8, with the name used in messages.
_LEGACY = (("gb18030", "GB18030"), ("cp950", "Big5"))
_PLAUSIBLE_SHARE = 0.9


def read_source(path: Path) -> str:
    """Decode a source text file; raise ``InputError`` naming the file and the first bad byte when unsure.

    Order: a BOM (UTF-8, UTF-16, UTF-32) decides the encoding, strictly, and the BOM is dropped; else strict
    UTF-8; else strict GB18030 and strict Big5, keeping one only when it alone reads as plausible Han text
    (see ``plausible_han``). Empty, whitespace-only and NUL-containing texts are refused. No normalisation:
    compatibility ideographs and full-width punctuation come back code point for code point.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read source: {exc.strerror or exc}", path=path) from exc
    return decode_source(data, path)


def decode_source(data: bytes, path: Path) -> str:
    """Decode the bytes of the text file ``path`` as :func:`read_source` does."""
    text = _decode(data, path)
    if not text.strip():
        raise InputError("empty source text" if not text else "source text holds only whitespace", path=path)
    nul = text.find("\x00")
    if nul >= 0:
        message = "source text contains a NUL character (UTF-16 without a byte-order mark?)"
        raise InputError(message, path=path, offset=nul)
    return text


def _decode(data: bytes, path: Path) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                message = f"invalid {encoding.upper()} after its byte-order mark at byte offset {exc.start}"
                raise _refusal(data, exc, message, path) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    return _decode_legacy(data, utf8_error, path)


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError, path: Path) -> str:
    """Pick GB18030 or Big5 when exactly one decodes strictly to plausible Han text; otherwise refuse."""
    plausible: list[tuple[str, str]] = []
    notes = [f"not UTF-8 (byte 0x{data[utf8_error.start]:02X} at byte offset {utf8_error.start})"]
    for codec, name in _LEGACY:
        try:
            decoded = data.decode(codec)
        except UnicodeDecodeError as exc:
            notes.append(f"not {name} (byte 0x{data[exc.start]:02X} at byte offset {exc.start})")
            continue
        if plausible_han(decoded):
            plausible.append((name, decoded))
        else:
            notes.append(f"{name} decodes but does not read as plausible Han text")
    if len(plausible) == 1:
        return plausible[0][1]
    if plausible:
        notes.append("both GB18030 and Big5 decode to plausible Han text, so the encoding is not certain")
    raise _refusal(data, utf8_error, "cannot decode with certainty: " + "; ".join(notes), path)


def _refusal(data: bytes, exc: UnicodeDecodeError, message: str, path: Path) -> InputError:
    """An ``InputError`` at ``exc.start``: line and column (characters of the valid prefix), byte offset."""
    prefix = data[: exc.start].decode(exc.encoding, errors="replace").removeprefix("\ufeff")
    line = prefix.count("\n") + 1
    column = len(prefix) - (prefix.rfind("\n") + 1) + 1
    return InputError(
        message,
        path=path,
        line=line,
        column=column,
        offset=exc.start,
    )


def plausible_han(text: str) -> bool:
    """True when ``text`` holds Han characters and at least 90% of its non-ASCII characters look ordinary.

    Ordinary: a Han character in GB2312 or in Big5 level 1 (the frequent characters of each standard), CJK
    and general punctuation, full-width forms. Wrong-codec decodings produce kana, bopomofo, private-use and
    box-drawing characters, control characters and rare level-2/extension ideographs instead.

    >>> plausible_han("省市場監管局開展質量比對工作。"), plausible_han("朵帤詢?芞燭")
    (True, False)
    """
    others = [ch for ch in text if not ch.isascii() or _is_control(ch)]
    han = sum(1 for ch in others if _common_han(ch))
    if han == 0:
        return False
    ordinary = han + sum(1 for ch in others if _ordinary_punct(ch))
    return ordinary >= _PLAUSIBLE_SHARE * len(others)


def _common_han(ch: str) -> bool:
    if not is_han(ch):
        return False
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        code = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0xA440 <= int.from_bytes(code, "big") <= 0xC67E


def _ordinary_punct(ch: str) -> bool:
    code = ord(ch)
    if code == 0xB7 or 0x3000 <= code <= 0x3006 or 0x3008 <= code <= 0x301F or 0xFF01 <= code <= 0xFF5E:
        return True
    return 0x2010 <= code <= 0x2027 and unicodedata.category(ch).startswith("P")


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"
