"""``kg serve`` on 127.0.0.1: the SPARQL 1.1 Protocol through SPARQLWrapper, content negotiation, and refusals."""

from __future__ import annotations

import csv
import http.client
import io
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.namespaces import ID, SKOS, VOID
from kg.paths import KG_FILE
from kg.query.answer import run_query
from kg.query.catalogue import find_query
from kg.query.endpoint import EndpointStore
from kg.query.local import OxigraphStore
from kg.serve.app import ServerConfig
from kg.serve.server import make_server, open_app
from tests.repo import ROOT
from tests.test_queries import ALL_CASES, assert_matches

AMR = URIRef(ID + "agency/js-amr")
AMR_EN = "Jiangsu Provincial Administration for Market Regulation"
LIMIT = 1000
TIMEOUT = 3.0


@dataclass
class Running:
    host: str
    port: int
    graph: Graph

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()


@contextmanager
def serving(graph: Graph, **config: Any) -> Iterator[Running]:
    """Run ``kg serve``'s app over ``graph`` in a thread on a free 127.0.0.1 port; stop it afterwards."""
    cfg = ServerConfig(host="127.0.0.1", port=0, allow_hosts=config.pop("allow_hosts", ()),
                       cors=config.pop("cors", True))
    app = open_app(graph, base=str(ID), config=cfg, timeout=config.pop("timeout", TIMEOUT),
                   limit=config.pop("limit", LIMIT), workers=1, export_dir=config.pop("export_dir", None))
    server = make_server(app)
    server.start()
    try:
        yield Running("127.0.0.1", server.server_port, graph)
    finally:
        server.stop()
        app.close()


@pytest.fixture(scope="module")
def served(seed_graph: Graph) -> Iterator[Running]:
    with serving(seed_graph) as running:
        yield running


def _sparql_get(served: Running, query: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    return served.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})


LABEL_QUERY = f'SELECT ?l WHERE {{ <{AMR}> <{SKOS.prefLabel}> ?l FILTER(lang(?l) = "en") }}'


# -- the catalogue through SPARQLWrapper ---------------------------------------------------------------


def _seed_cases() -> list[dict[str, Any]]:
    return [c for c in ALL_CASES if c["data"] == [str(KG_FILE.relative_to(ROOT))]]


def test_sparqlwrapper_runs_the_catalogue_and_gets_the_embedded_answers(served: Running) -> None:
    remote = EndpointStore(served.url + "/sparql")  # SPARQLWrapper, POST form, format=json|turtle
    embedded = OxigraphStore()
    embedded.load([KG_FILE])
    cases = _seed_cases()
    assert len(cases) >= 30
    for case in cases:
        query = find_query(case["query"])
        params, lang = case.get("params", {}), case.get("lang", "zh-Hant")
        got = run_query(remote, query, params, lang=lang)
        want = run_query(embedded, query, params, lang=lang)
        if want.graph is not None:
            assert got.graph is not None and isomorphic(got.graph, want.graph), case["name"]
        else:
            assert (got.variables, got.rows) == (want.variables, want.rows), case["name"]
        if "disagreement" not in case:
            from tests.test_queries import _expected_file

            assert_matches(got, _expected_file(case["name"]), query)


# -- the protocol ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_select_in_each_results_format(served: Running, accept: str) -> None:
    status, headers, body = _sparql_get(served, LABEL_QUERY, accept)
    assert status == 200
    assert headers["content-type"].startswith(accept)
    text = body.decode("utf-8")
    if accept.endswith("json"):
        assert json.loads(text)["results"]["bindings"] == [{"l": {"type": "literal", "value": AMR_EN,
                                                                  "xml:lang": "en"}}]
    elif accept.endswith("xml"):
        assert f'<literal xml:lang="en">{AMR_EN}</literal>' in text
    elif accept == "text/csv":
        assert list(csv.reader(io.StringIO(text))) == [["l"], [AMR_EN]]
    else:
        assert text == f'?l\n"{AMR_EN}"@en\n'
    assert headers["kg-result-truncated"] == "false"


def test_post_form_and_direct_post(served: Running) -> None:
    form = urllib.parse.urlencode({"query": LABEL_QUERY}).encode()
    direct = LABEL_QUERY.encode()
    for body, ctype in ((form, "application/x-www-form-urlencoded"), (direct, "application/sparql-query")):
        status, _, data = served.request("POST", "/sparql", body, {"Content-Type": ctype, "Accept": "text/csv"})
        assert status == 200
        assert data.decode().splitlines() == ["l", AMR_EN]


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_construct_and_describe_as_turtle_and_json_ld(served: Running, accept: str, fmt: str) -> None:
    construct = f"CONSTRUCT {{ <{AMR}> <{SKOS.prefLabel}> ?l }} WHERE {{ <{AMR}> <{SKOS.prefLabel}> ?l }}"
    status, headers, body = _sparql_get(served, construct, accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    graph = Graph().parse(data=body.decode(), format=fmt)
    assert set(graph.objects(AMR, SKOS.prefLabel)) == {
        Literal("江蘇省市場監督管理局", lang="zh-Hant"), Literal("江苏省市场监督管理局", lang="zh-Hans"),
        Literal(AMR_EN, lang="en")}
    status, _, body = _sparql_get(served, f"DESCRIBE <{AMR}>", accept)
    assert status == 200
    assert Literal(AMR_EN, lang="en") in set(Graph().parse(data=body.decode(), format=fmt).objects(AMR, SKOS.prefLabel))


def test_ask(served: Running) -> None:
    status, _, body = _sparql_get(served, f"ASK {{ <{AMR}> ?p ?o }}", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_result_cap_sets_the_truncated_header(served: Running) -> None:
    assert len(served.graph) > LIMIT
    status, headers, body = _sparql_get(served, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
    assert status == 200
    assert headers["kg-result-truncated"] == "true"
    assert len(list(csv.reader(io.StringIO(body.decode())))) == LIMIT + 1


def test_unacceptable_result_type_is_406(served: Running) -> None:
    assert _sparql_get(served, LABEL_QUERY, "image/png")[0] == 406
    assert _sparql_get(served, f"DESCRIBE <{AMR}>", "text/csv")[0] == 406


def test_malformed_sparql_is_400_with_the_parser_message(served: Running) -> None:
    status, _, body = _sparql_get(served, "SELECT ?x WHERE { ?x ?y }", "text/csv")
    assert status == 400
    assert "SPARQL syntax" in body.decode()


@pytest.mark.parametrize("query", ["SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                                   "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"])
def test_federation_is_refused(served: Running, query: str) -> None:
    status, _, body = _sparql_get(served, query, "text/csv")
    assert status == 400 and "refused" in body.decode()


def test_updates_are_refused_every_way(served: Running) -> None:
    update = "DELETE WHERE { ?s ?p ?o }"
    form = urllib.parse.urlencode({"update": update}).encode()
    assert served.request("POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert served.request("POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    status, _, body = _sparql_get(served, update, "text/csv")
    assert status == 400 and "updates are refused" in body.decode()
    assert served.request("PUT", "/sparql", b"", {"Content-Length": "0"})[0] == 405
    assert served.request("DELETE", "/id/agency/js-amr")[0] == 405
    # and the data is still there
    assert _sparql_get(served, LABEL_QUERY, "text/csv")[2].decode().splitlines() == ["l", AMR_EN]


def test_a_runaway_query_is_stopped_and_the_server_goes_on(served: Running) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, body = _sparql_get(served, runaway, "text/csv")
    assert status == 503 and "stopped" in body.decode()
    assert _sparql_get(served, LABEL_QUERY, "text/csv")[0] == 200


def test_cheap_queries_are_answered_while_a_cross_join_holds_the_general_worker(served: Running) -> None:
    """The catalogue and queries without a cross join have a lane of their own (the load test's fix)."""
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    heavy: list[int] = []
    thread = threading.Thread(target=lambda: heavy.append(_sparql_get(served, runaway, "text/csv")[0]))
    thread.start()
    time.sleep(0.3)  # let the cross join take the only general worker
    assert thread.is_alive()
    assert _sparql_get(served, LABEL_QUERY, "text/csv")[0] == 200
    assert served.request("GET", "/queries/campaign-overview")[0] == 200
    assert thread.is_alive(), "the cheap queries were answered while the cross join still ran"
    thread.join()
    assert heavy == [503]


# -- content negotiation on the IRIs --------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "ext", "fmt"), [
    ("text/html", "html", None), ("application/xhtml+xml", "html", None), ("text/turtle", "ttl", "turtle"),
    ("application/ld+json", "jsonld", "json-ld"), ("application/n-triples", "nt", "nt"),
    ("application/rdf+xml", "rdf", "xml"), ("text/html;q=0.5, text/turtle", "ttl", "turtle"),
    ("*/*", "html", None), ("application/*", "jsonld", "json-ld"),
])
def test_iri_dereferences_by_content_negotiation(served: Running, accept: str, ext: str, fmt: str | None) -> None:
    status, headers, _ = served.request("GET", "/id/agency/js-amr", headers={"Accept": accept})
    assert status == 303
    assert headers["location"] == f"/id/agency/js-amr.{ext}"
    assert "accept" in headers["vary"].lower()
    status, headers, body = served.request("GET", headers["location"])
    assert status == 200
    text = body.decode("utf-8")
    if fmt is None:
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert "江蘇省市場監督管理局" in text
    else:
        graph = Graph().parse(data=text, format=fmt)
        assert (AMR, SKOS.prefLabel, Literal(AMR_EN, lang="en")) in graph


def test_unknown_media_type_is_406(served: Running) -> None:
    status, headers, _ = served.request("GET", "/id/agency/js-amr", headers={"Accept": "image/png, text/x-nothing"})
    assert status == 406
    assert "accept" in headers["vary"].lower()


def test_void(served: Running) -> None:
    status, headers, body = served.request("GET", "/.well-known/void", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    void = Graph().parse(data=body.decode(), format="turtle")
    assert URIRef(served.url + "/sparql") in set(void.objects(None, VOID.sparqlEndpoint))
    assert Literal(len(served.graph)) in set(void.objects(None, VOID.triples))
    assert served.request("GET", "/.well-known/void", headers={"Accept": "image/png"})[0] == 406


def test_pages_and_assets(served: Running) -> None:
    for path in ("/", "/query.html", "/sparql", "/class/agencies.html", "/static/style.css", "/static/query.js"):
        status, headers, _ = served.request("GET", path)
        assert status == 200, path
        assert "default-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
    assert served.request("GET", "/id/agency/no-such")[0] == 404


# -- refusals -------------------------------------------------------------------------------------------


def test_foreign_host_header_is_refused(served: Running) -> None:
    assert served.request("GET", "/", headers={"Host": "evil.example"})[0] == 400
    assert served.request("GET", "/", headers={"Host": f"evil.example:{served.port}"})[0] == 400
    assert served.request("GET", "/", headers={"Host": f"localhost:{served.port}"})[0] == 200


def test_allow_host_admits_a_name(seed_graph: Graph) -> None:
    with serving(seed_graph, allow_hosts=("kg.example",)) as running:
        assert running.request("GET", "/", headers={"Host": "kg.example"})[0] == 200
        assert running.request("GET", "/", headers={"Host": "other.example"})[0] == 400


def test_cross_origin_post_is_refused_except_queries(served: Running) -> None:
    """Queries are read-only and open to any origin (CORS); any other cross-origin POST is refused."""
    form = urllib.parse.urlencode({"query": LABEL_QUERY}).encode()
    ctype = {"Content-Type": "application/x-www-form-urlencoded"}
    assert served.request("POST", "/", form, {**ctype, "Origin": "http://evil.example"})[0] == 403
    assert served.request("POST", "/index.html", form, {**ctype, "Sec-Fetch-Site": "cross-site"})[0] == 403
    status, headers, _ = served.request("POST", "/sparql", form, {**ctype, "Origin": "http://evil.example"})
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    same = {**ctype, "Origin": f"http://127.0.0.1:{served.port}"}
    assert served.request("POST", "/sparql", form, same)[0] == 200
    # an update stays refused whatever the origin
    update = urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode()
    assert served.request("POST", "/sparql", update, {**ctype, "Origin": "http://evil.example"})[0] == 403


def test_no_cors_keeps_every_query_to_the_servers_own_pages(seed_graph: Graph) -> None:
    """kg serve --no-cors: no CORS header, no preflight, and a cross-origin POST of a query is refused too."""
    form = urllib.parse.urlencode({"query": LABEL_QUERY}).encode()
    ctype = {"Content-Type": "application/x-www-form-urlencoded"}
    with serving(seed_graph, cors=False) as running:
        status, headers, _ = running.request("POST", "/sparql", form, {**ctype, "Origin": "http://evil.example"})
        assert status == 403 and "access-control-allow-origin" not in headers
        target = "/sparql?" + urllib.parse.urlencode({"query": LABEL_QUERY})
        status, headers, _ = running.request("GET", target, headers={"Origin": "http://evil.example"})
        assert status == 200 and "access-control-allow-origin" not in headers  # the browser keeps it from the page
        preflight = {"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
        assert running.request("OPTIONS", "/sparql", headers=preflight)[0] == 405
        same = {**ctype, "Origin": f"http://127.0.0.1:{running.port}"}
        assert running.request("POST", "/sparql", form, same)[0] == 200


def test_size_limits(served: Running) -> None:
    # the server answers 413 from the headers alone, without reading the body (so none is sent here)
    with socket.create_connection((served.host, served.port), timeout=30) as sock:
        sock.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
                     f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {2 << 20}\r\n\r\n".encode())
        assert sock.recv(100).startswith(b"HTTP/1.1 413 ")
    headers = {f"X-Pad-{i}": "y" * 1000 for i in range(40)}
    assert served.request("GET", "/", headers=headers)[0] == 431


@pytest.mark.parametrize("path", [
    "/static/../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/%252e%252e/pyproject.toml",
    "/static/..%5c..%5cpyproject.toml", "/static/..\\..\\pyproject.toml", "/id/../../etc/passwd",
    "/static/%2E%2E%2F%2E%2E%2Fpyproject.toml", "/static/.%2e/kg/site.py", "/%2e%2e/%2e%2e/etc/passwd",
    "/static/%c0%ae%c0%ae/pyproject.toml", "/static/style.css%00.js",
])
def test_no_path_outside_the_site_is_served(served: Running, path: str) -> None:
    status, _, body = served.request("GET", path)
    assert status in (400, 404)
    assert b"[project]" not in body and b"root:" not in body and b"import" not in body


def test_export_folder_is_served_by_name_only(seed_graph: Graph, tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    (export / "govkg.nt").write_text(f"<{AMR}> <{SKOS.prefLabel}> \"x\"@en .\n", encoding="utf-8")
    (export / "void.ttl").write_text(
        "<https://w3id.org/govkg/id/dataset/govkg> a <http://rdfs.org/ns/void#Dataset> ;\n"
        "  <http://rdfs.org/ns/void#triples> 7 .\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    with serving(seed_graph, export_dir=export) as running:
        status, headers, body = running.request("GET", "/export/govkg.nt")
        assert status == 200 and headers["content-type"] == "application/n-triples"
        assert body.decode().startswith(f"<{AMR}>")
        status, _, body = running.request("GET", "/.well-known/void", headers={"Accept": "application/n-triples"})
        assert status == 200
        void = Graph().parse(data=body.decode(), format="nt")
        assert set(void.objects(None, VOID.triples)) == {Literal(7)}
        for path in ("/export/../secret.txt", "/export/%2e%2e/secret.txt", "/export/secret.txt"):
            status, _, body = running.request("GET", path)
            assert status in (400, 404) and b"TOP-SECRET" not in body
        # kg export swaps the folder while the server runs: a dump gone is a 404 (it was a 500 and a traceback),
        # one rewritten is sent whole at its new length
        (export / "govkg.nt").unlink()
        status, _, body = running.request("GET", "/export/govkg.nt")
        assert status == 404 and b"exports changed" in body
        (export / "govkg.nt").write_text("# a longer file than before\n" * 100, encoding="utf-8")
        status, headers, body = running.request("GET", "/export/govkg.nt")
        assert status == 200 and len(body) == int(headers["content-length"]) == 2800


def test_a_static_file_of_another_kind_is_served_as_bytes_and_hidden_ones_are_not_listed() -> None:
    """A static file whose extension has no media type of its own (a source map, say) is sent as bytes, not a 500;
    hidden files (an editor's swap file) are never among the static files."""
    from typing import cast

    from kg.publish.html import static_files
    from kg.publish.site import Site
    from kg.query.pool import QueryPool
    from kg.serve.app import App

    assert not [name for name in static_files() if name.rsplit("/", 1)[-1].startswith(".")]
    app = App(Site(Graph()), cast(QueryPool, None))
    app.static["query.js.map"] = b"{}"
    answer = app.handle("GET", "/static/query.js.map", {"Host": "127.0.0.1"}, None)
    assert (answer.status, answer.body, answer.content_type) == (200, b"{}", "application/octet-stream")


def test_a_named_query_answers_in_the_reports_script_unless_asked() -> None:
    """/queries/<name> without ?lang= asks for the reports' own script (zh), as kg query does; ?lang= wins."""
    from typing import cast

    from kg.publish.site import Site
    from kg.query.pool import QueryPool
    from kg.query.store import QueryResult
    from kg.serve.app import App

    asked: list[str] = []

    class Pool:
        def run_named(self, slug: str, params: dict[str, str], lang: str) -> QueryResult:
            asked.append(lang)
            return QueryResult("SELECT", ["n"], [])

    app = App(Site(Graph()), cast(QueryPool, Pool()))
    for target in ("/queries/campaign-overview", "/queries/campaign-overview?lang=en"):
        assert app.handle("GET", target, {"Host": "127.0.0.1"}, None).status == 200
    assert asked == ["zh", "en"]
