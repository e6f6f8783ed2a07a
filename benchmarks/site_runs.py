"""CPU per site document as ``kg site``'s workers make them: read a graph, make what the workers share
(``Site.warm``, the page template), freeze and pause the collector, then make the page and four RDF files of
RUNS runs of 256 consecutive documents spread over the sorted documents (bytes only, nothing written). Prints the
CPU per document and one SHA-256 of every file's name and bytes, to compare two checkouts' output::

    PYTHONPATH=<checkout> .venv/bin/python benchmarks/site_runs.py /work/benchwork/perf-M/data/kg.ttl 16
    PYTHONPATH=<checkout> .venv/bin/python benchmarks/site_runs.py S/data/kg.ttl 8 /tmp/s.prof   # with cProfile
"""

from __future__ import annotations

import gc
import hashlib
import sys
import time
from pathlib import Path


def main(data: Path, runs: int, profile: str | None = None) -> str:
    """One line: CPU to read the graph, CPU per document over the runs, bytes made and their digest."""
    from kg.limits import size_limit
    from kg.publish.html import template
    from kg.publish.load import load_store
    from kg.publish.site import Site
    from kg.publish.staticsite import document_files

    cpu = time.process_time()
    with size_limit(1 << 31):
        site = Site(load_store([data]))
    documents = site.documents()
    site.warm()
    template("resource.html")
    gc.collect()
    gc.freeze()
    gc.disable()
    read = time.process_time() - cpu
    step = len(documents) // runs
    sample = [path for r in range(runs) for path in documents[r * step : r * step + 256]]
    digest, size = hashlib.sha256(), 0

    def work() -> None:
        nonlocal size
        for path in sample:
            for name, made in document_files(site, path):
                digest.update(name.encode())
                digest.update(made)
                size += len(made)

    cpu = time.process_time()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(work)
        profiler.dump_stats(profile)
    else:
        work()
    spent = time.process_time() - cpu
    return (f"read {read:.1f} CPU-s, {len(documents)} documents; {len(sample)} documents {spent:.2f} CPU-s = "
            f"{1000 * spent / len(sample):.3f} ms each; {size} bytes sha256 {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    print(main(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None), flush=True)
