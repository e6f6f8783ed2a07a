"""Limits of this process: the size of input RDF files and the CPUs it may use (light enough to import at start-up)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

__all__ = ["MAX_BYTES", "MAX_IRI", "MAX_LINE", "MAX_LITERAL", "cpus", "own_output", "size_limit", "size_limit_now"]

MAX_BYTES = 64 * 1024 * 1024
"""Default size limit of one input file (see :func:`size_limit`)."""
MAX_LITERAL = 8 * 1024 * 1024
"""The longest literal an input RDF file may hold, in UTF-8 bytes as written (8 MiB). govkg keeps a report's text in
one literal (its evidence offsets count into it): a report of the genre is 10-100 KB and the tests build one of
1 MiB, so 8 MiB leaves room for any real report while staying half of Oxigraph's 16 MiB buffer for one token. A
longer literal is not a report, and it is what drives a reader's memory up."""
MAX_IRI = 4 * 1024
"""The longest IRI an input RDF file may write (``<...>``, or a prefixed name), in UTF-8 bytes (4 KiB). govkg's own IRIs
are under 300 bytes; browsers, servers and sitemaps stop between 2 and 8 KiB, so a longer one cannot be served."""
MAX_LINE = 16 * 1024 * 1024
"""The longest line of a Turtle, TriG, N-Triples or N-Quads input file, in UTF-8 bytes (16 MiB): one literal at
:data:`MAX_LITERAL` with its subject, predicate and room to spare (govkg writes a report's text, newlines escaped, on
one line). (JSON-LD and RDF/XML are often written on one line:
there only the literal and IRI limits hold.)"""
_LIMIT: ContextVar[int] = ContextVar("kg_max_bytes", default=MAX_BYTES)


def size_limit_now() -> int:
    """The size limit of one input file in force here (:data:`MAX_BYTES` unless :func:`size_limit` raised it)."""
    return _LIMIT.get()


@contextmanager
def size_limit(limit: int) -> Iterator[None]:
    """Within the block, refuse input files over ``limit`` bytes (where a call gives no ``max_bytes`` of its own).

    The 64 MiB default guards against untrusted input; a corpus of a thousand reports is larger, and its
    owner raises the limit (``kg --max-size 1G …``). The limit holds for this thread and context only.

    >>> with size_limit(1 << 30):
    ...     size_limit_now()
    1073741824
    >>> size_limit_now() == MAX_BYTES
    True
    """
    if limit < 1:
        raise ValueError(f"a size limit must be at least 1 byte, not {limit}")
    token = _LIMIT.set(limit)
    try:
        yield
    finally:
        _LIMIT.reset(token)


@contextmanager
def own_output(path: Path) -> Iterator[None]:
    """Read ``path``, govkg's own build output (``data/kg.ttl``), whatever its size: it is not untrusted input.

    Every other check still applies. Files a user names (``--data``) keep the limit in force.
    """
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    with size_limit(max(_LIMIT.get(), size)):
        yield


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
