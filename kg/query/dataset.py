"""Open a store by engine, location or endpoint holding the data a command names (or data/kg.ttl)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from kg.errors import InputError, StoreError
from kg.query.endpoint import EndpointStore
from kg.query.local import OxigraphStore, RdflibStore
from kg.query.reasoning import materialise_closure, ontology_graph
from kg.query.store import Store

__all__ = ["ENGINES", "open_dataset", "open_store"]

ENGINES = ("oxigraph", "rdflib")


def open_store(
    engine: str = "oxigraph",
    *,
    location: Path | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
) -> Store:
    """Open a store: an endpoint if ``endpoint`` is given, else the embedded ``engine``.

    Oxigraph keeps its data on disk in ``location`` when given.

    >>> open_store("rdflib").engine
    'rdflib'
    """
    if endpoint:
        return EndpointStore(endpoint, graph=graph)
    if engine == "rdflib":
        if location is not None:
            raise InputError("--store DIR needs the oxigraph engine")
        return RdflibStore()
    if engine != "oxigraph":
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return OxigraphStore(location)


def open_dataset(
    data: Sequence[Path] = (),
    *,
    engine: str = "oxigraph",
    location: Path | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    reason: bool = False,
    memory: bool = False,
) -> Store:
    """Open a store holding ``data`` (default: ``data/kg.ttl``), or the endpoint's.

    On embedded Oxigraph the graph is read from a ready store (:mod:`kg.query.ready`), opened read-only: with no
    ``data`` and no ``location``, the default graph's own, beside it (``data/.kg.ttl.store/``); with ``location``
    (``--store DIR``), that folder's, which holds exactly ``data`` when given, else the files it was made from
    (else ``data/kg.ttl``), made again whenever they change, never added to. Either is made when missing or stale.
    Files named in ``data`` without ``location`` are read into memory through the checked door, as is everything
    for rdflib and for ``reason``, which adds the subclass/subproperty closure over the ontology (local stores
    only). ``memory`` reads the default graph into memory too: a job that asks many questions (``kg run``'s
    catalogue) answers them several times faster there than on the on-disk store, once the load is paid.
    """
    from kg.paths import KG_FILE

    if endpoint:
        if data or reason:
            raise InputError("--data and --reason need a local store; load a remote one with kg push")
        return open_store(engine, endpoint=endpoint, graph=graph)
    if location is not None and (engine != "oxigraph" or reason):
        raise InputError("--store DIR needs the oxigraph engine and holds exactly its graph (no --reason)")
    if engine == "oxigraph" and not reason and not memory and (location is not None or not data):
        from kg.query.ready import made_from, store_home

        if location is not None:
            return _ready(location, list(data) or made_from(location) or [KG_FILE])
        if not KG_FILE.is_file():
            raise InputError("no such file", path=KG_FILE)
        try:
            return _ready(store_home(KG_FILE), [KG_FILE])
        except StoreError:
            pass  # a folder we cannot write to: read the graph into memory, as below
    store = open_store(engine)
    if data:
        store.load(data)
    else:
        from kg.limits import own_output

        with own_output(KG_FILE):
            store.load([KG_FILE])
    if reason:
        store.add_graph(materialise_closure(store.to_graph(), ontology_graph()))
    return store


def _ready(home: Path, paths: Sequence[Path]) -> Store:
    """The ready store in ``home`` holding exactly ``paths`` (made through the checked door when needed)."""
    from kg.limits import own_output, size_limit_now
    from kg.paths import KG_FILE
    from kg.query.ready import open_ready

    for path in paths:
        if not path.is_file():
            raise InputError("no such file", path=path)
    default = KG_FILE.resolve()
    limits = []
    for path in paths:
        with own_output(path) if path.resolve() == default else contextlib.nullcontext():
            limits.append(size_limit_now())
    return open_ready(home, paths, limits)
