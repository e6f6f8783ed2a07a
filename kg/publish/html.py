"""HTML for the pages: the Jinja2 templates (autoescaped), safe links, JSON for script blocks, static files."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from rdflib import Literal

if TYPE_CHECKING:
    from jinja2 import Environment, Template
    from markupsafe import Markup

__all__ = ["evidence_paragraph", "json_for_script", "json_text_for_script", "lang_attr", "render", "render_framed",
           "safe_href", "static_files", "template"]

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_UNSAFE_CHAR = re.compile(r"[\x00-\x20\\\x7f]")
_SEPARATOR = re.compile(r",\n *")
_BREAK = re.compile(r"\n *")


def safe_href(url: str) -> str | None:
    """``url`` if a page may link to it: http(s), mailto or site-relative; else None.

    >>> safe_href("https://example.org/a"), safe_href("../id/agency/js-amr.html"), safe_href("java\\tscript:x")
    ('https://example.org/a', '../id/agency/js-amr.html', None)
    >>> safe_href("JavaScript:alert(1)") is None, safe_href("//evil.example/") is None
    (True, True)
    """
    if not url or _UNSAFE_CHAR.search(url) is not None or url.startswith("//"):
        return None
    scheme = _SCHEME.match(url)
    if scheme is None:
        return url
    return url if scheme.group(1).lower() in ("http", "https", "mailto") else None


def _href(url: str) -> str:
    """The template filter for every ``href``/``src``/``action``: a URL :func:`safe_href` refuses is an error."""
    if safe_href(url) is None:
        raise ValueError(f"unsafe URL in a page: {url!r}")
    return url


def json_for_script(data: Any) -> Markup:
    """JSON for an inline ``<script type="application/…json">`` data block: ``<``, ``>``, ``&`` escaped,
    so no value can close the element.

    >>> str(json_for_script({"a": "</script><script>x"}))
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ex"}'
    """
    from markupsafe import Markup

    text = json.dumps(data, ensure_ascii=False)
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                     ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    return Markup(text)  # noqa: S704 (every character that could end the element or the JSON is escaped above)


def json_text_for_script(text: str, head: str = "") -> Markup:
    """:func:`json_for_script` of JSON that is already written with an indent (``json.dumps(…, indent=2)``), without
    reading it back: the line breaks and indents go (a JSON string holds no raw line break), and ``, `` stays.
    ``head``, a beginning many texts share that ends with ``}`` (a JSON-LD context), is turned once and remembered.

    >>> str(json_text_for_script('{\\n  "a": [\\n    1,\\n    "<"\\n  ]\\n}'))
    '{"a": [1, "\\\\u003c"]}'
    """
    from markupsafe import Markup

    if head and head.endswith("}") and text.startswith(head):  # no line break or separator spans the cut
        return Markup(_json_head(head) + _json_text(text[len(head) :].rstrip("\n")))  # noqa: S704 (as below)
    return Markup(_json_text(text.rstrip("\n")))  # noqa: S704 (escaped as json_for_script does)


def _json_text(text: str) -> str:
    text = _BREAK.sub("", _SEPARATOR.sub(", ", text))
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                     ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    return text


_json_head = lru_cache(maxsize=4)(_json_text)  # a head many texts share, e.g. a JSON-LD context


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


def lang_attr(literal: Literal) -> str | None:
    """The literal's language tag if it is well formed (it becomes an attribute value)."""
    return literal.language if literal.language and _LANG_TAG.fullmatch(literal.language) else None


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("kg.publish", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      auto_reload=False)  # the package's own templates: not looked at again on every page
    env.filters["href"] = _href
    env.filters["script_json"] = json_for_script
    env.filters["script_json_text"] = json_text_for_script
    from kg.publish.words import SWITCH, word

    # the site's own words in the three languages, shown by the switch: a filter, so that a word named in the
    # template (``{{ "labels"|word }}``) is written into the compiled template once instead of looked up per page
    env.filters["word"] = word
    env.globals["switch_links"] = SWITCH
    return env


def render(template: str, **context: Any) -> str:
    """The page ``template`` (in ``kg/publish/templates/``) filled with ``context``; every value is escaped."""
    return _environment().get_template(template).render(**context)


def render_framed(name: str, /, blocks: Callable[[dict[str, Any]], dict[str, str]] | None = None,
                  **context: Any) -> str:
    """:func:`render`'s page for a template that extends ``page.html`` and fills only its blocks ``head`` and
    ``main`` (which read nothing set outside them), made with less work: the frame, ``page.html`` around its title
    and the two blocks, is rendered once for each value of the other variables it reads (``lang``, ``root`` …) and
    remembered; a page renders its two blocks alone and they and the escaped title are put into the frame.
    Uses Jinja2's documented low-level API (``Template.new_context``, ``.blocks``, ``.root_render_func``).
    ``blocks``, when given, makes the two blocks' text from the context instead of the template (the same text:
    :func:`kg.publish.resourcehtml.resource_blocks`)."""
    from markupsafe import escape

    page = template(name)
    frame = _frame(name, tuple((key, context[key]) for key in _frame_variables()))
    if blocks is not None:
        filled = {"title": str(escape(context["title"])), **blocks(context)}
    else:
        made = page.new_context(context)
        filled = {"title": str(escape(context["title"])),
                  **{block: "".join(page.blocks[block](made)) for block in _FRAMED}}
    return "".join(filled[part] if i % 2 else part for i, part in enumerate(frame))


_FRAMED = ("head", "main")  # page.html's blocks a framed page fills; the frame leaves them and the title open


@cache
def _frame_variables() -> tuple[str, ...]:
    """What page.html reads but its title and the environment's globals: what its frame differs by."""
    from jinja2 import meta

    env = _environment()
    names = meta.find_undeclared_variables(env.parse(env.loader.get_source(env, "page.html")[0]))  # type: ignore[union-attr]
    return tuple(sorted(names - {"title"} - set(env.globals)))


@lru_cache(maxsize=64)
def _frame(name: str, variables: tuple[tuple[str, Any], ...]) -> tuple[str, ...]:
    """The page ``name`` with ``variables`` cut where the title and the framed blocks go: literal text at even
    positions, the name of what goes between at odd ones (marked by NULs, which escaping keeps)."""
    page = template(name)
    context = page.new_context({**dict(variables), "title": "\x00title\x00"})
    for block in _FRAMED:
        context.blocks[block] = [_hole(block)]
    parts = tuple("".join(page.root_render_func(context)).split("\x00"))
    if sorted(parts[1::2]) != sorted(("title", *_FRAMED)):  # a NUL of the frame's own, or a hole twice or missing
        raise ValueError(f"page.html cannot frame {name}: {parts[1::2]}")
    return parts


def _hole(block: str) -> Callable[[Any], Iterator[str]]:
    """A block function that renders as the hole for ``block``."""
    return lambda _context: iter((f"\x00{block}\x00",))


def template(name: str) -> Template:
    """The template ``name`` (in ``kg/publish/templates/``), e.g. to call its macros from Python."""
    return _environment().get_template(name)


def static_files() -> dict[str, bytes]:
    """The site's static files (``kg/publish/static/``: style sheets, the language switch, the query page's script,
    and under ``vendor/`` the query editor's bundle and its licences) by relative path, in path order."""
    found: dict[str, bytes] = {}
    folders = [("", resources.files("kg.publish").joinpath("static"))]
    while folders:
        prefix, folder = folders.pop()
        for item in folder.iterdir():
            if item.is_file() and not item.name.startswith("."):  # an editor's swap file is not the site's
                found[prefix + item.name] = item.read_bytes()
            elif item.is_dir() and not item.name.startswith((".", "_")):
                folders.append((f"{prefix}{item.name}/", item))
    return dict(sorted(found.items()))
