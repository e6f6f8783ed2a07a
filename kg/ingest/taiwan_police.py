"""Taiwan's police precincts named the way its news writes them: by the city's short name and their number (南警四分局,
臺南市政府警察局第四分局) or by their town (埔里警方, the county police bureau's 埔里分局)."""

from __future__ import annotations

import re

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["numbered_precinct", "town_police"]

_NUMBERED = re.compile(rf"([{HAN}]{{1,2}})警(?=[一二三四五六七八九十]分局\Z)")


def numbered_precinct(name: str, bureau: str) -> str:
    """A precinct's name as its bureau writes it: 南警四分局 of 台南市政府警察局 is its 第四分局; any other name (or a
    short name that is not the bureau's city) as written.

    >>> numbered_precinct("南警四分局", "台南市政府警察局"), numbered_precinct("中警四分局", "台南市政府警察局")
    ('第四分局', '中警四分局')
    """
    short = _NUMBERED.match(name)
    return "第" + name[short.end() :] if short and all(c in bureau for c in short.group(1)) else name


# A town's police (埔里警方) where a name starts, the town being one the report names as such (埔里鎮, 國姓鄉).
_TOWN_POLICE = re.compile(rf"(?:^|(?<=[^{HAN}])|(?<=[和与及同由、]))([{HAN}]{{2}})警方")


def town_police(norm: str, agencies: list[Mention], bureau: str) -> list[Mention]:
    """``agencies`` and the police named by a town of the report's county or city, as ``bureau``'s precinct there.

    >>> [m.key for m in town_police("南投县埔里镇居民投诉，埔里警方会同环保局稽查，当地警方", [], "南投县政府警察局")]
    ['南投县政府警察局埔里分局']
    """
    found = list(agencies)
    for hit in _TOWN_POLICE.finditer(norm):
        town = hit.group(1)
        if bureau and re.search(f"{town}[镇乡市区]", norm) and not any(m.overlaps(*hit.span()) for m in agencies):
            found.append(Mention("agency", f"{bureau}{town}分局", *hit.span(), curated=False))
    return sorted(found, key=lambda x: x.start)
