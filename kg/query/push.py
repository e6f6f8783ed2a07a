"""Load a graph into a SPARQL 1.1 store in batches the server takes (UPDATE or Graph Store), adding or replacing."""

from __future__ import annotations

import contextlib
import html
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph

from kg.errors import InputError, StoreError
from kg.namespaces import ID
from kg.query.choices import BATCH_TRIPLES
from kg.query.sparql import parse_iri
from kg.query.store import graph_ntriples

__all__ = ["BATCH_TRIPLES", "NO_PLAIN_DEFAULT_GRAPH", "Pushed", "check_url", "push", "push_lines"]

"""Triples per request. Virtuoso (Debian's 7.2.5 with its default cost limit) compiles one ``INSERT DATA`` into one
SQL statement of at most 10,000 lines, which 1,500 of the seed's triples exceed (and its SPARQL parser runs out of
stack near 5,000 without the cost limit); 1,000 pass, and cost Oxigraph nothing measurable."""

BATCH_BYTES = 4 << 20
"""And at most this many bytes of N-Triples per request (a batch of long literals ends early)."""

NO_PLAIN_DEFAULT_GRAPH = str(ID["graph/kg"])
"""Where "the default graph" is on a store that has no plain one (Virtuoso: its queries read the union of all graphs,
and it refuses ``INSERT DATA`` without ``GRAPH``): ``kg push`` without ``--graph`` loads this named graph there."""

_PROBE = "DELETE DATA { <urn:govkg:probe> <urn:govkg:probe> <urn:govkg:probe> }"  # a no-op on any store
_SHOWN = 300  # characters of a server's error text shown


@dataclass(frozen=True)
class Pushed:
    """What a push did: triples sent, requests made, the graph they went into (``None``: the default graph)."""

    triples: int
    requests: int
    graph: str | None


def check_url(url: str) -> str:
    """``url`` if it is http(s), else an :class:`InputError`.

    >>> check_url("file:///etc/passwd")
    Traceback (most recent call last):
    kg.errors.InputError: not an http(s) URL: 'file:///etc/passwd'
    """
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise InputError(f"not an http(s) URL: {url!r}")
    return url


def push(graph: Graph, update_url: str, *, graph_iri: str | None = None, store_url: str | None = None,
         replace: bool = False) -> int:
    """Load an rdflib ``graph`` (see :func:`push_lines`); return the number of triples sent."""
    return push_lines(graph_ntriples(graph), update_url, graph_iri=graph_iri, store_url=store_url,
                      replace=replace).triples


def push_lines(
    lines: Iterable[str],
    update_url: str,
    *,
    graph_iri: str | None = None,
    store_url: str | None = None,
    replace: bool = False,
    batch: int = BATCH_TRIPLES,
    timeout: float = 300,
) -> Pushed:
    """Send N-Triples ``lines`` to a store in batches of ``batch`` triples; with ``replace`` the graph is swapped.

    Batches go as SPARQL UPDATE ``INSERT DATA`` to ``update_url``, or with ``store_url`` as Graph Store HTTP
    Protocol POSTs of N-Triples. Triples with blank nodes are held back and sent together in the last request, so
    each blank node stays one node. ``replace`` loads a fresh staging graph, then ``MOVE``s it onto the target in
    one update: readers see the old graph or the new one, and retracted triples are gone; a failed load drops the
    staging graph and leaves the target as it was. Without ``graph_iri`` the store's default graph is the target, or
    :data:`NO_PLAIN_DEFAULT_GRAPH` on a store without a plain one (Virtuoso).
    """
    if batch < 1:
        raise InputError(f"a batch holds at least one triple, not {batch}")
    if update_url or not store_url:  # the Graph Store protocol alone needs no update URL, unless replacing
        update_url = check_url(update_url)
    elif replace:
        raise InputError("replacing a graph needs the store's SPARQL UPDATE URL (it MOVEs the staging graph)")
    target = str(parse_iri(graph_iri)) if graph_iri else None
    if target is None and update_url and not _has_plain_default_graph(update_url, timeout):
        target = NO_PLAIN_DEFAULT_GRAPH
    into = f"urn:uuid:{uuid.uuid4()}" if replace else target
    send = _Sender(update_url, check_url(store_url) if store_url else None, into, timeout)
    try:
        triples = send.all(lines, batch)
        if replace:  # MOVE from a graph that never got a triple would leave the target as it was: CLEAR it
            where = f"GRAPH <{target}>" if target else "DEFAULT"
            send.update(f"MOVE SILENT GRAPH <{into}> TO {where}" if triples else f"CLEAR SILENT {where}")
    except BaseException:
        if replace:
            _drop_quietly(send, into)
        raise
    return Pushed(triples, send.requests, target)


def _drop_quietly(send: _Sender, graph: str | None) -> None:
    with contextlib.suppress(StoreError):  # the first error is the one to show; a leftover is named urn:uuid:…
        send.update(f"DROP SILENT GRAPH <{graph}>")


class _Sender:
    """Requests to one store, counted; the server's own error text on failure."""

    def __init__(self, update_url: str, store_url: str | None, graph: str | None, timeout: float) -> None:
        self.update_url, self.store_url, self.graph, self.timeout = update_url, store_url, graph, timeout
        self.requests = 0

    def all(self, lines: Iterable[str], batch: int) -> int:
        """Send every line in batches; return the number of triples."""
        held: list[str] = []  # triples with blank nodes: one request at the end
        chunk: list[str] = []
        size = total = 0
        for line in lines:
            total += 1
            if _has_blank_node(line):
                held.append(line)
                continue
            chunk.append(line)
            size += len(line)
            if len(chunk) >= batch or size >= BATCH_BYTES:
                self.triples(chunk)
                chunk, size = [], 0
        if chunk:
            self.triples(chunk)
        if held:
            self.triples(held, blank=True)
        return total

    def triples(self, lines: list[str], *, blank: bool = False) -> None:
        """Add ``lines`` to the graph; ``blank``: they hold blank nodes, which Virtuoso refuses in ``INSERT DATA``
        (SP031), so they go as ``INSERT {…} WHERE {}``, whose one solution keeps each blank node one node."""
        body = "".join(lines)
        if self.store_url:
            query = urllib.parse.urlencode({"graph": self.graph}) if self.graph else "default"
            self.post(f"{self.store_url}?{query}", body, "application/n-triples")
        else:
            inner = f"GRAPH <{self.graph}> {{\n{body}}}\n" if self.graph else body
            self.update(("INSERT {\n" + inner + "} WHERE {}\n") if blank else ("INSERT DATA {\n" + inner + "}\n"))

    def update(self, text: str) -> None:
        """Run one SPARQL UPDATE."""
        self.post(self.update_url, text, "application/sparql-update")

    def post(self, url: str, body: str, ctype: str) -> None:
        self.requests += 1
        post(url, body, ctype, self.timeout)


def post(url: str, body: str, ctype: str, timeout: float) -> None:
    """POST ``body``; a refusal raises :class:`StoreError` with the server's status and its own words, in one line."""
    request = urllib.request.Request(url, data=body.encode("utf-8"), method="POST",  # noqa: S310 (checked)
                                     headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            response.read()
    except urllib.error.HTTPError as exc:
        said = server_words(exc.read(64 << 10).decode("utf-8", "replace"))
        raise StoreError(f"{url}: push refused: HTTP {exc.code}" + (f": {said}" if said else "")) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise StoreError(f"{url}: push failed: {getattr(exc, 'reason', exc)}") from exc


def server_words(text: str) -> str:
    """A server's error body as one short line: tags and the echoed request dropped, whitespace folded.

    >>> server_words("Virtuoso 37000 Error SP031: No plain default graph\\n\\nSPARQL query:\\nINSERT DATA {…}")
    'Virtuoso 37000 Error SP031: No plain default graph'
    >>> server_words("<html><title>Bad</title><body><h1>400</h1><xmp>SR575: no permission</xmp></body></html>")
    'Bad 400 SR575: no permission'
    """
    text = re.split(r"\n\s*SPARQL (?:query|request):", text, maxsplit=1)[0]
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    line = " ".join(text.split())
    return line if len(line) <= _SHOWN else line[: _SHOWN - 1] + "…"


def _has_plain_default_graph(update_url: str, timeout: float) -> bool:
    """Whether the store takes updates of its default graph (a no-op ``DELETE DATA`` that Virtuoso refuses).

    Any other failure answers yes: the load itself then shows the store's reason.
    """
    try:
        post(update_url, _PROBE, "application/sparql-update", timeout)
    except StoreError as exc:
        return "No plain default graph" not in str(exc)
    return True


_BLANK = re.compile(r"^_:|\s_:\S+\s*\.\s*$")


def _has_blank_node(line: str) -> bool:
    """Whether an N-Triples line may have a blank node (subject, or object); a literal ending so is held back too."""
    return bool(_BLANK.search(line))
