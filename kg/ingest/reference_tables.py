"""Read and check the CSV tables of ``data/reference/``: jurisdictions, terms, campaigns and translations."""

from __future__ import annotations

import contextlib
import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from kg.errors import InputError
from kg.ingest.reference_records import LEVELS, LINEUPS, TOP_LEVELS, CampaignRef, JurisdictionRef, TermRef
from kg.ingest.script import HAN, both_scripts, to_hans, to_hant

__all__ = [
    "Table",
    "UserFolder",
    "names_of",
    "normalise_key",
    "read_campaigns",
    "read_jurisdictions",
    "read_terms",
    "read_translations",
    "split_cell",
    "tables",
    "twice",
]

_HAN = re.compile(f"[{HAN}]")
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
    """One CSV file: its rows with their line numbers, and errors that name file and line.

    A table of the user's own (``problems`` given) keeps going after a bad row: each problem is kept, the row is
    skipped (see :meth:`checking`), and its names must be in the script their column says.
    """

    def __init__(self, path: Path, columns: tuple[str, ...], problems: list[InputError] | None = None) -> None:
        self.path = path
        self.columns = columns
        self.problems = problems

    @property
    def user(self) -> bool:
        return self.problems is not None

    def error(self, line: int, message: str) -> InputError:
        return InputError(message, path=self.path, line=line)

    @contextlib.contextmanager
    def checking(self) -> Iterator[None]:
        """Around one row's checks: a shipped table stops at its first problem, a user's keeps it and goes on."""
        try:
            yield
        except InputError as exc:
            if self.problems is None:
                raise
            self.problems.append(exc)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise InputError("reference file is missing", path=self.path) from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 ({exc.reason})", path=self.path) from exc
        reader = csv.reader(text.splitlines())
        header = next(reader, None)
        if not self._header_fits(header):
            return
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(self.columns):
                with self.checking():
                    raise self.error(line, f"expected {len(self.columns)} fields, found {len(values)}")
                continue
            row = {c: v.strip() for c, v in zip(self.columns, values, strict=True)}
            if self.user:
                try:
                    self._scripts(line, row)
                except InputError as exc:
                    self.problems.append(exc)  # type: ignore[union-attr]
                    continue
            yield line, row

    def _header_fits(self, header: list[str] | None) -> bool:
        names = tuple(h.strip() for h in header or ())
        if names == self.columns:
            return True
        if self.problems is None or not names:
            raise self.error(1, f"header must be {','.join(self.columns)}")
        for column, name in enumerate(names, start=1):
            if name not in self.columns:
                self.problems.append(InputError(f"unknown column {name!r} (the columns are {','.join(self.columns)})",
                                                path=self.path, line=1, column=column))
        missing = [c for c in self.columns if c not in names]
        if missing or len(names) != len(self.columns):
            self.problems.append(self.error(1, f"header must be {','.join(self.columns)}; missing "
                                               f"{', '.join(missing) or 'nothing'}, in this order"))
        return False

    def _scripts(self, line: int, row: dict[str, str]) -> None:
        """A user row's names in their columns' scripts: Traditional, Simplified, and English without Han."""
        hant, hans, en = row.get("name_zh_hant", ""), row.get("name_zh_hans", row.get("zh_hans", "")), row.get(
            "name_en", row.get("en", ""))
        if hans and (not _HAN.search(hans) or to_hans(hans) != hans):
            raise self.error(line, f"field name_zh_hans {hans!r} is not in Simplified script (as {to_hans(hans)!r})")
        if hant and (not _HAN.search(hant) or (to_hant(hant) != hant and to_hans(hant) == hant)):
            raise self.error(line, f"field name_zh_hant {hant!r} is not in Traditional script (as {to_hant(hant)!r})")
        if en and _HAN.search(en):
            raise self.error(line, f"field name_en {en!r} has Chinese characters; English only")

    def need(self, line: int, row: dict[str, str], *columns: str) -> None:
        for column in columns:
            if not row[column]:
                raise self.error(line, f"column {column!r} is empty")

    def slug(self, line: int, value: str, what: str = "slug") -> str:
        if not _SLUG.match(value):
            raise self.error(line, f"{what} {value!r} is not a lower-case ASCII slug")
        return value


@dataclass
class UserFolder:
    """A reference folder of the user's own: any of the shipped tables' files, read after them; its problems."""

    directory: Path
    problems: list[InputError] = field(default_factory=list)

    def table(self, name: str, columns: tuple[str, ...]) -> Table | None:
        path = self.directory / name
        return Table(path, columns, self.problems) if path.is_file() else None


def tables(path: Path, columns: tuple[str, ...], user: UserFolder | None = None) -> list[Table]:
    """The shipped table, then the user's file of the same name when there is one."""
    extra = user.table(path.name, columns) if user is not None else None
    return [Table(path, columns)] + ([extra] if extra is not None else [])


def twice(table: Table, line: int, what: str, key: str, shipped: Iterable[str]) -> InputError:
    """The error for a key listed again: in a user's table, a clash with the shipped one says so."""
    if table.user and key in shipped:
        return table.error(line, f"{what} {key!r} clashes with a shipped one (a user table adds; it cannot redefine)")
    return table.error(line, f"{what} {key!r} is listed twice")


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


def read_jurisdictions(path: Path, user: UserFolder | None = None) -> dict[str, JurisdictionRef]:
    found: dict[str, JurisdictionRef] = {}
    shipped: set[str] = set()
    for table in tables(path, _JURISDICTION_COLUMNS, user):
        for line, row in table.rows():
            with table.checking():
                code, ref = _jurisdiction(table, line, row, found, shipped)
                found[code] = ref
        if not table.user:
            shipped = set(found)
    if not found:
        raise InputError("no jurisdictions", path=path)
    return found


def _jurisdiction(table: Table, line: int, row: dict[str, str], found: dict[str, JurisdictionRef],
                  shipped: set[str]) -> tuple[str, JurisdictionRef]:
    table.need(line, row, "code", "level", "name_zh_hant", "name_zh_hans", "name_en", "en_prefix", "bare")
    code = table.slug(line, row["code"], "code")
    if code in found:
        raise twice(table, line, "code", code, shipped)
    if row["level"] not in LEVELS:
        raise table.error(line, f"level must be one of {', '.join(LEVELS)} (field level is {row['level']!r})")
    parent = row["parent"] or None
    if (parent is None) != (row["level"] in TOP_LEVELS) or (parent is not None and parent not in found):
        raise table.error(line, f"field parent {row['parent']!r}: must be a code listed above (and empty only at "
                                "national or region level)")
    lineup = row["lineup"] or None
    if lineup is not None and (lineup not in LINEUPS or not row["prefixes"]):
        raise table.error(line, f"lineup must be one of {', '.join(LINEUPS)} and needs prefixes")
    ref = JurisdictionRef(
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
    return code, ref


def read_terms(path: Path, user: UserFolder | None = None) -> dict[str, TermRef]:
    found: dict[str, TermRef] = {}
    shipped: set[str] = set()
    for table in tables(path, ("slug", "name_zh_hant", "name_zh_hans", "name_en", "aliases"), user):
        for line, row in table.rows():
            with table.checking():
                table.need(line, row, "slug", "name_zh_hant", "name_zh_hans", "name_en")
                slug = table.slug(line, row["slug"])
                if slug in found:
                    raise twice(table, line, "slug", slug, shipped)
                aliases = both_scripts((row["name_zh_hant"], row["name_zh_hans"], *split_cell(row["aliases"])))
                found[slug] = TermRef(slug, MappingProxyType(names_of(row)), aliases)
        if not table.user:
            shipped = set(found)
    return found


def read_campaigns(path: Path, user: UserFolder | None = None) -> dict[str, CampaignRef]:
    found: dict[str, CampaignRef] = {}
    shipped: set[str] = set()
    for table in tables(path, ("code", "name_zh_hant", "name_zh_hans", "name_en", "month", "aliases"), user):
        for line, row in table.rows():
            with table.checking():
                table.need(line, row, "code", "name_zh_hant", "name_zh_hans", "name_en")
                code = table.slug(line, row["code"], "code")
                if code in found:
                    raise twice(table, line, "code", code, shipped)
                month = row["month"]
                if month and not (month.isdigit() and 1 <= int(month) <= 12):
                    raise table.error(line, f"month {month!r} is not 1-12")
                aliases = both_scripts((row["name_zh_hant"], row["name_zh_hans"], *split_cell(row["aliases"])))
                found[code] = CampaignRef(code, MappingProxyType(names_of(row)), int(month) if month else None,
                                          aliases)
        if not table.user:
            shipped = set(found)
    return found


def read_translations(path: Path, user: UserFolder | None = None) -> dict[str, str]:
    found: dict[str, str] = {}
    shipped: set[str] = set()
    for table in tables(path, ("zh_hans", "en", "kind"), user):
        for line, row in table.rows():
            with table.checking():
                table.need(line, row, "zh_hans", "en", "kind")
                key = normalise_key(row["zh_hans"])
                if key in found:
                    raise twice(table, line, "phrase", key, shipped)
                found[key] = row["en"]
        if not table.user:
            shipped = set(found)
    return found
