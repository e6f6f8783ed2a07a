"""CPU of the resource page's template alone: make the pages of N documents spread evenly over the sorted documents
once (their labels and links remembered), keep what each page handed to the template, then render those again,
three rounds, ``time.process_time``. Runs on main's code too (it renders through ``render`` there, through
``render_framed`` where that exists), for a ratio on the same documents::

    PYTHONPATH=<checkout> .venv/bin/python benchmarks/site_render.py /work/bench/S/kg.ttl 1000
    PYTHONPATH=<main>     .venv/bin/python benchmarks/site_render.py /work/bench/S/kg.ttl 1000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any


def main(data: Path, count: int) -> str:
    """One line: the whole page and the template's render alone, CPU milliseconds a page."""
    from kg.limits import size_limit
    from kg.publish import pages
    from kg.publish.load import load_store
    from kg.publish.site import Site

    with size_limit(1 << 31):
        site = Site(load_store([data]))
    site.warm()
    documents = site.documents()
    sample = documents[:: max(1, len(documents) // count)][:count]
    name = "render_framed" if hasattr(pages, "render_framed") else "render"
    render = getattr(pages, name)
    kept: list[tuple[str, dict[str, Any]]] = []

    def keep(template: str, /, **context: Any) -> str:
        kept.append((template, context))
        return render(template, **context)  # type: ignore[no-any-return]

    setattr(pages, name, keep)
    for path in sample:
        pages.resource_page(site, path)
    setattr(pages, name, render)
    cpu = time.process_time()
    for path in sample:
        pages.resource_page(site, path)
    whole = time.process_time() - cpu
    rounds = []
    for _ in range(3):
        cpu = time.process_time()
        for template, context in kept:
            render(template, **context)
        rounds.append(time.process_time() - cpu)
    each = ", ".join(f"{1000 * r / len(kept):.3f}" for r in rounds)
    return f"{data}: {len(kept)} pages, the page {1000 * whole / len(kept):.3f} ms, its template alone {each} ms"


if __name__ == "__main__":
    print(main(Path(sys.argv[1]), int(sys.argv[2])), flush=True)
