"""govkg publish stage: dumps with their VoID/DCAT description, ontology documentation, and the static site.

```
data/kg.ttl + ontology ─► dataset    (four named graphs: ontology, data, evidence, reference; union)
                             │
                             ├─► export   (one dump per kg.rdf.formats format) ─► void (VoID/DCAT) ─► out/export/
                             │
ontology/govkg.ttl ────────────► ontodoc  (one HTML page per language)                           ─► out/ontology/
                             │
graph ─► site     (documents under …/id/, links, labels, evidence; RDF via kg.rdf.write, kg.rdf.jsonld)
           └─► pages   (what each page shows) ─► html (Jinja2 templates/, autoescaped; static/)
                 └─► staticsite (every page and document, swapped in whole)                     ─► out/site/
```
Imports go one way: export ─► void ─► dataset, staticsite ─► pages ─► site ─► html; kg/serve imports publish,
never the reverse.
"""
