"""The interactive network page: one self-contained HTML file (plain inline JS and SVG, no library, no network).

Positions come from ``kg.network.layout`` (the pictures' layout); a large network is drawn in a square of ``SIDE``
units that the page zooms and pans, with the names of the topics and of the ``LABELS`` most central bodies shown and
every other name on hover, on search, or when zoomed in."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from kg.namespaces import LABEL_LANGS
from kg.network.draw import legend, wrap_label
from kg.network.graphs import LAYERS, LayerData, Network, label_key
from kg.network.layout import Visual

__all__ = ["TEMPLATE", "html_page", "page_data"]

TEMPLATE = resources.files("kg.network") / "assets" / "network.html"
_PLACEHOLDER = "/*__GOVKG_DATA__*/"
SIDE = 1600
LABELS = 30
_LANG_NAMES = {"zh-Hant": "繁體", "zh-Hans": "简体", "en": "English"}
_METRICS = ("degree", "weighted_degree", "betweenness", "pagerank", "community", "partners", "shared")
_UI: dict[str, dict[str, str]] = {
    "zh-Hant": {"year": "年份:", "search": "搜尋機構:", "shown": "顯示 %n 個節點", "notfound": "找不到",
                "filter": "篩選{kind}:", "all": "全部", "activities": "項活動", "activity": "項活動",
                "noquote": "(無原文)", "source": "", "degree": "度", "weighted_degree": "活動數",
                "betweenness": "介數中心性",
                "pagerank": "PageRank", "community": "社區", "partners": "合作機構", "shared": "共同{kind}",
                "legend": "　懸停連線可見活動與原文，滾輪縮放，拖動平移"},
    "zh-Hans": {"year": "年份:", "search": "搜索机构:", "shown": "显示 %n 个节点", "notfound": "找不到",
                "filter": "筛选{kind}:", "all": "全部", "activities": "项活动", "activity": "项活动",
                "noquote": "(无原文)", "source": "", "degree": "度", "weighted_degree": "活动数",
                "betweenness": "介数中心性",
                "pagerank": "PageRank", "community": "社区", "partners": "合作机构", "shared": "共同{kind}",
                "legend": "　悬停连线可见活动与原文，滚轮缩放，拖动平移"},
    "en": {"year": "Year:", "search": "Find a body:", "shown": "%n nodes shown", "notfound": "not found",
           "filter": "Filter by {kind}:", "all": "all", "activities": "activities", "activity": "activity",
           "noquote": "(no source text)",
           "source": "Source sentences are quoted in the report's Chinese.", "degree": "degree",
           "weighted_degree": "activities", "betweenness": "betweenness", "pagerank": "PageRank",
           "community": "community", "partners": "partner agencies", "shared": "shared {kind}s",
           "legend": " · hover an edge for its activities and source sentences; wheel to zoom, drag to pan"},
}
_KIND = {"zh-Hant": {"topic": "議題", "theme": "主題", "product": "產品", "document": "文件"},
         "zh-Hans": {"topic": "议题", "theme": "主题", "product": "产品", "document": "文件"},
         "en": {"topic": "topic", "theme": "theme", "product": "product", "document": "document"}}


def _quotes(text: str) -> dict[str, str]:
    from kg.ingest.script import to_hans

    return {"zh-Hant": text, "zh-Hans": to_hans(text)}


def _nodes(net: Network, look: dict[str, Visual], width: int, height: int) -> list[dict[str, Any]]:
    small = all(v.x in (0.0, 1.0) for v in look.values())
    left, right, top = (430, width - 470, 40) if small else (20, width - 20, 20)
    ranked = sorted(net.agencies, key=lambda v: (-float(net.measures[v]["pagerank"]), v))[:LABELS]
    nodes = []
    for node, v in look.items():
        attrs = net.graph.nodes[node]
        width_chars = 15 if attrs["kind"] == "agency" else 16
        labels = {lang: wrap_label(attrs[label_key(lang)], lang, width_chars) for lang in LABEL_LANGS
                  if attrs[label_key(lang)]}
        m = net.measures[node]
        radius = 5 + 2.2 * float(m["weighted_degree"]) if small else (v.size ** 0.5) / 1.6
        nodes.append({
            "id": node, "kind": attrs["kind"], "x": round(left + v.x * (right - left), 1),
            "y": round(top + (1.0 - v.y) * (height - 2 * top), 1), "r": round(radius, 1),
            "colour": v.colour, "labels": labels, "metrics": {k: m[k] for k in _METRICS},
            "shown": small or attrs["kind"] != "agency" or node in ranked,
        })
    return nodes


def _edges(net: Network, data: LayerData) -> list[dict[str, Any]]:
    year = {activity: data.campaigns.get(campaign, ("", ""))[0][:4] for campaign, activity, *_ in data.edges}
    edges = []
    for a, b, attrs in net.graph.edges(data=True):
        agency, target = (a, b) if net.graph.nodes[a]["kind"] == "agency" else (b, a)
        acts = [{"id": act, "slug": act.rsplit("/id/", 1)[-1], "quote": _quotes(data.quotes[act])
                 if act in data.quotes else {}} for act in attrs["activities"].split()]
        years = sorted({year.get(act["id"], "") for act in acts} - {""})
        edges.append({"source": agency, "target": target, "weight": attrs["weight"], "activities": acts,
                      "years": years})
    return edges


def page_data(net: Network, data: LayerData, lang: str, titles: dict[str, str],
              look: dict[str, Visual] | None = None) -> dict[str, Any]:
    """The JSON the page draws: node positions and labels (pre-wrapped per language), edges with quotes."""
    from kg.network.layout import visual

    look = visual(net) if look is None else look
    rows = max(sum(1 for _, k in net.graph.nodes(data="kind") if k == "agency"),
               sum(1 for _, k in net.graph.nodes(data="kind") if k != "agency"), 1)
    small = all(v.x in (0.0, 1.0) for v in look.values())
    width, height = (1280, max(420, 62 * rows + 80)) if small else (SIDE, SIDE)
    kind = LAYERS[net.layer]
    ui = {lg: {k: v.format(kind=_KIND[lg][kind]) for k, v in texts.items()} for lg, texts in _UI.items()}
    for lg, texts in ui.items():
        texts["legend"] = legend(net.layer, lg) + texts["legend"]
    edges = _edges(net, data)
    return {
        "lang": lang, "langs": list(LABEL_LANGS), "langNames": _LANG_NAMES, "title": titles, "width": width,
        "height": height, "nodes": _nodes(net, look, width, height), "edges": edges, "ui": ui,
        "large": not small, "years": sorted({y for e in edges for y in e["years"]}),
        "metricNames": list(_METRICS),
    }


def html_page(net: Network, data: LayerData, lang: str, titles: dict[str, str],
              look: dict[str, Visual] | None = None) -> str:
    """The whole page, data inlined (every ``<`` escaped, so no label can close the script element)."""
    payload = json.dumps(page_data(net, data, lang, titles, look), ensure_ascii=False, sort_keys=True)
    payload = payload.replace("<", "\\u003c")
    return TEMPLATE.read_text(encoding="utf-8").replace(_PLACEHOLDER, payload, 1)
