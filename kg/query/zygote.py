"""The query process of ``kg serve``: it holds the store and forks one limited child per query.

Started by :class:`kg.query.pool.QueryPool` as ``python -m kg.query.zygote JOBS REPLIES PARENT`` with an end of
two Unix socket pairs. It reads the :class:`StoreSpec`, loads the store, parses the catalogue once, says ``ready``,
and then, for each job, forks a child and hands the pool the child's pid and a socket that carries the child's one
answer. The fork shares the loaded store copy-on-write, so a query starts in a few milliseconds and a child that
overruns is simply killed: nothing needs reloading.

Each child, before it reads the query: dies with this process (``PR_SET_PDEATHSIG``, which dies with the server the
same way), gets an address-space limit (``RLIMIT_AS``: its size at the fork plus the memory limit), a CPU-time
limit one second over the wall-clock one (a backstop: the pool kills it at its deadline), and its lane's niceness
(the lane of long queries runs at 19, so cheap queries get the CPU first). It then parses, checks and runs the
query and sends the answer. Ctrl-C reaches neither this process nor its children: the server handles it.
"""

from __future__ import annotations

import functools
import gc
import os
import pickle
import resource
import signal
import socket
import struct
import sys
from dataclasses import dataclass
from typing import Any

from kg.errors import KGError

__all__ = ["JOB_PID", "Limits", "StoreSpec", "recv_msg", "send_msg"]

_HEADER = struct.Struct("!Q")
JOB_PID = struct.Struct("!QQ")  # job id, child pid


@dataclass(frozen=True)
class StoreSpec:
    """What the query process loads: N-Triples bytes into embedded Oxigraph, or a remote endpoint to forward to."""

    ntriples: bytes = b""
    endpoint: str | None = None
    graph: str | None = None


@dataclass(frozen=True)
class Limits:
    """One child's limits: wall-clock seconds (enforced by the pool), memory over the store (MiB), niceness."""

    seconds: float
    memory_mib: int
    nice: int = 0


def send_msg(sock: socket.socket, obj: Any) -> None:
    """Send ``obj`` pickled, after its length."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(data)) + data)


def recv_msg(sock: socket.socket) -> Any:
    """One message sent by :func:`send_msg`; EOFError when the other end closed first."""
    (size,) = _HEADER.unpack(_recv_exactly(sock, _HEADER.size))
    return pickle.loads(_recv_exactly(sock, size))  # noqa: S301 (our own processes, over a private socket pair)


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed the socket")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


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


def _open(spec: StoreSpec) -> Any:
    from kg.query.endpoint import EndpointStore
    from kg.query.local import OxigraphStore

    if spec.endpoint:
        return EndpointStore(spec.endpoint, graph=spec.graph)
    store = OxigraphStore()
    if spec.ntriples:
        import pyoxigraph as ox

        store.store.load(spec.ntriples, format=ox.RdfFormat.N_TRIPLES)
    return store


def _warm() -> None:
    """Import what a query needs and parse the catalogue once, so every child starts with it (copy-on-write)."""
    from kg.query import answer, results  # noqa: F401
    from kg.query.catalogue import catalogue

    for query in catalogue():
        query.prepared()


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


def _child(store: Any, job: tuple[Any, ...], limits: Limits, out: socket.socket, zygote: int) -> None:
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


def serve(jobs: socket.socket, replies: socket.socket) -> None:
    """The query process's loop: one fork per job until the server closes ``jobs``.

    ``jobs`` (a stream) brings the spec, then (id, job, limits) triples; ``replies`` (packets) carries ``R`` (ready),
    ``E`` and a message (could not open the store), or ``J``, the job id and the child's pid, with the child's
    answer socket attached.
    """
    spec: StoreSpec = recv_msg(jobs)
    try:
        store = _open(spec)
        _warm()
    except Exception as exc:  # reported to the server, which raises it as a StoreError
        replies.send(b"E" + f"cannot open the store: {type(exc).__name__}: {exc}".encode()[:4000])
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel: no zombies
    gc.collect()
    gc.freeze()  # what is loaded now is never touched by the collector, so children share its pages
    replies.send(b"R")
    zygote = os.getpid()
    while True:
        try:
            job_id, job, limits = recv_msg(jobs)
        except (EOFError, OSError):
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            ours.close()
            jobs.close()
            replies.close()
            _child(store, job, limits, theirs, zygote)
        theirs.close()
        try:
            socket.send_fds(replies, [b"J" + JOB_PID.pack(job_id, pid)], [ours.fileno()])
        except OSError:
            return
        finally:
            ours.close()


def main(argv: list[str]) -> int:
    """``python -m kg.query.zygote JOBS REPLIES PARENT``: serve the sockets JOBS and REPLIES for process PARENT."""
    jobs, replies, parent = int(argv[0]), int(argv[1]), int(argv[2])
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    serve(socket.socket(fileno=jobs), socket.socket(fileno=replies))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
