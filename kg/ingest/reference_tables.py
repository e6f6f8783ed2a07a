"""Read and check the CSV tables of ``data/reference/``: jurisdictions, terms, campaigns and translations."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import MappingProxyType

from kg.errors import InputError
from kg.ingest.reference_records import LEVELS, LINEUPS, TOP_LEVELS, CampaignRef, JurisdictionRef, TermRef
from kg.ingest.script import both_scripts, to_hans

__all__ = [
    "Table",
    "names_of",
    "normalise_key",
    "read_campaigns",
    "read_jurisdictions",
    "read_regions",
    "read_terms",
    "read_translations",
    "split_cell",
]

_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def _ordered_both(texts: Iterable[str]) -> tuple[str, ...]:
    """The texts as given, then their other spellings: the first stays first."""
    out = dict.fromkeys(texts)
    out.update(dict.fromkeys(both_scripts(out)))
    return tuple(out)


def normalise_key(text: str) -> str:
    """The lookup key of a phrase: Simplified, NFKC, no space after punctuation, single spaces.

    >>> normalise_key("加大宣傳力度， 提高全社會質量素養")
    '加大宣传力度,提高全社会质量素养'
    """
    text = unicodedata.normalize("NFKC", to_hans(text.strip()))
    text = re.sub(r"(?<=[,;:、。!?()])\s+|\s+(?=[,;:、。!?()])", "", text)
    return re.sub(r"\s+", " ", text)


class Table:
    """One CSV file: its rows with their line numbers, and errors that name file and line."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        self.path = path
        self.columns = columns

    def error(self, line: int, message: str) -> InputError:
        return InputError(message, path=self.path, line=line)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise InputError("reference file is missing", path=self.path) from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 ({exc.reason})", path=self.path) from exc
        reader = csv.reader(text.splitlines())
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != self.columns:
            raise self.error(1, f"header must be {','.join(self.columns)}")
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(self.columns):
                raise self.error(line, f"expected {len(self.columns)} fields, found {len(values)}")
            yield line, {c: v.strip() for c, v in zip(self.columns, values, strict=True)}

    def need(self, line: int, row: dict[str, str], *columns: str) -> None:
        for column in columns:
            if not row[column]:
                raise self.error(line, f"column {column!r} is empty")

    def slug(self, line: int, value: str, what: str = "slug") -> str:
        if not _SLUG.match(value):
            raise self.error(line, f"{what} {value!r} is not a lower-case ASCII slug")
        return value


def split_cell(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def names_of(row: dict[str, str]) -> dict[str, str]:
    return {"zh-Hant": row["name_zh_hant"], "zh-Hans": row["name_zh_hans"], "en": row["name_en"]}


_JURISDICTION_COLUMNS = (
    "code",
    "level",
    "parent",
    "lineup",
    "name_zh_hant",
    "name_zh_hans",
    "name_en",
    "en_prefix",
    "bare",
    "prefixes",
    "abbrev",
)


def read_jurisdictions(path: Path) -> dict[str, JurisdictionRef]:
    table = Table(path, _JURISDICTION_COLUMNS)
    found: dict[str, JurisdictionRef] = {}
    for line, row in table.rows():
        table.need(line, row, "code", "level", "name_zh_hant", "name_zh_hans", "name_en", "en_prefix", "bare")
        code = table.slug(line, row["code"], "code")
        if code in found:
            raise table.error(line, f"code {code!r} is listed twice")
        if row["level"] not in LEVELS:
            raise table.error(line, f"level must be one of {', '.join(LEVELS)}")
        parent = row["parent"] or None
        if (parent is None) != (row["level"] in TOP_LEVELS) or (parent is not None and parent not in found):
            raise table.error(line, "parent must be a code listed above (and empty only at national or region level)")
        lineup = row["lineup"] or None
        if lineup is not None and (lineup not in LINEUPS or not row["prefixes"]):
            raise table.error(line, f"lineup must be one of {', '.join(LINEUPS)} and needs prefixes")
        found[code] = JurisdictionRef(
            code,
            row["level"],
            parent,
            MappingProxyType(names_of(row)),
            _ordered_both(split_cell(row["bare"])),
            row["abbrev"] or None,
            split_cell(row["prefixes"]),
            lineup,
            row["en_prefix"],
        )
    if not found:
        raise InputError("no jurisdictions", path=path)
    return found


def read_regions(path: Path, jurisdictions: dict[str, JurisdictionRef]) -> dict[str, tuple[str, ...]]:
    """Region code -> words that only its reports write (行政院, 新臺幣; 特區政府), in both scripts."""
    table = Table(path, ("code", "markers", "note"))
    found: dict[str, tuple[str, ...]] = {}
    for line, row in table.rows():
        table.need(line, row, "code", "markers")
        code = row["code"]
        if code not in jurisdictions or jurisdictions[code].parent is not None:
            raise table.error(line, f"{code!r} is not a jurisdiction without a parent (cn or a region)")
        if code in found:
            raise table.error(line, f"code {code!r} is listed twice")
        found[code] = both_scripts(split_cell(row["markers"]))
    return found


def read_terms(path: Path) -> dict[str, TermRef]:
    table = Table(path, ("slug", "name_zh_hant", "name_zh_hans", "name_en", "aliases"))
    found: dict[str, TermRef] = {}
    for line, row in table.rows():
        table.need(line, row, "slug", "name_zh_hant", "name_zh_hans", "name_en")
        slug = table.slug(line, row["slug"])
        if slug in found:
            raise table.error(line, f"slug {slug!r} is listed twice")
        aliases = both_scripts((row["name_zh_hant"], row["name_zh_hans"], *split_cell(row["aliases"])))
        found[slug] = TermRef(slug, MappingProxyType(names_of(row)), aliases)
    return found


def read_campaigns(path: Path) -> dict[str, CampaignRef]:
    table = Table(path, ("code", "name_zh_hant", "name_zh_hans", "name_en", "month", "aliases"))
    found: dict[str, CampaignRef] = {}
    for line, row in table.rows():
        table.need(line, row, "code", "name_zh_hant", "name_zh_hans", "name_en")
        code = table.slug(line, row["code"], "code")
        if code in found:
            raise table.error(line, f"code {code!r} is listed twice")
        month = row["month"]
        if month and not (month.isdigit() and 1 <= int(month) <= 12):
            raise table.error(line, f"month {month!r} is not 1-12")
        aliases = both_scripts((row["name_zh_hant"], row["name_zh_hans"], *split_cell(row["aliases"])))
        found[code] = CampaignRef(code, MappingProxyType(names_of(row)), int(month) if month else None, aliases)
    return found


def read_translations(path: Path) -> dict[str, str]:
    table = Table(path, ("zh_hans", "en", "kind"))
    found: dict[str, str] = {}
    for line, row in table.rows():
        table.need(line, row, "zh_hans", "en", "kind")
        key = normalise_key(row["zh_hans"])
        if key in found:
            raise table.error(line, f"{row['zh_hans']!r} is listed twice")
        found[key] = row["en"]
    return found
