"""govkg validate stage: is a graph what the ontology promises? One report, for people (en, zh) and programs.

```
data/kg.ttl, files you name (kg.rdf.read), or kg build's Turtle before it is written
   │
run           validate / validate_files / validate_turtle: one Oxigraph store of the data + the ontology
   │
   ├─► shapes       ontology/shapes.ttl run by either engine, rule = the shape's local name
   │      sparql    (default) shacl: the shapes compiled to SPARQL and evaluated on the store
   │                    compile (targets, one query per constraint) ─► expressions (reading a shape,
   │                    nested shapes as SPARQL) ─► plan (Check, Plan, scratch graphs, UnsupportedShapes)
   │      pyshacl   the reference, and the fallback when the shapes use what the compiler refuses
   ├─► violations   queries/*-violation.rq (headers by kg.queryfile), every row a problem
   │      offsets   the three that read evidence offsets in a report's text, answered in one pass over the
   │                data (linear in the text; the queries answer when the data is irregular)
   └─► scripts      label-script check: zh-Hant / zh-Hans / en labels and slogans in the right script
   │
   ▼
report        Result, ValidationReport ─► to_text (en | zh), to_json, to_graph / to_turtle (sh:ValidationReport)
```
Imports go one way: run ─► shapes ─► shacl ─► compile ─► expressions ─► plan; run ─► offsets; run, shapes,
violations and scripts ─► report.
"""

__all__: list[str] = []
