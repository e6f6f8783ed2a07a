"""What ``kg serve``'s server, its query process and the query children send each other, and how."""

from __future__ import annotations

import pickle
import socket
import struct
from dataclasses import dataclass
from typing import Any

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
