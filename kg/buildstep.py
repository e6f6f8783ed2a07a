"""The build step of ``kg build``, ``kg add`` and ``kg run``: build, validate, write the graph and its ready store.

The last build's record (:mod:`kg.build.cache`) saves work: a report whose text, ``.meta.json`` and file are
unchanged is not built again, and a graph that comes out the same bytes is not validated again nor given a new ready
store (:mod:`kg.query.ready`). The store is made beside the validation, by a maker of lower priority: it takes the
CPU time the validation leaves (about a core of two, while the validation is in its parse and its Python passes) and
not the time the validation asks for, which a maker of the same priority took on a loaded machine
(benchmarks/README.md, "`kg build` at M").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.built import Built, Progress

if TYPE_CHECKING:
    from kg.build.cache import Record
    from kg.validate.report import ValidationReport

__all__ = ["build_and_validate"]


def build_and_validate(sources: Sequence[Path], target: Path, *, strict: bool = False, engine: str = "sparql",
                       progress: Progress | None = None, reference: Path | None = None,
                       warn: Callable[[str], None] | None = None, add: bool = False) -> Built:
    """Build ``sources`` (files and folders) into a graph, validate its bytes, and write them to ``target``.

    The graph is written even when it does not conform (nothing extracted is lost), unless ``strict``; ``strict``
    also turns the build's warnings (each passed to ``warn`` first) into an error before anything is written.
    ``reference`` is a folder of the user's own reference tables (see :func:`kg.ingest.reference.load_reference`).
    With ``add``, the reports ``target`` was built from are kept as they were built (``kg add``, see
    :mod:`kg.build.cache`) and only ``sources`` are built: the same graph as a build of them all.
    """
    from kg.build.assemble import use_reference
    from kg.build.cache import load_entries, reusable, save_entries
    from kg.build.corpus import build_graph
    from kg.errors import InputError
    from kg.files import check_writable, write_bytes
    from kg.query.ready import making_from_bytes

    check_writable(target)  # before the work, not after it
    user_files = use_reference(reference).user_files
    record = None if add else reusable(target, user_files)  # what the last build made, when it still holds
    previous = load_entries(target, user_files) if add else ()
    reuse = {entry.key: entry for entry in record.entries} if record is not None else None
    result = build_graph(list(sources), progress, reference=reference, previous=previous, reuse=reuse)
    for warning in result.warnings:
        if warn is not None:
            warn(f"kg: warning: {warning}")
    if strict and result.warnings:
        raise InputError(f"{len(result.warnings)} warning(s) and --strict: {target} was not written")
    with making_from_bytes(target, result.data, background=True) as store_made:  # kept when it holds these bytes
        report = _validated(result.data, engine, record)
        written = report.conforms or not strict
        if written:  # else leaving the block stops the maker and removes what it made
            write_bytes(target, result.data)
            save_entries(target, result, report, engine)
            _finish_store(store_made, warn)
    return Built(result, report, target, written)


def _validated(data: bytes, engine: str, record: Record | None) -> ValidationReport:
    """The validation report of ``data``: the last build's when it validated the same bytes with the same engine
    (the record's key covers the shapes, the ontology, the queries and govkg's code), else made now."""
    import hashlib

    from kg.validate.run import validate_turtle

    if (record is not None and record.report is not None and record.engine == engine
            and record.graph == hashlib.sha256(data).hexdigest()):
        return record.report
    return validate_turtle(data, engine=engine)  # the bytes about to be written, no rdflib graph


def _finish_store(store_made: Callable[[], Path | None], warn: Callable[[str], None] | None) -> None:
    """Name the graph's ready store, made beside the validation (``kg query`` opens it instead of the Turtle)."""
    from kg.errors import KGError

    try:
        store_made()
    except KGError as exc:  # the graph is written; kg query makes the store when it needs it
        if warn is not None:
            warn(f"kg: warning: the graph's ready store was not made: {exc}")
