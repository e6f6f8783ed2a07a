"""The one door for RDF written by others: no network, no file access, no DTDs, bounded size and nesting."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.limits import MAX_BYTES, own_output, size_limit, size_limit_now
from kg.paths import CONTEXT_FILE
from kg.rdf.bounds import check_turtle, place
from kg.rdf.contexts import CONTEXT_IRI, prepare_jsonld
from kg.rdf.formats import RDF_FORMATS
from kg.rdf.guard import check_terms, check_xml, refusal

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "CONTEXT_IRI",
    "MAX_BYTES",
    "MAX_DEPTH",
    "SUFFIX_FORMATS",
    "TURTLE_LIKE",
    "from_oxigraph",
    "own_output",
    "parse_rdf",
    "rdf_format",
    "read_quads",
    "size_limit",
    "size_limit_now",
]

MAX_DEPTH = 128
"""Default nesting limit: XML elements, JSON arrays/objects, Turtle ``[`` and ``(``."""

SUFFIX_FORMATS = {**{f".{f.suffix}": f.rdflib_format for f in RDF_FORMATS.values()},
           ".turtle": "turtle", ".owl": "xml", ".xml": "xml", ".json": "json-ld"}
"""File suffix -> format name (rdflib's names): each format's own suffix (kg.rdf.formats), and other common ones."""
TURTLE_LIKE = frozenset({"turtle", "trig", "nt", "nquads"})
"""The formats whose bytes :func:`kg.rdf.bounds.check_turtle` bounds before parsing (lines, tokens, nesting)."""
_ALIASES = {
    "ttl": "turtle", "n-triples": "nt", "ntriples": "nt", "n-quads": "nquads", "rdf/xml": "xml",
    "rdfxml": "xml", "jsonld": "json-ld", "application/ld+json": "json-ld",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdf_format(path: Path, format: str | None = None) -> str:
    """The format name for ``path``: ``format`` when given (rdflib names or common aliases), else from the suffix.

    >>> rdf_format(Path("a.jsonld")), rdf_format(Path("a.txt"), "Turtle")
    ('json-ld', 'turtle')
    """
    if format is not None:
        name = _ALIASES.get(format.lower(), format.lower())
        if name not in SUFFIX_FORMATS.values():
            known = ", ".join(sorted(set(SUFFIX_FORMATS.values())))
            raise InputError(f"unknown RDF format {format!r} (use one of {known})",
                             path=path)
        return name
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise InputError(f"unknown RDF file type {path.suffix!r} (use one of {known})", path=path)
    return fmt


def parse_rdf(
    path: Path,
    *,
    format: str | None = None,
    max_bytes: int | None = None,
    max_depth: int = MAX_DEPTH,
    contexts: Mapping[str, Path] | None = None,
) -> Graph:
    """Parse an untrusted RDF file into one rdflib ``Graph`` (named graphs merged); refuse it with ``InputError``.

    Nothing is fetched and no other file is read: see ``read_quads``. Blank nodes are fresh for every call;
    language tags come back in their conventional case (``zh-Hant``, ``en-GB``).

    >>> from kg.paths import ONTOLOGY_FILE
    >>> len(parse_rdf(ONTOLOGY_FILE)) > 0
    True
    """
    graph = Graph()
    for quad in read_quads(path, format=format, max_bytes=max_bytes, max_depth=max_depth, contexts=contexts):
        graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    return graph


def read_quads(
    path: Path,
    *,
    format: str | None = None,
    max_bytes: int | None = None,
    max_depth: int = MAX_DEPTH,
    contexts: Mapping[str, Path] | None = None,
) -> list[pyoxigraph.Quad]:
    """Parse an untrusted RDF file with Oxigraph after checking it; every refusal is an ``InputError`` with a place.

    Checks, before any RDF parser sees the text: at most ``max_bytes`` bytes (default: the current
    :func:`size_limit`, 64 MiB unless raised); strict UTF-8; RDF/XML with a
    DOCTYPE or ENTITY declaration refused, and well-formed XML at most ``max_depth`` elements deep; JSON-LD parsed
    here (depth ``max_depth``), every ``@context`` either inline or one of ``contexts`` (default: the govkg context
    ``CONTEXT_IRI`` -> ``ontology/context.jsonld``), ``@import`` refused; Turtle, TriG, N-Triples and N-Quads
    bounded by :func:`kg.rdf.bounds.check_turtle` (``[``/``(`` nesting at most ``max_depth``; literals, IRIs and
    lines at most :data:`kg.limits.MAX_LITERAL`, ``MAX_IRI`` and ``MAX_LINE`` bytes). Then IRIs with spaces,
    ``<>"{}|^`\\``, control characters or lone surrogates, relative IRIs and lone surrogates in literals are refused,
    and in RDF/XML and JSON-LD literals and IRIs over those limits. Blank nodes are renamed apart, so two files never
    share one.
    """
    fmt = rdf_format(path, format)
    text = _read_text(path, size_limit_now() if max_bytes is None else max_bytes, fmt, max_depth)
    if fmt == "xml":
        check_xml(text, path, max_depth)
    elif fmt == "json-ld":
        allowed = {CONTEXT_IRI: CONTEXT_FILE} if contexts is None else contexts
        text = prepare_jsonld(text, path, max_depth, allowed)
    quads = _ox_parse(text, fmt, path)
    blank = check_terms(quads, text, path, lengths=fmt not in TURTLE_LIKE)
    return _fresh_blank_nodes(quads) if blank else quads


# -- reading ------------------------------------------------------------------------------------------------------


def _read_text(path: Path, max_bytes: int, fmt: str | None = None, max_depth: int = MAX_DEPTH) -> str:
    """The text of ``path``: at most ``max_bytes`` bytes, bounded by :func:`check_turtle` when ``fmt`` is Turtle-like
    (before it is decoded, so a refused file costs its bytes and no more), strict UTF-8, a BOM dropped."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=path) from exc
    if len(data) > max_bytes:
        raise InputError(f"larger than the limit of {max_bytes} bytes (raise it with kg --max-size SIZE, "
                         "or kg.rdf.read.size_limit)", path=path)
    if fmt in TURTLE_LIKE:
        check_turtle(data, path, max_depth, 3 if data.startswith(b"\xef\xbb\xbf") else 0)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line, column = place(data, exc.start)
        raise InputError(f"not UTF-8 (byte 0x{data[exc.start]:02X} at byte offset {exc.start})", path=path,
                         line=line, column=column, offset=exc.start) from exc


# -- parsing and converting ------------------------------------------------------------------------------------


def _ox_parse(text: str, fmt: str, path: Path) -> list[pyoxigraph.Quad]:
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}
    try:
        return list(ox.parse(text.encode("utf-8"), format=formats[fmt]))
    except SyntaxError as exc:
        message = f"bad {fmt} syntax: {_short_reason(exc.msg)}"
        if exc.lineno:
            raise InputError(message, path=path, line=exc.lineno, column=exc.offset) from None
        quoted = re.search(r"'([^']+)'", exc.msg or "")
        raise refusal(message, path, text, text.find(quoted.group(1)) if quoted else None) from None
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot parse {fmt}: {exc}", path=path) from None
    except MemoryError as exc:  # the parser's buffer (16 MiB) for one token, or memory itself
        raise InputError(f"cannot parse {fmt}: a token too large to read ({exc})", path=path) from None


def _short_reason(message: str | None) -> str:
    reason = (message or "syntax error").strip()
    reason = re.sub(r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): ", "", reason)
    return re.sub(r" \(line \d+\)$", "", reason)


def _fresh_blank_nodes(quads: list[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """Rename blank nodes apart: the same label in two files (or two calls) must not name one node."""
    import pyoxigraph as ox

    fresh: dict[str, ox.BlankNode] = {}

    def rename(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return fresh.setdefault(term.value, ox.BlankNode())
        return term

    return [ox.Quad(rename(q.subject), q.predicate, rename(q.object), rename(q.graph_name)) for q in quads]


def from_oxigraph(term: Any) -> Node | None:
    """A pyoxigraph term as an rdflib term (``None`` for an unbound variable), language tags in their usual case.

    >>> import pyoxigraph as ox
    >>> from_oxigraph(ox.Literal("江蘇", language="zh-hant")).language
    'zh-Hant'
    """
    return None if term is None else _term(term)


def _term(term: Any) -> Node:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=_tag_case(term.language))
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise InputError(f"unsupported RDF term {term!r} (RDF-star is not supported)")


def _tag_case(tag: str) -> str:
    """The conventional case of a BCP 47 tag (Oxigraph lower-cases them).

    >>> _tag_case("zh-hant"), _tag_case("en-gb"), _tag_case("zh-hant-tw")
    ('zh-Hant', 'en-GB', 'zh-Hant-TW')
    """
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)
