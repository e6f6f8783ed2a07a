"""The query catalogue: headers, hand-checked answers on the seed and fixtures, every engine, the README."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic

from kg.cli import main
from kg.namespaces import PREFIXES
from kg.paths import KG_FILE, QUERIES_DIR
from kg.query.answer import run_query
from kg.query.catalogue import CatalogueQuery, catalogue, catalogue_readme, find_query, load_query
from kg.query.endpoint import EndpointStore
from kg.query.local import OxigraphStore, RdflibStore
from kg.query.push import push
from kg.query.results import format_result
from kg.query.store import QueryResult, Store
from tests.repo import ROOT

EXPECTED = ROOT / "tests" / "expected"
CASES_FILE = EXPECTED / "cases.toml"
QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))
CASES: dict[str, Any] = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))


def _cases() -> list[dict[str, Any]]:
    """One seed case per query file, plus the extra cases of cases.toml (other fixtures, languages)."""
    seed = CASES.get("seed", {})
    out = [{"name": p.stem, "query": p.stem, "data": [str(KG_FILE.relative_to(ROOT))], **seed.get(p.stem, {})}
           for p in QUERY_FILES]
    return out + [dict(c) for c in CASES.get("extra", [])]


ALL_CASES = _cases()


def _expected_file(name: str) -> Path:
    for suffix in (".csv", ".ttl"):
        if (EXPECTED / f"{name}{suffix}").is_file():
            return EXPECTED / f"{name}{suffix}"
    raise AssertionError(f"no expected file for {name} in {EXPECTED}")


def _data(case: dict[str, Any]) -> list[Path]:
    paths = [ROOT / p for p in case["data"]]
    return paths


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _ordered(query: CatalogueQuery) -> bool:
    return re.search(r"^ORDER BY", query.text, re.MULTILINE) is not None


def assert_matches(result: QueryResult, expected: Path, query: CatalogueQuery) -> None:
    """CSV: same header, same rows (in order when the query has ORDER BY); CONSTRUCT: isomorphic graphs."""
    if expected.suffix == ".ttl":
        want = Graph().parse(expected, format="turtle")
        assert result.graph is not None
        if not isomorphic(result.graph, want):
            _, only_got, only_want = graph_diff(result.graph, want)
            raise AssertionError(
                f"only in result:\n{only_got.serialize(format='nt')}\nonly in expected:\n"
                f"{only_want.serialize(format='nt')}"
            )
        return
    got = _rows(format_result(result, "csv"))
    want = _rows(expected.read_text(encoding="utf-8"))
    assert got[0] == want[0], "header"
    if _ordered(query):
        assert got[1:] == want[1:]
    else:
        assert Counter(map(tuple, got[1:])) == Counter(map(tuple, want[1:]))


def _run(store: Store, case: dict[str, Any]) -> QueryResult:
    query = find_query(case["query"])
    return run_query(store, query, case.get("params", {}), lang=case.get("lang", "zh-Hant"))


def _open(engine: str, paths: list[Path]) -> Store:
    store: Store = OxigraphStore() if engine == "oxigraph" else RdflibStore()
    store.load(paths)
    return store


# -- headers and files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_header_and_parse(path: Path) -> None:
    query = load_query(path)
    assert query.summary and query.tags
    prepared = query.prepared()
    for param in query.params:
        assert param in prepared.variables, f"?{param} is not in the query"
    for prefix, iri in re.findall(r"^PREFIX\s+(\w*):\s*<([^>]*)>", query.text, re.MULTILINE | re.IGNORECASE):
        if prefix in PREFIXES:
            assert iri == PREFIXES[prefix], f"{prefix}: bound to {iri}"


def test_at_least_fifteen_queries() -> None:
    assert len([q for q in catalogue() if not q.slug.endswith("-violation")]) >= 15


def test_every_query_has_an_expected_file_and_back() -> None:
    names = {c["name"] for c in ALL_CASES}
    for case in ALL_CASES:
        _expected_file(case["name"])
    files = {p.stem for p in EXPECTED.iterdir() if p.suffix in (".csv", ".ttl")}
    assert files - names == set(), "expected files with no query or case"
    assert set(CASES.get("seed", {})) <= {p.stem for p in QUERY_FILES}, "cases.toml names a missing query"


def test_readme_is_generated_from_the_headers() -> None:
    assert (QUERIES_DIR / "README.md").read_text(encoding="utf-8") == catalogue_readme()


# -- answers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("case", ALL_CASES, ids=[c["name"] for c in ALL_CASES])
def test_query_answers(case: dict[str, Any], engine: str, request: pytest.FixtureRequest) -> None:
    if "disagreement" in case:
        request.applymarker(pytest.mark.xfail(reason=case["disagreement"], strict=True))
    if engine in case.get("engine_gap", {}):
        request.applymarker(pytest.mark.xfail(reason=case["engine_gap"][engine], strict=True))
    store = _open(engine, _data(case))
    assert_matches(_run(store, case), _expected_file(case["name"]), find_query(case["query"]))


def test_the_endpoint_answers_like_the_embedded_store(oxigraph_server: str) -> None:
    """Push each fixture set into its own named graph of a real Oxigraph server, query it there through
    SPARQLWrapper, and compare every case with the embedded store's answer."""
    pushed: dict[tuple[str, ...], str] = {}
    checked = 0
    for case in ALL_CASES:
        paths = [ROOT / p for p in case["data"]]
        if not all(p.is_file() for p in paths):
            continue
        key = tuple(case["data"])
        if key not in pushed:
            pushed[key] = f"https://w3id.org/govkg/test/graph/{len(pushed)}"
            local = _open("rdflib", paths)
            push(local.to_graph(), oxigraph_server + "/update", graph_iri=pushed[key])
        remote = EndpointStore(oxigraph_server + "/query", graph=pushed[key])
        embedded = _open("oxigraph", paths)
        got, want = _run(remote, case), _run(embedded, case)
        if want.graph is not None:
            assert got.graph is not None and isomorphic(got.graph, want.graph), case["name"]
        else:
            assert (got.variables, got.rows) == (want.variables, want.rows), case["name"]
        checked += 1
    assert checked > 0


def test_rdflib_and_oxigraph_agree_on_every_case() -> None:
    for case in ALL_CASES:
        paths = [ROOT / p for p in case["data"]]
        if not all(p.is_file() for p in paths) or "rdflib" in case.get("engine_gap", {}):
            continue
        a, b = _run(_open("rdflib", paths), case), _run(_open("oxigraph", paths), case)
        if a.graph is not None:
            assert b.graph is not None and isomorphic(a.graph, b.graph), case["name"]
        else:
            assert a.variables == b.variables, case["name"]
            assert Counter(map(_comparable, a.rows)) == Counter(map(_comparable, b.rows)), case["name"]


def _comparable(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Oxigraph stores derived integer types (xsd:nonNegativeInteger …) as xsd:integer: compare numbers by value."""
    return tuple(t.toPython() if isinstance(t, Literal) and isinstance(t.toPython(), int) else t for t in row)


# -- the command line ----------------------------------------------------------------------------------

MINI = str(ROOT / "tests" / "data" / "mini.ttl")
HEADER = "#+ summary: x\n#+ tags: [x]\n#+ params: []\n"


def test_cli_lists_the_catalogue() -> None:
    result = CliRunner().invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    assert {line.split()[0] for line in result.output.splitlines()} == {p.stem for p in QUERY_FILES}


def test_cli_runs_a_query_by_label_in_simplified_script() -> None:
    result = CliRunner().invoke(
        main,
        ["query", "agency-profile", "--param", "agency=测试市场监管局", "--data", MINI, "--format", "csv"],
    )
    assert result.exit_code == 0, result.output
    rows = _rows(result.output)
    assert [r[0] for r in rows[1:]] == [
        "https://w3id.org/govkg/id/activity/tt-2022-qm/01",
        "https://w3id.org/govkg/id/activity/tt-2022-qm/04",
    ]


def test_cli_labels_follow_lang() -> None:
    for lang, label in [("en", "Test Department of Transport"), ("zh-Hans", "测试交通运输厅"),
                        ("zh-Hant", "測試交通運輸廳")]:
        args = ["query", "media", "--data", MINI, "--lang", lang, "--format", "tsv"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert f'"{label}"' in result.output


def test_cli_truncates_with_a_flag_and_a_warning() -> None:
    result = CliRunner().invoke(main, ["query", "agencies-by-theme", "--data", MINI, "--limit", "2",
                                       "--format", "json"])
    assert result.exit_code == 0
    assert '"truncated": true' in result.output
    assert "truncated at 2 rows" in result.output  # CliRunner mixes stderr into output


def test_cli_reports_a_syntax_error_with_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text(HEADER + "SELECT ?s WHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(bad), "--data", MINI])
    assert result.exit_code == 2
    assert re.search(r"bad\.rq:\d+:\d+: SPARQL syntax", result.output), result.output
    assert "Traceback" not in result.output


def test_cli_refuses_an_update(tmp_path: Path) -> None:
    upd = tmp_path / "upd.rq"
    upd.write_text(HEADER + "DELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(upd), "--data", MINI])
    assert result.exit_code == 2
    assert "updates are refused" in result.output


def test_cli_unknown_parameter_is_an_error() -> None:
    result = CliRunner().invoke(main, ["query", "media", "--data", MINI, "--param", "agency=x"])
    assert result.exit_code == 2
    assert "no parameter 'agency'" in result.output


def test_cli_reason_finds_agencies_as_org_organization(tmp_path: Path) -> None:
    q = tmp_path / "orgs.rq"
    q.write_text("#+ summary: x\n#+ tags: [x]\n#+ params: []\nPREFIX org: <http://www.w3.org/ns/org#>\n"
                 "SELECT ?o WHERE { ?o a org:Organization } ORDER BY ?o\n", encoding="utf-8")
    plain = CliRunner().invoke(main, ["query", str(q), "--data", MINI, "--format", "csv"])
    reasoned = CliRunner().invoke(main, ["query", str(q), "--data", MINI, "--format", "csv", "--reason"])
    assert plain.exit_code == 0 and reasoned.exit_code == 0, reasoned.output
    assert "tt-amr" not in plain.output
    for slug in ("tt-amr", "tt-ca", "tt-dot", "tt-office"):
        assert f"https://w3id.org/govkg/id/agency/{slug}" in reasoned.output


def test_reason_on_the_seed_finds_every_agency_and_activity(seed_graph: Graph) -> None:
    """With --reason, org:Organization finds all the seed's agencies and prov:Activity its 22 activities."""
    from kg.query.reasoning import materialise_closure, ontology_graph

    store = OxigraphStore()
    store.add_graph(materialise_closure(seed_graph, ontology_graph()))
    prologue = ("PREFIX org: <http://www.w3.org/ns/org#> PREFIX prov: <http://www.w3.org/ns/prov#> "
                "PREFIX govkg: <https://w3id.org/govkg/ontology#> ")
    missing = store.query(
        prologue + "SELECT ?a WHERE { ?a a govkg:Agency FILTER NOT EXISTS { ?a a org:Organization } }"
    )
    assert missing.rows == []
    acts = store.query(prologue + "SELECT ?a WHERE { ?a a prov:Activity ; govkg:partOfCampaign ?c }")
    assert len(acts.rows) == 22  # activities 01-22 of the seed, one per agency-led statement
