"""Pictures of the agency networks: a CJK font found at run time, SVG and PNG of a fixed size for large networks,
with names placed so that no two overlap, a key in plain words and a caption naming the sources."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.network.graphs import Network, label_key
from kg.network.layout import Visual, visual

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CJK_FAMILIES",
    "FontMissingError",
    "draw",
    "find_cjk_font",
    "legend",
    "render",
    "wrap_label",
]

# Preferred families, per script first; any of them covers both scripts and Latin.
CJK_FAMILIES = {
    "zh-Hant": ("Noto Sans CJK TC", "Noto Sans CJK HK", "Source Han Sans TC", "Noto Sans CJK SC"),
    "zh-Hans": ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN"),
}
_ANY_CJK = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Noto Serif CJK TC",
            "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans", "WenQuanYi Zen Hei",
            "WenQuanYi Micro Hei", "AR PL UMing TW", "AR PL UKai CN", "Droid Sans Fallback")
_LEGEND = {
    "zh-Hant": "圓點：機構　方塊：{kinds}　大小：活動多少　顏色：{groups}　連線：機構在該{kind}下的活動",
    "zh-Hans": "圆点：机构　方块：{kinds}　大小：活动多少　颜色：{groups}　连线：机构在该{kind}下的活动",
    "en": "circles: bodies · squares: {kinds} · size: how many activities · colour: {groups} · "
          "lines: a body's activities under a {kind}",
}
_GROUPS = {
    "zh-Hant": ("經常一起行動的機構群組", "常在同一{kind}下行動的機構群組"),
    "zh-Hans": ("经常一起行动的机构群组", "常在同一{kind}下行动的机构群组"),
    "en": ("groups of bodies that often act together", "groups of bodies that often work on the same {kinds}"),
}
_LABELLED = {"zh-Hant": "　標名：{n} 個最核心的機構", "zh-Hans": "　标名：{n} 个最核心的机构",
             "en": " · names: the {n} most central bodies"}
_KINDS = {
    "zh-Hant": {"topic": "議題", "theme": "主題", "product": "產品", "document": "文件"},
    "zh-Hans": {"topic": "议题", "theme": "主题", "product": "产品", "document": "文件"},
    "en": {"topic": "topic", "theme": "theme", "product": "product", "document": "document"},
}


def legend(layer: str, lang: str, labelled: int | None = None) -> str:
    """The picture's key in plain words; ``labelled`` = how many bodies are named, when not all of them."""
    from kg.network.graphs import LAYERS

    key = lang if lang in _LEGEND else "en"
    kind = _KINDS[key][LAYERS[layer]]
    kinds = kind + "s" if key == "en" else kind
    groups = _GROUPS[key][0 if layer == "topics" else 1].format(kind=kind, kinds=kinds)
    text = _LEGEND[key].format(kind=kind, kinds=kinds, groups=groups)
    return text + (_LABELLED[key].format(n=labelled) if labelled is not None else "")


FONT_HINT = "install a CJK font, e.g. Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk)"


class FontMissingError(KGError):
    """No CJK font is installed, so Chinese labels cannot be drawn (they would be boxes)."""


def _families() -> set[str]:
    from matplotlib import font_manager

    return {f.name for f in font_manager.fontManager.ttflist}


def _add_from_fontconfig() -> None:
    """Fonts installed after matplotlib built its cache: ask fontconfig and register them."""
    from matplotlib import font_manager

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return
    try:
        out = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=30,  # noqa: S603
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return
    for line in out.splitlines():
        path = line.split(":")[0].strip()
        if path and Path(path).is_file():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


def find_cjk_font(lang: str = "zh-Hant") -> str:
    """The family name of an installed CJK font, preferring the script of ``lang``; raises if there is none."""
    preferred = (*CJK_FAMILIES.get(lang, ()), *_ANY_CJK)
    for attempt in range(2):
        installed = _families()
        for family in preferred:
            if family in installed:
                return family
        if attempt == 0:
            _add_from_fontconfig()
    raise FontMissingError(f"no CJK font found for the pictures ({', '.join(preferred[:3])} …); {FONT_HINT}")


def wrap_label(text: str, lang: str, width: int) -> list[str]:
    """Break a label into lines: at spaces for English, every ``width`` characters (or at a comma) for Chinese."""
    if lang == "en":
        return textwrap.wrap(text, width=width * 2) or [text]
    lines: list[str] = []
    for part in text.replace(", ", ",").split(","):
        piece = part.strip()
        if lines and piece:
            lines[-1] += ","
        while len(piece) > width:
            lines.append(piece[:width])
            piece = piece[width:]
        if piece:
            lines.append(piece)
    return lines or [text]


LABELS = 60  # bodies named in a large picture, by PageRank (topics are always named)
SIDE = 16.0  # inches of a large picture's side, at DPI: 2,400 pixels
DPI = 150


def draw(net: Network, lang: str, title: str = "", caption: str = "",
         look: dict[str, Visual] | None = None) -> Figure:
    """The network as a matplotlib figure: labels in ``lang`` (a CJK font is required), size = activities,
    colour = group, two columns for a small network, a force layout of fixed size for a large one."""
    from matplotlib.figure import Figure

    family = find_cjk_font(lang)
    look = visual(net) if look is None else look
    small = all(v.x in (0.0, 1.0) for v in look.values())  # the two-column layout (force keeps off the edges)
    if small:
        rows = max(sum(v.x == 0.0 for v in look.values()), sum(v.x == 1.0 for v in look.values()), 1)
        fig = Figure(figsize=(15, max(6.0, 0.62 * rows + 1.6)), dpi=100)
        ax = fig.add_axes((0.3, 0.05, 0.4, 0.86))
        ax.set_xlim(-0.05, 1.05)
    else:
        fig = Figure(figsize=(SIDE, SIDE + 0.8), dpi=DPI)
        ax = fig.add_axes((0.01, 0.06, 0.98, 0.89))
        ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(0 if small else -0.01, 1 if small else 1.01)
    ax.axis("off")
    _draw_edges(ax, net, look, small)
    for kind, marker in (("agency", "o"), ("target", "s")):
        chosen = [v for v in look if (net.graph.nodes[v]["kind"] == "agency") == (kind == "agency")]
        ax.scatter([look[v].x for v in chosen], [look[v].y for v in chosen], s=[look[v].size for v in chosen],
                   c=[look[v].colour for v in chosen], marker=marker, edgecolors="white",
                   linewidths=1.2 if small else 0.5, zorder=3)
    if small:
        _column_labels(ax, net, look, lang, family, rows)
        named = None
    else:
        named = _spread_labels(fig, ax, net, look, lang, family)
    if title:
        fig.suptitle(title, fontfamily=family, fontsize=15 if small else 20, y=0.985)
    # bottom lines stacked in points, so that they never overlap whatever the figure's height
    height, bottom = fig.get_figheight() * 72, 3.0
    if caption:
        size = 8 if small else 11
        fig.text(0.5, bottom / height, caption, ha="center", va="bottom", fontsize=size, fontfamily=family,
                 color="#666666")
        bottom += size * 1.5
    fig.text(0.5, bottom / height, legend(net.layer, lang, named), ha="center", va="bottom",
             fontsize=9 if small else 12, fontfamily=family, color="#444444")
    return fig


def _draw_edges(ax: Any, net: Network, look: dict[str, Visual], small: bool) -> None:
    import math

    from matplotlib.collections import LineCollection

    segments, widths = [], []
    for a, b, weight in net.graph.edges(data="weight"):
        segments.append([(look[a].x, look[a].y), (look[b].x, look[b].y)])
        widths.append(0.8 + 1.2 * weight if small else 0.3 + 0.5 * math.log1p(weight))
    ax.add_collection(LineCollection(segments, linewidths=widths, colors="#8c8c8c",
                                     alpha=0.55 if small else 0.12, zorder=1))


def _text(net: Network, node: str, lang: str) -> str:
    attrs = net.graph.nodes[node]
    return str(attrs[label_key(lang)] or attrs[label_key("zh-Hant")] or node)


def _column_labels(ax: Any, net: Network, look: dict[str, Visual], lang: str, family: str, rows: int) -> None:
    fontsize = 11.0 if rows <= 20 else max(6.0, 11.0 * 20 / rows)
    for node, v in look.items():
        width = 15 if net.graph.nodes[node]["kind"] == "agency" else 16
        left = v.x == 0.0
        ax.annotate("\n".join(wrap_label(_text(net, node, lang), lang, width)), (v.x, v.y),
                    xytext=(-14 if left else 14, 0), textcoords="offset points", ha="right" if left else "left",
                    va="center", fontsize=fontsize, fontfamily=family, linespacing=1.15, gid=f"label:{node}")


_OFFSETS = ((6, 0, "left", "center"), (-6, 0, "right", "center"), (0, 6, "center", "bottom"),
            (0, -6, "center", "top"), (6, 6, "left", "bottom"), (-6, -6, "right", "top"))


def _spread_labels(fig: Figure, ax: Any, net: Network, look: dict[str, Visual], lang: str, family: str) -> int:
    """Name every target and the ``LABELS`` bodies of highest PageRank where a name fits: each tries six places
    around its node and is dropped when its box would overlap a name already placed or leave the picture.
    Returns how many bodies are named."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]
    frame = fig.bbox
    graph = net.graph
    targets = sorted((v for v in look if graph.nodes[v]["kind"] != "agency"),
                     key=lambda v: (-graph.degree(v, weight="weight"), v))
    bodies = sorted((v for v in look if graph.nodes[v]["kind"] == "agency"),
                    key=lambda v: (-float(net.measures[v]["pagerank"]), v))[:LABELS]
    placed: list[Any] = []
    named = 0
    for node in [*targets, *bodies]:
        target = graph.nodes[node]["kind"] != "agency"
        for dx, dy, ha, va in _OFFSETS:
            text = ax.annotate("\n".join(wrap_label(_text(net, node, lang), lang, 10 if target else 12)),
                               (look[node].x, look[node].y), xytext=(dx * (2 if target else 1), dy),
                               textcoords="offset points", ha=ha, va=va, fontsize=13 if target else 9,
                               fontweight="bold" if target else "normal", fontfamily=family, linespacing=1.1,
                               gid=f"label:{node}", zorder=4,
                               bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
            box = text.get_window_extent(renderer).padded(4)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                named += not target
                break
            text.remove()
    return named


def render(net: Network, lang: str, title: str, caption: str = "",
           look: dict[str, Visual] | None = None) -> dict[str, bytes]:
    """SVG (text as paths, so no font is needed to view it) and PNG bytes of the picture."""
    import io
    import warnings

    import matplotlib

    fig = draw(net, lang, title, caption, look)
    out: dict[str, bytes] = {}
    with warnings.catch_warnings(), matplotlib.rc_context({"svg.hashsalt": "govkg", "svg.fonttype": "path"}):
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        for fmt in ("svg", "png"):
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=_metadata(fmt))
            out[fmt] = buffer.getvalue()
    return out


def _metadata(fmt: str) -> dict[str, Any]:
    """No dates or versions in the files, so the same graph gives the same bytes."""
    if fmt == "svg":
        return {"Date": None, "Creator": "govkg"}
    return {"Software": "govkg"}
