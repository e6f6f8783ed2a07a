"""Committees of a place written after their party or league: the democratic parties' (民盟市委, 农工党青竹市委,
九三学社青竹市委) and the Communist Youth League's written in full (共青团青竹县委, the body 团县委 names)."""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["PARTIES", "party_committees"]

# The eight democratic parties as reports write them (民革, 民盟, 民建, 民进, 农工党, 致公党, 九三学社, 台盟).
PARTIES = r"民革|民盟|民建|民进|农工党|致公党|九三学社|台盟"
# A party's or the league's committee of a place: its level word (民盟市委) or the place's name (民盟青竹市委), not a
# member's or leader's title (民盟市委委员, 主委).
_COMMITTEE = re.compile(
    rf"(?P<org>{PARTIES}|共青团)(?P<place>[{HAN}]{{2,6}}?(?:省|市|县|区)|[省市县区])委(?:员会)?(?![委员]|常委|主委|副主委)"
)


def party_committees(norm: str, agencies: list[Mention], names: tuple[str, ...]) -> list[Mention]:
    """``agencies`` and each party's or the league's committee of a place, in place of what was read there; one of the
    report's own place (``names``: the names the text may write it by) keyed by its level word as a report writes it
    short (民盟市委; the league's 团县委), so that it is one body however written, another as written.

    >>> text = "农工党青竹市委、民盟市委联合共青团青竹市委开展义诊"
    >>> [(m.key, m.start, m.end) for m in party_committees(text, [], ("青竹市",))]
    [('农工党市委', 0, 7), ('民盟市委', 8, 12), ('团市委', 14, 21)]
    """
    found = list(agencies)
    for hit in _COMMITTEE.finditer(norm):
        place = hit.group("place")
        org = "团" if hit.group("org") == "共青团" else hit.group("org")
        level = place[-1] if len(place) == 1 or place in names else ""
        key = org + (level or place) + "委"
        found = [m for m in found if m.curated or not m.overlaps(*hit.span())]
        if not any(m.overlaps(*hit.span()) for m in found):
            found.append(Mention("agency", key, *hit.span(), curated=False))
    return sorted(found, key=lambda m: m.start)
