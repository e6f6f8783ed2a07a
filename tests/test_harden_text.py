"""Hypothesis: any text through cleaning and extraction never crashes and evidence offsets stay valid; random graphs
with CJK, control characters, typed literals and blank nodes survive every export format or are refused clearly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.build.contract import ReportSource
from kg.build.graph import report_graph
from kg.errors import InputError, KGError
from kg.ingest.clean import clean
from kg.ingest.extract import extract
from kg.ingest.reference import Reference, load_reference
from kg.namespaces import GOVKG, OA
from kg.paths import SOURCES_DIR
from kg.rdf.read import parse_rdf
from kg.rdf.write import to_turtle
from tests.canary import deadline

SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"
META: dict[str, Any] = json.loads(SEED.with_suffix(".meta.json").read_text(encoding="utf-8"))
SEED_LINES = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])
SECONDS = 600  # the whole property's deadline: a hang in extraction fails it


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference()


# -- text ----------------------------------------------------------------------------------------------------------

_ANY_CHAR = st.characters(blacklist_categories=("Cs",))  # what read_source can return: no lone surrogates
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_PIECES = st.one_of(
    st.sampled_from(SEED_LINES),  # real sentences, so extraction finds agencies, themes and documents
    st.sampled_from(["(zhì)", "(zh", "（一）", "(二)", "《", "》", "〔2022〕", "號", "省市場監管局", "聯合", "\n",
                     "?<", "\ufeff", "\u200b", "\uf900", "\U0002f800", "！", "\u3000", "\r\n", "\x00", "\x1b"]),
    st.text(_CJK, max_size=12),
    st.text(_ANY_CHAR, max_size=12),
)
TEXTS = st.lists(_PIECES, max_size=25).map("".join)


@SETTINGS
@given(raw=TEXTS)
def test_cleaning_never_crashes_and_maps_back(raw: str) -> None:
    with deadline(SECONDS):
        cleaned = clean(raw)
    assert cleaned.text == "".join(raw[i] for i in cleaned.kept)
    for i in range(len(cleaned.text)):
        assert raw[cleaned.to_raw(i)] == cleaned.text[i]
    for span in cleaned.damaged:
        assert cleaned.text[span.start:span.end] == span.text


def _evidence_problems(graph: Graph) -> list[str]:
    """Every evidence selector checked against its source's ``rdf:value``; a list of what is wrong."""
    problems = []
    for ev in graph.subjects(RDF.type, OA.SpecificResource):
        value = str(graph.value(graph.value(ev, OA.hasSource), RDF.value))
        position = URIRef(f"{ev}#position")
        start, end = graph.value(position, OA.start), graph.value(position, OA.end)
        exact = graph.value(URIRef(f"{ev}#quote"), OA.exact)
        if start is None or end is None or exact is None:
            problems.append(f"{ev}: selector missing")
            continue
        s, e = int(start), int(end)
        if not 0 <= s <= e <= len(value):
            problems.append(f"{ev}: [{s}, {e}) outside a text of {len(value)}")
        elif value[s:e] != str(exact):
            problems.append(f"{ev}: value[{s}:{e}] = {value[s:e]!r} but exact = {str(exact)!r}")
    return problems


@SETTINGS
@given(raw=TEXTS, with_meta=st.booleans())
def test_extraction_never_crashes_and_evidence_stays_valid(reference: Reference, raw: str, with_meta: bool) -> None:
    cleaned = clean(raw)
    try:
        with deadline(SECONDS):
            extraction = extract(cleaned, reference, META if with_meta else None)
    except InputError:
        return  # a clear refusal (no jurisdiction, no campaign) is allowed; any other exception fails
    graph = report_graph(extraction, reference, ReportSource("random.txt", "0" * 64))
    assert _evidence_problems(graph) == []
    assert len(set(graph.objects(predicate=RDF.value))) == 1


def test_the_seed_evidence_is_valid(reference: Reference) -> None:
    """The property's check on the real report, so it is known to look at real evidence."""
    extraction = extract(clean(SEED.read_text(encoding="utf-8")), reference, META)
    graph = report_graph(extraction, reference, ReportSource(SEED.name, "0" * 64))
    # at least one span each for 22 activities, 5 themes, the campaign, 4 documents and 2 media outlets
    assert len(set(graph.subjects(RDF.type, OA.SpecificResource))) >= 22 + 5 + 1 + 4 + 2
    assert _evidence_problems(graph) == []


def test_the_evidence_check_can_fail(reference: Reference) -> None:
    extraction = extract(clean(SEED.read_text(encoding="utf-8")), reference, META)
    graph = report_graph(extraction, reference, ReportSource(SEED.name, "0" * 64))
    ev = next(iter(graph.subjects(RDF.type, OA.SpecificResource)))
    graph.set((URIRef(f"{ev}#quote"), OA.exact, Literal("不在原文")))
    assert len(_evidence_problems(graph)) == 1


# -- random graphs through every export format ---------------------------------------------------------------------

_ID = "https://w3id.org/govkg/id/random/"
_TEXT_CHARS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(list("\uf900\uf92c\U0002f800！（）［］：；，。、\u3000\u2028\u2029\ufeff")),
    st.characters(max_codepoint=0x1F),  # C0 controls, NUL included
    st.sampled_from(list("\x7f\x85<>&\"'\\{}@#")),
    st.characters(blacklist_categories=("Cs",)),
)
_NODES = st.one_of(
    st.sampled_from([URIRef(_ID + n) for n in ("a", "b", "質量", "x%20y", "c-1")]),
    st.sampled_from([BNode(f"b{i}") for i in range(3)]),
)
_PREDICATES = st.sampled_from([GOVKG.slogan, GOVKG.year, URIRef(_ID + "p"), URIRef("http://example.org/p")])
_LITERALS = st.one_of(
    st.builds(lambda t, lang: Literal(t, lang=lang), st.text(_TEXT_CHARS, max_size=10),
              st.sampled_from(["zh-Hant", "zh-Hans", "en"])),
    st.builds(Literal, st.text(_TEXT_CHARS, max_size=10)),
    st.integers(-(10**20), 10**20).map(lambda i: Literal(str(i), datatype=XSD.integer)),
    st.integers(1000, 2999).map(lambda y: Literal(str(y), datatype=XSD.gYear)),
    st.sampled_from([Literal("true", datatype=XSD.boolean), Literal("2022-09-01", datatype=XSD.date)]),
)
GRAPHS = st.lists(st.tuples(_NODES, _PREDICATES, st.one_of(_NODES, _LITERALS)), min_size=1, max_size=12)


def _export(graph: Graph, name: str) -> bytes:
    """One dump as kg export writes it (through its own ``serialize``), or the build's deterministic Turtle."""
    from rdflib import Dataset

    from kg.publish.dataset import DATA_GRAPH, NAMED_GRAPHS
    from kg.publish.export import serialize
    from kg.rdf.formats import RDF_FORMATS as FORMATS

    if name == "build.ttl":
        return to_turtle(graph).encode("utf-8")
    dataset = Dataset()
    for iri in NAMED_GRAPHS:
        dataset.graph(iri)
    data = dataset.graph(DATA_GRAPH)
    for triple in graph:
        data.add(triple)
    (fmt,) = [f for f in FORMATS.values() if f"kg.{f.suffix}" == name]
    return serialize(dataset, fmt)


@pytest.mark.parametrize("name", ["kg.ttl", "kg.nt", "kg.nq", "kg.trig", "kg.jsonld", "kg.rdf", "build.ttl"])
@SETTINGS
@given(triples=GRAPHS)
def test_random_graphs_survive_every_export_or_are_refused(tmp_path: Path, name: str, triples: list[Any]) -> None:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    _check_round_trip(graph, name, tmp_path)


def _check_round_trip(graph: Graph, name: str, folder: Path) -> None:
    try:
        with deadline(SECONDS):
            data = _export(graph, name)
    except KGError:
        return  # refused clearly, with a message
    path = folder / name
    path.write_bytes(data)
    try:
        back = parse_rdf(path)
    except InputError as exc:
        raise AssertionError(f"{name} was written but cannot be read back: {exc}") from None
    assert back.isomorphic(graph), f"{name} does not read back as the graph it was written from"


_A, _P = URIRef(_ID + "a"), URIRef(_ID + "p")


@pytest.mark.parametrize(
    "triples",
    [
        [(BNode("x"), _P, BNode("y")), (BNode("y"), _P, BNode("x"))],
        [(_A, _P, BNode("x")), (BNode("x"), _P, BNode("y")), (BNode("y"), _P, BNode("z")),
         (BNode("z"), _P, BNode("y"))],
        [(_A, GOVKG.slogan, _A), (_A, GOVKG.slogan, Literal(10**20))],
        [(_A, GOVKG.slogan, Literal("口号")), (_A, GOVKG.slogan, Literal("口號", lang="zh-Hant"))],
        [(_A, GOVKG.year, Literal(2022)), (_A, GOVKG.year, Literal("2022", datatype=XSD.gYear))],
        [(_A, GOVKG.activityType, Literal("TypeTraining"))],
        [(_A, _P, Literal(2**53)), (_A, _P, Literal(-(2**53))), (_A, _P, Literal(2**53 - 1))],
    ],
    ids=["cycle", "cycle-behind-a-chain", "slogan-iri-and-integer", "slogan-untagged", "year-integer",
         "vocab-term-literal", "integers-beyond-double-precision"],
)
def test_json_ld_dump_keeps_what_rdflib_dropped(tmp_path: Path, triples: list[Any]) -> None:
    """Found by the property test above: rdflib's JSON-LD writer dropped blank nodes reached only from a cycle of
    blank nodes and wrote integers beyond 2**53 as JSON numbers (read back as doubles). Values that do not fit the
    coercion of their predicate's term (a slogan without a language, a year as an integer) are kept too."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    _check_round_trip(graph, "kg.jsonld", tmp_path)


@pytest.mark.parametrize(
    "triples",
    [
        [(_A, GOVKG.slogan, _A), (_A, GOVKG.slogan, Literal(""))],
        [(_A, GOVKG.year, _A), (_A, GOVKG.year, Literal(""))],
        [(_A, _P, _A), (_A, _P, Literal(0))],
        [(_A, _P, Literal("")), (_A, _P, Literal(False))],
    ],
    ids=["slogan-empty", "year-empty", "zero", "empty-and-false"],
)
def test_falsy_values_survive_the_json_ld_dump(tmp_path: Path, triples: list[Any]) -> None:
    """rdflib's JSON-LD writer replaced a first value that is falsy ("", 0, false) with the next one."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    _check_round_trip(graph, "kg.jsonld", tmp_path)


@pytest.mark.parametrize(
    ("name", "triples"),
    [
        pytest.param("kg.nt", [(_A, _P, Literal("甲\u2028乙"))], id="nt-line-separator"),
        pytest.param("kg.nq", [(_A, _P, Literal("甲\x1e乙", lang="zh-Hant"))], id="nq-record-separator"),
        pytest.param("kg.rdf", [(_A, _P, Literal("甲\x1f乙"))], id="rdfxml-control"),
    ],
)
def test_line_separators_and_controls_survive_or_are_refused(tmp_path: Path, name: str, triples: list[Any]) -> None:
    """Found by the property above: N-Triples split at U+2028, RDF/XML wrote what XML 1.0 cannot read."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    _check_round_trip(graph, name, tmp_path)
    if name == "kg.rdf":
        with pytest.raises(KGError, match="U\\+001F"):
            _export(graph, name)
