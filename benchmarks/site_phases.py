"""Where a ``kg site`` run's wall time goes: the command run as from the shell, with a line per phase of the parent
(reading the graph, the document list, warming, the workers, ``syncfs``, the swap) and per slice of a worker (its
wall and CPU time, its minor page faults, its user and system time so far), appended to LOG::

    cd WORKSPACE && PYTHONPATH=<checkout> /usr/bin/time -v python <checkout>/benchmarks/site_phases.py LOG site --out s

Everything after LOG is ``kg``'s arguments. The wrappers cost a few function calls a slice; the files are the same.
"""

from __future__ import annotations

import atexit
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

T0 = time.perf_counter()


def main(log_path: str, argv: list[str]) -> None:
    """Wrap the phases, then run ``kg`` with ``argv``."""
    import kg.folders as folders
    import kg.publish.load as load
    import kg.publish.site as site
    import kg.publish.staticsite as staticsite
    from kg.cli import main as kg_main

    log = Path(log_path).open("a", buffering=1)  # noqa: SIM115 (open until the process ends)

    def timed(owner: Any, name: str) -> None:
        inner: Callable[..., Any] = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                log.write(f"{os.getpid()} {name} start={wall - T0:.2f} wall={time.perf_counter() - wall:.2f} "
                          f"cpu={time.process_time() - cpu:.2f}\n")

        setattr(owner, name, wrapper)

    for owner, name in ((load, "load_store"), (folders, "_sync"), (folders, "_swap"), (site.Site, "__init__"),
                        (site.Site, "warm"), (staticsite, "_drain")):
        timed(owner, name)
    slice_of = staticsite._write_slice

    def one_slice(bounds: tuple[int, int]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        done = slice_of(bounds)
        use = resource.getrusage(resource.RUSAGE_SELF)
        log.write(f"{os.getpid()} slice {bounds[0]} start={wall - T0:.2f} wall={time.perf_counter() - wall:.3f} "
                  f"cpu={time.process_time() - cpu:.3f} minflt={use.ru_minflt} user={use.ru_utime:.1f} "
                  f"sys={use.ru_stime:.1f}\n")
        return done

    one_slice.__module__, one_slice.__qualname__ = staticsite.__name__, "_write_slice"  # pickled by that name
    staticsite._write_slice = one_slice
    atexit.register(lambda: log.write(f"{os.getpid()} END at={time.perf_counter() - T0:.2f} "
                                      f"cpu={time.process_time():.2f} load={os.getloadavg()}\n"))
    log.write(f"{os.getpid()} BEGIN load={os.getloadavg()} {time.strftime('%H:%M:%S', time.gmtime())} UTC\n")
    sys.argv = ["kg", *argv]
    kg_main()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
