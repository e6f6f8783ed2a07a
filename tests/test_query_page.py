"""The query page of ``kg serve`` in Debian's headless Chromium: the editor, named queries, labelled results,
downloads, the share link, prefixes and the layout at a phone's width (issue 19, item 9).

Driven over the DevTools protocol as ``tests/test_browser.py`` does (its fixtures are reused); skipped with a reason
when chromium or websocket-client is absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import test_browser
from tests.test_browser import Browser, _csp_violations
from tests.test_server import Running

# the browser, the server over the seed and the screenshot folder of test_browser (module-scoped fixtures)
browser, site_server, shots = test_browser.browser, test_browser.site_server, test_browser.shots

SHADOW = "document.getElementById('editor').shadowRoot"
EDITOR = f"GovkgEditor.EditorView.findFromDOM({SHADOW}.querySelector('.cm-editor'))"
ROWS = "[...document.querySelectorAll('#results tbody tr')].map(r => [...r.cells].map(c => c.innerText))"


def _set_text(browser: Browser, text: str) -> None:
    browser.evaluate(f"(() => {{ const v = {EDITOR}; v.dispatch({{changes: {{from: 0, to: v.state.doc.length, "
                     f"insert: {json.dumps(text)}}}}}); return true; }})()")


def _editor_text(browser: Browser) -> str:
    text: str = browser.evaluate(f"{EDITOR}.state.doc.toString()")
    return text


def _run(browser: Browser) -> None:
    browser.evaluate("document.getElementById('results').removeAttribute('data-labelled');"
                     "document.getElementById('run').click(); true")
    browser.wait_for("document.getElementById('results').getAttribute('data-labelled') === 'true'"
                     " || document.getElementById('status').innerText.startsWith('error')")


@pytest.fixture()
def page(browser: Browser, site_server: Running) -> Iterator[Browser]:
    browser.call("Emulation.clearDeviceMetricsOverride")
    browser.goto("about:blank")
    browser.events.clear()
    yield browser
    violations = _csp_violations(browser)
    assert violations == [], "\n".join(violations)


def test_named_query_shows_its_text_without_header_and_its_parameters(page: Browser, site_server: Running) -> None:
    page.goto(f"{site_server.url}/query.html")
    page.evaluate("const s = document.getElementById('named'); s.value = 'agency-profile';"
                  "s.dispatchEvent(new Event('change')); true")
    text = _editor_text(page)
    assert "#+" not in text
    assert text.startswith("PREFIX govkg: <https://w3id.org/govkg/ontology#>")
    assert page.evaluate("document.getElementById('summary').innerText").startswith("One agency's profile")
    assert page.evaluate("document.querySelector('label[for=param-agency]').innerText") == "agency (govkg:Agency)"
    # the text area the form falls back to holds the same text
    assert page.evaluate("document.getElementById('query').value") == text


def test_keywords_are_highlighted(page: Browser, site_server: Running) -> None:
    page.goto(f"{site_server.url}/query.html")
    words = page.evaluate(f"[...{SHADOW}.querySelectorAll('.cm-content span.tok-keyword')].map(s => s.innerText)")
    assert [w.upper() for w in words] == ["SELECT", "WHERE", "LIMIT"]
    colour = page.evaluate(f"getComputedStyle({SHADOW}.querySelector('span.tok-keyword')).color")
    assert colour == "rgb(138, 29, 111)"


def test_run_gives_labelled_links_and_downloads(page: Browser, site_server: Running, shots: Path) -> None:
    page.goto(f"{site_server.url}/query.html#named=agency-profile&agency=%E7%9C%81%E5%B8%82%E5%A0%B4%E7%9B%A3"
              "%E7%AE%A1%E5%B1%80&lang=en")
    assert page.evaluate("document.getElementById('param-agency').value") == "省市場監管局"
    _run(page)
    assert page.evaluate("document.getElementById('status').innerText") == "4 rows"
    links = page.evaluate("[...document.querySelectorAll('#results tbody tr')].map(r => { const a = r.cells[0]"
                          ".querySelector('a'); return [a.innerText, a.getAttribute('href'), a.title]; })")
    # 省市場監管局 leads activities 04, 10, 13 and 21 of the report; the text is the English label (lang=en)
    assert [h for _, h, _ in links] == [f"id/activity/js-2022-qm/{n}.html" for n in ("04", "10", "13", "21")]
    assert links[0][0] == ("Jiangsu Provincial Administration for Market Regulation: product comparison "
                           "(activity 4 of js-2022-qm)")
    assert links[0][2] == "https://w3id.org/govkg/id/activity/js-2022-qm/04"
    rows = page.evaluate(ROWS)
    assert rows[0][4] == "product comparison"  # govkg:TypeProductComparison by its label
    assert page.evaluate("document.querySelectorAll('#results tbody a').length") > 4
    csv = page.evaluate("fetch(document.getElementById('download-csv').href)"
                        ".then(r => r.text().then(t => [r.headers.get('Content-Type'), t]))")
    assert csv[0] == "text/csv; charset=utf-8"
    lines = csv[1].splitlines()
    assert lines[0].startswith("activity,campaign,themeNumber,themeLabel,type,")
    assert lines[1].startswith("https://w3id.org/govkg/id/activity/js-2022-qm/04,") and len(lines) == 5
    assert page.evaluate("document.getElementById('download-csv').getAttribute('download')") == "results.csv"
    tsv = page.evaluate("fetch(document.getElementById('download-tsv').href).then(r => r.headers.get('Content-Type'))")
    assert tsv == "text/tab-separated-values; charset=utf-8"
    page.screenshot(shots / "query-page.png")


def test_own_query_gets_its_prefixes_and_a_share_link_that_restores_it(page: Browser, site_server: Running) -> None:
    page.goto(f"{site_server.url}/query.html")
    _set_text(page, "")
    page.evaluate(f"{SHADOW}.querySelector('.cm-content').focus(); true")
    page.call("Input.insertText", text="SELECT ?t ?l WHERE { ?t a govkg:ActivityType ; skos")
    page.call("Input.insertText", text=":")
    page.wait_for("document.getElementById('query').value.includes('PREFIX skos:')")
    page.call("Input.insertText", text="prefLabel ?l } ORDER BY ?t ?l LIMIT 3")
    _run(page)  # govkg: was not typed after a word, so the run adds it
    text = _editor_text(page)
    assert text.splitlines()[:2] == ["PREFIX govkg: <https://w3id.org/govkg/ontology#>",
                                     "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"]
    assert page.evaluate("document.getElementById('status').innerText") == "3 rows"
    csv = page.evaluate("fetch(document.getElementById('download-csv').href).then(r => r.text())")
    assert csv.splitlines()[0] == "t,l" and len(csv.splitlines()) == 4
    url = page.evaluate("document.getElementById('share').href")
    assert "#" in url and "query=" in url
    page.goto("about:blank")
    page.goto(url)
    assert _editor_text(page) == text
    assert page.evaluate("document.getElementById('named').value") == ""


def test_page_fits_a_phone_and_a_desktop(page: Browser, site_server: Running, shots: Path) -> None:
    for width in (390, 1280):
        page.call("Emulation.setDeviceMetricsOverride", width=width, height=844, deviceScaleFactor=1,
                  mobile=width < 600)
        page.goto(f"{site_server.url}/query.html#named=agency-profile&agency=id:agency/js-amr")
        for when in ("before", "after"):  # the page as opened, then with the results' table
            if when == "after":
                _run(page)
            sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                                  " document.getElementById('named').getBoundingClientRect().right, innerWidth]")
            # a phone lays out a page wider than its screen at the content's width, and shrinks it to fit
            assert sizes[3] == width, f"the page is laid out {sizes[3]} px wide in a {width} px window {when} the run"
            assert sizes[0] <= sizes[1], f"the page scrolls sideways at {width} px {when} the run: {sizes}"
            assert sizes[2] <= sizes[1], f"the list of named queries is wider than {width} px: {sizes}"
        page.screenshot(shots / f"query-page-{width}.png")
