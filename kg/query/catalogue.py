"""The named query catalogue (``queries/*.rq``): headers, listing, parameter binding, running, README."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.errors import InputError, QueryError
from kg.namespaces import PREFIXES
from kg.paths import QUERIES_DIR
from kg.query.sparql import Prepared, parse_iri, prepare
from kg.query.store import DEFAULT_LIMIT, QueryResult, Store
from kg.queryfile import read_query_file

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "PARAM_KINDS",
    "CatalogueQuery",
    "catalogue",
    "catalogue_readme",
    "default_jobs",
    "find_query",
    "load_query",
    "resolve_param",
    "run_catalogue",
    "run_query",
]

LANGS = ("zh-Hant", "zh-Hans", "en")
DEFAULT_LANG = "zh-Hant"
PARAM_KINDS = ("iri", "literal", "integer")
_LIST = re.compile(r"\[\s*(?P<items>[^\]]*)\]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYS = {"summary", "tags", "params"}
_LOOKUP = "lookup"


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
        """The parsed query (syntax errors name this file)."""
        return prepare(self.text, source=self.path)


def _parse_list(value: str, path: Path, line: int) -> tuple[str, ...]:
    match = _LIST.fullmatch(value.strip())
    if not match:
        raise InputError("expected a list like [a, b]", path=path, line=line)
    return tuple(item.strip() for item in match.group("items").split(",") if item.strip())


def load_query(path: Path) -> CatalogueQuery:
    """Read a query file and its ``#+ key: value`` header (summary, tags, params, param_<name>, others kept).

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
    return _assemble(path, query_file.text, fields, kinds, docs, extra)


def _check_field(key: str, value: str, path: Path, line: int) -> None:
    if key in ("tags", "params"):
        for item in _parse_list(value, path, line):
            if not _NAME.fullmatch(item.replace("-", "_")):
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
    """A catalogue query by slug, or any ``.rq`` file by path."""
    path = Path(name)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise InputError("no such query file", path=path)
        return load_query(path)
    candidate = directory / f"{name}.rq"
    if not candidate.is_file():
        raise InputError(f"no query named {name!r} (see kg query --list)")
    return load_query(candidate)


def _expand_curie(value: str) -> URIRef | None:
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return parse_iri(PREFIXES[prefix] + local)
    return None


def resolve_param(store: Store, query: CatalogueQuery, name: str, value: str) -> Identifier:
    """Turn ``value`` into the RDF term parameter ``name`` expects: an IRI, a CURIE or a label."""
    kind = query.param_kinds.get(name)
    if kind is None:
        takes = ", ".join(query.params) or "none"
        raise QueryError(f"{query.slug}: no parameter {name!r} (it takes: {takes})")
    if kind == "literal":
        return Literal(value)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise QueryError(f"parameter {name}: not an integer: {value!r}")
        return Literal(int(value))
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    try:
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value) or value.startswith("urn:"):
            return parse_iri(value)
        curie = _expand_curie(value)
    except QueryError as exc:
        raise QueryError(f"parameter {name}: {exc}") from exc
    if curie is not None:
        return curie
    return _by_label(store, name, value, None if kind == "iri" else _expand_curie(kind))


@functools.lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def _script_variants(value: str) -> list[str]:
    try:
        variants = [value, _converter("s2t").convert(value), _converter("t2s").convert(value)]
    except (ImportError, RuntimeError):
        variants = [value]
    return list(dict.fromkeys(variants))


def _by_label(store: Store, name: str, value: str, cls: URIRef | None) -> URIRef:
    lookup = find_query(_LOOKUP).prepared()
    found: dict[URIRef, set[Identifier]] = {}
    for text in _script_variants(value):
        for resource, klass in store.query(lookup, {"label": Literal(text)}).rows:
            if isinstance(resource, URIRef):
                classes = found.setdefault(resource, set())
                if klass is not None:
                    classes.add(klass)
    if cls is not None:
        found = {r: c for r, c in found.items() if cls in c}
    if not found:
        raise QueryError(f"parameter {name}: {value!r} is not an IRI and no resource has this label")
    if len(found) > 1:
        names = ", ".join(sorted(str(r) for r in found))
        raise QueryError(f"parameter {name}: label {value!r} is ambiguous ({names}); give an IRI")
    return next(iter(found))


def run_query(
    store: Store,
    query: CatalogueQuery,
    params: Mapping[str, str] | None = None,
    *,
    lang: str = DEFAULT_LANG,
    limit: int = DEFAULT_LIMIT,
    allow_federation: bool = False,
) -> QueryResult:
    """Bind ``params`` (and ``?lang``) as RDF terms and run ``query`` on ``store``."""
    prepared, bindings = _bind(store, query, params, lang)
    return store.query(prepared, bindings, limit=limit, allow_federation=allow_federation)


def _bind(
    store: Store, query: CatalogueQuery, params: Mapping[str, str] | None, lang: str
) -> tuple[Prepared, dict[str, Identifier]]:
    """The parsed query and its parameters as RDF terms (labels looked up in ``store``)."""
    if lang not in LANGS:
        raise QueryError(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    params = dict(params or {})
    missing = [p for p in query.params if p not in params]
    if missing:
        raise QueryError(f"{query.slug}: parameter {missing[0]!r} is required (--param {missing[0]}=…)")
    prepared = query.prepared()
    bindings = {name: resolve_param(store, query, name, value) for name, value in params.items()}
    if "lang" in prepared.variables and "lang" not in bindings:
        bindings["lang"] = Literal(lang)
    return prepared, bindings


def default_jobs() -> int:
    """How many catalogue queries to evaluate at once: one per core this process may use, at most four."""
    from kg.limits import cpus

    return max(1, min(4, cpus()))


def run_catalogue(
    store: Store,
    queries: Sequence[CatalogueQuery],
    params: Mapping[str, Mapping[str, str]] | None = None,
    *,
    lang: str = DEFAULT_LANG,
    limit: int = DEFAULT_LIMIT,
    jobs: int | None = None,
) -> Iterator[tuple[CatalogueQuery, QueryResult]]:
    """Answer ``queries`` (``params`` maps a slug to its parameters) and yield each with its result, in order.

    Every query is parsed and its parameters looked up first, in this thread (rdflib's parser makes no
    promise about threads), so a mistake in any of them is reported before anything runs. On a store whose
    evaluation releases the GIL (embedded Oxigraph) up to ``jobs`` queries then run at once in threads;
    elsewhere one after another. The first error, in catalogue order, is raised when its query is reached;
    queries not yet started are cancelled.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise QueryError(f"jobs must be at least 1, not {jobs}")
    params = params or {}
    bound = [(query, *_bind(store, query, params.get(query.slug), lang)) for query in queries]
    if jobs == 1 or not store.concurrent or len(bound) < 2:
        for query, prepared, bindings in bound:
            yield query, store.query(prepared, bindings, limit=limit)
        return
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="kg-query") as pool:
        futures = [(query, pool.submit(store.query, prepared, bindings, limit=limit))
                   for query, prepared, bindings in bound]
        try:
            for query, future in futures:
                yield query, future.result()
        finally:
            for _, future in futures:
                future.cancel()


def parse_param_options(options: Sequence[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings from ``--param`` into a dict (the value may hold any character)."""
    out: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not _NAME.fullmatch(name):
            raise InputError(f"--param wants NAME=VALUE, got {option!r}")
        out[name] = value
    return out


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
        "| query | summary | tags | parameters |",
        "|---|---|---|---|",
    ]
    for q in catalogue(directory):
        params = "; ".join(f"`{p}` ({q.param_kinds[p]}){': ' + q.param_docs[p] if q.param_docs[p] else ''}"
                           for p in q.params)
        lines.append(f"| [`{q.slug}`]({q.path.name}) | {q.summary} | {', '.join(q.tags)} | {params or '—'} |")
    return "\n".join(lines) + "\n"
