"""JSON-LD: compact a graph with govkg's local context into readable, byte-stable JSON, and read it back offline."""

from __future__ import annotations

import json
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.shared.jsonld.context import Context

__all__ = ["from_jsonld", "to_jsonld"]


class _Context(Context):  # type: ignore[misc]
    """rdflib's context, but an IRI is shortened with the longest matching prefix (``id:activity/js-2022-qm/04``).

    rdflib only tries the namespace up to the IRI's last ``/`` or ``#``, which leaves every minted IRI in full.
    """

    def shrink_iri(self, iri: str) -> str:
        iri = str(iri)
        for ns, prefix in sorted(self._prefixes.items(), key=lambda item: -len(item[0])):
            rest = iri[len(ns):]
            if iri.startswith(ns) and rest and not rest.startswith("//"):
                return f"{prefix}:{rest}"
        return str(super().shrink_iri(iri))


class _Converter(Converter):  # type: ignore[misc]
    """rdflib's converter, plus the blank nodes it dropped: those reached only through an ``@id``-coerced term or
    only from a cycle of blank nodes."""

    def from_graph(self, graph: Graph) -> list[dict[str, Any]]:
        nodemap: dict[str, Any] = {}
        for s in sorted(set(graph.subjects()), key=str):
            if isinstance(s, URIRef) or (isinstance(s, BNode) and not any(graph.subjects(None, s))):
                self.process_subject(graph, s, nodemap)
        while missing := sorted(_bnode_refs(list(nodemap.values())) - set(nodemap)):
            for ref in missing:
                self.process_subject(graph, BNode(ref[2:]), nodemap)
        for node in sorted(_unreachable(graph), key=str):  # blank nodes reached only from a cycle of blank nodes
            self.process_subject(graph, node, nodemap)
        return list(nodemap.values())

    def add_to_node(self, graph: Graph, s: Any, p: Any, o: Any, s_node: dict[str, Any], nodemap: Any) -> None:
        """rdflib's, but a falsy value already under a key (``""``, ``0``, ``false``) is kept: rdflib tests the old
        value for truth, and so overwrote it with the next value of the same property."""
        falsy = {k: v for k, v in s_node.items() if isinstance(v, str | int | float | bool) and not v}
        super().add_to_node(graph, s, p, o, s_node, nodemap)
        for key, old in falsy.items():
            new = s_node.get(key)
            if not isinstance(new, list) and (new is not old or type(new) is not type(old)):
                s_node[key] = [old, new]

    def to_raw_value(self, graph: Graph, s: Any, o: Any, nodemap: dict[str, Any]) -> Any:
        """rdflib's, but an integer beyond ±(2**53 - 1) is written as a typed string: as a JSON number, readers
        (Oxigraph's among them) take it for a double."""
        from rdflib import Literal
        from rdflib.namespace import XSD

        if isinstance(o, Literal) and o.datatype == XSD.integer and abs(_int(o)) > 2**53 - 1:
            return {self.context.type_key: self.context.to_symbol(o.datatype), self.context.value_key: str(o)}
        return super().to_raw_value(graph, s, o, nodemap)


def _int(literal: Any) -> int:
    """The integer a well-formed ``xsd:integer`` literal stands for; 0 for an ill-formed one (written as is)."""
    try:
        return int(str(literal))
    except ValueError:
        return 0


def _unreachable(graph: Graph) -> set[BNode]:
    """Blank nodes no path leads to from an IRI subject or an unreferenced blank node (they sit on a cycle)."""
    subjects = set(graph.subjects())
    roots = {s for s in subjects
             if isinstance(s, URIRef) or (isinstance(s, BNode) and not any(graph.subjects(None, s)))}
    seen: set[Any] = set(roots)
    todo = list(roots)
    while todo:
        for o in graph.objects(todo.pop()):
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    return {s for s in subjects if isinstance(s, BNode) and s not in seen}

def _bnode_refs(value: Any) -> set[str]:
    """Every ``_:label`` string in a JSON-LD value (a list's cells are written out, so never referenced)."""
    if isinstance(value, str):
        return {value} if value.startswith("_:") else set()
    if isinstance(value, dict):
        return set().union(*(_bnode_refs(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_bnode_refs(v) for v in value))
    return set()


def _sorted(value: Any, key: str | None = None) -> Any:
    """Sort every JSON array (by its members' JSON) except ``@list`` ones, and every object's keys."""
    if isinstance(value, dict):
        return {k: _sorted(v, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def _list_keys(context: dict[str, Any]) -> set[str]:
    return {k for k, v in context.items() if isinstance(v, dict) and v.get("@container") == "@list"}


def _protect_lists(value: Any, list_keys: set[str]) -> Any:
    """Wrap values of ``@list`` terms as ``{"@list": …}`` so sorting leaves their order alone."""
    if isinstance(value, dict):
        return {k: ({"@list": _protect_lists(v, list_keys)} if k in list_keys and isinstance(v, list)
                    else _protect_lists(v, list_keys)) for k, v in value.items()}
    if isinstance(value, list):
        return [_protect_lists(v, list_keys) for v in value]
    return value


def _unprotect_lists(value: Any, list_keys: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: (v["@list"] if k in list_keys and isinstance(v, dict) and set(v) == {"@list"}
                    else _unprotect_lists(v, list_keys)) for k, v in value.items()}
    if isinstance(value, list):
        return [_unprotect_lists(v, list_keys) for v in value]
    return value


def to_jsonld(graph: Graph, context: dict[str, Any]) -> str:
    """Compacted JSON-LD of ``graph`` with ``context`` embedded; nodes sorted by ``@id``, arrays sorted, 2-space indent.

    >>> from rdflib import Literal
    >>> from kg.namespaces import GOVKG, ID
    >>> g = Graph()
    >>> _ = g.add((ID["activity/a/01"], GOVKG.conductedBy, ID["agency/js-amr"]))
    >>> ctx = {"id": str(ID), "conductedBy": {"@id": str(GOVKG.conductedBy), "@type": "@id"}}
    >>> json.loads(to_jsonld(g, ctx))["conductedBy"]
    'id:agency/js-amr'
    """
    converter = _Converter(_Context(context), False, False)
    result = converter.convert(graph)
    nodes = result.get("@graph", [result]) if isinstance(result, dict) else result
    nodes = [{k: v for k, v in node.items() if k != "@context"} for node in nodes]
    keys = _list_keys(context)
    nodes = _unprotect_lists(_sorted(_protect_lists(nodes, keys)), keys)
    nodes.sort(key=lambda node: str(node.get("@id", "")))
    document: dict[str, Any] = {"@context": context}
    if len(nodes) == 1:
        document.update(nodes[0])
    else:
        document["@graph"] = nodes
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def from_jsonld(text: str, context: dict[str, Any]) -> Graph:
    """Parse JSON-LD ``text`` with the local ``context`` (a dict: nothing is fetched over the network)."""
    return Graph().parse(data=text, format="json-ld", context=context)
