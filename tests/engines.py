"""Both SHACL engines on one input, run once per test session: pySHACL is slow, and several tests need its report."""

from __future__ import annotations

import functools
from pathlib import Path

from kg.validate.report import ValidationReport
from kg.validate.run import ENGINES, validate_files

__all__ = ["ENGINES", "comparable", "report_of"]


@functools.cache
def report_of(path: Path, engine: str) -> ValidationReport:
    """``validate_files([path], engine=engine)``, computed once per path and engine."""
    return validate_files([path], engine=engine)


def comparable(report: ValidationReport) -> set[tuple[str, str, str | None, str | None, str, str]]:
    """(focus, rule, path, value, severity, message) of every result; blank node ids differ run to run, so ``_:b``."""
    def blank(text: str | None) -> str | None:
        return "_:b" if text is not None and text.startswith("_:") else text

    return {(r.focus if r.focus.startswith(("http:", "https:", "urn:")) else "_:b", r.rule, r.path, blank(r.value),
             r.severity, r.message) for r in report.results}
