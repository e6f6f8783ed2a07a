"""A tiny-scale run of the benchmark: every step runs and the results are written (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.repo import ROOT


def test_tiny_benchmark_writes_its_results(tmp_path: Path) -> None:
    out = tmp_path / "results"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--scales", "tiny", "--cap", "30",
                    "--out", str(out), "--work", str(tmp_path / "work"), "--startup-runs", "1"],
                   check=True, cwd=ROOT, capture_output=True)
    result = json.loads((out / "tiny.json").read_text())
    # kg.synth's tiny scale is 2 jurisdictions × 1 year × 1 campaign: two reports, both in the build sample.
    assert result["build"]["reports"] == 2
    assert result["generate"]["triples"] == result["build"]["triples"]
    queries = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(result["oxigraph"]["queries"]) == queries
    assert all("error" not in q for q in result["oxigraph"]["queries"].values())
    together = result["oxigraph"]["together"]  # the catalogue again, queries at once: same row counts
    assert together["queries"] == len(queries) and together["rows_differ"] == []
    # The three stores agree on every query's row count at this size (no query is anywhere near the cap), but for
    # rdflib on three cross-report queries whose subqueries it answers wrongly (an open defect of that engine,
    # marked engine_gap in tests/expected/cases.toml where the seed's cases show it): they are compared apart.
    gaps = {"rdflib": {"agency-timeline", "topics-over-years", "agencies-in-several-places"}, "server": set()}
    for engine in ("rdflib", "server"):
        if engine in result and "queries" in result[engine]:
            rows = {k: v.get("rows") for k, v in result[engine]["queries"].items() if k not in gaps[engine]}
            want = {k: v["rows"] for k, v in result["oxigraph"]["queries"].items() if k not in gaps[engine]}
            assert rows == want, engine
    # Both SHACL engines validate the whole tiny graph, and agree.
    sparql, pyshacl = result["validate"]["sparql/all"], result["validate"]["pyshacl/all"]
    assert sparql["conforms"] is True and pyshacl["conforms"] is True
    assert sparql["counts"] == pyshacl["counts"]
    assert result["cli_build"]["exit"] == 0 and result["cli_build"]["reports"] == 2
    assert result["network"]["networks"] >= 1
    table = (out / "results.md").read_text()
    assert "| tiny |" in table and "whole catalogue" in table and "at once (`run_catalogue`)" in table
    assert (out / "results.png").read_bytes()[:4] == b"\x89PNG"
