"""The named query catalogue (``queries/*.rq``): each file's header checked, listing, finding, README."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, did_you_mean, shown
from kg.paths import QUERIES_DIR
from kg.query.sparql import Prepared, prepare, prepare_trusted
from kg.queryfile import read_query_file

__all__ = [
    "NAME",
    "PARAM_KINDS",
    "CatalogueQuery",
    "catalogue",
    "catalogue_readme",
    "find_query",
    "load_query",
]

PARAM_KINDS = ("iri", "literal", "integer")
_LIST = re.compile(r"\[\s*(?P<items>[^\]]*)\]")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""A parameter's (or a tag's) name."""
_KEYS = {"summary", "tags", "params"}


@dataclass(frozen=True)
class CatalogueQuery:
    """One ``.rq`` file: its slug, header fields and text.

    ``param_kinds`` maps each parameter to ``iri``, ``literal``, ``integer`` or a class CURIE such as
    ``govkg:Agency`` (an IRI, looked up by label among resources of that class). Other header keys
    (e.g. ``message_en`` of the ``*-violation.rq`` checks) are kept, unchecked, in ``extra``.
    """

    slug: str
    path: Path
    summary: str
    tags: tuple[str, ...]
    params: tuple[str, ...]
    text: str = field(repr=False)
    param_kinds: Mapping[str, str] = field(default_factory=dict)
    param_docs: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)

    def prepared(self) -> Prepared:
        """The parsed query (syntax errors name this file); one of govkg's own ``queries/`` is parsed by rdflib
        only when an engine needs it (:func:`kg.query.sparql.prepare_trusted`)."""
        if self.path.parent.resolve() == QUERIES_DIR.resolve():
            return prepare_trusted(self.text, source=self.path)
        return prepare(self.text, source=self.path)


def _parse_list(value: str, path: Path, line: int) -> tuple[str, ...]:
    match = _LIST.fullmatch(value.strip())
    if not match:
        raise InputError("expected a list like [a, b]", path=path, line=line)
    return tuple(item.strip() for item in match.group("items").split(",") if item.strip())


def load_query(path: Path, *, in_catalogue: bool = True) -> CatalogueQuery:
    """Read a query file and its ``#+ key: value`` header (summary, tags, params, param_<name>, others kept).

    A catalogue query must say ``summary``, ``tags`` and ``params``; a file of the user's own
    (``in_catalogue=False``) may leave any of them out, or have no header at all (no summary, no tags, no
    parameters). A malformed header line is an error in both.

    >>> from kg.paths import QUERIES_DIR
    >>> load_query(QUERIES_DIR / "agency-profile.rq").params
    ('agency',)
    """
    query_file = read_query_file(path)
    fields: dict[str, str] = {}
    kinds: dict[str, str] = {}
    docs: dict[str, str] = {}
    extra: dict[str, str] = {}
    for entry in query_file.entries:
        key, value, number = entry.key, entry.value, entry.line
        if key.startswith("param_"):
            kinds[key[6:]], docs[key[6:]] = _param_kind(value, path, number)
        else:
            if key in fields or key in extra:
                raise InputError(f"header key {key!r} given twice", path=path, line=number)
            _check_field(key, value, path, number)
            (fields if key in _KEYS else extra)[key] = value
    if not in_catalogue:
        fields = {"summary": "", "tags": "[]", "params": "[]", **fields}
    return _assemble(path, query_file.text, fields, kinds, docs, extra)


def _check_field(key: str, value: str, path: Path, line: int) -> None:
    if key in ("tags", "params"):
        for item in _parse_list(value, path, line):
            if not NAME.fullmatch(item.replace("-", "_")):
                raise InputError(f"bad {key} item {item!r}", path=path, line=line)


def _param_kind(value: str, path: Path, line: int) -> tuple[str, str]:
    kind, _, doc = value.partition("—")
    kind = kind.strip()
    if kind not in PARAM_KINDS and not re.fullmatch(r"[a-z]+:[A-Za-z]\w*", kind):
        raise InputError(f"parameter kind must be iri, literal, integer or a class CURIE, not {kind!r}",
                         path=path, line=line)
    return kind, doc.strip()


def _assemble(path: Path, text: str, fields: dict[str, str], kinds: dict[str, str],
              docs: dict[str, str], extra: dict[str, str]) -> CatalogueQuery:
    missing = sorted(_KEYS - set(fields))
    if missing:
        raise InputError(f"header lacks '#+ {missing[0]}:'", path=path, line=1)
    params = _parse_list(fields["params"], path, 1)
    stray = sorted(set(kinds) - set(params))
    if stray:
        raise InputError(f"param_{stray[0]} describes a parameter not in params", path=path)
    return CatalogueQuery(
        slug=path.stem, path=path, summary=fields["summary"], tags=_parse_list(fields["tags"], path, 1),
        params=params, text=text, param_kinds={p: kinds.get(p, "iri") for p in params},
        param_docs={p: docs.get(p, "") for p in params}, extra=extra,
    )


def catalogue(directory: Path = QUERIES_DIR) -> list[CatalogueQuery]:
    """Every ``*.rq`` in ``directory``, sorted by slug."""
    return [load_query(p) for p in sorted(directory.glob("*.rq"))]


def find_query(name: str, directory: Path = QUERIES_DIR) -> CatalogueQuery:
    """A catalogue query by slug, or any ``.rq`` file by path (its header optional, see :func:`load_query`).

    >>> find_query("agency-profil")
    Traceback (most recent call last):
    kg.errors.InputError: no query named 'agency-profil'; did you mean 'agency-profile'? (see kg query --list)
    """
    path = Path(name)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise InputError("no such query file", path=path)
        return load_query(path, in_catalogue=False)
    candidate = directory / f"{name}.rq"
    if not candidate.is_file():
        slugs = sorted(p.stem for p in directory.glob("*.rq"))
        raise InputError(f"no query named {shown(name)}{did_you_mean(name, slugs)} (see kg query --list)")
    return load_query(candidate)


def catalogue_readme(directory: Path = QUERIES_DIR) -> str:
    """The text of ``queries/README.md``, generated from the headers so the docs cannot drift."""
    lines = [
        "# The query catalogue",
        "",
        "Generated from the `#+` headers of `queries/*.rq` by `kg.query.catalogue.catalogue_readme()`;",
        "do not edit by hand.",
        "Run one with `kg query NAME [--param NAME=VALUE]... [--lang zh-Hant|zh-Hans|en]`; list them with",
        "`kg query --list`. Every query also binds `?lang` (the `--lang` value) for its label columns.",
        "",
        "Header format: `#+ summary: …`, `#+ tags: [a, b]`, `#+ params: [name]`, and optionally",
        "`#+ param_<name>: <kind> — <description>`, where kind is `iri` (default), `literal`, `integer` or a",
        "class CURIE such as `govkg:Agency` (an IRI; a label is looked up among resources of that class).",
        "",
        "Writing one for Oxigraph at scale (`benchmarks/README.md`, \"The catalogue at L\"): look a label up by a",
        "variable the engine can tell is bound on every row (a triple pattern's, a group key, `COALESCE(?x, \"\")`),",
        "never by one that an OPTIONAL, a UNION branch or a function may leave unbound: that OPTIONAL becomes a join",
        "without a key, every row against every label in the graph. Count first, label after. On the on-disk store",
        "`kg build` leaves, give each triple pattern of a large join its own subquery (`{ SELECT ?a ?b WHERE { ?a",
        "govkg:p ?b } }`): Oxigraph then hashes them together instead of one index look-up per row; sort on a key",
        "made once per resource where the resource has its own subquery (`BIND(CONCAT(STR(?x), \" \") AS ?key)`, the",
        "IRI's order, or slices `SUBSTR(STR(?x), 1, 16) SUBSTR(STR(?x), 17)` per row) rather than on the IRI, which",
        "is read back from disk at every comparison; and pick labels by `COALESCE` or `IF` of variables alone (a",
        "function among the arguments makes Oxigraph read every argument back). The tests keep each reshaped",
        "query's old text and compare the two (`tests/test_queries_reshaped.py`).",
        "",
        "| query | summary | tags | parameters |",
        "|---|---|---|---|",
    ]
    for q in catalogue(directory):
        params = "; ".join(f"`{p}` ({q.param_kinds[p]}){': ' + q.param_docs[p] if q.param_docs[p] else ''}"
                           for p in q.params)
        lines.append(f"| [`{q.slug}`]({q.path.name}) | {q.summary} | {', '.join(q.tags)} | {params or '—'} |")
    return "\n".join(lines) + "\n"
