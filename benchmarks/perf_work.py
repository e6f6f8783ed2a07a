"""The work of one row of ``benchmarks/perf.py`` done in a child process: the raw engine's side, and govkg's library
calls where a user has no command for the step.

``python benchmarks/perf_work.py TASK JSON`` runs one task and exits; the parent times it from process start to exit
and takes its peak memory from ``os.wait4`` (``benchmarks.run.measure``). The raw engine is pyoxigraph used
directly, with none of govkg's code on the path of the work (``build`` and ``run`` are the exceptions: the raw side
of a build is govkg's own ``kg.build.corpus.build_graph``, the floor under ``kg build``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["FORMATS", "TASKS", "bound_text", "own_lang"]

#: govkg's format names -> pyoxigraph's (every one has a writer in pyoxigraph 0.5, JSON-LD included)
FORMATS = {"ntriples": "N_TRIPLES", "nquads": "N_QUADS", "turtle": "TURTLE", "trig": "TRIG", "jsonld": "JSON_LD",
           "rdfxml": "RDF_XML"}
QUADS = {"nquads", "trig"}


def _format_of(path: str) -> Any:
    import pyoxigraph as ox

    return ox.RdfFormat.N_TRIPLES if path.endswith(".nt") else ox.RdfFormat.TURTLE


def _loaded(paths: list[str]) -> Any:
    """A fresh in-memory store with every file bulk-loaded into its default graph."""
    import pyoxigraph as ox

    store = ox.Store()
    for path in paths:
        store.bulk_load(path=path, format=_format_of(path))
    return store


def raw_load(args: dict[str, Any]) -> dict[str, Any]:
    """bulk_load the graph, then ``ASK {}``: what loading costs the engine before a query."""
    store = _loaded([args["data"]])
    return {"triples": len(store), "ask": bool(store.query("ASK { ?s ?p ?o }"))}


def raw_dump(args: dict[str, Any]) -> dict[str, Any]:
    """bulk_load the graph and the ontology, dump them in one format to a file."""
    import pyoxigraph as ox

    store = _loaded([args["data"], args["ontology"]])
    fmt = getattr(ox.RdfFormat, FORMATS[args["format"]])
    out = Path(args["out"])
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        if args["format"] in QUADS:
            store.dump(f, format=fmt)
        else:
            store.dump(f, format=fmt, from_graph=ox.DefaultGraph())
    return {"bytes": out.stat().st_size}


def _answer(store: Any, text: str) -> int:
    """Run one query text on the store and read every row (or triple); the number read (0 or 1 for an ASK)."""
    result = store.query(text)
    if type(result).__name__ == "QueryBoolean":
        return int(bool(result))
    return sum(1 for _ in result)


def raw_query(args: dict[str, Any]) -> dict[str, Any]:
    """bulk_load the graph and answer one query text (a catalogue query with its parameters and label language bound
    as govkg binds them: a ``VALUES`` row first in the WHERE group, written by :func:`bound_text`)."""
    store = _loaded([args["data"]])
    return {"rows": _answer(store, args["text"])}


def raw_catalogue(args: dict[str, Any]) -> dict[str, Any]:
    """bulk_load the graph (and the networks' metrics in ``network``, if given) and answer every query text,
    ``jobs`` at once in threads (as govkg does)."""
    network = [str(p) for p in sorted(Path(args["network"]).glob("*-metrics.ttl"))] if args.get("network") else []
    store = _loaded([args["data"], *network])
    with ThreadPoolExecutor(max_workers=args["jobs"]) as pool:
        rows = list(pool.map(lambda text: _answer(store, text), args["texts"]))
    return {"queries": len(rows), "rows": sum(rows)}


def raw_build(args: dict[str, Any]) -> dict[str, Any]:
    """``kg.build.corpus.build_graph`` alone: the reports to Turtle bytes, no validation, nothing written."""
    from kg.build.corpus import build_graph

    result = build_graph([Path(args["sources"])])
    return {"triples": result.triples}


def raw_run(args: dict[str, Any]) -> dict[str, Any]:
    """The least ``kg run`` needs of the engine: ``build_graph``, then its Turtle bulk-loaded into pyoxigraph."""
    import pyoxigraph as ox

    from kg.build.corpus import build_graph

    result = build_graph([Path(args["sources"])])
    store = ox.Store()
    store.bulk_load(result.data, format=ox.RdfFormat.TURTLE)
    return {"triples": len(store)}


def kg_load(args: dict[str, Any]) -> dict[str, Any]:
    """govkg's load before a query: ``kg.query.dataset.open_dataset`` on the graph, then ``ASK {}``."""
    from kg.limits import size_limit
    from kg.query.dataset import open_dataset

    path = Path(args["data"])
    with size_limit(path.stat().st_size + 1), open_dataset([path], engine="oxigraph") as store:
        return {"ask": bool(store.query("ASK { ?s ?p ?o }"))}


def kg_catalogue(args: dict[str, Any]) -> dict[str, Any]:
    """The whole catalogue as ``kg run`` answers it: ``open_dataset`` then ``run_catalogue`` (queries at once)."""
    from kg.limits import size_limit
    from kg.query.answer import default_jobs, run_catalogue
    from kg.query.catalogue import find_query
    from kg.query.dataset import open_dataset

    path = Path(args["data"])
    queries = [find_query(slug) for slug in args["slugs"]]
    rows = 0
    with size_limit(path.stat().st_size + 1), open_dataset([path], engine="oxigraph") as store:
        for _, result in run_catalogue(store, queries, args["params"], jobs=default_jobs()):
            rows += len(result.rows) if result.form == "SELECT" else len(result.graph or ())
    return {"queries": len(queries), "rows": rows}


def kg_run_queries(args: dict[str, Any]) -> dict[str, Any]:
    """``kg run``'s queries stage with the graph read before it: ``benchmarks/run_queries_stage.py``'s work (the
    workspace's graph into memory, the networks' metrics from ``network``, every answer and the workbook in ``out``)."""
    from benchmarks.run_queries_stage import stage

    return stage(Path(args["out"]), Path(args["network"]))


def bound_text(slug: str, params: dict[str, str], lang: str) -> str:
    """The text govkg's embedded store runs for ``slug``: its parameters and ``?lang`` in a VALUES row.

    ``lang`` is the tag govkg binds (:func:`own_lang`), never ``zh`` itself: ``LANGMATCHES(…, "zh")`` takes labels
    of both scripts, so the raw side would pick other labels and rows than ``kg query`` does.
    """
    from rdflib import Literal, URIRef

    from kg.query.catalogue import find_query
    from kg.query.sparql import inject_values

    prepared = find_query(slug).prepared()
    bindings: dict[str, Any] = {k: URIRef(v) if v.startswith(("http://", "https://")) else Literal(v)
                                for k, v in params.items()}
    if "lang" in prepared.variables and "lang" not in bindings:
        bindings["lang"] = Literal(lang)
    return inject_values(prepared, bindings, reparse=False)


def own_lang(data: Path) -> str:
    """The label tag ``kg query`` binds on ``data`` by default (``--lang zh``: the script of most of its reports),
    read from its ready store when it has one (the workspace's, made by its build), else from a bulk load."""
    from kg.query.answer import DEFAULT_LANG, label_lang
    from kg.query.local import OxigraphStore
    from kg.query.ready import POINTER, open_ready, store_home

    home = store_home(data)
    if (home / POINTER).is_file():
        store = open_ready(home, [data], [data.stat().st_size + 1])
    else:
        import pyoxigraph as ox

        store = OxigraphStore()
        store.store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES if data.suffix == ".nt" else
                              ox.RdfFormat.TURTLE)
    with store:
        return label_lang(store, DEFAULT_LANG)


TASKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "raw-load": raw_load, "raw-dump": raw_dump, "raw-query": raw_query, "raw-catalogue": raw_catalogue,
    "raw-build": raw_build, "raw-run": raw_run, "kg-load": kg_load, "kg-catalogue": kg_catalogue,
    "kg-run-queries": kg_run_queries,
}

if __name__ == "__main__":
    print(json.dumps(TASKS[sys.argv[1]](json.loads(sys.argv[2])), ensure_ascii=False))
