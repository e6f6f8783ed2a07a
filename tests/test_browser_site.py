"""The site's language switch in Debian's headless Chromium: the visible labels change with the reader's choice,
which is kept from page to page, and without JavaScript the switch's links still work; themes in order; a govkg term
leads to its entry in the served ontology page; the static site from disk switches too."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from kg.publish.site import Site
from kg.publish.staticsite import write_site
from tests.test_browser import Browser, _csp_violations, browser, shots, site_server  # noqa: F401 (fixtures)
from tests.test_server import Running

ACTIVITY = "/id/activity/js-2022-qm/04.html"
AGENCY = "/id/agency/js-amr.html"


def _fresh(tab: Browser, url: str) -> None:
    """Open ``url`` as a reader who has chosen nothing yet."""
    tab.goto(url)
    tab.evaluate("localStorage.clear(); true")
    tab.goto(url + "?fresh")
    tab.goto(url)


def _text(tab: Browser, selector: str) -> str:
    return str(tab.evaluate(f"document.querySelector({json.dumps(selector)}).innerText"))


def _visible(tab: Browser, selector: str) -> list[str]:
    """The texts of the elements matching ``selector`` that the reader sees."""
    return list(tab.evaluate(f"[...document.querySelectorAll({json.dumps(selector)})]"
                                 ".filter(e => e.offsetParent !== null).map(e => e.innerText)"))


def _click(tab: Browser, selector: str) -> None:
    tab.evaluate(f"document.querySelector({json.dumps(selector)}).click(); true")


def test_switch_changes_the_visible_labels_and_is_kept(browser: Browser, site_server: Running,  # noqa: F811
                                                       shots: Path) -> None:  # noqa: F811
    _fresh(browser, site_server.url + ACTIVITY)
    product_type = '[title="govkg:TypeProductComparison"]'
    # the report is in Traditional characters: the page opens in them
    assert browser.evaluate("document.documentElement.getAttribute('data-ui')") == "zh-Hant"
    assert _text(browser, "h1").startswith("省市場監管局開展汽車充電樁")
    assert _visible(browser, product_type) == ["產品比對"]
    assert "陳述" in _visible(browser, "h2")
    _click(browser, "#ui-en")
    browser.wait_for("document.documentElement.getAttribute('data-ui') === 'en'")
    assert _text(browser, "h1") == "Jiangsu Provincial Administration for Market Regulation: product comparison " \
                                   "(activity 4 of js-2022-qm)"
    assert _visible(browser, product_type) == ["product comparison"]
    assert "Statements" in _visible(browser, "h2") and "陳述" not in _visible(browser, "h2")
    assert "conducted by" in _visible(browser, '[title="govkg:conductedBy"]')
    browser.screenshot(shots / "site-activity-en.png")
    browser.goto(site_server.url + AGENCY)  # another page: the choice is kept
    assert _text(browser, "h1") == "Jiangsu Provincial Administration for Market Regulation"
    _click(browser, "#ui-zh-Hans")
    browser.wait_for("document.documentElement.getAttribute('data-ui') === 'zh-Hans'")
    assert _text(browser, "h1") == "江苏省市场监督管理局"
    assert "陈述" in _visible(browser, "h2")
    browser.goto(site_server.url + "/")
    assert "运动" in _visible(browser, "h2")
    browser.screenshot(shots / "site-index-zh-Hans.png")
    browser.evaluate("localStorage.clear(); true")
    assert _csp_violations(browser) == []


def test_switch_works_without_javascript(browser: Browser, site_server: Running) -> None:  # noqa: F811
    _fresh(browser, site_server.url + AGENCY)
    browser.call("Emulation.setScriptExecutionDisabled", value=True)
    try:
        browser.goto(site_server.url + AGENCY + "#ui-en")
        assert _text(browser, "h1") == "Jiangsu Provincial Administration for Market Regulation"
        browser.goto(site_server.url + AGENCY + "#ui-zh-Hans")
        assert _text(browser, "h1") == "江苏省市场监督管理局"
        browser.goto(site_server.url + "/id/agency/js-gov.html")  # no choice kept without the script
        assert browser.evaluate("document.documentElement.getAttribute('data-ui')") == "zh-Hant"
    finally:
        browser.call("Emulation.setScriptExecutionDisabled", value=False)


def test_campaign_page_shows_its_themes_in_order(browser: Browser, site_server: Running) -> None:  # noqa: F811
    _fresh(browser, site_server.url + "/id/campaign/js-2022-qm.html")
    themes = browser.evaluate("[...document.querySelectorAll('tr')].find(r => r.querySelector("
                              "'th [title=\"govkg:hasTheme\"]')).querySelector('td').innerText.split('\\n')")
    assert [t[:4] for t in themes] == ["深入實施", "加強質量", "加大宣傳", "樹立質量", "開展質量"]  # (一) … (五)


def test_term_link_opens_its_entry_in_the_served_ontology(browser: Browser, site_server: Running) -> None:  # noqa: F811
    _fresh(browser, site_server.url + ACTIVITY)
    _click(browser, 'a.lt[title="govkg:TypeProductComparison"]')
    browser.wait_for("location.pathname === '/ontology/index.zh.html' && document.readyState === 'complete'")
    assert browser.evaluate("location.hash") == "#TypeProductComparison"
    assert "产品比对" in _text(browser, "#TypeProductComparison")


def test_static_site_from_disk_switches(browser: Browser, seed_graph: Graph, tmp_path: Path) -> None:  # noqa: F811
    write_site(Site(seed_graph), tmp_path / "site")
    index = (tmp_path / "site" / "index.html").as_uri()
    browser.goto(index)
    browser.evaluate("localStorage.clear(); true")
    browser.goto(index + "#ui-en")
    browser.wait_for("document.documentElement.getAttribute('data-ui') === 'en'")
    assert "Campaigns" in _visible(browser, "h2") and "運動" not in _visible(browser, "h2")
    browser.evaluate("localStorage.clear(); true")
