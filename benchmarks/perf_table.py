"""The markdown table of issue 17's rows from the recorded ``perf-SCALE.json`` files, and the README's block of it.

``write_all(results, readme)`` writes ``results/perf.md`` from every ``perf-*.json`` there (scales in the order
tiny, S, M, L) and replaces the README's block between ``<!-- perf table -->`` and ``<!-- /perf table -->`` with the
same text, so the README shows exactly the recorded run. ``python benchmarks/perf_table.py`` rewrites both from the
recorded files without measuring anything.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["BEGIN", "END", "replace_block", "table", "write_all"]

BEGIN, END = "<!-- perf table -->", "<!-- /perf table -->"
ORDER = ("tiny", "S", "M", "L")


def _goal(goal: Any, memory: float | None) -> str:
    if not goal:
        return "ratio only"
    kind, bound = goal
    text = {"ratio": f"≤ {bound:g}×", "seconds": f"< {bound:g} s", "rate": f"≥ {bound:g} reports/s"}[kind]
    return text + (f", memory ≤ {memory:g}×" if memory else "")


def _load(averages: list[float] | None) -> str:
    """The machine's 1-minute load average over the run (before the first row and after each), if recorded."""
    return f"; load average {min(averages):g}–{max(averages):g}" if averages else ""


def _seconds(side: dict[str, Any]) -> str:
    return f"{side['median_s']:.2f} s ({side['min_s']:.2f}–{side['max_s']:.2f}), {side['peak_rss_mib']:.0f} MiB"


def table(result: dict[str, Any]) -> str:
    """One scale's rows: goal, govkg median (min–max, memory), raw median, ratio, memory ratio, verdict."""
    m = result["machine"]
    lines = [f"**{result['scale']}** ({result['reports']:,} reports, graph {result['data_bytes'] / 2**20:.0f} MiB; "
             f"{result['runs']} alternated runs each, medians; {m['date']}, {m['cores']} cores, {m['cpu']}"
             + _load(result.get("load_average")) + ")", "",
             "| row | raw engine | goal | govkg | raw | ratio | memory ratio | verdict |",
             "|---|---|---|---|---|---|---|---|"]
    earlier = sorted({row["earlier_run"] for row in result["rows"].values() if "earlier_run" in row})
    for row in result["rows"].values():
        govkg = _seconds(row["kg"])
        if len(row["kg"]["runs_s"]) != result["runs"]:
            govkg += f"; {len(row['kg']['runs_s'])} runs"
        if "earlier_run" in row:
            govkg += " *"
        if "reports_per_s" in row:
            govkg += f"; {row['reports_per_s']:.0f} reports/s"
        verdict = row["verdict"] + (f" ({row['error']})" if row.get("error") else "")
        lines.append(f"| {row['label']} | {row['raw_label']} | {_goal(row['goal'], row.get('memory_goal'))} | "
                     f"{govkg} | {_seconds(row['raw'])} | {row['ratio']:.1f}× | {row['memory_ratio']:.2f}× | "
                     f"{verdict} |")
    if earlier:
        lines += ["", f"\\* measured in an earlier run ({', '.join(earlier)}); `--rows` re-measured the others."]
    return "\n".join(lines) + "\n"


def tables(results: Path) -> str:
    """Every recorded scale's table, smallest first."""
    found = {p.stem.removeprefix("perf-"): p for p in results.glob("perf-*.json")}
    parts = [table(json.loads(found[s].read_text(encoding="utf-8"))) for s in ORDER if s in found]
    return "\n".join(parts) if parts else "No recorded run yet (`python benchmarks/perf.py --scale M`).\n"


def replace_block(text: str, block: str) -> str:
    """``text`` with what stands between the markers replaced by ``block``; ValueError without both markers."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the README has no block between {BEGIN} and {END}")
    return text[: start + len(BEGIN)] + "\n" + block + text[end:]


def write_all(results: Path, readme: Path | None) -> str:
    """Write ``results/perf.md`` and, unless ``readme`` is None, its block in the README; returns the tables."""
    from kg.files import write_text

    body = tables(results)
    write_text(results / "perf.md", "# Issue 17: govkg against the raw engine\n\n"
               "Written by `benchmarks/perf.py` (method in `benchmarks/README.md`, \"Side by side with the raw "
               "engine\").\n\n" + body)
    if readme is not None:
        write_text(readme, replace_block(readme.read_text(encoding="utf-8"), body))
    return body


if __name__ == "__main__":
    from benchmarks.run import RESULTS

    write_all(RESULTS, ROOT / "README.md")
