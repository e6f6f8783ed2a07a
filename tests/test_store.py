"""Stores: loading, the safety check on the parsed algebra, terms as parameters, limits, closure, push."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import InputError, QueryError
from kg.query.answer import run_query
from kg.query.catalogue import find_query
from kg.query.dataset import open_dataset
from kg.query.endpoint import EndpointStore
from kg.query.local import OxigraphStore, RdflibStore
from kg.query.push import push
from kg.query.reasoning import materialise_closure
from kg.query.results import display_width, format_result
from kg.query.sparql import check_safety, inject_values, ntriples_term, prepare
from kg.query.store import QueryResult, Store
from tests.repo import ROOT

DATA = ROOT / "tests" / "data"
MINI = DATA / "mini.ttl"
HOSTILE = [
    'x" || true || "',
    "x' || true || '",
    "} } SELECT * WHERE { ?s ?p ?o",
    "# comment",
    "line\nbreak",
    "a > b",
    '"""',
    "\\u0022) } INSERT DATA { <a> <b> <c> } #",
    "測試\r\n\t{}",
]
ENGINES = ["oxigraph", "rdflib"]


def _store(engine: str, *paths: Path) -> Store:
    store: Store = OxigraphStore() if engine == "oxigraph" else RdflibStore()
    store.load(paths or (MINI,))
    return store


# -- loading -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_a_broken_file_names_the_file_and_line(engine: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> \"oops .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        _store(engine, bad)
    assert str(bad) in str(caught.value)
    assert caught.value.line == 2


def test_the_on_disk_store_keeps_its_triples(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with open_dataset([MINI], location=location) as store:
        count = len(store.to_graph())
    assert count == len(Graph().parse(MINI))
    with open_dataset(location=location) as again:  # no --data: the store's own triples, not data/kg.ttl
        assert len(again.to_graph()) == count


# -- the safety check --------------------------------------------------------------------------------------

REFUSED = [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { service silent <http://example.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
    "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } FROM <http://example.org/x> WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("text", REFUSED)
def test_service_and_outside_graphs_are_refused(engine: str, text: str) -> None:
    with pytest.raises(QueryError, match="refused"):
        _store(engine).query(text)


def test_a_keyword_inside_a_string_or_variable_is_not_refused() -> None:
    text = 'SELECT ?service WHERE { ?service ?p "SERVICE <http://x> { }" }'
    assert _store("oxigraph").query(text).rows == []


def test_federation_is_allowed_only_on_request() -> None:
    prepared = prepare(REFUSED[0])
    check_safety(prepared, known_graphs=set(), allow_federation=True)
    with pytest.raises(QueryError):
        check_safety(prepared, known_graphs=set())


@pytest.mark.parametrize(
    "text",
    ["LOAD <http://example.org/x.ttl>", "INSERT DATA { <http://a> <http://b> <http://c> }",
     "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "DROP ALL"],
)
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(QueryError, match="updates are refused"):
        _store("oxigraph").query(text)


def test_an_escape_that_expands_to_an_escape_is_refused() -> None:
    with pytest.raises(QueryError, match="escape"):
        prepare("SELECT * WHERE { \\u005Cu0053ERVICE <http://x> { ?s ?p ?o } }")


# -- parameters --------------------------------------------------------------------------------------------


def _graph_with_labels(tmp_path: Path) -> Path:
    """One resource per hostile string, labelled with exactly that string."""
    g = Graph()
    for i, text in enumerate(HOSTILE):
        g.add((URIRef(f"https://example.org/r/{i}"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
               Literal(text)))
    path = tmp_path / "hostile.nt"
    g.serialize(path, format="nt", encoding="utf-8")
    return path


def _lookup_all(store: Store) -> None:
    query = find_query("lookup")
    for i, text in enumerate(HOSTILE):
        result = run_query(store, query, {"label": text})
        assert [str(r[0]) for r in result.rows] == [f"https://example.org/r/{i}"], repr(text)


@pytest.mark.parametrize("engine", ENGINES)
def test_hostile_literals_bind_as_literals(engine: str, tmp_path: Path) -> None:
    _lookup_all(_store(engine, _graph_with_labels(tmp_path)))


def test_hostile_literals_bind_as_literals_on_an_endpoint(oxigraph_server: str, tmp_path: Path) -> None:
    graph = "https://w3id.org/govkg/test/graph/hostile"
    push(Graph().parse(_graph_with_labels(tmp_path)), oxigraph_server + "/update", graph_iri=graph)
    _lookup_all(EndpointStore(oxigraph_server + "/query", graph=graph))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_for_an_iri_parameter_are_refused(engine: str, value: str) -> None:
    store = _store(engine)
    with pytest.raises(QueryError):
        run_query(store, find_query("agency-profile"), {"agency": value})


@pytest.mark.parametrize(
    "value",
    ["http://a>b", "http://x> } ; DROP ALL ; { <y", "https://ex.org/a b", "http://a\n#", "<http://a>>",
     "govkg:x>y"],
)
def test_a_non_iri_where_an_iri_is_expected_is_an_error(value: str) -> None:
    with pytest.raises(QueryError):
        run_query(_store("oxigraph"), find_query("agency-profile"), {"agency": value})


def test_ntriples_terms_are_escaped() -> None:
    assert ntriples_term(Literal('a"b\\c\nd')) == '"a\\"b\\\\c\\nd"'
    assert ntriples_term(Literal("x", lang="zh-Hant")) == '"x"@zh-Hant'
    with pytest.raises(QueryError):
        ntriples_term(URIRef("http://a>b"))


def test_values_go_first_in_the_where_group_past_braces_in_strings_comments_and_templates() -> None:
    text = ('# { a comment with braces }\nCONSTRUCT { ?s <http://p> "}{" } WHERE {\n'
            '  ?s ?p ?o FILTER(?o != "{") }')
    prepared = prepare(text)
    out = inject_values(prepared, {"s": URIRef("http://s")})
    assert 'WHERE { VALUES (?s) { (<http://s>) } \n  ?s ?p ?o' in out
    with pytest.raises(QueryError, match="no variable"):
        inject_values(prepared, {"nope": Literal(1)})


# -- results ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_results_are_capped_with_a_flag(engine: str) -> None:
    store = _store(engine)
    capped = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", limit=5)
    assert len(capped.rows) == 5 and capped.truncated
    whole = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(whole.rows) == len(Graph().parse(MINI)) and not whole.truncated


@pytest.mark.parametrize("engine", ENGINES)
def test_terms_that_share_a_lexical_form_stay_apart_in_the_rows(engine: str) -> None:
    """Oxigraph's answers are converted through a memo of terms: "1", 1, "1"@en and <urn:1> must not be one entry."""
    store = _store(engine)
    text = ('SELECT ?x ?y WHERE { VALUES (?x ?y) { ("1" 1) (1 "1"@en) ("1"@en "1"@zh-Hans) ("1"@zh-Hant <urn:1>)'
            ' (<urn:1> "1"^^<http://www.w3.org/2001/XMLSchema#decimal>) } }')
    rows = store.query(text).rows
    want = [(Literal("1"), Literal(1)), (Literal(1), Literal("1", lang="en")),
            (Literal("1", lang="en"), Literal("1", lang="zh-Hans")),
            (Literal("1", lang="zh-Hant"), URIRef("urn:1")),
            (URIRef("urn:1"), Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))]
    assert sorted(map(repr, rows)) == sorted(map(repr, want))


def test_tables_line_up_with_chinese_text() -> None:
    result = QueryResult("SELECT", ["name", "n"], [(Literal("省市場監管局"), Literal(1)),
                                                   (Literal("abc"), Literal(22)),
                                                   (Literal("人民銀行南京分行"), Literal(3))])
    lines = format_result(result, "table").splitlines()
    starts = set()
    for line in lines[:2] + lines[2:5]:
        cell = line.split("  ")[0]
        starts.add(display_width(line[: len(line) - len(line[len(cell):].lstrip())]))
    assert len(starts) == 1, lines
    assert display_width("人民銀行南京分行") == 16


# -- reasoning -------------------------------------------------------------------------------------------


def test_the_closure_finds_agencies_as_org_organization_and_activities_as_prov_activity() -> None:
    closed = materialise_closure(Graph().parse(MINI), Graph().parse(DATA / "mini-ontology.ttl"))
    store = RdflibStore()
    store.add_graph(closed)
    orgs = store.query("SELECT ?o WHERE { ?o a <http://www.w3.org/ns/org#Organization> }").rows
    acts = store.query("SELECT ?a WHERE { ?a a <http://www.w3.org/ns/prov#Activity> }").rows
    assoc = store.query("SELECT ?a WHERE { ?a <http://www.w3.org/ns/prov#wasAssociatedWith> ?x }").rows
    assert {str(r[0]).rsplit("/", 1)[1] for r in orgs} == {"tt-amr", "tt-ca", "tt-dot", "tt-office"}
    assert len(acts) == 4 and len({r[0] for r in assoc}) == 4


# -- pushing ---------------------------------------------------------------------------------------------


def test_push_by_graph_store_protocol_and_by_update(oxigraph_server: str) -> None:
    mini = Graph().parse(MINI)
    push(mini, oxigraph_server + "/update", graph_iri="https://w3id.org/govkg/test/graph/by-update")
    push(mini, "", graph_iri="https://w3id.org/govkg/test/graph/by-gsp", store_url=oxigraph_server + "/store")
    for graph in ("by-update", "by-gsp"):
        remote = EndpointStore(oxigraph_server + "/query", graph=f"https://w3id.org/govkg/test/graph/{graph}")
        rows = remote.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        assert int(rows[0][0]) == len(mini)  # type: ignore[arg-type]


def test_cli_push_then_query_the_endpoint(oxigraph_server: str) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    graph = "https://w3id.org/govkg/test/graph/cli"
    pushed = CliRunner().invoke(main, ["push", "--endpoint", oxigraph_server + "/query", "--graph", graph,
                                       "--data", str(MINI)])
    assert pushed.exit_code == 0, pushed.output
    result = CliRunner().invoke(main, ["query", "joint-actions", "--endpoint", oxigraph_server + "/query",
                                       "--graph", graph, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.count("tt-2022-qm/04") == 2


def test_an_unreachable_endpoint_is_a_store_error() -> None:
    from kg.errors import StoreError

    with pytest.raises(StoreError):
        EndpointStore("http://127.0.0.1:9/query").query("ASK { ?s ?p ?o }")
    with pytest.raises(InputError):
        EndpointStore("file:///etc/passwd")
