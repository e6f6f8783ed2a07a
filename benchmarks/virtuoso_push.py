"""``kg push`` of a synthetic graph into Debian's Virtuoso, then the catalogue there: times to benchmarks/results/.

    python -m benchmarks.virtuoso_push --scale M                  # N-Triples made by benchmarks.synth if missing
    python -m benchmarks.virtuoso_push --scale L --loader bulk    # Virtuoso's own bulk loader instead of kg push

Virtuoso is started by tests/virtuoso.py in a new database under ``--home`` on 127.0.0.1; ``kg push`` runs as a
child process (its wall time and peak memory recorded), the server's own count is checked, and every catalogue
query without parameters runs once through the endpoint (its time and row count recorded).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synth import SCALES, generate, write_ntriples
from tests.repo import ROOT
from tests.virtuoso import Virtuoso, isql, start_virtuoso

GRAPH = "https://w3id.org/govkg/bench/graph"
TMP = Path(tempfile.gettempdir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="M")
    parser.add_argument("--data", type=Path, help="N-Triples to push [TMP/govkg-bench-SCALE.nt, made if missing]")
    parser.add_argument("--home", type=Path, default=TMP / "govkg-virtuoso-bench", help="Virtuoso's folder")
    parser.add_argument("--buffers", type=int, default=170_000, help="Virtuoso's 8 KiB buffers [1.3 GiB]")
    parser.add_argument("--query-timeout", type=float, default=600)
    parser.add_argument("--loader", choices=["push", "bulk"], default="push",
                        help="kg push over HTTP, or Virtuoso's bulk loader (ld_dir, rdf_loader_run over isql)")
    parser.add_argument("--budget", type=float, default=3600, help="stop the catalogue after this many seconds")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    data = args.data or TMP / f"govkg-bench-{args.scale}.nt"
    if not data.is_file():
        write_ntriples(generate(*SCALES[args.scale]), data)
    lines = sum(1 for _ in data.open("rb"))
    server = start_virtuoso(args.home, buffers=args.buffers, query_seconds=int(args.query_timeout))
    record: dict[str, object] = {"scale": args.scale, "triples_in_file": lines, "date": time.strftime("%Y-%m-%d"),
                                 "virtuoso": isql(server, "SELECT sys_stat('st_dbms_ver');").split("\n")[-4:-3],
                                 "buffers": args.buffers}
    try:
        record["loader"] = args.loader
        record.update(_push(server, data) if args.loader == "push" else _bulk(server, data))
        print(record, flush=True)
        record["queries"] = _catalogue(server.url, args.budget)
        record["triples_in_store"] = _count(server.url)
    finally:
        server.stop(seconds=120)
    out = args.out or ROOT / "benchmarks" / "results" / f"virtuoso-{args.scale}.json"
    out.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(record, ensure_ascii=False, indent=1))
    return 0 if record.get("push_exit", 0) == 0 else 1


def _push(server: Virtuoso, data: Path) -> dict[str, object]:
    """``kg push`` as a child process: its wall time, peak memory, output and exit code."""
    start = time.monotonic()
    pushed = subprocess.run([sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())",
                             "--max-size", "4G", "push", "--endpoint", server.url, "--graph", GRAPH,
                             "--data", str(data)],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    return {"push_seconds": round(time.monotonic() - start, 1),
            "push_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
            "push_output": (pushed.stdout + pushed.stderr).strip(), "push_exit": pushed.returncode}


def _bulk(server: Virtuoso, data: Path) -> dict[str, object]:
    """Virtuoso's bulk loader on ``data`` linked into its folder (its DirsAllowed), then a checkpoint."""
    inside = server.home / data.name
    if not inside.exists():
        inside.hardlink_to(data)
    start = time.monotonic()
    isql(server, f"ld_dir('{server.home}', '{data.name}', '{GRAPH}');")
    isql(server, "rdf_loader_run();")
    isql(server, "checkpoint;")
    errors = isql(server, "SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
    return {"bulk_seconds": round(time.monotonic() - start, 1), "bulk_errors": errors.count("\n/")}


def _count(url: str) -> int:
    from kg.query.endpoint import EndpointStore

    rows = EndpointStore(url, graph=GRAPH).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    return int(rows[0][0])  # type: ignore[arg-type]


def _catalogue(url: str, budget: float) -> dict[str, dict[str, object]]:
    from kg.errors import KGError
    from kg.query.answer import run_query
    from kg.query.catalogue import catalogue
    from kg.query.endpoint import EndpointStore

    store = EndpointStore(url, graph=GRAPH)
    times: dict[str, dict[str, object]] = {}
    began = time.monotonic()
    for query in catalogue():
        if query.params:
            continue
        if time.monotonic() - began > budget:
            times[query.slug] = {"not run": f"the catalogue's budget of {budget:.0f} s was spent"}
            continue
        start = time.monotonic()
        try:
            result = run_query(store, query, {}, limit=10**7)
            entry: dict[str, object] = {"rows": len(result.rows) if result.graph is None else len(result.graph)}
        except KGError as exc:
            entry = {"error": str(exc)[:300]}
        entry["seconds"] = round(time.monotonic() - start, 2)
        times[query.slug] = entry
        print(query.slug, entry, flush=True)
    return times


if __name__ == "__main__":
    sys.exit(main())
