"""govkg RDF in and out, for every stage: the one door for RDF written by others, and the writers of our own.

```
a file you name (--data, kg validate FILE, kg serve --data)
   │
read        rdf_format (suffix or name, from formats) ─► read_quads / parse_rdf
   │  before parsing: guard     size limit (kg.limits), strict UTF-8; RDF/XML without DTD or ENTITY, depth-bounded;
   │                            Turtle/TriG [ ( nesting bounded
   │                  contexts  JSON-LD depth-bounded, only govkg's context (its local copy), no @import, no fetch
   │  Oxigraph parses; guard refuses bad or relative IRIs and lone surrogates; blank nodes renamed apart
   ▼
Oxigraph quads (read_quads), an rdflib Graph (parse_rdf), from_oxigraph for one term ─► build, validate, query, serve

plain triples (terms: Triples of str IRIs and (text, lang, datatype) literals) or an rdflib Graph
   │
write       TurtleWriter / to_turtle (the same bytes every run), sorted N-Triples/N-Quads, TriG, RDF/XML
jsonld      compacted JSON-LD with the local context, offline
formats     the table of formats: name, suffix, media type, rdflib plugin
   ▼
data/kg.ttl, out/export/, the site's and the server's documents
```
"""

__all__: list[str] = []
