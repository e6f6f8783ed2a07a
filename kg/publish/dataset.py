"""The dataset: the ontology and the built graph as four named graphs (ontology, data, evidence, reference)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from kg.namespaces import DCTERMS, GOVKG, OA, ORG, RDF, RDFS, SCHEMA, SKOS, bind_prefixes

__all__ = [
    "DATA_GRAPH",
    "EVIDENCE_GRAPH",
    "GRAPH_BASE",
    "NAMED_GRAPHS",
    "ONTOLOGY_GRAPH",
    "REFERENCE_GRAPH",
    "graph_of",
    "load_dataset",
    "read_graph",
    "union",
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


def graph_of(triple: tuple[Node, Node, Node], evidence_nodes: set[Node], reference_subjects: set[Node],
             reports: set[Node]) -> URIRef:
    """The named graph a data triple belongs to (the split rule; the ontology graph is the ontology file).

    - evidence: every triple about an ``oa:SpecificResource`` or one of its selectors, and a report's ``rdf:value``;
    - reference: the ``skos:prefLabel``, ``govkg:curated``, ``govkg:jurisdiction``, ``govkg:administrativeLevel``,
      ``org:subOrganizationOf``, ``org:resultedFrom`` and ``org:changedBy`` of a curated agency, jurisdiction,
      product or media outlet, and all but the type of a change event (``org:ChangeEvent``) and its source;
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


def _split(data: Graph) -> dict[URIRef, list[tuple[Node, Node, Node]]]:
    """The triples of ``data`` grouped by the named graph :func:`graph_of` puts them in, in no particular order."""
    from rdflib import Literal

    evidence = set(data.subjects(RDF.type, OA.SpecificResource))
    evidence |= {o for s in list(evidence) for o in data.objects(s, OA.hasSelector)}
    reference = {
        s for cls in _REFERENCE_CLASSES for s in data.subjects(RDF.type, cls)
        if (s, GOVKG.curated, Literal(True)) in data
    }
    events = set(data.subjects(RDF.type, ORG.ChangeEvent))
    reference |= events | {o for e in events for o in data.objects(e, DCTERMS.source)}
    reports = set(data.subjects(RDF.type, GOVKG.SourceReport))
    parts: dict[URIRef, list[tuple[Node, Node, Node]]] = {iri: [] for iri in (DATA_GRAPH, EVIDENCE_GRAPH,
                                                                               REFERENCE_GRAPH)}
    for triple in data:
        parts[graph_of(triple, evidence, reference, reports)].append(triple)
    return parts


def load_dataset(data: Sequence[Path], ontology: Path | None = None) -> Dataset:
    """The four named graphs: the ontology file, and the data files split by :func:`graph_of`.

    Blank nodes get canonical labels and triples are added in sorted order, so every serialisation is byte-stable.
    """
    from kg.paths import ONTOLOGY_FILE

    vocabulary = list(_canonical(read_graph([ontology or ONTOLOGY_FILE]), "o"))
    parts: dict[URIRef, list[tuple[Node, Node, Node]]] = {ONTOLOGY_GRAPH: vocabulary,
                                                          **_split(_canonical(read_graph(data), "d"))}
    # the ontology's concepts the data carries for its readers (activity types, topics, levels: kg.build.concepts)
    # stay in the ontology's graph alone, so no triple is in two named graphs
    known = set(vocabulary)
    for iri in (DATA_GRAPH, EVIDENCE_GRAPH, REFERENCE_GRAPH):
        parts[iri] = [t for t in parts[iri] if t not in known]
    dataset = Dataset()
    bind_prefixes(dataset)
    for iri in NAMED_GRAPHS:
        target = dataset.graph(iri)
        target.addN((s, p, o, target) for s, p, o in sorted(parts[iri], key=_triple_key))
    return dataset


def read_graph(paths: Sequence[Path]) -> Graph:
    """Every triple of ``paths`` in one graph, each file read through the checked door (:mod:`kg.rdf.read`):
    nothing fetched, sizes bounded."""
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
