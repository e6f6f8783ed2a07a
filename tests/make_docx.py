"""Make test ``.docx`` files shaped like a government report typed in Word or WPS, deterministically (python-docx)."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

__all__ = ["BODY_FONT", "write_docx"]

BODY_FONT = "仿宋_GB2312"
"""The East-Asian font of the body, as a real government document sets it (the header's is 宋体)."""
_HEADER_FONT = "宋体"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def write_docx(text: str, out: Path, *, title: str | None = None, header: str | None = None,
               first_line_indent: bool = True, table: list[list[str]] | None = None) -> Path:
    """Write ``text`` to ``out`` as a ``.docx``: one paragraph per line of ``text`` (an empty line too); return ``out``.

    Runs carry ``BODY_FONT`` as their East-Asian font (16 pt, 三号). With ``first_line_indent`` every non-empty
    paragraph starts with two ideographic spaces typed as text, the way many reports are indented (a reader must
    drop them). ``title`` goes into the core properties (``dc:title``), not into the text. ``header`` is a running
    header; the footer always holds a page-number field (“— PAGE —”); neither belongs to the report's text.
    ``table`` (rows of cells, the first row a heading) is appended after the text with the "Table Grid" style.

    The bytes depend only on the arguments: the core properties hold no creation or modification time, no author,
    and every ZIP member is stamped 1980-01-01.
    """
    import docx
    from docx.shared import Pt

    document = docx.Document()
    for line in text.split("\n"):
        paragraph = document.add_paragraph()
        if line:
            _run(paragraph, ("\u3000\u3000" if first_line_indent else "") + line, BODY_FONT, Pt(16))
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        grid.style = "Table Grid"
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, cells, strict=False):
                _run(cell.paragraphs[0], value, BODY_FONT, Pt(12))
    section = document.sections[0]
    if header is not None:
        _run(section.header.paragraphs[0], header, _HEADER_FONT, Pt(9))
    _page_number(section.footer.paragraphs[0])
    _core_properties(document, title)
    buffer = BytesIO()
    document.save(buffer)
    out.write_bytes(_fixed_zip(buffer.getvalue()))
    return out


def _run(paragraph: Any, text: str, font: str, size: Any) -> Any:
    from docx.oxml.ns import qn

    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _page_number(paragraph: Any) -> None:
    """“— N —” with N a PAGE field (begin, instruction, separate, cached result, end), as Word writes it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    _run(paragraph, "— ", _HEADER_FONT, Pt(14))
    for kind, value in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = _run(paragraph, "", _HEADER_FONT, Pt(14))
        if kind == "text":
            run.text = value
        elif kind == "instr":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = value
            run._element.append(instruction)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
    _run(paragraph, " —", _HEADER_FONT, Pt(14))


def _core_properties(document: Any, title: str | None) -> None:
    core = document.core_properties
    core.title = title or ""
    core.author = ""
    core.comments = ""
    core.last_modified_by = ""
    element = core._element
    for name in ("created", "modified", "lastPrinted"):
        child = getattr(element, name)
        if child is not None:
            element.remove(child)


def _fixed_zip(data: bytes) -> bytes:
    """The same members in the same order, each with a fixed time stamp and the same compression."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member))
    return out.getvalue()
