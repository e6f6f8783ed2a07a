"""The interactive network page: one self-contained HTML file (plain inline JS and SVG, no library, no network)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from kg.namespaces import LABEL_LANGS
from kg.network.draw import layout, wrap_label
from kg.network.graphs import LAYERS, LayerData, Network, label_key

__all__ = ["TEMPLATE", "html_page", "page_data"]

TEMPLATE = resources.files("kg.network") / "assets" / "network.html"
_PLACEHOLDER = "/*__GOVKG_DATA__*/"
_PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
_LANG_NAMES = {"zh-Hant": "繁體", "zh-Hans": "简体", "en": "English"}
_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank", "community", "partners", "shared")
_UI: dict[str, dict[str, str]] = {
    "zh-Hant": {"filter": "篩選{kind}:", "all": "全部", "activities": "項活動", "activity": "項活動",
                "noquote": "(無原文)", "source": "", "degree": "度", "weighted_degree": "活動數",
                "betweenness": "介數中心性",
                "pagerank": "PageRank", "community": "社區", "partners": "合作機構", "shared": "共同{kind}",
                "legend": "圓點:機構 方塊:{kind} 大小:活動數 顏色:社區 · 懸停連線可見活動與原文"},
    "zh-Hans": {"filter": "筛选{kind}:", "all": "全部", "activities": "项活动", "activity": "项活动",
                "noquote": "(无原文)", "source": "", "degree": "度", "weighted_degree": "活动数",
                "betweenness": "介数中心性",
                "pagerank": "PageRank", "community": "社区", "partners": "合作机构", "shared": "共同{kind}",
                "legend": "圆点:机构 方块:{kind} 大小:活动数 颜色:社区 · 悬停连线可见活动与原文"},
    "en": {"filter": "Filter by {kind}:", "all": "all", "activities": "activities", "activity": "activity",
           "noquote": "(no source text)",
           "source": "Source sentences are quoted in the report's Chinese.", "degree": "degree",
           "weighted_degree": "activities", "betweenness": "betweenness", "pagerank": "PageRank",
           "community": "community", "partners": "partner agencies", "shared": "shared {kind}s",
           "legend": "circles: agencies · squares: {kind}s · size: activities · colour: community · "
                     "hover an edge for its activities and source sentences"},
}
_KIND = {"zh-Hant": {"theme": "主題", "product": "產品", "document": "文件"},
         "zh-Hans": {"theme": "主题", "product": "产品", "document": "文件"},
         "en": {"theme": "theme", "product": "product", "document": "document"}}


def _quotes(text: str) -> dict[str, str]:
    from kg.ingest.script import to_hans

    return {"zh-Hant": text, "zh-Hans": to_hans(text)}


def _nodes(net: Network, width: int, height: int) -> list[dict[str, Any]]:
    pos = layout(net)
    left, right, top = 430, width - 470, 40
    nodes = []
    for node, (x, y) in pos.items():
        attrs = net.graph.nodes[node]
        width_chars = 15 if attrs["kind"] == "agency" else 16
        labels = {lang: wrap_label(attrs[label_key(lang)], lang, width_chars) for lang in LABEL_LANGS
                  if attrs[label_key(lang)]}
        m = net.measures[node]
        nodes.append({
            "id": node, "kind": attrs["kind"], "x": left if x == 0.0 else right,
            "y": round(top + (1.0 - y) * (height - 2 * top), 1), "r": round(5 + 2.2 * float(m["weighted_degree"]), 1),
            "colour": _PALETTE[int(m["community"]) % len(_PALETTE)], "labels": labels,
            "metrics": {k: m[k] for k in _METRICS},
        })
    return nodes


def _edges(net: Network, data: LayerData) -> list[dict[str, Any]]:
    edges = []
    for a, b, attrs in net.graph.edges(data=True):
        agency, target = (a, b) if net.graph.nodes[a]["kind"] == "agency" else (b, a)
        acts = [{"id": act, "slug": act.rsplit("/id/", 1)[-1], "quote": _quotes(data.quotes[act])
                 if act in data.quotes else {}} for act in attrs["activities"].split()]
        edges.append({"source": agency, "target": target, "weight": attrs["weight"], "activities": acts})
    return edges


def page_data(net: Network, data: LayerData, lang: str, titles: dict[str, str]) -> dict[str, Any]:
    """The JSON the page draws: node positions and labels (pre-wrapped per language), edges with quotes."""
    rows = max(sum(1 for _, k in net.graph.nodes(data="kind") if k == "agency"),
               sum(1 for _, k in net.graph.nodes(data="kind") if k != "agency"), 1)
    width, height = 1280, max(420, 62 * rows + 80)
    kind = LAYERS[net.layer]
    ui = {lg: {k: v.format(kind=_KIND[lg][kind]) for k, v in texts.items()} for lg, texts in _UI.items()}
    return {
        "lang": lang, "langs": list(LABEL_LANGS), "langNames": _LANG_NAMES, "title": titles, "width": width,
        "height": height, "nodes": _nodes(net, width, height), "edges": _edges(net, data), "ui": ui,
        "metricNames": list(_METRICS),
    }


def html_page(net: Network, data: LayerData, lang: str, titles: dict[str, str]) -> str:
    """The whole page, data inlined (every ``<`` escaped, so no label can close the script element)."""
    payload = json.dumps(page_data(net, data, lang, titles), ensure_ascii=False, sort_keys=True)
    payload = payload.replace("<", "\\u003c")
    return TEMPLATE.read_text(encoding="utf-8").replace(_PLACEHOLDER, payload, 1)
