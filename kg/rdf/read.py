"""The one door for RDF written by others: no network, no file access, no DTDs, bounded size and nesting."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.limits import MAX_BYTES, own_output, size_limit, size_limit_now
from kg.paths import CONTEXT_FILE

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "CONTEXT_IRI",
    "FORMATS",
    "MAX_BYTES",
    "MAX_DEPTH",
    "from_oxigraph",
    "own_output",
    "parse_rdf",
    "rdf_format",
    "read_quads",
    "size_limit",
    "size_limit_now",
]

CONTEXT_IRI = "https://w3id.org/govkg/context.jsonld"
"""The published IRI of ``ontology/context.jsonld``: the only JSON-LD context a document may name."""
MAX_DEPTH = 128
"""Default nesting limit: XML elements, JSON arrays/objects, Turtle ``[`` and ``(``."""

FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
    ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".jsonld": "json-ld", ".json": "json-ld",
}
"""File suffix -> format name (rdflib's names)."""
_ALIASES = {
    "ttl": "turtle", "n-triples": "nt", "ntriples": "nt", "n-quads": "nquads", "rdf/xml": "xml",
    "rdfxml": "xml", "jsonld": "json-ld", "application/ld+json": "json-ld",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\ud800-\udfff]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TURTLE_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^>\s]*>|#[^\n]*|[\[\]()]',
    re.DOTALL,
)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def rdf_format(path: Path, format: str | None = None) -> str:
    """The format name for ``path``: ``format`` when given (rdflib names or common aliases), else from the suffix.

    >>> rdf_format(Path("a.jsonld")), rdf_format(Path("a.txt"), "Turtle")
    ('json-ld', 'turtle')
    """
    if format is not None:
        name = _ALIASES.get(format.lower(), format.lower())
        if name not in FORMATS.values():
            raise InputError(f"unknown RDF format {format!r} (use one of {', '.join(sorted(set(FORMATS.values())))})",
                             path=path)
        return name
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unknown RDF file type {path.suffix!r} (use one of {', '.join(sorted(FORMATS))})", path=path)
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
    ``CONTEXT_IRI`` -> ``ontology/context.jsonld``), ``@import`` refused; Turtle/TriG ``[``/``(`` nesting at most
    ``max_depth``. Then IRIs with spaces, ``<>"{}|^`\\``, control characters or lone surrogates, relative IRIs and
    lone surrogates in literals are refused. Blank nodes are renamed apart, so two files never share one.
    """
    fmt = rdf_format(path, format)
    text = _read_text(path, size_limit_now() if max_bytes is None else max_bytes)
    if fmt == "xml":
        _check_xml(text, path, max_depth)
    elif fmt == "json-ld":
        text = _prepare_jsonld(text, path, max_depth, contexts)
    else:
        _check_nesting(text, path, max_depth)
    quads = _ox_parse(text, fmt, path)
    blank = _check_terms(quads, text, path)
    return _fresh_blank_nodes(quads) if blank else quads


# -- reading ------------------------------------------------------------------------------------------------------


def _read_text(path: Path, max_bytes: int) -> str:
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
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line, column = _where(data[: exc.start].decode("utf-8", errors="replace"), None)
        raise InputError(f"not UTF-8 (byte 0x{data[exc.start]:02X} at byte offset {exc.start})", path=path,
                         line=line, column=column, offset=exc.start) from exc


def _where(text: str, offset: int | None) -> tuple[int, int]:
    """1-based line and column (code points) of ``offset`` in ``text`` (its end when ``None``)."""
    offset = len(text) if offset is None else offset
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _refuse(message: str, path: Path, text: str, offset: int | None) -> InputError:
    if offset is None or offset < 0:
        return InputError(message, path=path)
    line, column = _where(text, offset)
    return InputError(message, path=path, line=line, column=column)


# -- format checks before parsing --------------------------------------------------------------------------------


def _check_xml(text: str, path: Path, max_depth: int) -> None:
    """Refuse DTDs and entity declarations by reading the text; then check well-formedness and depth with expat."""
    found = re.search(r"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE)
    if found:
        raise _refuse(f"RDF/XML with a {found.group(1).upper()} declaration is refused (entity expansion and "
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


def _check_nesting(text: str, path: Path, max_depth: int) -> None:
    """Turtle and TriG: ``[`` and ``(`` (outside strings, IRIs and comments) at most ``max_depth`` deep."""
    depth = 0
    for token in _TURTLE_TOKENS.finditer(text):
        char = token.group()
        if char in "[(":
            depth += 1
            if depth > max_depth:
                raise _refuse(f"nested deeper than {max_depth} brackets", path, text, token.start())
        elif char in "])":
            depth = max(depth - 1, 0)


# -- JSON-LD ------------------------------------------------------------------------------------------------------


def _prepare_jsonld(text: str, path: Path, max_depth: int, contexts: Mapping[str, Path] | None) -> str:
    """Parse the JSON here; replace allowed context IRIs by the local context, refuse every other one."""
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > max_depth:
                raise _refuse(f"JSON nested deeper than {max_depth} levels", path, text, token.start())
        elif char in "]}":
            depth -= 1

    def constant(name: str) -> None:
        raise InputError(f"{name} is not JSON", path=path)

    try:
        document = json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno) from None
    allowed = {CONTEXT_IRI: CONTEXT_FILE} if contexts is None else dict(contexts)
    rewriter = _JsonLd(path, text, allowed)
    rewritten = rewriter.walk(document, in_context=False)
    return json.dumps(rewritten, ensure_ascii=False) if rewriter.changed else text


class _JsonLd:
    """Walks a JSON-LD document: refuses lone surrogates, bad IRIs and foreign contexts; inlines allowed ones."""

    _IRI_KEYS = frozenset({"@id", "@type", "@vocab", "@base", "@reverse"})

    def __init__(self, path: Path, text: str, allowed: dict[str, Path]) -> None:
        self.path, self.text, self.allowed, self.changed = path, text, allowed, False

    def refuse(self, message: str, needle: str) -> InputError:
        """An error at the first place ``needle`` is written in the text (as is, or with ``\\u`` escapes)."""
        offset = self.text.find(json.dumps(needle, ensure_ascii=False)[1:-1])
        if offset < 0:
            escaped = re.search(re.escape(json.dumps(needle)[1:-1]), self.text, re.IGNORECASE)
            offset = escaped.start() if escaped else -1
        return _refuse(message, self.path, self.text, offset)

    def walk(self, value: Any, *, in_context: bool) -> Any:
        if isinstance(value, dict):
            return {self.string(k, iri=False): self.member(k, v, in_context) for k, v in value.items()}
        if isinstance(value, list):
            return [self.walk(v, in_context=in_context) for v in value]
        if isinstance(value, str):
            return self.string(value, iri=in_context and not value.startswith("@"))
        return value

    def member(self, key: str, value: Any, in_context: bool) -> Any:
        if key == "@context":
            return self.context(value)
        if key == "@import":
            raise self.refuse("JSON-LD @import is refused (it would fetch a remote context)", "@import")
        if key in self._IRI_KEYS and isinstance(value, str | list):
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, str):
                    self.string(item, iri=not item.startswith("@"))
        return self.walk(value, in_context=in_context)

    def context(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.context(v) for v in value]
        if value is None or isinstance(value, dict):
            return self.walk(value, in_context=True)
        if isinstance(value, str) and value in self.allowed:
            self.changed = True
            return _local_context(self.allowed[value], value)
        raise self.refuse(f"JSON-LD context {value!r} refused: only inline contexts and {CONTEXT_IRI} "
                          "(read from ontology/context.jsonld) are allowed; nothing is fetched",
                          value if isinstance(value, str) else "@context")

    def string(self, value: str, *, iri: bool) -> str:
        if _SURROGATE.search(value):
            raise self.refuse("lone surrogate in a JSON string", value)
        bad = _BAD_IRI.search(value) if iri else None
        if bad:
            raise self.refuse(f"invalid IRI {value!r}: character {bad.group()!r} is not allowed in an IRI", value)
        return value


def _local_context(path: Path, iri: str) -> Any:
    """The ``@context`` value of a local context file (the file is ours, so it is trusted)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"the local copy of the JSON-LD context {iri} is missing", path=path) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the JSON-LD context {iri}: {exc}", path=path) from exc
    return document.get("@context", {}) if isinstance(document, dict) else document


# -- parsing and term checks --------------------------------------------------------------------------------------


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
        raise _refuse(message, path, text, text.find(quoted.group(1)) if quoted else None) from None
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot parse {fmt}: {exc}", path=path) from None


def _short_reason(message: str | None) -> str:
    reason = (message or "syntax error").strip()
    reason = re.sub(r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): ", "", reason)
    return re.sub(r" \(line \d+\)$", "", reason)


def _check_terms(quads: list[pyoxigraph.Quad], text: str, path: Path) -> bool:
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
                bad = _BAD_IRI.search(term.value)
                if bad or ":" not in term.value:
                    why = f"character {bad.group()!r} is not allowed" if bad else "it is not absolute"
                    raise _refuse(f"invalid IRI <{term.value}>: {why}", path, text, text.find(term.value))
            elif isinstance(term, ox.Literal):
                if _SURROGATE.search(term.value):
                    raise InputError("lone surrogate in a literal", path=path)
            elif isinstance(term, ox.BlankNode):
                blank = True
    return blank


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
