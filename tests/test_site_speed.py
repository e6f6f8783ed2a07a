"""The site's shortcuts give what the general code gives: links, indented JSON, the script block, a store's reads,
and the counts of a run (issue 17: the same bytes, less work)."""

from __future__ import annotations

import json
import os
import posixpath
import random
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.paths import KG_FILE
from kg.publish.fastld import indented
from kg.publish.html import json_text_for_script
from kg.publish.load import load_store
from kg.publish.site import Site
from kg.publish.staticsite import write_site
from kg.publish.view import StoreGraph, _object, _rdflib
from kg.slugs import relative

_SEGMENTS = ["id", "agency", "a", "b-c", "class", "ontology", "x.html", "index.html", "c#d", "e#f/g", ".", ".."]


def test_relative_is_relpath_without_the_current_folder() -> None:
    rng = random.Random(17)  # noqa: S311 (test data, not secrets)
    for _ in range(20_000):
        target = "/".join(rng.choice(_SEGMENTS) for _ in range(rng.randint(1, 5)))
        folder = "/".join(rng.choice(_SEGMENTS) for _ in range(rng.randint(0, 4)))
        assert relative(target, folder) == posixpath.relpath(target, folder or "."), (target, folder)
    assert relative("id/agency/js-amr.html", "id/activity/js-2022-qm") == "../../agency/js-amr.html"  # by hand
    assert relative("id/a.html", "id") == "a.html" and relative("class", "class") == "."


def _value(rng: random.Random, depth: int) -> Any:
    pick = rng.random()
    if depth > 3 or pick < 0.3:
        return rng.choice(["", "a", 'quote " and \\ back', "line\nbreak\u2028<&>", "中文 繁體", "\x00\x1f"])
    if pick < 0.4:
        return rng.choice([0, -7, 2**60, True, False])
    if pick < 0.7:
        return {rng.choice(["@id", "k", "é", '"q"', ""]): _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]


def test_indented_json_is_json_dumps_with_an_indent_of_two() -> None:
    rng = random.Random(2)  # noqa: S311 (test data, not secrets)
    for _ in range(5_000):
        value = _value(rng, 0)
        assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert indented({"a": [1, {}]}) == '{\n  "a": [\n    1,\n    {}\n  ]\n}'  # written out by hand
    assert indented([1.5, None]) == json.dumps([1.5, None], indent=2)  # left to the standard library


def test_the_script_block_is_the_same_with_a_remembered_head() -> None:
    head = json.dumps({"@context": {"a": "http://x/#", "b": {"@id": "a:b"}}}, indent=2)[:-2]
    rests = (',\n  "@id": "x",\n  "a": "<&>"\n}\n', "\n}\n", ',\n  "@graph": [\n    {\n      "@id": "y"\n    }\n  ]\n}')
    for rest in rests:
        assert json_text_for_script(head + rest, head) == json_text_for_script(head + rest)
    assert json_text_for_script('{"a": 1}', "{}") == json_text_for_script('{"a": 1}')  # a head it does not begin with


def test_a_stores_reads_through_its_remembered_subjects_are_its_pattern_lookups() -> None:
    store = load_store([KG_FILE])
    graph = StoreGraph(store)
    subjects = sorted({q.subject for q in store.quads_for_pattern(None, None, None, None)
                       if isinstance(q.subject, ox.NamedNode)}, key=str)[::7]
    assert len(subjects) > 50
    for subject in subjects:
        s = _rdflib(subject)
        quads = list(store.quads_for_pattern(subject, None, None, None))
        assert list(graph.predicate_objects(s)) == [(_rdflib(q.predicate), _object(q)) for q in quads]
        assert list(graph.predicates(s)) == [_rdflib(q.predicate) for q in quads]
        for p in {q.predicate for q in quads}:
            expected = [_object(q) for q in store.quads_for_pattern(subject, p, None, None)]
            assert list(graph.objects(s, _rdflib(p))) == expected  # the same objects in the same order
            assert all((s, _rdflib(p), o) in graph for o in expected)
        assert (s, _rdflib(quads[0].predicate), _rdflib(ox.Literal("not there"))) not in graph


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_counts_the_files_it_wrote_and_removed(tmp_path: Path, jobs: int) -> None:
    site = Site(load_store([KG_FILE]))
    out = tmp_path / "site"
    first = write_site(site, out, jobs=jobs)
    on_disk = sum(len(names) for _, _, names in os.walk(out))
    assert first.files == first.written == on_disk and first.removed == 0
    (out / "id" / "stale.html").write_text("gone next time")
    again = write_site(site, out, jobs=jobs)
    assert (again.files, again.written, again.removed) == (on_disk, 0, 1)


def test_a_stores_bulk_read_predicates_give_each_subjects_objects_in_its_own_order() -> None:
    skos = "http://www.w3.org/2004/02/skos/core#"
    label, note = ox.NamedNode(skos + "prefLabel"), ox.NamedNode(skos + "note")
    a, b, c, g = (ox.NamedNode(f"https://example.org/{n}") for n in ("a", "b", "c", "g"))
    store = ox.Store()
    store.extend([ox.Quad(a, label, ox.Literal("乙", language="zh-hant")),
                  ox.Quad(a, label, ox.Literal("甲", language="zh-hant")),  # two in one language: order matters
                  ox.Quad(a, label, ox.Literal("A", language="en"), g),  # in a named graph
                  ox.Quad(b, label, ox.Literal("B")), ox.Quad(b, note, ox.Literal("n")),
                  ox.Quad(c, note, ox.Literal("only a note"))])
    bulk = StoreGraph(store, [_rdflib(label)])
    for subject in (a, b, c):
        s = _rdflib(subject)
        expected = [_object(q) for q in store.quads_for_pattern(subject, label, None, None)]
        assert list(bulk.objects(s, _rdflib(label))) == expected == list(StoreGraph(store).objects(s, _rdflib(label)))
    assert {str(o) for o in bulk.objects(_rdflib(a), _rdflib(label))} == {"甲", "乙", "A"}  # by hand
    assert [o.language for o in bulk.objects(_rdflib(a), _rdflib(label)) if str(o) == "A"] == ["en"]
    assert list(bulk.objects(_rdflib(c), _rdflib(label))) == []
    assert [str(o) for o in bulk.objects(_rdflib(b), _rdflib(note))] == ["n"]  # not bulk: read per subject


def test_a_framed_page_is_the_page_rendered_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.publish import html, pages
    from kg.publish.resourcehtml import resource_blocks

    site = Site(load_store([KG_FILE]))
    contexts: list[dict[str, Any]] = []
    monkeypatch.setattr(pages, "render_framed", lambda name, blocks=None, /, **context: contexts.append(context) or "")
    for path in site.documents()[::7]:
        pages.resource_page(site, path)
    assert len(contexts) > 30
    for context in contexts:  # another script or depth makes another frame; a title with markup is escaped
        for changed in ({}, {"lang": "en", "root": "../../../"}, {"title": "<b>&\x01</b>"}):
            whole = html.render("resource.html", **{**context, **changed})
            assert html.render_framed("resource.html", **{**context, **changed}) == whole
            assert html.render_framed("resource.html", resource_blocks, **{**context, **changed}) == whole
