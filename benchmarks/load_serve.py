"""A bounded load test of ``kg serve`` on 127.0.0.1: concurrent clients, cheap and expensive queries, RSS and threads.

Starts ``kg serve`` in a subprocess on a free loopback port, records its RSS, threads and child processes, runs
``--clients`` client threads for ``--duration`` seconds (by default 80 % cheap catalogue queries, 20 % a cross join
that runs past the server's ``--timeout``), then waits ``--settle`` seconds and records RSS and threads again.
Usage: ``python benchmarks/load_serve.py [--clients 32 --duration 60]``; results go to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["main"]

RESULTS = ROOT / "benchmarks" / "results"
ID = "https://w3id.org/govkg/id/"
TIMEOUT_STATUS = 503  # kg serve's answer to a query stopped at the limit (and to "every worker is busy")
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
# Expensive: four triple patterns that share no variable, counted: (thousands of triples)^4 rows, cut at the limit.
EXPENSIVE = "/sparql?" + urllib.parse.urlencode(
    {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"})
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


def proc_status(pid: int) -> dict[str, Any]:
    """RSS (MiB), peak RSS, threads of ``pid``, and its child processes with their RSS (from /proc)."""
    fields = _status_fields(pid)
    children = _children(pid)
    return {
        "rss_mib": fields.get("VmRSS", 0) / 1024, "peak_rss_mib": fields.get("VmHWM", 0) / 1024,
        "threads": fields.get("Threads", 0),
        "children": [{"pid": c, "cmd": _cmdline(c), "rss_mib": _status_fields(c).get("VmRSS", 0) / 1024}
                     for c in children],
    }


def _status_fields(pid: int) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "Threads"):
            out[key] = int(value.split()[0])
    return out


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # field 4, after the parenthesised command name
            found.append(int(entry.name))
    return sorted(found)


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    text = raw.replace(b"\0", b" ").decode(errors="replace").strip()
    if "resource_tracker" in text:
        return "multiprocessing resource tracker"
    return "query worker" if "spawn_main" in text else text[:80]


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return next((line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                     if line.startswith("State:")), "")
    except OSError:
        return ""


@contextmanager
def kg_serve(timeout: float, workers: int, log_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """``kg serve`` on 127.0.0.1 and a free port over the seed graph; yields the process and the port."""
    with tempfile.TemporaryDirectory() as empty, log_path.open("wb") as err:
        cmd = [sys.executable, "-m", "kg.cli", "serve", "--host", "127.0.0.1", "--port", "0", "--timeout",
               str(timeout), "--workers", str(workers), "--data", str(ROOT / "data" / "kg.ttl"),
               "--export-dir", empty]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        try:
            yield proc, _wait_for_port(proc, log_path)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)  # Ctrl-C: kg serve closes its worker pool
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(10)


def _wait_for_port(proc: subprocess.Popen[bytes], log_path: Path, wait: float = 120.0) -> int:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        for line in log_path.read_text(errors="replace").splitlines():
            if line.startswith("serving ") and " on http://127.0.0.1:" in line:
                return int(line.split(" on http://127.0.0.1:", 1)[1].split("/", 1)[0])
        if proc.poll() is not None:
            raise RuntimeError(f"kg serve exited ({proc.returncode}): {log_path.read_text(errors='replace')}")
        time.sleep(0.1)
    raise RuntimeError("kg serve did not start in time")


# ---------------------------------------------------------------- the clients


def request(port: int, target: str, kind: str) -> Sample:
    """GET ``target`` on a fresh loopback connection; the latency covers connect to the last body byte."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", target, headers={"Accept": "text/csv, application/sparql-results+json;q=0.9, */*;q=0.1"})
        response = conn.getresponse()
        body = response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as exc:
        return Sample(kind, 0, time.perf_counter() - start, type(exc).__name__)
    finally:
        conn.close()
    seconds = time.perf_counter() - start
    why = ""
    if status == TIMEOUT_STATUS:
        text = body.decode("utf-8", errors="replace")
        why = "stopped" if "stopped" in text else "busy" if "busy" in text else text[:60]
    return Sample(kind, status, seconds, why)


def client(port: int, deadline: float, expensive_share: float, seed: int, out: list[Sample]) -> None:
    """Send requests back to back until ``deadline``: a share ``expensive_share`` of them expensive."""
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        if rng.random() < expensive_share:
            out.append(request(port, EXPENSIVE, "expensive"))
        else:
            out.append(request(port, rng.choice(CHEAP), "cheap"))


def run_clients(port: int, clients: int, duration: float, expensive_share: float, seed: int) -> list[Sample]:
    """``clients`` threads for ``duration`` seconds; each finishes its request in flight at the end."""
    per_client: list[list[Sample]] = [[] for _ in range(clients)]
    deadline = time.monotonic() + duration
    threads = [threading.Thread(target=client, args=(port, deadline, expensive_share, seed + i, per_client[i]),
                                daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 120)
    return [s for samples in per_client for s in samples]


# ---------------------------------------------------------------- figures


def percentile(values: list[float], q: float) -> float | None:
    """The nearest-rank ``q`` percentile (0 < q <= 100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n q / 100)
    return ordered[int(rank) - 1]


def summarise(samples: list[Sample]) -> dict[str, Any]:
    """Per class: request count, status counts, 503 reasons, latency percentiles (seconds)."""
    out: dict[str, Any] = {}
    for kind in ("cheap", "expensive"):
        mine = [s for s in samples if s.kind == kind]
        seconds = [s.seconds for s in mine]
        out[kind] = {
            "requests": len(mine),
            "status": {str(k): v for k, v in sorted(Counter(s.status for s in mine).items())},
            "503_why": dict(sorted(Counter(s.why for s in mine if s.status == TIMEOUT_STATUS).items())),
            "no_answer": dict(sorted(Counter(s.why for s in mine if s.status == 0).items())),
            **{f"p{q}_s": percentile(seconds, q) for q in (50, 90, 99)},
            "max_s": max(seconds) if seconds else None,
            "p99_ok_s": percentile([s.seconds for s in mine if s.status == 200], 99),
            "by_outcome": {name: _latencies([s.seconds for s in mine if _outcome(s) == name])
                           for name in sorted({_outcome(s) for s in mine})},
        }
    out["other_5xx"] = sum(1 for s in samples if s.status >= 500 and s.status != TIMEOUT_STATUS)
    out["no_answer"] = sum(1 for s in samples if s.status == 0)
    return out


def _outcome(sample: Sample) -> str:
    if sample.status == 0:
        return f"no answer ({sample.why})"
    return f"{sample.status} {sample.why}".strip()


def _latencies(seconds: list[float]) -> dict[str, Any]:
    return {"requests": len(seconds), "min_s": min(seconds, default=None), "p50_s": percentile(seconds, 50),
            "p99_s": percentile(seconds, 99), "max_s": max(seconds, default=None)}


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def to_markdown(result: dict[str, Any]) -> str:
    """The results as a Markdown note."""
    cfg, summary, before, after = result["config"], result["summary"], result["before"], result["after"]
    lines = [
        "# `kg serve` under load",
        "",
        f"{cfg['clients']} client threads for {cfg['duration_s']:g} s on 127.0.0.1, "
        f"{100 - cfg['expensive_percent']:g} % cheap / {cfg['expensive_percent']:g} % expensive requests; "
        f"`kg serve --timeout {cfg['timeout_s']:g} --workers {cfg['workers']}` over the seed graph "
        f"({result['machine']['cpus']} CPUs, Python {result['machine']['python']}, {result['started']}; "
        f"1-minute load average {result['machine']['loadavg_before'][0]:.1f} before the run). "
        "Measurements of one run, not assertions.",
        "",
        "| class | requests | status counts | 503: stopped / busy | p50 s | p90 s | p99 s | max s | p99 of 200s |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for kind in ("cheap", "expensive"):
        s = summary[kind]
        statuses = ", ".join(f"{k}: {v}" for k, v in s["status"].items())
        why = f"{s['503_why'].get('stopped', 0)} / {s['503_why'].get('busy', 0)}"
        lines.append(f"| {kind} | {s['requests']} | {statuses} | {why} | {_fmt(s['p50_s'])} | {_fmt(s['p90_s'])} "
                     f"| {_fmt(s['p99_s'])} | {_fmt(s['max_s'])} | {_fmt(s['p99_ok_s'])} |")
    lines += ["", "Latency by outcome (a 503 is `stopped` when the query ran past the limit and its worker was "
              "killed, `busy` when no worker was free within the limit):", "",
              "| class | outcome | requests | min s | p50 s | p99 s | max s |", "|---|---|---:|---:|---:|---:|---:|"]
    for kind in ("cheap", "expensive"):
        for name, s in summary[kind]["by_outcome"].items():
            lines.append(f"| {kind} | {name} | {s['requests']} | {_fmt(s['min_s'])} | {_fmt(s['p50_s'])} "
                         f"| {_fmt(s['p99_s'])} | {_fmt(s['max_s'])} |")
    lines += [
        "",
        f"5xx other than {TIMEOUT_STATUS}: **{summary['other_5xx']}**; requests with no HTTP answer: "
        f"**{summary['no_answer']}**; throughput {result['requests_per_s']:.1f} requests/s.",
        "",
        "| server process | before | after (+{:g} s) |".format(cfg["settle_s"]),
        "|---|---:|---:|",
        f"| RSS MiB | {before['rss_mib']:.1f} | {after['rss_mib']:.1f} |",
        f"| peak RSS MiB | {before['peak_rss_mib']:.1f} | {after['peak_rss_mib']:.1f} |",
        f"| threads | {before['threads']} | {after['threads']} |",
        f"| query workers | {_workers(before)} | {_workers(after)} |",
        f"| workers' RSS MiB (sum) | {_workers_rss(before):.1f} | {_workers_rss(after):.1f} |",
        f"| other children | {len(before['children']) - _workers(before)} "
        f"| {len(after['children']) - _workers(after)} |",
        "",
        f"After the server stopped (Ctrl-C): {result['left_after_stop']} of its child processes still alive.",
        "",
    ]
    return "\n".join(lines)


def _workers(status: dict[str, Any]) -> int:
    return sum(1 for c in status["children"] if c["cmd"] == "query worker")


def _workers_rss(status: dict[str, Any]) -> float:
    return float(sum(c["rss_mib"] for c in status["children"] if c["cmd"] == "query worker"))


# ---------------------------------------------------------------- main


def warm_up(port: int) -> None:
    """One request per cheap target, so lazy imports and caches are in the baseline, not in the growth."""
    for target in CHEAP:
        sample = request(port, target, "cheap")
        if sample.status != 200:
            raise RuntimeError(f"warm-up {target}: status {sample.status} {sample.why}")


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Start the server, measure, load it, measure again, stop it; the result as a dict."""
    started = time.strftime("%Y-%m-%d %H:%M")
    load_before = os.getloadavg()  # other work on the machine shares its CPUs with the server and the clients
    with tempfile.TemporaryDirectory() as tmp, \
            kg_serve(args.timeout, args.workers, Path(tmp) / "serve.log") as (proc, port):
        log(f"kg serve pid {proc.pid} on 127.0.0.1:{port}; warming up")
        warm_up(port)
        time.sleep(1.0)
        before = proc_status(proc.pid)
        log(f"{args.clients} clients for {args.duration:g} s")
        t = time.monotonic()
        samples = run_clients(port, args.clients, args.duration, args.expensive / 100, args.seed)
        elapsed = time.monotonic() - t
        log(f"{len(samples)} requests in {elapsed:.1f} s; settling {args.settle:g} s")
        time.sleep(args.settle)
        after = proc_status(proc.pid)
        children = [c["pid"] for c in before["children"] + after["children"]]
    time.sleep(1.0)
    return {
        "started": started,
        "config": {"clients": args.clients, "duration_s": args.duration, "expensive_percent": args.expensive,
                   "timeout_s": args.timeout, "workers": args.workers, "settle_s": args.settle, "seed": args.seed,
                   "cheap_targets": CHEAP, "expensive_target": EXPENSIVE},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
        "summary": summarise(samples),
        "requests_per_s": len(samples) / elapsed if elapsed else 0.0,
        "elapsed_s": elapsed,
        "before": before,
        "after": after,
        "left_after_stop": sum(1 for pid in set(children) if _alive(pid)),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line, bounded: at most 256 clients and 600 s."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent client threads (at most 256)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (at most 600)")
    parser.add_argument("--expensive", type=float, default=20.0, help="percent of expensive requests")
    parser.add_argument("--timeout", type=float, default=2.0, help="kg serve --timeout (s)")
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
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
