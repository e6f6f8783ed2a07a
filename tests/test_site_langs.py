"""The site in the reader's language: the switch's three forms, the report's own script by default, govkg terms by
their labels linked to the site's own ontology pages, themes in their numbered order, and an index whose links
all lead to files that exist."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, Literal, URIRef

from kg.namespaces import GOVKG, ID, RDF, SKOS
from kg.publish.pages import class_page, index_page, resource_page
from kg.publish.site import Site
from kg.publish.staticsite import outputs_beside, write_site

CAMPAIGN = "campaign/js-2022-qm"


@pytest.fixture(scope="module")
def site(seed_graph: Graph) -> Site:
    return Site(seed_graph)


@pytest.fixture(scope="module")
def written(seed_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's site in ``out/site`` beside a network page, two dumps and a query answer, as kg run leaves them."""
    out = tmp_path_factory.mktemp("out")
    for name in ("network/themes-all.html", "network/themes-all.svg", "export/kg.ttl", "export/void.ttl",
                 "queries/campaign-overview.csv", "queries/.hidden.csv", "export/notes.txt", "queries.xlsx"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("x", encoding="utf-8")
    write_site(Site(seed_graph), out / "site", outputs=outputs_beside(out / "site"))
    return out / "site"


def _hrefs(page: str) -> list[str]:
    return re.findall(r'\b(?:href|src)="([^"]*)"', page)


def _visible_texts(page: str, lang_class: str) -> list[str]:
    """The texts of the spans a reader of one language sees (their class names it)."""
    return [text for classes, text in re.findall(r'<span class="l ([a-z ]+)" lang="[^"]+">([^<]*)</span>', page)
            if lang_class in classes.split()]


def test_every_page_has_the_switch_and_the_three_forms_of_its_words(site: Site) -> None:
    for page in (resource_page(site, "agency/js-amr"), class_page(site, "themes"), index_page(site)):
        for lang, name in (("zh-Hant", "繁體"), ("zh-Hans", "简体"), ("en", "English")):
            assert f'<a id="ui-{lang}" href="#ui-{lang}" lang="{lang}"' in page and f">{name}</a>" in page
        assert '<script src="' in page and 'static/lang.js">' in page
    page = resource_page(site, "agency/js-amr")
    assert "陳述" in _visible_texts(page, "lt") and "陈述" in _visible_texts(page, "ls")
    assert "Statements" in _visible_texts(page, "le")
    assert _visible_texts(page, "le")[0] == "Index"  # the header's words too


def test_heading_has_the_label_in_each_language(site: Site) -> None:
    page = resource_page(site, "agency/js-amr")
    heading = re.search(r"<h1>(.*?)</h1>", page).group(1)  # type: ignore[union-attr]
    assert _visible_texts(heading, "lt") == ["江蘇省市場監督管理局"]
    assert _visible_texts(heading, "ls") == ["江苏省市场监督管理局"]
    assert _visible_texts(heading, "le") == ["Jiangsu Provincial Administration for Market Regulation"]


def test_page_opens_in_the_script_of_its_report(site: Site, seed_graph: Graph) -> None:
    assert '<html lang="zh-Hant" data-ui="zh-Hant">' in resource_page(site, "agency/js-amr")
    simplified = Graph()
    for s, p, o in seed_graph:  # the same report, as if it were written in Simplified characters
        if p == RDF.value and isinstance(o, Literal):
            o = Literal(str(o), lang="zh-Hans")
        simplified.add((s, p, o))
    other = Site(simplified)
    for page in (resource_page(other, "agency/js-amr"), resource_page(other, "report/js-2022-qm"),
                 index_page(other), class_page(other, "agencies")):
        assert '<html lang="zh-Hans" data-ui="zh-Hans">' in page
    assert "<title>江苏省市场监督管理局 · govkg</title>" in resource_page(other, "agency/js-amr")


def test_activity_type_shows_its_label_linked_to_the_local_ontology_page(site: Site) -> None:
    page = resource_page(site, "activity/js-2022-qm/04")
    zh = re.search(r'<a class="l lt ls" href="([^"]*)" title="govkg:TypeProductComparison">(.*?)</a>', page)
    en = re.search(r'<a class="l le" lang="en" href="([^"]*)" title="govkg:TypeProductComparison">(.*?)</a>', page)
    assert zh is not None and en is not None
    assert zh.group(1) == "../../../ontology/index.zh.html#TypeProductComparison"
    assert _visible_texts(zh.group(2), "lt") == ["產品比對"] and _visible_texts(zh.group(2), "ls") == ["产品比对"]
    assert en.group(1) == "../../../ontology/index.en.html#TypeProductComparison"
    assert en.group(2) == "product comparison"
    assert ">govkg:TypeProductComparison<" not in page
    assert "w3id.org/govkg/ontology" not in " ".join(_hrefs(page))  # every govkg term links the local pages
    assert 'href="../../../ontology/index.en.html#conductedBy"' in page  # predicates too


def test_campaign_page_lists_its_themes_by_number(site: Site) -> None:
    page = resource_page(site, CAMPAIGN)
    row = re.search(r"<tr><th><a [^>]*hasTheme.*?</tr>", page, re.DOTALL)
    assert row is not None
    themes = re.findall(r'href="\.\./theme/js-2022-qm/(\d)\.html"', row.group(0))
    # by label 加強… (二) would come before 深入… (一)
    assert themes == ["1", "2", "3", "4", "5"]


def test_class_page_and_links_here_count_10_after_9() -> None:
    g = Graph()
    scheme = URIRef(ID + "theme/xx")
    for n in range(1, 13):
        theme = URIRef(f"{ID}theme/xx/{n}")
        g.add((theme, RDF.type, GOVKG.CampaignTheme))
        g.add((theme, SKOS.inScheme, scheme))
        g.add((theme, SKOS.prefLabel, Literal(f"主題{n}", lang="zh-Hant")))
    site = Site(g)
    listed = re.findall(r'href="\.\./id/theme/xx/(\d+)\.html"', class_page(site, "themes"))
    assert listed[::3] == [str(n) for n in range(1, 13)]  # each row links its three labels
    incoming = re.findall(r'<td><a href="xx/(\d+)\.html"', resource_page(site, "theme/xx"))
    assert incoming == [str(n) for n in range(1, 13)]


def test_a_label_or_notation_with_a_superscript_digit_sorts_and_pages_are_written() -> None:
    """"²" is a digit to str.isdigit but not a number to int(): a theme numbered "²" and a label "面積10²" are
    sorted as text, and the pages are written (they raised ValueError)."""
    g = Graph()
    for n, notation in ((1, "1"), (2, "²")):
        theme = URIRef(f"{ID}theme/yy/{n}")
        g.add((theme, RDF.type, GOVKG.CampaignTheme))
        g.add((theme, SKOS.notation, Literal(notation)))
        g.add((theme, SKOS.prefLabel, Literal(f"面積10{notation}", lang="zh-Hant")))
    site = Site(g)
    listed = re.findall(r'href="\.\./id/theme/yy/(\d+)\.html"', class_page(site, "themes"))
    assert listed[::3] == ["1", "2"]  # the numbered one first, then the other by its label
    assert "面積10²" in resource_page(site, "theme/yy/2")


def test_index_counts_agencies_as_the_build_and_campaign_overview_do(site: Site) -> None:
    page = index_page(site)
    # kg build: 12 acting, coordinating or taking part (the coordinator, 江蘇省質量發展委員會辦公室, does not act);
    # campaign-overview (tests/expected/campaign-overview.csv): 11 acting
    assert re.search(r'data-count="agencies-involved">12</span> <span class="l lt" lang="zh-Hant">'
                     r'個機構實施、協調或參與.*agencies acting, coordinating or taking part', page)
    assert 'data-count="agencies-acting">11</span>' in page
    assert 'data-count="agencies">21</span>' in page and "only mentioned" in page


def test_index_links_the_outputs_beside_it_and_every_link_resolves(written: Path) -> None:
    index = (written / "index.html").read_text(encoding="utf-8")
    hrefs = _hrefs(index)
    for href in ("../network/themes-all.html", "../network/themes-all.svg", "../export/kg.ttl", "../export/void.ttl",
                 "../queries/campaign-overview.csv", "../queries.xlsx", "void.ttl", "query.html",
                 "ontology/index.en.html", "ontology/index.zh.html", "ontology/govkg.ttl"):
        assert href in hrefs, href
    assert "../queries/.hidden.csv" not in hrefs and "../export/notes.txt" not in hrefs
    for page in [written / "index.html", written / "id/activity/js-2022-qm/04.html", written / "class/themes.html"]:
        for href in _hrefs(page.read_text(encoding="utf-8")):
            if href.startswith("#") or urlsplit(href).scheme:
                continue
            target = (page.parent / unquote(urlsplit(href).path)).resolve()
            assert target.is_file(), (page.name, href)
            fragment = urlsplit(href).fragment
            if fragment and target.suffix == ".html":
                assert f'id="{fragment}"' in target.read_text(encoding="utf-8"), href


def test_site_alone_links_no_outputs(tmp_path: Path) -> None:
    g = Graph()
    g.add((URIRef(ID + "agency/xx"), RDF.type, GOVKG.Agency))
    write_site(Site(g), tmp_path / "site", outputs=outputs_beside(tmp_path / "site"))
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "../" not in index
    assert (tmp_path / "site" / "ontology" / "index.en.html").is_file()
