"""A tiny run of the ``kg serve`` load test: it runs, writes its figures, and no request fails with another 5xx."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.repo import ROOT


def test_tiny_load_test_writes_its_figures(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "load_serve.py"), "--clients", "2",
                           "--duration", "3", "--settle", "1", "--hostile", "20", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "load-serve.json").read_text(encoding="utf-8"))
    summary = result["summary"]
    for kind in ("cheap", "hostile"):
        assert set(summary[kind]) >= {"requests", "status", "503_why", "p50_s", "p90_s", "p99_s", "max_s"}
        # Only answers or 503 for a query stopped at a limit or queued too long: nothing else.
        assert set(summary[kind]["status"]) <= {"200", "503"}, summary[kind]
        assert set(summary[kind]["503_why"]) <= {"stopped", "busy", "memory"}, summary[kind]
    # Each client's first random draw (seeds 2022 and 2023: 0.53 and 0.38) is above 0.2, so each sends a cheap one.
    assert summary["cheap"]["requests"] >= 2
    assert summary["cheap"]["status"] == {"200": summary["cheap"]["requests"]}
    assert summary["other_5xx"] == 0 and summary["no_answer"] == 0
    for when in ("before", "after"):
        assert result[when]["rss_mib"] > 0 and result[when]["threads"] >= 1
    # The server's query processes end with it, even by kill -9; its log has no traceback.
    assert result["below_at_stop"] >= 1 and result["left_after_stop"] == 0 and result["orphans"] == 0
    assert result["tracebacks"] == 0 and result["tree"]["peak_rss_mib"] > result["before"]["rss_mib"]
    note = (tmp_path / "load-serve.md").read_text(encoding="utf-8")
    assert "| cheap |" in note and "| hostile |" in note and "5xx other than 503" in note
