"""Checks on RDF text written by others, before and after Oxigraph parses it: no DTDs, sound and bounded terms.

(Turtle-like bytes are bounded before parsing by :mod:`kg.rdf.bounds`.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["BAD_IRI", "SURROGATE", "check_terms", "check_xml", "refusal", "where"]

BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\ud800-\udfff]')
"""A character that may not stand in an IRI (or a lone surrogate)."""
SURROGATE = re.compile(r"[\ud800-\udfff]")
"""A lone surrogate, which no UTF-8 text can hold."""


def where(text: str, offset: int | None) -> tuple[int, int]:
    """1-based line and column (code points) of ``offset`` in ``text`` (its end when ``None``)."""
    offset = len(text) if offset is None else offset
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def refusal(message: str, path: Path, text: str, offset: int | None) -> InputError:
    """The error ``message`` about ``path``, placed at ``offset`` in ``text`` (nowhere when it is unknown)."""
    if offset is None or offset < 0:
        return InputError(message, path=path)
    line, column = where(text, offset)
    return InputError(message, path=path, line=line, column=column)


def check_xml(text: str, path: Path, max_depth: int) -> None:
    """Refuse DTDs and entity declarations by reading the text; then check well-formedness, depth and the length of
    each text run and attribute value (at most :data:`kg.limits.MAX_LITERAL` UTF-8 bytes) with expat."""
    found = re.search(r"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE)
    if found:
        raise refusal(f"RDF/XML with a {found.group(1).upper()} declaration is refused (entity expansion and "
                      "external entities are not allowed)", path, text, found.start())
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    from kg.limits import MAX_LITERAL

    parser.buffer_text = True
    depth = [0]
    run = [0, 0, 0]  # UTF-8 bytes of text since the last tag; the line and column where that text began

    def start(_name: str, attrs: dict[str, str]) -> None:
        depth[0] += 1
        if depth[0] > max_depth:
            raise OverflowError
        if any(_utf8_length(value) > MAX_LITERAL for value in attrs.values() if len(value) > MAX_LITERAL // 4):
            run[1:] = parser.CurrentLineNumber, parser.CurrentColumnNumber
            raise _TooLong
        run[0] = 0

    def end(_name: str) -> None:
        depth[0] -= 1
        run[0] = 0

    def characters(data: str) -> None:
        if run[0] == 0:
            run[1:] = parser.CurrentLineNumber, parser.CurrentColumnNumber
        run[0] += len(data) if data.isascii() else _utf8_length(data)
        if run[0] > MAX_LITERAL:
            raise _TooLong

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(text.encode("utf-8"), True)
    except OverflowError:
        raise InputError(f"XML nested deeper than {max_depth} elements", path=path, line=parser.CurrentLineNumber,
                         column=parser.CurrentColumnNumber + 1) from None
    except _TooLong:
        raise InputError(f"text or attribute longer than {MAX_LITERAL} bytes", path=path, line=run[1],
                         column=run[2] + 1) from None
    except expat.ExpatError as exc:  # expat counts columns in characters, from 0
        raise InputError(f"malformed XML: {expat.errors.messages[exc.code]}", path=path, line=exc.lineno,
                         column=exc.offset + 1) from None


def check_terms(quads: list[pyoxigraph.Quad], text: str, path: Path, *, lengths: bool = False) -> bool:
    """Refuse bad IRIs and lone surrogates, and with ``lengths`` IRIs and literals over :data:`kg.limits.MAX_IRI`
    and ``MAX_LITERAL`` UTF-8 bytes; say whether any blank node occurs (each IRI is checked once)."""
    import pyoxigraph as ox

    from kg.limits import MAX_IRI, MAX_LITERAL

    iri_limit = MAX_IRI if lengths else None

    checked: set[ox.NamedNode] = set()
    blank = False
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                if term in checked:
                    continue
                checked.add(term)
                bad = BAD_IRI.search(term.value)
                if bad or ":" not in term.value:
                    why = f"character {bad.group()!r} is not allowed" if bad else "it is not absolute"
                    raise refusal(f"invalid IRI <{term.value}>: {why}", path, text, text.find(term.value))
                if iri_limit and len(term.value) > iri_limit // 4 and _utf8_length(term.value) > iri_limit:
                    raise refusal(f"IRI longer than {iri_limit} bytes", path, text, text.find(term.value[:64]))
            elif isinstance(term, ox.Literal):
                if SURROGATE.search(term.value):
                    raise InputError("lone surrogate in a literal", path=path)
                if lengths and len(term.value) > MAX_LITERAL // 4 and _utf8_length(term.value) > MAX_LITERAL:
                    raise refusal(f"literal longer than {MAX_LITERAL} bytes", path, text, text.find(term.value[:64]))
            elif isinstance(term, ox.BlankNode):
                blank = True
    return blank


class _TooLong(Exception):
    """Raised inside expat's handlers: a text run or attribute value over the literal limit."""


def _utf8_length(value: str) -> int:
    return len(value.encode("utf-8", "surrogatepass"))
