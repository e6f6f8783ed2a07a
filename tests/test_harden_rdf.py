"""Untrusted RDF input: no network or file access while parsing, no DTDs, limits, refusals with file:line:column."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from kg.cli import main
from kg.errors import InputError, QueryError
from kg.paths import CONTEXT_FILE
from kg.query.local import OxigraphStore, RdflibStore
from kg.query.store import Store
from kg.rdf.read import CONTEXT_IRI, parse_rdf, read_quads
from kg.validate.run import validate_files
from tests.canary import Canary, canary_server, deadline

EX = Namespace("http://example.org/")
SECONDS = 10  # every case's deadline: a hang, a fetch that waits or an entity explosion fails the case


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A server on 127.0.0.1 that hostile input points at; it must see no request at all."""
    with canary_server() as server:
        yield server
        assert server.requests == [], f"the canary was contacted: {server.requests}"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _refused(path: Path, **kwargs: object) -> InputError:
    with deadline(SECONDS), pytest.raises(InputError) as caught:
        parse_rdf(path, **kwargs)  # type: ignore[arg-type]
    assert str(path) in str(caught.value)
    return caught.value


# -- JSON-LD: contexts only from the local allow-list ------------------------------------------------------------


def test_a_remote_jsonld_context_is_refused_without_a_request(tmp_path: Path, canary: Canary) -> None:
    url = canary.iri("context.jsonld")
    text = f'{{\n  "@context": "{url}",\n  "@id": "http://example.org/a",\n  "p": 1\n}}'
    doc = _write(tmp_path, "remote.jsonld", text)
    error = _refused(doc)
    assert (error.line, error.column) == (2, 16)  # the IRI starts after `  "@context": "`
    assert "refused" in error.message


def test_a_file_context_is_refused_without_reading_it(tmp_path: Path, canary: Canary) -> None:
    secret = _write(tmp_path, "secret.jsonld", '{"@context": {"p": "http://secret.example/p"}}')
    doc = _write(tmp_path, "local.jsonld", json.dumps({"@context": secret.as_uri(), "@id": "http://example.org/a",
                                                       "p": "x"}))
    error = _refused(doc)
    assert secret.as_uri() in error.message


@pytest.mark.parametrize(
    "context",
    [
        pytest.param(lambda url: {"@import": url, "p": "http://example.org/p"}, id="import"),
        pytest.param(lambda url: {"p": {"@id": "http://example.org/p", "@context": url}}, id="scoped"),
        pytest.param(lambda url: [{"p": "http://example.org/p"}, url], id="in-a-list"),
    ],
)
def test_contexts_hidden_deeper_are_refused_too(tmp_path: Path, canary: Canary, context: object) -> None:
    body = {"@context": context(canary.iri("c"))}  # type: ignore[operator]
    body.update({"@id": "http://example.org/a", "p": {"@id": "http://example.org/b"}})
    _refused(_write(tmp_path, "deep.jsonld", json.dumps(body)))


def test_a_context_in_a_nested_node_is_refused(tmp_path: Path, canary: Canary) -> None:
    body = {"@context": {"p": "http://example.org/p"}, "@id": "http://example.org/a",
            "p": {"@context": canary.iri("inner"), "@id": "http://example.org/b"}}
    _refused(_write(tmp_path, "nested.jsonld", json.dumps(body)))


def test_the_govkg_context_iri_is_read_from_the_local_copy(tmp_path: Path, canary: Canary) -> None:
    local = _write(tmp_path, "context.jsonld", json.dumps(
        {"@context": {"govkg": "https://w3id.org/govkg/ontology#", "label": {"@id": "http://example.org/label",
                                                                            "@language": "zh-Hant"}}}))
    doc = _write(tmp_path, "ours.jsonld", json.dumps(
        {"@context": CONTEXT_IRI, "@id": "http://example.org/a", "@type": "govkg:Agency", "label": "省市場監管局"},
        ensure_ascii=False))
    with deadline(SECONDS):
        graph = parse_rdf(doc, contexts={CONTEXT_IRI: local})
    expected = {
        (EX.a, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
         URIRef("https://w3id.org/govkg/ontology#Agency")),
        (EX.a, EX.label, Literal("省市場監管局", lang="zh-Hant")),
    }
    assert set(graph) == expected


def test_the_default_allow_list_is_ontology_context_jsonld(tmp_path: Path, canary: Canary) -> None:
    doc = _write(tmp_path, "ours.jsonld", json.dumps({"@context": CONTEXT_IRI, "@id": "http://example.org/a"}))
    if CONTEXT_FILE.is_file():
        with deadline(SECONDS):
            assert len(parse_rdf(doc)) == 0  # a node with only an @id says nothing
    else:
        error = _refused(doc)
        assert "missing" in error.message  # a clear message, never a fetch of the published IRI


def test_an_inline_context_needs_nothing_from_outside(tmp_path: Path, canary: Canary) -> None:
    doc = _write(tmp_path, "inline.jsonld", json.dumps(
        {"@context": {"p": {"@id": "http://example.org/p", "@type": "http://www.w3.org/2001/XMLSchema#integer"}},
         "@id": "http://example.org/a", "p": "7"}))
    with deadline(SECONDS):
        assert set(parse_rdf(doc)) == {(EX.a, EX.p, Literal("7", datatype=XSD.integer))}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param('{\n  "@id": "http://example.org/a b"\n}', 2, 11, id="space-in-id"),
        pytest.param('{\n  "@id": "http://example.org/a",\n  "@type": "http://example.org/{T}"\n}', 3, 13,
                     id="brace-in-type"),
        pytest.param('{"@id": "http://example.org/a",\n "http://example.org/p": "x",}', 2, 30, id="trailing-comma"),
        pytest.param('{"@id": "http://example.org/a",\n "http://example.org/p": NaN}', None, None, id="nan"),
        pytest.param('{"@id": "http://example.org/a", "http://example.org/p": "\\ud800"}', 1, 58,
                     id="lone-surrogate"),
        pytest.param("[" * 200 + "]" * 200, 1, 129, id="too-deep"),
    ],
)
def test_bad_jsonld_is_refused_at_the_door(tmp_path: Path, text: str, line: int | None, column: int | None) -> None:
    error = _refused(_write(tmp_path, "bad.jsonld", text))
    assert (error.line, error.column) == (line, column)


# -- RDF/XML: no DTD, no entities ----------------------------------------------------------------------------------

_RDF_OPEN = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'


def _laughs() -> str:
    """The classic "billion laughs": ten levels of ten references, about 10^9 'lol's once expanded."""
    levels = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(levels) + "\n]>\n" + _RDF_OPEN
            + '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>')


def test_billion_laughs_is_refused_before_parsing(tmp_path: Path) -> None:
    doc = _write(tmp_path, "laughs.rdf", _laughs())
    assert doc.stat().st_size < 1000
    error = _refused(doc)
    assert (error.line, error.column) == (2, 1)
    assert "DOCTYPE" in error.message


@pytest.mark.parametrize(
    "doctype",
    [
        pytest.param('<!DOCTYPE rdf:RDF SYSTEM "{url}/x.dtd">', id="external-dtd"),
        pytest.param('<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "{url}/e.txt">]>', id="external-entity"),
        pytest.param('<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>', id="parameter-entity"),
        pytest.param('<!doctype rdf:RDF [<!ENTITY e SYSTEM "file:///etc/passwd">]>', id="file-entity-lowercase"),
    ],
)
def test_external_entities_are_refused_without_a_request(tmp_path: Path, canary: Canary, doctype: str) -> None:
    body = doctype.replace("{url}", canary.url) + "\n" + _RDF_OPEN + (
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&e;</ex:p></rdf:Description></rdf:RDF>')
    error = _refused(_write(tmp_path, "external.rdf", body))
    assert (error.line, error.column) == (1, 1)


def test_an_entity_declaration_without_doctype_is_refused(tmp_path: Path) -> None:
    body = _RDF_OPEN + '\n<!ENTITY e "x">\n</rdf:RDF>'
    error = _refused(_write(tmp_path, "entity.rdf", body))
    assert (error.line, error.column) == (2, 1)


def test_deep_xml_is_refused(tmp_path: Path) -> None:
    body = _RDF_OPEN + "\n" + "<ex:x>" * 300 + "</ex:x>" * 300 + "</rdf:RDF>"
    error = _refused(_write(tmp_path, "deep.rdf", body))
    assert error.line == 2


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    body = _RDF_OPEN + '\n<rdf:Description rdf:about="http://example.org/a"><ex:p>質量</ex:q></rdf:Description>'
    error = _refused(_write(tmp_path, "broken.rdf", body + "</rdf:RDF>"))
    # `</ex:q>` starts at column 59 (code points, not bytes); expat points two characters in, at the name
    assert (error.line, error.column) == (2, 61)


def test_an_invalid_iri_in_rdfxml_is_located(tmp_path: Path) -> None:
    body = _RDF_OPEN + '\n<rdf:Description rdf:about="http://example.org/a b"><ex:p>x</ex:p>'
    body += "</rdf:Description></rdf:RDF>"
    error = _refused(_write(tmp_path, "iri.rdf", body))
    assert (error.line, error.column) == (2, 29)


def test_plain_rdfxml_parses(tmp_path: Path) -> None:
    body = _RDF_OPEN + ('<rdf:Description rdf:about="http://example.org/a"><ex:p xml:lang="zh-Hant">質量月</ex:p>'
                        "</rdf:Description></rdf:RDF>")
    with deadline(SECONDS):
        assert set(parse_rdf(_write(tmp_path, "ok.rdf", body))) == {(EX.a, EX.p, Literal("質量月", lang="zh-Hant"))}


# -- Turtle family: invalid IRIs and surrogates refused with a place ------------------------------------------------


@pytest.mark.parametrize("char", list(' <>"{}|^`\\'))
def test_invalid_iri_characters_are_refused(tmp_path: Path, char: str) -> None:
    text = "<http://example.org/a> <http://example.org/p> 1 .\n"
    text += f"<http://example.org/a{char}b> <http://example.org/p> 2 .\n"
    error = _refused(_write(tmp_path, "iri.ttl", text))
    assert error.line == 2


@pytest.mark.parametrize(
    ("text", "column"),
    [
        pytest.param('<http://example.org/a\\u0020b> <http://example.org/p> "x" .', 1, id="escaped-space-in-iri"),
        pytest.param('<http://example.org/a\\uD800> <http://example.org/p> "x" .', 22, id="surrogate-in-iri"),
        pytest.param('<http://example.org/a> <http://example.org/p> "\\uDC00" .', 48, id="surrogate-in-literal"),
        pytest.param('<http://example.org/a> <http://example.org/p> "\\U0000D800" .', 48, id="long-escape"),
    ],
)
def test_escapes_cannot_smuggle_bad_code_points(tmp_path: Path, text: str, column: int) -> None:
    error = _refused(_write(tmp_path, "escape.nt", text))
    assert (error.line, error.column) == (1, column)


def test_a_relative_iri_is_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, "relative.ttl", '<a> <http://example.org/p> "x" .'))
    assert error.line == 1


def test_bytes_that_are_not_utf8_are_refused_with_a_place(tmp_path: Path) -> None:
    doc = tmp_path / "latin1.ttl"
    doc.write_bytes(b'<http://example.org/a> <http://example.org/p> "ok" .\n<http://example.org/a> '
                    b'<http://example.org/p> "caf\xe9" .\n')
    error = _refused(doc)
    assert (error.line, error.column) == (2, 51)


def test_too_large_is_refused(tmp_path: Path) -> None:
    doc = _write(tmp_path, "big.nt", '<http://example.org/a> <http://example.org/p> "x" .\n' * 10)
    _refused(doc, max_bytes=100)
    with deadline(SECONDS):
        assert len(parse_rdf(doc, max_bytes=10_000)) == 1


def test_deep_turtle_nesting_is_refused(tmp_path: Path) -> None:
    text = "<http://example.org/a> <http://example.org/p>\n" + "[ <http://example.org/p> " * 200 + "1" + " ]" * 200
    text += " ."
    error = _refused(_write(tmp_path, "deep.ttl", text))
    assert (error.line, error.column) == (2, 25 * 128 + 1)  # the 129th `[`


def test_brackets_inside_strings_and_iris_do_not_count(tmp_path: Path) -> None:
    text = f'<http://example.org/a> <http://example.org/p> "{"[" * 500}" .\n# {"(" * 500}\n'
    with deadline(SECONDS):
        assert len(parse_rdf(_write(tmp_path, "strings.ttl", text))) == 1


def test_a_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    text = '<http://example.org/a> <http://example.org/p> "x" ;\n    <http://example.org/q> oops .\n'
    error = _refused(_write(tmp_path, "broken.ttl", text))
    assert (error.line, error.column) == (2, 28)


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, "graph.txt", '<http://example.org/a> <http://example.org/p> "x" .'))
    assert ".txt" in error.message


# -- every format reads back what rdflib wrote ---------------------------------------------------------------------


def _sample() -> Graph:
    graph = Graph()
    node = BNode()
    graph.add((EX.a, EX.label, Literal("省市場監管局（江蘇）", lang="zh-Hant")))
    graph.add((EX.a, EX.label, Literal("省市场监管局", lang="zh-Hans")))
    graph.add((EX.a, EX["count"], Literal(22)))
    graph.add((EX.a, EX.note, Literal("tab\there \u2028 豈 ！")))
    graph.add((EX.a, EX.ref, node))
    graph.add((node, EX.value, Literal("2022", datatype=XSD.gYear)))
    return graph


@pytest.mark.parametrize(("fmt", "suffix"), [("turtle", "ttl"), ("nt", "nt"), ("xml", "rdf"), ("json-ld", "jsonld"),
                                             ("trig", "trig"), ("nquads", "nq")])
def test_every_format_reads_back(tmp_path: Path, fmt: str, suffix: str) -> None:
    doc = tmp_path / f"sample.{suffix}"
    if fmt in ("trig", "nquads"):  # in a named graph: parse_rdf merges the graphs of a dataset
        dataset = Dataset()
        named = dataset.graph(EX.g)
        for triple in _sample():
            named.add(triple)
        doc.write_text(dataset.serialize(format=fmt), encoding="utf-8")
    else:
        doc.write_text(_sample().serialize(format=fmt), encoding="utf-8")
    with deadline(SECONDS):
        graph = parse_rdf(doc)
    assert graph.isomorphic(_sample())
    tags = {o.language for o in graph.objects(EX.a, EX.label) if isinstance(o, Literal)}
    assert tags == {"zh-Hant", "zh-Hans"}  # the conventional case, though Oxigraph lower-cases tags


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    one = _write(tmp_path, "one.nt", "_:b <http://example.org/p> <http://example.org/x> .\n")
    two = _write(tmp_path, "two.nt", "_:b <http://example.org/p> <http://example.org/y> .\n")
    store = OxigraphStore()
    store.load([one, two])
    assert store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }").rows[0][0] == Literal(2)
    labels = {q.subject for q in read_quads(one) + read_quads(one)}
    assert len(labels) == 2


# -- every reader of user RDF goes through the door ----------------------------------------------------------------


def _hostile(folder: Path, canary: Canary) -> Path:
    url = canary.iri("c")
    return _write(folder, "hostile.jsonld", f'{{\n"@context": "{url}",\n"@id": "http://example.org/a"}}')


@pytest.mark.parametrize("store_class", [OxigraphStore, RdflibStore])
def test_stores_load_through_the_door(tmp_path: Path, canary: Canary, store_class: type[Store]) -> None:
    store = store_class()
    with deadline(SECONDS), pytest.raises(InputError) as caught:
        store.load([_hostile(tmp_path, canary)])
    assert (caught.value.line, caught.value.column) == (2, 14)
    with deadline(SECONDS), pytest.raises(InputError):
        store.load([_write(tmp_path, "laughs.rdf", _laughs())])


def test_validate_reads_through_the_door(tmp_path: Path, canary: Canary) -> None:
    with deadline(SECONDS), pytest.raises(InputError) as caught:
        validate_files([_hostile(tmp_path, canary)])
    assert caught.value.line == 2


@pytest.mark.parametrize("args", [["validate"], ["query", "lookup", "--param", "label=x", "--data"]])
def test_the_cli_refuses_with_a_message_and_exit_2(tmp_path: Path, canary: Canary, args: list[str]) -> None:
    hostile = _hostile(tmp_path, canary)
    with deadline(60):
        result = CliRunner().invoke(main, [*args, str(hostile)])
    assert result.exit_code == 2, result.output
    assert f"{hostile}:2:14:" in result.output
    assert "Traceback" not in result.output


# -- queries at the door (kg/sparql.py and kg/store.py belong to others; these check what exists) -------------------


@pytest.fixture
def small_store() -> Store:
    store = OxigraphStore()
    graph = Graph()
    graph.add((EX.a, EX.label, Literal("甲")))
    graph.add((EX.b, EX.label, Literal("乙")))
    store.add_graph(graph)
    return store


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }", id="service"),
        pytest.param("SELECT * FROM <{url}/g.ttl> WHERE { ?s ?p ?o }", id="from-http"),
        pytest.param("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", id="from-file"),
        pytest.param("SELECT * FROM NAMED <{url}/g> WHERE { GRAPH ?g { ?s ?p ?o } }", id="from-named"),
    ],
)
@pytest.mark.parametrize("store_class", [OxigraphStore, RdflibStore])
def test_federation_is_refused_without_a_request(canary: Canary, query: str, store_class: type[Store]) -> None:
    with deadline(SECONDS), pytest.raises(QueryError):
        store_class().query(query.replace("{url}", canary.url))


def test_a_pasted_parameter_matches_nothing(small_store: Store) -> None:
    query = "SELECT ?s WHERE { ?s <http://example.org/label> ?label }"
    with deadline(SECONDS):
        result = small_store.query(query, {"label": Literal('x" || true || "')})
    assert result.rows == []


def test_four_threads_query_at_once_without_errors(small_store: Store) -> None:
    rdflib_store = RdflibStore()
    rdflib_store.add_graph(small_store.to_graph())
    errors: list[BaseException] = []
    query = "SELECT ?s ?label WHERE { ?s <http://example.org/label> ?label } ORDER BY ?s"

    def work() -> None:
        try:
            for _ in range(25):
                assert len(rdflib_store.query(query).rows) == 2
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    with deadline(60):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []


def test_the_server_reads_through_the_door(tmp_path: Path, canary: Canary) -> None:
    """``kg serve --data`` (kg/server.py ``load_graph``) parses user files with ``parse_rdf`` too."""
    from kg.publish.load import load_graph

    with deadline(SECONDS), pytest.raises(InputError) as caught:
        load_graph([_hostile(tmp_path, canary)])
    assert (caught.value.line, caught.value.column) == (2, 14)
