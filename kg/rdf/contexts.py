"""JSON-LD written by others: depth bounded, only known contexts (read from local copies), nothing fetched."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.rdf.guard import BAD_IRI, SURROGATE, refusal

__all__ = ["CONTEXT_IRI", "prepare_jsonld"]

CONTEXT_IRI = "https://w3id.org/govkg/context.jsonld"
"""The published IRI of ``ontology/context.jsonld``: the only JSON-LD context a document may name."""
_JSON_TOKENS = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[\[\]{}]', re.DOTALL)  # possessive: no state per escape


def prepare_jsonld(text: str, path: Path, max_depth: int, allowed: Mapping[str, Path]) -> str:
    """Parse the JSON here; replace ``allowed`` context IRIs by their local copy, refuse every other one.

    Before parsing: nesting at most ``max_depth``, and no string longer than :data:`kg.limits.MAX_LITERAL` bytes.
    """
    from kg.limits import MAX_LITERAL

    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        start, end = token.span()
        if end - start > 1:
            if end - start > MAX_LITERAL // 4 and len(token.group().encode("utf-8", "surrogatepass")) > MAX_LITERAL:
                raise refusal(f"string longer than {MAX_LITERAL} bytes", path, text, start)
            continue
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > max_depth:
                raise refusal(f"JSON nested deeper than {max_depth} levels", path, text, token.start())
        elif char in "]}":
            depth -= 1

    def constant(name: str) -> None:
        raise InputError(f"{name} is not JSON", path=path)

    try:
        document = json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno) from None
    rewriter = _JsonLd(path, text, dict(allowed))
    rewritten = rewriter.walk(document, in_context=False)
    return json.dumps(rewritten, ensure_ascii=False) if rewriter.changed else text


class _JsonLd:
    """Walks a JSON-LD document: refuses lone surrogates, bad IRIs and foreign contexts; inlines allowed ones."""

    _IRI_KEYS = frozenset({"@id", "@type", "@vocab", "@base", "@reverse"})

    def __init__(self, path: Path, text: str, allowed: dict[str, Path]) -> None:
        self.path, self.text, self.allowed, self.changed = path, text, allowed, False

    def refuse(self, message: str, needle: str) -> InputError:
        """An error at the first place ``needle`` is written in the text (as is, or with ``\\u`` escapes)."""
        offset = self.text.find(json.dumps(needle, ensure_ascii=False)[1:-1])
        if offset < 0:
            escaped = re.search(re.escape(json.dumps(needle)[1:-1]), self.text, re.IGNORECASE)
            offset = escaped.start() if escaped else -1
        return refusal(message, self.path, self.text, offset)

    def walk(self, value: Any, *, in_context: bool) -> Any:
        if isinstance(value, dict):
            return {self.string(k, iri=False): self.member(k, v, in_context) for k, v in value.items()}
        if isinstance(value, list):
            return [self.walk(v, in_context=in_context) for v in value]
        if isinstance(value, str):
            return self.string(value, iri=in_context and not value.startswith("@"))
        return value

    def member(self, key: str, value: Any, in_context: bool) -> Any:
        if key == "@context":
            return self.context(value)
        if key == "@import":
            raise self.refuse("JSON-LD @import is refused (it would fetch a remote context)", "@import")
        if key in self._IRI_KEYS and isinstance(value, str | list):
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, str):
                    self.string(item, iri=not item.startswith("@"))
        return self.walk(value, in_context=in_context)

    def context(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.context(v) for v in value]
        if value is None or isinstance(value, dict):
            return self.walk(value, in_context=True)
        if isinstance(value, str) and value in self.allowed:
            self.changed = True
            return _local_context(self.allowed[value], value)
        raise self.refuse(f"JSON-LD context {value!r} refused: only inline contexts and {CONTEXT_IRI} "
                          "(read from ontology/context.jsonld) are allowed; nothing is fetched",
                          value if isinstance(value, str) else "@context")

    def string(self, value: str, *, iri: bool) -> str:
        if SURROGATE.search(value):
            raise self.refuse("lone surrogate in a JSON string", value)
        bad = BAD_IRI.search(value) if iri else None
        if bad:
            raise self.refuse(f"invalid IRI {value!r}: character {bad.group()!r} is not allowed in an IRI", value)
        return value


def _local_context(path: Path, iri: str) -> Any:
    """The ``@context`` value of a local context file (the file is ours, so it is trusted)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"the local copy of the JSON-LD context {iri} is missing", path=path) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the JSON-LD context {iri}: {exc}", path=path) from exc
    return document.get("@context", {}) if isinstance(document, dict) else document
