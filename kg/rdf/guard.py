"""Checks on RDF text written by others, before and after Oxigraph parses it: no DTDs, bounded nesting, sound IRIs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError

if TYPE_CHECKING:
    import pyoxigraph

__all__ = ["BAD_IRI", "SURROGATE", "check_nesting", "check_terms", "check_xml", "refusal", "where"]

BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\ud800-\udfff]')
"""A character that may not stand in an IRI (or a lone surrogate)."""
SURROGATE = re.compile(r"[\ud800-\udfff]")
"""A lone surrogate, which no UTF-8 text can hold."""
_TURTLE_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^>\s]*>|#[^\n]*|[\[\]()]',
    re.DOTALL,
)


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
    """Refuse DTDs and entity declarations by reading the text; then check well-formedness and depth with expat."""
    found = re.search(r"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE)
    if found:
        raise refusal(f"RDF/XML with a {found.group(1).upper()} declaration is refused (entity expansion and "
                      "external entities are not allowed)", path, text, found.start())
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = [0]

    def start(_name: str, _attrs: Any) -> None:
        depth[0] += 1
        if depth[0] > max_depth:
            raise OverflowError

    def end(_name: str) -> None:
        depth[0] -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text.encode("utf-8"), True)
    except OverflowError:
        raise InputError(f"XML nested deeper than {max_depth} elements", path=path, line=parser.CurrentLineNumber,
                         column=parser.CurrentColumnNumber + 1) from None
    except expat.ExpatError as exc:  # expat counts columns in characters, from 0
        raise InputError(f"malformed XML: {expat.errors.messages[exc.code]}", path=path, line=exc.lineno,
                         column=exc.offset + 1) from None


def check_nesting(text: str, path: Path, max_depth: int) -> None:
    """Turtle and TriG: ``[`` and ``(`` (outside strings, IRIs and comments) at most ``max_depth`` deep."""
    depth = 0
    for token in _TURTLE_TOKENS.finditer(text):
        char = token.group()
        if char in "[(":
            depth += 1
            if depth > max_depth:
                raise refusal(f"nested deeper than {max_depth} brackets", path, text, token.start())
        elif char in "])":
            depth = max(depth - 1, 0)


def check_terms(quads: list[pyoxigraph.Quad], text: str, path: Path) -> bool:
    """Refuse bad IRIs and lone surrogates; say whether any blank node occurs (each IRI is checked once)."""
    import pyoxigraph as ox

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
            elif isinstance(term, ox.Literal):
                if SURROGATE.search(term.value):
                    raise InputError("lone surrogate in a literal", path=path)
            elif isinstance(term, ox.BlankNode):
                blank = True
    return blank
