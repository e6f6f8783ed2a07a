"""Curated change events of ``data/reference/changes.csv``: bodies merged, renamed or split by a reform, with sources.

A row names agency slugs (``cn-aqsiq|cn-saic|cn-cfda`` → ``cn-samr``), or, with ``lineup`` set, line-up codes
(``qts|aic|fda`` → ``amr``) that stand for the same change in every jurisdiction of that line-up: the event
``{j}-{slug}`` for each jurisdiction ``j``, its source ``{j}-{source}``. Every problem is one ``file:line: message``
line, all reported at once (:class:`~kg.ingest.reference_user.ReferenceProblems`); every body named must exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from kg.errors import InputError
from kg.ingest.reference_records import LINEUPS, AgencyRef, JurisdictionRef
from kg.ingest.reference_tables import Table, split_cell
from kg.ingest.reference_user import ReferenceProblems
from kg.ingest.script import to_hant

__all__ = ["ChangeRef", "Changes", "SourceRef", "read_changes"]

_COLUMNS = ("slug", "lineup", "date", "before", "after", "name_zh_hant", "name_zh_hans", "name_en", "source",
            "source_title", "source_title_en", "source_date", "source_url", "note")
_DATE = re.compile(r"^[12][0-9]{3}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class SourceRef:
    """The document an event is drawn from: its title (Chinese as published, both scripts; English), date, address."""

    slug: str
    titles: Mapping[str, str]
    date: str
    url: str | None


@dataclass(frozen=True)
class ChangeRef:
    """One change event: the bodies before (``org:originalOrganization``) and after (``org:resultedFrom``)."""

    slug: str
    date: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    names: Mapping[str, str]
    source: SourceRef


class Changes(Mapping[str, ChangeRef]):
    """Every change event by slug, and the events each body takes part in, before or after."""

    def __init__(self, changes: Mapping[str, ChangeRef]) -> None:
        self._changes = MappingProxyType(dict(changes))
        self._of: dict[str, list[ChangeRef]] = {}
        for change in self._changes.values():
            for slug in dict.fromkeys((*change.before, *change.after)):
                self._of.setdefault(slug, []).append(change)

    def __getitem__(self, slug: str) -> ChangeRef:
        return self._changes[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._changes)

    def __len__(self) -> int:
        return len(self._changes)

    def of(self, slug: str) -> tuple[ChangeRef, ...]:
        """The events an agency takes part in.

        >>> from kg.ingest.reference import load_reference
        >>> [c.slug for c in load_reference().changes.of("cn-cfda")]  # the CFDA's split
        ['cn-2018-samr', 'cn-2018-nmpa']
        """
        return tuple(self._of.get(slug, ()))


def read_changes(path: Path, agencies: Mapping[str, AgencyRef],
                 jurisdictions: Mapping[str, JurisdictionRef]) -> Changes:
    """Every change event, expanded for each jurisdiction where a row names line-up codes.

    >>> from kg.ingest.reference import load_reference
    >>> change = load_reference().changes["js-2018-amr"]
    >>> change.before, change.after, change.date, change.names["zh-Hans"]
    (('js-qts', 'js-aic', 'js-fda'), ('js-amr',), '2018', '组建江苏省市场监督管理局')
    """
    problems: list[InputError] = []
    table = Table(path, _COLUMNS, problems)
    found: dict[str, ChangeRef] = {}
    sources: dict[str, SourceRef] = {}
    for line, row in table.rows():
        with table.checking():
            for change in _row_changes(table, line, row, agencies, jurisdictions):
                if change.slug in found:
                    raise table.error(line, f"change {change.slug!r} is listed twice")
                known = sources.setdefault(change.source.slug, change.source)
                if known != change.source:
                    raise table.error(line, f"source {change.source.slug!r} is given twice with other title, date "
                                            "or address")
                found[change.slug] = change
    if problems:
        raise ReferenceProblems(problems)
    return Changes(found)


def _row_changes(table: Table, line: int, row: dict[str, str], agencies: Mapping[str, AgencyRef],
                 jurisdictions: Mapping[str, JurisdictionRef]) -> list[ChangeRef]:
    table.need(line, row, "slug", "date", "before", "after", "name_zh_hant", "name_zh_hans", "name_en", "source",
               "source_title", "source_title_en", "source_date")
    lineup = row["lineup"]
    for column in ("slug", "source"):  # a line-up row's slug follows the jurisdiction's code: {j}-2018-amr
        if not _SLUG.match(("j-" if lineup else "") + row[column]):
            raise table.error(line, f"{column} {row[column]!r} is not a lower-case ASCII slug")
    slug, source = row["slug"], row["source"]
    for column in ("date", "source_date"):
        if not _DATE.match(row[column]):
            raise table.error(line, f"{column} {row[column]!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if row["source_url"] and not _URL.match(row["source_url"]):
        raise table.error(line, f"source_url {row['source_url']!r} is not an http(s) address")
    before, after = split_cell(row["before"]), split_cell(row["after"])
    if set(before) & set(after):
        raise table.error(line, f"{', '.join(sorted(set(before) & set(after)))}: both before and after")
    allowed = {"after", "name", "en", "en_name"} if lineup else {"after"}
    for column in ("name_zh_hant", "name_zh_hans", "name_en", "source_title", "source_title_en"):
        if not set(_PLACEHOLDER.findall(row[column])) <= allowed:
            usable = ", ".join(sorted("{" + a + "}" for a in allowed))
            raise table.error(line, f"{column} {row[column]!r}: use {usable}")
    if not lineup:
        _exist(table, line, (*before, *after), agencies)
        return [_change(slug, source, row, before, after, agencies)]
    if lineup not in LINEUPS:
        raise table.error(line, f"lineup must be empty or one of {', '.join(LINEUPS)} (field lineup is {lineup!r})")
    out = []
    for code, place in jurisdictions.items():
        if place.lineup != lineup:
            continue
        bodies = tuple(f"{code}-{c}" for c in before), tuple(f"{code}-{c}" for c in after)
        _exist(table, line, (*bodies[0], *bodies[1]), agencies)
        out.append(_change(f"{code}-{slug}", f"{code}-{source}", row, *bodies, agencies, place))
    return out


def _exist(table: Table, line: int, slugs: tuple[str, ...], agencies: Mapping[str, AgencyRef]) -> None:
    missing = [s for s in slugs if s not in agencies]
    if missing:
        raise table.error(line, f"no such body: {', '.join(missing)} (a slug of agencies.csv or the line-up)")


def _change(slug: str, source: str, row: dict[str, str], before: tuple[str, ...], after: tuple[str, ...],
            agencies: Mapping[str, AgencyRef], place: JurisdictionRef | None = None) -> ChangeRef:
    first = agencies[after[0]].names

    def fill(text: str, lang: str) -> str:
        values = {"after": first[lang]}
        if place is not None:
            values |= {"name": place.names[lang], "en": place.en_prefix, "en_name": place.names["en"]}
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)

    names = {lang: fill(row[column], lang) for lang, column in (
        ("zh-Hant", "name_zh_hant"), ("zh-Hans", "name_zh_hans"), ("en", "name_en"))}
    title = fill(row["source_title"], "zh-Hans")
    titles = {"zh-Hans": title, "zh-Hant": to_hant(title), "en": fill(row["source_title_en"], "en")}
    ref = SourceRef(source, MappingProxyType(titles), row["source_date"], row["source_url"] or None)
    return ChangeRef(slug, row["date"], before, after, MappingProxyType(names), ref)
