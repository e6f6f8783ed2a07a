"""Answer catalogue queries: bind their parameters (and ``?lang``) as RDF terms, run one, or many at once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from rdflib import Literal
from rdflib.term import Identifier

from kg.errors import QueryError
from kg.langs import OWN_SCRIPT, majority_script, parse_lang
from kg.query.catalogue import CatalogueQuery, find_query
from kg.query.params import check_names, resolve_param
from kg.query.sparql import Prepared
from kg.query.store import DEFAULT_LIMIT, QueryResult, Store

__all__ = ["DEFAULT_LANG", "default_jobs", "label_lang", "own_script", "run_catalogue", "run_query"]

DEFAULT_LANG = OWN_SCRIPT  # labels in the script most reports are written in


def run_query(
    store: Store,
    query: CatalogueQuery,
    params: Mapping[str, str] | None = None,
    *,
    lang: str = DEFAULT_LANG,
    limit: int = DEFAULT_LIMIT,
    allow_federation: bool = False,
) -> QueryResult:
    """Bind ``params`` (and ``?lang``, see :func:`label_lang`) as RDF terms and run ``query`` on ``store``."""
    prepared, bindings = _bind(store, query, params, label_lang(store, lang))
    return store.query(prepared, bindings, limit=limit, allow_federation=allow_federation)


def _bind(
    store: Store, query: CatalogueQuery, params: Mapping[str, str] | None, lang: str
) -> tuple[Prepared, dict[str, Identifier]]:
    """The parsed query and its parameters as RDF terms (labels looked up in ``store``)."""
    params = dict(params or {})
    check_names(query, params)
    prepared = query.prepared()
    bindings = {name: resolve_param(store, query, name, value) for name, value in params.items()}
    if "lang" in prepared.variables and "lang" not in bindings:
        bindings["lang"] = Literal(lang)
    return prepared, bindings


def own_script(store: Store) -> str:
    """The script most of the graph's reports are written in: ``zh-Hant`` or ``zh-Hans`` (``zh-Hant`` on a tie)."""
    rows = store.query(find_query("report-scripts").prepared(), {}).rows
    return majority_script({str(script): int(str(reports)) for script, reports in rows})  # any case (zh-hant)


def label_lang(store: Store, lang: str) -> str:
    """The language tag of the labels to show for ``--lang``: ``lang`` in any case, ``zh`` the reports' own script."""
    lang = parse_lang(lang)
    return own_script(store) if lang == OWN_SCRIPT else lang


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

    Every query is prepared (parsed, or read by the lexer for a catalogue query:
    :func:`kg.query.sparql.prepare_trusted`) and its parameters looked up first, in this thread (rdflib's parser
    makes no promise about threads), so a mistake in any of them is reported before anything runs. On a store whose
    evaluation releases the GIL (embedded Oxigraph) up to ``jobs`` queries then run at once in threads;
    elsewhere one after another. The first error, in catalogue order, is raised when its query is reached;
    queries not yet started are cancelled.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise QueryError(f"jobs must be at least 1, not {jobs}")
    params = params or {}
    lang = label_lang(store, lang)
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
