"""Linked-data pages: one HTML page per resource, an index per class, the query page, and the static site."""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import InputError
from kg.namespaces import GOVKG, ID, OA, PREFIXES, RDF, RDFS, SKOS, VOID, bind_prefixes

__all__ = [
    "CLASSES",
    "DOC_TYPES",
    "LANGS",
    "Html",
    "Site",
    "esc",
    "evidence_paragraph",
    "json_for_script",
    "safe_href",
    "tag",
    "write_site",
]

LANGS = ("zh-Hant", "zh-Hans", "en")
#: document extension -> (media type, rdflib serializer); "html" is the page itself.
DOC_TYPES: dict[str, tuple[str, str]] = {
    "html": ("text/html; charset=utf-8", "html"),
    "ttl": ("text/turtle; charset=utf-8", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
}
#: (index slug, class, English heading, Chinese heading), in the order the index lists them.
CLASSES: tuple[tuple[str, URIRef, str, str], ...] = (
    ("campaigns", GOVKG.Campaign, "Campaigns", "運動"),
    ("themes", GOVKG.CampaignTheme, "Campaign themes", "主題"),
    ("activities", GOVKG.Activity, "Activities", "活動"),
    ("agencies", GOVKG.Agency, "Agencies", "機構"),
    ("products", GOVKG.RegulatedProduct, "Regulated products", "產品"),
    ("documents", GOVKG.PolicyDocument, "Policy documents", "政策文件"),
    ("initiatives", GOVKG.Initiative, "Initiatives", "專項行動"),
    ("media", GOVKG.MediaOutlet, "Media outlets", "媒體"),
    ("reports", GOVKG.SourceReport, "Source reports", "報告"),
    ("jurisdictions", GOVKG.Jurisdiction, "Jurisdictions", "轄區"),
)
_SEGMENT = r"[A-Za-z0-9_~-]+"
_PATH = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")
_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_ATTR = re.compile(r"[a-z][a-z0-9-]*")
_VOID_ELEMENTS = {"link", "meta", "br", "input"}
_URL_ATTRS = {"href", "src", "action"}
_HIDDEN = {SKOS.prefLabel, SKOS.altLabel, RDF.value}
_MAX_INCOMING = 500
_SITE_MARK = ".govkg-site"


class Html(str):
    """Text that is already HTML (escaped or built by :func:`tag`); anything else is escaped when used."""

    __slots__ = ()


def esc(value: object) -> Html:
    """Escape ``value`` for HTML text or a quoted attribute.

    >>> esc('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return value if isinstance(value, Html) else Html(html.escape(str(value), quote=True))


def safe_href(url: str) -> str | None:
    """``url`` if a page may link to it: http(s), mailto or site-relative; else None.

    >>> safe_href("https://example.org/a"), safe_href("../id/agency/js-amr.html"), safe_href("java\\tscript:x")
    ('https://example.org/a', '../id/agency/js-amr.html', None)
    >>> safe_href("JavaScript:alert(1)") is None, safe_href("//evil.example/") is None
    (True, True)
    """
    if not url or any(ord(c) <= 0x20 or c in "\\\x7f" for c in url) or url.startswith("//"):
        return None
    scheme = _SCHEME.match(url)
    if scheme is None:
        return url
    return url if scheme.group(1).lower() in ("http", "https", "mailto") else None


def tag(name: str, attrs: dict[str, str | None] | None = None, *children: str) -> Html:
    """An element; attribute values and ``str`` children are escaped, :class:`Html` children kept.

    Attribute names come from code only: event handlers and ``style`` are refused, URLs go through
    :func:`safe_href`.

    >>> tag("a", {"href": "x.html", "title": '"q"'}, "<b>")
    '<a href="x.html" title="&quot;q&quot;">&lt;b&gt;</a>'
    """
    parts = [f"<{name}"]
    for key, value in (attrs or {}).items():
        if value is None:
            continue
        if not _ATTR.fullmatch(key) or key.startswith("on") or key in ("style", "srcdoc"):
            raise ValueError(f"attribute {key!r} is not allowed")
        if key in _URL_ATTRS and safe_href(value) is None:
            raise ValueError(f"unsafe URL in {key}: {value!r}")
        parts.append(f' {key}="{esc(value)}"')
    if name in _VOID_ELEMENTS:
        return Html("".join(parts) + ">")
    return Html("".join(parts) + ">" + "".join(esc(c) for c in children) + f"</{name}>")


def join(items: Iterable[str], sep: str = "") -> Html:
    """Concatenate, escaping every item that is not already :class:`Html`."""
    return Html(esc(sep).join(esc(i) for i in items))


def json_for_script(data: Any) -> Html:
    """JSON for an inline ``<script type="application/…json">`` data block: ``<``, ``>``, ``&`` escaped,
    so no value can close the element.

    >>> json_for_script({"a": "</script><script>x"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ex"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                     ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    return Html(text)


def evidence_paragraph(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The paragraph of ``text`` holding ``[start, end)``, cut into (before, span, after).

    >>> evidence_paragraph("a\\nxxSPANyy\\nb", 4, 8)
    ('xx', 'SPAN', 'yy')
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) is outside the text (length {len(text)})")
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return text[first:start], text[start:end], text[end : len(text) if last < 0 else last]


def _template(name: str) -> Template:
    return Template(resources.files("kg.publish").joinpath("templates", name).read_text(encoding="utf-8"))


def _static_files() -> dict[str, bytes]:
    folder = resources.files("kg.publish").joinpath("static")
    return {item.name: item.read_bytes() for item in folder.iterdir() if item.is_file()}


def _context() -> dict[str, Any]:
    """The local JSON-LD context (``ontology/context.jsonld``), or the prefix map; never a remote one."""
    from kg.paths import CONTEXT_FILE

    try:
        ctx = json.loads(CONTEXT_FILE.read_text(encoding="utf-8")).get("@context")
    except (OSError, ValueError, AttributeError):
        ctx = None
    return ctx if isinstance(ctx, dict) else dict(PREFIXES)


@dataclass
class _Evidence:
    iri: URIRef
    source: URIRef | None
    start: int | None
    end: int | None
    exact: str | None


class Site:
    """The pages of one graph whose resources live under ``base`` (``…/id/``), at ``id/<path>.<ext>``."""

    def __init__(self, graph: Graph, base: str = str(ID), *, endpoint: str = "sparql") -> None:
        self.graph = bind_prefixes(graph)
        self.base = base
        self.endpoint = endpoint
        self._docs: dict[str, set[URIRef]] = defaultdict(set)
        for term in set(graph.subjects()) | set(graph.objects()):
            path = self.path_of(term)
            if path is not None:
                self._docs[path].add(term)  # type: ignore[arg-type]
        self._context = _context()
        self._jsonld: dict[str, str] = {}

    # -- names and links ----------------------------------------------------------------------------

    def path_of(self, term: Node) -> str | None:
        """The document path (``agency/js-amr``) of an IRI under the base; None if it has none."""
        if not isinstance(term, URIRef) or not str(term).startswith(self.base):
            return None
        path = str(term)[len(self.base) :].split("#", 1)[0]
        return path if _PATH.fullmatch(path) else None

    def documents(self) -> list[str]:
        """Every document path, sorted."""
        return sorted(self._docs)

    def has(self, path: str) -> bool:
        """Whether ``path`` names a document of this site."""
        return path in self._docs

    def link(self, term: Node, here: str) -> str | None:
        """A safe href for ``term`` from the page at ``here`` (site-relative), or None."""
        path = self.path_of(term)
        if path is not None:
            target = f"id/{path}.html" + (f"#{str(term).split('#', 1)[1]}" if "#" in str(term) else "")
            return posixpath.relpath(target, posixpath.dirname(here) or ".")
        return safe_href(str(term)) if isinstance(term, URIRef) else None

    def label(self, term: Node, lang: str = "zh-Hant") -> str:
        """The best label of ``term`` in ``lang`` (then the other scripts), else its CURIE."""
        labels = {o.language: str(o) for o in self.graph.objects(term, SKOS.prefLabel) if isinstance(o, Literal)}
        for want in (lang, *LANGS, None):
            if want in labels:
                return labels[want]
        for other in self.graph.objects(term, RDFS.label):
            return str(other)
        return curie(term)

    # -- RDF documents --------------------------------------------------------------------------------

    def describe(self, path: str) -> Graph:
        """The triples of document ``path``: its resources' (and blank nodes') statements, and links to them."""
        out = _graph()
        todo: list[Node] = list(sorted(self._docs.get(path, ())))
        seen: set[Node] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for p, o in self.graph.predicate_objects(node):
                out.add((node, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
        for s, p in self.graph.subject_predicates(URIRef(self.base + path)):
            out.add((s, p, URIRef(self.base + path)))
        return out

    def rdf_document(self, path: str, ext: str) -> bytes:
        """Document ``path`` serialised as ``ext`` (ttl, jsonld, nt, rdf)."""
        from kg.rdf.write import to_rdfxml, to_sorted_lines

        fmt = DOC_TYPES[ext][1]
        if fmt == "json-ld":
            return self.jsonld(path).encode("utf-8")
        if fmt == "nt":
            return to_sorted_lines(self.describe(path), "nt")
        if fmt == "xml":
            return to_rdfxml(self.describe(path))
        return self.describe(path).serialize(format=fmt, encoding="utf-8")

    def jsonld(self, path: str) -> str:
        """Document ``path`` as compact JSON-LD with the local context (computed once)."""
        if path not in self._jsonld:
            from kg.rdf.jsonld import to_jsonld

            self._jsonld[path] = to_jsonld(self.describe(path), self._context)
        return self._jsonld[path]

    # -- pages ----------------------------------------------------------------------------------------

    def render(self, here: str, title: str, main: str, *, head: str = "", lang: str = "zh-Hant",
               body_attrs: dict[str, str] | None = None) -> str:
        """A whole page at site path ``here`` from the layout template."""
        root = "../" * here.count("/")
        attrs = "".join(f' {k}="{esc(v)}"' for k, v in (body_attrs or {}).items() if _ATTR.fullmatch(k))
        return _template("page.html").substitute(
            lang=esc(lang), title=esc(title), root=esc(root), head=Html(head), main=Html(main),
            body_attrs=Html(attrs),
        )

    def page(self, path: str) -> str:
        """The HTML page of document ``path`` (``id/<path>.html``)."""
        from kg.publish.pages import resource_page

        return resource_page(self, path)

    def evidence_of(self, term: Node) -> list[_Evidence]:
        """The evidence spans of ``term`` (its ``govkg:evidence`` and ``govkg:damagedSpan``, or itself)."""
        linked = set(self.graph.objects(term, GOVKG.evidence)) | set(self.graph.objects(term, GOVKG.damagedSpan))
        targets: list[Node] = sorted(linked, key=str)
        if (term, RDF.type, OA.SpecificResource) in self.graph:
            targets.insert(0, term)
        found = []
        for ev in targets:
            source = self.graph.value(ev, OA.hasSource)
            start = end = exact = None
            for sel in self.graph.objects(ev, OA.hasSelector):
                start = _int(self.graph.value(sel, OA.start), start)
                end = _int(self.graph.value(sel, OA.end), end)
                exact = str(self.graph.value(sel, OA.exact)) if self.graph.value(sel, OA.exact) else exact
            found.append(_Evidence(ev, source if isinstance(source, URIRef) else None, start, end, exact))  # type: ignore[arg-type]
        return sorted(found, key=lambda e: (e.iri != term, str(e.source), e.start or 0, str(e.iri)))

    def members(self, cls: URIRef) -> list[Node]:
        """Resources of class ``cls`` that have a page, sorted by path."""
        return sorted((s for s in set(self.graph.subjects(RDF.type, cls)) if self.path_of(s)), key=str)

    def void(self, endpoint_url: str, here: str) -> Graph:
        """A VoID description of the served dataset (``/.well-known/void``)."""
        ds = URIRef(here + "#dataset")
        out = _graph()
        out.add((ds, RDF.type, VOID.Dataset))
        out.add((ds, VOID.sparqlEndpoint, URIRef(endpoint_url)))
        out.add((ds, VOID.uriSpace, Literal(self.base)))
        out.add((ds, VOID.triples, Literal(len(self.graph))))
        out.add((ds, VOID.entities, Literal(len(self._docs))))
        out.add((ds, VOID.vocabulary, URIRef(PREFIXES["govkg"][:-1])))
        for slug, cls, _, _ in CLASSES:
            part = URIRef(f"{here}#class-{slug}")
            out.add((ds, VOID.classPartition, part))
            out.add((part, VOID["class"], cls))
            out.add((part, VOID.entities, Literal(len(set(self.graph.subjects(RDF.type, cls))))))
        for campaign in self.members(GOVKG.Campaign)[:1]:
            out.add((ds, VOID.exampleResource, campaign))
        return out


def _graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def _int(term: Node | None, default: int | None) -> int | None:
    try:
        return int(str(term)) if term is not None else default
    except ValueError:
        return default


def curie(term: Node) -> str:
    """``prefix:local`` for an IRI in a known namespace, else the IRI (blank nodes as ``_:b``)."""
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    for prefix, iri in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(iri) and text != iri:
            return f"{prefix}:{text[len(iri):]}"
    return text


def lang_attr(literal: Literal) -> str | None:
    """The literal's language tag if it is well formed (it becomes an attribute value)."""
    return literal.language if literal.language and _LANG_TAG.fullmatch(literal.language) else None


# -- the static site ------------------------------------------------------------------------------------


def site_files(site: Site) -> Iterable[tuple[str, bytes]]:
    """Every file of the static site as (relative path, bytes)."""
    from kg.publish.pages import class_page, index_page, query_page

    yield "index.html", index_page(site).encode("utf-8")
    yield "query.html", query_page(site, "query.html").encode("utf-8")
    for slug, *_ in CLASSES:
        yield f"class/{slug}.html", class_page(site, slug).encode("utf-8")
    for path in site.documents():
        yield f"id/{path}.html", site.page(path).encode("utf-8")
        for ext in ("ttl", "jsonld", "nt", "rdf"):
            yield f"id/{path}.{ext}", site.rdf_document(path, ext)
    for name, data in _static_files().items():
        yield f"static/{name}", data
    void = site.void(site.endpoint, "void.ttl")
    yield "void.ttl", void.serialize(format="turtle", encoding="utf-8")
    yield _SITE_MARK, b"written by kg site; the folder is replaced as a whole on the next run\n"


def write_site(site: Site, out: Path) -> int:
    """Write the static site to ``out`` (replaced as a whole; a half-written site is never left); return the
    number of files."""
    from kg.files import write_staged

    if out.exists() and not (out / _SITE_MARK).is_file() and any(out.iterdir()):
        raise InputError("exists and is not a site written by kg site; refusing to replace it", path=out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        count = write_staged(staging, site_files(site))
        old = out.with_name(f".{out.name}.old")
        if out.exists():
            shutil.rmtree(old, ignore_errors=True)
            out.replace(old)
        staging.replace(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count
