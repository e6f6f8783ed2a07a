"""Issue 17's table: every command as a user runs it from the shell, side by side with the raw engine doing the same.

Each row runs govkg's command (``python -m kg.cli …`` in a workspace, process start to exit, peak memory from
``os.wait4``) alternated with a raw script (``benchmarks/perf_work.py``, pyoxigraph directly), ``--runs`` times each;
it records medians, min–max, the ratio of the medians, the ratio of the median peak memories and a verdict against
the issue's goal. Results go to ``perf-SCALE.json``; ``perf.md`` and the marked block of the README's "Scale and
benchmarks" section are written from every ``perf-*.json`` in the results folder (``benchmarks.perf_table``).

    python benchmarks/perf.py --scale M                  # all rows at M (≈ 1.15 M triples), 3 runs each
    python benchmarks/perf.py --scale L                  # the whole catalogue at L (9.6 M triples, synth N-Triples)
    python benchmarks/perf.py --scale S --rows export-ntriples,query-products --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.perf_work import bound_text, own_lang  # noqa: E402
from benchmarks.run import PARAMS, RESULTS, WORK, log, machine, measure, run_child  # noqa: E402
from benchmarks.trash import TRASH, empty_trash, set_aside  # noqa: E402

__all__ = ["Job", "jobs", "main", "measure_job", "verdict"]

WORK_PY = Path(__file__).resolve().with_name("perf_work.py")
EXPORTS = ("ntriples", "nquads", "turtle", "trig", "jsonld", "rdfxml")
#: the ``kg query NAME`` rows: the issue's six (four without a parameter, two with one, a body's IRI) and activities,
#: the catalogue's slowest at L
QUERIES = ("campaign-overview", "agencies-by-theme", "themes-ranked", "products", "agency-profile", "agency-timeline",
           "activities")
#: a body that acts in Beijing's 2024 Quality Month at every scale (tiny included, unlike run.py's bj-amr)
QUERY_PARAMS = {slug: {"agency": "https://w3id.org/govkg/id/agency/bj-drc"} for slug in ("agency-profile",
                                                                                          "agency-timeline")}


@dataclass
class Job:
    """One row: govkg's command, the raw engine's script, the goal, and what to clear before each run."""

    key: str
    label: str
    raw_label: str
    kg: list[str]
    raw: list[str]
    goal: tuple[str, float] | None  # ("ratio", 2.0), ("seconds", 1.0), ("rate", 200.0) or None (ratio only)
    memory: float | None = None  # the goal on the ratio of peak memories, when the issue sets one
    clear: list[Path] = field(default_factory=list)
    reports: int = 0  # for a rate goal: reports per second of the govkg median
    setup: list[str] = field(default_factory=list)  # run once, untimed, before the row (its output thrown away)


def _kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


def _raw(task: str, **args: Any) -> list[str]:
    return [sys.executable, str(WORK_PY), task, json.dumps(args, ensure_ascii=False)]


def jobs(scale: str, ws: Path, data: Path, reports: int) -> list[Job]:
    """The rows at ``scale``: workspace ``ws`` (``data/sources``, ``data/kg.ttl``, ``out/``), its graph ``data``."""
    from kg.paths import ONTOLOGY_FILE
    from kg.query.catalogue import catalogue

    slugs = [q.slug for q in catalogue()]
    lang = own_lang(data)
    catalogue_job = Job("catalogue", f"whole catalogue ({len(slugs)} queries) as `kg run` answers it",
                        "bulk_load + the same query texts, as many at once", _raw("kg-catalogue", data=str(data),
                        slugs=slugs, params=PARAMS), _raw("raw-catalogue", data=str(data),
                        texts=[bound_text(s, PARAMS.get(s, {}), lang) for s in slugs], jobs=_jobs()),
                        ("seconds", 180.0))
    load_job = Job("load", "load the graph before a query (`open_dataset`)", "bulk_load",
                   _raw("kg-load", data=str(data)), _raw("raw-load", data=str(data)), None)
    if scale == "L":
        return [load_job, catalogue_job]
    sources, out = str(ws / "data" / "sources"), ws / "out"
    cold = [ws / "data" / ".kg.ttl.parts", ws / "data" / ".kg.ttl.store"]  # the last build's record and store
    rows = [Job("build", "`kg build` (validation included), cold", "`kg.build.corpus.build_graph` alone",
                _kg("build"), _raw("raw-build", sources=sources), ("rate", 200.0), clear=cold, reports=reports),
            Job("rebuild", "`kg build` again, no report changed", "`kg.build.corpus.build_graph` alone",
                _kg("build"), _raw("raw-build", sources=sources), None, reports=reports, setup=_kg("build"))]
    for fmt in EXPORTS:
        quick = fmt not in ("jsonld", "rdfxml")
        rows.append(Job(f"export-{fmt}", f"`kg export --format {fmt}`", "bulk_load + dump",
                        _kg("export", "--format", fmt, "--out", str(out / f"export-{fmt}")),
                        _raw("raw-dump", data=str(data), ontology=str(ONTOLOGY_FILE), format=fmt,
                             out=str(ws / "raw" / f"dump-{fmt}")),
                        ("ratio", 2.0 if quick else 5.0), 1.5 if quick else None,
                        clear=[out / f"export-{fmt}", ws / "raw"]))
    rows.append(load_job)
    for slug in QUERIES:
        params = QUERY_PARAMS.get(slug, {})
        options = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
        rows.append(Job(f"query-{slug}", f"`kg query {slug}`", "bulk_load + the query", _kg("query", slug, *options),
                        _raw("raw-query", data=str(data), text=bound_text(slug, params, lang)), ("seconds", 1.0)))
    rows += [Job("site", "`kg site`", "bulk_load", _kg("site", "--out", str(out / "site")),
                 _raw("raw-load", data=str(data)), ("seconds", 120.0), clear=[out / "site"]),
             Job("network", "`kg network`", "bulk_load", _kg("network", "--out", str(out / "network")),
                 _raw("raw-load", data=str(data)), ("seconds", 30.0), clear=[out / "network"]),
             _run_queries(ws, data, lang),
             Job("run", "`kg run` end to end, cold", "`build_graph` + bulk_load of its Turtle", _kg("run"),
                 _raw("raw-run", sources=sources), ("seconds", 180.0), clear=[out, *cold]),
             catalogue_job]
    return rows


def _run_queries(ws: Path, data: Path, lang: str) -> Job:
    """``kg run``'s queries stage (``benchmarks/run_queries_stage.py``: the graph read into memory, the networks'
    metrics beside it, each answer's file and the workbook written) against the same texts on the raw engine."""
    from kg.query.catalogue import catalogue

    slugs = [q.slug for q in catalogue() if not q.params and not q.slug.endswith("-violation")]  # as kg run asks
    network, out = ws / "run-queries" / "network", ws / "run-queries" / "out"
    stage = [sys.executable, str(WORK_PY.with_name("run_queries_stage.py")), "--network", str(network)]
    return Job("run-queries", f"`kg run`'s queries stage ({len(slugs)} answers: files and workbook), graph read first",
               "bulk_load + the same query texts, as many at once",
               _raw("kg-run-queries", out=str(out), network=str(network)),
               _raw("raw-catalogue", data=str(data), network=str(network),
                    texts=[bound_text(s, {}, lang) for s in slugs], jobs=_jobs()),
               ("seconds", 180.0), clear=[out], setup=[*stage, "--metrics-only"])


def _jobs() -> int:
    from kg.query.answer import default_jobs

    return default_jobs()


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    walls = [r["wall_s"] for r in runs]
    return {"median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls),
            "peak_rss_mib": statistics.median(r["peak_rss_mib"] for r in runs), "runs_s": walls,
            "cpu_s": statistics.median(r.get("user_s", 0.0) + r.get("sys_s", 0.0) for r in runs)}


def verdict(goal: tuple[str, float] | None, memory: float | None, row: dict[str, Any]) -> str:
    """"met" or "missed" against the issue's goal (and memory goal); "failed" if a run failed; "no goal" if none."""
    if row.get("error"):
        return "failed"
    if goal is None:
        return "no goal"
    kind, bound = goal
    value = {"ratio": row["ratio"], "seconds": row["kg"]["median_s"], "rate": row.get("reports_per_s", 0.0)}[kind]
    ok = value >= bound if kind == "rate" else (value <= bound if kind == "ratio" else value < bound)
    if memory is not None and row["memory_ratio"] > memory:
        ok = False
    return "met" if ok else "missed"


def measure_job(job: Job, runs: int, cwd: Path, logs: Path, cap: float) -> dict[str, Any]:
    """Run govkg's command and the raw script alternately, ``runs`` times each; the row's figures and verdict."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    sides: dict[str, list[dict[str, Any]]] = {"kg": [], "raw": []}
    error, raw_answer, kg_said = "", {}, ""
    if job.setup:  # e.g. the build whose record the rebuild row reuses (the build row removes it)
        subprocess.run(job.setup, cwd=cwd, env=env, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    for i in range(runs):
        for side, cmd in (("kg", job.kg), ("raw", job.raw)):
            for path in job.clear:
                set_aside(path, cwd / TRASH / f"{job.key}-{side}-{i}")
            err = logs / f"{job.key}-{side}-{i}.err"
            with err.open("wb") as stderr:
                done = measure(cmd, cap, cwd=cwd, env=env, stderr=stderr)
            if done["exit"] != 0 or done["capped"]:
                tail = err.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
                error = error or f"{side} run {i + 1}: " + ("capped" if done["capped"] else
                                                           f"exit {done['exit']}: {' '.join(tail)}")
            answer = done.pop("stdout").decode("utf-8", "replace").strip().splitlines()[-1:]
            if side == "raw" and answer and not done["exit"]:
                raw_answer = json.loads(answer[0])  # what the raw script did (rows, bytes …), to check it did work
            elif side == "kg" and answer:
                kg_said = answer[0][:400]  # the command's last line (kg run: each stage's time)
            sides[side].append(done)
    kg, raw = _summary(sides["kg"]), _summary(sides["raw"])
    row: dict[str, Any] = {"label": job.label, "raw_label": job.raw_label, "goal": job.goal, "memory_goal": job.memory,
                           "kg": kg, "raw": raw, "ratio": kg["median_s"] / raw["median_s"],
                           "memory_ratio": kg["peak_rss_mib"] / raw["peak_rss_mib"], "raw_answer": raw_answer,
                           "kg_said": kg_said}
    if job.reports:
        row.update(reports=job.reports, reports_per_s=job.reports / kg["median_s"])
    if error:
        row["error"] = error
    row["verdict"] = verdict(job.goal, job.memory, row)
    return row


def prepare(scale: str, work: Path, sources: Path | None) -> tuple[Path, Path, int]:
    """Set up the scale's workspace (not timed): the reports in ``data/sources`` and a built ``data/kg.ttl``.

    At L the graph is the synthetic N-Triples ``benchmarks/run.py`` generates (``benchmarks/synth.py``; 9,200 reports
    are not built from text). Returns the workspace, the graph and the number of reports.
    """
    if scale == "L":
        nt = work / "L" / "data.nt"
        nt.parent.mkdir(parents=True, exist_ok=True)
        made = run_child("generate", {"scale": "L", "nt": str(nt), "sources": str(work / "L" / "sources"), "sample": 0,
                                      "validate_sample": 0, "validate_nt": ""}, 7200)
        if "triples" not in made:
            raise SystemExit(f"perf: generating L failed: {made}")
        return work / "L", nt, 9200
    ws = work / f"perf-{scale}"
    into = ws / "data" / "sources"
    if not into.is_dir():  # filled beside it and renamed, so an interrupted copy is never taken for the reports
        part = into.with_name("sources.part")
        shutil.rmtree(part, ignore_errors=True)
        if sources is not None:
            shutil.copytree(sources, part)
        else:
            from benchmarks.run import _reports
            from benchmarks.synth import write_sources

            write_sources(_reports({"scale": scale}), part)
        part.rename(into)
    reports = sum(1 for p in into.rglob("*") if p.is_file() and not p.name.endswith(".meta.json"))
    kg_ttl = ws / "data" / "kg.ttl"
    if not kg_ttl.exists():
        log(f"[{scale}] kg build (setting up the workspace, not timed)")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run(_kg("build"), cwd=ws, env=env, check=True, stdout=subprocess.DEVNULL)
    return ws, kg_ttl, reports


def run_scale(scale: str, runs: int, work: Path, sources: Path | None, only: set[str], cap: float,
              save: Callable[[dict[str, Any]], None], echo: Callable[[str], None] = log) -> dict[str, Any]:
    """Every row at ``scale`` (or those in ``only``); the results so far are passed to ``save`` after each row."""
    ws, data, reports = prepare(scale, work, sources)
    logs = ws / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"scale": scale, "runs": runs, "reports": reports, "data": str(data),
                              "data_bytes": data.stat().st_size, "machine": machine(), "rows": {},
                              "load_average": [round(os.getloadavg()[0], 1)]}
    empty_trash(ws)  # what an interrupted run set aside
    try:
        for job in jobs(scale, ws, data, reports):
            if only and job.key not in only:
                continue
            echo(f"[{scale}] {job.key}: {runs} × govkg / raw")
            row = result["rows"][job.key] = measure_job(job, runs, ws, logs, cap)
            result["load_average"].append(round(os.getloadavg()[0], 1))  # how busy the shared machine was, per row
            echo(f"[{scale}]   govkg {row['kg']['median_s']:.2f} s, raw {row['raw']['median_s']:.2f} s, "
                 f"ratio {row['ratio']:.1f}×, memory {row['memory_ratio']:.1f}×: {row['verdict']}"
                 + (f" ({row['error']})" if row.get("error") else ""))
            save(result)
    finally:
        empty_trash(ws)
    return result


def main(argv: list[str] | None = None) -> int:
    """Measure one scale, record ``perf-SCALE.json``, write ``perf.md`` and the README's block."""
    from benchmarks.perf_table import write_all

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="M", choices=["tiny", "S", "M", "L"])
    parser.add_argument("--runs", type=int, default=3, help="runs of each side per row (alternated)")
    parser.add_argument("--rows", default="", help="comma-separated row keys to measure (default: all)")
    parser.add_argument("--sources", type=Path, help="copy these reports into the workspace instead of generating")
    parser.add_argument("--work", type=Path, default=WORK, help="where workspaces go (git-ignored)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where perf-SCALE.json and perf.md go")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md", help="README whose perf block is replaced")
    parser.add_argument("--no-readme", action="store_true", help="leave the README alone")
    parser.add_argument("--cap", type=float, default=3600.0, help="seconds after which one run is killed")
    opts = parser.parse_args(argv)
    only = {k for k in opts.rows.split(",") if k}
    from kg.files import write_text

    target = opts.out / f"perf-{opts.scale}.json"
    earlier = json.loads(target.read_text(encoding="utf-8")) if only and target.exists() else None

    def save(result: dict[str, Any]) -> None:  # after each row, so a long run interrupted keeps what it measured
        if earlier is not None:  # --rows re-measures those rows; the others stay as recorded, marked as earlier
            old = {k: {**v, "earlier_run": v.get("earlier_run", earlier["machine"]["date"])}
                   for k, v in earlier["rows"].items()}
            result = {**result, "rows": {**old, **result["rows"]}}
        opts.out.mkdir(parents=True, exist_ok=True)
        write_text(target, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        write_all(opts.out, None if opts.no_readme else opts.readme)

    run_scale(opts.scale, opts.runs, opts.work, opts.sources, only, opts.cap, save)
    log(f"[{opts.scale}] done: {opts.out / f'perf-{opts.scale}.json'}, {opts.out / 'perf.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
