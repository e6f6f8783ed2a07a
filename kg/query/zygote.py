"""The query process of ``kg serve``: it holds the store and forks limited query children on request.

Started by :class:`kg.query.process.QueryProcess` as ``python -m kg.query.zygote JOBS REPLIES PARENT`` with an end
of two Unix socket pairs. It reads the :class:`StoreSpec`, loads the store, parses the catalogue once, says
``ready``, and then, for each request, forks a child (:mod:`kg.query.child`) under the limits asked for and hands the
server the child's pid and a socket over which the server sends it jobs and it answers them. The server asks ahead
of time, so a child is ready before a query arrives. The fork shares the loaded store copy-on-write, so a child that
overruns is simply killed: nothing needs reloading. Ctrl-C reaches neither this process nor its children: the server
handles it.
"""

from __future__ import annotations

import gc
import os
import signal
import socket
import sys
from typing import Any

from kg.query.child import child_main, die_with_parent
from kg.query.messages import JOB_PID, StoreSpec, recv_msg

__all__ = ["main", "serve"]


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
    from kg.query.sparql import prepare

    for query in catalogue():
        prepare(query.text, source=query.path)  # rdflib's parse, cached for the engines that use it


def serve(jobs: socket.socket, replies: socket.socket) -> None:
    """The query process's loop: one fork per request until the server closes ``jobs``.

    ``jobs`` (a stream) brings the spec, then (id, limits) pairs; ``replies`` (packets) carries ``R`` (ready), ``E``
    and a message (could not open the store), or ``J``, the request id and the child's pid, with the child's socket
    attached.
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
            job_id, limits = recv_msg(jobs)
        except (EOFError, OSError):
            return
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            ours.close()
            jobs.close()
            replies.close()
            child_main(store, limits, theirs, zygote)
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
