"""Query results as text: terminal tables that line up with Chinese, SPARQL CSV/TSV/JSON, and graphs."""

from __future__ import annotations

import csv
import functools
import io
import json
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import InputError, QueryError
from kg.namespaces import bind_prefixes, curie
from kg.query.choices import RESULT_FORMATS
from kg.query.sparql import ntriples_term
from kg.query.store import QueryResult

__all__ = ["RESULT_FORMATS", "answer_bytes", "display_width", "format_result", "pad"]

"""``kg query --format``: ``csv-excel`` is CSV with a byte-order mark (Excel reads it as UTF-8), ``xlsx`` a workbook."""
_CELL_MAX = 60
BOM = "\ufeff"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters take two, control characters none).

    A table of 10,000 rows measures some 200,000 cells: printable ASCII is counted by its length, other
    characters are looked up in wcwidth once each.

    >>> display_width("省市場監管局"), display_width("abc"), display_width("a\x07b")
    (12, 3, 2)
    """
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_char_width, text))


@functools.cache
def _char_width(ch: str) -> int:
    from wcwidth import wcwidth

    return max(wcwidth(ch), 0)


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` display columns."""
    return text + " " * max(width - display_width(text), 0)


def _short(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        short = curie(str(term))
        return short if short != str(term) else f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _clip(text: str, wide: bool = False) -> str:
    text = " ".join(text.split())
    if wide or display_width(text) <= _CELL_MAX:
        return text
    out, width = "", 0
    for ch in text:
        width += _char_width(ch)
        if width > _CELL_MAX - 1:
            break
        out += ch
    return out + "…"


def _table(result: QueryResult, wide: bool = False) -> str:
    header = result.variables
    # Rows repeat their terms (an agency and its label on each of its rows): each distinct term is shortened,
    # clipped and measured once, and each cell is padded by the width found then (a third of the time at 10,000
    # rows of agencies-by-theme).
    seen: dict[Identifier | None, tuple[str, int]] = {}

    def cell(term: Identifier | None) -> tuple[str, int]:
        try:
            return seen[term]
        except KeyError:
            text = _clip(_short(term), wide)
            seen[term] = done = (text, display_width(text))
            return done

    cells = [[cell(t) for t in row] for row in result.rows]
    widths = [max([display_width(h)] + [r[i][1] for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(text + " " * (w - width) for (text, width), w in zip(r, widths, strict=True)).rstrip()
              for r in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''}"
                 f"{', truncated' if result.truncated else ''})")
    return "\n".join(lines) + "\n"


def _csv_cell(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula


def excel_safe(text: str) -> str:
    """``text`` as a spreadsheet cell shows it and never runs it: a leading apostrophe before a text that a
    spreadsheet would take for a formula (CSV injection); numbers, such as ``-5``, are left alone.

    >>> excel_safe("=1+1"), excel_safe("@SUM(A1)"), excel_safe("-5"), excel_safe("-減"), excel_safe("質")
    ("'=1+1", "'@SUM(A1)", '-5', "'-減", '質')
    """
    if not text.startswith(_FORMULA_START):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text


def _delimited(result: QueryResult, tsv: bool, excel: bool = False) -> str:
    buffer = io.StringIO()
    if tsv:
        buffer.write("\t".join(f"?{v}" for v in result.variables) + "\n")
        for row in result.rows:
            buffer.write("\t".join("" if t is None else _tsv_cell(t) for t in row) + "\n")
        return buffer.getvalue()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    cell = (lambda t: excel_safe(_csv_cell(t))) if excel else _csv_cell
    writer.writerows([cell(t) for t in row] for row in result.rows)
    return buffer.getvalue()


def _tsv_cell(term: Identifier) -> str:
    return f"_:{term}" if isinstance(term, BNode) else ntriples_term(term)


def _json_cell(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    cell = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        cell["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        cell["datatype"] = str(term.datatype)
    return cell


def _json(result: QueryResult) -> str:
    data: dict[str, Any]
    if result.form == "ASK":
        data = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [{v: _json_cell(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                    for row in result.rows]
        data = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    data["truncated"] = result.truncated
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def format_result(result: QueryResult, fmt: str = "table", *, wide: bool = False) -> str:
    """Render ``result``: SELECT as table/CSV/TSV/JSON (SPARQL 1.1 formats), ASK as true/false, graphs as
    Turtle (table), N-Triples (csv, tsv) or JSON-LD (json). A table cuts a cell at 60 columns unless ``wide``.

    ``csv-excel`` is the CSV after a byte-order mark, a text that looks like a formula kept as text
    (:func:`excel_safe`); ``xlsx`` is binary: see :func:`answer_bytes`.
    """
    if fmt == "xlsx":
        raise QueryError("an .xlsx answer is bytes, not text (answer_bytes)")
    if fmt == "csv-excel" and result.graph is None and result.form != "ASK":
        return BOM + _delimited(result, False, excel=True)
    if fmt == "csv-excel":
        return BOM + format_result(result, "csv")
    if result.graph is not None:
        graph = bind_prefixes(result.graph)
        rdf_format = {"table": "turtle", "json": "json-ld"}.get(fmt, "nt")
        text: str = graph.serialize(format=rdf_format)
        return text if text.endswith("\n") else text + "\n"
    if result.form == "ASK" and fmt != "json":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "table":
        return _table(result, wide)
    if fmt in ("csv", "tsv"):
        return _delimited(result, fmt == "tsv")
    return _json(result)


def answer_bytes(result: QueryResult, fmt: str = "table", *, wide: bool = False, name: str = "answer") -> bytes:
    """``result`` as the bytes of a file (or of the standard output) in ``fmt``: UTF-8 text, or for ``xlsx`` a
    workbook whose one sheet is named ``name``. Only a SELECT's table fits in a workbook.

    >>> from kg.query.store import QueryResult
    >>> answer_bytes(QueryResult("SELECT", ["a"], [(Literal("質"),)]), "csv-excel")
    b'\\xef\\xbb\\xbfa\\r\\n\\xe8\\xb3\\xaa\\r\\n'
    """
    if fmt != "xlsx":
        return format_result(result, fmt, wide=wide).encode("utf-8")
    if result.graph is not None or result.form == "ASK":
        raise InputError("--format xlsx holds a table: give a SELECT query (CONSTRUCT, DESCRIBE and ASK answers "
                         "have other formats)")
    from kg.query.workbook import workbook_bytes

    return workbook_bytes([(name, result)])
