"""JSON-LD: compact a graph with govkg's local context into readable, byte-stable JSON, offline."""

from __future__ import annotations

import json
import re
from typing import Any

from rdflib import BNode, Graph, Literal
from rdflib.term import Node

__all__ = ["compacted_nodes", "load_context", "to_jsonld"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_SAFE_INTEGER = 2**53 - 1
_INTEGER = re.compile(r"[+-]?[0-9]+")


def load_context() -> dict[str, Any]:
    """The JSON-LD context of ``ontology/context.jsonld`` as a dict (the ``@context`` value), read locally."""
    from kg.errors import InputError
    from kg.paths import CONTEXT_FILE

    try:
        document = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError("no such file", path=CONTEXT_FILE) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=CONTEXT_FILE, line=exc.lineno, column=exc.colno) from exc
    context = document.get("@context") if isinstance(document, dict) else None
    if not isinstance(context, dict):
        raise InputError('expected an object with an "@context" object', path=CONTEXT_FILE, line=1, column=1)
    return context


def _offline(url: str, options: Any = None) -> Any:
    """PyLD's document loader: every remote document is refused (the context is always given as a dict)."""
    from pyld.jsonld import JsonLdError

    raise JsonLdError(f"refusing to fetch {url!r}: govkg reads JSON-LD offline", "jsonld.LoadDocumentError",
                      {"url": url}, code="loading document failed")


def _native(value: Any, keep: frozenset[str] = frozenset()) -> Any:
    """Booleans, safe integers and doubles of the expanded form as JSON values (as rdflib's serializer wrote them);
    an integer beyond ±(2**53 - 1) stays a typed string, which readers (Oxigraph's among them) would take for a
    double as a JSON number. Values of the properties in ``keep`` stay typed: a native number under a language-map
    term would be compacted into the map's ``@none``, which JSON-LD readers refuse."""
    if isinstance(value, list):
        return [_native(v, keep) for v in value]
    if not isinstance(value, dict):
        return value
    kind, text = value.get("@type"), value.get("@value")
    if isinstance(text, str) and set(value) == {"@type", "@value"}:
        if kind == _XSD + "boolean" and text in ("true", "false"):
            return {"@value": text == "true"}
        if kind == _XSD + "integer" and _INTEGER.fullmatch(text) and abs(int(text)) <= _SAFE_INTEGER:
            return {"@value": int(text)}
        if kind == _XSD + "double":
            try:
                return {"@value": float(text)}
            except ValueError:
                return value
    return {k: (v if k in keep else _native(v, keep)) for k, v in value.items()}


def _restore_languages(value: Any, tags: dict[str, str], maps: set[str]) -> Any:
    """Language tags as the graph spells them (``zh-Hant``): a JSON-LD processor lower-cases them (BCP 47 tags are
    case-insensitive), in ``@language`` values and in the keys of ``@container: @language`` maps."""
    if isinstance(value, list):
        return [_restore_languages(v, tags, maps) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "@language" and isinstance(item, str):
            out[key] = tags.get(item, item)
        elif key in maps and isinstance(item, dict):
            out[key] = {tags.get(k, k): _restore_languages(v, tags, maps) for k, v in item.items()}
        else:
            out[key] = _restore_languages(item, tags, maps)
    return out


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


def _expand(context: dict[str, Any], term: str) -> str:
    """The full IRI of a context term whose ``@id`` is a compact IRI (``govkg:slogan``) or an absolute one."""
    iri = str(context[term]["@id"])
    prefix, _, local = iri.partition(":")
    base = context.get(prefix)
    return base + local if isinstance(base, str) and not local.startswith("//") else iri


def _containers(context: dict[str, Any], container: str) -> set[str]:
    return {k for k, v in context.items() if isinstance(v, dict) and v.get("@container") == container}


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


def _rdf_term(term: Node) -> dict[str, str]:
    """A term in PyLD's RDF dataset form (what its N-Quads reader gives, read here without re-parsing text)."""
    if isinstance(term, BNode):
        return {"type": "blank node", "value": f"_:{term}"}
    if not isinstance(term, Literal):
        return {"type": "IRI", "value": str(term)}
    out = {"type": "literal", "value": str(term), "datatype": str(term.datatype or _XSD + "string")}
    if term.language:
        out["datatype"] = _RDF_LANG_STRING
        out["language"] = term.language
    return out


def _rdf_triple(triple: tuple[Node, Node, Node]) -> dict[str, dict[str, str]]:
    s, p, o = triple
    return {"subject": _rdf_term(s), "predicate": _rdf_term(p), "object": _rdf_term(o)}


def _compact(graph: Graph, context: dict[str, Any]) -> list[dict[str, Any]]:
    """The node objects of ``graph`` compacted with ``context`` by PyLD (from RDF, then compaction), offline."""
    from pyld import jsonld

    keep = frozenset(_expand(context, k) for k in _containers(context, "@language"))
    expanded = _native(jsonld.from_rdf({"@default": [_rdf_triple(t) for t in graph]}, {}), keep)
    compacted = jsonld.compact(expanded, {"@context": context}, {"documentLoader": _offline})
    tags = {o.language.lower(): o.language for o in graph.objects() if isinstance(o, Literal) and o.language}
    compacted = _restore_languages(compacted, tags, _containers(context, "@language"))
    nodes = compacted.get("@graph", [compacted]) if compacted.keys() - {"@context"} else []
    return [{k: v for k, v in node.items() if k != "@context"} for node in nodes]


def compacted_nodes(graph: Graph, context: dict[str, Any]) -> list[dict[str, Any]]:
    """The node objects of ``graph`` compacted with ``context`` by PyLD, keys and arrays sorted (not the nodes)."""
    keys = _containers(context, "@list")
    return _unprotect_lists(_sorted(_protect_lists(_compact(graph, context), keys)), keys)  # type: ignore[no-any-return]


def to_jsonld(graph: Graph, context: dict[str, Any]) -> str:
    """Compacted JSON-LD of ``graph`` with ``context`` embedded; nodes sorted by ``@id``, arrays sorted, 2-space indent.

    >>> from kg.namespaces import GOVKG, ID
    >>> g = Graph()
    >>> _ = g.add((ID["activity/a/01"], GOVKG.conductedBy, ID["agency/js-amr"]))
    >>> ctx = {"id": str(ID), "conductedBy": {"@id": str(GOVKG.conductedBy), "@type": "@id"}}
    >>> json.loads(to_jsonld(g, ctx))["conductedBy"]
    'id:agency/js-amr'
    """
    nodes = compacted_nodes(graph, context)
    nodes.sort(key=lambda node: str(node.get("@id", "")))
    document: dict[str, Any] = {"@context": context}
    if len(nodes) == 1:
        document.update(nodes[0])
    else:
        document["@graph"] = nodes
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
