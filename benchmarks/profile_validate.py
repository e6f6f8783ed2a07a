"""Where validation's CPU seconds go: each step of ``kg validate``'s work on one graph, one after another, timed.

The steps of ``kg.validate.run._validate`` (parsing, the store, the Python passes, every compiled shape constraint
and every violation query) run without threads in one process, each with ``time.process_time`` around it (CPU
seconds are steadier than wall time on a shared machine). The offset queries are timed on the store too, though
validation answers them in the offset pass. Prints the slowest steps and the totals; ``--json`` keeps every step.

    python benchmarks/profile_validate.py benchmarks/work/perf-M/data/kg.ttl --top 30
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def profile(data: bytes) -> dict[str, tuple[float, float]]:
    """Each step's (CPU s, wall s), in the order they ran."""
    import pyoxigraph as ox

    from kg.validate.offsets import offset_rows
    from kg.validate.run import _oxigraph_store
    from kg.validate.scripts import label_literals, script_results
    from kg.validate.shacl import _check_rows, compile_shapes
    from kg.validate.shapes import ontology_quads, rule_id, shapes_graph
    from kg.validate.violations import query_results, violation_queries

    steps: dict[str, tuple[float, float]] = {}

    def step(name: str, work: Callable[[], T]) -> T:
        cpu, wall = time.process_time(), time.perf_counter()
        out = work()
        steps[name] = (time.process_time() - cpu, time.perf_counter() - wall)
        return out

    ontology_quads(), shapes_graph()  # read once, as in a long-lived process
    quads = step("parse", lambda: list(ox.parse(data, format=ox.RdfFormat.TURTLE)))
    store = step("store (data, ontology, typed literals)", lambda: _oxigraph_store(quads, shacl=True))
    literals = step("label literals", lambda: label_literals(None, quads))
    step("offset pass", lambda: offset_rows(chain(quads, ontology_quads())))
    step("label scripts", lambda: script_results(literals, "en"))
    plan = step("compile the shapes", lambda: compile_shapes(shapes_graph(), store))
    for i, update in enumerate(plan.updates):
        step(f"focus update {i}", lambda: store.update(update))  # noqa: B023 (called at once)
    for i, check in enumerate(plan.checks):
        step(f"check {i} {rule_id(check.shape)} {check.path or ''}", lambda: _check_rows(store, check))  # noqa: B023
    for query in violation_queries():
        step(f"query {query.slug}", lambda: query_results(store, query, "en"))  # noqa: B023
    return steps


def _total(steps: dict[str, tuple[float, float]], prefix: str) -> float:
    return sum(cpu for name, (cpu, _) in steps.items() if name.startswith(prefix))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", type=Path, help="a Turtle file, e.g. benchmarks/work/perf-M/data/kg.ttl")
    parser.add_argument("--top", type=int, default=25, help="how many of the slowest steps to print")
    parser.add_argument("--json", type=Path, help="write every step's (CPU s, wall s) here")
    args = parser.parse_args(argv)
    steps = profile(args.graph.read_bytes())
    for name, (cpu, wall) in sorted(steps.items(), key=lambda kv: -kv[1][0])[:args.top]:
        print(f"{cpu:7.2f} {wall:7.2f}  {name}")
    sums: dict[str, Any] = {k: round(_total(steps, p), 2) for k, p in
                            (("focus updates", "focus update"), ("checks", "check "), ("queries", "query "))}
    print(f"total {_total(steps, ''):.2f} CPU-s;", ", ".join(f"{k} {v}" for k, v in sums.items()))
    if args.json:
        args.json.write_text(json.dumps(steps, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
