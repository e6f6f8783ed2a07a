"""The figures of ``benchmarks/load_serve.py``: percentiles, a summary per request class, and the Markdown note."""

from __future__ import annotations

from collections import Counter
from typing import Any

__all__ = ["KINDS", "TIMEOUT_STATUS", "percentile", "summarise", "to_markdown"]

TIMEOUT_STATUS = 503  # kg serve's answer to a query stopped at a limit (and to "every worker is busy")
KINDS = ("cheap", "hostile")


def percentile(values: list[float], q: float) -> float | None:
    """The nearest-rank ``q`` percentile (0 < q <= 100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n q / 100)
    return ordered[int(rank) - 1]


def summarise(samples: list[Any]) -> dict[str, Any]:
    """Per class: request count, status counts, 503 reasons, latency percentiles (seconds)."""
    out: dict[str, Any] = {}
    for kind in KINDS:
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


def _outcome(sample: Any) -> str:
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
    machine = result["machine"]
    lines = [
        "# `kg serve` under load",
        "",
        f"{cfg['clients']} client threads for {cfg['duration_s']:g} s on 127.0.0.1, "
        f"{100 - cfg['hostile_percent']:g} % cheap / {cfg['hostile_percent']:g} % hostile requests (cross joins, "
        "OPTIONAL/subquery/MINUS/EXISTS variants, ORDER BY over a cross join, a 0.5 MiB VALUES query; each hostile "
        f"text made unique so no history helps); `kg serve {' '.join(cfg['serve_options'])}` over "
        f"`{cfg['data']}` ({machine['cpus']} CPUs, Python {machine['python']}, {result['started']}; 1-minute load "
        f"average {machine['loadavg_before'][0]:.1f} before and {machine['loadavg_after'][0]:.1f} after the run, on "
        "a machine shared with other work). Measurements of one run, not assertions.",
        "",
        "| class | requests | status counts | 503 reasons | p50 s | p90 s | p99 s | max s | p99 of 200s |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for kind in KINDS:
        s = summary[kind]
        statuses = ", ".join(f"{k}: {v}" for k, v in s["status"].items())
        why = ", ".join(f"{k}: {v}" for k, v in s["503_why"].items()) or "–"
        lines.append(f"| {kind} | {s['requests']} | {statuses} | {why} | {_fmt(s['p50_s'])} | {_fmt(s['p90_s'])} "
                     f"| {_fmt(s['p99_s'])} | {_fmt(s['max_s'])} | {_fmt(s['p99_ok_s'])} |")
    lines += ["", "Latency by outcome (503 `stopped`: past the time or memory limit, its worker killed; `busy`: no "
              "worker free within the limit; `memory`: the worker died at its memory limit):", "",
              "| class | outcome | requests | min s | p50 s | p99 s | max s |", "|---|---|---:|---:|---:|---:|---:|"]
    for kind in KINDS:
        for name, s in summary[kind]["by_outcome"].items():
            lines.append(f"| {kind} | {name} | {s['requests']} | {_fmt(s['min_s'])} | {_fmt(s['p50_s'])} "
                         f"| {_fmt(s['p99_s'])} | {_fmt(s['max_s'])} |")
    tree = result["tree"]
    lines += [
        "",
        f"5xx other than {TIMEOUT_STATUS}: **{summary['other_5xx']}**; requests with no HTTP answer: "
        f"**{summary['no_answer']}**; throughput {result['requests_per_s']:.1f} requests/s.",
        "",
        f"Server and query processes together (RSS summed over the process tree, sampled every "
        f"{tree['every_s']:g} s): peak **{tree['peak_rss_mib']:.0f} MiB** with {tree['peak_processes']} processes "
        f"at most. Tracebacks in the server's log: **{result['tracebacks']}**; its other lines: "
        f"{result['log_lines']}.",
        "",
        "| server process | before | after (+{:g} s) |".format(cfg["settle_s"]),
        "|---|---:|---:|",
        f"| RSS MiB | {before['rss_mib']:.1f} | {after['rss_mib']:.1f} |",
        f"| threads | {before['threads']} | {after['threads']} |",
        f"| processes below it | {len(before['children'])} | {len(after['children'])} |",
        f"| their RSS MiB (sum) | {_rss(before):.1f} | {_rss(after):.1f} |",
        "",
        f"After `kill -9` of the server: {result['left_after_stop']} of the {result['below_at_stop']} processes "
        f"below it still alive 3 s later, {result['orphans']} query processes of it anywhere.",
        "",
    ]
    return "\n".join(lines)


def _rss(status: dict[str, Any]) -> float:
    return float(sum(c["rss_mib"] for c in status["children"]))
