"""A catalogue query's parameters: ``--param NAME=VALUE`` options, and each value as the RDF term it names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.errors import InputError, QueryError
from kg.namespaces import PREFIXES
from kg.query.catalogue import NAME, CatalogueQuery, find_query
from kg.query.sparql import parse_iri
from kg.query.store import Store

__all__ = ["parse_param_options", "resolve_param"]

_LOOKUP = "lookup"


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
        raise QueryError(f"parameter {name}: {value!r} is not an IRI and no resource has this label")
    if len(found) > 1:
        names = ", ".join(sorted(str(r) for r in found))
        raise QueryError(f"parameter {name}: label {value!r} is ambiguous ({names}); give an IRI")
    return next(iter(found))


def parse_param_options(options: Sequence[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings from ``--param`` into a dict (the value may hold any character)."""
    out: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not NAME.fullmatch(name):
            raise InputError(f"--param wants NAME=VALUE, got {option!r}")
        out[name] = value
    return out
