"""The ontology's concepts a graph points at (activity types, topics, administrative levels).

Written into every graph so that any store, the site and every answer show "inspection" / "检查" / "檢查" where a
person would otherwise read a code name such as ``TypeInspection``, without loading the ontology beside the data.
"""

from __future__ import annotations

import functools

from kg.build.contract import PREF
from kg.namespaces import GOVKG, RDF, SKOS
from kg.rdf.terms import Triple

__all__ = ["concept_labels"]

_TYPE, _NAMED = str(RDF.type), "http://www.w3.org/2002/07/owl#NamedIndividual"
_SCHEMES = {str(GOVKG.ActivityTypeScheme), str(GOVKG.TopicScheme), str(GOVKG.AdministrativeLevelScheme)}


@functools.cache
def concept_labels() -> tuple[Triple, ...]:
    """Every concept of the activity-type, topic and level schemes, from the ontology: its class, scheme and labels.

    >>> labels = dict(((s.rsplit("#", 1)[1], o[1]), o[0]) for s, _, o in concept_labels())
    >>> labels["TypeInspection", "en"], labels["TypeInspection", "zh-Hans"]
    ('inspection', '检查督查')
    """
    import pyoxigraph

    from kg.paths import ONTOLOGY_FILE

    in_scheme, pref = str(SKOS.inScheme), str(SKOS.prefLabel)
    quads = list(pyoxigraph.parse(path=str(ONTOLOGY_FILE), format=pyoxigraph.RdfFormat.TURTLE))
    concepts = {q.subject.value for q in quads if q.predicate.value == in_scheme and q.object.value in _SCHEMES}
    out: list[Triple] = [(q.subject.value, PREF, (q.object.value, _tag(q.object.language or ""), ""))
                         for q in quads if q.predicate.value == pref and q.subject.value in concepts]
    out += [(q.subject.value, q.predicate.value, q.object.value) for q in quads if q.subject.value in concepts
            and (q.predicate.value == in_scheme or (q.predicate.value == _TYPE and q.object.value != _NAMED))]
    return tuple(sorted(out))


def _tag(lang: str) -> str:
    """A language tag in its usual case (Oxigraph lower-cases them): ``zh-hans`` → ``zh-Hans``."""
    return "-".join(part.title() if len(part) == 4 else part for part in lang.split("-"))
