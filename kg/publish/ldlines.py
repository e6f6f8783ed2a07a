"""The JSON-LD dump of ``kg export``, written from the dataset's sorted N-Triples lines (:mod:`kg.rdf.ntlines`).

The bytes are those of :func:`kg.rdf.jsonld.to_jsonld` over the lines' graph (PyLD compaction with
``ontology/context.jsonld``): a subject's node object is independent of the other subjects' when no blank node is
involved, so each IRI subject is compacted by :func:`kg.publish.fastld.node_object` from its lines, without rdflib.
PyLD compacts the rest together, as one graph: blank-node subjects, the subjects with a blank-node object (RDF lists
become ``@list`` across such nodes) and every subject of a shape the fast writer leaves to PyLD. When one language
tag is spelt in two ways, the whole graph goes to PyLD (its result then depends on the order).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from kg.publish.fastld import Fallback, Term, context_of, node_object
from kg.rdf.ntlines import unescape

__all__ = ["lines_jsonld"]

_BLANK_OBJECT = re.compile(rb" _:[^ \n]*+ \.\n\Z")
_CHUNK = 4096


def lines_jsonld(lines: list[bytes], context: dict[str, Any]) -> Iterator[bytes]:
    """The compacted JSON-LD document of ``lines`` (rdflib's N-Triples form, sorted, distinct), in pieces."""
    ctx = context_of(context)
    slow: set[bytes] = {line[:line.index(b" ")] for line in lines
                        if line[:2] == b"_:" or (b" _:" in line and _BLANK_OBJECT.search(line))}
    nodes: list[dict[str, Any]] = []
    left: list[bytes] = []
    tags: dict[str, str] = {}
    for subject, group in groupby(lines, key=lambda line: line[:line.index(b" ")]):
        mine = list(group)
        if subject in slow:
            left += mine
            continue
        properties: dict[str, list[Term]] = defaultdict(list)
        for line in mine:
            p, o = line[len(subject) + 1:-3].split(b" ", 1)
            term = _term(o)
            if type(term) is tuple and term[1]:
                tags.setdefault(term[1], term[1])
            properties[p[1:-1].decode("utf-8")].append(term)
        try:
            nodes.append(node_object(subject[1:-1].decode("utf-8"), properties, ctx))
        except Fallback:
            left += mine
    if len({tag.lower() for tag in tags}) < len(tags):
        left, nodes = lines, []  # two spellings of one tag: PyLD over the whole graph, as to_jsonld does
    if left:
        from kg.rdf.jsonld import compacted_nodes

        nodes += compacted_nodes(_graph(left), context)
    nodes.sort(key=lambda node: str(node.get("@id", "")))
    if len(nodes) == 1:
        body = json.dumps(nodes[0], ensure_ascii=False, indent=2)
        yield (ctx.header + (",\n" + body[2:] if len(body) > 2 else "\n}") + "\n").encode("utf-8")
        return
    yield (ctx.header + ',\n  "@graph": [' + ("\n" if nodes else "")).encode("utf-8")
    for start in range(0, len(nodes), _CHUNK):
        pieces = ["    " + json.dumps(node, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                  for node in nodes[start:start + _CHUNK]]
        last = start + _CHUNK >= len(nodes)
        yield (",\n".join(pieces) + ("\n  ]\n}\n" if last else ",\n")).encode("utf-8")
    if not nodes:
        yield b"]\n}\n"


def _term(token: bytes) -> Term:
    """An N-Triples object of rdflib's form as a term of :mod:`kg.publish.fastld` (an IRI or a literal)."""
    if token[:1] == b"<":
        return token[1:-1].decode("utf-8")
    end = token.rindex(b'"')
    value = unescape(token[1:end]).decode("utf-8")
    rest = token[end + 1:]
    if rest[:1] == b"@":
        return value, rest[1:].decode("ascii"), ""
    return value, "", rest[3:-1].decode("utf-8") if rest else ""


def _graph(lines: list[bytes]) -> Any:
    from rdflib import Graph

    from kg.rdf.ntlines import node, terms

    graph = Graph(bind_namespaces="none")
    graph.addN((node(s), node(p), node(o), graph) for s, p, o in map(terms, lines))
    return graph
