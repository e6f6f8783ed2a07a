"""govkg query stage: stores, the named query catalogue, answers as text, and time-limited workers.

```
queries/*.rq ─► catalogue  (header via kg/queryfile.py; list, find, README)
                params     (--param NAME=VALUE ─► RDF terms; labels looked up, IRIs checked to be in the graph)
                themes     (a theme by its number: 3, 三, (三), CAMPAIGN/3)
                answer     (bind ?lang, zh the reports' own script, and params; one query, or many at once)
                   │
                   ▼
                sparql     (parse, safety check, VALUES injection)
                store      (Store interface, QueryResult) ◄── local    (Oxigraph | rdflib)
                                                          ◄── endpoint (any SPARQL 1.1 store; push)
                dataset    (open a store: data/kg.ttl's ready store, --store DIR, --data, --reason via reasoning)
                ready      (the on-disk store beside a graph, made by make_store in a new process, read-only)
                   │
                   ▼
                results    (terminal table, CSV, TSV, JSON)
                limited    (kg query --timeout: one killable child)

kg serve's queries:  pool (admission: new / measured / long) ─► lanes (slots, children ready and reused)
                       ─► process (the query process, from the server) ─► zygote (holds the store, forks)
                       ─► worker (a child from the server: ask, budget, kill) ◄─► child (limits, runs queries)
                     messages (what they send each other)
```
"""
