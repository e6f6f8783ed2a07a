"""The table of RDF formats: name, file suffix, media type, rdflib plugin, title (the writers: ``kg.rdf.write``)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RDF_FORMATS", "RdfFormat", "format_of_suffix"]


@dataclass(frozen=True)
class RdfFormat:
    """An RDF serialisation: CLI name, file suffix, media type (and the aliases clients ask for it by), rdflib plugin,
    a title for people, and whether it keeps named graphs."""

    name: str
    suffix: str
    media_type: str
    rdflib_format: str
    title: str
    quads: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` of a response or file in this format (text types say their charset)."""
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


#: every RDF format by name, in the order the export writes them
RDF_FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", "ttl", "text/turtle", "turtle", "Turtle", aliases=("application/turtle",
                                                                               "application/x-turtle")),
        RdfFormat("ntriples", "nt", "application/n-triples", "nt", "N-Triples"),
        RdfFormat("nquads", "nq", "application/n-quads", "nquads", "N-Quads", quads=True),
        RdfFormat("trig", "trig", "application/trig", "trig", "TriG", quads=True),
        RdfFormat("jsonld", "jsonld", "application/ld+json", "json-ld", "JSON-LD"),
        RdfFormat("rdfxml", "rdf", "application/rdf+xml", "xml", "RDF/XML"),
    )
}
_BY_SUFFIX = {f.suffix: f for f in RDF_FORMATS.values()}


def format_of_suffix(suffix: str) -> RdfFormat:
    """The format whose files end in ``.suffix``; KeyError if none.

    >>> format_of_suffix("jsonld").content_type, format_of_suffix("ttl").content_type
    ('application/ld+json', 'text/turtle; charset=utf-8')
    """
    return _BY_SUFFIX[suffix]
