"""``kg serve`` publishes govkg's ontology at ``/ontology`` (its Turtle or its page by the Accept header) and its
index links the dumps it serves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from kg.namespaces import GOVKG, RDFS
from kg.paths import ONTOLOGY_FILE
from tests.test_server import Running, serving


@pytest.fixture(scope="module")
def served(seed_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    export = tmp_path_factory.mktemp("export")
    (export / "kg.nt").write_text("", encoding="utf-8")
    (export / "void.ttl").write_text("", encoding="utf-8")
    with serving(seed_graph, export_dir=export) as running:
        yield running


@pytest.mark.parametrize(("accept", "language", "where"), [
    ("text/turtle", None, "/ontology/govkg.ttl"),
    ("text/turtle;q=0.9, text/html;q=0.5", "zh", "/ontology/govkg.ttl"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", None, "/ontology/index.en.html"),
    ("text/html", "zh-TW,zh;q=0.9,en;q=0.8", "/ontology/index.zh.html"),
    ("text/html", "en-GB,zh;q=0.5", "/ontology/index.en.html"),
    ("*/*", None, "/ontology/index.en.html"),
    (None, None, "/ontology/index.en.html"),
])
def test_ontology_is_negotiated(served: Running, accept: str | None, language: str | None, where: str) -> None:
    headers = {k: v for k, v in (("Accept", accept), ("Accept-Language", language)) if v is not None}
    status, answer, _ = served.request("GET", "/ontology", headers=headers)
    assert (status, answer["location"]) == (303, where)
    assert {v.strip() for v in answer["vary"].split(",")} >= {"Accept", "Accept-Language"}  # the 303 depends on both


def test_ontology_turtle_is_the_shipped_file(served: Running) -> None:
    status, headers, body = served.request("GET", "/ontology/govkg.ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert body == Path(ONTOLOGY_FILE).read_bytes()
    graph = Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (GOVKG.conductedBy, RDFS.label, Literal("conducted by", lang="en")) in graph


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ontology_pages_have_an_anchor_per_term(served: Running, lang: str) -> None:
    status, headers, body = served.request("GET", f"/ontology/index.{lang}.html")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    for term in ("conductedBy", "TypeProductComparison", "Agency"):
        assert f'id="{term}"' in page


def test_ontology_refuses_what_it_has_not(served: Running) -> None:
    assert served.request("GET", "/ontology/shapes.ttl")[0] == 404
    assert served.request("GET", "/ontology/")[0] == 404
    assert served.request("GET", "/ontology", headers={"Accept": "image/png"})[0] == 406


def test_served_pages_link_terms_to_the_served_ontology(served: Running) -> None:
    status, _, body = served.request("GET", "/id/activity/js-2022-qm/04.html")
    page = body.decode("utf-8")
    assert status == 200 and 'href="../../../ontology/index.zh.html#TypeProductComparison"' in page
    # the relative link, from /id/activity/js-2022-qm/04.html, is /ontology/index.zh.html: served
    assert served.request("GET", "/ontology/index.zh.html")[0] == 200


def test_index_links_the_served_dumps(served: Running) -> None:
    page = served.request("GET", "/")[2].decode("utf-8")
    hrefs = re.findall(r'href="([^"#]+)', page)
    assert "export/kg.nt" in hrefs and "export/void.ttl" in hrefs
    for href in hrefs:
        assert served.request("GET", "/" + href)[0] == 200, href
