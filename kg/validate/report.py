"""What validation found, for people and programs: results, the report, and its text, JSON and SHACL forms."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field, replace
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import RDF, SH, bind_prefixes

__all__ = ["SEVERITY_ORDER", "SHAPES_NS", "Result", "ValidationReport", "lexical", "n3", "pick", "written_in"]

SHAPES_NS = "https://w3id.org/govkg/shapes#"
"""The namespace of the shapes; a result's rule is a shape's local name, a query's slug or ``label-script``."""
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
"""The severities, worst first."""


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

    @classmethod
    def of(cls, focus: Node | None, rule: str, severity: str, message: str, path: Node | str | None,
           value: Node | None) -> Result:
        """A result about the terms ``focus``, ``path`` (a term or its text) and ``value``, not yet labelled."""
        path_text = n3(path) if isinstance(path, Node) else path
        path_node = path if isinstance(path, URIRef) else None
        return cls(str(focus), None, rule, severity, message, path_text,
                   None if value is None else n3(value), (focus, path_node, value))


@dataclass
class ValidationReport:
    """Everything ``validate`` found; it conforms when nothing has severity Violation."""

    results: list[Result]
    lang: str = "en"
    notes: list[str] = field(default_factory=list)  # what people should know about the run (an engine fallback)

    @property
    def conforms(self) -> bool:
        """True when no result has severity Violation (warnings do not count): govkg's rule for its exit code.

        The SHACL report (:meth:`to_graph`) says ``sh:conforms true`` only when there is no result at all, as the
        standard defines it.
        """
        return not any(r.severity == "Violation" for r in self.results)

    def counts(self) -> dict[str, int]:
        """How many results of each severity."""
        return {sev: sum(r.severity == sev for r in self.results) for sev in SEVERITY_ORDER}

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


# -- terms as text ---------------------------------------------------------------------------------------------------


def lexical(literal: Any) -> str:
    """The lexical form of an rdflib or Oxigraph literal."""
    return str(literal) if isinstance(literal, Literal) else str(literal.value)


def pick(literals: list[Any], lang: str) -> str:
    """The literal in the wanted language (zh prefers zh-Hans, then zh-Hant), else English, else any.

    >>> pick([Literal("江蘇", lang="zh-Hant"), Literal("Jiangsu", lang="en"), Literal("江苏", lang="zh-Hans")], "zh")
    '江苏'
    """
    order = ["zh-hans", "zh-hant", "zh", "en"] if lang == "zh" else ["en", "zh-hans", "zh-hant"]
    by_lang = {(getattr(lit, "language", None) or "").lower(): lexical(lit) for lit in literals}
    for tag in order:
        if tag in by_lang:
            return by_lang[tag]
    return lexical(literals[0]) if literals else ""


@functools.cache
def _prefixed() -> Graph:
    return bind_prefixes(Graph())


def n3(term: Node) -> str:
    """A term as Turtle writes it, with govkg's prefixes."""
    return str(term.n3(_prefixed().namespace_manager))


# -- rendering -------------------------------------------------------------------------------------------------------

_WORDS = {
    "en": {"ok": "conforms", "bad": "does not conform", "Violation": "violation", "Warning": "warning",
           "Info": "info", "resource": "resource", "resources": "resources", "path": "path", "value": "value",
           "title": "govkg validation"},
    "zh": {"ok": "符合约束", "bad": "不符合约束", "Violation": "违规", "Warning": "警告", "Info": "提示",
           "resource": "个资源", "resources": "个资源", "path": "路径", "value": "值", "title": "govkg 校验"},
    "zh-Hant": {"ok": "符合約束", "bad": "不符合約束", "Violation": "違規", "Warning": "警告", "Info": "提示",
                "resource": "個資源", "resources": "個資源", "path": "路徑", "value": "值", "title": "govkg 校驗"},
}
_WORDS["zh-Hans"] = _WORDS["zh"]
_TAGS = {"en": "en", "zh": "zh-Hans", "zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant"}
"""The language tag of a report's messages, by its ``lang``."""


def written_in(report: ValidationReport, lang: str) -> ValidationReport:
    """``report`` (made in ``en`` or ``zh``) for a ``--lang`` value: ``zh-Hant`` converts its Chinese to Traditional.

    ``zh`` and ``zh-Hans`` are the messages as govkg writes them, in Simplified.

    >>> r = ValidationReport([Result("x", "江苏省", "r", "Warning", "缺少简体中文标签。")], lang="zh")
    >>> hant = written_in(r, "zh-Hant")
    >>> hant.lang, hant.results[0].label, hant.results[0].message
    ('zh-Hant', '江蘇省', '缺少簡體中文標籤。')
    """
    if lang != "zh-Hant":
        return replace(report, lang=lang)
    from kg.ingest.script import to_hant

    results = [replace(r, message=to_hant(r.message), label=to_hant(r.label) if r.label else r.label)
               for r in report.results]
    return replace(report, results=results, lang=lang)


def _render_text(report: ValidationReport) -> str:
    words = _WORDS[report.lang]
    counts = report.counts()
    groups: dict[str, list[Result]] = {}
    for result in report.results:
        groups.setdefault(result.focus, []).append(result)
    tally = ", ".join(f"{counts[s]} {words[s]}" for s in SEVERITY_ORDER if counts[s])
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
    graph.add((root, SH.conforms, Literal(not report.results)))  # SHACL: true only without any result
    tag = _TAGS[report.lang]
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
