"""Tables derived from a loaded reference, made once per reference and forgotten with it."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

if TYPE_CHECKING:  # reference.py imports modules that use this one
    from kg.ingest.reference import Reference

__all__ = ["per_reference"]

P = ParamSpec("P")
V = TypeVar("V")


def per_reference(make: Callable[Concatenate[Reference, P], V]) -> Callable[Concatenate[Reference, P], V]:
    """``make(reference, *args)`` computed once for each reference and each ``args`` (hashable), then read back.

    The memo is keyed by the reference object itself (weakly), so a table made from the shipped data is never
    handed out for a user's reference folder, and none outlives its reference. What ``make`` returns must not
    refer back to the reference, or the reference would never be forgotten.

    >>> calls = []
    >>> @per_reference
    ... def size(reference, extra=0):
    ...     calls.append(extra)
    ...     return len(reference.jurisdictions) + extra
    >>> class Ref:
    ...     jurisdictions = {"js": 1}
    >>> r = Ref()
    >>> size(r), size(r), size(r, 1), calls
    (1, 1, 2, [0, 1])
    """
    memo: weakref.WeakKeyDictionary[Reference, dict[tuple[Hashable, ...], V]] = weakref.WeakKeyDictionary()

    def read(reference: Reference, /, *args: P.args, **kwargs: P.kwargs) -> V:
        made = memo.get(reference)
        if made is None:
            made = memo[reference] = {}
        key = (*args, *sorted(kwargs.items()))
        if key not in made:
            made[key] = make(reference, *args, **kwargs)
        return made[key]

    functools.update_wrapper(read, make)  # its name and docstring, for doctests and help()
    return read
