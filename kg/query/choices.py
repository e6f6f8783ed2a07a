"""The query stage's option values the command line shows, free of heavy imports (``kg --help`` loads no rdflib)."""

from __future__ import annotations

__all__ = ["BATCH_TRIPLES", "RESULT_FORMATS"]

#: the forms ``kg query --format`` writes (kg.query.results, kg.query.workbook)
RESULT_FORMATS = ("table", "csv", "csv-excel", "tsv", "json", "xlsx")
#: triples per request of ``kg push`` (Virtuoso refuses one INSERT DATA of about 1,500)
BATCH_TRIPLES = 1_000
