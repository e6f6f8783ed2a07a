"""What kg network says about its networks: their titles, one CSV row per node, and the metrics graph (RDF)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from rdflib import Dataset, Literal, URIRef

from kg.namespaces import DCTERMS, GOVKG, ID, LABEL_LANGS, PROV, RDF, XSD, bind_prefixes
from kg.network.graphs import ALL, LayerData, Network, label_key
from kg.network.metrics import DIGITS as _DIGITS

__all__ = ["METRICS_GRAPH", "metrics_dataset", "metrics_rows", "network_caption", "network_titles"]

METRICS_GRAPH = ID["graph/network-metrics"]
_TITLES = {
    "topics": {"zh-Hant": "機構與議題", "zh-Hans": "机构与议题", "en": "Bodies and topics"},
    "themes": {"zh-Hant": "機構與主題", "zh-Hans": "机构与主题", "en": "Agencies and themes"},
    "products": {"zh-Hant": "機構與產品", "zh-Hans": "机构与产品", "en": "Agencies and products"},
    "documents": {"zh-Hant": "機構與文件", "zh-Hans": "机构与文件", "en": "Agencies and documents"},
}
_ALL_TITLE = {"zh-Hant": "全部主題活動", "zh-Hans": "全部主题活动", "en": "all campaigns"}


_METRIC_COLUMNS = ("degree", "weighted_degree", "betweenness", "pagerank", "community", "partners", "shared")


def metrics_rows(networks: Sequence[Network]) -> list[dict[str, Any]]:
    """One CSV row per node per network, agencies first, then by betweenness (highest first)."""
    rows = []
    for net in networks:
        order = sorted(net.graph.nodes, key=lambda n: (net.graph.nodes[n]["kind"] != "agency",
                                                       -net.measures[n]["betweenness"], n))
        for node in order:
            attrs = net.graph.nodes[node]
            row = {"network": net.name, "node": node, "kind": attrs["kind"]}
            row.update({f"label_{lang}": attrs[label_key(lang)] for lang in LABEL_LANGS})
            row.update({k: net.measures[node][k] for k in _METRIC_COLUMNS})
            rows.append(row)
    return rows


def _measures_iri(net: Network, node: str) -> URIRef:
    base = str(ID)
    local = node[len(base):] if node.startswith(base) else "x/" + hashlib.sha256(node.encode()).hexdigest()[:16]
    return URIRef(f"{net.iri}/{local}")


def network_titles(net: Network, data: LayerData) -> dict[str, str]:
    """The network's title in each language, e.g. ``Agencies and themes: Jiangsu Quality Month 2022``."""
    out = {}
    for lang in LABEL_LANGS:
        scope = _ALL_TITLE[lang] if net.scope == ALL else data.label(net.campaigns[0], lang)
        out[lang] = f"{_TITLES[net.layer][lang]}: {scope}"
    return out


_CAPTION = {
    "zh-Hant": ("資料來源：{n} 份報告（{names}），{places} 個地區，{years}", "、", "等", "年"),
    "zh-Hans": ("资料来源：{n} 份报告（{names}），{places} 个地区，{years}", "、", "等", "年"),
    "en": ("Sources: {n} reports ({names}), {places} places, {years}", ", ", " …", ""),
}


def network_caption(net: Network, data: LayerData, lang: str, shown: int = 4) -> str:
    """What the picture is drawn from: how many reports, the first ``shown`` by name, places and years."""
    text, comma, more, year_mark = _CAPTION[lang if lang in _CAPTION else "en"]
    campaigns = sorted(net.campaigns)
    names = comma.join(data.label(c, lang) for c in campaigns[:shown]) + (more if len(campaigns) > shown else "")
    places = {data.campaigns.get(c, ("", ""))[1] for c in campaigns} - {""}
    years = sorted({data.campaigns.get(c, ("", ""))[0][:4] for c in campaigns} - {""})
    span = "" if not years else years[0] + year_mark if len(years) == 1 else \
        f"{years[0]}–{years[-1]}{year_mark}"
    return text.format(n=len(campaigns), names=names, places=len(places), years=span).rstrip("，, ")


def _decimal(value: float) -> Literal:
    """An ``xsd:decimal`` in canonical form (``0``, ``0.5``), which every engine prints the same way."""
    text = f"{value:.{_DIGITS}f}".rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=XSD.decimal)


def metrics_dataset(networks: Sequence[Network], data: LayerData) -> Dataset:
    """The metrics as RDF in the named graph ``METRICS_GRAPH`` (``…/id/graph/network-metrics``)."""
    dataset = Dataset()
    bind_prefixes(dataset)
    graph = dataset.graph(METRICS_GRAPH)
    for net in networks:
        graph.add((net.iri, RDF.type, GOVKG.Network))
        for lang, title in network_titles(net, data).items():
            graph.add((net.iri, DCTERMS.title, Literal(title, lang=lang)))
        for campaign in net.campaigns:
            graph.add((net.iri, PROV.wasDerivedFrom, URIRef(campaign)))
        for node, values in net.measures.items():
            m = _measures_iri(net, node)
            graph.add((m, RDF.type, GOVKG.NetworkMeasures))
            graph.add((m, GOVKG.inNetwork, net.iri))
            graph.add((m, GOVKG.measuredNode, URIRef(node)))
            graph.add((m, GOVKG.degree, Literal(values["degree"])))
            graph.add((m, GOVKG.weightedDegree, Literal(values["weighted_degree"])))
            graph.add((m, GOVKG.betweenness, _decimal(values["betweenness"])))
            graph.add((m, GOVKG.pageRank, _decimal(values["pagerank"])))
            graph.add((m, GOVKG.community, Literal(values["community"])))
    return dataset
