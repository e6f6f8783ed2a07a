"""govkg network stage: agency networks read from the graph by SPARQL, their metrics, files and pictures.

```
store ─► graphs    (network-*.rq ─► LayerData; bipartite agency-target graphs, the agency projection, per campaign)
            │
            ▼
         metrics   (degree, betweenness, PageRank, communities) ◄── parallel (communities of the largest network
            │                                                                 in child processes)
            ▼
         results   (titles, one CSV row per node, the metrics graph as RDF)
         layout    (positions, colours, sizes: two columns, or the force layout)
         draw      (SVG and PNG) ◄── pictures (which networks get them; drawn in a child Python meanwhile)
         page      (the interactive HTML page, from assets/)
            │
            ▼
         write     (write_networks: GraphML, GEXF, JSON, CSV, TriG, Turtle, SVG, PNG, HTML into out/network/)
```
"""

__all__: list[str] = []
