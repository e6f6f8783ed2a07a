"""kg.rdf.load.load_into (the engine parses, the door checks what it does not) against kg.rdf.read.read_quads:
the same graph for every file it accepts, the same refusal, in the same words at the same place, for every other."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.rdf.load import load_into
from kg.rdf.read import from_oxigraph, read_quads
from tests.repo import ROOT

EX = "http://example.org/"
GOOD = {
    "seed.ttl": (ROOT / "data" / "kg.ttl").read_bytes(),
    "blank.ttl": f'_:b <{EX}p> "x"@zh-Hant .\n<{EX}a> <{EX}q> [ <{EX}p> ( 1 2 ( 3 ) ) ] .\n'.encode(),
    "bom.nt": b"\xef\xbb\xbf" + f"<{EX}a> <{EX}p> \"caf\u00e9\" .\n".encode(),
    "graphs.trig": f"<{EX}g> {{ <{EX}a> <{EX}p> <{EX}b> }}\n".encode(),
    "quads.nq": f"<{EX}a> <{EX}p> <{EX}b> <{EX}g> .\n".encode(),
    "strings.ttl": f'<{EX}a> <{EX}p> "{"[" * 500}" .\n# {"(" * 500}\n'.encode(),
    "data.rdf": (f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="{EX}">'
                 f'<rdf:Description rdf:about="{EX}a"><ex:p>x</ex:p></rdf:Description></rdf:RDF>').encode(),
}
BAD = {
    "relative.ttl": f"<a> <{EX}p> <{EX}b> .".encode(),
    "space.ttl": f"<{EX}a b> <{EX}p> <{EX}b> .".encode(),
    "escaped-space.nt": f"<{EX}a\\u0020b> <{EX}p> <{EX}b> .".encode(),
    "brace.ttl": f"<{EX}a{{> <{EX}p> <{EX}b> .".encode(),
    "control.ttl": f"<{EX}a\x01> <{EX}p> <{EX}b> .".encode(),
    "surrogate.ttl": f'<{EX}a> <{EX}p> "\\uD800" .'.encode(),
    "latin1.ttl": f'<{EX}a> <{EX}p> "caf'.encode() + b'\xe9" .',
    "latin1-comment.ttl": b"# caf\xe9\n" + f"<{EX}a> <{EX}p> <{EX}b> .".encode(),
    "syntax.ttl": f'<{EX}a> <{EX}p> "x" ;\n    <{EX}q> oops .\n'.encode(),
    "deep.ttl": (f"<{EX}a> <{EX}p>\n" + f"[ <{EX}p> " * 200 + "1" + " ]" * 200 + " .").encode(),
    "deep-list.ttl": (f"<{EX}a> <{EX}p> " + "(" * 200 + ")" * 200 + " .").encode(),
    "doctype.rdf": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><rdf:RDF/>',
}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _quads(store: ox.Store) -> tuple[Graph, list[tuple[str, int]]]:
    """The store's triples (graphs merged) and each graph's name and size: enough to compare up to blank nodes."""
    graph = Graph()
    sizes: dict[str, int] = {}
    for quad in store:
        graph.add(tuple(from_oxigraph(t) for t in (quad.subject, quad.predicate, quad.object)))  # type: ignore
        sizes[str(quad.graph_name)] = sizes.get(str(quad.graph_name), 0) + 1
    return graph, sorted(sizes.items())


@pytest.mark.parametrize("bulk", [False, True], ids=["load", "bulk"])
@pytest.mark.parametrize("name", GOOD)
def test_the_same_graph_as_the_door(tmp_path: Path, name: str, bulk: bool) -> None:
    path = _write(tmp_path, name, GOOD[name])
    store = ox.Store(str(tmp_path / "store")) if bulk else ox.Store()
    load_into(store, path, bulk=bulk)
    door = ox.Store()
    door.extend(read_quads(path))
    (mine, mine_sizes), (theirs, their_sizes) = _quads(store), _quads(door)
    assert isomorphic(mine, theirs) and mine_sizes == their_sizes


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    path = _write(tmp_path, "b.ttl", f'_:b <{EX}p> "x" .\n'.encode())
    store = ox.Store()
    load_into(store, path)
    load_into(store, path)
    assert len({q.subject for q in store}) == 2


@pytest.mark.parametrize("bulk", [False, True], ids=["load", "bulk"])
@pytest.mark.parametrize("name", BAD)
def test_the_same_refusal_as_the_door(tmp_path: Path, name: str, bulk: bool) -> None:
    path = _write(tmp_path, name, BAD[name])
    with pytest.raises(InputError) as door:
        read_quads(path)
    store = ox.Store(str(tmp_path / "store")) if bulk else ox.Store()
    with pytest.raises(InputError) as mine:
        load_into(store, path, bulk=bulk)
    assert str(mine.value) == str(door.value)
    if not bulk:
        assert len(store) == 0  # load is one transaction: nothing of a refused file stays


def test_the_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.nt", f'<{EX}a> <{EX}p> "x" .\n'.encode() * 10)
    with pytest.raises(InputError, match="larger than the limit of 100 bytes"):
        load_into(ox.Store(), path, max_bytes=100)
