"""Source texts: encodings read with certainty or refused, empty texts refused, idempotent builds, never NFKC."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef

from kg.build.corpus import build_graph
from kg.cli import main
from kg.errors import InputError
from kg.namespaces import GOVKG
from kg.paths import SOURCES_DIR
from kg.query.local import OxigraphStore, RdflibStore
from kg.query.store import Store
from kg.rdf.read import parse_rdf
from kg.rdf.write import to_turtle
from kg.sources.decode import read_source
from tests.canary import deadline

SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"
META = SEED.with_suffix(".meta.json")
REPORT = URIRef("https://w3id.org/govkg/id/report/js-2022-qm")
SECONDS = 120
# Traditional text without pinyin (Big5 has no tone-marked Latin letters); every character in Big5 level 1
BIG5_TEXT = "九月是全國質量月，省市場監管局開展質量比對工作。\n"
GBK_TEXT = "九月是全国质量月，省市场监管局开展质量比对工作。\n"
# Compatibility ideographs (U+F900 豈, U+F92C 郎, U+FA10 塚, U+2F800 丽) and full-width punctuation, which NFKC
# would fold to 豈 郎 塚 丽 and ASCII
KEEP = "另：\uf900\uf92c\ufa10\U0002f800（試行）！？［１２］％＆＃＊＠～｜\u3000。"


def _source(folder: Path, data: bytes, name: str = "report.txt") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# -- encodings ---------------------------------------------------------------------------------------------------


def test_utf8_with_a_bom_reads_like_without(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    with_bom = _source(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_source(with_bom) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        pytest.param(BIG5_TEXT, "big5", id="big5"),
        pytest.param(GBK_TEXT, "gbk", id="gbk"),
        pytest.param(GBK_TEXT, "gb18030", id="gb18030"),
        pytest.param(BIG5_TEXT, "gb18030", id="traditional-in-gb18030"),
        pytest.param(BIG5_TEXT, "utf-16", id="utf-16-with-bom"),
        pytest.param(BIG5_TEXT, "utf-16-be", id="utf-16-be-no-bom-refused"),
        pytest.param("Quality Month 2022: 質量月\n", "utf-16-le", id="utf-16-le-no-bom-refused"),
    ],
)
def test_legacy_encodings_are_read_with_certainty_or_refused(tmp_path: Path, text: str, codec: str) -> None:
    path = _source(tmp_path, text.encode(codec))
    if codec in ("utf-16-be", "utf-16-le"):  # no byte-order mark, no certainty: refused, saying why
        with pytest.raises(InputError) as caught:
            read_source(path)
        assert "UTF-16" in caught.value.message or "cannot decode with certainty" in caught.value.message
    else:
        assert read_source(path) == text


def test_bytes_no_codec_reads_with_certainty_are_refused_naming_the_problem(tmp_path: Path) -> None:
    path = _source(tmp_path, "質量月\n".encode() + b"\x81\x30\xff\xfe\x80\n")
    with pytest.raises(InputError) as caught:
        read_source(path)
    error = caught.value
    assert "cannot decode with certainty" in error.message
    assert "not UTF-8" in error.message and "GB18030" in error.message and "Big5" in error.message
    assert (error.line, error.column) == (2, 1)


def test_a_bom_followed_by_invalid_bytes_is_refused(tmp_path: Path) -> None:
    path = _source(tmp_path, b"\xef\xbb\xbf" + "質量".encode() + b"\xc3\x28")
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert "after its byte-order mark" in caught.value.message


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u3000\n".encode(), b"\xef\xbb\xbf  \n"],
                         ids=["empty", "ascii-space", "ideographic-space", "bom-and-space"])
def test_empty_or_whitespace_only_sources_are_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read_source(_source(tmp_path, data))
    assert "empty" in caught.value.message or "only whitespace" in caught.value.message


def test_kg_build_refuses_an_empty_source_with_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    empty = _source(tmp_path, b"\n")
    out = tmp_path / "kg.ttl"
    result = CliRunner().invoke(main, ["build", "--out", str(out), str(empty)])
    assert result.exit_code == 2
    assert f"{empty}: source text holds only whitespace" in result.output
    assert not out.exists()


# -- idempotence ------------------------------------------------------------------------------------------------------


def test_building_twice_gives_the_same_bytes() -> None:
    with deadline(SECONDS):
        first = to_turtle(build_graph([SEED]).graph)
        second = to_turtle(build_graph([SEED]).graph)
    assert first == second


def test_the_same_report_twice_in_one_build_is_refused_not_duplicated(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED, copy)
    with deadline(SECONDS), pytest.raises(InputError) as caught:
        build_graph([SEED, copy])
    assert str(SEED) in caught.value.message


def test_the_same_report_in_another_encoding_is_refused_as_the_same_campaign(tmp_path: Path) -> None:
    utf16 = tmp_path / SEED.name
    utf16.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    shutil.copy(META, tmp_path / META.name)
    with deadline(SECONDS), pytest.raises(InputError) as caught:
        build_graph([SEED, utf16])
    assert "js-2022-qm" in caught.value.message


@pytest.mark.parametrize("store_class", [OxigraphStore, RdflibStore])
def test_loading_the_graph_twice_adds_nothing(tmp_path: Path, store_class: type[Store]) -> None:
    graph = tmp_path / "kg.ttl"
    with deadline(SECONDS):
        graph.write_text(to_turtle(build_graph([SEED]).graph), encoding="utf-8")
    once, twice = store_class(), store_class()
    once.load([graph])
    twice.load([graph, graph])
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert once.query(count).rows == twice.query(count).rows


# -- compatibility ideographs and full-width punctuation, code point for code point -----------------------------------


@pytest.fixture(scope="module")
def kept_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed with ``KEEP`` added as a last line, built; returns the graph file and the expected cleaned text."""
    folder = tmp_path_factory.mktemp("keep")
    source = folder / SEED.name
    raw = SEED.read_text(encoding="utf-8").rstrip("\n") + "\n" + KEEP + "\n"
    source.write_text(raw, encoding="utf-8")
    shutil.copy(META, folder / META.name)
    with deadline(SECONDS):
        result = build_graph([source])
    out = folder / "kg.ttl"
    out.write_text(to_turtle(result.graph), encoding="utf-8")
    return out, KEEP


def _report_text(graph: Graph) -> str:
    values = [str(v) for v in graph.objects(REPORT, RDF.value)]
    assert len(values) == 1
    return values[0]


def test_the_build_keeps_compatibility_ideographs_and_full_width_forms(kept_graph: tuple[Path, str]) -> None:
    path, keep = kept_graph
    text = _report_text(parse_rdf(path))
    assert text.rstrip("\n").endswith(keep)
    assert "\uf900" in text and "\U0002f800" in text and "（" in text and "\u3000" in text


@pytest.mark.parametrize("store_class", [OxigraphStore, RdflibStore])
def test_stores_keep_them(kept_graph: tuple[Path, str], store_class: type[Store]) -> None:
    path, keep = kept_graph
    store = store_class()
    store.load([path])
    result = store.query("SELECT ?v WHERE { ?r a <%s> ; <%s> ?v }" % (GOVKG.SourceReport, RDF.value))  # noqa: UP031
    assert len(result.rows) == 1
    assert str(result.rows[0][0]).rstrip("\n").endswith(keep)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json-ld", "trig", "nquads"])
def test_rdflib_serializers_keep_them(kept_graph: tuple[Path, str], fmt: str, tmp_path: Path) -> None:
    from rdflib import Dataset

    path, keep = kept_graph
    graph = parse_rdf(path)
    suffix = {"turtle": "ttl", "nt": "nt", "xml": "rdf", "json-ld": "jsonld", "trig": "trig", "nquads": "nq"}[fmt]
    out = tmp_path / f"kg.{suffix}"
    if fmt in ("trig", "nquads"):
        dataset = Dataset()
        named = dataset.graph(URIRef("https://w3id.org/govkg/graph/test"))
        for triple in graph:
            named.add(triple)
        out.write_bytes(dataset.serialize(format=fmt, encoding="utf-8"))
    else:
        out.write_bytes(graph.serialize(format=fmt, encoding="utf-8"))
    assert _report_text(parse_rdf(out)).rstrip("\n").endswith(keep)


def test_every_kg_export_format_keeps_them(kept_graph: tuple[Path, str], tmp_path: Path) -> None:
    path, keep = kept_graph
    out = tmp_path / "export"
    with deadline(SECONDS):
        result = CliRunner().invoke(main, ["export", "--data", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    dumps = sorted(p for p in out.iterdir() if p.name.startswith("kg."))
    assert {p.suffix for p in dumps} >= {".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf"}
    for dump in dumps:
        assert _report_text(parse_rdf(dump)).rstrip("\n").endswith(keep), dump.name


def test_literal_is_never_normalised_on_the_way_in(tmp_path: Path) -> None:
    """A literal read by the door keeps its code points (no NFC/NFKC), e.g. U+F900 and a decomposed é."""
    text = "\uf900 e\u0301 ！"
    doc = tmp_path / "one.nt"
    doc.write_text(f'<http://example.org/a> <http://example.org/p> "{text}" .\n', encoding="utf-8")
    assert set(parse_rdf(doc).objects()) == {Literal(text)}
