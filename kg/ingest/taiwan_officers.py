"""Taiwan's consumer protection officers (消保官): an officer a city or county government appoints, acting for it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.ingest.mentions import Mention
from kg.ingest.per_reference import per_reference
from kg.ingest.units import short_cities, taiwan_local_government

if TYPE_CHECKING:
    from kg.ingest.reference import Reference

__all__ = ["consumer_officers"]

_OFFICER = re.compile("消保官")
# The end of a body's name, read or not yet (市府法制局消保官): that body's own officer, read with it.
_BODY_ENDS = frozenset("局处署府会院")


def consumer_officers(norm: str, agencies: list[Mention], reference: Reference, own: str | None) -> list[Mention]:
    """``agencies`` with a consumer protection officer named after a Taiwan city or county (高雄市消保官, 南市消保官)
    as that government, and one written alone (會同消保官, 消保官除向業者宣導…) as ``own``, the key of the report's
    own city or county government, if any; never one right after a body (縣府消保官, A消保官、B: that body's own
    officer, read with it, 市府法制局消保官), nor one already read.

    >>> from kg.ingest.reference import load_reference
    >>> ref = load_reference()
    >>> [(m.key, m.start) for m in consumer_officers("分局会同高雄市消保官及建设局", [], ref, None)]
    [('kaohsiung-gov', 4)]
    >>> [(m.key, m.start) for m in consumer_officers("卫生局会同消保官稽查", [], ref, "tainan-gov")]
    [('tainan-gov', 5)]
    """
    if "消保官" not in norm:
        return agencies
    places = _places(reference)
    found = list(agencies)
    for hit in _OFFICER.finditer(norm):
        start, end = hit.span()
        if norm[start - 1 : start] in _BODY_ENDS or any(m.overlaps(start, end) or m.end == start for m in agencies):
            continue
        place = next((p for p in places if norm.endswith(p, 0, start)), None)
        if place is not None and not any(m.overlaps(start - len(place), start) for m in agencies):
            found.append(Mention("agency", places[place], start - len(place), end, curated=True))
        elif place is None and own is not None:
            found.append(Mention("agency", own, start, end, curated=True))
    return sorted(found, key=lambda x: x.start)


@per_reference
def _places(reference: Reference) -> dict[str, str]:
    """A Taiwan city's or county's name, in full (高雄市) or short (北市), -> its government's key, longest first."""
    governments = {
        ref.names["zh-Hans"]: key for key, ref in reference.agencies.items() if taiwan_local_government(key, reference)
    }
    names = {n.removesuffix("政府"): key for n, key in governments.items()}
    short = short_cities(reference)
    names.update({s: governments[name] for s, name in short.items() if name in governments})
    return dict(sorted(names.items(), key=lambda x: -len(x[0])))
