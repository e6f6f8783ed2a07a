"""The dataset: the ontology and the built graph as four named graphs (ontology, data, evidence, reference)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.namespaces import DCTERMS, GOVKG, OA, ORG, RDF, RDFS, SCHEMA, SKOS, bind_prefixes

__all__ = [
    "DATA_GRAPH",
    "EVIDENCE_GRAPH",
    "GRAPH_BASE",
    "NAMED_GRAPHS",
    "ONTOLOGY_GRAPH",
    "REFERENCE_GRAPH",
    "Split",
    "graph_of",
    "load_dataset",
    "load_split",
    "read_graph",
    "split_dataset",
    "split_lines",
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
    {SKOS.prefLabel, GOVKG.curated, GOVKG.jurisdiction, GOVKG.administrativeLevel, ORG.subOrganizationOf,
     ORG.resultedFrom, ORG.changedBy,
     # a change event of data/reference/changes.csv and its source document: all but their type
     ORG.originalOrganization, ORG.resultingOrganization, DCTERMS.date, DCTERMS.source, RDFS.label, DCTERMS.title,
     DCTERMS.issued, SCHEMA.url}
)


def _token(iri: URIRef) -> bytes:
    return f"<{iri}>".encode()


_TYPE, _RDF_VALUE = _token(RDF.type), _token(RDF.value)
_CURATED_TRUE = b'"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
_REFERENCE_TOKENS = frozenset(_token(p) for p in _REFERENCE_PREDICATES)


def graph_of(subject: bytes, predicate: bytes, evidence_nodes: AbstractSet[bytes],
             reference_subjects: AbstractSet[bytes], reports: AbstractSet[bytes]) -> URIRef:
    """The named graph a data triple belongs to (the split rule; the ontology graph is the ontology file), its
    subject and predicate written as N-Triples terms (``<iri>``, ``_:label``), as are the three sets.

    - evidence: every triple about an ``oa:SpecificResource`` or one of its selectors, and a report's ``rdf:value``;
    - reference: the ``skos:prefLabel``, ``govkg:curated``, ``govkg:jurisdiction``, ``govkg:administrativeLevel``,
      ``org:subOrganizationOf``, ``org:resultedFrom`` and ``org:changedBy`` of a curated agency, jurisdiction,
      product or media outlet, and all but the type of a change event (``org:ChangeEvent``) and its source;
    - data: everything else (types, relations, the text's alternative labels, ``govkg:evidence`` links).

    >>> report = b"<https://w3id.org/govkg/id/report/x>"
    >>> str(graph_of(report, _RDF_VALUE, set(), set(), {report}))
    'https://w3id.org/govkg/graph/evidence'
    """
    if subject in evidence_nodes or (predicate == _RDF_VALUE and subject in reports):
        return EVIDENCE_GRAPH
    if subject in reference_subjects and predicate in _REFERENCE_TOKENS:
        return REFERENCE_GRAPH
    return DATA_GRAPH


def _objects(text: bytes, predicate: URIRef) -> Iterator[tuple[bytes, bytes]]:
    """``(subject, object)`` of every line of ``text`` with ``predicate`` (found at the regex engine's speed: the
    pattern starts with the predicate; a literal that holds such text is passed over)."""
    for match in re.finditer(b" " + re.escape(_token(predicate)) + rb" ([^\n]*) \.\n", text):
        start = text.rfind(b"\n", 0, match.start()) + 1
        s, p, o = text[start:match.end()][:-3].split(b" ", 2)
        if p == _token(predicate):
            yield s, o


def _typed(text: bytes, cls: URIRef) -> set[bytes]:
    """The subjects of every line of ``text`` that says ``S rdf:type cls``: the whole line's tail is searched for,
    so only those lines are looked at (a quarter of the type lines are evidence's, most are of other classes)."""
    tail = b" " + _token(RDF.type) + b" " + _token(cls) + b" .\n"
    found: set[bytes] = set()
    at = text.find(tail)
    while at >= 0:
        start = text.rfind(b"\n", 0, at) + 1
        s, p, o = text[start:at + len(tail)][:-3].split(b" ", 2)
        if p == _TYPE and o == _token(cls):  # not such text inside a literal
            found.add(s)
        at = text.find(tail, at + len(tail))
    return found


def _members(lines: list[bytes]) -> tuple[set[bytes], set[bytes], set[bytes]]:
    """The evidence nodes, the curated reference subjects and the reports :func:`graph_of` needs, read from the
    text of ``lines``."""
    text = b"".join(lines)
    evidence = _typed(text, OA.SpecificResource)
    evidence |= {o for s, o in _objects(text, OA.hasSelector) if s in evidence}
    curated = {s for s, o in _objects(text, GOVKG.curated) if o == _CURATED_TRUE}
    reference = {s for cls in sorted(_REFERENCE_CLASSES) for s in _typed(text, cls) if s in curated}
    events = _typed(text, ORG.ChangeEvent)
    reference |= events | {o for s, o in _objects(text, DCTERMS.source) if s in events}
    return evidence, reference, _typed(text, GOVKG.SourceReport)


@dataclass(frozen=True)
class Split:
    """The dataset as N-Triples lines (:mod:`kg.rdf.ntlines`): every triple of the four named graphs once, sorted,
    and the index in :data:`NAMED_GRAPHS` of the graph each is in."""

    lines: list[bytes]
    graphs: bytes

    def of(self, iri: URIRef) -> list[bytes]:
        """The sorted lines of one named graph."""
        index = NAMED_GRAPHS.index(iri)
        return [line for line, g in zip(self.lines, self.graphs, strict=True) if g == index]

    def count(self, iri: URIRef) -> int:
        """How many triples one named graph holds."""
        return self.graphs.count(NAMED_GRAPHS.index(iri))


def split_lines(vocabulary: list[bytes], data: list[bytes]) -> Split:
    """The ontology's lines and the data's (each sorted and distinct), each line in the graph :func:`graph_of` names.

    The ontology's concepts the data carries for its readers (activity types, topics, levels: kg.build.concepts)
    stay in the ontology's graph alone, so no triple is in two named graphs.
    """
    from kg.rdf.ntlines import distinct

    evidence, reference, reports = _members(data)
    lines = distinct(sorted(data + vocabulary))
    index = {iri: i for i, iri in enumerate(NAMED_GRAPHS)}
    ontology = index[ONTOLOGY_GRAPH]
    graphs = bytearray([ontology + 1]) * len(lines)
    for line in vocabulary:
        graphs[bisect_left(lines, line)] = ontology
    for i, line in enumerate(lines):
        if graphs[i] != ontology:
            s, p, _ = line.split(b" ", 2)
            graphs[i] = index[graph_of(s, p, evidence, reference, reports)]
    return Split(lines, bytes(graphs))


def load_split(data: Sequence[Path], ontology: Path | None = None) -> Split:
    """The four named graphs as :class:`Split` lines: the ontology file, and the data files split by
    :func:`graph_of`. Blank nodes get canonical labels (``o…`` in the ontology, ``d…`` in the data), so every
    serialisation is byte-stable; data without blank nodes is read by Oxigraph (:func:`kg.rdf.ntlines.read_lines`).
    """
    from kg.paths import ONTOLOGY_FILE
    from kg.rdf.ntlines import nt_row, read_lines

    for path in data:
        if not path.is_file():
            raise InputError("no such file", path=path)
    vocabulary = sorted(nt_row(t) for t in _canonical(read_graph([ontology or ONTOLOGY_FILE]), "o"))
    lines = read_lines(data)
    if lines is None:
        lines = sorted(nt_row(t) for t in _canonical(read_graph(data), "d"))
    return split_lines(vocabulary, lines)


def split_dataset(dataset: Dataset) -> Split:
    """An rdflib ``Dataset`` of the four named graphs as :class:`Split` lines (each triple in the graph it is in)."""
    from kg.rdf.ntlines import nt_row

    pairs = sorted({(nt_row(t), i) for i, iri in enumerate(NAMED_GRAPHS) for t in dataset.graph(iri)})
    return Split([line for line, _ in pairs], bytes(i for _, i in pairs))


def load_dataset(data: Sequence[Path], ontology: Path | None = None) -> Dataset:
    """:func:`load_split` as an rdflib ``Dataset`` of the four named graphs (triples added in sorted order)."""
    from kg.rdf.ntlines import node, terms

    split = load_split(data, ontology)
    dataset = Dataset()
    bind_prefixes(dataset)
    for iri in NAMED_GRAPHS:
        target = dataset.graph(iri)
        target.addN((node(s), node(p), node(o), target) for s, p, o in map(terms, split.of(iri)))
    return dataset


def read_graph(paths: Sequence[Path]) -> Graph:
    """Every triple of ``paths`` in one graph, each file read through the checked door (:mod:`kg.rdf.read`):
    nothing fetched, sizes bounded."""
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
