"""The quality checks written in SPARQL, ``queries/*-violation.rq``: every row a query returns is a problem."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import QueryError
from kg.paths import QUERIES_DIR
from kg.queryfile import read_query_file
from kg.validate.report import Result

__all__ = ["ViolationQuery", "query_results", "row_results", "violation_queries"]


@dataclass(frozen=True)
class ViolationQuery:
    """A ``queries/<slug>-violation.rq`` file: every row it returns is a problem."""

    slug: str
    text: str
    message_en: str
    message_zh: str
    severity: str = "Violation"


def violation_queries(folder: Path = QUERIES_DIR) -> list[ViolationQuery]:
    """Every ``*-violation.rq`` in ``folder``, sorted by slug; each needs ``message_en`` and ``message_zh``.

    >>> [q.severity for q in violation_queries()][:1]
    ['Violation']
    """
    queries = []
    for path in sorted(folder.glob("*-violation.rq")):
        query = read_query_file(path, strict=False)
        head = query.header
        missing = [k for k in ("message_en", "message_zh") if not head.get(k)]
        if missing:
            raise QueryError(f"{path}: header lacks {', '.join(missing)}")
        severity = head.get("severity", "Violation")
        queries.append(ViolationQuery(path.stem, query.text, head["message_en"], head["message_zh"], severity))
    return queries


def query_results(store: Any, query: ViolationQuery, lang: str) -> list[Result]:
    """The rows of ``query`` on an Oxigraph ``store`` as results (``?focus``, maybe ``?path ?value ?detail``)."""
    try:
        rows = store.query(query.text)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{QUERIES_DIR / query.slug}.rq: {exc}") from exc
    return row_results(([row[v] for v in ("focus", "path", "value", "detail")] for row in rows), query, lang)


def row_results(rows: Iterable[Sequence[Any]], query: ViolationQuery, lang: str) -> list[Result]:
    """Rows of ``query`` (``?focus ?path ?value ?detail`` as Oxigraph terms or ``None``) as results."""
    from kg.rdf.read import from_oxigraph

    message = query.message_zh if lang == "zh" else query.message_en
    out = []
    for row in rows:
        focus, path, value, detail = (from_oxigraph(term) for term in row)
        text = f"{message} ({detail})" if detail is not None else message
        out.append(Result.of(focus, query.slug, query.severity, text, path, value))
    return out
