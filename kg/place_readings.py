"""How China's place names are read, where pypinyin's readings of ordinary words are wrong for them (于都 is yu-du,
not yu-dou; 长阳 chang-yang, not zhang-yang), so that a slug minted from a text naming such a place spells it right.

The places are the divisions of the code table ``kg.ingest.divisions`` reads (counties, districts, county-level and
prefecture-level cities), with the stems reports write before a body (于都县 → 于都). In a place name 长 is read
cháng (长沙, 长治, 长阳; 长子县 alone is zhǎng), 都 is read dū (成都, 于都, 丰都) and 朝 cháo (朝阳, 朝天); a few names
have a reading of their own (单县 shàn, 洪洞 hóng-tóng, 涡阳 guō, 筠连 jūn, 浚县 xùn, 繁峙 shì).
"""

from __future__ import annotations

import re
from functools import cache

from kg.han import HAN

__all__ = ["place_readings", "split_places"]

# A character's reading in place names, where it differs from its most common one.
_IN_PLACES = {"长": "chang", "都": "du", "朝": "chao"}
# Names read otherwise than their characters in place names: the whole name's syllables.
_OWN = {
    "长子县": ("zhang", "zi", "xian"),
    "单县": ("shan", "xian"),
    "洪洞县": ("hong", "tong", "xian"),
    "涡阳县": ("guo", "yang", "xian"),
    "筠连县": ("jun", "lian", "xian"),
    "浚县": ("xun", "xian"),
    "繁峙县": ("fan", "shi", "xian"),
}
_SUFFIX = re.compile(rf"(?:(?:[{HAN}]{{1,3}}族)+自治[县旗]|[县区市旗])$")
_STEM = re.compile(rf"^(.{{2,}}?)(?:(?:[{HAN}]{{1,3}}?族)+自治[县旗]|[县区市旗])$")


@cache
def place_readings() -> dict[str, tuple[str, ...]]:
    """Place name or stem -> its syllables, for each division whose reading pypinyin gets wrong.

    >>> r = place_readings()
    >>> r["于都县"], r["于都"], r["长阳"], r["单县"]
    (('yu', 'du', 'xian'), ('yu', 'du'), ('chang', 'yang'), ('shan', 'xian'))
    >>> r["长阳土家族自治县"][:3]
    ('chang', 'yang', 'tu')
    >>> "南京市" in r, "长沙市" in r, "长子县" in r   # pypinyin reads them right
    (False, False, False)
    """
    from pypinyin import Style, lazy_pinyin

    from kg.ingest.divisions import division_names, prefecture_names

    found: dict[str, tuple[str, ...]] = {}
    for name in (*division_names(), *prefecture_names()):
        if name not in _OWN and not any(ch in _IN_PLACES for ch in name):
            continue  # no character that places read otherwise: pypinyin's reading stands
        stem = found_stem.group(1) if (found_stem := _STEM.match(name)) else name
        for form in (name, stem) if stem != name else (name,):
            own = _OWN[name][: len(form)] if name in _OWN else None
            read = tuple(lazy_pinyin(form, style=Style.NORMAL))
            right = own or tuple(_IN_PLACES.get(ch, syllable) for ch, syllable in zip(form, read, strict=True))
            if right != read:
                found[form] = right
    return found


@cache
def _pattern() -> re.Pattern[str]:
    """Full names anywhere; a stem only where the text starts (于都消防救援大队), as two characters inside a word
    may be no place (增长丰富 is not 长丰)."""
    readings = place_readings()
    names = sorted(readings, key=lambda n: (-len(n), n))
    full = [n for n in names if _SUFFIX.search(n)]
    stems = [n for n in names if not _SUFFIX.search(n)]
    return re.compile("|".join([*map(re.escape, full), *(rf"^{re.escape(s)}" for s in stems)]))


def split_places(text: str) -> list[tuple[str, tuple[str, ...] | None]]:
    """``text`` cut into the place names of :func:`place_readings` (with their syllables) and the pieces between
    them (with None), longest names first, left to right.

    >>> split_places("于都县市场监管局")
    [('于都县', ('yu', 'du', 'xian')), ('市场监管局', None)]
    >>> split_places("于都消防救援大队")[0], split_places("经济增长丰富")
    (('于都', ('yu', 'du')), [('经济增长丰富', None)])
    """
    out: list[tuple[str, tuple[str, ...] | None]] = []
    at = 0
    for m in _pattern().finditer(text):
        if m.start() > at:
            out.append((text[at : m.start()], None))
        out.append((m.group(), place_readings()[m.group()]))
        at = m.end()
    if at < len(text) or not out:
        out.append((text[at:], None))
    return out
