"""The site read from a pyoxigraph store: the same bytes as from rdflib, language tags in their case, the fast
JSON-LD and Turtle equal to PyLD's and rdflib's, workers equal to one process, and a rebuild that writes only what
changed and removes what is gone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.namespaces import GOVKG, ID, RDF, RDFS, SKOS
from kg.paths import KG_FILE
from kg.publish.fastld import document_jsonld
from kg.publish.fastttl import document_turtle
from kg.publish.load import load_store
from kg.publish.site import Site
from kg.publish.staticsite import write_site
from kg.publish.view import to_store
from kg.rdf.jsonld import to_jsonld

AMR, MPA = "agency/js-amr", "agency/js-mpa"


@pytest.fixture(scope="module")
def store_site() -> Site:
    return Site(load_store([KG_FILE]))


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


# -- the same bytes as the rdflib graph gave ---------------------------------------------------------------------


def test_every_file_is_the_one_the_rdflib_graph_gives(seed_graph: Graph, store_site: Site, tmp_path: Path) -> None:
    write_site(Site(seed_graph), tmp_path / "rdflib", jobs=1)
    write_site(store_site, tmp_path / "store", jobs=1)
    old, new = _tree(tmp_path / "rdflib"), _tree(tmp_path / "store")
    assert sorted(old) == sorted(new)
    assert [name for name in old if old[name] != new[name]] == []


def test_fast_json_ld_and_turtle_equal_pyld_and_rdflib_on_every_seed_document(store_site: Site) -> None:
    for path in store_site.documents():
        graph = store_site.describe(path)
        assert document_jsonld(graph, store_site._context) == to_jsonld(graph, store_site._context), path
        assert document_turtle(graph) == graph.serialize(format="turtle", encoding="utf-8"), path


def _odd() -> Graph:
    """What the fast writers leave to PyLD and rdflib: a blank node, a literal under an @id term, doubles, several
    typed values of one property, a plain string under a language map, an IRI under a plain term, an unknown
    predicate namespace."""
    g = Graph()
    x = URIRef(ID + "agency/xx-odd")
    g.add((x, RDF.type, GOVKG.Agency))
    g.add((x, GOVKG.conductedBy, Literal("not an IRI")))
    g.add((x, GOVKG.degree, Literal("1.5e0", datatype=XSD.double)))
    g.add((x, GOVKG.month, Literal("3", datatype=XSD.integer)))
    g.add((x, GOVKG.month, Literal("12", datatype=XSD.integer)))
    g.add((x, SKOS.prefLabel, Literal("no language")))
    g.add((x, GOVKG.sha256, URIRef("http://example.org/iri")))
    g.add((x, URIRef("http://example.org/vocab/p"), Literal("x", lang="en-GB")))
    g.add((x, RDFS.label, Literal("Odd", lang="en")))
    return g


@pytest.mark.parametrize("part", range(9))
def test_fast_writers_equal_the_reference_ones_on_odd_documents(part: int) -> None:
    triples = sorted(_odd())
    graph = Graph()
    graph.add((URIRef(ID + "agency/xx-odd"), RDF.type, GOVKG.Agency))
    graph.add(triples[part])  # each odd statement alone beside the type
    site = Site(graph)
    described = site.describe("agency/xx-odd")
    assert document_jsonld(described, site._context) == to_jsonld(described, site._context)
    assert document_turtle(described) == described.serialize(format="turtle", encoding="utf-8")


# -- language tags and datatypes the store does not keep ----------------------------------------------------------


def test_language_tags_keep_their_case_through_the_store() -> None:
    g = Graph()
    x = URIRef(ID + "agency/xx-tags")
    g.add((x, RDF.type, GOVKG.Agency))
    g.add((x, SKOS.prefLabel, Literal("江蘇", lang="zh-Hant")))
    g.add((x, SKOS.prefLabel, Literal("江苏", lang="zh-Hans")))
    g.add((x, SKOS.altLabel, Literal("Jiangsu", lang="en-GB")))
    site = Site(to_store(g))  # Oxigraph keeps zh-hant, zh-hans, en-gb
    page = _page(site, "agency/xx-tags")
    assert '<h1><span class="l lt le" lang="zh-Hant">江蘇</span><span class="l ls" lang="zh-Hans">江苏</span></h1>' \
        in page and 'lang="zh-Hans"' in page and 'lang="en-GB"' in page
    assert 'lang="zh-hant"' not in page and 'lang="en-gb"' not in page
    turtle = site.rdf_document("agency/xx-tags", "ttl").decode()
    assert '"江蘇"@zh-Hant' in turtle and '"Jiangsu"@en-GB' in turtle and "@zh-hant" not in turtle
    data = json.loads(site.rdf_document("agency/xx-tags", "jsonld"))
    assert data["prefLabel"] == {"zh-Hans": "江苏", "zh-Hant": "江蘇"} and data["altLabel"] == {"en-GB": "Jiangsu"}
    assert 'xml:lang="zh-Hant"' in site.rdf_document("agency/xx-tags", "rdf").decode()
    assert '"江蘇"@zh-Hant' in site.rdf_document("agency/xx-tags", "nt").decode()


def _page(site: Site, path: str) -> str:
    from kg.publish.pages import resource_page

    return resource_page(site, path)


def test_evidence_offsets_keep_their_datatype_through_the_store(store_site: Site) -> None:
    turtle = store_site.rdf_document("activity/js-2022-qm/01/evidence", "ttl").decode()
    assert 'oa:start "213"^^xsd:nonNegativeInteger' in turtle  # the store alone gives back xsd:integer


# -- workers, and a rebuild that writes only what changed ---------------------------------------------------------


def test_workers_write_the_bytes_one_process_writes(store_site: Site, tmp_path: Path) -> None:
    write_site(store_site, tmp_path / "one", jobs=1)
    write_site(store_site, tmp_path / "two", jobs=2)
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")


def test_a_changed_label_rewrites_only_the_files_that_show_it(seed_graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(Site(to_store(seed_graph)), out, jobs=1)
    before, inodes = _tree(out), _inodes(out)
    changed = Graph()
    for triple in seed_graph:
        changed.add(triple)
    iri = URIRef(ID + MPA)
    old_label = next(o for o in changed.objects(iri, SKOS.prefLabel) if o.language == "zh-Hant")
    changed.remove((iri, SKOS.prefLabel, old_label))
    changed.add((iri, SKOS.prefLabel, Literal("江蘇省藥品監督管理局（新）", lang="zh-Hant")))
    result = write_site(Site(to_store(changed)), out, jobs=2)
    write_site(Site(to_store(changed)), tmp_path / "fresh", jobs=1)
    after, fresh = _tree(out), _tree(tmp_path / "fresh")
    assert after == fresh  # an update gives the tree a fresh run gives
    differ = {name for name in after if before.get(name) != after[name]}
    rewritten = {name for name, inode in _inodes(out).items() if inodes.get(name) != inode}
    assert rewritten == differ and result.written == len(differ) and result.removed == 0
    assert {f"id/{MPA}.{ext}" for ext in ("html", "ttl", "jsonld", "nt", "rdf")} <= differ
    assert f"id/{AMR}.html" in differ  # js-mpa is under js-amr: its page shows the new label
    assert "class/agencies.html" in differ
    assert f"id/{AMR}.ttl" not in differ and "id/activity/js-2022-qm/01.html" not in differ
    assert len(differ) < 20


def test_a_removed_resource_loses_its_files(seed_graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(Site(to_store(seed_graph)), out, jobs=1)
    products = sorted({s for s in seed_graph.subjects(RDF.type, GOVKG.RegulatedProduct)}, key=str)
    gone = products[0]
    smaller = Graph()
    for s, p, o in seed_graph:
        if gone not in (s, o):
            smaller.add((s, p, o))
    path = str(gone)[len(ID):]
    (out / "id" / "product" / "stray.tmp").write_bytes(b"left by a crash")
    result = write_site(Site(to_store(smaller)), out, jobs=1)
    write_site(Site(to_store(smaller)), tmp_path / "fresh", jobs=1)
    assert _tree(out) == _tree(tmp_path / "fresh")
    assert not (out / "id" / f"{path}.html").exists() and result.removed == 6


def test_the_progress_bar_is_drawn_on_a_terminal_only() -> None:
    import io

    from kg.pipeline import site_progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert site_progress(io.StringIO()) is None  # not a terminal: nothing
    screen = Terminal()
    bar = site_progress(screen)
    assert bar is not None
    bar(256, 1024)
    bar(1024, 1024)
    lines = screen.getvalue().split("\r")
    assert lines[1].startswith("site: [#######  ") and "256/1,024 documents" in lines[1]
    assert lines[2].startswith("site: [" + "#" * 30 + "]") and lines[2].endswith("\n")
