"""Bodies of several places written with one name (大埔和黃大仙民政事務處: the two districts' offices): each place
written before a body's name, joined to it by 和, 及, 與 or 、, is that place's body of the same name when the reference
data knows it."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["paired_places"]

# A place's name (two to four characters) and the word that joins it to the next one, right before a body.
_PLACE_BEFORE = re.compile(rf"([{HAN}]{{2,4}}?)([和及与、])\Z")


def paired_places(norm: str, agencies: list[Mention], forms: Mapping[str, str]) -> list[Mention]:
    """``agencies`` (of a Hong Kong, Macau or Taiwan report, whose districts' bodies are listed) and, before each
    one whose name opens with a place (黄大仙民政事务处), the places written before it and joined to it (大埔和…) as
    their bodies of that name, where ``forms`` knows the place's one (大埔民政事务处).

    >>> forms = {"大埔民政事务处": "hk-do-tai-po", "黄大仙民政事务处": "hk-do-wong-tai-sin"}
    >>> found = [Mention("agency", "hk-do-wong-tai-sin", 6, 14, True)]
    >>> [(m.key, m.start, m.end) for m in paired_places("今日，大埔和黄大仙民政事务处举行", found, forms)]
    [('hk-do-tai-po', 3, 5), ('hk-do-wong-tai-sin', 6, 14)]
    >>> paired_places("今日，大埔和黄大仙民政事务处举行", found, {})[0].key
    'hk-do-wong-tai-sin'
    """
    found = list(agencies)
    taken = bytearray(len(norm) + 1)
    for m in agencies:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    for m in agencies:
        name = norm[m.start : m.end]
        end = m.start
        while (hit := _PLACE_BEFORE.search(norm, max(0, end - 5), end)) and taken.find(1, hit.start(), end) < 0:
            if (known := _body_of(hit, name, forms)) is None:
                break
            body, start = known
            found.append(Mention("agency", forms[body], start, hit.end(1), curated=True))
            taken[start:end] = b"\x01" * (end - start)
            end = start
    return sorted(found, key=lambda x: x.start)


def _body_of(hit: re.Match[str], name: str, forms: Mapping[str, str]) -> tuple[str, int] | None:
    """The form the place of ``hit`` names with the body's name after its own place (``name`` less its first two to
    four characters), if ``forms`` knows it, and where that place starts; the longest place first (大埔, then 埔)."""
    place = hit.group(1)
    for start in range(len(place) - 1):
        for cut in range(2, min(4, len(name) - 2) + 1):
            if (body := place[start:] + name[cut:]) in forms:
                return body, hit.start(1) + start
    return None
