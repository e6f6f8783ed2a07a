"""A bounded load test of ``kg serve`` on 127.0.0.1: concurrent clients, cheap and hostile queries, memory, kill -9.

Starts ``kg serve`` in a subprocess on a free loopback port, records its RSS, threads and the processes below it,
runs ``--clients`` client threads for ``--duration`` seconds (by default 95 % cheap catalogue queries, 5 % hostile
ones: cross joins, OPTIONAL/subquery/MINUS/EXISTS variants, ORDER BY over a cross join, a 0.5 MiB ``VALUES`` query,
each text made unique), samples the RSS of the whole process tree, waits ``--settle`` seconds and records again,
counts tracebacks in the server's log, then kills the server with SIGKILL and counts what is left running.
Usage: ``python benchmarks/load_serve.py [--clients 32 --duration 60 --data G.nt]``; results go to
``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.load_figures import TIMEOUT_STATUS, summarise, to_markdown  # noqa: E402
from benchmarks.load_procs import TreeSampler, alive, descendants, interrupt, orphans, proc_status, serve_port  # noqa: E402

__all__ = ["main"]

RESULTS = ROOT / "benchmarks" / "results"
ID = "https://w3id.org/govkg/id/"
# Cheap: parameter-free catalogue queries, one parametrised one (a label looked up), and a small SELECT on /sparql.
CHEAP = [
    "/queries/campaign-overview",
    "/queries/agencies-by-theme",
    "/queries/themes-ranked",
    "/queries/products",
    "/queries/media",
    "/queries/agency-profile?" + urllib.parse.urlencode({"agency": f"{ID}agency/js-amr"}),
    "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?l WHERE { <" + ID + "agency/js-amr> "
                                         "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"}),
]
# Hostile: shapes that look cheap to a guess from the query's shape, and the ones that exhaust memory or parsing.
_HOSTILE = [
    "SELECT (COUNT(*) AS ?n) WHERE { {?a ?b ?c} {?d ?e ?f} {?g ?h ?i} }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c OPTIONAL { ?d ?e ?f OPTIONAL { ?g ?h ?i } } }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c { SELECT ?d WHERE { ?d ?e ?f { SELECT ?g WHERE { ?g ?h ?i } } } } }",
    'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c FILTER NOT EXISTS { ?d ?e ?f . ?g ?h ?i FILTER(?d = ?a && ?i = "-") } }',
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c MINUS { ?d ?e ?f . ?g ?h ?i } }",
    "SELECT * WHERE { {?a ?b ?c} {?d ?e ?f} {?g ?h ?i} } ORDER BY ?i ?c ?f",
    "SELECT ?x WHERE { VALUES (?x) { " + " ".join(f'("{i:07d}")' for i in range(48_000)) + " } ?x ?p ?o }",
]
_UNIQUE = itertools.count()
MAX_CLIENTS = 256
MAX_DURATION = 600.0


@dataclass
class Sample:
    """One request: its class, status (0: no HTTP answer), latency and, for a 503, why."""

    kind: str
    status: int
    seconds: float
    why: str = ""


def log(message: str) -> None:
    """Progress on stderr, time-stamped."""
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the server process


@contextmanager
def kg_serve(options: list[str], data: Path, log_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """``kg serve OPTIONS`` on 127.0.0.1 and a free port over ``data``; yields the process and the port. The caller
    stops it (with SIGKILL); a server still running at the end gets Ctrl-C."""
    with tempfile.TemporaryDirectory() as empty, log_path.open("wb") as err:
        cmd = [sys.executable, "-m", "kg.cli", "serve", "--host", "127.0.0.1", "--port", "0", *options,
               "--data", str(data), "--export-dir", empty]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        try:
            yield proc, serve_port(proc, log_path)
        finally:
            interrupt(proc, 30)


# ---------------------------------------------------------------- the clients


def request(port: int, target: str, kind: str, body: bytes | None = None) -> Sample:
    """GET ``target`` (or POST ``body`` as a query) on a fresh loopback connection; the latency covers connect to
    the last body byte."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Accept": "text/csv, application/sparql-results+json;q=0.9, */*;q=0.1"}
    try:
        if body is None:
            conn.request("GET", target, headers=headers)
        else:
            conn.request("POST", target, body, {**headers, "Content-Type": "application/sparql-query"})
        response = conn.getresponse()
        answer = response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as exc:
        return Sample(kind, 0, time.perf_counter() - start, type(exc).__name__)
    finally:
        conn.close()
    seconds = time.perf_counter() - start
    why = ""
    if status == TIMEOUT_STATUS:
        text = answer.decode("utf-8", errors="replace")
        why = "memory" if "memory limit" in text else "stopped" if "stopped" in text else \
            "busy" if "busy" in text else text[:60]
    return Sample(kind, status, seconds, why)


def hostile(port: int, rng: random.Random) -> Sample:
    """One hostile query, its text made unique (a comment) so the server cannot know it from an earlier run."""
    text = f"{rng.choice(_HOSTILE)}\n# {next(_UNIQUE)}-{rng.randrange(10**9)}"
    return request(port, "/sparql", "hostile", text.encode())


def client(port: int, deadline: float, hostile_share: float, seed: int, out: list[Sample]) -> None:
    """Send requests back to back until ``deadline``: a share ``hostile_share`` of them hostile."""
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        if rng.random() < hostile_share:
            out.append(hostile(port, rng))
        else:
            out.append(request(port, rng.choice(CHEAP), "cheap"))


def run_clients(port: int, clients: int, duration: float, hostile_share: float, seed: int) -> list[Sample]:
    """``clients`` threads for ``duration`` seconds; each finishes its request in flight at the end."""
    per_client: list[list[Sample]] = [[] for _ in range(clients)]
    deadline = time.monotonic() + duration
    threads = [threading.Thread(target=client, args=(port, deadline, hostile_share, seed + i, per_client[i]),
                                daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 180)
    return [s for samples in per_client for s in samples]


# ---------------------------------------------------------------- main


def warm_up(port: int) -> None:
    """One request per cheap target, so lazy imports and caches are in the baseline, not in the growth."""
    for target in CHEAP:
        sample = request(port, target, "cheap")
        if sample.status != 200:
            raise RuntimeError(f"warm-up {target}: status {sample.status} {sample.why}")


def _serve_options(args: argparse.Namespace) -> list[str]:
    return ["--timeout", f"{args.timeout:g}", "--workers", str(args.workers), "--memory", str(args.memory)]


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Start the server, measure, load it, measure again, kill -9 it; the result as a dict."""
    started = time.strftime("%Y-%m-%d %H:%M")
    load_before = os.getloadavg()  # other work on the machine shares its CPUs with the server and the clients
    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(tmp) / "serve.log"
        with kg_serve(_serve_options(args), args.data, log_path) as (proc, port):
            log(f"kg serve pid {proc.pid} on 127.0.0.1:{port}; warming up")
            warm_up(port)
            time.sleep(1.0)
            before = proc_status(proc.pid)
            sampler = TreeSampler(proc.pid)
            sampler.start()
            log(f"{args.clients} clients for {args.duration:g} s")
            t = time.monotonic()
            samples = run_clients(port, args.clients, args.duration, args.hostile / 100, args.seed)
            elapsed = time.monotonic() - t
            load_after = os.getloadavg()
            log(f"{len(samples)} requests in {elapsed:.1f} s; settling {args.settle:g} s")
            time.sleep(args.settle)
            sampler.done.set()
            sampler.join()
            after = proc_status(proc.pid)
            below = descendants(proc.pid)
            proc.kill()  # kill -9: nothing below it may survive
            proc.wait(10)
            time.sleep(3.0)
        text = log_path.read_text(encoding="utf-8", errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    return {
        "started": started,
        "config": {"clients": args.clients, "duration_s": args.duration, "hostile_percent": args.hostile,
                   "serve_options": _serve_options(args), "data": str(args.data), "settle_s": args.settle,
                   "seed": args.seed, "cheap_targets": CHEAP, "hostile_queries": [q[:200] for q in _HOSTILE]},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "loadavg_before": load_before, "loadavg_after": load_after},
        "summary": summarise(samples),
        "requests_per_s": len(samples) / elapsed if elapsed else 0.0,
        "elapsed_s": elapsed,
        "before": before,
        "after": after,
        "tree": {"every_s": sampler.every, "peak_rss_mib": sampler.peak, "peak_processes": sampler.processes},
        "tracebacks": text.count("Traceback"),
        "log_lines": len(lines),
        "log_sample": lines[:20],
        "below_at_stop": len(below),
        "left_after_stop": sum(1 for pid in below if alive(pid)),
        "orphans": orphans(proc.pid),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line, bounded: at most 256 clients and 600 s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent client threads (at most 256)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (at most 600)")
    parser.add_argument("--hostile", type=float, default=5.0, help="percent of hostile requests")
    parser.add_argument("--timeout", type=float, default=5.0, help="kg serve --timeout (s)")
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    parser.add_argument("--memory", type=int, default=512, help="kg serve --memory (MiB per query)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "kg.ttl", help="the graph served")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds to wait after the load before measuring")
    parser.add_argument("--seed", type=int, default=2022, help="seed of the clients' random mix")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for load-serve.md and load-serve.json")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION:
        parser.error(f"--clients must be 1–{MAX_CLIENTS} and --duration 0–{MAX_DURATION:g} s")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the load test, print the table and write ``load-serve.md`` and ``load-serve.json`` to ``--out``."""
    from kg.files import write_text

    args = parse_args(argv)
    result = run(args)
    note = to_markdown(result)
    write_text(args.out / "load-serve.json", json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    write_text(args.out / "load-serve.md", note)
    print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
