"""The ontology: parses everywhere, declares exactly kg.namespaces.GOVKG, labels every term, stays consistent."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from kg.namespaces import DCTERMS, GOVKG, OWL, PREFIXES, RDF, RDFS, VANN
from kg.paths import ONTOLOGY_DIR, ONTOLOGY_FILE, SHAPES_FILE
from kg.validate.scripts import label_script_problems
from tests.repo import ROOT

ONTOLOGY_IRI = URIRef("https://w3id.org/govkg/ontology")
NS = str(GOVKG._NS)
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual}
EXAMPLES = sorted((ONTOLOGY_DIR / "examples").glob("*.ttl"))
TURTLE_FILES = [ONTOLOGY_FILE, SHAPES_FILE, *EXAMPLES]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def declared_terms(graph: Graph) -> set[str]:
    return {str(s) for s, o in graph.subject_objects(RDF.type) if str(s).startswith(NS) and o in DECLARATIONS}


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: p.name)
def test_parses_in_rdflib_and_pyoxigraph_to_the_same_size(path: Path) -> None:
    with_rdflib = Graph().parse(path, format="turtle")
    with_oxigraph = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(with_rdflib) > 0
    assert len(with_rdflib) == len(set(with_oxigraph))


def test_namespace_and_ontology_declare_the_same_terms(ontology: Graph) -> None:
    in_python = {NS + name for name in GOVKG.__annotations__}
    in_ontology = declared_terms(ontology)
    assert in_python - in_ontology == set(), "in kg/namespaces.py but not declared in govkg.ttl"
    assert in_ontology - in_python == set(), "declared in govkg.ttl but not in kg/namespaces.py"


def test_every_govkg_iri_used_in_the_ontology_is_declared(ontology: Graph) -> None:
    used = {str(t) for triple in ontology for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used <= declared_terms(ontology)


@pytest.mark.parametrize("name", sorted(GOVKG.__annotations__))
def test_every_term_has_three_labels_two_comments_and_is_defined_by(ontology: Graph, name: str) -> None:
    term = URIRef(NS + name)
    labels = sorted(o.language for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal))
    comments = sorted(o.language for o in ontology.objects(term, RDFS.comment) if isinstance(o, Literal))
    assert labels == ["en", "zh-Hans", "zh-Hant"]
    assert comments == ["en", "zh-Hans"]
    assert set(ontology.objects(term, RDFS.isDefinedBy)) == {ONTOLOGY_IRI}


def test_labels_are_written_in_the_script_their_tag_says(ontology: Graph) -> None:
    as_skos = Graph()
    for s, o in ontology.subject_objects(RDFS.label):
        as_skos.add((s, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), o))
    assert label_script_problems(as_skos) == []
    assert label_script_problems(ontology) == []


def test_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert {o.language for o in ontology.objects(ONTOLOGY_IRI, DCTERMS.title)} >= {"en", "zh-Hans", "zh-Hant"}
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == "govkg"
    assert str(ontology.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == NS


def test_every_property_used_is_declared_or_built_in(ontology: Graph) -> None:
    """OWL 2 DL wants every property typed; reused SKOS, DCTERMS, OA … terms are declared in the file."""
    builtin = (str(RDF), str(RDFS), str(OWL))
    undeclared = {
        str(p) for p in set(ontology.predicates())
        if not str(p).startswith(builtin)
        and not any((p, RDF.type, kind) in ontology for kind in DECLARATIONS)
    }
    assert undeclared == set()


def _closure_errors(graph: Graph) -> list[str]:
    import owlrl
    from owlrl.Namespaces import ERRNS

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    errors = [str(o) for s in graph.subjects(RDF.type, ERRNS.ErrorMessage) for o in graph.objects(s, ERRNS.error)]
    return errors + [f"{s} is owl:Nothing" for s in graph.subjects(RDF.type, OWL.Nothing)]


def test_owl_rl_closure_of_ontology_and_examples_is_consistent(ontology: Graph) -> None:
    graph = Graph()
    graph += ontology
    for path in EXAMPLES:
        graph.parse(path, format="turtle")
    assert _closure_errors(graph) == []


def test_owl_rl_closure_does_find_a_planted_inconsistency(ontology: Graph) -> None:
    graph = Graph()
    graph += ontology
    thing = URIRef("https://w3id.org/govkg/id/agency/js-amr")
    graph.add((thing, RDF.type, GOVKG.Agency))
    graph.add((thing, RDF.type, GOVKG.CampaignTheme))
    assert _closure_errors(graph) != []


_BINDING = re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>", re.IGNORECASE)


def rebound_prefixes(text: str) -> list[tuple[str, str]]:
    """(prefix, iri) pairs in ``text`` that bind a known prefix to another IRI."""
    return [(p, iri) for p, iri in _BINDING.findall(text) if p in PREFIXES and PREFIXES[p] != iri]


def test_rebound_prefix_detector_catches_a_wrong_binding() -> None:
    assert rebound_prefixes("@prefix skos: <http://www.w3.org/2004/02/skos/core> .") == [
        ("skos", "http://www.w3.org/2004/02/skos/core")]
    assert rebound_prefixes("PREFIX oa: <http://www.w3.org/ns/oa#>") == []


def test_no_file_binds_a_known_prefix_to_another_iri() -> None:
    skip = {".venv", ".git", "node_modules", "work"}
    files = [p for ext in ("*.ttl", "*.rq") for p in ROOT.rglob(ext) if not skip & set(p.relative_to(ROOT).parts)]
    assert files, "found no .ttl or .rq file"
    wrong = {str(p.relative_to(ROOT)): rebound_prefixes(p.read_text(encoding="utf-8")) for p in files}
    assert {k: v for k, v in wrong.items() if v} == {}
