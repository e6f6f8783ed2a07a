"""`kg run`'s workbook (out/queries.xlsx) holds the tables of its CSV answers, cell for cell, laid out for people."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Literal, URIRef

from kg.cli.app import ClickEcho
from kg.pipeline import answer_catalogue
from kg.query.results import display_width
from kg.query.store import QueryResult
from kg.query.workbook import LINKS_MAX, workbook_bytes

IRI = "https://w3id.org/govkg/"


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed graph's catalogue answered as `kg run` answers it: out/queries/*.csv and out/queries.xlsx."""
    out = tmp_path_factory.mktemp("run") / "queries"
    answer_catalogue(out, ClickEcho())
    return out


def _same(cell: Any, text: str) -> bool:
    """Whether a sheet's cell holds what the CSV says: numbers as numbers, text as the same text, blank as blank."""
    if cell is None:
        return text == ""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(text) == cell
    return isinstance(cell, str) and cell == text


def test_every_sheet_is_its_csv_cell_for_cell(answered: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(answered.with_suffix(".xlsx"))
    tables = sorted(p.stem for p in answered.glob("*.csv"))
    assert sorted(book.sheetnames) == tables and len(tables) > 20
    rows_seen = links = 0
    for name in tables:
        with (answered / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            expected = list(csv.reader(handle))
        sheet = book[name]
        got = [list(row) for row in sheet.iter_rows(values_only=True)]
        if sheet.max_row == 1 and len(expected) == 1:
            got = got[:1]
        assert len(got) == len(expected), name  # a row dropped or added
        for r, (want, have) in enumerate(zip(expected, got, strict=True), start=1):
            have += [None] * (len(want) - len(have))  # a row's blank cells at its end are not stored
            assert len(have) == len(want), (name, r)
            for c, (text, value) in enumerate(zip(want, have, strict=True), start=1):
                assert _same(value, text), (name, r, c, text, value)  # a row shifted or a cell changed
        assert all(cell.font.bold for cell in sheet[1]), name
        assert sheet.freeze_panes == "A2", name
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (name, cell.coordinate)
                    if cell.value.startswith(IRI) and " " not in cell.value:  # the catalogue's IRIs
                        assert cell.hyperlink is not None and cell.hyperlink.target == cell.value, cell.coordinate
                if cell.hyperlink is not None:
                    assert cell.hyperlink.target == cell.value and cell.style == "Hyperlink"
                    links += 1
        for c, header in enumerate(expected[0], start=1):
            column = [str(v) for v in [header, *[row[c - 1] for row in got[1:]]] if v is not None]
            fitted = max(display_width(v[:120]) for v in column)
            width = sheet.column_dimensions[sheet.cell(1, c).column_letter].width
            assert width == min(max(fitted + 2, 6), 60), (name, c)
        rows_seen += len(expected) - 1
    assert rows_seen > 100 and links > 100


def _sheet(result: QueryResult) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(workbook_bytes([("t", result)])))["t"]


def test_text_stays_text_numbers_stay_numbers_and_blank_nodes_are_named() -> None:
    rows = [(Literal("=HYPERLINK(\"http://x.org\",\"x\")"), Literal(3), URIRef("https://w3id.org/govkg/id/a")),
            (Literal("#N/A"), Literal(2.5), BNode("b0")),
            (None, Literal("-1"), Literal("http://not-a-link.org"))]
    sheet = _sheet(QueryResult("SELECT", ["text", "number", "thing"], rows))
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["text", "number", "thing"],
        ["=HYPERLINK(\"http://x.org\",\"x\")", 3, "https://w3id.org/govkg/id/a"],
        ["#N/A", 2.5, "_:b0"],
        [None, "-1", "http://not-a-link.org"]]
    assert [sheet[c].data_type for c in ("A2", "A3", "B2", "B3", "B4", "C4")] == ["s", "s", "n", "n", "s", "s"]
    assert sheet["C2"].hyperlink.target == "https://w3id.org/govkg/id/a"
    assert sheet["C3"].hyperlink is None and sheet["C4"].hyperlink is None  # a blank node, a literal


def test_links_stop_at_links_max(monkeypatch: pytest.MonkeyPatch) -> None:
    assert LINKS_MAX == 20_000
    monkeypatch.setattr("kg.query.workbook.LINKS_MAX", 5)
    rows = [(URIRef(f"https://w3id.org/govkg/id/{i}"), URIRef(f"https://w3id.org/govkg/id/{i}b")) for i in range(4)]
    sheet = _sheet(QueryResult("SELECT", ["x", "y"], rows))
    linked = [c.coordinate for row in sheet.iter_rows(min_row=2) for c in row if c.hyperlink is not None]
    assert linked == ["A2", "B2", "A3", "B3", "A4"] and sheet.max_row == 5 and sheet["B5"].value.endswith("/3b")


def _parts(data: bytes) -> list[tuple[str, bytes, int]]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info), info.external_attr) for info in archive.infolist()
                if info.filename != "docProps/core.xml"]  # its created and modified times


def test_rows_written_as_text_are_the_parts_openpyxl_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows written as text (kg/query/sheetxml.py) give the same zip parts, in the same order, as openpyxl's
    own cells: escapes, spaces kept, characters outside ASCII (and outside the BMP), empty text, numbers, blanks,
    links (their styles and relationships, stopped at LINKS_MAX), a sheet with no link, a sheet left to openpyxl."""
    from kg.query import workbook

    monkeypatch.setattr("kg.query.workbook.LINKS_MAX", 3)
    texts = ["a & b < c > d \"e\" 'f'", " lead", "trail ", "line\r\nnext\ttab", "質量月 𠀀 é", "", "=1+1", "#N/A",
             "\u3000全角", "x" * 40_000, "bell\x07"]
    rows = [(Literal(t), Literal(i), URIRef(f"https://w3id.org/govkg/id/質/{i}?a=1&b=\"2\""))
            for i, t in enumerate(texts)]
    rows += [(None, Literal(2.5), BNode("b0")), (Literal("x"), Literal(10 ** 20), None),
             (Literal(1e-7), Literal(-0.0), URIRef("http://x.org/"))]
    answers = [("first", QueryResult("SELECT", ["text", "n", "iri"], rows)),
               ("plain", QueryResult("SELECT", ["only"], [(Literal("no link"),)])),
               ("empty", QueryResult("SELECT", ["a", "b"], [])),
               ("odd", QueryResult("SELECT", ["v", "w"], [(Literal(float("nan")), URIRef("https://a.org/x"))])),
               ("later", QueryResult("SELECT", ["iri"], [(URIRef("https://a.org/y"),)] * 5))]
    fast = workbook_bytes(answers)
    slow = workbook._workbook(answers, fast=False)
    assert _parts(fast) == _parts(slow)
    assert [name for name, _, _ in _parts(fast)].count("xl/worksheets/_rels/sheet1.xml.rels") == 1
    reordered = [answers[1], answers[4], answers[0]]  # the link style first met in a later sheet
    assert _parts(workbook_bytes(reordered)) == _parts(workbook._workbook(reordered, fast=False))


def test_cell_values_of_every_kind_of_term() -> None:
    from rdflib import XSD

    from kg.query.workbook import _value

    terms = (Literal("質量", lang="zh-Hant"), Literal("a\x07b"), URIRef("https://a.org/x"), Literal(True),
             Literal("1.50", datatype=XSD.decimal), Literal("07", datatype=XSD.integer),
             Literal("2.5e0", datatype=XSD.double), BNode("b1"), None)
    assert [_value(t) for t in terms] == ["質量", "ab", "https://a.org/x", "true", "1.50", 7, 2.5, "_:b1", None]
