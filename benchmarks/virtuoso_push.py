"""``kg push`` of a synthetic graph into Debian's Virtuoso, then the catalogue there: times to benchmarks/results/.

    python -m benchmarks.virtuoso_push --scale M                  # N-Triples made by benchmarks.synth if missing
    python -m benchmarks.virtuoso_push --scale L --loader bulk    # Virtuoso's own bulk loader instead of kg push

Virtuoso is started by tests/virtuoso.py in a new database under ``--home`` on 127.0.0.1, its address space capped
(``--memory`` GiB, ``RLIMIT_AS``) so that a runaway query ends it and not, through the kernel's OOM killer, other
work on the machine; ``kg push`` runs as a child process (its wall time and peak memory recorded), the server's own
count is checked, and every catalogue query without parameters runs once through the endpoint (its time, row count
and the server's peak memory recorded; a query that ends the server is recorded so, and the server is started
again on its database for the next).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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
    parser.add_argument("--memory", type=float, default=6, help="virtuoso-t's address space cap in GiB (RLIMIT_AS)")
    parser.add_argument("--query-memory", type=float, default=2, help="one query's memory in GiB (MaxQueryMem)")
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
    settings = {"buffers": args.buffers, "query_seconds": int(args.query_timeout),
                "memory": int(args.memory * 1024**3), "query_memory": int(args.query_memory * 1024**3)}
    servers = [start_virtuoso(args.home, **settings)]  # the last is running; a crashed one is started again
    record: dict[str, object] = {"scale": args.scale, "triples_in_file": lines, "date": time.strftime("%Y-%m-%d"),
                                 "virtuoso": isql(servers[0], "SELECT sys_stat('st_dbms_ver');").split("\n")[-4:-3],
                                 "buffers": args.buffers, "memory_cap_gib": args.memory,
                                 "max_query_mem_gib": args.query_memory, "malloc_arena_max": 2,
                                 "load_average_before": _load()}
    try:
        record["loader"] = args.loader
        record.update(_push(servers[0], data) if args.loader == "push" else _bulk(servers[0], data))
        print(record, flush=True)
        record["queries"] = _catalogue(servers, lambda: start_virtuoso(args.home, **settings), args.budget)
        record["load_average_after"] = _load()
        record["restarts"] = len(servers) - 1
        record["triples_in_store"] = _count(servers[-1].url)
    finally:
        servers[-1].stop(seconds=120)
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


def _load() -> list[float]:
    """The load average over 1, 5 and 15 minutes (others' work on the shared machine)."""
    return [round(x, 2) for x in os.getloadavg()]


def _reset_peak(server: Virtuoso) -> None:
    """Start virtuoso-t's peak resident memory (VmHWM) again from its size now (``clear_refs`` 5, Linux 4.0)."""
    with contextlib.suppress(OSError):
        Path(f"/proc/{server.process.pid}/clear_refs").write_text("5", encoding="ascii")


def _peak_rss(server: Virtuoso) -> int:
    """virtuoso-t's peak resident memory in MiB (its VmHWM: since the start or the last :func:`_reset_peak`)."""
    for line in Path(f"/proc/{server.process.pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return -1


def _catalogue(servers: list[Virtuoso], restart: Callable[[], Virtuoso], budget: float,
               ) -> dict[str, dict[str, object]]:
    """Every catalogue query without parameters, once, on ``servers[-1]``: rows, seconds, the server's peak memory.

    A query that ends ``virtuoso-t`` (out of its address space) is recorded so, and the server is started again on
    its database (appended to ``servers``) for the next query.
    """
    from kg.errors import KGError
    from kg.query.answer import run_query
    from kg.query.catalogue import catalogue
    from kg.query.endpoint import EndpointStore

    times: dict[str, dict[str, object]] = {}
    began = time.monotonic()
    for query in catalogue():
        if query.params:
            continue
        if time.monotonic() - began > budget:
            times[query.slug] = {"not run": f"the catalogue's budget of {budget:.0f} s was spent"}
            continue
        server = servers[-1]
        _reset_peak(server)
        start = time.monotonic()
        try:
            result = run_query(EndpointStore(server.url, graph=GRAPH), query, {}, limit=10**7)
            entry: dict[str, object] = {"rows": len(result.rows) if result.graph is None else len(result.graph)}
        except KGError as exc:
            entry = {"error": str(exc)[:300]}
        entry["seconds"] = round(time.monotonic() - start, 2)
        if not _ended(server, wait=2 if "error" in entry else 0):
            entry["peak_rss_mib"] = _peak_rss(server)
        else:
            entry["virtuoso_exit"] = server.process.returncode
            entry["log"] = _last_words(server)
            servers.append(restart())
        times[query.slug] = entry
        print(query.slug, entry, flush=True)
    return times


def _ended(server: Virtuoso, wait: float) -> bool:
    """Whether ``virtuoso-t`` has exited (given ``wait`` seconds to, after an error)."""
    try:
        server.process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        return False
    return True


def _last_words(server: Virtuoso) -> str:
    """The last lines of the server's log (why it stopped)."""
    lines = (server.home / "virtuoso.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return " | ".join(line.strip() for line in lines[-3:])


if __name__ == "__main__":
    sys.exit(main())
