"""govkg build stage: reports through cleaning and extraction (kg.ingest) into the data contract's triples, then Turtle.

```
data/sources/ ─────► corpus     (read (kg.sources) and check every source first; build; write data/kg.ttl atomically)
 (+ .meta.json)          │
                         ▼
                      assemble   (one Job a report, in forked workers from 128 sources; merge in file-name order)
                         │  per report: kg.ingest clean + extract ─► graph ─► Part (own Turtle blocks + shared triples)
                         ▼
                      graph      (campaign, report, themes, activities, products, media, documents, initiatives)
                      agencies   (ResourceBuilder: labels in both scripts, evidence spans, agencies, jurisdictions)
                      contract   (the vocabulary as strings; evidence, curated descriptions, naming, build record)
                         │  plain triples (kg.rdf.terms)
                         ▼
                      kg.rdf.write.TurtleWriter ─► data/kg.ttl   (the same bytes every build, whatever the hash seed)
```
"""

__all__: list[str] = []
