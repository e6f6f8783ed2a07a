"""Load an untrusted RDF file straight into an Oxigraph store, with the checks of :func:`kg.rdf.read.read_quads`.

``read_quads`` hands every triple to Python (a list of a million ``Quad`` objects at a thousand reports), checks
each IRI and literal there, renames blank nodes there and gives them back to the store: most of a load's time. For
Turtle, TriG, N-Triples and N-Quads Oxigraph's own parser already refuses what those checks refuse (relative IRIs,
spaces, ``<>"{}|^`\\``, control characters, lone surrogates, escaped or not) and its ``load``/``bulk_load`` rename
blank nodes apart per call, so here the engine parses the bytes itself. What it does not check is checked first:
the size, strict UTF-8 (Oxigraph skips a comment's bytes unread), ``[``/``(`` nesting and the lengths of literals,
IRIs and lines (:mod:`kg.rdf.bounds`, exactly as the door does). RDF/XML and JSON-LD go
through ``read_quads`` as before (their checks need the text parsed by Python). A file the engine refuses is read
again through ``read_quads``, so the error names the same place in the same words as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.limits import size_limit_now
from kg.rdf.read import MAX_DEPTH, _read_text, rdf_format, read_quads

__all__ = ["load_into"]

_ENGINE_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG"}


def load_into(store: Any, path: Path, *, format: str | None = None, max_bytes: int | None = None,
              max_depth: int = MAX_DEPTH, bulk: bool = False) -> None:
    """Load the RDF file ``path`` into the ``pyoxigraph.Store`` ``store``, refusing what ``read_quads`` refuses.

    ``bulk`` uses the engine's bulk loader (for a new on-disk store; a failure leaves it half-filled, so the
    caller throws it away), else its transactional ``load``. Every refusal is an ``InputError`` with a place.
    """
    import pyoxigraph as ox

    fmt = rdf_format(path, format)
    limit = size_limit_now() if max_bytes is None else max_bytes
    if fmt not in _ENGINE_FORMATS:
        store.extend(read_quads(path, format=format, max_bytes=limit, max_depth=max_depth))
        return
    text = _read_text(path, limit, fmt, max_depth)  # size, bounds, strict UTF-8 (a BOM dropped), as the door reads
    engine_format = getattr(ox.RdfFormat, _ENGINE_FORMATS[fmt])
    try:
        (store.bulk_load if bulk else store.load)(text, format=engine_format)
    except (SyntaxError, ValueError, OSError, MemoryError) as exc:
        read_quads(path, format=format, max_bytes=limit, max_depth=max_depth)  # raises with the usual place
        raise InputError(f"cannot load {fmt}: {exc}", path=path) from exc
