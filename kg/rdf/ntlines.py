"""N-Triples lines as rdflib's ``nt`` serialiser writes them (the form of govkg's sorted dumps), made by Oxigraph.

A line is ``S P O .\\n`` with IRIs as ``<iri>``, blank nodes as ``_:label`` and literals quoted with only ``\\\\``,
``\\n``, ``"`` and ``\\r`` escaped (:func:`nt_row`, rdflib's own function, is the definition). Oxigraph writes the
same line for almost every triple, at Rust's speed; :func:`store_lines` repairs where it differs:

- language tags: Oxigraph lower-cases them (``zh-hant``); the conventional BCP 47 case (RFC 5646 §2.1.1:
  ``zh-Hant``, ``en-GB``) is restored, as :func:`kg.rdf.read.parse_rdf` does for rdflib;
- escapes: Oxigraph also escapes tab, backspace, form feed and other control characters (``\\t``, ``\\u0001``);
  such lines are written again by :func:`nt_row`;
- typed literals whose lexical form rdflib normalises (``"01"^^xsd:integer`` is ``"1"``) are written as rdflib
  writes them (and a triple that becomes another one is kept once).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef

from kg.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from rdflib.term import Node

__all__ = ["distinct", "node", "nt_row", "read_lines", "restore_tags", "tag_case", "terms", "unescape"]

_ESCAPES = {b"\\\\": b"\\", b"\\n": b"\n", b'\\"': b'"', b"\\r": b"\r"}
_ESCAPE = re.compile(rb'\\[\\n"r]')
_TAGGED = re.compile(rb'"@([a-z0-9]+(?:-[a-z0-9]+)+) \.\n')
_ESCAPED = re.compile(rb"\\[tbfuU]")
_BLANK = re.compile(rb" _:[^ \n]*+ \.\n")  # a blank object (or, rarely, such text in a literal)
_TYPED = re.compile(rb' ("([^"\\\n]*)"\^\^<([^>\n]*)>) \.\n')


def nt_row(triple: tuple[Node, Node, Node]) -> bytes:
    """One triple as rdflib's N-Triples serialiser writes it (UTF-8, ending in ``" .\\n"``)."""
    from rdflib.plugins.serializers.nt import _nt_row

    return _nt_row(triple).encode("utf-8")  # type: ignore[arg-type]


def node(token: bytes) -> Node:
    """An N-Triples term of rdflib's form (``<iri>``, ``_:label``, a quoted literal) as an rdflib term."""
    if token[:1] == b"<":
        return URIRef(token[1:-1].decode("utf-8"))
    if token[:2] == b"_:":
        return BNode(token[2:].decode("utf-8"))
    end = token.rindex(b'"')
    value = unescape(token[1:end])
    rest = token[end + 1:]
    if rest[:1] == b"@":
        return Literal(value.decode("utf-8"), lang=rest[1:].decode("ascii"))
    return Literal(value.decode("utf-8"), datatype=URIRef(rest[3:-1].decode("utf-8")) if rest else None)


def unescape(text: bytes) -> bytes:
    """A literal's quoted text (rdflib's four escapes) as its value, UTF-8."""
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], text) if b"\\" in text else text


def terms(line: bytes) -> tuple[bytes, bytes, bytes]:
    """The subject, predicate and object of a line, as N-Triples terms.

    >>> terms(b'<a> <b> "c d" .\\n')
    (b'<a>', b'<b>', b'"c d"')
    """
    s, p, o = line[:-3].split(b" ", 2)
    return s, p, o


def tag_case(tag: str) -> str:
    """The conventional case of a BCP 47 tag (RFC 5646 §2.1.1; Oxigraph lower-cases them).

    >>> tag_case("zh-hant"), tag_case("en-gb"), tag_case("zh-hant-tw"), tag_case("EN")
    ('zh-Hant', 'en-GB', 'zh-Hant-TW', 'en')
    """
    from kg.rdf.read import _tag_case

    return _tag_case(tag)


def restore_tags(text: bytes) -> bytes:
    """Turtle or TriG written by Oxigraph with every language tag in its conventional case again.

    A ``"@`` inside a literal is escaped (``\\"@``), so a tag is a ``"@`` preceded by an even run of backslashes.

    >>> restore_tags(b'<a> <b> "x"@zh-hant , "y\\\\"@zh-hant" , "z\\\\\\\\"@en-gb .')
    b'<a> <b> "x"@zh-Hant , "y\\\\"@zh-hant" , "z\\\\\\\\"@en-GB .'
    """
    cased: dict[bytes, bytes] = {}

    def fix(match: re.Match[bytes]) -> bytes:
        start = match.start()
        backslashes = 0
        while start - backslashes - 1 >= 0 and text[start - backslashes - 1] == 0x5C:
            backslashes += 1
        if backslashes % 2:
            return match.group()
        tag = match.group(1)
        found = cased.get(tag)
        if found is None:
            found = cased[tag] = b'"@' + tag_case(tag.decode("ascii")).encode("ascii")
        return found

    return re.sub(rb'"@([a-z0-9]+(?:-[a-z0-9]+)+)', fix, text)


def read_lines(paths: Iterable[Path]) -> list[bytes] | None:
    """The triples of ``paths`` as rdflib's N-Triples lines, sorted and distinct; ``None`` when one holds a blank
    node (the caller reads those with :func:`kg.rdf.read.parse_rdf`, which keeps blank nodes of two files apart).

    Turtle and N-Triples go from Oxigraph's strict parser straight to its N-Triples writer (size limit and strict
    UTF-8 and :func:`kg.rdf.bounds.check_turtle` checked first; the parser refuses every IRI
    :func:`kg.rdf.guard.check_terms` refuses). Other formats go
    through :func:`kg.rdf.read.read_quads`. Not through a store: Oxigraph's store keeps ``xsd:nonNegativeInteger``
    values as ``xsd:integer``.
    """
    import pyoxigraph as ox

    from kg.limits import size_limit_now
    from kg.rdf.read import _read_text, _short_reason, rdf_format, read_quads

    parts = []
    for path in paths:
        fmt = rdf_format(path)
        if fmt not in ("turtle", "nt"):
            quads = read_quads(path)
            parts.append(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                      format=ox.RdfFormat.N_TRIPLES) or b"")
            continue
        text = _read_text(path, size_limit_now(), fmt).encode("utf-8")
        try:
            triples = ox.parse(text, format=ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES)
            parts.append(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        except SyntaxError as exc:
            raise InputError(f"bad {fmt} syntax: {_short_reason(exc.msg)}", path=path, line=exc.lineno,
                             column=exc.offset) from None
        except (ValueError, OSError, MemoryError) as exc:
            raise InputError(f"cannot parse {fmt}: {exc}", path=path) from None
    data = b"".join(parts)
    del parts
    if data.startswith(b"_:") or b"\n_:" in data or _BLANK.search(data):
        return None
    return _rdflib_lines(data)


def _rdflib_lines(data: bytes) -> list[bytes]:
    """Oxigraph's N-Triples as rdflib's lines, sorted and distinct."""
    for tag in set(_TAGGED.findall(data)):
        fixed = tag_case(tag.decode("ascii")).encode("ascii")
        if fixed != tag:
            data = data.replace(b'"@' + tag + b" .\n", b'"@' + fixed + b" .\n")
    renamed = _normalised(data)
    for old, new in renamed.items():  # an object at the end of its line: nothing else ends in ` "…"^^<…> .\n`
        data = data.replace(b" " + old + b" .\n", b" " + new + b" .\n")
    escaped = _ESCAPED.search(data) is not None
    lines = data.splitlines(keepends=True)  # Oxigraph escapes \r: lines end at \n only
    del data
    if escaped:
        lines = [_rewrite(line) if _ESCAPED.search(line) else line for line in lines]
    lines.sort()
    return distinct(lines)


def _normalised(data: bytes) -> dict[bytes, bytes]:
    """Typed literals (as Oxigraph writes them) whose rdflib form differs: ``"01"^^xsd:integer`` -> ``"1"^^…``.
    (A lexical form rdflib can normalise holds no quote or backslash.)"""
    from rdflib.plugins.serializers.nt import _quoteLiteral

    renamed: dict[bytes, bytes] = {}
    for token, text, datatype in set(_TYPED.findall(data)):
        ours = Literal(text.decode("utf-8"), datatype=URIRef(datatype.decode("utf-8")))
        if str(ours).encode("utf-8") != text:
            renamed[token] = _quoteLiteral(ours).encode("utf-8")
    return renamed


def _rewrite(line: bytes) -> bytes:
    """A line Oxigraph escaped differently, parsed and written again by :func:`nt_row`."""
    import pyoxigraph as ox

    from kg.rdf.read import from_oxigraph

    (triple,) = ox.parse(line, format=ox.RdfFormat.N_TRIPLES)
    return nt_row((from_oxigraph(triple.subject), from_oxigraph(triple.predicate),  # type: ignore[arg-type]
                   from_oxigraph(triple.object)))


def distinct(lines: list[bytes]) -> list[bytes]:
    """Sorted ``lines`` without repeats (a file may state a triple twice)."""
    if all(map(bytes.__ne__, lines, lines[1:])):  # the common case, at C speed
        return lines
    return [line for i, line in enumerate(lines) if i == 0 or lines[i - 1] != line]
