"""The dump files of ``kg export``, written from the dataset's sorted N-Triples lines (:class:`Split`), each streamed
to its file through an atomic write while its size and SHA-256 are counted.

- N-Triples: the lines as they are (rdflib's form, sorted: the bytes the rdflib export wrote);
- N-Quads: each line with its graph (sorting a line with its graph keeps the order, as no triple is in two graphs);
- Turtle and TriG: Oxigraph's Turtle serialiser over the sorted lines (of each named graph, for TriG) with govkg's
  prefixes, language tags put back in their case (:func:`kg.rdf.ntlines.restore_tags`);
- RDF/XML: :func:`kg.rdf.write.to_rdfxml`'s layout, subject by subject from the lines;
- JSON-LD: :func:`kg.publish.ldlines.lines_jsonld` (the bytes of :func:`kg.rdf.jsonld.to_jsonld`, node by node).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from itertools import compress, groupby
from typing import IO, TYPE_CHECKING

from rdflib import BNode, Graph
from rdflib.term import Node

from kg.namespaces import PREFIXES, RDF, bind_prefixes
from kg.publish.dataset import NAMED_GRAPHS, Split
from kg.publish.void import Dump
from kg.rdf.ntlines import node, terms

if TYPE_CHECKING:
    from pathlib import Path

    from kg.rdf.formats import RdfFormat

__all__ = ["write_dump", "write_to"]

_CHUNK = 1 << 16
_ONLY = [bytes(int(g == k) for g in range(256)) for k in range(len(NAMED_GRAPHS))]  # graph k's lines: 1, others 0


class _Counted:
    """A binary file that also counts the bytes written to it and their SHA-256."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.size, self.sha256 = handle, 0, hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.sha256.update(data)
        self.size += len(data)


def write_dump(split: Split, fmt: RdfFormat, path: Path) -> Dump:
    """Write one dump of ``split`` in ``fmt`` to ``path`` (atomically) and say what it is."""
    from kg.files import atomic_write

    with atomic_write(path) as handle:
        out = _Counted(handle)
        write_to(split, fmt, out.write)
    return Dump(path, fmt, out.size, out.sha256.hexdigest())


def write_to(split: Split, fmt: RdfFormat, write: Callable[[bytes], object]) -> None:
    """Write one dump of ``split`` in ``fmt`` through ``write``, in pieces."""
    if fmt.name == "ntriples":
        for start in range(0, len(split.lines), _CHUNK):
            write(b"".join(split.lines[start:start + _CHUNK]))
    elif fmt.name == "nquads":
        tails = [f" <{iri}> .\n".encode() for iri in NAMED_GRAPHS]
        for start in range(0, len(split.lines), _CHUNK):
            write(b"".join(line[:-3] + tails[g] for line, g in zip(split.lines[start:start + _CHUNK],
                                                                    split.graphs[start:start + _CHUNK],
                                                                    strict=True)))
    elif fmt.name in ("turtle", "trig"):
        write(_oxigraph(split, fmt.name))
    elif fmt.name == "rdfxml":
        for piece in _rdfxml(split.lines):
            write(piece)
    else:
        from kg.publish.ldlines import lines_jsonld
        from kg.rdf.jsonld import load_context

        for piece in lines_jsonld(split.lines, load_context()):
            write(piece)


def _oxigraph(split: Split, name: str) -> bytes:
    """Turtle (the union) or TriG (the named graphs, in their order) by Oxigraph, tags in their case again, and
    govkg's prefixes in name order (Oxigraph writes them in its hash map's order).

    TriG is Oxigraph's TriG layout made from its Turtle of each graph: ``<graph> {``, the Turtle's lines indented by
    a tab, ``}`` (its Turtle escapes every newline in a literal, so a line's only newline is its end)."""
    from kg.rdf.ntlines import restore_tags

    if name == "turtle":
        body = _turtle_body(b"".join(split.lines))
    else:
        blocks = []
        for g, iri in enumerate(NAMED_GRAPHS):
            text = _turtle_body(b"".join(compress(split.lines, split.graphs.translate(_ONLY[g]))))
            if text:
                blocks.append(f"<{iri}> {{\n".encode() + b"\t" + text[:-1].replace(b"\n", b"\n\t") + b"\n}\n")
        body = b"".join(blocks)
    head = "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in sorted(PREFIXES.items()))
    return head.encode("utf-8") + b"\n" + restore_tags(body)


def _turtle_body(lines: bytes) -> bytes:
    """Oxigraph's Turtle of N-Triples ``lines`` without its prefix lines. Read leniently: the lines were checked
    when the graph was read (Oxigraph's strict parser, or rdflib's and the guard)."""
    import pyoxigraph as ox

    text = ox.serialize(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES, lenient=True), format=ox.RdfFormat.TURTLE,
                        prefixes=PREFIXES) or b""
    body = 0
    while text.startswith(b"@prefix ", body):
        body = text.index(b"\n", body) + 1
    return text[body:]


def _rdfxml(lines: list[bytes]) -> Iterator[bytes]:
    """:func:`kg.rdf.write.to_rdfxml` of the lines' graph: the same bytes, one subject at a time."""
    from xml.sax.saxutils import quoteattr

    from kg.rdf.rdfxml import _property

    nm = bind_prefixes(Graph(bind_namespaces="none")).namespace_manager
    qnames: dict[bytes, str] = {}
    bindings = {"rdf": str(RDF)}
    for p in sorted({terms(line)[1] for line in lines}, key=lambda t: t[1:-1]):
        prefix, ns, local = nm.compute_qname_strict(p[1:-1].decode("utf-8"))
        bindings[prefix] = str(ns)
        qnames[p] = f"{prefix}:{local}"
    head = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    head += [f"   xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in sorted(bindings.items())]
    yield ("\n".join(head) + "\n>\n").encode("utf-8")
    first_blank = next((i for i, line in enumerate(lines) if line[:2] == b"_:"), len(lines))
    for part in (lines[first_blank:], lines[:first_blank]):  # blank nodes first, as rdflib's type names sort
        out: list[str] = []
        for subject, group in groupby(map(terms, part), key=lambda t: t[0]):
            s = node(subject)
            about = f"rdf:nodeID={quoteattr(str(s))}" if isinstance(s, BNode) else f"rdf:about={quoteattr(str(s))}"
            out.append(f"  <rdf:Description {about}>\n")
            objects = sorted(((p, node(o)) for _, p, o in group), key=lambda po: (po[0][1:-1], _key(po[1])))
            out.extend(f"    {_property(qnames[p], o)}\n" for p, o in objects)
            out.append("  </rdf:Description>\n")
            if len(out) > _CHUNK:
                yield "".join(out).encode("utf-8")
                out = []
        yield "".join(out).encode("utf-8")
    yield b"</rdf:RDF>\n"


def _key(o: Node) -> tuple[str, str]:
    return (type(o).__name__, o.n3())
