"""govkg publish stage: dumps with their VoID/DCAT description, ontology documentation, and the static site.

```
data/kg.ttl + ontology ─► dataset    (four named graphs: ontology, data, evidence, reference; union)
                             │
                             ├─► export   (one dump per kg.rdf.formats format, JSON-LD: ldlines) ─► void ─► out/export/
                             │
ontology/govkg.ttl ────────────► ontodoc  (one HTML page per language)                           ─► out/ontology/
                             │
RDF files or an endpoint ─► load (an rdflib graph, or a pyoxigraph store: what the site and kg serve show)
store ─► view ─► site  (documents under …/id/, links, labels, evidence; JSON-LD and Turtle by fastld, fastttl,
                        else kg.rdf.jsonld and rdflib; N-Triples and RDF/XML via kg.rdf.write)
                 │      labels (each term in zh-Hant, zh-Hans, en; the page's script; the order of themes; ontodoc's
                 │              term labels and pages) ─► words (the site's words, the switch's markup)
           └─► pages   (what each page shows) ─► html (Jinja2 templates/, autoescaped; static/)
                 └─► staticsite (every page and document, by forked workers; new, or only changed files) ─► out/site/
```
Imports go one way: export ─► void ─► dataset, export ─► dumps ─► ldlines ─► fastld,
staticsite ─► pages ─► site ─► labels ─► ontodoc, view, words; site ─► fastld, fastttl, html;
kg/serve imports publish, never the reverse.
"""
