"""Surface-form tables and the multi-pattern matcher (Aho-Corasick) that finds their forms in a text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

__all__ = ["Forms", "Patterns", "patterns_for"]


class Patterns:
    """Every occurrence of a fixed set of strings in a text, overlapping ones included, in one pass.

    An Aho-Corasick automaton (``ahocorasick-rs``): tens of thousands of forms are found in a report in well
    under a millisecond, where trying every length at every position took tens of milliseconds.

    >>> Patterns(["市场监管局", "省市场监管局"]).spans("省市场监管局")
    [(0, 6), (1, 6)]
    """

    def __init__(self, forms: Iterable[str]) -> None:
        import ahocorasick_rs

        self._forms = sorted({f for f in forms if f})
        self._automaton: Any = ahocorasick_rs.AhoCorasick(self._forms) if self._forms else None

    def __len__(self) -> int:
        return len(self._forms)

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Spans ``(start, end)`` of every occurrence inside ``text[start:end]``, by start, longest first."""
        if self._automaton is None:
            return []
        window = text[start:end] if start or end is not None else text
        found = self._automaton.find_matches_as_indexes(window, overlapping=True)
        return sorted(((start + s, start + e) for _, s, e in found), key=lambda span: (span[0], -span[1]))


class Forms(Mapping[str, str]):
    """Surface form -> key, read through layers (the first layer that has a form decides), with one matcher.

    The layers are kept, not copied: a jurisdiction's own relative forms (a few hundred) over the forms every
    report shares (tens of thousands). ``patterns`` may cover more forms than the layers hold (one automaton
    serves every jurisdiction); whoever matches must check each found form against the table.
    """

    def __init__(self, layers: tuple[Mapping[str, str], ...], patterns: Patterns) -> None:
        self._layers = layers
        self.patterns = patterns

    def __getitem__(self, form: str) -> str:
        for layer in self._layers:
            key = layer.get(form)
            if key is not None:
                return key
        raise KeyError(form)

    def get(self, form: str, default: Any = None) -> Any:
        for layer in self._layers:
            key = layer.get(form)
            if key is not None:
                return key
        return default

    def __contains__(self, form: object) -> bool:
        return any(form in layer for layer in self._layers)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for layer in self._layers:
            for form in layer:
                if form not in seen:
                    seen.add(form)
                    yield form

    def __len__(self) -> int:
        return sum(1 for _ in self)


_CACHE: dict[int, tuple[Mapping[str, str], Patterns]] = {}


def patterns_for(forms: Mapping[str, str]) -> Patterns:
    """The matcher of a form table: its own for a ``Forms``, else one built for the mapping and remembered."""
    if isinstance(forms, Forms):
        return forms.patterns
    cached = _CACHE.get(id(forms))
    if cached is None or cached[0] is not forms:  # an id can be reused once its object is collected
        if len(_CACHE) > 256:
            _CACHE.clear()
        cached = (forms, Patterns(forms))
        _CACHE[id(forms)] = cached
    return cached[1]
