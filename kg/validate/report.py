"""Validate a govkg graph: SHACL shapes, ``queries/*-violation.rq`` and a label-script check, reported for people."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, KGError, QueryError
from kg.namespaces import GOVKG, RDF, SH, SKOS, bind_prefixes
from kg.paths import ONTOLOGY_FILE, QUERIES_DIR, SHAPES_FILE

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "SHAPES_NS",
    "Result",
    "ValidationReport",
    "ViolationQuery",
    "label_script_problems",
    "parse_header",
    "validate",
    "validate_files",
    "validate_turtle",
    "violation_queries",
]

SHAPES_NS = "https://w3id.org/govkg/shapes#"
LANGS = ("en", "zh")
ENGINES = ("sparql", "pyshacl")
"""SHACL engines: ``sparql``, the shapes compiled to SPARQL on Oxigraph; ``pyshacl``, the reference."""
DEFAULT_ENGINE = "sparql"
_LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, GOVKG.slogan)
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".n3": "n3",
            ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}
_HEADER = re.compile(r"^#\+\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Result:
    """One problem: which resource, which rule, how bad, and what is wrong, in the report's language."""

    focus: str
    label: str | None
    rule: str
    severity: str
    message: str
    path: str | None = None
    value: str | None = None
    terms: tuple[Node | None, Node | None, Node | None] = field(default=(None, None, None), repr=False, compare=False)


@dataclass(frozen=True)
class ViolationQuery:
    """A ``queries/<slug>-violation.rq`` file: every row it returns is a problem."""

    slug: str
    text: str
    message_en: str
    message_zh: str
    severity: str = "Violation"


@dataclass
class ValidationReport:
    """Everything ``validate`` found; it conforms when nothing has severity Violation."""

    results: list[Result]
    lang: str = "en"
    notes: list[str] = field(default_factory=list)  # what people should know about the run (an engine fallback)

    @property
    def conforms(self) -> bool:
        """True when no result has severity Violation (warnings do not count)."""
        return not any(r.severity == "Violation" for r in self.results)

    def counts(self) -> dict[str, int]:
        """How many results of each severity."""
        return {sev: sum(r.severity == sev for r in self.results) for sev in _SEVERITY_ORDER}

    def to_text(self) -> str:
        """A report for people, grouped by resource (label and IRI), one line per broken rule."""
        return _render_text(self)

    def to_json(self) -> str:
        """The report as JSON: conforms, counts and the list of results."""
        rows = [{k: getattr(r, k) for k in ("focus", "label", "rule", "severity", "message", "path", "value")}
                for r in self.results]
        doc = {"conforms": self.conforms, "lang": self.lang, "counts": self.counts(), "results": rows}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def to_graph(self) -> Graph:
        """The report as a ``sh:ValidationReport`` graph, query and script results included."""
        return _report_graph(self)

    def to_turtle(self) -> str:
        """The report graph as Turtle."""
        return self.to_graph().serialize(format="turtle")


# -- loading ---------------------------------------------------------------------------------------------------------


@functools.cache
def _ontology() -> Graph:
    return _parse_file(ONTOLOGY_FILE)


@functools.cache
def _shapes() -> Graph:
    return _parse_file(SHAPES_FILE)


def parse_header(text: str) -> dict[str, str]:
    """The ``#+ key: value`` lines at the top of a query file.

    >>> parse_header("#+ summary: Two themes\\n#+ tags: [violation]\\n\\nSELECT * {}")["summary"]
    'Two themes'
    """
    header: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match is None:
            if line.strip():
                break
            continue
        header[match.group(1)] = match.group(2)
    return header


def violation_queries(folder: Path = QUERIES_DIR) -> list[ViolationQuery]:
    """Every ``*-violation.rq`` in ``folder``, sorted by slug; each needs ``message_en`` and ``message_zh``."""
    queries = []
    for path in sorted(folder.glob("*-violation.rq")):
        text = path.read_text(encoding="utf-8")
        head = parse_header(text)
        missing = [k for k in ("message_en", "message_zh") if not head.get(k)]
        if missing:
            raise QueryError(f"{path}: header lacks {', '.join(missing)}")
        severity = head.get("severity", "Violation")
        queries.append(ViolationQuery(path.stem, text, head["message_en"], head["message_zh"], severity))
    return queries


def _parse_file(path: Path) -> Graph:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"unknown RDF file type {path.suffix!r} (use one of {', '.join(sorted(_FORMATS))})",
                         path=path)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=path) from exc
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8", path=path, offset=exc.start) from exc
    graph = Graph()
    try:
        graph.parse(data=text, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many types; all mean "bad input"
        raise _syntax_error(path, text, fmt, exc) from exc
    return graph


def _syntax_error(path: Path, text: str, fmt: str, exc: Exception) -> InputError:
    """An InputError saying where ``text`` is broken: rdflib's own offset, else pyoxigraph's line and column."""
    offset = getattr(exc, "_i", None)
    why = getattr(exc, "_why", None) or str(exc).splitlines()[0]
    if isinstance(offset, int):
        line = text.count("\n", 0, offset) + 1
        return InputError(f"bad {fmt} syntax: {why}", path=path, line=line,
                          column=offset - (text.rfind("\n", 0, offset) + 1) + 1)
    try:
        import pyoxigraph

        formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
                   "nquads": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG,
                   "xml": pyoxigraph.RdfFormat.RDF_XML}
        if fmt in formats:
            list(pyoxigraph.parse(text, format=formats[fmt]))
    except SyntaxError as located:
        return InputError(f"bad {fmt} syntax: {why}", path=path, line=located.lineno, column=located.offset)
    return InputError(f"bad {fmt} syntax: {why}", path=path)


# -- running the checks ----------------------------------------------------------------------------------------------


def validate(data: Graph, *, lang: str = "en", engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """Check ``data`` against the shapes (ontology mixed in, no inference), the violation queries and label scripts.

    ``engine`` runs the shapes: ``sparql`` (default) compiles them to SPARQL on Oxigraph (kg.validate.shacl), falling
    back to pySHACL with a note in ``ValidationReport.notes`` for a feature it does not support; ``pyshacl`` is the
    reference engine, 7× slower at 0.1 M triples and an estimated 15× at a million.

    >>> validate(Graph()).conforms
    True
    """
    _check_options(lang, engine)
    import pyoxigraph

    text = data.serialize(format="nt", encoding="utf-8")
    return _validate(list(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_TRIPLES)), data, lang, engine)


def validate_turtle(data: bytes, *, lang: str = "en", engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """Validate Turtle held in memory (what ``kg build`` is about to write) without making an rdflib graph.

    >>> validate_turtle(b"").conforms
    True
    """
    _check_options(lang, engine)
    import pyoxigraph

    return _validate(list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)), None, lang, engine)


def validate_files(paths: list[Path], *, lang: str = "en", engine: str = DEFAULT_ENGINE,
                   max_bytes: int | None = None) -> ValidationReport:
    """Parse every file (format from its suffix) into one graph and validate it; bad files raise ``InputError``.

    ``max_bytes`` sets the size limit of one file (default: ``kg.rdf.read.size_limit_now()``, 64 MiB unless raised).
    """
    if not paths:
        raise InputError("no file to validate")
    _check_options(lang, engine)
    from kg.rdf.read import read_quads  # the checked door for untrusted RDF: no fetching, no DTDs, limits

    quads: list[Any] = []
    for path in paths:
        if not path.is_file():
            hint = " (run kg build first)" if path.name == "kg.ttl" else ""
            raise InputError(f"no such file{hint}", path=path)
        quads += read_quads(path, max_bytes=max_bytes)
    return _validate(quads, None, lang, engine)


def _check_options(lang: str, engine: str) -> None:
    if lang not in LANGS:
        raise InputError(f"unknown report language {lang!r} (use en or zh)")
    if engine not in ENGINES:
        raise InputError(f"unknown validation engine {engine!r} (use {' or '.join(ENGINES)})")


def _validate(quads: list[Any], graph: Graph | None, lang: str, engine: str) -> ValidationReport:
    """The checks on ``quads`` (the data; ``graph`` is the same data as rdflib's graph when the caller has it)."""
    literals = _label_literals(graph, quads)
    store = _oxigraph_store(quads, shacl=engine == "sparql")
    notes: list[str] = []
    if engine == "sparql":
        from kg.validate.plan import UnsupportedShapes

        try:
            found = _sparql_results(store, graph, lang)
        except UnsupportedShapes as exc:
            notes.append(f"{SHAPES_FILE}: {exc}; validated with pyshacl instead")
            graph = _graph(quads) if graph is None else graph
            found = _shacl_results(graph, lang)
    else:
        graph = _graph(quads) if graph is None else graph
        found = _shacl_results(graph, lang)
    for query in violation_queries():
        found += _query_results(store, query, lang)
    found += _script_results(literals, lang)
    labels: dict[str, list[Any]] = {}
    for subject, prop, literal in literals:
        if prop == SKOS.prefLabel:
            labels.setdefault(_key(subject), []).append(literal)
    results = sorted(set(found), key=lambda r: (r.focus, _SEVERITY_ORDER.get(r.severity, 9), r.rule, r.value or ""))
    return ValidationReport([_with_label(r, labels, lang) for r in results], lang, notes)


def _graph(quads: list[Any]) -> Graph:
    from kg.rdf.read import from_oxigraph

    graph = Graph()
    for quad in quads:
        graph.add(cast(tuple[Node, Node, Node], tuple(from_oxigraph(t) for t in quad.triple)))
    return graph


def _label_literals(graph: Graph | None, quads: list[Any]) -> list[tuple[Any, URIRef, Any]]:
    """Every (resource, property, literal) of the label properties in the data (the ontology left out).

    The terms are rdflib's, or Oxigraph's when the data came as quads (made rdflib's only when reported: at 1 M
    triples that saves seconds).
    """
    if graph is not None:
        return [(s, prop, o) for prop in _LABEL_PROPERTIES for s, o in graph.subject_objects(prop)
                if isinstance(o, Literal)]
    import pyoxigraph

    wanted = {pyoxigraph.NamedNode(str(p)): p for p in _LABEL_PROPERTIES}
    out = []
    for quad in quads:
        prop = wanted.get(quad.predicate)
        if prop is not None and isinstance(quad.object, pyoxigraph.Literal):
            out.append((quad.subject, prop, quad.object))
    return out


def _text(literal: Any) -> str:
    """The lexical form of an rdflib or Oxigraph literal."""
    return str(literal) if isinstance(literal, Literal) else str(literal.value)


def _key(term: Any) -> str:
    """What ``Result.focus`` holds for an rdflib or Oxigraph term: the IRI or the blank node id."""
    return str(term) if isinstance(term, Node) else str(term.value)


def _rdflib(term: Any) -> Node:
    from kg.rdf.read import from_oxigraph

    return term if isinstance(term, Node) else cast(Node, from_oxigraph(term))


def _shacl_results(data: Graph, lang: str) -> list[Result]:
    from pyshacl import validate as shacl_validate

    try:
        _, report, _ = shacl_validate(data, shacl_graph=_shapes(), ont_graph=_ontology(), inference="none",
                                      allow_warnings=True, advanced=False)
    except Exception as exc:  # pyshacl raises its own error types for broken shapes
        raise KGError(f"{SHAPES_FILE}: SHACL validation could not run ({exc})") from exc
    out = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus, path, value = (report.value(node, p) for p in (SH.focusNode, SH.resultPath, SH.value))
        severity = report.value(node, SH.resultSeverity)
        messages = list(report.objects(node, SH.resultMessage))
        rule = _rule_id(report.value(node, SH.sourceShape))
        sev = str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"
        out.append(_result(focus, rule, sev, _pick(messages, lang), _path_text(report, path), value))
    return out


def _sparql_results(store: Any, graph: Graph | None, lang: str) -> list[Result]:
    """The shapes compiled to SPARQL (``kg.validate.shacl``) and run on ``store``."""
    from kg.validate.shacl import compile_shapes, evaluate

    out = []
    for check, focus, value in evaluate(store, compile_shapes(_shapes(), store)):  # leaves the data as loaded
        rule, message = _rule_id(check.shape), _pick(list(check.messages), lang)
        path = None if check.path is None else ("^" if check.inverse else "") + _n3(check.path)
        if graph is not None and isinstance(value, Literal) and value.language and not check.inverse:
            value = _as_written(graph, focus, check.path, value)
        out.append(_result(focus, rule, check.severity, message, path, value))
    return out


def _as_written(graph: Graph, focus: Node, path: Node | None, value: Literal) -> Literal:
    """``value`` with its language tag as the data writes it (Oxigraph lower-cases tags)."""
    for written in graph.objects(focus, path):
        if isinstance(written, Literal) and str(written) == str(value) and \
                (written.language or "").lower() == (value.language or "").lower():
            return written
    return value


def _query_results(store: Any, query: ViolationQuery, lang: str) -> list[Result]:
    from kg.rdf.read import from_oxigraph

    try:
        rows = store.query(query.text)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{QUERIES_DIR / query.slug}.rq: {exc}") from exc
    message = query.message_zh if lang == "zh" else query.message_en
    out = []
    for row in rows:
        focus, path, value, detail = (from_oxigraph(row[v]) for v in ("focus", "path", "value", "detail"))
        text = f"{message} ({detail})" if detail is not None else message
        out.append(_result(focus, query.slug, query.severity, text, path, value))
    return out


def _oxigraph_store(quads: list[Any], *, shacl: bool) -> Any:
    """An in-memory Oxigraph store holding the data and the ontology (rdflib's SPARQL is ten times slower here).

    With ``shacl``, typed literals are also kept as written in ``kg.validate.shacl.LITERALS_GRAPH``.
    """
    import pyoxigraph

    store = pyoxigraph.Store()
    if any(not isinstance(q.graph_name, pyoxigraph.DefaultGraph) for q in quads):
        quads = [pyoxigraph.Quad(q.subject, q.predicate, q.object) for q in quads]
    ontology = _ontology_quads()
    store.bulk_extend(quads)
    store.bulk_extend(ontology)
    if shacl:
        from kg.validate.shacl import load_literals

        load_literals(store, quads)
        load_literals(store, ontology)
    return store


@functools.cache
def _ontology_quads() -> list[Any]:
    import pyoxigraph

    text = _ontology().serialize(format="nt", encoding="utf-8")
    return list(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_TRIPLES))


def _result(focus: Node | None, rule: str, severity: str, message: str, path: Node | str | None,
            value: Node | None) -> Result:
    path_text = _n3(path) if isinstance(path, Node) else path
    path_node = path if isinstance(path, URIRef) else None
    return Result(str(focus), None, rule, severity, message, path_text,
                  None if value is None else _n3(value), (focus, path_node, value))


def _with_label(result: Result, labels: dict[str, list[Any]], lang: str) -> Result:
    if result.terms[0] is None:
        return result
    return Result(result.focus, _pick(labels.get(result.focus, []), lang) or None, result.rule, result.severity,
                  result.message, result.path, result.value, result.terms)


def _pick(literals: list[Any], lang: str) -> str:
    """The literal in the wanted language (zh prefers zh-Hans, then zh-Hant), else English, else any."""
    order = ["zh-hans", "zh-hant", "zh", "en"] if lang == "zh" else ["en", "zh-hans", "zh-hant"]
    by_lang = {(getattr(lit, "language", None) or "").lower(): _text(lit) for lit in literals}
    for tag in order:
        if tag in by_lang:
            return by_lang[tag]
    return _text(literals[0]) if literals else ""


def _rule_id(shape: Node | None) -> str:
    """The local name of the named shape a result came from (walking up from anonymous nested shapes)."""
    shapes, seen = _shapes(), set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        shape = next(iter(shapes.subjects(None, shape)), None)
    text = str(shape) if shape is not None else "unknown"
    return text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else text


def _path_text(report: Graph, path: Node | None) -> str | None:
    if isinstance(path, BNode):
        inverse = report.value(path, SH.inversePath)
        return f"^{_n3(inverse)}" if inverse is not None else "(complex path)"
    return None if path is None else _n3(path)


@functools.cache
def _prefixed() -> Graph:
    return bind_prefixes(Graph())


def _n3(term: Node) -> str:
    return str(term.n3(_prefixed().namespace_manager))


# -- label scripts ---------------------------------------------------------------------------------------------------


@functools.cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


@functools.cache
def _wrong_script(char: str, tag: str) -> bool:
    """Is ``char`` out of place in a label tagged ``tag``?

    Simplified-only in zh-Hant: OpenCC s2t changes it and Big5 cannot encode it (so 于, 台 stay fine);
    Traditional-only in zh-Hans: t2s changes it and GB2312 cannot encode it; any Han character in en.
    """
    if tag == "en":
        return _HAN.match(char) is not None
    config, charset = ("s2t", "big5") if tag == "zh-hant" else ("t2s", "gb2312")
    if _converter(config).convert(char) == char:
        return False
    try:
        char.encode(charset)
    except UnicodeEncodeError:
        return True
    return False


def label_script_problems(data: Graph) -> list[tuple[Node, URIRef, Literal, str]]:
    """Labels and slogans whose characters do not fit their language tag: (resource, property, literal, chars)."""
    return _script_problems(_label_literals(data, []))


def _script_problems(literals: list[tuple[Any, URIRef, Any]]) -> list[tuple[Any, URIRef, Any, str]]:
    problems = []
    for subject, prop, literal in literals:
        tag = (literal.language or "").lower()
        if tag not in ("en", "zh-hant", "zh-hans"):
            continue
        bad = "".join(dict.fromkeys(c for c in _text(literal) if _wrong_script(c, tag)))
        if bad:
            problems.append((subject, prop, literal, bad))
    return problems


_SCRIPT_MESSAGES = {
    "zh-hant": ("A zh-Hant text contains Simplified-only characters", "繁体（zh-Hant）文本含有仅见于简体的字"),
    "zh-hans": ("A zh-Hans text contains Traditional-only characters", "简体（zh-Hans）文本含有仅见于繁体的字"),
    "en": ("An English (en) text contains Chinese characters", "英文（en）文本含有汉字"),
}


def _script_results(literals: list[tuple[Any, URIRef, Any]], lang: str) -> list[Result]:
    out = []
    for subject, prop, literal, bad in _script_problems(literals):
        en, zh = _SCRIPT_MESSAGES[(literal.language or "").lower()]
        message = f"{zh}：{bad}" if lang == "zh" else f"{en}: {bad}"
        out.append(_result(_rdflib(subject), "label-script", "Violation", message, prop, _rdflib(literal)))
    return out


# -- rendering -------------------------------------------------------------------------------------------------------

_WORDS = {
    "en": {"ok": "conforms", "bad": "does not conform", "Violation": "violation", "Warning": "warning",
           "Info": "info", "resource": "resource", "resources": "resources", "path": "path", "value": "value",
           "title": "govkg validation"},
    "zh": {"ok": "符合约束", "bad": "不符合约束", "Violation": "违规", "Warning": "警告", "Info": "提示",
           "resource": "个资源", "resources": "个资源", "path": "路径", "value": "值", "title": "govkg 校验"},
}


def _render_text(report: ValidationReport) -> str:
    words = _WORDS[report.lang]
    counts = report.counts()
    groups: dict[str, list[Result]] = {}
    for result in report.results:
        groups.setdefault(result.focus, []).append(result)
    tally = ", ".join(f"{counts[s]} {words[s]}" for s in _SEVERITY_ORDER if counts[s])
    head = f"{words['title']}: {words['ok'] if report.conforms else words['bad']}"
    noun = words["resource"] if len(groups) == 1 else words["resources"]
    lines = [head + (f" ({tally}; {len(groups)} {noun})" if tally else "")]
    for focus, results in groups.items():
        name = results[0].label
        lines += ["", f"{name}  <{focus}>" if name else f"<{focus}>"]
        for r in results:
            message = r.message.replace("\n", "\\n")
            lines.append(f"  {words.get(r.severity, r.severity):<9} [{r.rule}] {message}")
            extra = [f"{words['path']} {r.path}"] if r.path else []
            extra += [f"{words['value']} {_short(r.value)}"] if r.value else []
            if extra:
                lines.append("            " + "   ".join(extra))
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _report_graph(report: ValidationReport) -> Graph:
    graph = bind_prefixes(Graph())
    graph.bind("gsh", SHAPES_NS)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    tag = "zh-Hans" if report.lang == "zh" else "en"
    for r in report.results:
        node = BNode()
        focus, path, value = r.terms
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, focus if focus is not None else Literal(r.focus)))
        graph.add((node, SH.resultSeverity, SH[r.severity]))
        graph.add((node, SH.sourceShape, URIRef(SHAPES_NS + r.rule)))
        graph.add((node, SH.resultMessage, Literal(r.message, lang=tag)))
        if path is not None:
            graph.add((node, SH.resultPath, path))
        if value is not None:
            graph.add((node, SH.value, value))
    return graph
