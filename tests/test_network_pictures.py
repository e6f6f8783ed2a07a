"""``kg network --pictures``: which networks get an SVG and a PNG; and the child Python that draws them meanwhile
gives the bytes this process would (kg.network.pictures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KGError
from kg.network import pictures
from kg.network.graphs import Network, build_networks, fetch_layer
from kg.network.layout import visual
from kg.paths import KG_FILE
from kg.query.local import OxigraphStore
from tests.repo import ROOT

SECOND = ROOT / "tests" / "data" / "second.ttl"
STEMS = {"themes-js-2022-qm", "themes-nj-2023-qm", "themes-all"}  # the seed and a second report, per campaign


def _font_or_skip() -> None:
    from kg.network.draw import FontMissingError, find_cjk_font

    try:
        find_cjk_font("zh-Hant")
    except FontMissingError as exc:
        print(f"skipping: {exc}")
        pytest.skip(str(exc))


def _run(out: Path, *extra: str) -> tuple[set[str], set[str]]:
    """(stems with pictures, stems with a page) of ``kg network --per-campaign`` on the seed and a second report."""
    result = CliRunner().invoke(main, ["network", "--out", str(out), "--data", str(KG_FILE), "--data", str(SECOND),
                                       "--per-campaign", *extra])
    assert result.exit_code == 0, result.output
    drawn = {p.stem for p in out.iterdir() if p.suffix in (".svg", ".png")}
    assert drawn == {p.stem for p in out.iterdir() if p.suffix == ".svg"}  # an SVG and a PNG each
    return drawn, {p.stem for p in out.iterdir() if p.suffix == ".html"}


@pytest.mark.parametrize(("given", "drawn"), [
    ((), STEMS),  # every network written, as before the option
    (("--pictures", "all"), {"themes-all"}),
    (("--pictures", "js-2022-qm, all"), {"themes-js-2022-qm", "themes-all"}),
    (("--pictures", "nj-2023-qm", "--pictures", "all"), {"themes-nj-2023-qm", "themes-all"}),
    (("--pictures", "every"), STEMS),
    (("--pictures", "none"), set()),
], ids=["default", "all", "comma", "repeated", "every", "none"])
def test_pictures_are_drawn_for_the_networks_named(tmp_path: Path, given: tuple[str, ...], drawn: set[str]) -> None:
    _font_or_skip()
    pictured, pages = _run(tmp_path, *given)
    assert pictured == drawn
    assert pages == STEMS  # the rest is written for every network whatever the pictures
    assert {p.name for p in tmp_path.iterdir() if p.suffix != ".html" and "metrics" not in p.name} >= {
        f"{stem}{part}.{fmt}" for stem in STEMS for part in ("", "-agencies") for fmt in ("graphml", "gexf", "json")}


def test_a_network_not_written_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["network", "--out", str(tmp_path), "--data", str(KG_FILE),
                                       "--pictures", "nj-2023-qm"])
    assert result.exit_code == 2
    assert "--pictures 'nj-2023-qm': no such network here (known: js-2022-qm, every, none)" in result.output
    assert "--per-campaign" in result.output and "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


@pytest.fixture(scope="module")
def jobs() -> list[pictures.Job]:
    store = OxigraphStore()
    store.load([KG_FILE, SECOND])
    data = fetch_layer(store, "themes")
    nets = build_networks(data)
    return [(net, "zh-Hant", f"title {net.scope}", "caption", visual(net)) for net in nets]


def test_the_child_draws_the_bytes_drawn_here(jobs: list[pictures.Job], monkeypatch: pytest.MonkeyPatch) -> None:
    _font_or_skip()
    here = pictures.draw_all(jobs)
    assert set(here[0]) == {f"{net.name}.{fmt}" for net, *_ in jobs for fmt in ("svg", "png")} and here[1] == []

    def not_here(_: object) -> None:
        raise AssertionError("drawn in this process")

    monkeypatch.setattr(pictures, "draw_all", not_here)  # the child imports its own
    with pictures.pictures_elsewhere(jobs, parallel=True) as wait:
        assert wait() == here


def test_a_failing_child_is_one_clear_error(jobs: list[pictures.Job]) -> None:
    _font_or_skip()  # without a CJK font the child draws nothing, so it cannot fail on the broken network
    net, *rest = jobs[0]
    broken = Network(net.layer, net.scope, net.campaigns, net.graph.copy(), net.agencies)
    for _, attrs in broken.graph.nodes(data=True):
        attrs.clear()  # no kind: the picture cannot be drawn
    with pictures.pictures_elsewhere([(broken, *rest)], parallel=True) as wait, \
            pytest.raises(KGError, match=r"the pictures worker failed \(exit 1\): KeyError"):
        wait()


def test_small_pictures_stay_in_this_process(jobs: list[pictures.Job], monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(pictures, "draw_all", lambda given: calls.append(given) or ({}, []))
    with pictures.pictures_elsewhere(jobs) as wait:  # the seed's networks: far below PARALLEL_NODES
        assert wait() == ({}, [])
    assert calls == [jobs]


def test_the_default_graph_is_read_into_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Four questions over the whole graph: the ready on-disk store is neither made nor read (at M its look-ups
    cost 12 s against a 4.5 s load; benchmarks/README.md)."""
    import shutil

    (tmp_path / "data").mkdir()
    shutil.copy(KG_FILE, tmp_path / "data" / "kg.ttl")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["network", "--pictures", "none"])
    assert result.exit_code == 0, result.output
    assert "themes-js-2022-qm: 16 nodes, 22 edges" in result.output
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["kg.ttl"]  # no data/.kg.ttl.store/
    assert (tmp_path / "out" / "network" / "themes-js-2022-qm.graphml").is_file()


def test_the_key_and_the_caption_do_not_overlap(jobs: list[pictures.Job]) -> None:
    """The key in plain words and the caption naming the sources are both at the foot: their boxes are apart, for a
    small (two-column) network of a few rows and for the large one."""
    _font_or_skip()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from kg.network.draw import draw

    for net, lang, title, _, look in jobs:
        words = "資料來源：1 份報告（測試），1 個地區，2023年"
        fig = draw(net, lang, title, words, look)
        renderer = FigureCanvasAgg(fig).get_renderer()
        foot = [text for text in fig.texts if text.get_text() != title]
        boxes = {text.get_text() == words: text.get_window_extent(renderer) for text in foot}
        key, caption = boxes[False], boxes[True]
        assert len(foot) == 2 and caption.y1 <= key.y0, (net.scope, caption, key)
