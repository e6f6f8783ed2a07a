"""What a build gave, told to a person: the summary, the warnings, what was not understood (``kg build``'s output)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from kg.build.corpus import BuildResult
    from kg.validate.report import ValidationReport

__all__ = ["Built", "Echo", "progress_to", "report_build"]

Progress = Callable[[int, int, Path], None]


class Echo(Protocol):
    """Where a step's lines go: ``say`` for results (stdout in the CLI), ``warn`` for notes and warnings (stderr)."""

    def say(self, text: str, nl: bool = True) -> None: ...

    def warn(self, text: str) -> None: ...


@dataclass(frozen=True)
class Built:
    """A build and its validation: the graph's bytes, their report, where they went and whether they were written."""

    result: BuildResult
    report: ValidationReport
    target: Path
    written: bool

    def summary(self) -> dict[str, Any]:
        """The build record as ``kg build --json`` prints it."""
        reports = [{"source": str(r.path), "file": r.file, "metadata": r.metadata, "campaign": r.campaign,
                    "themes": r.themes, "activities": r.activities, "agencies": r.agencies, "cleaning": r.cleaning,
                    "not_understood": r.unread} for r in self.result.reports]
        reference = [{"path": str(p), "sha256": digest} for p, digest in self.result.reference_files]
        return {"out": str(self.target), "triples": self.result.triples, "conforms": self.report.conforms,
                "reference": reference, "warnings": list(self.result.warnings), "reports": reports}

    def summary_text(self) -> str:
        """The build record for people: one line per source, what cleaning removed or found damaged, the total."""
        summary = self.summary()
        lines = []
        for r in summary["reports"]:
            lines.append(f"{r['source']}: campaign {r['campaign']}, {r['themes']} themes, {r['activities']} "
                         f"activities, {r['agencies']} agencies acting, coordinating or taking part")
            if r["metadata"]:
                lines.append("  metadata: " + "; ".join(f"{k} {v['value']} ({v['from']})"
                                                        for k, v in r["metadata"].items()))
            lines.extend(_cleaning_lines(r["cleaning"]))
        lines += [f"reference of your own: {f['path']} (sha256 {f['sha256']})" for f in summary["reference"]]
        lines.append(f"{summary['triples']} triples -> {summary['out']} (conforms: {summary['conforms']})")
        return "\n".join(lines)

    def unread_text(self) -> str:
        """What the build did not understand, per report, with a hint how to teach it; empty when nothing."""
        from kg.ingest.unread import TEACH, unread_lines

        lines = [line for r in self.result.reports for line in unread_lines(str(r.path), r.unread)]
        return "\n".join([*lines, TEACH]) if lines else ""


def _cleaning_lines(report: dict[str, Any]) -> list[str]:
    removed = report.get("removed", {})
    parts = [f"{v['count']} {kind} ({v['chars']} characters)" for kind, v in sorted(removed.items())]
    lines = ["  cleaning removed: " + (", ".join(parts) if parts else "nothing")]
    for span in report.get("damaged", []):
        lines.append(
            f"  damaged span at characters {span['start']}-{span['end']} (raw {span['raw_start']}-{span['raw_end']}):"
            f" {span['text']!r}: {span['reason']}; kept as is, not repaired"
        )
    return lines


def report_build(built: Built, echo: Echo, *, as_json: bool = False) -> None:
    """Tell what a build gave: its notes, the summary, and, when it does not conform, the validation report."""
    for note in (*built.result.notes, *built.report.notes):
        echo.warn(f"kg: note: {note}")
    summary = built.summary()
    echo.say(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else built.summary_text())
    if not as_json and (unread := built.unread_text()):
        echo.say(unread)
    warnings = sum(1 for r in built.report.results if r.severity != "Violation")
    if warnings and built.report.conforms:
        echo.warn(f"kg: {warnings} validation warnings (see `kg validate {built.target}`)")
    if not built.report.conforms:
        echo.warn(built.report.to_text())


def progress_to(echo: Echo) -> Progress:
    """A build's progress as ``[i/n] name`` warnings, when there are more than three sources."""

    def progress(i: int, total: int, path: Path) -> None:
        if total > 3:
            echo.warn(f"[{i}/{total}] {path.name}")

    return progress
