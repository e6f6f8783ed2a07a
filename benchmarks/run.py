"""Benchmark govkg on synthetic corpora (S ≈ 100 k, M ≈ 1 M, L ≈ 10 M triples) on three stores side by side.

Embedded Oxigraph (the default), rdflib's in-memory store and an Oxigraph server on 127.0.0.1.

Every step runs in its own child process, so each has a clean heap and its own peak RSS (``os.wait4``).
rdflib and server queries each run in a forked grandchild killed at the cap and reported as "> cap".
Usage: ``python benchmarks/run.py --scales S,M,L``; results go to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["main", "measure"]

WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results"
ID = "https://w3id.org/govkg/id/"
OXIGRAPH_BIN = Path(sys.executable).with_name("oxigraph")
# Parameter values for the catalogue's parametrised queries; every scale holds Beijing's 2024 Quality Month, and the
# tiny, S and M graphs Beijing's emergency management bureau bj-em (bj-amr, used before, is not in the tiny graph:
# its queries answered nothing there, and now that an IRI in no triple is refused they failed).
PARAMS = {
    "agency-profile": {"agency": f"{ID}agency/bj-em"},
    "agency-neighbourhood": {"agency": f"{ID}agency/bj-em"},
    "theme-contents": {"theme": f"{ID}theme/bj-2024-qm/1"},
    "evidence": {"resource": f"{ID}activity/bj-2024-qm/01"},
    "lookup": {"label": "北京市市場監督管理局"},
    "agency-timeline": {"agency": f"{ID}agency/bj-em"},
    "agency-lineage": {"agency": f"{ID}agency/bj-em"},
    "places-compared": {"topic": "https://w3id.org/govkg/ontology#TopicSupervisionAndEnforcement"},
    "resource-classes": {"resource": f"{ID}agency/bj-em"},
    "themes-numbered": {"number": "1"},
}
# Per scale: build sample, reports `kg build` runs on end to end, validation runs (engine, "all" or the sample),
# the validation sample's size, export formats, whether the store is on disk.
PLAN: dict[str, dict[str, Any]] = {
    "tiny": {"build": 2, "cli_build": 2, "validate": [("sparql", "all"), ("pyshacl", "all")], "validate_sample": 0,
             "exports": ["ntriples"], "disk": False},
    "S": {"build": 90, "cli_build": 90, "validate": [("sparql", "all"), ("pyshacl", "all")], "validate_sample": 0,
          "exports": "all", "disk": False},
    "M": {"build": 880, "cli_build": 880,
          "validate": [("sparql", "all"), ("sparql", 20), ("pyshacl", 20)], "validate_sample": 20,
          "exports": ["ntriples", "turtle"], "disk": False},
    "L": {"build": 100, "cli_build": 0, "validate": [], "validate_sample": 0, "exports": [], "disk": True,
          "query_cap": 120.0, "network_cap": 600},
}

def log(message: str) -> None:
    """Progress on stderr, time-stamped."""
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- steps (run in a child process)


def _reports(args: dict[str, Any]) -> Iterator[Any]:
    from benchmarks.synth import SCALES, generate

    jurisdictions, years, campaigns = SCALES[args["scale"]]
    return generate(jurisdictions, years, campaigns, seed=args.get("seed", 0))


def step_generate(args: dict[str, Any]) -> dict[str, Any]:
    """Write the scale's N-Triples and a sample of its source texts."""
    import itertools

    from benchmarks.synth import write_ntriples, write_sources

    marker = Path(args["nt"] + ".done")  # written by an earlier generation of the same scale and seed
    if marker.exists() and Path(args["nt"]).exists():
        done = json.loads(marker.read_text())
        lines, seconds = done["triples"], done["seconds"]
    else:
        t = time.perf_counter()
        lines = write_ntriples(_reports(args), Path(args["nt"]))
        seconds = time.perf_counter() - t
        marker.write_text(json.dumps({"triples": lines, "seconds": seconds, "seed": args.get("seed", 0)}))
    sources = Path(args["sources"])
    shutil.rmtree(sources, ignore_errors=True)
    write_sources(itertools.islice(_reports(args), args["sample"]), sources)
    if args["validate_sample"]:
        write_ntriples(itertools.islice(_reports(args), args["validate_sample"]), Path(args["validate_nt"]))
    return {"triples": lines, "seconds": seconds}


def step_build(args: dict[str, Any]) -> dict[str, Any]:
    """``kg.build.corpus.build`` over the sample texts: read, clean, extract, graph, Turtle, write (reference first)."""
    from kg.build.corpus import build
    from kg.ingest.reference import load_reference

    t = time.perf_counter()
    load_reference()
    reference = time.perf_counter() - t
    paths = sorted(Path(args["sources"]).glob("*.txt"))
    out = Path(args["out"])
    t = time.perf_counter()
    result = build(paths, out)
    seconds = time.perf_counter() - t
    out.unlink(missing_ok=True)
    return {"reports": len(paths), "seconds": seconds, "reports_per_s": len(paths) / seconds,
            "reference_load_s": reference, "triples": result.triples}


def step_load(args: dict[str, Any]) -> dict[str, Any]:
    """Load into an in-memory store (``oxigraph`` or ``rdflib``), or bulk-load an on-disk Oxigraph store."""
    from kg.query.dataset import open_store

    t = time.perf_counter()
    if args["engine"] == "oxigraph-disk":
        import pyoxigraph as ox

        shutil.rmtree(args["location"], ignore_errors=True)
        store = ox.Store(args["location"])
        store.bulk_load(path=args["nt"], format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        store.optimize()
        count = len(store)
    else:
        opened = open_store(args["engine"])
        _load_trusted(opened, Path(args["nt"]))
        count = len(opened.graph) if args["engine"] == "rdflib" else len(opened.store)  # type: ignore[attr-defined]
    return {"seconds": time.perf_counter() - t, "triples": count}


def _load_trusted(store: Any, nt: Path) -> None:
    """Load our own N-Triples straight into the engine.

    ``Store.load`` reads through ``kg.rdf.read``, the guarded door for untrusted RDF, which refuses files over 64 MiB;
    the benchmark's data is generated here, so it takes each engine's own loader (as ``kg`` would for a trusted dump).
    """
    if store.engine == "rdflib":
        store.graph.parse(str(nt), format="nt")
    else:
        import pyoxigraph as ox

        store.store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)


def _open(args: dict[str, Any]) -> tuple[Any, float]:
    from kg.query.dataset import open_store
    from kg.query.endpoint import EndpointStore

    t = time.perf_counter()
    if args["engine"] == "server":
        store: Any = EndpointStore(args["endpoint"])
    elif args.get("location"):
        store = open_store("oxigraph", location=Path(args["location"]))
    else:
        store = open_store(args["engine"])
        _load_trusted(store, Path(args["nt"]))
    store.query("ASK { ?s ?p ?o }")
    return store, time.perf_counter() - t


def _one_query(store: Any, slug: str) -> dict[str, Any]:
    from kg.query.answer import run_query
    from kg.query.catalogue import find_query

    query = find_query(slug)
    t = time.perf_counter()
    query.prepared()  # what kg.query.sparql.prepare costs alone (rdflib's parser + the safety check)
    prepare = time.perf_counter() - t
    t = time.perf_counter()
    result = run_query(store, query, PARAMS.get(slug, {}))
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "prepare_s": prepare, "rows": _size(result), "truncated": result.truncated}


def _size(result: Any) -> int:
    """Rows of a SELECT, triples of a CONSTRUCT, 0 or 1 for an ASK."""
    if result.form == "SELECT":
        return len(result.rows)
    return len(result.graph) if result.graph is not None else int(bool(result.boolean))


def _together(store: Any, serial: dict[str, Any]) -> dict[str, Any]:
    """The whole catalogue again through ``run_catalogue`` (queries at once in threads), wall time."""
    from kg.query.answer import default_jobs, run_catalogue
    from kg.query.catalogue import catalogue

    jobs = default_jobs()
    queries = [q for q in catalogue() if "error" not in serial.get(q.slug, {"error": "not run"})]
    t = time.perf_counter()
    rows = {q.slug: _size(r) for q, r in run_catalogue(store, queries, PARAMS, jobs=jobs)}
    seconds = time.perf_counter() - t
    differ = sorted(slug for slug, n in rows.items() if n != serial[slug]["rows"])
    return {"seconds": seconds, "jobs": jobs, "queries": len(rows), "rows_differ": differ}


def _forked_query(store: Any, slug: str, cap: float) -> dict[str, Any]:
    """Run one query in a forked child; kill it at ``cap`` seconds."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report, leave without cleanup
        os.close(read)
        try:
            out = _one_query(store, slug)
        except Exception as exc:
            out = {"error": str(exc)[:300]}
        os.write(write, json.dumps(out).encode())
        os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], cap)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
        return {"capped": True, "seconds": cap}
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks) or b'{"error": "no answer"}')  # type: ignore[no-any-return]


def step_queries(args: dict[str, Any]) -> dict[str, Any]:
    """Open or load the store, then time every catalogue query (forked and capped unless embedded Oxigraph)."""
    from kg.query.catalogue import catalogue

    store, opened = _open(args)
    results: dict[str, Any] = {}
    for q in catalogue():
        if args["engine"] == "oxigraph":
            try:
                results[q.slug] = _one_query(store, q.slug)
            except Exception as exc:
                results[q.slug] = {"error": str(exc)[:300]}
        else:
            results[q.slug] = _forked_query(store, q.slug, args["cap"])
        print(json.dumps({"progress": q.slug, **results[q.slug]}), file=sys.stderr, flush=True)
    if args["engine"] != "oxigraph":
        return {"open_s": opened, "queries": results}
    together = _together(store, results)
    print(json.dumps({"progress": "whole catalogue at once", **together}), file=sys.stderr, flush=True)
    return {"open_s": opened, "queries": results, "together": together}


def step_query1(args: dict[str, Any]) -> dict[str, Any]:
    """Open the on-disk store and run one catalogue query (L: one process per query, so each can be capped)."""
    store, opened = _open(args)
    return {"open_s": opened, **_one_query(store, args["slug"])}


def step_validate(args: dict[str, Any]) -> dict[str, Any]:
    """``validate_files`` (SHACL + violation queries) on the whole graph or a sample, with one SHACL engine."""
    from kg.validate.run import validate_files

    path = Path(args["nt"])
    t = time.perf_counter()
    report = validate_files([path], engine=args["engine"], max_bytes=path.stat().st_size + 1)
    return {"seconds": time.perf_counter() - t, "conforms": report.conforms, "counts": report.counts(),
            "engine": args["engine"]}


def step_export(args: dict[str, Any]) -> dict[str, Any]:
    """``kg export`` of one format: load the dataset, write the dump and its VoID."""
    from kg.publish.dataset import load_split
    from kg.publish.export import export
    from kg.rdf.read import size_limit

    t = time.perf_counter()
    with size_limit(Path(args["nt"]).stat().st_size + 1):  # the benchmark's own file; 64 MiB guards untrusted input
        dataset = load_split([Path(args["nt"])])
    loaded = time.perf_counter() - t
    out = Path(args["out"])
    t = time.perf_counter()
    export(dataset, out, [args["format"]])
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    return {"load_s": loaded, "seconds": time.perf_counter() - t, "bytes": size}


def step_network(args: dict[str, Any]) -> dict[str, Any]:
    """Fetch the agency-theme layer from the embedded store and compute every network's metrics."""
    from kg.network.graphs import build_networks, fetch_layer

    store, opened = _open(args)
    t = time.perf_counter()
    data = fetch_layer(store, "themes")
    fetched = time.perf_counter() - t
    t = time.perf_counter()
    networks = build_networks(data)
    return {"open_s": opened, "fetch_s": fetched, "seconds": time.perf_counter() - t, "networks": len(networks),
            "edges": len(data.edges)}


STEPS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "generate": step_generate, "build": step_build, "load": step_load, "queries": step_queries,
    "validate": step_validate, "export": step_export, "network": step_network, "query1": step_query1,
}


# ---------------------------------------------------------------- the parent


def measure(cmd: list[str], timeout: float, *, cwd: Path = ROOT, env: dict[str, str] | None = None,
            stderr: Any = None) -> dict[str, Any]:
    """Run ``cmd`` from process start to exit: wall time, peak RSS (``os.wait4``), exit code and its stdout (bytes).

    Killed at ``timeout`` seconds and then ``capped``. Standard error goes to ``stderr`` (a file, or the caller's).
    """
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr, cwd=cwd, env=env)
    assert proc.stdout is not None
    deadline, buffer, capped = t + timeout, b"", False
    while True:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.perf_counter()))
        if not ready:
            os.kill(proc.pid, signal.SIGKILL)
            capped = True
            break
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        buffer += chunk
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
    proc.stdout.close()
    return {"wall_s": timeout if capped else time.perf_counter() - t, "peak_rss_mib": usage.ru_maxrss / 1024,
            "user_s": usage.ru_utime, "sys_s": usage.ru_stime,  # its workers' too, once they are reaped
            "exit": proc.returncode, "capped": capped, "stdout": buffer}


def run_child(step: str, args: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run one step in a child; return its answer plus wall time and peak RSS, or ``capped`` at ``timeout``."""
    done = measure([sys.executable, str(Path(__file__).resolve()), "--child", step, json.dumps(args)], timeout)
    if done["capped"]:
        return {"capped": True, "wall_s": timeout, "peak_rss_mib": done["peak_rss_mib"]}
    lines = done["stdout"].decode("utf-8", "replace").strip().splitlines()
    out: dict[str, Any] = {"error": f"exit status {done['exit']}"}
    if done["exit"] == 0 and lines:
        out = json.loads(lines[-1])
    out.update({"wall_s": done["wall_s"], "peak_rss_mib": done["peak_rss_mib"]})
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def oxigraph_server(location: Path, nt: Path, timings: dict[str, Any]) -> Iterator[str | None]:
    """Bulk-load ``nt`` into a fresh store and serve it on 127.0.0.1; yield the query URL (None if no binary)."""
    if not OXIGRAPH_BIN.exists():
        yield None
        return
    shutil.rmtree(location, ignore_errors=True)
    t = time.perf_counter()
    subprocess.run([str(OXIGRAPH_BIN), "load", "--location", str(location), "--file", str(nt)],
                   check=True, capture_output=True)
    timings["server_load_s"] = time.perf_counter() - t
    port = _free_port()
    proc = subprocess.Popen([str(OXIGRAPH_BIN), "serve-read-only", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/query"
        timings["server_peak_rss_mib"] = _hwm(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(location, ignore_errors=True)


def _hwm(pid: int) -> float | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def run_scale(scale: str, cap: float, engines: list[str], root: Path = WORK,
              skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every step at one scale (data under ``root/scale``) but those in ``skip``; returns the scale's results."""
    plan = PLAN[scale]
    work = root / scale
    work.mkdir(parents=True, exist_ok=True)
    nt, vnt = work / "data.nt", work / "validate-sample.nt"
    res: dict[str, Any] = {"scale": scale, "cap_s": cap}
    log(f"[{scale}] generate")
    res["generate"] = run_child("generate", {"scale": scale, "nt": str(nt), "sources": str(work / "sources"),
                                             "sample": plan["build"], "validate_sample": plan["validate_sample"],
                                             "validate_nt": str(vnt)}, 3600)
    log(f"[{scale}] {res['generate'].get('triples')} triples; build throughput")
    if "build" not in skip:
        res["build"] = run_child("build", {"sources": str(work / "sources"), "out": str(work / "build.ttl")}, 1800)
        _cli_build(scale, plan, work, res)
    if plan["disk"]:
        log(f"[{scale}] bulk load (on-disk store)")
        res["load_disk"] = run_child("load", {"engine": "oxigraph-disk", "nt": str(nt),
                                              "location": str(work / "store")}, 7200)
    log(f"[{scale}] embedded Oxigraph: load/open + catalogue")
    location = str(work / "store") if plan["disk"] else None
    if plan["disk"]:
        res["oxigraph"] = _disk_queries(str(work / "store"), plan.get("query_cap", 120.0), scale)
    else:
        res["oxigraph"] = run_child("queries", {"engine": "oxigraph", "nt": str(nt), "location": location}, 2400)
    if "rdflib" in engines:
        log(f"[{scale}] rdflib: load + catalogue (each query capped at {cap:.0f} s)")
        load_cap = 3 * cap if scale == "L" else 3600
        res["rdflib"] = run_child("queries", {"engine": "rdflib", "nt": str(nt), "cap": cap},
                                  load_cap + _n_queries() * cap)
    if "server" in engines:
        log(f"[{scale}] Oxigraph server: load + catalogue")
        timings: dict[str, Any] = {}
        with oxigraph_server(work / "server-store", nt, timings) as url:
            if url:
                res["server"] = run_child("queries", {"engine": "server", "endpoint": url, "cap": cap},
                                          _n_queries() * cap)
        res.setdefault("server", {}).update(timings)
    if "network" not in skip:
        log(f"[{scale}] network metrics")
        res["network"] = run_child("network", {"engine": "oxigraph", "nt": str(nt), "location": location},
                                   plan.get("network_cap", 900))
    if "validate" not in skip:
        res["validate"] = {}
        for engine, reports in plan["validate"]:
            log(f"[{scale}] validation ({engine}, {reports} reports)")
            path = nt if reports == "all" else vnt
            out = run_child("validate", {"nt": str(path), "engine": engine}, 3600)
            res["validate"][f"{engine}/{reports}"] = {**out, "sample_reports": reports}
    if "export" not in skip:
        _exports(scale, plan, work, nt, res)
    if plan["disk"]:
        shutil.rmtree(work / "store", ignore_errors=True)
    return res


def _disk_queries(location: str, cap: float, scale: str) -> dict[str, Any]:
    """Each catalogue query in its own process on the on-disk store, killed at ``cap`` seconds."""
    from kg.query.catalogue import catalogue

    queries: dict[str, Any] = {}
    opens: list[float] = []
    peak = 0.0
    for q in catalogue():
        out = run_child("query1", {"engine": "oxigraph", "location": location, "slug": q.slug}, cap)
        peak = max(peak, out.get("peak_rss_mib", 0.0))
        if out.get("capped"):
            out["seconds"] = cap
        elif "open_s" in out:
            opens.append(out.pop("open_s"))
        queries[q.slug] = out
        log(f"[{scale}]   {q.slug}: " + (f"> {cap:.0f} s" if out.get("capped") else f"{out.get('seconds', 0):.2f} s"))
    return {"open_s": min(opens) if opens else None, "open_max_s": max(opens) if opens else None,
            "queries": queries, "peak_rss_mib": peak, "per_query_process": True}


def _n_queries() -> int:
    from kg.paths import QUERIES_DIR

    return len(list(QUERIES_DIR.glob("*.rq"))) + 2


def _cli_build(scale: str, plan: dict[str, Any], work: Path, res: dict[str, Any]) -> None:
    count = plan["cli_build"]
    if not count:
        return
    log(f"[{scale}] kg build (CLI, validation included) on {count} reports")
    paths = sorted((work / "sources").glob("*.txt"))[:count]
    kg = Path(sys.executable).with_name("kg")
    t = time.perf_counter()
    done = subprocess.run([str(kg), "build", "--out", str(work / "cli-build.ttl"), *map(str, paths)],
                          capture_output=True, check=False, cwd=ROOT)
    wall = time.perf_counter() - t
    res["cli_build"] = {"reports": len(paths), "wall_s": wall, "reports_per_s": len(paths) / wall,
                        "exit": done.returncode}


def _exports(scale: str, plan: dict[str, Any], work: Path, nt: Path, res: dict[str, Any]) -> None:
    try:
        from kg.rdf.formats import RDF_FORMATS as FORMATS
    except ImportError:
        return
    formats = list(FORMATS) if plan["exports"] == "all" else plan["exports"]
    res["export"] = {}
    for fmt in formats:
        log(f"[{scale}] export {fmt}")
        res["export"][fmt] = run_child("export", {"nt": str(nt), "format": fmt, "out": str(work / f"export-{fmt}")},
                                       900)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import importlib.metadata as md

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    server = subprocess.run([str(OXIGRAPH_BIN), "--version"], capture_output=True, text=True, check=False).stdout \
        if OXIGRAPH_BIN.exists() else "absent"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**20, 1),
            "python": platform.python_version(),
            "os": platform.platform(), "pyoxigraph": md.version("pyoxigraph"), "rdflib": md.version("rdflib"),
            "pyshacl": md.version("pyshacl"), "oxigraph_server": server.strip(),
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def startup(runs: int = 5) -> dict[str, Any]:
    """``kg query campaign-overview`` on the seed graph, process start to printed table, ``runs`` times."""
    kg = Path(sys.executable).with_name("kg")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(kg), "query", "campaign-overview"], capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return {"runs": runs, "mean_s": sum(times) / runs, "min_s": min(times), "max_s": max(times)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write ``{scale}.json``, ``results.md`` and ``results.png``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="S,M", help="comma-separated: tiny, S, M, L")
    parser.add_argument("--cap", type=float, default=30.0, help="per-query cap for rdflib and the server (s)")
    parser.add_argument("--engines", default="rdflib,server", help="besides embedded Oxigraph: rdflib, server")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--work", type=Path, default=WORK, help="where the generated data goes (git-ignored)")
    parser.add_argument("--startup-runs", type=int, default=5, help="runs of kg query to time start-up")
    parser.add_argument("--skip", default="", help="steps to leave out: build, network, validate, export")
    parser.add_argument("--merge", action="store_true", help="update an existing {scale}.json instead of replacing it")
    parser.add_argument("--child", nargs=2, metavar=("STEP", "JSON"), help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.child:
        step, raw = opts.child
        print(json.dumps(STEPS[step](json.loads(raw)), ensure_ascii=False))
        return 0
    from benchmarks.report import write_reports
    from kg.files import write_text

    opts.out.mkdir(parents=True, exist_ok=True)
    info = {"machine": machine(), "startup": startup(opts.startup_runs)}
    log(f"kg query start-up: {info['startup']['mean_s']:.2f} s mean")
    for scale in opts.scales.split(","):
        skip = frozenset(s for s in opts.skip.split(",") if s)
        result = run_scale(scale, opts.cap, [e for e in opts.engines.split(",") if e], opts.work, skip)
        result.update(info)
        previous = opts.out / f"{scale}.json"
        if opts.merge and previous.exists():
            result = {**json.loads(previous.read_text()), **result, "merged_from_earlier_run": sorted(skip)}
        write_text(opts.out / f"{scale}.json", json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        write_reports(opts.out)
        log(f"[{scale}] done: {opts.out / (scale + '.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
