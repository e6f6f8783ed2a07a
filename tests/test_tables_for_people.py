"""Tables people open: CSV that Excel reads as UTF-8, .xlsx workbooks, whole cells on the terminal, labels not codes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.cli.app import ClickEcho
from kg.pipeline import answer_catalogue
from kg.query.results import display_width
from tests.repo import ROOT

BOM = b"\xef\xbb\xbf"
MINI = str(ROOT / "tests" / "data" / "mini.ttl")
SEED = str(ROOT / "data" / "kg.ttl")


def _kg(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


def test_csv_excel_starts_with_a_byte_order_mark_and_plain_csv_does_not() -> None:
    code, excel, _ = _kg("query", "activity-types", "--format", "csv-excel", "--timeout", "0")
    assert code == 0 and excel.startswith(BOM)
    code, plain, _ = _kg("query", "activity-types", "--format", "csv", "--timeout", "0")
    assert code == 0 and not plain.startswith(BOM)
    assert excel[len(BOM):] == plain and "執法整治".encode() in plain


def test_csv_excel_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "types.csv"
    code, stdout, stderr = _kg("query", "activity-types", "--format", "csv-excel", "--out", str(out))
    assert code == 0 and stdout == b"" and str(out) in stderr
    assert out.read_bytes().startswith(BOM + b"agency,agencyLabel,type,typeLabel,activities\r\n")


def test_xlsx_opens_with_the_header_rows_and_chinese_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "activities.xlsx"
    code, _, stderr = _kg("query", "activities", "--format", "xlsx", "--out", str(out))
    assert code == 0, stderr
    sheet = load_workbook(out)["activities"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("activity", "campaign", "campaignLabel", "place") and len(rows) == 1 + 22
    by_activity = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    first = by_activity["https://w3id.org/govkg/id/activity/js-2022-qm/01"]
    assert (first["agencies"], first["place"], first["start"], first["end"]) == ("江蘇省民政廳", "江蘇省", 213, 331)
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet["A2"].hyperlink.target == rows[1][0]
    assert sheet.column_dimensions["I"].width >= display_width("江蘇省住房和城鄉建設廳")  # the widest body


def test_xlsx_needs_a_file_and_a_table(tmp_path: Path) -> None:
    code, _, stderr = _kg("query", "activities", "--format", "xlsx")
    assert code == 2
    assert stderr == "kg: error: --format xlsx writes a workbook: give --out FILE.xlsx (or --out - for a pipe)\n"
    code, _, stderr = _kg("query", "agency-neighbourhood", "--param", "agency=省交通廳", "--format", "xlsx",
                          "--out", str(tmp_path / "n.xlsx"))
    assert code == 2 and stderr.startswith("kg: error: --format xlsx holds a table") and stderr.count("\n") == 1
    assert not (tmp_path / "n.xlsx").exists()


@pytest.mark.parametrize("text", ["質" * 100, "x" * 100], ids=["cjk", "ascii"])
def test_wide_keeps_a_100_character_cell_whole(tmp_path: Path, text: str) -> None:
    query = tmp_path / "long.rq"
    query.write_text(f'SELECT ?long ?short WHERE {{ BIND("{text}" AS ?long) BIND("a" AS ?short) }}\n',
                     encoding="utf-8")
    code, cut, _ = _kg("query", str(query), "--data", MINI, "--timeout", "0")
    assert code == 0 and text not in cut.decode() and "…" in cut.decode()
    code, whole, _ = _kg("query", str(query), "--data", MINI, "--timeout", "0", "--wide")
    _, rule, row = whole.decode().splitlines()[:3]
    assert code == 0 and row == f"{text}  a"
    assert rule == "-" * display_width(text) + "  -----"  # columns line up: CJK characters are two wide


@pytest.mark.parametrize(("text", "cut"), [("質" * 100, "質" * 29 + "…"), ("x" * 100, "x" * 59 + "…"),
                                          ("ab質" * 30, "ab質" * 14 + "ab…"), ("x\x07" * 80, "x\x07" * 59 + "…")],
                         ids=["cjk", "ascii", "mixed", "bell"])
def test_a_long_cell_is_cut_at_59_columns_and_marked(tmp_path: Path, text: str, cut: str) -> None:
    """Worked by hand: a CJK character takes two columns, ASCII one, a control character (BEL) none; the cell is cut
    before the character that would pass 59 columns, and an ellipsis makes the 60th."""
    query = tmp_path / "long.rq"
    escaped = text.replace("\x07", "\\u0007")
    query.write_text(f'SELECT ?long WHERE {{ BIND("{escaped}" AS ?long) }}\n', encoding="utf-8")
    code, out, _ = _kg("query", str(query), "--data", MINI, "--timeout", "0")
    assert code == 0 and out.decode().splitlines()[2] == cut


def test_display_width_counts_columns() -> None:
    assert [display_width(t) for t in ("", "abc", "a b", "省市場監管局", "ab質", "x\x07y", "\x00", "ｱ")] == \
        [0, 3, 3, 12, 4, 2, 0, 1]


def test_a_table_renders_each_kind_of_term_on_every_row_it_repeats_on() -> None:
    # the table measures each distinct term once (kg.query.results._table): a term met again, or the same text as
    # another kind of term, must still be drawn as its own kind and padded to its column
    from rdflib import BNode, Literal, URIRef

    from kg.query.results import format_result
    from kg.query.store import QueryResult

    iri, label = URIRef("https://w3id.org/govkg/id/agency/x"), Literal("青溪區市場監管局", lang="zh-Hant")
    rows = [(iri, label), (Literal(str(iri)), label), (BNode("b1"), Literal("b")), (iri, None)]
    lines = format_result(QueryResult("SELECT", ["a", "b"], rows), "table").splitlines()
    assert lines == ["a                                   b",
                     "----------------------------------  ----------------",
                     "id:agency/x                         青溪區市場監管局",
                     "https://w3id.org/govkg/id/agency/x  青溪區市場監管局",
                     "_:b1                                b",
                     "id:agency/x",
                     "(4 rows)"]


def test_kg_runs_tables_show_labels_and_come_as_one_workbook(tmp_path: Path) -> None:
    """What `kg run` writes under out/queries/: type and campaign labels beside their IRIs, and out/queries.xlsx."""
    from openpyxl import load_workbook

    answer_catalogue(tmp_path / "queries", ClickEcho())
    with (tmp_path / "queries" / "activity-types.csv").open(encoding="utf-8") as handle:
        types = list(csv.DictReader(handle))
    labels = {r["type"].rsplit("#", 1)[1]: r["typeLabel"] for r in types}
    assert labels["TypeEnforcement"] == "執法整治" and labels["TypeProductComparison"] == "產品比對"
    assert not any(label.startswith("Type") for label in labels.values())
    overview = (tmp_path / "queries" / "campaign-overview.csv").read_text(encoding="utf-8")
    assert next(csv.DictReader(io.StringIO(overview)))["campaignLabel"] == "2022年江蘇省質量月"
    book = load_workbook(tmp_path / "queries.xlsx", read_only=True)
    tables = sorted(p.stem for p in (tmp_path / "queries").glob("*.csv"))
    assert sorted(book.sheetnames) == tables
    for name in tables:
        with (tmp_path / "queries" / f"{name}.csv").open(encoding="utf-8") as handle:
            assert sum(1 for _ in book[name].iter_rows()) == len(list(csv.reader(handle))), name


def test_labels_follow_lang_in_activity_types() -> None:
    code, out, _ = _kg("query", "activity-types", "--format", "csv", "--lang", "en", "--timeout", "0")
    rows = list(csv.DictReader(io.StringIO(out.decode())))
    assert code == 0 and {r["typeLabel"] for r in rows if r["type"].endswith("#TypeEnforcement")} == {"enforcement"}


FORMULA = '=HYPERLINK("http://example.org/x","click")'


def _formula_query(tmp_path: Path) -> str:
    """A query answering text that a spreadsheet would run, a negative number, and a text starting with a minus."""
    query = tmp_path / "formula.rq"
    query.write_text("SELECT ?text ?number ?minus WHERE { BIND('" + FORMULA + "' AS ?text) BIND(-5 AS ?number) "
                     "BIND('-減' AS ?minus) }\n", encoding="utf-8")
    return str(query)


def test_a_formula_in_the_data_stays_text_in_the_workbook(tmp_path: Path) -> None:
    """A report's text such as =HYPERLINK(…) must not become a formula Excel runs when the workbook is opened."""
    from openpyxl import load_workbook

    out = tmp_path / "f.xlsx"
    code, _, stderr = _kg("query", _formula_query(tmp_path), "--data", MINI, "--format", "xlsx", "--out", str(out))
    assert code == 0, stderr
    sheet = load_workbook(out).active
    assert sheet is not None
    assert (sheet["A2"].value, sheet["A2"].data_type) == (FORMULA, "s")
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-5, "n")


def test_a_formula_in_the_data_is_kept_as_text_in_csv_for_excel(tmp_path: Path) -> None:
    query = _formula_query(tmp_path)
    code, excel, _ = _kg("query", query, "--data", MINI, "--format", "csv-excel", "--timeout", "0")
    assert code == 0
    assert list(csv.reader(io.StringIO(excel.decode("utf-8-sig")))) == [
        ["text", "number", "minus"], ["'" + FORMULA, "-5", "'-減"]]
    code, plain, _ = _kg("query", query, "--data", MINI, "--format", "csv", "--timeout", "0")
    assert list(csv.reader(io.StringIO(plain.decode())))[1] == [FORMULA, "-5", "-減"]  # plain CSV keeps the data


def test_out_dash_is_the_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--out -`` writes to the standard output (it wrote a file named ``-``), a workbook too, for a pipe."""
    monkeypatch.chdir(tmp_path)
    code, dashed, _ = _kg("query", "activity-types", "--format", "csv", "--out", "-", "--timeout", "0", "--data", SEED)
    _, plain, _ = _kg("query", "activity-types", "--format", "csv", "--timeout", "0", "--data", SEED)
    assert code == 0 and dashed == plain and not (tmp_path / "-").exists()
    code, book, _ = _kg("query", "activity-types", "--format", "xlsx", "--out", "-", "--timeout", "0", "--data", SEED)
    assert code == 0 and book.startswith(b"PK\x03\x04") and not (tmp_path / "-").exists()
