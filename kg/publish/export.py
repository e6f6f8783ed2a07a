"""Export: the ontology and the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML dumps, plus VoID/DCAT."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from kg.namespaces import GOVKG, OA, ORG, RDF, SKOS, bind_prefixes

__all__ = [
    "DATA_GRAPH",
    "EVIDENCE_GRAPH",
    "FORMATS",
    "GRAPH_BASE",
    "ONTOLOGY_GRAPH",
    "REFERENCE_GRAPH",
    "Dump",
    "ExportFormat",
    "ExportResult",
    "export",
    "graph_of",
    "load_context",
    "load_dataset",
    "serialize",
    "split_data",
]

GRAPH_BASE = "https://w3id.org/govkg/graph/"
ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontology")
DATA_GRAPH = URIRef(GRAPH_BASE + "data")
EVIDENCE_GRAPH = URIRef(GRAPH_BASE + "evidence")
REFERENCE_GRAPH = URIRef(GRAPH_BASE + "reference")
NAMED_GRAPHS = (ONTOLOGY_GRAPH, DATA_GRAPH, EVIDENCE_GRAPH, REFERENCE_GRAPH)

# Resources whose curated description comes from their own file in data/reference/, and the predicates those files
# supply; everything else said about them (type, the text's own alternative names, evidence) is data.
_REFERENCE_CLASSES = frozenset({GOVKG.Agency, GOVKG.Jurisdiction, GOVKG.RegulatedProduct, GOVKG.MediaOutlet})
_REFERENCE_PREDICATES = frozenset(
    {SKOS.prefLabel, GOVKG.curated, GOVKG.jurisdiction, GOVKG.administrativeLevel, ORG.subOrganizationOf}
)


@dataclass(frozen=True)
class ExportFormat:
    """A dump format: CLI name, file suffix, media type, rdflib plugin, whether it keeps the named graphs."""

    name: str
    suffix: str
    media_type: str
    rdflib_format: str
    quads: bool
    title_en: str
    title_zh: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("turtle", "ttl", "text/turtle", "turtle", False, "Turtle", "Turtle 格式"),
        ExportFormat("ntriples", "nt", "application/n-triples", "nt", False, "N-Triples", "N-Triples 格式"),
        ExportFormat("nquads", "nq", "application/n-quads", "nquads", True, "N-Quads (named graphs)",
                     "N-Quads 格式（命名图）"),
        ExportFormat("trig", "trig", "application/trig", "trig", True, "TriG (named graphs)", "TriG 格式（命名图）"),
        ExportFormat("jsonld", "jsonld", "application/ld+json", "json-ld", False, "JSON-LD (compacted)",
                     "JSON-LD 格式（压缩）"),
        ExportFormat("rdfxml", "rdf", "application/rdf+xml", "xml", False, "RDF/XML", "RDF/XML 格式"),
    )
}


@dataclass(frozen=True)
class Dump:
    """One written dump file, with what the dataset description says about it."""

    path: Path
    format: ExportFormat
    byte_size: int
    sha256: str


@dataclass(frozen=True)
class ExportResult:
    """Every file an export wrote: the dumps and the VoID/DCAT description."""

    dumps: tuple[Dump, ...]
    description: Path


def load_context() -> dict[str, Any]:
    """The JSON-LD context of ``ontology/context.jsonld`` as a dict (the ``@context`` value), read locally."""
    from kg.errors import InputError
    from kg.paths import CONTEXT_FILE

    try:
        document = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError("no such file", path=CONTEXT_FILE) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=CONTEXT_FILE, line=exc.lineno, column=exc.colno) from exc
    context = document.get("@context") if isinstance(document, dict) else None
    if not isinstance(context, dict):
        raise InputError('expected an object with an "@context" object', path=CONTEXT_FILE, line=1, column=1)
    return context


def graph_of(triple: tuple[Node, Node, Node], evidence_nodes: set[Node], reference_subjects: set[Node],
             reports: set[Node]) -> URIRef:
    """The named graph a data triple belongs to (the split rule; the ontology graph is the ontology file).

    - evidence: every triple about an ``oa:SpecificResource`` or one of its selectors, and a report's ``rdf:value``;
    - reference: the ``skos:prefLabel``, ``govkg:curated``, ``govkg:jurisdiction``, ``govkg:administrativeLevel`` and
      ``org:subOrganizationOf`` of a curated agency, jurisdiction, product or media outlet;
    - data: everything else (types, relations, the text's alternative labels, ``govkg:evidence`` links).

    >>> from kg.namespaces import ID
    >>> str(graph_of((ID["report/x"], RDF.value, ID["y"]), set(), set(), {ID["report/x"]}))
    'https://w3id.org/govkg/graph/evidence'
    """
    s, p, _ = triple
    if s in evidence_nodes or (p == RDF.value and s in reports):
        return EVIDENCE_GRAPH
    if s in reference_subjects and p in _REFERENCE_PREDICATES:
        return REFERENCE_GRAPH
    return DATA_GRAPH


def split_data(data: Graph) -> dict[URIRef, Graph]:
    """Split the built graph into the data, evidence and reference graphs (see :func:`graph_of`)."""
    parts = {iri: Graph(identifier=iri) for iri in (DATA_GRAPH, EVIDENCE_GRAPH, REFERENCE_GRAPH)}
    for iri, triples in _split(data).items():
        for triple in triples:
            parts[iri].add(triple)
    return parts


def _split(data: Graph) -> dict[URIRef, list[tuple[Node, Node, Node]]]:
    """The triples of ``data`` grouped by the named graph :func:`graph_of` puts them in, in no particular order."""
    from rdflib import Literal

    evidence = set(data.subjects(RDF.type, OA.SpecificResource))
    evidence |= {o for s in list(evidence) for o in data.objects(s, OA.hasSelector)}
    reference = {
        s for cls in _REFERENCE_CLASSES for s in data.subjects(RDF.type, cls)
        if (s, GOVKG.curated, Literal(True)) in data
    }
    reports = set(data.subjects(RDF.type, GOVKG.SourceReport))
    parts: dict[URIRef, list[tuple[Node, Node, Node]]] = {iri: [] for iri in (DATA_GRAPH, EVIDENCE_GRAPH,
                                                                               REFERENCE_GRAPH)}
    for triple in data:
        parts[graph_of(triple, evidence, reference, reports)].append(triple)
    return parts


def load_dataset(data: Sequence[Path], ontology: Path | None = None) -> Dataset:
    """The four named graphs: the ontology file, and the data files split by :func:`split_data`.

    Blank nodes get canonical labels and triples are added in sorted order, so every serialisation is byte-stable.
    """
    from kg.paths import ONTOLOGY_FILE

    parts: dict[URIRef, list[tuple[Node, Node, Node]]] = {
        ONTOLOGY_GRAPH: list(_canonical(_parse([ontology or ONTOLOGY_FILE]), "o")),
        **_split(_canonical(_parse(data), "d")),
    }
    dataset = Dataset()
    bind_prefixes(dataset)
    for iri in NAMED_GRAPHS:
        target = dataset.graph(iri)
        target.addN((s, p, o, target) for s, p, o in sorted(parts[iri], key=_triple_key))
    return dataset


def _parse(paths: Sequence[Path]) -> Graph:
    """Every triple of ``paths`` in one graph, each file read through the checked door (:mod:`kg.rdf.read`)."""
    from kg.errors import InputError
    from kg.rdf.read import parse_rdf

    graph: Graph | None = None
    for path in paths:
        if not path.is_file():
            raise InputError("no such file", path=path)
        parsed = parse_rdf(path)
        if graph is None:
            graph = parsed
        else:
            graph += parsed
    return graph if graph is not None else Graph()


def _canonical(graph: Graph, prefix: str) -> Graph:
    """``graph`` with blank nodes renamed to content-derived labels (same input, same labels)."""
    from rdflib.compare import to_canonical_graph

    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return graph
    rename: dict[Node, Node] = {}
    out = Graph()
    for triple in to_canonical_graph(graph):
        out.add(tuple(  # type: ignore[arg-type]
            rename.setdefault(t, BNode(prefix + str(t))) if isinstance(t, BNode) else t for t in triple
        ))
    return out


def _triple_key(triple: tuple[Node, Node, Node]) -> tuple[str, ...]:
    return tuple(f"{type(t).__name__}:{t.n3()}" for t in triple)


def union(dataset: Dataset) -> Graph:
    """Every triple of the four named graphs in one graph, in sorted order, with govkg's prefixes."""
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    triples = sorted({t for iri in NAMED_GRAPHS for t in dataset.graph(iri)}, key=_triple_key)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def serialize(dataset: Dataset, fmt: ExportFormat, everything: Graph | None = None) -> bytes:
    """One dump as bytes: the named graphs for N-Quads and TriG, their union for the other formats.

    ``everything`` is ``union(dataset)`` when the caller has it already (it is the costly part at scale).
    """
    from kg.rdf.formats import to_rdfxml, to_sorted_lines, to_trig

    if fmt.name == "nquads":
        return to_sorted_lines(dataset, "nquads")
    if fmt.name == "trig":
        return to_trig(dataset, NAMED_GRAPHS)
    graph = everything if everything is not None else union(dataset)
    if fmt.name == "ntriples":
        return to_sorted_lines(graph, "nt")
    if fmt.name == "jsonld":
        from kg.rdf.jsonld import to_jsonld

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
    from kg.publish.void import describe, to_turtle

    names = list(formats) if formats else list(FORMATS)
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise InputError(f"unknown export format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    dumps = []
    everything = union(dataset)  # once: every format but N-Quads and TriG writes it, and VoID counts it
    for name in sorted(set(names), key=list(FORMATS).index):
        fmt = FORMATS[name]
        data = serialize(dataset, fmt, everything)
        path = out_dir / f"kg.{fmt.suffix}"
        write_bytes(path, data)
        dumps.append(Dump(path, fmt, len(data), hashlib.sha256(data).hexdigest()))
    description = out_dir / "void.ttl"
    write_text(description, to_turtle(describe(dataset, dumps, base=base, endpoint=endpoint, everything=everything)))
    return ExportResult(tuple(dumps), description)
