"""The query page's server side: named queries in the format asked for, the editor's files, the page's data and its
weight (issue 19, item 9; the page itself in Chromium: ``tests/test_query_page.py``)."""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
import urllib.parse
from collections.abc import Iterator

import pytest
from rdflib import Graph

from kg.namespaces import PREFIXES
from kg.publish.html import static_files
from kg.publish.pages import query_page
from kg.publish.site import Site
from kg.query.catalogue import catalogue
from kg.queryfile import query_body
from tests.repo import ROOT
from tests.test_server import Running, serving

PROFILE = "/queries/agency-profile?" + urllib.parse.urlencode({"agency": "省市場監管局"})
#: what the query page costs on first load, uncompressed: page, style sheets, script, editor (456,609 bytes on
#: 2026-12-04, 345,415 of them CodeMirror; README, "The query page")
PAGE_BUDGET = 480_000


@pytest.fixture(scope="module")
def served(seed_graph: Graph) -> Iterator[Running]:
    with serving(seed_graph) as running:
        yield running


@pytest.fixture(scope="module")
def page(seed_graph: Graph) -> str:
    return query_page(Site(seed_graph), "query.html")


@pytest.mark.parametrize(("suffix", "accept", "ctype"), [
    ("&format=csv", None, "text/csv; charset=utf-8"),
    ("&format=tsv", "application/sparql-results+json", "text/tab-separated-values; charset=utf-8"),
    ("", "text/csv", "text/csv; charset=utf-8"),
    ("", None, "application/sparql-results+json; charset=utf-8"),
    ("&format=xml", None, "application/sparql-results+xml; charset=utf-8"),
])
def test_named_query_answers_in_the_format_asked(served: Running, suffix: str, accept: str | None,
                                                  ctype: str) -> None:
    status, headers, body = served.request("GET", PROFILE + suffix, headers={"Accept": accept} if accept else {})
    assert status == 200, body
    assert headers["content-type"] == ctype
    if ctype.startswith("text/csv"):
        lines = body.decode("utf-8").splitlines()
        assert lines[0].startswith("activity,campaign,themeNumber,themeLabel,type,")
        assert [line.split(",")[0].rsplit("/", 1)[-1] for line in lines[1:]] == ["04", "10", "13", "21"]


def test_named_query_refuses_a_type_it_cannot_give(served: Running) -> None:
    status, _, body = served.request("GET", PROFILE, headers={"Accept": "image/png"})
    assert status == 406 and body.startswith(b"acceptable here: application/sparql-results+json")


@pytest.mark.parametrize(("path", "ctype", "marker"), [
    ("/static/vendor/codemirror.min.js", "text/javascript; charset=utf-8", b"var GovkgEditor="),
    ("/static/vendor/codemirror.LICENSE.txt", "text/plain; charset=utf-8", b"@codemirror/view 6.44.2 (MIT)"),
    ("/static/editor.css", "text/css; charset=utf-8", b".tok-keyword"),
    ("/static/query.css", "text/css; charset=utf-8", b"#output"),
])
def test_editor_files_are_served(served: Running, path: str, ctype: str, marker: bytes) -> None:
    status, headers, body = served.request("GET", path)
    assert status == 200
    assert headers["content-type"] == ctype
    assert marker in body


def test_every_static_file_goes_into_the_wheel() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["kg.publish"]
    names = list(static_files())
    assert "vendor/codemirror.min.js" in names and "vendor/codemirror.LICENSE.txt" in names
    assert [n for n in names if not any(fnmatch.fnmatch(f"static/{n}", p) for p in patterns)] == []


def test_page_carries_the_queries_without_their_header(page: str) -> None:
    data = json.loads(re.search(r'<script type="application/json" id="catalogue">(.*?)</script>', page, re.S)[1])
    by_slug = {q["slug"]: q for q in data}
    assert set(by_slug) == {q.slug for q in catalogue()}
    for query in catalogue():
        assert by_slug[query.slug]["text"] == query_body(query.text)
        assert "#+" not in by_slug[query.slug]["text"]
    assert by_slug["agency-profile"]["text"].startswith("PREFIX govkg: <https://w3id.org/govkg/ontology#>\n")
    assert by_slug["agency-profile"]["params"] == ["agency"]
    prefixes = json.loads(re.search(r'<script type="application/json" id="prefixes">(.*?)</script>', page, re.S)[1])
    assert prefixes == PREFIXES


def test_page_has_no_inline_script_or_style(page: str) -> None:
    scripts = re.findall(r"<script([^>]*)>", page)
    assert [s for s in scripts if 'type="application/json"' not in s and "src=" not in s] == []
    assert re.findall(r'<script src="([^"]+)"', page) == ["static/lang.js", "static/vendor/codemirror.min.js",
                                                               "static/query.js"]
    assert "<style" not in page and " style=" not in page


def test_page_weight_stays_in_its_budget(page: str) -> None:
    files = static_files()
    assets = re.findall(r'(?:src|href)="static/([^"]+)"', page)
    assert sorted(assets) == ["lang.js", "query.css", "query.js", "style.css", "vendor/codemirror.min.js"]
    # editor.css is linked by the script, inside the editor
    weight = len(page.encode("utf-8")) + sum(len(files[a]) for a in assets) + len(files["editor.css"])
    assert weight <= PAGE_BUDGET, weight
