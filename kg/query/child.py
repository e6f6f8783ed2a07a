"""One forked child of ``kg serve``'s query process: its limits, then the query, then the answer.

Forked by :mod:`kg.query.zygote`, which holds the store. Before it reads a query the child dies with the query
process (``PR_SET_PDEATHSIG``, which dies with the server the same way), gets an address-space limit
(``RLIMIT_AS``: its size at the fork plus the memory limit), a CPU-time limit one second over the wall-clock one (a
backstop: the pool kills it at its deadline), and its lane's niceness (the lane of long queries runs at 19, so cheap
queries get the CPU first). It then parses, checks and runs the query and sends the answer on its socket.
"""

from __future__ import annotations

import functools
import os
import resource
import signal
import socket
import sys
from typing import Any

from kg.errors import KGError
from kg.query.messages import Limits, send_msg

__all__ = ["child_main", "die_with_parent"]


def die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this process (SIGKILL) when ``parent`` dies, even by SIGKILL."""
    if sys.platform != "linux":
        return
    _prctl()(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


@functools.cache
def _prctl() -> Any:
    """libc's ``prctl``, looked up once in the query process (a lookup in each child cost it 4–8 ms)."""
    import ctypes

    return ctypes.CDLL(None, use_errno=True).prctl


def _answer(store: Any, job: tuple[Any, ...]) -> tuple[Any, ...]:
    from kg.query.answer import run_query
    from kg.query.catalogue import find_query

    kind, limit = job[0], job[-1]
    if kind == "sparql":
        result = store.query(job[1], limit=limit)
    else:
        _, slug, params, lang, _ = job
        result = run_query(store, find_query(slug), params, lang=lang, limit=limit)
    graph = result.graph.serialize(format="nt", encoding="utf-8") if result.graph is not None else None
    return ("ok", result.form, result.variables, result.rows, graph, result.boolean, result.truncated)


def _vm_size() -> int:
    """This process's address-space size in bytes (``VmSize``), 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:  # noqa: PTH123
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def child_main(store: Any, job: tuple[Any, ...], limits: Limits, out: socket.socket, zygote: int) -> None:
    """In the forked child: limits first, then the query; one answer on ``out``; never returns."""
    code = 0
    try:
        die_with_parent(zygote)
        # the answer goes back on ``out``; what Rust prints when an allocation fails at the limit is not for the log
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
        size = _vm_size()
        if size and limits.memory_mib > 0:
            cap = size + limits.memory_mib * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        cpu = int(limits.seconds) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        if limits.nice:
            os.nice(limits.nice)
        try:
            reply = _answer(store, job)
        except MemoryError:
            reply = ("error", "MemoryLimit", f"the query needed more than {limits.memory_mib} MiB and was stopped")
        except RecursionError:
            reply = ("error", "QueryError", "the query is nested too deeply")
        except KGError as exc:
            reply = ("error", type(exc).__name__, str(exc))
        except Exception as exc:  # reported to the server, which answers with it
            reply = ("error", "StoreError", f"{type(exc).__name__}: {exc}")
        send_msg(out, reply)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
