"""The Turtle writer of plain triples writes what rdflib writes for the same terms, and the matcher finds what a
scan of every length at every position finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from kg.build.contract import evidence_triples
from kg.build.corpus import build_graph
from kg.ingest.forms import Forms, Patterns
from kg.ingest.mentions import longest_matches
from kg.namespaces import RDFS, XSD, bind_prefixes
from kg.paths import SOURCES_DIR
from kg.rdf.terms import Triples
from kg.rdf.write import TurtleWriter, quote, to_turtle

NM = bind_prefixes(Graph(bind_namespaces="none")).namespace_manager
TEXT = st.text(alphabet=st.sampled_from(list('ab"\\\n\r\'質 ')), max_size=12)
WRITER = TurtleWriter()


@given(TEXT)
def test_strings_are_quoted_as_rdflib_quotes_them(text: str) -> None:
    assert quote(text) == Literal(text).n3(NM)


@given(TEXT, st.sampled_from(["", "en", "zh-Hant", "zh-Hans"]))
def test_strings_and_tagged_strings_are_written_as_rdflib_writes_them(text: str, lang: str) -> None:
    assert WRITER.term((text, lang, "")) == Literal(text, lang=lang or None).n3(NM)


@given(st.sampled_from([
    ("0", XSD.nonNegativeInteger), ("1347", XSD.nonNegativeInteger), ("9", XSD.integer), ("253", XSD.integer),
    ("true", XSD.boolean), ("false", XSD.boolean), ("2022", XSD.gYear),
]))
def test_typed_literals_the_builder_makes_are_written_as_rdflib_writes_them(typed: tuple[str, URIRef]) -> None:
    lexical, datatype = typed
    assert WRITER.term((lexical, "", str(datatype))) == Literal(lexical, datatype=datatype).n3(NM)


def test_evidence_blocks_are_the_blocks_of_their_triples() -> None:
    ev = "https://w3id.org/govkg/id/evidence/js-2022-qm/7-12"
    report = "https://w3id.org/govkg/id/report/js-2022-qm"
    for exact in ("省市場監管局", 'a "quoted"\nline\\', '"'):
        triples = Triples()
        triples.update(evidence_triples(ev, report, 7, 12, exact))
        assert WRITER.evidence(ev, report, 7, 12, exact) == WRITER.blocks(triples)


def _rdflib_turtle(graph: Graph) -> str:
    """The same order written by rdflib's own ``n3`` of every term: an independent check of the writer."""
    def key(term: Node) -> tuple[str, str, str]:
        if isinstance(term, Literal):
            return ("1", str(term), f"{term.language or ''}{term.datatype or ''}")
        return ("0", str(term), "")

    nm = graph.namespace_manager
    lines = [f"@prefix {p}: <{iri}> ." for p, iri in sorted(nm.namespaces())] + [""]
    for s in sorted(set(graph.subjects()), key=lambda s: (isinstance(s, BNode), str(s))):
        parts = [f"    {'a' if p == RDF.type else p.n3(nm)} "
                 + " ,\n        ".join(o.n3(nm) for o in sorted(graph.objects(s, p), key=key))
                 for p in sorted(set(graph.predicates(s)), key=lambda p: (p != RDF.type, str(p)))]
        lines += [s.n3(nm), " ;\n".join(parts) + " .", ""]
    return "\n".join(lines) + "\n"


def test_the_writer_writes_what_rdflib_writes_for_the_seed() -> None:
    result = build_graph(sorted(SOURCES_DIR.glob("*.txt")))
    assert result.turtle == to_turtle(result.graph) == _rdflib_turtle(result.graph)
    minted = [s for s in result.graph.subjects() if isinstance(s, URIRef)]
    assert all(WRITER.iri(str(s)) == s.n3(NM) for s in minted)


@pytest.mark.filterwarnings("ignore:Serializing weird numerical")
@given(st.sampled_from(["1.5", "inf", "-inf", "nan", "INF", "Infinity", "x"]),
       st.sampled_from([XSD.double, XSD.decimal, XSD.float]))
def test_an_rdflib_graph_with_blank_nodes_and_odd_numbers_is_written_as_rdflib_writes_it(
        lexical: str, datatype: URIRef) -> None:
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    a, b = BNode(), BNode()
    graph.add((URIRef("https://w3id.org/govkg/id/agency/x"), RDFS.seeAlso, a))
    graph.add((a, RDFS.label, Literal(lexical, datatype=datatype)))
    graph.add((a, RDFS.seeAlso, b))
    graph.add((b, RDFS.comment, Literal("two\nlines", lang="en")))
    canonical = bind_prefixes(Graph(bind_namespaces="none"))
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    assert to_turtle(graph) == _rdflib_turtle(canonical)


def _scan(text: str, forms: dict[str, str]) -> list[tuple[str, int, int]]:
    """Leftmost first and, at one place, the longest: try every length at every position."""
    found, i = [], 0
    lengths = sorted({len(f) for f in forms if f}, reverse=True)
    while i < len(text):
        for n in lengths:
            if i + n <= len(text) and text[i : i + n] in forms:
                found.append((forms[text[i : i + n]], i, i + n))
                i += n
                break
        else:
            i += 1
    return found


FORMS = st.dictionaries(st.text(alphabet="市场监管局省", min_size=1, max_size=4), st.sampled_from("abc"), max_size=8)


@given(st.text(alphabet="市场监管局省和", max_size=30), FORMS)
def test_the_matcher_finds_what_a_scan_finds(text: str, forms: dict[str, str]) -> None:
    assert [(m.key, m.start, m.end) for m in longest_matches(text, forms, "x")] == _scan(text, forms)


@given(st.text(alphabet="市场监管局省和", max_size=30), FORMS, FORMS)
def test_layered_forms_read_the_first_layer_first(text: str, first: dict[str, str], second: dict[str, str]) -> None:
    merged = {**second, **first}
    layered = Forms((first, second), Patterns([*first, *second, "省市场"]))  # the matcher may know more forms
    assert dict(layered) == merged
    assert [(m.key, m.start) for m in longest_matches(text, layered, "x")] == [
        (k, s) for k, s, _ in _scan(text, merged)
    ]


class _Quiet:
    def say(self, text: str, nl: bool = True) -> None:
        pass

    def warn(self, text: str) -> None:
        pass


def test_kg_run_writes_a_graph_answer_as_turtle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CONSTRUCT query's answer goes to ``<slug>.ttl``: it must be Turtle, not N-Triples under a Turtle name."""
    import kg.query.catalogue
    from kg.pipeline import answer_catalogue
    from kg.query.catalogue import load_query

    rq = tmp_path / "agency-labels.rq"
    rq.write_text("#+ summary: Agencies and their labels\n#+ tags: [agencies]\n#+ params: []\n\n"
                  "PREFIX govkg: <https://w3id.org/govkg/ontology#>\n"
                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                  "CONSTRUCT { ?a skos:prefLabel ?l } WHERE { ?a a govkg:Agency ; skos:prefLabel ?l }\n",
                  encoding="utf-8")
    monkeypatch.setattr(kg.query.catalogue, "catalogue", lambda: [load_query(rq)])
    assert answer_catalogue(tmp_path / "queries", _Quiet()) == 1
    text = (tmp_path / "queries" / "agency-labels.ttl").read_text(encoding="utf-8")
    assert text.startswith("@prefix ") and "\n    skos:prefLabel " in text
    assert len(Graph().parse(data=text, format="turtle")) > 10
