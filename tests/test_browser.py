"""Debian's headless Chromium against ``kg serve``: open an agency page (the query page: ``tests/test_query_page.py``).

Driven over the DevTools protocol with websocket-client. Screenshots go to ``$KG_SCREENSHOT_DIR`` when set
(else the test's temporary folder).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from tests.conftest import stop_process
from tests.test_server import Running, serving

CHROMIUM = "/usr/bin/chromium"


class Browser:
    """One page of a headless Chromium, spoken to over the DevTools protocol."""

    def __init__(self, ws_url: str) -> None:
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return reply["result"].get("value")

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && location.href === " + json.dumps(url))

    def wait_for(self, expression: str, seconds: float = 20) -> Any:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"not true within {seconds} s: {expression}")

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))
        return path


def _devtools_port(profile: Path, process: subprocess.Popen[bytes]) -> int:
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chromium exited with code {process.returncode}")
        if marker.is_file() and marker.read_text().strip():
            return int(marker.read_text().splitlines()[0])
        time.sleep(0.1)
    raise RuntimeError("chromium did not open its DevTools port")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        print(f"skipping: {CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)")
    try:
        import websocket  # noqa: F401
    except ImportError:
        print("skipping: websocket-client is not installed (pip install -e '.[dev]')")
        pytest.skip("websocket-client is not installed")
    profile = tmp_path_factory.mktemp("chromium")
    process = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--window-size=1280,1000",
         f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        port = _devtools_port(profile, process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.loads(response.read())
        page = next(t for t in targets if t.get("type") == "page")
        client = Browser(page["webSocketDebuggerUrl"])
        client.call("Page.enable")
        client.call("Runtime.enable")
        client.call("Log.enable")
        yield client
        client.ws.close()
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def site_server(seed_graph: Graph) -> Iterator[Running]:
    with serving(seed_graph) as running:
        yield running


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("KG_SCREENSHOT_DIR")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        return Path(wanted)
    return tmp_path_factory.mktemp("screenshots")


def _csp_violations(browser: Browser) -> list[str]:
    texts = [json.dumps(e, ensure_ascii=False) for e in browser.events]
    return [t for t in texts if "Content Security Policy" in t or "Content-Security-Policy" in t]


def test_agency_page_shows_labels_links_and_highlighted_evidence(browser: Browser, site_server: Running,
                                                                shots: Path) -> None:
    browser.goto(f"{site_server.url}/id/agency/js-amr.html")
    assert browser.evaluate("document.querySelector('h1').innerText") == "江蘇省市場監督管理局"
    text = browser.evaluate("document.body.innerText")
    for label in ("江苏省市场监督管理局", "Jiangsu Provincial Administration for Market Regulation", "省市場監管局"):
        assert label in text
    marks = browser.evaluate("[...document.querySelectorAll('mark')].map(m => m.innerText)")
    assert marks == ["省市場監管局"] * 4
    # the highlight is visible: it has a box on screen and a yellow background
    box = browser.evaluate("(() => { const r = document.querySelector('mark').getBoundingClientRect();"
                           " return [r.width, r.height]; })()")
    assert box[0] > 0 and box[1] > 0
    assert browser.evaluate("getComputedStyle(document.querySelector('mark')).backgroundColor") == \
        "rgb(255, 230, 128)"
    hrefs = browser.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert "../activity/js-2022-qm/04.html" in hrefs
    browser.screenshot(shots / "agency-page.png")
    assert _csp_violations(browser) == []



@pytest.fixture(scope="module")
def s_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The topics page of the benchmark's S corpus (90 reports, some 760 bodies), topics as the build gives them."""
    from benchmarks.synth import SCALES
    from kg.network.graphs import build_networks, fetch_layer
    from kg.network.page import html_page
    from kg.network.results import network_titles
    from kg.query.local import OxigraphStore
    from tests.test_network import synth_with_topics

    folder = tmp_path_factory.mktemp("s-page")
    jurisdictions, years, _ = SCALES["S"]
    store = OxigraphStore()
    store.load([synth_with_topics(folder, jurisdictions, years)])
    data = fetch_layer(store, "topics")
    (net,) = build_networks(data, per_campaign=False)
    page = folder / "topics-all.html"
    page.write_text(html_page(net, data, "zh-Hant", network_titles(net, data)), encoding="utf-8")
    return page


def _visible(browser: Browser) -> int:
    return int(browser.evaluate("document.body.getAttribute('data-visible')"))


def _choose(browser: Browser, select: str, index: int) -> str:
    return str(browser.evaluate(f"(() => {{ const s = document.getElementById('{select}');"
                                f" s.value = s.options[{index}].value; s.dispatchEvent(new Event('change'));"
                                " return s.value; })()"))


def test_network_page_at_s_scale_searches_and_filters(browser: Browser, s_page: Path, shots: Path) -> None:
    assert "<script src" not in s_page.read_text(encoding="utf-8")  # self-contained, offline
    browser.goto(s_page.as_uri())
    browser.wait_for("document.body.getAttribute('data-ready') === 'true'")
    total = browser.evaluate("document.querySelectorAll('g.node').length")
    assert total > 700 and _visible(browser) == total
    for name in ("江苏省市场监督管理局", "江蘇省市場監督管理局"):  # Simplified, then Traditional
        browser.evaluate("(() => { const s = document.getElementById('search');"
                         f" s.value = {json.dumps(name)}; s.dispatchEvent(new Event('input')); }})()")
        assert browser.evaluate("document.querySelector('g.node.found').getAttribute('data-id')") == \
            "https://w3id.org/govkg/id/agency/js-amr"
        assert browser.evaluate("document.getElementById('search-status').textContent") == "江蘇省市場監督管理局"
        assert browser.evaluate("getComputedStyle(document.querySelector('g.node.found text')).display") != "none"
    zoomed = browser.evaluate("document.getElementById('network').getAttribute('viewBox')")
    assert zoomed.split()[2] != "1600"  # the view closed in on the body found
    browser.screenshot(shots / "network-s-found.png")
    browser.evaluate("document.querySelector('#zoom button[data-zoom=\"0\"]').click(); true")
    assert _choose(browser, "year", 1) == "2022"
    in_2022 = _visible(browser)
    assert 0 < in_2022 < total
    _choose(browser, "filter", 1)  # one topic, in 2022
    assert 0 < _visible(browser) < in_2022
    _choose(browser, "year", 0)
    _choose(browser, "filter", 0)
    assert _visible(browser) == total
    browser.screenshot(shots / "network-s.png")
