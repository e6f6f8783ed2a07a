"""The data the site and the server show, read once: RDF files through the one door (:mod:`kg.rdf.read`), or
everything a SPARQL endpoint holds; as an rdflib graph or as an in-memory pyoxigraph store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph

__all__ = ["load_graph", "load_store"]


def load_graph(paths: Sequence[Path], endpoint: str | None = None, graph_iri: str | None = None) -> Graph:
    """The graph the pages show: RDF files read through :mod:`kg.rdf.read`, or everything an endpoint holds."""
    if endpoint:
        from kg.query.endpoint import EndpointStore

        graph: Graph = EndpointStore(endpoint, graph=graph_iri).to_graph()
        return graph
    from kg.publish.dataset import read_graph

    return read_graph(paths)


def load_store(paths: Sequence[Path], endpoint: str | None = None, graph_iri: str | None = None) -> Any:
    """The data the pages show as an in-memory pyoxigraph ``Store``: RDF files through the checked door
    (:func:`kg.rdf.load.load_into`: the checks of :mod:`kg.rdf.read`, nothing fetched, Turtle parsed by the engine
    itself), or everything an endpoint holds."""
    import pyoxigraph as ox

    from kg.errors import InputError
    from kg.publish.view import to_store
    from kg.rdf.load import load_into

    if endpoint:
        return to_store(load_graph(paths, endpoint, graph_iri))
    store = ox.Store()
    for path in paths:
        if not path.is_file():
            raise InputError("no such file", path=path)
        load_into(store, path, bulk=True)
    return store
