"""The static site: every page, RDF document and static file of a :class:`~kg.publish.site.Site`, in a folder.

A new folder is written beside the target and swapped in whole, so a reader sees the old site or the new one, never
a mix, and a failure leaves the old one as it was. When ``kg site`` wrote the target before, only the files whose
bytes changed are written into the new folder; the others are hard links to the old files (no bytes written), and
the files of resources that are gone are simply not carried over. The staging, the swap (one atomic exchange), the
lock that keeps two runs apart and the removal of what killed runs left are :func:`kg.folders.staged_folder`'s.
The resources' files are made by forked workers, each over slices of the sorted documents (:mod:`kg.workers`),
with the same bytes as in one process; one of them first makes the index, class pages, VoID and static files. What
every document needs once is made before the workers are forked (they share it), and the garbage collector is
paused meanwhile (a site makes millions of objects and next to no cycles).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kg.errors import InputError, KGError
from kg.folders import staged_folder
from kg.publish.html import static_files, template
from kg.publish.ontodoc import ontology_files
from kg.publish.pages import class_page, index_page, query_page, resource_page
from kg.publish.site import CLASSES, DOCUMENT_FORMATS, Site
from kg.slugs import short_path

__all__ = ["SITE_MARK", "Written", "document_files", "outputs_beside", "site_files", "write_site"]

#: the file that marks a folder as written by kg site (so it may be replaced or updated)
SITE_MARK = ".govkg-site"
_MARK_TEXT = b"written by kg site; the next run writes only the files that changed and removes the others\n"
_SLICE = 256  # documents a worker makes at a time (the progress advances by slices)
PARALLEL_FROM = 2048
"""Fewer documents than this are made in this process: starting workers would cost more than it saves."""

Progress = Callable[[int, int], None]  # documents done, documents in all
Counts = tuple[int, int, int]  # files, written (new or changed), carried over from the old site (same name)


@dataclass(frozen=True)
class Written:
    """What a run did: the files of the site, how many were written (new or changed), how many were removed."""

    files: int
    written: int
    removed: int


def document_files(site: Site, path: str) -> Iterable[tuple[str, bytes]]:
    """The files of one document: its page and its four RDF documents."""
    name = f"id/{short_path(path)}"
    yield f"{name}.html", resource_page(site, path).encode("utf-8")
    for fmt in DOCUMENT_FORMATS:
        yield f"{name}.{fmt.suffix}", site.rdf_document(path, fmt.suffix)


def _other_files(site: Site, outputs: Sequence[tuple[str, str, str]] = ()) -> Iterable[tuple[str, bytes]]:
    yield "index.html", index_page(site, outputs).encode("utf-8")
    yield "query.html", query_page(site, "query.html").encode("utf-8")
    for slug, *_ in CLASSES:
        yield f"class/{slug}.html", class_page(site, slug).encode("utf-8")
    for name, data in static_files().items():
        yield f"static/{name}", data
    for name, data in ontology_files().items():  # the pages of the site link govkg's terms here
        yield f"ontology/{name}", data
    void = site.void(site.endpoint, "void.ttl")
    yield "void.ttl", void.serialize(format="turtle", encoding="utf-8")
    yield SITE_MARK, _MARK_TEXT


def site_files(site: Site, outputs: Sequence[tuple[str, str, str]] = ()) -> Iterable[tuple[str, bytes]]:
    """Every file of the static site as (relative path, bytes), each byte-stable whatever the hash seed
    (``outputs``: the files beside it the index links, as :func:`~kg.publish.pages.index_page` takes them)."""
    for path in site.documents():
        yield from document_files(site, path)
    yield from _other_files(site, outputs)


def write_site(site: Site, out: Path, *, jobs: int | None = None, progress: Progress | None = None,
               outputs: Sequence[tuple[str, str, str]] = ()) -> Written:
    """Write the static site to ``out``: a new folder swapped in whole; when ``out`` is a site written before, only
    the files whose bytes changed are written (the others linked from it) and stale ones are left out. ``jobs``
    worker processes make the documents (default: one per core for a large site); ``progress`` is told how many
    documents are done; the index links ``outputs`` (:func:`outputs_beside`)."""
    if out.exists() and not (out / SITE_MARK).is_file() and any(out.iterdir()):
        raise InputError("exists and is not a site written by kg site; refusing to replace it", path=out)
    from kg.workers import gc_paused

    previous = out if out.is_dir() and (out / SITE_MARK).is_file() else None
    before = sum(1 for _ in _files_under(out)) if previous else 0
    with staged_folder(out) as staging, gc_paused():  # a site makes millions of objects and next to no cycles
        files, written, carried = _write_all(site, staging, previous, jobs, progress, outputs)
    return Written(files, written, before - carried)


def outputs_beside(site: Path) -> list[tuple[str, str, str]]:
    """The other outputs of ``kg run`` found beside the site folder ``site`` (``out/network/``, ``out/export/``,
    ``out/queries/``, ``out/queries.xlsx``), as ``(group, file name, href from the site's index)``: the networks'
    pages and pictures, the dumps and their VoID, the catalogue's answers. Only files that
    exist are listed, in name order."""
    found = []
    for group, folder, suffixes in (("networks", "network", (".html", ".svg", ".png", ".graphml", ".gexf", ".csv")),
                                    ("dumps", "export", (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".gz")),
                                    ("answers", "queries", (".csv", ".ttl"))):
        beside = site.parent / folder
        if beside.is_dir():
            found += [(group, p.name, f"../{folder}/{quote(p.name)}") for p in sorted(beside.iterdir())
                      if p.is_file() and p.name.endswith(suffixes) and not p.name.startswith(".")]
    if (site.parent / "queries.xlsx").is_file():  # the same answers as one workbook, for spreadsheet users
        found.append(("answers", "queries.xlsx", "../queries.xlsx"))
    return found


def _files_under(folder: Path) -> Iterable[Path]:
    for root, _, names in os.walk(folder):
        for name in names:
            yield Path(root) / name


# -- making the documents, here or in workers -------------------------------------------------------------------

_WORK: tuple[Site, list[str], Path, Path | None, Sequence[tuple[str, str, str]]] | None = None  # forked workers'
_OTHERS = (0, 0)  # the task of the index, class pages, VoID, static and ontology files (no documents)


def _write_all(site: Site, folder: Path, compare: Path | None, jobs: int | None, progress: Progress | None,
               outputs: Sequence[tuple[str, str, str]]) -> Counts:
    """Write every file into ``folder`` (``compare``: a site whose files with the same bytes are linked instead);
    return the files, how many were written, and how many of them ``compare`` has too."""
    global _WORK
    from kg.workers import can_fork, forked_pool

    documents = site.documents()
    site.warm()
    template("resource.html")  # compiled once, here, rather than in each worker
    workers = _worker_count(len(documents), jobs) if can_fork() else 1
    # the other files first, so that one worker makes them while the others start on the documents
    slices = [_OTHERS, *((i, min(i + _SLICE, len(documents))) for i in range(0, len(documents), _SLICE))]
    _WORK = (site, documents, folder, compare, outputs)
    try:
        if workers <= 1:
            return _drain(map(_write_slice, slices), len(documents), progress)
        with forked_pool(workers) as pool:
            return _drain(pool.imap_unordered(_write_slice, slices), len(documents), progress)
    finally:
        _WORK = None


def _drain(results: Iterable[tuple[int, Counts]], total: int, progress: Progress | None) -> Counts:
    files = written = carried = done = 0
    for count, (made, wrote, kept) in results:
        done += count
        files, written, carried = files + made, written + wrote, carried + kept
        if progress is not None:
            progress(done, total)
    return files, written, carried


def _worker_count(documents: int, jobs: int | None) -> int:
    if jobs is not None:
        return max(1, jobs)
    if documents < PARALLEL_FROM:
        return 1
    from kg.limits import cpus

    return cpus()


def _write_slice(bounds: tuple[int, int]) -> tuple[int, Counts]:
    assert _WORK is not None  # noqa: S101 (set before any slice is made)
    site, documents, folder, compare, outputs = _WORK
    if bounds == _OTHERS:
        return 0, _write_files(folder, _other_files(site, outputs), compare)
    files = (f for path in documents[bounds[0] : bounds[1]] for f in document_files(site, path))
    return bounds[1] - bounds[0], _write_files(folder, files, compare)


def _write_files(folder: Path, files: Iterable[tuple[str, bytes]], compare: Path | None) -> Counts:
    """Write ``files`` under ``folder``; a file whose bytes equal the one at the same place in ``compare`` is a hard
    link to it instead (a copy where links cannot be made). An ``OSError`` becomes a ``KGError`` naming the file.
    Returns the files, how many were written, and how many ``compare`` has too. (Plain ``os`` calls on ``str``
    paths: ``Path.write_bytes`` costs 2.5 times their CPU a file, and a site at M has 650,000 files.)"""
    files_seen = written = carried = 0
    made: set[str] = set()
    root, old = os.fspath(folder), os.fspath(compare) if compare is not None else None
    for rel, data in files:
        path = f"{root}/{rel}"
        files_seen += 1
        try:
            parent = path.rpartition("/")[0]
            if parent not in made:
                Path(parent).mkdir(parents=True, exist_ok=True)
                made.add(parent)
            if old is not None:
                same = _same(f"{old}/{rel}", data)
                carried += same is not None
                if same:
                    try:
                        os.link(f"{old}/{rel}", path)
                    except OSError:
                        shutil.copy2(f"{old}/{rel}", path)
                    continue
            _write(path, data)
        except OSError as exc:
            raise KGError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        written += 1
    return files_seen, written, carried


def _write(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _same(path: str, data: bytes) -> bool | None:
    """Whether the file at ``path`` holds ``data``; None when there is no such file."""
    try:
        with Path(path).open("rb") as old:
            if os.fstat(old.fileno()).st_size != len(data):
                return False
            return old.read() == data
    except FileNotFoundError:
        return None
    except OSError:
        return False


