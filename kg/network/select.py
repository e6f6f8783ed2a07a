"""Which rows a network is drawn from: ``--years``, ``--places`` and ``--topics`` filters over a layer's edges."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.errors import InputError
from kg.network.graphs import LayerData

__all__ = ["Selection", "ontology_labels", "parse_years", "select", "split_names"]


@dataclass(frozen=True)
class Selection:
    """Campaign years (first, last), jurisdictions and topics as the user wrote them; empty = no filter."""

    years: tuple[int, int] | None = None
    places: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.years is not None or bool(self.places) or bool(self.topics)


def parse_years(text: str) -> tuple[int, int]:
    """``2019-2022`` → (2019, 2022); ``2022`` → (2022, 2022).

    >>> parse_years("2019-2022"), parse_years(" 2022 ")
    ((2019, 2022), (2022, 2022))
    """
    found = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~至到]\s*(\d{4})\s*)?", text)
    if not found:
        raise InputError(f"--years {text!r}: give a year (2022) or a range (2019-2022)")
    first, last = int(found[1]), int(found[2] or found[1])
    if first > last:
        raise InputError(f"--years {text!r}: the first year is after the last")
    return first, last


def split_names(values: Sequence[str]) -> tuple[str, ...]:
    """Repeated options and comma lists (ASCII or Chinese commas) as one tuple of names.

    >>> split_names(["江蘇省,浙江省", "sh、bj"])
    ('江蘇省', '浙江省', 'sh', 'bj')
    """
    return tuple(p.strip() for v in values for p in re.split(r"[,，、]", v) if p.strip())


def _matches(data: LayerData, node: str, name: str) -> bool:
    local = node.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return name in (node, local) or name in data.labels.get(node, {}).values()


def _resolve(data: LayerData, names: tuple[str, ...], known: set[str], option: str) -> set[str]:
    chosen = set()
    for name in names:
        hits = {n for n in known if _matches(data, n, name)}
        if not hits:
            listed = ", ".join(sorted(data.label(n, "zh-Hant") for n in known)[:12]) or "none"
            raise InputError(f"{option} {name!r}: not in this graph (known: {listed})")
        chosen |= hits
    return chosen


def select(data: LayerData, selection: Selection) -> LayerData:
    """``data`` with only the rows of campaigns in the years and places chosen, and (topics layer) the topics."""
    if not selection:
        return data
    keep_campaigns = set(data.campaigns) | {c for c, *_ in data.edges}
    if selection.years is not None:
        first, last = selection.years
        keep_campaigns = {c for c in keep_campaigns
                          if data.campaigns.get(c, ("", ""))[0][:4].isdigit()
                          and first <= int(data.campaigns[c][0][:4]) <= last}
    if selection.places:
        places = {p for _, p in data.campaigns.values() if p}
        chosen = _resolve(data, selection.places, places, "--places")
        keep_campaigns = {c for c in keep_campaigns if data.campaigns.get(c, ("", ""))[1] in chosen}
    targets: set[str] | None = None
    if selection.topics:
        if data.layer != "topics":
            raise InputError(f"--topics filters the topics layer, not --layer {data.layer}")
        targets = _resolve(data, selection.topics, {t for *_, t in data.edges}, "--topics")
    edges = [e for e in data.edges if e[0] in keep_campaigns and (targets is None or e[3] in targets)]
    if not edges:
        raise InputError("no activities left after the --years/--places/--topics filters; nothing to draw")
    return replace(data, edges=edges)


def ontology_labels(data: LayerData) -> LayerData:
    """``data`` with labels from the ontology for the nodes the graph names without one (topics and other
    vocabulary terms are described in ontology/govkg.ttl, not repeated in every graph)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS, SKOS

    from kg.namespaces import GOVKG, LABEL_LANGS
    from kg.paths import ONTOLOGY_FILE

    missing = {t for *_, t in data.edges if t not in data.labels and t.startswith(str(GOVKG))}
    if not missing:
        return data
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    labels = dict(data.labels)
    for node in missing:
        found = {}
        for predicate in (RDFS.label, SKOS.prefLabel):
            for value in ontology.objects(URIRef(node), predicate):
                lang = getattr(value, "language", None)
                if lang in LABEL_LANGS:
                    found[lang] = str(value)
        if found:
            labels[node] = found
    return replace(data, labels=labels)
