"""One Taiwan department, one key, however the report writes it: a city's or county's department named by a short
form (環保局) and in full (環境保護局) in one report is one body, and one written after its place's short name
(金門消防局) is the government's department (金門縣政府消防局), not a department named 金門消防局 inside it."""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["one_department_form"]

# A department's own name after its government's: a few characters and 局 or 處, no unit inside it (警察局第一分局).
_DEPARTMENT = re.compile(rf"[{HAN}]{{1,6}}[局处]")


def one_department_form(agencies: list[Mention], government: str, places: tuple[str, ...]) -> list[Mention]:
    """``agencies`` with the departments of ``government`` (台中市政府) keyed by one form each: a short form whose
    characters stand in order in a longer name of the same government's that ends as it does (环保局 in 环境保护局)
    is that name, and a name that repeats the place's short name after its government (金门县政府金门消防局, from
    金门消防局; ``places``: the place's names, 金门县, 金门) is the government's department.

    >>> pairs = (("嘉义市政府环保局", 0), ("嘉义市政府环境保护局", 9))
    >>> found = [Mention("agency", k, s, s + 3, False) for k, s in pairs]
    >>> [m.key for m in one_department_form(found, "嘉义市政府", ("嘉义市", "嘉义"))]
    ['嘉义市政府环境保护局', '嘉义市政府环境保护局']
    >>> [m.key for m in one_department_form([Mention("agency", "金门县政府金门消防局", 0, 5, False)], "金门县政府",
    ...                                     ("金门县", "金门"))]
    ['金门县政府消防局']
    >>> pairs = (("台中市政府警察局", 0), ("台中市政府警察局第一分局", 9))
    >>> found = [Mention("agency", k, s, s + 3, False) for k, s in pairs]
    >>> [m.key for m in one_department_form(found, "台中市政府", ("台中市",))]
    ['台中市政府警察局', '台中市政府警察局第一分局']
    """
    if not government:
        return agencies
    doubled = tuple(government + p for p in places if p and len(p) >= 2)
    found = []
    for m in agencies:
        if not m.curated and (twice := next((d for d in doubled if m.key.startswith(d)), None)):
            rest = m.key[len(twice) :]
            if _DEPARTMENT.fullmatch(rest):
                m = Mention("agency", government + rest, m.start, m.end, m.curated, m.named)
        found.append(m)
    own = {m.key[len(government) :] for m in found if not m.curated and m.key.startswith(government)}
    names = {rest for rest in own if _DEPARTMENT.fullmatch(rest)}
    full: dict[str, str] = {}
    for short in names:
        longer = [
            name for name in names
            if len(name) > len(short) and name[0] == short[0] and name[-1] == short[-1] and short not in name
            and _in_order(short, name)
        ]
        if len(longer) == 1:
            full[short] = longer[0]
    return [
        Mention("agency", government + full[m.key[len(government) :]], m.start, m.end, m.curated, m.named)
        if not m.curated and m.key.startswith(government) and m.key[len(government) :] in full else m
        for m in found
    ]


def _in_order(short: str, name: str) -> bool:
    """True when ``short``'s characters stand in ``name`` in order (环保局 in 环境保护局)."""
    rest = iter(name)
    return all(ch in rest for ch in short)
