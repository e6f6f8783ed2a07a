"""Export: the ontology and the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML dumps, plus VoID/DCAT.

The dataset is read once into sorted N-Triples lines with the named graph of each (:func:`load_split`); every dump
is written from them (:mod:`kg.publish.dumps`) straight to its file, and the VoID counts are taken from them.

The dumps and ``void.ttl`` (which gives each dump's size and SHA-256) are one set: they are written into a staging
folder beside the output folder and swapped in with it by one atomic exchange (:func:`kg.folders.staged_folder`), so
a reader, or a run killed at any moment, sees the old set or the new one and the checksums always match. Other
files in the output folder are carried over as hard links.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Dataset

from kg.publish.dataset import Split, split_dataset
from kg.publish.void import Dump, describe_dataset, statistics_beside
from kg.rdf.formats import RDF_FORMATS, RdfFormat
from kg.rdf.write import to_turtle

__all__ = ["ExportResult", "export", "serialize"]


@dataclass(frozen=True)
class ExportResult:
    """Every file an export wrote: the dumps and the VoID/DCAT description."""

    dumps: tuple[Dump, ...]
    description: Path


def serialize(dataset: Split | Dataset, fmt: RdfFormat) -> bytes:
    """One dump as bytes: the named graphs for N-Quads and TriG, their union for the other formats."""
    from kg.publish.dumps import write_to

    out = io.BytesIO()
    write_to(dataset if isinstance(dataset, Split) else split_dataset(dataset), fmt, out.write)
    return out.getvalue()


def export(
    dataset: Split | Dataset,
    out_dir: Path,
    formats: Iterable[str] | None = None,
    *,
    base: str = "http://127.0.0.1:8000",
    endpoint: str | None = None,
) -> ExportResult:
    """Write one dump per format and ``void.ttl`` describing the dataset and dumps to ``out_dir``, as one set."""
    from kg.errors import InputError
    from kg.files import write_text
    from kg.folders import staged_folder
    from kg.publish.dumps import write_dump

    names = list(formats) if formats else list(RDF_FORMATS)
    unknown = [n for n in names if n not in RDF_FORMATS]
    if unknown:
        raise InputError(f"unknown export format {unknown[0]!r}; choose from {', '.join(RDF_FORMATS)}")
    split = dataset if isinstance(dataset, Split) else split_dataset(dataset)
    formats_ = [RDF_FORMATS[name] for name in sorted(set(names), key=list(RDF_FORMATS).index)]
    ours = {f"kg.{fmt.suffix}" for fmt in formats_} | {_VOID}
    with staged_folder(out_dir) as stage, statistics_beside(split) as statistics:
        _carry_over(out_dir, stage, ours)
        dumps = [write_dump(split, fmt, stage / f"kg.{fmt.suffix}") for fmt in formats_]
        graph = describe_dataset(split, dumps, base=base, endpoint=endpoint, stats=statistics())
        write_text(stage / _VOID, to_turtle(graph))
    return ExportResult(tuple(replace(d, path=out_dir / d.path.name) for d in dumps), out_dir / _VOID)


_VOID = "void.ttl"


def _carry_over(old: Path, new: Path, ours: set[str]) -> None:
    """Hard-link (or copy) into ``new`` what ``old`` holds besides the files this export writes."""
    import os
    import shutil

    def link(source: str, target: str) -> None:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    if not old.is_dir():
        return
    for entry in old.iterdir():
        if entry.name in ours or (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, new / entry.name, symlinks=True, copy_function=link)
        elif entry.is_symlink():
            (new / entry.name).symlink_to(entry.readlink())
        else:
            link(str(entry), str(new / entry.name))
