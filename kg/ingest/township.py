"""A township's or street's own bodies in its own report: its stations and institutions written bare (派出所, 供电所,
卫生院, 中心校), a village's committee named by its village (石门村委会), and its government however written."""

from __future__ import annotations

import re

from kg.ingest.leads import ACTION_VERB, NAME_START
from kg.ingest.mentions import LEAD_WORDS, Mention
from kg.ingest.places import government_name
from kg.ingest.script import HAN
from kg.ingest.suffixes import TOWN_UNITS

__all__ = ["one_government", "town_stations"]

# A station or institution of the town written bare (供电所, 市场监管所, 综合执法队), and a village's committee named by
# its village (石门村委会, 石门村村委会, 石门村民委员会; not 各村, 全村, 本村: a village named, not villages at large).
_STATION = re.compile(
    rf"{NAME_START}(?:(?P<unit>(?:市场|综合(?:行政)?)?(?:{TOWN_UNITS}))"
    rf"|(?P<village>(?![各全本该每我其此])[{HAN}]{{2,4}}?村)(?:村?委会|村?民委员会))"
)


def town_stations(norm: str, agencies: list[Mention], word: str) -> list[Mention]:
    """``agencies`` and the stations, institutions and village committees of a township's report written bare where a
    name may start and no mention covers them, keyed by the township's own ``word`` (镇, 乡, 街道) as its bodies:
    镇供电所, 镇石门村委会.

    >>> text = "安监站联合市场监管所、供电所开展检查。石门村委会组织演练，各村委会自查。"
    >>> [(m.key, m.start) for m in town_stations(text, [], "镇")]
    [('镇安监站', 0), ('镇市场监管所', 5), ('镇供电所', 11), ('镇石门村委会', 19)]
    """
    covered = bytearray(len(norm) + 1)
    for m in agencies:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    found = list(agencies)
    for hit in _STATION.finditer(norm):
        start, end = hit.span()
        if covered.find(1, start, end) >= 0 or any(w.search(norm, start, end) for w in (LEAD_WORDS, ACTION_VERB)):
            continue  # 在派出所, 走访派出所: a place or an object, not a name
        name = hit.group("unit") or hit.group("village") + "委会"
        own = name if name.startswith(word) else word + name
        found.append(Mention("agency", own, start, end, curated=False))
    return sorted(found, key=lambda m: m.start)


def one_government(agencies: list[Mention], place: str, word: str) -> list[Mention]:
    """``agencies`` with the report's own government keyed one way where the text also writes it in full: 镇政府 and
    白沙镇政府 as 白沙镇人民政府 in a report that writes that name, or as 镇人民政府 where it writes that (``place``,
    its own place's name, ``word`` the word its bodies are written short with), so that one body is one resource
    named as the text names it.

    Else its short form with the place's name (柳岸街道办事处, 白沙镇政府) stands for its level word's (街道办事处,
    镇政府).

    >>> found = [Mention("agency", "镇政府", 0, 3, False), Mention("agency", "白沙镇人民政府", 5, 12, False)]
    >>> [m.key for m in one_government(found, "白沙镇", "镇")]
    ['白沙镇人民政府', '白沙镇人民政府']
    >>> found = [Mention("agency", "柳岸街道办事处", 0, 4, False), Mention("agency", "街道办事处", 9, 11, False)]
    >>> [m.key for m in one_government(found, "柳岸街道", "街道")]
    ['柳岸街道办事处', '柳岸街道办事处']
    """
    written = {m.key for m in agencies if not m.curated}
    forms = [p + g for p in (place, word) if p for g in ("人民政府", "政府")]
    forms += [government_name(p) for p in (place, word) if p and government_name(p) not in forms]
    full = next((f for f in forms if f.endswith("人民政府") and f in written), None) or next(
        (f for f in forms if place and f == government_name(place) and f in written), None)
    if full is None:
        return agencies
    return [Mention(m.kind, full, m.start, m.end, m.curated, m.named) if not m.curated and m.key in forms else m
            for m in agencies]
