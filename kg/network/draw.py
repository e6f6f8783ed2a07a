"""Pictures of the agency networks: a CJK font found at run time, a two-column layout, SVG and PNG."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.network.graphs import Network, label_key

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CJK_FAMILIES",
    "FontMissingError",
    "draw",
    "find_cjk_font",
    "layout",
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
_PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
_LEGEND = {
    "zh-Hant": "圓點：機構　方塊：{kind}　大小：活動數　顏色：社區（貪心模塊度）　線寬：共同活動數",
    "zh-Hans": "圆点：机构　方块：{kind}　大小：活动数　颜色：社区（贪心模块度）　线宽：共同活动数",
    "en": "circles: agencies · squares: {kind} · size: activities · colour: community (greedy modularity) · "
          "line width: activities",
}
_KINDS = {
    "zh-Hant": {"theme": "主題", "product": "產品", "document": "文件"},
    "zh-Hans": {"theme": "主题", "product": "产品", "document": "文件"},
    "en": {"theme": "themes", "product": "products", "document": "documents"},
}
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


def layout(net: Network) -> dict[str, tuple[float, float]]:
    """Agencies in a left column, targets in a right one (in report order); agencies sorted by the mean height of
    their targets so edges cross little. Coordinates in [0, 1], y grows upwards."""
    graph = net.graph
    targets = [n for n, kind in graph.nodes(data="kind") if kind != "agency"]
    agencies = [n for n, kind in graph.nodes(data="kind") if kind == "agency"]
    if net.layer != "themes":  # no report order: group products/documents under their busiest agency
        busiest = {a: i for i, a in enumerate(sorted(agencies, key=lambda a: (-graph.degree(a, weight="weight"), a)))}
        targets.sort(key=lambda t: (min(busiest[a] for a in graph[t]), graph.nodes[t][label_key("zh-Hant")]))
    rank = {t: i for i, t in enumerate(targets)}

    def centre(agency: str) -> tuple[float, int, str]:
        weights = [(rank[t], graph[agency][t]["weight"]) for t in graph[agency]]
        mean = sum(r * w for r, w in weights) / sum(w for _, w in weights)
        return (mean, -graph.degree(agency, weight="weight"), agency)

    agencies.sort(key=centre)
    pos: dict[str, tuple[float, float]] = {}
    for x, column in ((0.0, agencies), (1.0, targets)):
        for i, node in enumerate(column):
            pos[node] = (x, 1.0 - (i + 0.5) / len(column))
    return pos


def _size(net: Network, node: str) -> float:
    return 80.0 + 70.0 * float(net.measures[node]["weighted_degree"])


def draw(net: Network, lang: str, title: str = "") -> Figure:
    """The network as a matplotlib figure: labels in ``lang`` (a CJK font is required), size = activities,
    colour = community, edge width = weight."""
    from matplotlib.figure import Figure

    family = find_cjk_font(lang)
    pos = layout(net)
    rows = max(sum(1 for x, _ in pos.values() if x == 0.0), sum(1 for x, _ in pos.values() if x == 1.0), 1)
    fig = Figure(figsize=(15, max(6.0, 0.62 * rows + 1.6)), dpi=100)
    ax = fig.add_axes((0.3, 0.03, 0.4, 0.88))
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(0, 1)
    ax.axis("off")
    for a, b, weight in net.graph.edges(data="weight"):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot([x1, x2], [y1, y2], color="#8c8c8c", alpha=0.55, linewidth=0.8 + 1.2 * weight, zorder=1)
    _draw_nodes(ax, net, pos, lang, family, rows)
    if title:
        fig.suptitle(title, fontfamily=family, fontsize=15, y=0.975)
    from kg.network.graphs import LAYERS

    key = lang if lang in _LEGEND else "en"
    legend = _LEGEND[key].format(kind=_KINDS[key][LAYERS[net.layer]])
    fig.text(0.5, 0.012, legend, ha="center", va="bottom", fontsize=9,
             fontfamily=family, color="#555555")
    return fig


def _draw_nodes(ax: Any, net: Network, pos: dict[str, tuple[float, float]], lang: str, family: str,
                rows: int) -> None:
    fontsize = 11.0 if rows <= 20 else max(6.0, 11.0 * 20 / rows)
    for node, (x, y) in pos.items():
        attrs = net.graph.nodes[node]
        colour = _PALETTE[int(net.measures[node]["community"]) % len(_PALETTE)]
        marker = "o" if attrs["kind"] == "agency" else "s"
        ax.scatter([x], [y], s=_size(net, node), c=colour, marker=marker, edgecolors="white", linewidths=1.2,
                   zorder=3)
        label = attrs[label_key(lang)] or attrs[label_key("zh-Hant")] or node
        width = 15 if attrs["kind"] == "agency" else 16
        lines = wrap_label(label, lang, width)
        left = x == 0.0
        ax.annotate("\n".join(lines), (x, y), xytext=(-14 if left else 14, 0), textcoords="offset points",
                    ha="right" if left else "left", va="center", fontsize=fontsize, fontfamily=family,
                    linespacing=1.15, gid=f"label:{node}")


def render(net: Network, lang: str, title: str) -> dict[str, bytes]:
    """SVG (text as paths, so no font is needed to view it) and PNG bytes of the picture."""
    import io
    import warnings

    import matplotlib

    fig = draw(net, lang, title)
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
