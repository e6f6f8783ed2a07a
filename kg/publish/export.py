"""Export: the ontology and the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML dumps, plus VoID/DCAT.

The dataset is read once into sorted N-Triples lines with the named graph of each (:func:`load_split`); every dump
is written from them (:mod:`kg.publish.dumps`) straight to its file, and the VoID counts are taken from them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from kg.publish.dataset import Split, split_dataset
from kg.publish.void import Dump, describe_dataset
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
    """Write one dump per format to ``out_dir`` (atomically), then ``void.ttl`` describing the dataset and dumps."""
    from kg.errors import InputError
    from kg.files import write_text
    from kg.publish.dumps import write_dump

    names = list(formats) if formats else list(RDF_FORMATS)
    unknown = [n for n in names if n not in RDF_FORMATS]
    if unknown:
        raise InputError(f"unknown export format {unknown[0]!r}; choose from {', '.join(RDF_FORMATS)}")
    split = dataset if isinstance(dataset, Split) else split_dataset(dataset)
    dumps = []
    for name in sorted(set(names), key=list(RDF_FORMATS).index):
        fmt = RDF_FORMATS[name]
        dumps.append(write_dump(split, fmt, out_dir / f"kg.{fmt.suffix}"))
    description = out_dir / "void.ttl"
    graph = describe_dataset(split, dumps, base=base, endpoint=endpoint)
    write_text(description, to_turtle(graph))
    return ExportResult(tuple(dumps), description)
