"""Export: the ontology and the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML dumps, plus VoID/DCAT."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from kg.publish.dataset import NAMED_GRAPHS, union
from kg.publish.void import Dump, describe_dataset
from kg.rdf.formats import RDF_FORMATS, RdfFormat
from kg.rdf.write import to_turtle

__all__ = ["ExportResult", "export", "serialize"]


@dataclass(frozen=True)
class ExportResult:
    """Every file an export wrote: the dumps and the VoID/DCAT description."""

    dumps: tuple[Dump, ...]
    description: Path


def serialize(dataset: Dataset, fmt: RdfFormat, everything: Graph | None = None) -> bytes:
    """One dump as bytes: the named graphs for N-Quads and TriG, their union for the other formats.

    ``everything`` is ``union(dataset)`` when the caller has it already (it is the costly part at scale).
    """
    from kg.rdf.write import to_rdfxml, to_sorted_lines, to_trig

    if fmt.name == "nquads":
        return to_sorted_lines(dataset, "nquads")
    if fmt.name == "trig":
        return to_trig(dataset, NAMED_GRAPHS)
    graph = everything if everything is not None else union(dataset)
    if fmt.name == "ntriples":
        return to_sorted_lines(graph, "nt")
    if fmt.name == "jsonld":
        from kg.rdf.jsonld import load_context, to_jsonld

        return to_jsonld(graph, load_context()).encode("utf-8")
    if fmt.name == "rdfxml":
        return to_rdfxml(graph)
    return graph.serialize(format="turtle", encoding="utf-8")


def export(
    dataset: Dataset,
    out_dir: Path,
    formats: Iterable[str] | None = None,
    *,
    base: str = "http://127.0.0.1:8000",
    endpoint: str | None = None,
) -> ExportResult:
    """Write one dump per format to ``out_dir`` (atomically), then ``void.ttl`` describing the dataset and dumps."""
    from kg.errors import InputError
    from kg.files import write_bytes, write_text

    names = list(formats) if formats else list(RDF_FORMATS)
    unknown = [n for n in names if n not in RDF_FORMATS]
    if unknown:
        raise InputError(f"unknown export format {unknown[0]!r}; choose from {', '.join(RDF_FORMATS)}")
    dumps = []
    everything = union(dataset)  # once: every format but N-Quads and TriG writes it, and VoID counts it
    for name in sorted(set(names), key=list(RDF_FORMATS).index):
        fmt = RDF_FORMATS[name]
        data = serialize(dataset, fmt, everything)
        path = out_dir / f"kg.{fmt.suffix}"
        write_bytes(path, data)
        dumps.append(Dump(path, fmt, len(data), hashlib.sha256(data).hexdigest()))
    description = out_dir / "void.ttl"
    graph = describe_dataset(dataset, dumps, base=base, endpoint=endpoint, everything=everything)
    write_text(description, to_turtle(graph))
    return ExportResult(tuple(dumps), description)
