"""Agency networks: the seed's numbers counted by hand, the metrics RDF, file round trips, the pictures, the page.

The counts come from the activity list of tests/test_seed.py (read from the text by hand): 22 activities, each by
one agency, so the agency–theme network has one edge per activity and every weight is 1.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import subprocess
import time
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic

from kg.cli import main
from kg.namespaces import ID
from kg.network.graphs import Network, build_networks, fetch_layer
from kg.network.results import METRICS_GRAPH, metrics_dataset
from kg.paths import KG_FILE
from kg.query.local import OxigraphStore
from tests.repo import ROOT

MINI = ROOT / "tests" / "data" / "mini.ttl"
SECOND = ROOT / "tests" / "data" / "second.ttl"
MINI_METRICS = ROOT / "tests" / "data" / "network-metrics-mini.ttl"
CHROMIUM = Path("/usr/bin/chromium")
A = str(ID) + "agency/"
T = str(ID) + "theme/js-2022-qm/"

# Themes each agency acts under, counted from the report (activity numbers in brackets).
SEED_THEMES = {
    "js-ca": {1, 4},  # 01, 17
    "js-hurd": {1, 2, 5},  # 02, 09, 20
    "js-wr": {1, 2},  # 03, 08
    "js-amr": {1, 2, 3, 5},  # 04, 10, 13, 21
    "js-grain": {1},  # 05
    "js-comms": {1, 3},  # 06, 14
    "js-dot": {2, 4},  # 07, 18
    "js-mpa": {2, 5},  # 11, 22
    "js-drc": {3},  # 12
    "cn-pboc-nanjing": {3},  # 15
    "js-miit": {4, 5},  # 16, 19
}


def _networks(paths: list[Path], layer: str = "themes", campaigns: list[str] | None = None) -> list[Network]:
    store = OxigraphStore()
    store.load(paths)
    return build_networks(fetch_layer(store, layer), campaigns)


@pytest.fixture(scope="module")
def seed() -> Network:
    (net,) = _networks([KG_FILE])
    return net


# -- the seed's numbers -------------------------------------------------------------------------------


def test_seed_agency_theme_network_by_hand(seed: Network) -> None:
    g = seed.graph
    agencies = {n for n, k in g.nodes(data="kind") if k == "agency"}
    themes = {n for n, k in g.nodes(data="kind") if k == "theme"}
    assert agencies == {A + slug for slug in SEED_THEMES}  # 11: the coordinating office runs no activity
    assert len(agencies) == 11 and len(themes) == 5
    assert g.number_of_edges() == 22
    assert {w for _, _, w in g.edges(data="weight")} == {1}
    assert g.size(weight="weight") == 22
    assert {n[len(T):]: g.degree(n) for n in themes} == {"1": 6, "2": 5, "3": 4, "4": 3, "5": 4}
    assert {n[len(A):]: g.degree(n) for n in agencies} == {a: len(t) for a, t in SEED_THEMES.items()}
    assert g[A + "js-amr"][T + "3"]["activities"] == str(ID) + "activity/js-2022-qm/13"
    assert g.nodes[A + "js-amr"]["label_zh_Hans"] == "江苏省市场监督管理局"
    assert g.nodes[T + "4"]["label_en"] == "Setting quality benchmarks and letting them lead by example"


def test_seed_agency_projection_by_hand(seed: Network) -> None:
    p = seed.agencies
    # pairs per theme: C(6,2)+C(5,2)+C(4,2)+C(3,2)+C(4,2) = 15+10+6+3+6 = 40 pair-theme incidences; amr-hurd share
    # three themes (1,2,5), five pairs share two (amr-comms, amr-mpa, amr-wr, hurd-mpa, hurd-wr): 40-2-5 = 33.
    assert p.number_of_nodes() == 11
    assert p.number_of_edges() == 33
    assert p.size(weight="weight") == 40
    assert p[A + "js-amr"][A + "js-hurd"]["weight"] == 3
    assert p[A + "js-amr"][A + "js-hurd"]["jaccard"] == 0.75  # {1,2,5} / {1,2,3,5}
    assert p[A + "js-hurd"][A + "js-wr"]["jaccard"] == pytest.approx(2 / 3, abs=1e-4)
    twos = {frozenset((a[len(A):], b[len(A):])) for a, b, w in p.edges(data="weight") if w == 2}
    assert twos == {frozenset(x) for x in [("js-amr", "js-comms"), ("js-amr", "js-mpa"), ("js-amr", "js-wr"),
                                           ("js-hurd", "js-mpa"), ("js-hurd", "js-wr")]}
    assert not p.has_edge(A + "js-ca", A + "js-mpa")  # themes {1,4} and {2,5}
    assert seed.measures[A + "js-amr"]["partners"] == 10  # js-amr shares a theme with each of the 10 others


def test_seed_centrality(seed: Network) -> None:
    between = {n: m["betweenness"] for n, m in seed.measures.items()}
    for leaf in ("js-grain", "js-drc", "cn-pboc-nanjing"):  # one theme each: on no shortest path
        assert between[A + leaf] == 0
    agencies = [n for n, k in seed.graph.nodes(data="kind") if k == "agency"]
    # theme 3's agencies reach themes 2 and 5 only through js-amr
    assert max(agencies, key=between.__getitem__) == A + "js-amr"
    assert sum(m["pagerank"] for m in seed.measures.values()) == pytest.approx(1, abs=1e-3)


def test_products_and_documents_layers() -> None:
    (products,) = _networks([KG_FILE], "products")
    kinds = [k for _, k in products.graph.nodes(data="kind")]
    assert kinds.count("agency") == 2 and kinds.count("product") == 8  # activities 04, 10 (amr); 11, 22 (mpa)
    assert products.graph.degree(A + "js-amr", weight="weight") == 6
    assert products.graph.degree(A + "js-mpa") == 2
    assert products.agencies.number_of_edges() == 0
    (documents,) = _networks([KG_FILE], "documents")
    assert documents.graph.number_of_edges() == 4
    assert {n[len(A):] for n, k in documents.graph.nodes(data="kind") if k == "agency"} == {"js-ca", "js-mpa"}


def test_per_campaign_and_across_campaigns() -> None:
    nets = {n.scope: n for n in _networks([KG_FILE, SECOND])}
    assert set(nets) == {"js-2022-qm", "nj-2023-qm", "all"}
    assert nets["js-2022-qm"].graph.number_of_edges() == 22
    assert nets["nj-2023-qm"].graph.number_of_edges() == 2
    both = nets["all"].graph
    assert sum(1 for _, k in both.nodes(data="kind") if k == "agency") == 12
    assert sum(1 for _, k in both.nodes(data="kind") if k == "theme") == 6
    assert both.number_of_edges() == 24
    assert both.degree(A + "js-amr") == 5 and nets["js-2022-qm"].graph.degree(A + "js-amr") == 4
    (only,) = _networks([KG_FILE, SECOND], campaigns=["nj-2023-qm"])
    assert only.scope == "nj-2023-qm"


# -- metrics as RDF -----------------------------------------------------------------------------------


def test_mini_metrics_equal_the_hand_worked_fixture() -> None:
    store = OxigraphStore()
    store.load([MINI])
    data = fetch_layer(store, "themes")
    dataset = metrics_dataset(build_networks(data), data)
    got = Graph()
    for triple in dataset.graph(METRICS_GRAPH):
        got.add(triple)
    want = Graph().parse(MINI_METRICS, format="turtle")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(got, want)
        raise AssertionError(f"only computed:\n{only_got.serialize(format='nt')}\nonly by hand:\n"
                             f"{only_want.serialize(format='nt')}")


def test_sparql_ranks_agencies_in_the_metrics_named_graph(tmp_path: Path) -> None:
    import pyoxigraph as ox

    result = CliRunner().invoke(main, ["network", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.load(path=str(KG_FILE), format=ox.RdfFormat.TURTLE)
    store.load(path=str(tmp_path / "themes-metrics.trig"), format=ox.RdfFormat.TRIG)
    assert {str(g.value) for g in store.named_graphs()} == {str(METRICS_GRAPH)}
    rows = store.query(f"""PREFIX govkg: <https://w3id.org/govkg/ontology#>
        SELECT ?agency ?b WHERE {{ GRAPH <{METRICS_GRAPH}> {{ ?m govkg:measuredNode ?agency ;
        govkg:betweenness ?b }} ?agency a govkg:Agency }} ORDER BY DESC(?b) ?agency""")
    ranked = [str(r["agency"].value) for r in rows]
    assert len(ranked) == 11 and ranked[0] == A + "js-amr"
    # the README's command: the unnamed copy beside the graph, ranked by the catalogue query
    query = CliRunner().invoke(main, ["query", "network-centrality", "--data", str(KG_FILE), "--data",
                                      str(tmp_path / "themes-metrics.ttl"), "--format", "csv"])
    assert query.exit_code == 0, query.output
    lines = query.output.splitlines()
    assert len(lines) == 1 + 11 and lines[1].split(",")[1] == A + "js-amr"


# -- files ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("network")
    result = CliRunner().invoke(main, ["network", "--out", str(out), "--data", str(KG_FILE)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("stem", ["themes-js-2022-qm", "themes-js-2022-qm-agencies"])
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back(written: Path, seed: Network, stem: str, fmt: str) -> None:
    original = seed.graph if stem.endswith("qm") else seed.agencies
    read = nx.read_graphml(written / f"{stem}.graphml") if fmt == "graphml" else \
        nx.read_gexf(written / f"{stem}.gexf", relabel=False)
    assert set(read.nodes) == set(original.nodes)
    assert {frozenset(e) for e in read.edges} == {frozenset(e) for e in original.edges}
    for node, attrs in original.nodes(data=True):
        for key, value in attrs.items():
            assert read.nodes[node][key] == value, (node, key)
        assert read.nodes[node]["label"] == attrs["label_zh_Hant"]
        assert {"label_zh_Hant", "label_zh_Hans", "label_en"} <= set(read.nodes[node])
    for a, b, attrs in original.edges(data=True):
        for key, value in attrs.items():
            assert read.edges[a, b][key] == value, (a, b, key)


def test_node_link_json_and_metrics_csv(written: Path) -> None:
    doc = json.loads((written / "themes-js-2022-qm.json").read_text(encoding="utf-8"))
    assert len(doc["nodes"]) == 16 and len(doc["links"]) == 22
    lines = (written / "themes-metrics.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("network,node,kind,label_zh-Hant,label_zh-Hans,label_en,degree,weighted_degree")
    assert len(lines) == 1 + 16
    assert lines[1].split(",")[1] == A + "js-amr"  # highest betweenness first


def test_outputs_are_byte_stable(tmp_path: Path, written: Path) -> None:
    again = CliRunner().invoke(main, ["network", "--out", str(tmp_path), "--data", str(KG_FILE)])
    assert again.exit_code == 0
    for path in sorted(written.iterdir()):
        if path.suffix != ".png":
            assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_unknown_campaign_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["network", "--out", str(tmp_path), "--campaign", "xx-1999-qm"])
    assert result.exit_code == 2
    assert "no such campaign" in result.output and "js-2022-qm" in result.output
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())


def test_without_a_cjk_font_everything_but_the_pictures_is_written(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.network import draw

    def missing(lang: str = "zh-Hant") -> str:
        raise draw.FontMissingError("no CJK font found; install fonts-noto-cjk")

    monkeypatch.setattr(draw, "find_cjk_font", missing)
    result = CliRunner().invoke(main, ["network", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert "warning: no CJK font" in result.output and "pictures were not written" in result.output
    names = {p.suffix for p in tmp_path.iterdir()}
    assert {".graphml", ".gexf", ".json", ".csv", ".trig", ".html"} <= names
    assert not names & {".png", ".svg"}


# -- pictures ---------------------------------------------------------------------------------------


def _cjk_or_skip(lang: str) -> str:
    from kg.network.draw import FontMissingError, find_cjk_font

    try:
        return find_cjk_font(lang)
    except FontMissingError as exc:
        print(f"skipping: {exc}")
        pytest.skip(str(exc))


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans", "en"])
def test_png_draws_labels_with_a_cjk_font_and_no_overlap(seed: Network, lang: str, tmp_path: Path) -> None:
    from matplotlib import font_manager

    from kg.network.draw import draw

    family = _cjk_or_skip(lang)
    fig = draw(seed, lang, "2022年江蘇省質量月")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph warns ("Glyph … missing from font")
        fig.savefig(tmp_path / "n.png", format="png")
    assert (tmp_path / "n.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    labels = [t for t in fig.findobj() if str(getattr(t, "get_gid", lambda: "")() or "").startswith("label:")]
    assert len(labels) == 16
    assert {t.get_fontfamily()[0] for t in labels} == {family}
    files = {font_manager.findfont(t.get_fontproperties(), fallback_to_default=False) for t in labels}
    assert len(files) == 1
    assert any(mark in Path(next(iter(files))).name for mark in ("CJK", "wqy", "SourceHan", "DroidSansFallback"))
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two labels overlap"


# -- the interactive page in headless Chromium ------------------------------------------------------


class Chromium:
    """A tiny Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (fds 3 and 4): stdlib only."""

    def __init__(self, profile: Path) -> None:
        import fcntl

        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        # move the child's ends above 3 and 4 first, so the dup2 calls below cannot clobber each other
        high_r, high_w = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10), fcntl.fcntl(res_w, fcntl.F_DUPFD, 10)
        os.close(cmd_r)
        os.close(res_w)
        args = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]

        def fds() -> None:  # the protocol wants commands on fd 3 and replies on fd 4
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=fds,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(high_r)
        os.close(high_w)
        self.write, self.read, self.next, self.buffer = cmd_w, res_r, 0, b""
        self.session = ""

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self.next += 1
        msg: dict[str, Any] = {"id": self.next, "method": method, "params": params or {}}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self.write, json.dumps(msg).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.read, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next:
                if "error" in reply:
                    raise RuntimeError(str(reply["error"]))
                result: dict[str, Any] = reply.get("result", {})
                return result

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 1000, "deviceScaleFactor": 1,
                                                         "mobile": False})
        self.send("Page.navigate", {"url": url})
        for _ in range(100):
            if self.eval("document.body && document.body.getAttribute('data-ready')") == "true":
                return
            time.sleep(0.1)
        raise AssertionError("the page never finished drawing")

    def eval(self, expression: str) -> Any:
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get("value")

    def mouse(self, kind: str, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"]))

    def close(self) -> None:
        self.session = ""
        with contextlib.suppress(RuntimeError, OSError):
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.write)
        os.close(self.read)


def _label_js(slug: str) -> str:
    return (f"Array.from(document.querySelectorAll('g.node[data-id$=\"/{slug}\"] tspan'))"
            ".map(function (t) {{ return t.textContent; }}).join(' ')")


def test_html_page_in_headless_chromium(written: Path, tmp_path: Path) -> None:
    if not CHROMIUM.is_file():
        print(f"skipping: {CHROMIUM} is not installed (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    page = written / "themes-js-2022-qm.html"
    assert "<script src" not in page.read_text(encoding="utf-8")  # self-contained
    browser = Chromium(tmp_path / "profile")
    try:
        browser.open(page.as_uri())
        drawn = browser.eval("Array.from(document.querySelectorAll('g.node .mark')).filter(function (m) {"
                             " var r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length")
        assert drawn == 16
        assert browser.eval("document.querySelectorAll('g.link').length") == 22
        assert browser.eval(_label_js("js-amr")) == "江蘇省市場監督管理局"
        for lang, want in [("en", "Jiangsu Provincial Administration for Market Regulation"),
                           ("zh-Hans", "江苏省市场监督管理局")]:
            x, y = browser.eval(f"(function () {{ var r = document.querySelector('button[data-lang={lang}]')"
                                ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
            browser.mouse("mousePressed", x, y)
            browser.mouse("mouseReleased", x, y)
            assert browser.eval(_label_js("js-amr")) == want
        # the filter keeps theme (四) and its three agencies
        browser.eval("(function () { var s = document.getElementById('filter'); s.value = s.options[4].value;"
                     " s.dispatchEvent(new Event('change')); })()")
        kept = browser.eval("Array.from(document.querySelectorAll('g.node:not(.dim)'))"
                            ".map(function (g) { return g.getAttribute('data-id').split('/id/')[1]; }).sort()")
        assert kept == ["agency/js-ca", "agency/js-dot", "agency/js-miit", "theme/js-2022-qm/4"]
        browser.eval("(function () { var s = document.getElementById('filter'); s.value = '';"
                     " s.dispatchEvent(new Event('change')); })()")
        # hover the only edge of js-drc near its agency end: activity 12 and its sentence appear
        x, y = browser.eval("(function () { var p = document.querySelector('g.link[data-source$=\"/js-drc\"] .hit');"
                            " var q = p.getPointAtLength(p.getTotalLength() * 0.1), m = p.getScreenCTM();"
                            " return [q.x * m.a + m.e, q.y * m.d + m.f]; })()")
        browser.mouse("mouseMoved", x, y)
        assert browser.eval("getComputedStyle(document.getElementById('tooltip')).display") == "block"
        tip = browser.eval("document.getElementById('tooltip').textContent")
        assert "activity/js-2022-qm/12" in tip and "省发改委在新华日报" in tip  # zh-Hans: the quote converted
        if os.environ.get("KG_SCREENSHOT_DIR"):
            browser.screenshot(Path(os.environ["KG_SCREENSHOT_DIR"]) / "network-html.png")
    finally:
        browser.close()


# -- across campaigns: topics, filters, large pictures (synthetic reports, topics from activity types) ------


def synth_with_topics(folder: Path, jurisdictions: int, years: int) -> Path:
    """The graph of ``jurisdictions`` × ``years`` synthetic reports (benchmarks/synth.py), topics included (the
    synthetic graph is what the build makes of the same texts: tests/test_synth.py)."""
    from benchmarks.synth import generate, ntriples_text

    path = folder / f"synth-{jurisdictions}x{years}.nt"
    path.write_text(ntriples_text(list(generate(jurisdictions, years))), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def three_hundred(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 places × 3 years: 36 reports, 316 bodies."""
    return synth_with_topics(tmp_path_factory.mktemp("synth"), 12, 3)


@pytest.fixture(scope="module")
def across(three_hundred: Path) -> Network:
    store = OxigraphStore()
    store.load([three_hundred])
    (net,) = build_networks(fetch_layer(store, "topics"), per_campaign=False)
    return net


def test_topics_make_one_network_across_campaigns(across: Network) -> None:
    assert across.scope == "all" and len(across.campaigns) == 36
    assert sum(1 for _, k in across.graph.nodes(data="kind") if k == "agency") >= 300
    topics = {n for n, k in across.graph.nodes(data="kind") if k == "topic"}
    assert len(topics) >= 5 and all(t.startswith("https://w3id.org/govkg/ontology#Topic") for t in topics)
    assert nx.is_connected(across.graph)  # through the shared topics; each place's bodies alone are islands
    assert nx.number_connected_components(across.agencies) > 1
    # the agency–agency graph is co-acting: an edge only for bodies named in one activity
    _, _, attrs = next(iter(across.agencies.edges(data=True)))
    assert attrs["weight"] == len(attrs["activities"].split())


def test_years_places_and_topics_filters(three_hundred: Path) -> None:
    from kg.network.select import Selection, select

    store = OxigraphStore()
    store.load([three_hundred])
    data = fetch_layer(store, "topics")
    years = select(data, Selection(years=(2023, 2024)))
    assert {data.campaigns[c][0] for c, *_ in years.edges} == {"2023", "2024"}
    places = select(data, Selection(places=("江苏省", "zj", "北京市")))  # a zh-Hans label, a code, a zh-Hant label
    assert {c.rsplit("/", 1)[-1].split("-")[0] for c, *_ in places.edges} == {"js", "zj", "bj"}
    supervision = "https://w3id.org/govkg/ontology#TopicSupervisionAndEnforcement"
    topics = select(data, Selection(topics=("监督检查与执法",)))
    assert {t for *_, t in topics.edges} == {supervision}
    both = select(data, Selection(years=(2024, 2024), places=("江蘇省",), topics=("TopicSupervisionAndEnforcement",)))
    assert {c for c, *_ in both.edges} == {str(ID) + "campaign/js-2024-qm"}
    from kg.errors import InputError

    with pytest.raises(InputError, match="--places '火星'"):
        select(data, Selection(places=("火星",)))


def test_cli_default_is_the_network_across_campaigns(three_hundred: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["network", "--data", str(three_hundred), "--out", str(tmp_path / "all"),
                                       "--years", "2023-2024", "--places", "江蘇省,浙江省"])
    assert result.exit_code == 0, result.output
    assert "topics-all:" in result.output
    names = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert len(names) == 12 and "topics-all.png" in names  # one network, not one per campaign
    assert [n for n in names if n.endswith((".png", ".svg"))] == ["topics-all.png", "topics-all.svg"]
    from PIL import Image

    with Image.open(tmp_path / "all" / "topics-all.png") as image:
        assert max(image.size) <= 4000
    doc = json.loads((tmp_path / "all" / "topics-all.json").read_text(encoding="utf-8"))
    assert doc["graph"]["campaigns"].count("/campaign/") == 4  # js and zj, 2023 and 2024
    per = CliRunner().invoke(main, ["network", "--data", str(three_hundred), "--out", str(tmp_path / "per"),
                                    "--places", "js", "--per-campaign"])
    assert per.exit_code == 0, per.output
    assert {p.name for p in (tmp_path / "per").iterdir() if p.suffix == ".html"} == \
        {"topics-all.html", "topics-js-2022-qm.html", "topics-js-2023-qm.html", "topics-js-2024-qm.html"}
    assert {p.stem for p in (tmp_path / "per").iterdir() if p.suffix in (".png", ".svg")} == \
        {"topics-all", "topics-js-2022-qm", "topics-js-2023-qm", "topics-js-2024-qm"}  # asked for: drawn


def test_names_never_overlap_at_three_hundred_bodies(across: Network, tmp_path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from kg.network.draw import draw

    _cjk_or_skip("zh-Hant")
    fig = draw(across, "zh-Hant", "機構與議題", "資料來源：36 份報告")
    width, height = fig.get_size_inches() * fig.dpi
    assert width <= 4000 and height <= 4000
    renderer = FigureCanvasAgg(fig).get_renderer()
    labels = [t for t in fig.findobj() if str(getattr(t, "get_gid", lambda: "")() or "").startswith("label:")]
    named = {t.get_gid()[len("label:"):] for t in labels}
    assert {n for n, k in across.graph.nodes(data="kind") if k == "topic"} <= named  # every topic is named
    assert len(named) >= 25
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i, a in enumerate(boxes):
        assert fig.bbox.contains(a.x0, a.y0) and fig.bbox.contains(a.x1, a.y1)
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two labels overlap"
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "經常一起行動的機構群組" in texts and "大小：活動多少" in texts and "資料來源" in texts


def test_gexf_and_graphml_carry_the_drawing(across: Network) -> None:
    import xml.etree.ElementTree as ET

    from kg.network.layout import visual
    from kg.network.write import graph_files

    look = visual(across)
    files = graph_files(across.graph, "zh-Hant", look)
    viz = "{http://www.gexf.net/1.2draft/viz}"
    root = ET.fromstring(files[".gexf"])  # noqa: S314 -- bytes this test just wrote
    nodes = root.iter("{http://www.gexf.net/1.2draft}node")
    seen = 0
    for node in nodes:
        v = look[node.get("id") or ""]
        position, colour, size = node.find(viz + "position"), node.find(viz + "color"), node.find(viz + "size")
        assert position is not None and colour is not None and size is not None
        assert float(position.get("x") or 0) == pytest.approx(1000 * v.x, abs=0.1)
        assert "#{:02x}{:02x}{:02x}".format(*(int(colour.get(c) or 0) for c in "rgb")) == v.colour
        assert float(size.get("value") or 0) > 0
        seen += 1
    assert seen == across.graph.number_of_nodes()
    read = nx.read_graphml(io.BytesIO(files[".graphml"]))
    some = next(iter(look))
    assert {"x", "y", "r", "g", "b", "size"} <= set(read.nodes[some])
    assert read.nodes[some]["y"] == pytest.approx(1000 * look[some].y, abs=0.1)


def test_the_seed_and_two_reports_of_other_provinces_are_one_network_through_their_topics(tmp_path: Path) -> None:
    from kg.build.corpus import build_graph
    from tests.repo import ROOT

    across = ROOT / "tests" / "data" / "across"
    paths = [KG_FILE.parent / "sources", across / "zhejiang-2021-quality-month.txt",
             across / "anhui-2023-quality-month.txt"]
    graph = tmp_path / "three.ttl"
    graph.write_bytes(build_graph(paths).data)
    store = OxigraphStore()
    store.load([graph])
    (net,) = build_networks(fetch_layer(store, "topics"), per_campaign=False)
    assert len(net.campaigns) == 3
    assert nx.is_connected(net.graph)  # three provinces, no body acting in all three: joined by shared topics
    themes = build_networks(fetch_layer(store, "themes"), per_campaign=False)
    assert not nx.is_connected(themes[0].graph)  # each campaign's own themes alone leave islands
