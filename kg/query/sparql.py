"""SPARQL text handling shared by every store: parsing, the safety check on the algebra, and term binding."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import InputError, QueryError, shown

__all__ = [
    "Prepared",
    "check_safety",
    "inject_values",
    "ntriples_term",
    "parse_iri",
    "prepare",
    "prepare_trusted",
]

# rdflib's SPARQL parser (pyparsing) is not thread-safe: every parse goes through this lock.
_PARSE_LOCK = threading.Lock()
_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")
_FORMS = {
    "SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"
}


@dataclass(frozen=True)
class Prepared:
    """A parsed query: the text every engine receives (escapes expanded) and rdflib's algebra of that text.

    A query of govkg's own catalogue (:func:`prepare_trusted`) comes with its variables read by the lexer and is
    parsed by rdflib only when something asks for the algebra (rdflib's engine).
    """

    text: str
    parsed: Any = field(default=None, repr=False, compare=False)
    form: str = "SELECT"
    source: str | None = None
    names: frozenset[str] | None = field(default=None, repr=False, compare=False)
    trusted: bool = False

    @property
    def query(self) -> Any:
        """rdflib's parsed query (parsed now if it was not yet)."""
        if self.parsed is None:
            object.__setattr__(self, "parsed", _prepare(self.text, self.source).parsed)
        return self.parsed

    @property
    def variables(self) -> set[str]:
        """Names of every variable the query mentions anywhere."""
        if self.names is not None:
            return set(self.names)
        return {str(v) for v in _walk_vars(self.query.algebra)}

    @property
    def dataset(self) -> list[tuple[str, str]]:
        """The FROM (``default``) and FROM NAMED (``named``) clauses, as (kind, IRI) pairs."""
        clauses = self.query.algebra.get("datasetClause") or []
        return [(k, str(c.get(k))) for c in clauses for k in ("default", "named") if c.get(k) is not None]


def prepare(text: str, *, source: Path | str | None = None) -> Prepared:
    """Parse ``text`` as a SPARQL 1.1 query; updates are refused, syntax errors name the line and column.

    Parses are cached (rdflib's parser is slow and the catalogue's texts repeat).

    >>> prepare("SELECT ?s WHERE { ?s ?p ?o }").form
    'SELECT'
    """
    return _prepare(text, str(source) if source is not None else None)


def prepare_trusted(text: str, *, source: Path) -> Prepared:
    """A query of govkg's own catalogue, not parsed by rdflib until something needs its algebra: the form and
    variables are read by the lexer, and the safety check is spared. Every catalogue query is checked with the
    parser instead (tests/test_queries.py: the same form and variables, nothing refused), which saves a
    ``kg query`` on embedded Oxigraph rdflib's SPARQL parser (≈ 0.1 s to import, 30–150 ms a text).
    A text with an escape sequence is parsed at once.
    """
    if "\\u" in text or "\\U" in text:
        return prepare(text, source=source)
    names, form = set(), ""
    for match in _TOKEN.finditer(text):
        word, var = match.group("word"), match.group("var")
        if var:
            names.add(var[1:])
        elif word and not form and word.upper() in _KEYWORD_FORMS:
            form = word.upper()
    return Prepared(text, None, form or "SELECT", str(source), frozenset(names), trusted=True)


_KEYWORD_FORMS = frozenset(_FORMS.values())


@functools.lru_cache(maxsize=256)
def _prepare(text: str, source: str | None) -> Prepared:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import Query, expandUnicodeEscapes

    try:
        expanded = expandUnicodeEscapes(text)
    except ValueError as exc:
        raise InputError(str(exc), path=source) from exc
    if _ESCAPE.search(expanded):
        raise QueryError(f"{source or 'query'}: an escape sequence expands to another escape; refused")
    with _PARSE_LOCK:
        try:
            parsed = Query.parse_string(expanded, parse_all=True)
            query = translateQuery(parsed)
        except Exception as exc:
            update = _update_kind(expanded)
            if update == "empty":
                raise QueryError(f"{source or 'query'}: empty query (no SELECT, ASK, CONSTRUCT or DESCRIBE)") from exc
            if update:
                raise QueryError(f"{source or 'query'}: SPARQL updates are refused here") from exc
            raise _syntax_error(exc, source) from exc
    form = _FORMS.get(query.algebra.name, "SELECT")
    return Prepared(expanded, query, form, str(source) if source else None)


def _update_kind(text: str) -> str:
    """``update`` when ``text`` parses as a SPARQL update, ``empty`` when as one without operations (only
    whitespace, comments or prefixes), else ``""``.

    >>> _update_kind(""), _update_kind("# nothing"), _update_kind("CLEAR ALL"), _update_kind("SELEC")
    ('empty', 'empty', 'update', '')
    """
    from rdflib.plugins.sparql.parser import UpdateUnit

    try:
        parsed = UpdateUnit.parse_string(text, parse_all=True)
    except Exception:
        return ""
    return "update" if "request" in parsed[0] else "empty"


def _syntax_error(exc: Exception, source: Path | str | None) -> InputError:
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    message = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    return InputError(f"SPARQL syntax: {message}", path=source or "query", line=line, column=col)


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, Mapping):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _walk(value)


def _walk_vars(node: Any) -> Iterator[Any]:
    from rdflib import Variable

    return (n for n in _walk(node) if isinstance(n, Variable))


def check_safety(prepared: Prepared, *, known_graphs: set[str], allow_federation: bool = False) -> None:
    """Refuse ``SERVICE`` anywhere in the algebra, and FROM / FROM NAMED naming a graph the store lacks.

    The check reads rdflib's parsed algebra, so escapes such as ``\\u0053ERVICE`` cannot hide a keyword.
    ``allow_federation`` lifts both refusals (the caller's explicit opt-in); a catalogue query
    (:func:`prepare_trusted`) was checked by the tests.
    """
    if allow_federation or prepared.trusted:
        return
    for node in _walk(prepared.query.algebra):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            where = prepared.source or "query"
            raise QueryError(f"{where}: SERVICE {node.get('term')} is refused (use --allow-federation)")
    for kind, iri in prepared.dataset:
        if iri not in known_graphs:
            clause = "FROM" if kind == "default" else "FROM NAMED"
            where = prepared.source or "query"
            raise QueryError(f"{where}: {clause} <{iri}> is not a graph of this store; refused")


def parse_iri(value: str) -> URIRef:
    """Return ``value`` as an IRI, or raise ``QueryError`` if it is not an absolute IRI.

    >>> parse_iri("https://w3id.org/govkg/id/agency/js-amr")
    rdflib.term.URIRef('https://w3id.org/govkg/id/agency/js-amr')
    """
    if not _IRI.fullmatch(value):
        raise QueryError(f"not an absolute IRI: {shown(value)}")
    return URIRef(value)


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _quote(text: str) -> str:
    out = [_ECHAR.get(ch) or (f"\\u{ord(ch):04X}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch)
           for ch in text]
    return '"' + "".join(out) + '"'


def ntriples_term(term: Identifier) -> str:
    """Serialise an RDF term as N-Triples (valid in SPARQL); IRIs are checked, strings fully escaped.

    >>> ntriples_term(Literal('a "b"\\n', lang="en"))
    '"a \\\\"b\\\\"\\\\n"@en'
    """
    if isinstance(term, URIRef):
        return f"<{parse_iri(str(term))}>"
    if isinstance(term, Literal):
        body = _quote(str(term))
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"not a language tag: {term.language!r}")
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^<{parse_iri(str(term.datatype))}>"
        return body
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound as a parameter")
    raise QueryError(f"cannot bind {term!r}")


def inject_values(prepared: Prepared, bindings: Mapping[str, Identifier], *, reparse: bool = True) -> str:
    """Return the query text with a ``VALUES`` row binding ``bindings``, first in its WHERE group.

    The insertion point is found by a lexer over the (trusted) query text; the bound terms are
    serialised by :func:`ntriples_term`, and the result is parsed again to prove it is one query of the
    same form. ``reparse=False`` leaves that proof to the caller: embedded Oxigraph parses the text itself
    and its answer shows the form, so a second parse by rdflib's parser (≈ 30 ms a query) is spared.
    """
    if not bindings:
        return prepared.text
    unknown = sorted(set(bindings) - prepared.variables)
    if unknown:
        raise QueryError(f"{prepared.source or 'query'}: no variable ?{unknown[0]} to bind")
    names = sorted(bindings)
    block = " VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
    block += " ".join(ntriples_term(bindings[n]) for n in names) + ") } "
    at = _where_brace(prepared)
    text = prepared.text[: at + 1] + block + prepared.text[at + 1 :]
    if reparse and prepare(text, source=prepared.source).form != prepared.form:
        raise QueryError("binding changed the query form; refused")
    return text


_TOKEN = re.compile(
    r'(?P<skip>#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<var>[?$][A-Za-z0-9_]+)|(?P<word>[A-Za-z_][A-Za-z0-9_-]*)|(?P<punct>[{}()])",
    re.DOTALL,
)


def _where_brace(prepared: Prepared) -> int:
    """Offset of the ``{`` that opens the query's WHERE group (after a CONSTRUCT template)."""
    depth, parens, skip_template = 0, 0, prepared.form == "CONSTRUCT"
    for match in _TOKEN.finditer(prepared.text):
        word, punct = match.group("word"), match.group("punct")
        if word and word.upper() == "WHERE" and depth == 0 and parens == 0:
            skip_template = False
        elif punct == "(":
            parens += 1
        elif punct == ")":
            parens -= 1
        elif punct == "{" and parens == 0:
            if depth == 0 and not skip_template:
                return match.start()
            depth += 1
        elif punct == "}" and parens == 0:
            depth -= 1
    raise QueryError(f"{prepared.source or 'query'}: cannot find the WHERE group to bind parameters")
