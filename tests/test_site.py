"""Resource pages and the static site: labels, links both ways, highlighted evidence, escaping, alternates."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.errors import InputError
from kg.namespaces import GOVKG, ID, OA, RDF, SKOS
from kg.publish.html import evidence_paragraph, json_for_script, render, safe_href
from kg.publish.pages import class_page, index_page, resource_page
from kg.publish.site import Site
from kg.publish.staticsite import write_site
from tests.repo import ROOT

AMR = "agency/js-amr"


@pytest.fixture(scope="module")
def site(seed_graph: Graph) -> Site:
    return Site(seed_graph)


def _ld_blocks(page: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)


# -- helpers ------------------------------------------------------------------------------------------


def test_evidence_paragraph_cuts_at_newlines() -> None:
    text = "first line\nbefore SPAN after\nlast"
    assert evidence_paragraph(text, 18, 22) == ("before ", "SPAN", " after")
    assert evidence_paragraph("SPAN", 0, 4) == ("", "SPAN", "")
    with pytest.raises(ValueError):
        evidence_paragraph("abc", 2, 9)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:x", "java\nscript:x",
                                 "data:text/html,<b>", "vbscript:x", "//evil.example/x", "\\\\evil\\x", ""])
def test_unsafe_hrefs_are_refused(url: str) -> None:
    assert safe_href(url) is None


@pytest.mark.parametrize("url", ["https://schema.org/Event", "http://example.org/", "mailto:a@example.org",
                                 "../activity/js-2022-qm/04.html", "/id/agency/js-amr.ttl"])
def test_safe_hrefs_are_kept(url: str) -> None:
    assert safe_href(url) == url


def test_templates_escape_every_value_and_refuse_unsafe_links() -> None:
    page = render("index.html", lang="zh-Hant", title='<b>"t"</b>', root="", body_attrs=(("data-x", '"><i>'),),
                  classes=[("agencies", 1)], campaigns=[], triples=0, outputs=[("dumps", [("<i>機構</i>", "a.ttl")])])
    assert "<b>" not in page and "<i>" not in page
    assert "&lt;b&gt;&#34;t&#34;&lt;/b&gt;" in page and 'data-x="&#34;&gt;&lt;i&gt;"' in page
    assert "&lt;i&gt;機構&lt;/i&gt;" in page
    with pytest.raises(ValueError, match="unsafe URL"):
        render("index.html", lang="en", title="t", root="javascript:", body_attrs=(), classes=[], campaigns=[],
               triples=0, outputs=[])
    with pytest.raises(ValueError, match="unsafe URL"):
        render("index.html", lang="en", title="t", root="", body_attrs=(), classes=[], campaigns=[], triples=0,
               outputs=[("dumps", [("x", "javascript:alert(1)")])])


def test_json_for_script_cannot_close_the_element() -> None:
    block = json_for_script({"x": "</script><script>alert(1)</script>", "y": "&"})
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block) == {"x": "</script><script>alert(1)</script>", "y": "&"}


# -- the seed's pages -----------------------------------------------------------------------------------


def test_agency_page_has_the_three_labels_and_the_short_forms(site: Site) -> None:
    page = resource_page(site, AMR)
    assert '<h1><span class="l lt" lang="zh-Hant">江蘇省市場監督管理局</span>' in page
    for label in ("江苏省市场监督管理局", "Jiangsu Provincial Administration for Market Regulation", "省市場監管局",
                  "省市场监管局"):
        assert label in page


def test_agency_page_links_out_and_in(site: Site) -> None:
    page = resource_page(site, AMR)
    # outgoing: org:subOrganizationOf js-gov, jurisdiction js
    assert 'href="js-gov.html"' in page
    assert 'href="../jurisdiction/js.html"' in page
    # incoming: the four activities it conducts (04, 10, 13, 21 in the report) and the agency under it
    for n in ("04", "10", "13", "21"):
        assert f'href="../activity/js-2022-qm/{n}.html"' in page
    assert 'href="js-mpa.html"' in page


def test_agency_page_highlights_its_evidence_inside_the_paragraph(site: Site) -> None:
    page = resource_page(site, AMR)
    # characters 435-441 are 省市場監管局, in the report's fourth line, after activities 02 and 03
    found = re.findall(r'<blockquote lang="zh-Hant">([^<]*)<mark>省市場監管局</mark>([^<]*)</blockquote>', page)
    assert len(found) == 4  # four mentions: 435-441, 867-873, 1137-1143, 1869-1875
    before, after = next(f for f in found if f[0].startswith("省住建廳"))
    assert before.startswith("省住建廳召開全省住宅工程滲漏問題") and before.endswith("提高質量管理水平。 ")
    assert after.startswith("開展汽車充電樁、移動應用 APP、口罩") and after.endswith("保障信息通信安全生產。")
    assert "characters 435–441" in page


def test_damaged_span_is_shown_escaped(site: Site) -> None:
    page = resource_page(site, "damage/js-2022-qm/1748-1754")
    assert "<mark>?qū)&lt;?</mark>" in page
    assert "?qū)<?" not in page


def test_agency_page_points_at_its_alternates_and_embeds_json_ld(site: Site) -> None:
    page = resource_page(site, AMR)
    for ext, media in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"),
                       ("rdf", "application/rdf+xml")):
        assert f'<link rel="alternate" type="{media}" href="js-amr.{ext}"' in page
    blocks = _ld_blocks(page)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert isinstance(data["@context"], dict)  # inline, never a remote context
    parsed = Graph().parse(data=blocks[0], format="json-ld")
    assert (URIRef(ID + AMR), SKOS.prefLabel, Literal("江蘇省市場監督管理局", lang="zh-Hant")) in parsed


def test_every_alternate_format_holds_the_same_triples(site: Site) -> None:
    turtle = Graph().parse(data=site.rdf_document(AMR, "ttl").decode(), format="turtle")
    assert (URIRef(ID + "activity/js-2022-qm/04"), GOVKG.conductedBy, URIRef(ID + AMR)) in turtle
    for ext, fmt in (("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml")):
        other = Graph().parse(data=site.rdf_document(AMR, ext).decode(), format=fmt)
        assert isomorphic(turtle, other), ext


def test_activity_evidence_document_carries_its_selectors(site: Site) -> None:
    doc = Graph().parse(data=site.rdf_document("activity/js-2022-qm/01/evidence", "ttl").decode(), format="turtle")
    position = URIRef(ID + "activity/js-2022-qm/01/evidence#position")
    assert (position, OA.start, Literal(213, datatype=URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger"))) \
        in doc


# -- hostile data -------------------------------------------------------------------------------------


def _hostile() -> Graph:
    g = Graph()
    x = URIRef(ID + "agency/xx-evil")
    g.add((x, RDF.type, GOVKG.Agency))
    g.add((x, SKOS.prefLabel, Literal('<script>alert(1)</script>" onmouseover="alert(2)', lang="zh-Hant")))
    g.add((x, SKOS.altLabel, Literal("</script><script>alert(3)</script>", lang="en")))
    g.add((x, GOVKG.jurisdiction, URIRef("javascript:alert(4)")))
    g.add((x, GOVKG.issuedBy, URIRef("data:text/html,<script>alert(5)</script>")))
    g.add((URIRef(ID + "agency/xx-other"), GOVKG.issuedBy, x))
    return g


def test_no_script_or_event_attribute_from_data_reaches_a_page() -> None:
    site = Site(_hostile())
    pages = [resource_page(site, "agency/xx-evil"), resource_page(site, "agency/xx-other")]
    pages += [class_page(site, "agencies"), index_page(site)]
    for page in pages:
        assert "<script>" not in page
        assert re.search(r"<[^>]*\son[a-z]+=", page) is None
        assert 'href="javascript:' not in page.lower() and 'href="data:' not in page.lower()
        # every <script> element is a data block or the site's own script file, and each one is closed once
        for opening in re.findall(r"<script[^>]*>", page):
            assert opening == '<script type="application/ld+json">' or \
                re.fullmatch(r'<script src="(\.\./)*static/lang\.js">', opening), opening
        assert page.count("<script") == page.count("</script>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;alert(2)" in pages[0]


def test_hostile_json_ld_block_still_holds_the_literal() -> None:
    site = Site(_hostile())
    data = json.loads(_ld_blocks(resource_page(site, "agency/xx-evil"))[0])
    assert "</script><script>alert(3)</script>" in json.dumps(data, ensure_ascii=False)


def test_paths_that_are_not_plain_slugs_get_no_page() -> None:
    g = Graph()
    g.add((URIRef(ID + "../../etc/passwd"), RDF.type, GOVKG.Agency))
    g.add((URIRef(ID + "agency/a b"), RDF.type, GOVKG.Agency))
    assert Site(g).documents() == []


# -- the static site ------------------------------------------------------------------------------------


def test_static_site_has_a_page_and_four_dumps_per_resource(seed_graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(Site(seed_graph), out)
    agencies = {str(s)[len(ID):] for s in seed_graph.subjects(RDF.type, GOVKG.Agency)}
    assert "agency/js-amr" in agencies
    for path in agencies:
        for ext in ("html", "ttl", "jsonld", "nt", "rdf"):
            assert (out / "id" / f"{path}.{ext}").is_file(), (path, ext)
    index = (out / "class" / "agencies.html").read_text(encoding="utf-8")
    assert index.count("<tr>") == len(agencies) + 1
    assert '<a href="../id/agency/js-amr.html">江蘇省市場監督管理局</a>' in index
    assert '<a href="../id/agency/js-amr.html">Jiangsu Provincial Administration for Market Regulation</a>' in index
    for name in ("index.html", "query.html", "static/style.css", "static/query.js", "void.ttl"):
        assert (out / name).is_file(), name
    query = (out / "query.html").read_text(encoding="utf-8")
    assert 'value="agency-profile"' in query and "cdn" not in query.lower()


def test_static_site_replaces_itself_but_not_a_foreign_folder(seed_graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "site"
    small = Graph()
    small += seed_graph.triples((URIRef(ID + AMR), None, None))
    write_site(Site(seed_graph), out)
    write_site(Site(small), out)
    assert not (out / "id" / "activity").exists()  # stale pages of the first run are gone
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(InputError):
        write_site(Site(small), foreign)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_cli_site_writes_the_folder(tmp_path: Path) -> None:
    data = Path(__file__).parent / "data" / "mini.ttl"
    result = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "s"), "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s" / "index.html").is_file()
    bad = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "t"), "--data", str(tmp_path / "none.ttl")])
    assert bad.exit_code == 2 and "no such file" in bad.output and "Traceback" not in bad.output


def test_two_site_runs_under_different_hash_seeds_write_identical_files(tmp_path: Path) -> None:
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"site-{seed}"
        command = [sys.executable, "-c", "from kg.cli import main; main()", "site", "--out", str(out)]
        subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}, check=True, capture_output=True)
        trees.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert sorted(trees[0]) == sorted(trees[1])
    assert [name for name in trees[0] if trees[0][name] != trees[1][name]] == []
