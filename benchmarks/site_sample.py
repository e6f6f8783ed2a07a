"""CPU seconds per site document: read a graph, then make the page and four RDF files of N documents spread evenly
over the sorted documents (bytes only, nothing written). Runs on main's code too (``graph``: an rdflib graph, as
``kg site`` read it before it read a store), for a ratio on the same documents::

    PYTHONPATH=<checkout> .venv/bin/python benchmarks/site_sample.py store /work/bench/M/kg.ttl 1000
    PYTHONPATH=<main>     .venv/bin/python benchmarks/site_sample.py graph /work/bench/S/kg.ttl 1000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any


def main(mode: str, data: Path, count: int) -> str:
    """One line: CPU and wall seconds to read the graph, and per document over ``count`` of them."""
    from kg.limits import size_limit
    from kg.publish.pages import resource_page
    from kg.publish.site import DOCUMENT_FORMATS, Site

    cpu, wall = time.process_time(), time.time()
    with size_limit(1 << 31):
        if mode == "store":
            from kg.publish.load import load_store

            site = Site(load_store([data]))
        else:
            from kg.publish.load import load_graph

            graph: Any = load_graph([data])
            site = Site(graph)
    read_cpu, read_wall = time.process_time() - cpu, time.time() - wall
    documents = site.documents()
    sample = documents[:: max(1, len(documents) // count)][:count]
    cpu, wall = time.process_time(), time.time()
    size = 0
    for path in sample:
        size += len(resource_page(site, path).encode("utf-8"))
        size += sum(len(site.rdf_document(path, fmt.suffix)) for fmt in DOCUMENT_FORMATS)
    spent, spent_wall = time.process_time() - cpu, time.time() - wall
    return (f"{mode} {data}: read {read_cpu:.1f} CPU-s ({read_wall:.1f} s wall), {len(documents)} documents; "
            f"{len(sample)} documents {spent:.2f} CPU-s = {1000 * spent / len(sample):.2f} ms each "
            f"({spent_wall:.1f} s wall), {size} bytes")


if __name__ == "__main__":
    print(main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])), flush=True)
