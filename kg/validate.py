"""Validate a govkg graph: SHACL shapes, ``queries/*-violation.rq`` and a label-script check, reported for people."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError, KGError, QueryError
from kg.namespaces import GOVKG, RDF, SH, SKOS, bind_prefixes
from kg.paths import ONTOLOGY_FILE, QUERIES_DIR, SHAPES_FILE

__all__ = [
    "SHAPES_NS",
    "Result",
    "ValidationReport",
    "ViolationQuery",
    "label_script_problems",
    "parse_header",
    "validate",
    "validate_files",
    "violation_queries",
]

SHAPES_NS = "https://w3id.org/govkg/shapes#"
LANGS = ("en", "zh")
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


def validate(data: Graph, *, lang: str = "en") -> ValidationReport:
    """Check ``data`` against the shapes (ontology mixed in, no inference), the violation queries and label scripts.

    >>> validate(Graph()).conforms
    True
    """
    if lang not in LANGS:
        raise InputError(f"unknown report language {lang!r} (use en or zh)")
    found = _shacl_results(data, lang)
    store = _oxigraph_store(data, _ontology())
    for query in violation_queries():
        found += _query_results(store, query, lang)
    found += _script_results(data, lang)
    results = sorted(set(found), key=lambda r: (r.focus, _SEVERITY_ORDER.get(r.severity, 9), r.rule, r.value or ""))
    labelled = [_with_label(r, data, lang) for r in results]
    return ValidationReport(labelled, lang)


def validate_files(paths: list[Path], *, lang: str = "en") -> ValidationReport:
    """Parse every file (format from its suffix) into one graph and validate it; bad files raise ``InputError``."""
    if not paths:
        raise InputError("no file to validate")
    from kg.rdfio import parse_rdf  # the checked door for untrusted RDF: no fetching, no DTDs, limits

    data = Graph()
    for path in paths:
        if not path.is_file():
            hint = " (run kg build first)" if path.name == "kg.ttl" else ""
            raise InputError(f"no such file{hint}", path=path)
        data += parse_rdf(path)
    return validate(data, lang=lang)


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


def _query_results(store: Any, query: ViolationQuery, lang: str) -> list[Result]:
    from kg.rdfio import from_oxigraph

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


def _oxigraph_store(*graphs: Graph) -> Any:
    """An in-memory Oxigraph store holding ``graphs``: rdflib's SPARQL engine is ten times slower on these queries."""
    import pyoxigraph

    store = pyoxigraph.Store()
    for graph in graphs:
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _result(focus: Node | None, rule: str, severity: str, message: str, path: Node | str | None,
            value: Node | None) -> Result:
    path_text = _n3(path) if isinstance(path, Node) else path
    path_node = path if isinstance(path, URIRef) else None
    return Result(str(focus), None, rule, severity, message, path_text,
                  None if value is None else _n3(value), (focus, path_node, value))


def _with_label(result: Result, data: Graph, lang: str) -> Result:
    focus = result.terms[0]
    if focus is None:
        return result
    labels = [o for o in data.objects(focus, SKOS.prefLabel) if isinstance(o, Literal)]
    return Result(result.focus, _pick(labels, lang) or None, result.rule, result.severity, result.message,
                  result.path, result.value, result.terms)


def _pick(literals: list[Any], lang: str) -> str:
    """The literal in the wanted language (zh prefers zh-Hans, then zh-Hant), else English, else any."""
    order = ["zh-hans", "zh-hant", "zh", "en"] if lang == "zh" else ["en", "zh-hans", "zh-hant"]
    by_lang = {(getattr(lit, "language", None) or "").lower(): str(lit) for lit in literals}
    for tag in order:
        if tag in by_lang:
            return by_lang[tag]
    return str(literals[0]) if literals else ""


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
    problems = []
    for prop in (SKOS.prefLabel, SKOS.altLabel, GOVKG.slogan):
        for subject, literal in data.subject_objects(prop):
            tag = (getattr(literal, "language", None) or "").lower()
            if tag not in ("en", "zh-hant", "zh-hans"):
                continue
            bad = "".join(dict.fromkeys(c for c in str(literal) if _wrong_script(c, tag)))
            if bad and isinstance(literal, Literal):
                problems.append((subject, prop, literal, bad))
    return problems


_SCRIPT_MESSAGES = {
    "zh-hant": ("A zh-Hant text contains Simplified-only characters", "繁体（zh-Hant）文本含有仅见于简体的字"),
    "zh-hans": ("A zh-Hans text contains Traditional-only characters", "简体（zh-Hans）文本含有仅见于繁体的字"),
    "en": ("An English (en) text contains Chinese characters", "英文（en）文本含有汉字"),
}


def _script_results(data: Graph, lang: str) -> list[Result]:
    out = []
    for subject, prop, literal, bad in label_script_problems(data):
        en, zh = _SCRIPT_MESSAGES[(literal.language or "").lower()]
        message = f"{zh}：{bad}" if lang == "zh" else f"{en}: {bad}"
        out.append(_result(subject, "label-script", "Violation", message, prop, literal))
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
