"""Open a store by engine, location or endpoint, and fill it with the data a command names (or data/kg.ttl)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.errors import InputError
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
) -> Store:
    """Open a store and fill it: ``data`` files, else ``data/kg.ttl`` unless the store already holds triples.

    ``reason`` adds the subclass/subproperty closure over the ontology (local stores only).
    """
    from kg.paths import KG_FILE

    store = open_store(engine, location=location, endpoint=endpoint, graph=graph)
    if endpoint:
        if data or reason:
            raise InputError("--data and --reason need a local store; load a remote one with kg push")
        return store
    if data:
        store.load(data)
    elif not store.query("ASK { ?s ?p ?o }").boolean:
        from kg.limits import own_output

        with own_output(KG_FILE):
            store.load([KG_FILE])
    if reason:
        store.add_graph(materialise_closure(store.to_graph(), ontology_graph()))
    return store
