"""govkg serve stage: ``kg serve``, pages and documents by content negotiation, and a read-only SPARQL endpoint.

```
HTTP request ─► server   (uvicorn, httptools) ─► asgi (Host, size and origin checks; CORS; headers; streaming)
                  │
                  ▼
                app      (routes) ─┬─► kg.publish pages and RDF documents  ─► /  /class/…  /id/<path>[.ext] (303)
                                   ├─► protocol (read, negotiate, serialise) ─► kg.query pool (children) ─► /sparql
                                   ├─► kg.query catalogue (named queries with parameters)  ─► /queries/<name>
                                   └─► static files, kg export's dumps and VoID  ─► /static/ /export/ /.well-known/void
```
"""
