"""Turn ``benchmarks/results/{scale}.json`` into ``results.md`` (side-by-side tables) and ``results.png``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["catalogue_seconds", "write_reports"]

ORDER = ("tiny", "S", "M", "L")
ENGINES = (("oxigraph", "embedded Oxigraph (default)"), ("rdflib", "rdflib in-memory"), ("server", "Oxigraph server"))


def _load(out: Path) -> list[dict[str, Any]]:
    found = [json.loads((out / f"{s}.json").read_text()) for s in ORDER if (out / f"{s}.json").exists()]
    return found


def _fmt(value: float | None, capped: bool = False) -> str:
    if value is None:
        return "—"
    return f"> {value:.0f} s" if capped else (f"{value:.3f} s" if value < 10 else f"{value:.1f} s")


def catalogue_seconds(step: dict[str, Any] | None) -> tuple[float | None, bool, int]:
    """Sum of the catalogue's query times, whether any query hit the cap, and how many failed."""
    if not step or "queries" not in step:
        return None, bool(step and step.get("capped")), 0
    queries = step["queries"].values()
    total = sum(q.get("seconds", 0.0) for q in queries if "error" not in q)
    return total, any(q.get("capped") for q in queries), sum(1 for q in queries if "error" in q)


def _cell(step: dict[str, Any] | None, key: str) -> str:
    if not step:
        return "not run"
    if step.get("capped"):
        return f"> {step['wall_s']:.0f} s (step cap)"
    if "error" in step:
        return "error"
    return _fmt(step.get(key))


def _summary(results: list[dict[str, Any]]) -> list[str]:
    lines = ["| scale | triples | step | " + " | ".join(name for _, name in ENGINES) + " |",
             "|---|---|---|---|---|---|"]
    for r in results:
        triples = f"{r['generate'].get('triples', 0):,}"
        load = [_cell(r.get(e), "open_s") for e, _ in ENGINES]
        if r.get("server", {}).get("server_load_s") is not None:
            load[2] = f"{_fmt(r['server']['server_load_s'])} load + {load[2]}"
        lines.append(f"| {r['scale']} | {triples} | load / open | " + " | ".join(load) + " |")
        cells = []
        for engine, _ in ENGINES:
            total, capped, errors = catalogue_seconds(r.get(engine))
            text = "not run" if total is None and not capped else (">" if capped else "") + _fmt(total)
            cells.append(text + (f" ({errors} errors)" if errors else ""))
        lines.append(f"| {r['scale']} | {triples} | whole catalogue, one query after another | "
                     + " | ".join(cells) + " |")
        together = r.get("oxigraph", {}).get("together")
        if together:
            differ = f"; rows differ: {', '.join(together['rows_differ'])}" if together["rows_differ"] else ""
            lines.append(f"| {r['scale']} | {triples} | whole catalogue, {together['jobs']} at once "
                         f"(`run_catalogue`{differ}) | {_fmt(together['seconds'])} | — | — |")
        rss = [f"{r[e]['peak_rss_mib']:.0f} MiB" if r.get(e, {}).get("peak_rss_mib") else "—" for e, _ in ENGINES]
        if r.get("server", {}).get("server_peak_rss_mib"):
            rss[2] = f"{r['server']['server_peak_rss_mib']:.0f} MiB"
        lines.append(f"| {r['scale']} | {triples} | peak memory | " + " | ".join(rss) + " |")
    return lines


def _other_steps(results: list[dict[str, Any]]) -> list[str]:
    lines = ["| scale | step | time | peak memory | notes |", "|---|---|---|---|---|"]
    for r in results:
        s = r["scale"]
        g = r["generate"]
        lines.append(f"| {s} | generate RDF | {_fmt(g.get('seconds'))} | {g.get('peak_rss_mib', 0):.0f} MiB | "
                     f"{g.get('triples', 0):,} triples written directly |")
        b = r.get("build", {})
        if "reports_per_s" in b:
            lines.append(f"| {s} | build (`kg.build.corpus.build`: texts to written Turtle) | {_fmt(b['seconds'])} | "
                         f"{b['peak_rss_mib']:.0f} MiB | "
                         f"{b['reports']} reports, **{b['reports_per_s']:.1f} reports/s** "
                         f"(+ {b['reference_load_s']:.1f} s reference load) |")
        c = r.get("cli_build")
        if c:
            lines.append(f"| {s} | `kg build` (CLI, incl. validation) | {_fmt(c['wall_s'])} | — | "
                         f"{c['reports']} reports, {c['reports_per_s']:.2f} reports/s, exit {c['exit']} |")
        d = r.get("load_disk")
        if d:
            lines.append(f"| {s} | bulk load to disk | {_cell(d, 'seconds')} | {d.get('peak_rss_mib', 0):.0f} MiB | "
                         f"{d.get('triples', 0):,} triples |")
        validations = r.get("validate") or {}
        if "seconds" in validations or "capped" in validations:  # an older run: one validation
            validations = {"pyshacl": validations}
        for name, v in validations.items():
            engine = v.get("engine", name.split("/")[0])
            lines.append(f"| {s} | validation, {engine} (SHACL + violation queries) | {_cell(v, 'seconds')} | "
                         f"{v.get('peak_rss_mib', 0):.0f} MiB | reports: {v.get('sample_reports')}; "
                         f"conforms: {v.get('conforms')} |")
        n = r.get("network")
        if n:
            extra = f"{n.get('networks')} networks, {n.get('edges')} edges, fetch {_fmt(n.get('fetch_s'))}" \
                if "networks" in n else n.get("error", "")
            lines.append(f"| {s} | network metrics | {_cell(n, 'seconds')} | {n.get('peak_rss_mib', 0):.0f} MiB "
                         f"| {extra} |")
        for fmt, e in (r.get("export") or {}).items():
            note = f"{e.get('bytes', 0) / 2**20:.1f} MiB, dataset load {_fmt(e.get('load_s'))}" if "bytes" in e \
                else e.get("error", "")
            lines.append(f"| {s} | export {fmt} | {_cell(e, 'seconds')} | {e.get('peak_rss_mib', 0):.0f} MiB "
                         f"| {note} |")
    return lines


def _per_query(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    for r in results:
        slugs = sorted((r.get("oxigraph") or {}).get("queries", {}))
        if not slugs:
            continue
        lines += ["", f"### Per query at {r['scale']}", "",
                  "| query | " + " | ".join(n for _, n in ENGINES) + " | rows (Oxigraph) |", "|---|---|---|---|---|"]
        for slug in slugs:
            cells = []
            for engine, _ in ENGINES:
                q = (r.get(engine) or {}).get("queries", {}).get(slug)
                cells.append("—" if q is None else "error" if "error" in q
                             else _fmt(q["seconds"], q.get("capped", False)))
            rows = r["oxigraph"]["queries"][slug].get("rows", "")
            lines.append(f"| `{slug}` | " + " | ".join(cells) + f" | {rows} |")
    return lines


def write_reports(out: Path) -> None:
    """Regenerate ``results.md`` and ``results.png`` from every ``{scale}.json`` present."""
    from kg.files import write_text

    results = _load(out)
    if not results:
        return
    m = results[-1]["machine"]
    st = results[-1]["startup"]
    text = ["# govkg benchmark results", "",
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}, "
            f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}, pyshacl {m['pyshacl']}, "
            f"{m['oxigraph_server']}; {m['date']}.", "",
            f"`kg query campaign-overview` on the seed graph, process start to printed table: "
            f"mean {st['mean_s']:.2f} s, min {st['min_s']:.2f} s over {st['runs']} runs.", "",
            "## Stores side by side", "", *_summary(results), "",
            "rdflib and server queries run one by one in a forked child killed at the cap (\"> cap\").", "",
            *[f"- {r['scale']}, {name}: {r[e]['note']}" for r in results for e, name in ENGINES
              if isinstance(r.get(e), dict) and r[e].get("note")], "",
            "## Other steps", "", *_other_steps(results), *_per_query(results), ""]
    write_text(out / "results.md", "\n".join(text))
    _plot(results, out / "results.png")


def _plot(results: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kg.files import write_bytes

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    scales = [r["scale"] for r in results]
    width = 0.27
    for i, (engine, name) in enumerate(ENGINES):
        catalogue = [catalogue_seconds(r.get(engine))[0] or 0.0 for r in results]
        opened = [(r.get(engine) or {}).get("open_s") or 0.0 for r in results]
        xs = [k + (i - 1) * width for k in range(len(scales))]
        axes[0].bar(xs, opened, width, label=name)
        axes[1].bar(xs, catalogue, width, label=name)
    for ax, title in zip(axes, ("load / open (s)", "whole catalogue (s; capped queries count as the cap)"),
                         strict=True):
        ax.set_xticks(range(len(scales)), [f"{s}\n{r['generate'].get('triples', 0):,} triples"
                                           for s, r in zip(scales, results, strict=True)])
        ax.set_yscale("log")
        ax.set_title(title)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    write_bytes(path, buffer.getvalue())
