"""Query answers as an Excel workbook (.xlsx): one sheet per answer, bold frozen header, fitted columns, IRI links."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg.query.store import QueryResult

__all__ = ["CELL_MAX", "LINKS_MAX", "sheet_names", "workbook_bytes"]

CELL_MAX = 32_767
"""The most characters Excel keeps in a cell; a longer value is cut to this, ending in an ellipsis."""
LINKS_MAX = 20_000
"""IRIs in one sheet made clickable at most (each link is a relationship Excel reads when opening the file)."""
_WIDTH_MIN, _WIDTH_MAX = 6, 60
_SHEET_NAME = 31  # Excel's limit on a sheet's name
_NOT_IN_NAME = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters an .xlsx cannot hold


def sheet_names(names: Sequence[str]) -> list[str]:
    """Excel sheet names for ``names``: at most 31 characters, none of ``[]:*?/\\``, unique (case-insensitively).

    >>> sheet_names(["agencies-by-theme", "a" * 40, "a" * 40, "x/y"])
    ['agencies-by-theme', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa-2', 'x-y']
    """
    taken: set[str] = set()
    out = []
    for name in names:
        base = _NOT_IN_NAME.sub("-", name)[:_SHEET_NAME] or "sheet"
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base[:_SHEET_NAME - len(str(n)) - 1]}-{n}"
        taken.add(candidate.lower())
        out.append(candidate)
    return out


def _value(term: Identifier | None) -> Any:
    """A cell's value: numbers as numbers, everything else as its text (blank nodes as ``_:b0``)."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
    text = _CONTROL.sub("", str(term))
    return text if len(text) <= CELL_MAX else text[:CELL_MAX - 1] + "…"


def _fill(sheet: Any, result: QueryResult) -> None:
    """Write ``result`` into ``sheet``, each row's cells made here and appended (``sheet[sheet.max_row]`` would look
    at every cell written so far, so filling a sheet row by row that way grows with the square of its rows)."""
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from kg.query.results import display_width

    bold = Font(bold=True)
    header = [Cell(sheet, value=v) for v in result.variables]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    widths = [display_width(v) for v in result.variables]
    links = 0
    for row in result.rows:
        cells = [Cell(sheet, value=_value(t)) for t in row]
        sheet.append(cells)  # gives each cell its row and column, before any link (which names its cell)
        for i, term in enumerate(row):
            if term is None:
                continue
            cell = cells[i]
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text: openpyxl would store "=…" as a formula that runs
            widths[i] = max(widths[i], display_width(str(cell.value)[:_WIDTH_MAX * 2]))
            if isinstance(term, URIRef) and links < LINKS_MAX and str(term).startswith(("http://", "https://")):
                cell.hyperlink = str(term)
                cell.style = "Hyperlink"
                links += 1
    sheet.freeze_panes = "A2"
    if result.rows:
        sheet.auto_filter.ref = sheet.dimensions
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, _WIDTH_MIN), _WIDTH_MAX)


def workbook_bytes(answers: Sequence[tuple[str, QueryResult]]) -> bytes:
    """An .xlsx file holding each ``(name, result)`` of a SELECT as a sheet named after it, in order.

    The header row is bold and stays in view (frozen), columns are as wide as their text (CJK characters count
    twice, at most 60), each row can be filtered, numbers are numbers and IRIs are links (the first
    :data:`LINKS_MAX` of a sheet). A workbook needs at least one sheet: an empty ``answers`` gives one, empty.
    """
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    selects = [(name, result) for name, result in answers if result.graph is None and result.form != "ASK"]
    for title, (_, result) in zip(sheet_names([n for n, _ in selects]), selects, strict=True):
        _fill(book.create_sheet(title), result)
    if not book.sheetnames:
        book.create_sheet("answer")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
