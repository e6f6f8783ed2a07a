"""Ontology documentation: one self-contained HTML page per language, generated from ``ontology/govkg.ttl``."""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.namespaces import DCTERMS, GOVKG, OWL, RDF, RDFS, SKOS, curie

__all__ = ["LANGUAGES", "doc_page", "ontology_files", "render", "term_labels", "terms", "write_docs"]

LANGUAGES = ("en", "zh")
_NS = str(GOVKG)
_PREFERRED = {"en": ("en", "zh-Hans", "zh-Hant"), "zh": ("zh-Hans", "zh-Hant", "en")}
_WORDS = {
    "en": {"classes": "Classes", "object": "Object properties", "datatype": "Datatype properties",
           "schemes": "Concept schemes", "labels": "Labels", "comment": "Comment", "subclass": "Subclass of",
           "subproperty": "Subproperty of", "domain": "Domain", "range": "Range", "characteristics": "Characteristics",
           "concepts": "Concepts", "none": "none in the ontology (they come from the data)", "or": " or ",
           "version": "Version", "license": "Licence", "namespace": "Namespace", "contents": "Contents",
           "other": "Other language", "title": "Ontology documentation", "rest": "Other terms"},
    "zh": {"classes": "类", "object": "对象属性", "datatype": "数据属性", "schemes": "概念表", "labels": "标签",
           "comment": "说明", "subclass": "上位类", "subproperty": "上位属性", "domain": "定义域", "range": "值域",
           "characteristics": "特性", "concepts": "概念", "none": "本体中没有（来自数据）", "or": " 或 ",
           "version": "版本", "license": "许可协议", "namespace": "命名空间", "contents": "目录",
           "other": "其他语言", "title": "本体文档", "rest": "其他术语"},
}
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
    "section.term{border-top:1px solid #ccc;padding:.5rem 0}code{background:#f4f4f4;padding:0 .2rem}"
    "dt{font-weight:bold}dd{margin:0 0 .4rem 1.5rem}nav ul{columns:3}"
)


def terms(ontology: Graph) -> list[URIRef]:
    """Every govkg term the ontology describes (subjects in the govkg namespace), sorted."""
    return sorted({s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(_NS)}, key=str)


def _local(term: Node) -> str:
    return str(term)[len(_NS):] if str(term).startswith(_NS) else str(term)


def _text(ontology: Graph, node: Node, prop: URIRef, lang: str) -> str | None:
    values = {v.language: str(v) for v in ontology.objects(node, prop) if isinstance(v, Literal)}
    return next((values[code] for code in _PREFERRED[lang] if code in values), values.get(None))


def _ref(ontology: Graph, node: Node, lang: str) -> str:
    """A link to a govkg term, a CURIE for another vocabulary's term, ``A or B`` for an owl:unionOf."""
    if isinstance(node, BNode):
        members = ontology.value(node, OWL.unionOf)
        if members is not None:
            return _WORDS[lang]["or"].join(_ref(ontology, m, lang) for m in Collection(ontology, members))
        return "…"
    if str(node).startswith(_NS):
        return f'<a href="#{escape(_local(node))}"><code>govkg:{escape(_local(node))}</code></a>'
    short = curie(str(node))
    return f"<code>{escape(short if short != str(node) else f'<{node}>')}</code>"


def _section(ontology: Graph, term: URIRef, lang: str) -> str:
    words = _WORDS[lang]
    name = _local(term)
    label = _text(ontology, term, RDFS.label, lang) or _text(ontology, term, SKOS.prefLabel, lang) or name
    rows = [(words["labels"], " · ".join(
        f'{escape(str(v))} <small>({escape(v.language or "")})</small>'
        for v in sorted(ontology.objects(term, RDFS.label), key=lambda v: str(getattr(v, "language", "")))
        if isinstance(v, Literal)))]
    comment = _text(ontology, term, RDFS.comment, lang)
    if comment:
        rows.append((words["comment"], escape(comment)))
    for prop, key in ((RDFS.subClassOf, "subclass"), (RDFS.subPropertyOf, "subproperty"), (RDFS.domain, "domain"),
                      (RDFS.range, "range")):
        values = sorted(_ref(ontology, v, lang) for v in ontology.objects(term, prop))
        if values:
            rows.append((words[key], ", ".join(values)))
    kinds = sorted(_ref(ontology, t, lang) for t in ontology.objects(term, RDF.type)
                   if t in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty))
    if kinds:
        rows.append((words["characteristics"], ", ".join(kinds)))
    if (term, RDF.type, SKOS.ConceptScheme) in ontology:
        concepts = sorted(ontology.subjects(SKOS.inScheme, term), key=str)
        rows.append((words["concepts"], ", ".join(_ref(ontology, c, lang) for c in concepts) or escape(words["none"])))
    body = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<section class="term" id="{escape(name)}"><h3>{escape(label)} '
            f"<code>govkg:{escape(name)}</code></h3><dl>{body}</dl></section>")


def _groups(ontology: Graph) -> dict[str, list[URIRef]]:
    all_terms = terms(ontology)
    schemes = [t for t in all_terms if (t, RDF.type, SKOS.ConceptScheme) in ontology]
    in_schemes = [t for t in all_terms if (t, SKOS.inScheme, None) in ontology]
    groups = {
        "classes": [t for t in all_terms if (t, RDF.type, OWL.Class) in ontology],
        "object": [t for t in all_terms if (t, RDF.type, OWL.ObjectProperty) in ontology],
        "datatype": [t for t in all_terms if (t, RDF.type, OWL.DatatypeProperty) in ontology],
        "schemes": schemes + in_schemes,
    }
    placed = {t for group in groups.values() for t in group}
    rest = [t for t in all_terms if t not in placed]
    return {**groups, "rest": rest} if rest else groups


def render(ontology: Graph, lang: str) -> str:
    """The documentation page for ``lang`` (``en`` or ``zh``): every govkg term with an anchor, HTML-escaped."""
    words = _WORDS[lang]
    iri = next(iter(ontology.subjects(RDF.type, OWL.Ontology)), None)
    title = (_text(ontology, iri, DCTERMS.title, lang) if iri else None) or "govkg"
    description = (_text(ontology, iri, DCTERMS.description, lang) if iri else None) or ""
    groups = _groups(ontology)
    nav = "".join(f'<li><a href="#{k}">{escape(words[k])}</a></li>' for k in groups)
    sections = "".join(
        f'<h2 id="{k}">{escape(words[k])}</h2>\n' + "\n".join(_section(ontology, t, lang) for t in group) + "\n"
        for k, group in groups.items()
    )
    other = "zh" if lang == "en" else "en"
    meta = [(words["namespace"], f"<code>{escape(_NS)}</code>")]
    if iri is not None:
        version = ontology.value(iri, OWL.versionInfo)
        licence = ontology.value(iri, DCTERMS.license)
        if version is not None:
            meta.append((words["version"], escape(str(version))))
        if licence is not None:
            meta.append((words["license"], f'<a href="{escape(str(licence))}">{escape(str(licence))}</a>'))
    meta.append((words["other"], f'<a href="index.{other}.html">index.{other}.html</a>'))
    head = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in meta)
    html_lang = "en" if lang == "en" else "zh-Hans"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
            f"<title>{escape(title)} — {escape(words['title'])}</title><style>{_STYLE}</style></head>\n"
            f"<body><h1>{escape(title)}</h1><p>{escape(description)}</p><dl>{head}</dl>"
            f"<nav><h2>{escape(words['contents'])}</h2><ul>{nav}</ul></nav>\n{sections}\n</body></html>\n")


def _load(ontology_file: Path | None = None) -> Graph:
    from kg.namespaces import bind_prefixes
    from kg.paths import ONTOLOGY_FILE
    from kg.query.local import RdflibStore

    store = RdflibStore()
    store.load([ontology_file or ONTOLOGY_FILE])
    return bind_prefixes(store.graph)


@cache
def _shipped() -> Graph:
    """govkg's own ontology (``ontology/govkg.ttl``), read once."""
    return _load()


@cache
def ontology_files() -> dict[str, bytes]:
    """What the site and ``kg serve`` publish of the ontology (under ``ontology/``): the Turtle and its two pages."""
    from kg.paths import ONTOLOGY_FILE

    pages = {f"index.{lang}.html": render(_shipped(), lang).encode("utf-8") for lang in LANGUAGES}
    return {"govkg.ttl": ONTOLOGY_FILE.read_bytes(), **pages}


@cache
def term_labels() -> dict[str, dict[str, str]]:
    """Each govkg term's labels by language (``skos:prefLabel``, else ``rdfs:label``), from the ontology."""
    graph = _shipped()
    found: dict[str, dict[str, str]] = {}
    for term in terms(graph):
        labels: dict[str, str] = {}
        for prop in (SKOS.prefLabel, RDFS.label):
            for value in sorted(graph.objects(term, prop), key=str):
                if isinstance(value, Literal) and value.language:
                    labels.setdefault(value.language, str(value))
        found[str(term)] = labels
    return found


def doc_page(term: str, lang: str) -> str | None:
    """The page and anchor that document govkg ``term`` for a reader of ``lang`` (``index.en.html#conductedBy``;
    Chinese in either script reads ``index.zh.html``), or None for a term the ontology does not describe.

    >>> doc_page("https://w3id.org/govkg/ontology#conductedBy", "zh-Hant"), doc_page("http://x.org/y", "en")
    ('index.zh.html#conductedBy', None)
    """
    if term not in term_labels():
        return None
    return f"index.{'en' if lang == 'en' else 'zh'}.html#{_local(URIRef(term))}"


def write_docs(out_dir: Path, ontology_file: Path | None = None) -> list[Path]:
    """Write ``index.en.html`` and ``index.zh.html`` for the ontology (default ``ontology/govkg.ttl``) atomically."""
    from kg.files import write_text

    ontology = _load(ontology_file)
    written = []
    for lang in LANGUAGES:
        path = out_dir / f"index.{lang}.html"
        write_text(path, render(ontology, lang))
        written.append(path)
    return written
