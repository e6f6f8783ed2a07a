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
    kind = type(term)  # IRIs and plain or tagged text first, as most cells are: no ABC checks, no toPython
    if kind is not URIRef and not (kind is Literal and term.datatype is None):  # type: ignore[attr-defined]
        if isinstance(term, BNode):
            return f"_:{term}"
        if isinstance(term, Literal):
            value = term.toPython()
            if isinstance(value, int | float) and not isinstance(value, bool):
                return value
    text = _CONTROL.sub("", str(term))
    return text if len(text) <= CELL_MAX else text[:CELL_MAX - 1] + "…"


def _fill(sheet: Any, result: QueryResult) -> None:
    """Write ``result`` into ``sheet`` as openpyxl cells, each row's cells made here and appended
    (``sheet[sheet.max_row]`` would look at every cell written so far, so filling a sheet row by row that way grows
    with the square of its rows). Used for a sheet :func:`_plan` cannot write as text."""
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font

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
            if _linked(term) and links < LINKS_MAX:
                cell.hyperlink = str(term)
                cell.style = "Hyperlink"
                links += 1
    _finish(sheet, widths, bool(result.rows))


def _linked(term: Identifier) -> bool:
    return (type(term) is URIRef or isinstance(term, URIRef)) and str.startswith(term, ("http://", "https://"))


def _finish(sheet: Any, widths: list[int], rows: bool) -> None:
    """The sheet's frozen header, filter over its cells and column widths."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, _WIDTH_MIN), _WIDTH_MAX)


class _Plan:
    """A sheet to be written as text (:mod:`kg.query.sheetxml`): its header, values and links, and the two cells
    of the skeleton openpyxl writes (the header's first, the first link's) whose style ids the rows take."""

    def __init__(self, variables: list[str], values: list[list[Any]], links: list[list[str | None] | None],
                 header: Any, link_cell: Any) -> None:
        self.variables, self.values, self.links = variables, values, links
        self.header, self.link_cell = header, link_cell

    def sheet(self) -> Any:
        """The rows as text, once openpyxl has written the skeleton (so the style ids are those it gave)."""
        from kg.query.sheetxml import Sheet

        sheet = Sheet(len(self.variables))
        sheet.row(1, self.variables, [self.header.style_id] * len(self.variables))
        link_style = self.link_cell.style_id if self.link_cell is not None else None
        for number, (values, links) in enumerate(zip(self.values, self.links, strict=True), start=2):
            if links is None:
                sheet.row(number, values)
            else:
                sheet.row(number, values, [None if x is None else link_style for x in links], links)
        return sheet


def _plan(sheet: Any, result: QueryResult) -> _Plan | None:
    """Fill ``sheet`` with what openpyxl writes around the rows (bold header, the cell spanning the dimension, the
    first link's style, widths, filter, frozen header) and plan its rows as text; None (``sheet`` untouched) when
    a value is not one :mod:`kg.query.sheetxml` writes as openpyxl does."""
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font

    from kg.query.results import display_width
    from kg.query.sheetxml import writable

    variables = list(result.variables)
    values = [[_value(t) for t in row] for row in result.rows]
    if not variables or not writable(values):
        return None
    widths = [display_width(v) for v in variables]
    measured: dict[str, int] = {}
    links: list[list[str | None] | None] = []
    count, first = 0, None
    for number, (row, row_values) in enumerate(zip(result.rows, values, strict=True), start=2):
        row_links: list[str | None] | None = None
        for i, term in enumerate(row):
            if term is None:
                continue
            text = str(row_values[i])[:_WIDTH_MAX * 2]
            width = measured.get(text)
            if width is None:
                width = measured[text] = display_width(text)
            if width > widths[i]:
                widths[i] = width
            if count < LINKS_MAX and _linked(term):
                if row_links is None:
                    row_links = [None] * len(row)
                row_links[i] = str(term)
                count += 1
                first = first or (number, i + 1)
        links.append(row_links)
    bold = Font(bold=True)
    header = [Cell(sheet, value=v) for v in variables]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    link_cell = None
    if first is not None:  # styled in the skeleton as in the sheet: openpyxl numbers styles as it writes them
        link_cell = sheet.cell(row=first[0], column=first[1])
        link_cell.style = "Hyperlink"
    if values:
        sheet.cell(row=len(values) + 1, column=len(variables))  # the sheet's dimension, as its cells give it
    _finish(sheet, widths, bool(values))
    return _Plan(variables, values, links, header[0], link_cell)


def workbook_bytes(answers: Sequence[tuple[str, QueryResult]]) -> bytes:
    """An .xlsx file holding each ``(name, result)`` of a SELECT as a sheet named after it, in order.

    The header row is bold and stays in view (frozen), columns are as wide as their text (CJK characters count
    twice, at most 60), each row can be filtered, numbers are numbers and IRIs are links (the first
    :data:`LINKS_MAX` of a sheet). A workbook needs at least one sheet: an empty ``answers`` gives one, empty.

    The rows are written as text (:mod:`kg.query.sheetxml`), the rest by openpyxl: the same parts as openpyxl
    writes for the same cells (tested), in a tenth of the time.
    """
    try:
        return _workbook(answers, fast=True)
    except _Unspliced:  # openpyxl laid a sheet out otherwise than expected: its own cells, slower
        return _workbook(answers, fast=False)


class _Unspliced(Exception):
    """A sheet openpyxl wrote could not take the rows written as text."""


def _workbook(answers: Sequence[tuple[str, QueryResult]], fast: bool) -> bytes:
    import datetime
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    plans: dict[str, _Plan] = {}
    selects = [(name, result) for name, result in answers if result.graph is None and result.form != "ASK"]
    for title, (_, result) in zip(sheet_names([n for n, _ in selects]), selects, strict=True):
        sheet = book.create_sheet(title)
        plan = _plan(sheet, result) if fast else None
        if plan is None:
            _fill(sheet, result)
        else:
            plans[title] = plan
    if not book.sheetnames:
        book.create_sheet("answer")
    buffer = io.BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:  # as openpyxl's save_workbook
        book.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
        _writer(book, archive, plans).save()
    return buffer.getvalue()


def _writer(book: Any, archive: Any, plans: dict[str, _Plan]) -> Any:
    """openpyxl's writer of ``book`` into ``archive``, the sheets of ``plans`` written as a skeleton and their
    rows as text."""
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    from kg.query.sheetxml import splice

    class Writer(ExcelWriter):  # type: ignore[misc]
        def write_worksheet(self, ws: Any) -> None:
            plan = plans.get(ws.title)
            if plan is None:
                super().write_worksheet(ws)
                return
            ws._drawing = SpreadsheetDrawing()  # as ExcelWriter.write_worksheet does
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            sheet = plan.sheet()
            xml = splice(writer.read(), sheet)
            if xml is None or ws._rels:
                raise _Unspliced(ws.title)
            self._archive.writestr(_member(ws.path[1:]), xml)
            self.manifest.append(ws)
            if sheet.rels is not None:  # where ExcelWriter._write_worksheets puts them, right after the sheet
                self._archive.writestr(get_rels_path(ws.path)[1:], sheet.rels)

    return Writer(book, archive)


def _member(name: str) -> Any:
    """A sheet's entry in the zip as openpyxl makes it (from the temporary file it wrote: a regular file, 0600)."""
    import time
    from zipfile import ZIP_DEFLATED, ZipInfo

    info = ZipInfo(name, date_time=time.localtime(time.time())[:6])
    info.external_attr = 0o100600 << 16
    info.compress_type = ZIP_DEFLATED
    return info
