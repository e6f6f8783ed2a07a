"""A catalogue query's parameters: ``--param NAME=VALUE`` options, and each value as the RDF term it names."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.errors import InputError, QueryError, did_you_mean, shown
from kg.namespaces import PREFIXES
from kg.query.catalogue import NAME, CatalogueQuery, find_query
from kg.query.sparql import parse_iri
from kg.query.store import Store

__all__ = ["check_names", "parse_param_options", "resolve_param"]

_LOOKUP = "lookup"
_CLASSES = "resource-classes"
_THEME = "govkg:CampaignTheme"


def _expand_curie(value: str) -> URIRef | None:
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return parse_iri(PREFIXES[prefix] + local)
    return None


def check_names(query: CatalogueQuery, params: Mapping[str, str]) -> None:
    """Refuse a parameter ``query`` does not take (naming the closest one), then one it needs and was not given."""
    takes = ", ".join(query.params) or "none"
    for name in params:
        if name not in query.param_kinds:
            raise QueryError(f"{query.slug}: no parameter {shown(name)}{did_you_mean(name, query.params)} "
                             f"(it takes: {takes})")
    missing = [p for p in query.params if p not in params]
    if missing:
        raise QueryError(f"{query.slug}: parameter {missing[0]!r} is required (--param {missing[0]}=…)")


def resolve_param(store: Store, query: CatalogueQuery, name: str, value: str) -> Identifier:
    """Turn ``value`` into the RDF term parameter ``name`` expects: an IRI, a CURIE, a label or a theme's number.

    An IRI or CURIE must be in the graph (and of the parameter's class, when it names one): one that is not is a
    ``QueryError`` rather than an empty answer.
    """
    if name not in query.param_kinds:
        check_names(query, {name: value})  # raises: no such parameter
    kind = query.param_kinds[name]
    if kind == "literal":
        return Literal(value)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise QueryError(f"parameter {name}: not an integer: {shown(value)}")
        return Literal(int(value))
    cls = None if kind == "iri" else _expand_curie(kind)
    if kind == _THEME:
        from kg.query.themes import theme_by_number, theme_number

        numbered = theme_number(value)
        if numbered is not None:
            return theme_by_number(store, name, value, *numbered)
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    try:
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value) or value.startswith("urn:"):
            iri: URIRef | None = parse_iri(value)
        else:
            iri = _expand_curie(value)
    except QueryError as exc:
        raise QueryError(f"parameter {name}: {exc}") from exc
    if iri is None:
        return _by_label(store, name, value, cls)
    _check_known(store, name, iri, cls, kind)
    return iri


def _check_known(store: Store, name: str, iri: URIRef, cls: URIRef | None, kind: str) -> None:
    rows = store.query(find_query(_CLASSES).prepared(), {"resource": iri}).rows
    if not rows:
        raise QueryError(f"parameter {name}: nothing in the graph has the IRI {shown(str(iri))}")
    if cls is not None and cls not in {row[0] for row in rows}:
        raise QueryError(f"parameter {name}: {shown(str(iri))} is in the graph but is no {kind}")


def _script_variants(value: str) -> list[str]:
    from kg.ingest.script import to_hans, to_hant

    return list(dict.fromkeys([value, to_hant(value), to_hans(value)]))


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
        raise QueryError(f"parameter {name}: nothing in the graph has the label {shown(value)}")
    if len(found) > 1:
        names = ", ".join(sorted(str(r) for r in found)[:5]) + (" …" if len(found) > 5 else "")
        raise QueryError(f"parameter {name}: label {shown(value)} is ambiguous ({names}); give an IRI")
    return next(iter(found))


def parse_param_options(options: Sequence[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings from ``--param`` into a dict (the value may hold any character)."""
    out: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not NAME.fullmatch(name):
            raise InputError(f"--param wants NAME=VALUE, got {shown(option)}")
        out[name] = value
    return out
