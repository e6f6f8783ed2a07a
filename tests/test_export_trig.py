"""TriG is written from Oxigraph's Turtle of each named graph (kg.publish.dumps): the same bytes as Oxigraph's own
TriG serialiser over the dataset's quads (the path the export took before, kept here as the reference), on the seed
and on a graph with blank nodes, lists, escapes and language tags in every case."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.namespaces import PREFIXES
from kg.paths import KG_FILE
from kg.publish.dataset import NAMED_GRAPHS, Split, load_split
from kg.publish.export import serialize
from kg.rdf.formats import RDF_FORMATS
from kg.rdf.ntlines import restore_tags

ODD = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/govkg/id/agency/t> skos:prefLabel "測試"@zh-Hant-TW , "two\\nlines\\r\\t"@en-GB , "q\\"@zh-hant" ;
    skos:altLabel "tab\\there" ; owl:sameAs [ owl:unionOf ( <http://a/x> <http://a/y> ) ] .
"""


def _reference(split: Split) -> bytes:
    quads = b"".join(line[:-3] + f" <{iri}> .\n".encode() for g, iri in enumerate(NAMED_GRAPHS)  # graph after graph
                     for line, graph in zip(split.lines, split.graphs, strict=True) if graph == g)
    text = ox.serialize(ox.parse(quads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.TRIG,
                        prefixes=PREFIXES) or b""
    body = 0
    while text.startswith(b"@prefix ", body):
        body = text.index(b"\n", body) + 1
    head = "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in sorted(PREFIXES.items()))
    return head.encode("utf-8") + b"\n" + restore_tags(text[body:])


@pytest.mark.parametrize("source", ["seed", "odd"])
def test_trig_is_oxigraphs_trig_of_the_quads(source: str, tmp_path: Path) -> None:
    path = KG_FILE
    if source == "odd":
        path = tmp_path / "odd.ttl"
        path.write_text(ODD, encoding="utf-8")
    split = load_split([path])
    assert sorted(set(split.graphs)) == ([0, 1, 2, 3] if source == "seed" else [0, 1])
    assert serialize(split, RDF_FORMATS["trig"]) == _reference(split)
