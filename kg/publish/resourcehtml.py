"""A resource page's two blocks, ``head`` and ``main`` of ``resource.html``, written in Python.

``resource.html`` stays their definition (``kg site`` made 130,000 pages at M through Jinja2's runtime: a generator per
block, a call per filter, an escape per value); these functions give the same text from the same context
(``tests/test_site_terms.py`` renders every seed page and hostile pages both ways), and
:func:`kg.publish.html.render_framed` puts them into the page's frame. Every value is escaped as autoescaping escapes
it (``markupsafe.escape``: a ``Markup`` is kept, anything else is escaped), and every link is checked as the
``href`` filter checks it.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from kg.publish.words import word

__all__ = ["resource_blocks"]


def _e(value: Any) -> str:
    """``value`` as the template writes ``{{ value }}``."""
    return value if type(value) is Markup else escape(value)  # type: ignore[no-any-return]


def _href(url: str) -> str:
    from kg.publish.html import _href as check

    return escape(check(url))


def resource_blocks(context: dict[str, Any]) -> dict[str, str]:
    """The ``head`` and ``main`` blocks of ``resource.html`` filled with ``context`` (what
    :func:`kg.publish.pages.resource_page` hands the template)."""
    alternates = [(_href(file), _e(alt.media_type), _e(alt.title)) for file, alt in context["alternates"]]
    head = "".join(f'<link rel="alternate" type="{kind}" href="{href}" title="{title}">\n'
                   for href, kind, title in alternates)
    head += f'<script type="application/ld+json">{_e(context["jsonld"])}</script>\n'
    out = [f'<h1>{_e(context["heading"])}</h1>\n<p class="iri"><code>{_e(context["iri"])}</code> ',
           " ".join(f'<span class="type">{_e(t)}</span>' for t in context["types"]), "</p>\n",
           f'<h2>{word("labels")}</h2>\n<table class="labels">\n']
    for row in context["labels"]:
        lang = _e(row["lang"])
        cells = " · ".join(f'<span lang="{lang}">{_e(value)}</span>' for value in row["cells"]) or "—"
        out.append(f'<tr><th>skos:{_e(row["name"])}</th><td>{lang}</td><td class="label">{cells}</td></tr>\n')
    out.append("</table>\n")
    if context["original"]:
        out.append(f'<h2>{word("original")}</h2>\n<table class="original">\n')
        for row in context["original"]:
            lang = f' lang="{_e(row["lang"])}"' if row["lang"] else ""
            value = f'<a href="{_href(row["href"])}">{_e(row["value"])}</a>' if row["href"] else _e(row["value"])
            out.append(f'<tr><th>{_e(row["name"])}</th><td{lang}>{value}</td></tr>\n')
        out.append("</table>\n")
    if context["evidence"]:
        out.append(f'<h2>{word("evidence")}</h2>\n')
        out += (_evidence(ev) for ev in context["evidence"])
    out.append(f'<h2>{word("statements")}</h2>\n')
    for part in context["statements"]:
        if part["name"] is not None:
            out.append(f'<h3 id="{_e(part["anchor"])}">{_e(part["name"])}</h3>\n')
        out.append('<table class="props">\n')
        out += (f'<tr><th>{_e(row["predicate"])}</th><td><ul>{_items(row["objects"])}</ul></td></tr>\n'
                for row in part["props"])
        out.append("</table>\n")
    out.append(f'<h2>{word("incoming")}</h2>\n<table class="incoming">\n')
    out += (f"<tr><td>{_e(s)}</td><td>{_e(p)}</td></tr>\n" for s, p in context["incoming"])
    out.append("</table>\n")
    if context["more"]:
        out.append(f'<p>… and {_e(context["more"])} more</p>\n')
    for text in context["texts"]:
        lang = f' lang="{_e(text["lang"])}"' if text["lang"] else ""
        out.append(f'<section class="report-text"><h2>{word("text")} (rdf:value)</h2>\n')
        out += (f"<p{lang}>{_e(line)}</p>\n" for line in text["lines"])
        out.append("</section>\n")
    links = " · ".join(f'<a href="{href}" type="{kind}">{title}</a>' for href, kind, title in alternates)
    out.append(f'<p class="alternates">{word("data")}: {links}</p>\n')
    return {"head": head, "main": "".join(out)}


def _items(objects: list[Any]) -> str:
    return "".join(f"<li>{_e(o)}</li>" for o in objects)


def _evidence(ev: dict[str, Any]) -> str:
    caption = f"evidence {_e(ev['iri'])}" + (f" in {_e(ev['source'])}" if ev["source"] else "")
    if ev["problem"]:
        return (f'<figure class="evidence bad"><p>{_e(ev["problem"])}</p><figcaption>{caption}</figcaption>'
                "</figure>\n")
    if ev["span"] is None:
        return (f'<figure class="evidence"><blockquote>{_e(ev["exact"] or "(no position)")}</blockquote>'
                f"<figcaption>{caption}</figcaption></figure>\n")
    lang = f' lang="{_e(ev["lang"])}"' if ev["lang"] else ""
    pages = f" · {_e(ev['pages'])} of the original" if ev["pages"] else ""
    differs = '<strong class="warn"> · the quote selector differs from the text</strong>' if ev["differs"] else ""
    return (f'<figure class="evidence"><blockquote{lang}>{_e(ev["before"])}<mark>{_e(ev["span"])}</mark>'
            f'{_e(ev["after"])}</blockquote>\n<figcaption>{caption} · characters {_e(ev["start"])}–{_e(ev["end"])}'
            f"{pages}{differs}</figcaption></figure>\n")
