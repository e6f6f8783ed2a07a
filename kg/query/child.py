"""One forked child of ``kg serve``'s query process: its limits, then queries in turn, each answered.

Forked by :mod:`kg.query.zygote`, which holds the store. Before it reads a query the child dies with the query
process (``PR_SET_PDEATHSIG``, which dies with the server the same way), gets an address-space limit
(``RLIMIT_AS``: its size at the fork plus the memory limit; it stays for the child's life) and its lane's niceness
(the lane of long queries runs at 19, so cheap queries get the CPU first). Then, for each job the server sends, it
arms a CPU-time limit of the job's allowance over what it has used so far (a backstop: the server kills it at the
job's CPU budget or deadline), parses, checks and runs the query, and sends the answer.
"""

from __future__ import annotations

import functools
import math
import os
import resource
import signal
import socket
import sys
from typing import Any

from kg.errors import KGError
from kg.query.messages import Limits, recv_msg, send_msg

__all__ = ["arm_cpu_limit", "child_main", "die_with_parent"]


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


def child_main(store: Any, limits: Limits, sock: socket.socket, zygote: int) -> None:
    """In the forked child: limits first, then jobs in turn from ``sock``, each answered on it, until the server
    closes it or a query ran out of memory; never returns."""
    code = 0
    try:
        die_with_parent(zygote)
        # answers go back on ``sock``; what Rust prints when an allocation fails at the limit is not for the log
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # stopped at its CPU limit (SIGXCPU): no core file
        size = _vm_size()
        if size and limits.memory_mib > 0:
            cap = size + limits.memory_mib * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        if limits.nice:
            os.nice(limits.nice)
        while True:
            try:
                job, cpu = recv_msg(sock)
            except EOFError:
                break
            arm_cpu_limit(cpu)
            reply = _reply(store, job, limits)
            send_msg(sock, reply)
            if reply[:2] == ("error", "MemoryLimit"):
                break  # what the failed allocations left behind is not worth keeping
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def arm_cpu_limit(seconds: float) -> None:
    """Let this process use ``seconds`` more CPU time (rounded up to whole seconds) before the kernel stops it.

    ``RLIMIT_CPU`` counts every second used since the fork, so a child that answers many queries moves its soft
    limit on before each one; the hard limit is left alone (an unprivileged process cannot raise it again). Past the
    soft limit the kernel sends SIGXCPU, which ends the process.
    """
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = max(math.ceil(usage.ru_utime + usage.ru_stime + seconds), 1)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _reply(store: Any, job: tuple[Any, ...], limits: Limits) -> tuple[Any, ...]:
    try:
        return _answer(store, job)
    except MemoryError:
        return ("error", "MemoryLimit", f"the query needed more than {limits.memory_mib} MiB and was stopped")
    except RecursionError:
        return ("error", "QueryError", "the query is nested too deeply")
    except KGError as exc:
        return ("error", type(exc).__name__, str(exc))
    except Exception as exc:  # reported to the server, which answers with it
        return ("error", "StoreError", f"{type(exc).__name__}: {exc}")
