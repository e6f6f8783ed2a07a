"""Agencies of ``data/reference/``: line-up templates expanded for each jurisdiction, and bodies listed one by one."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from kg.ingest.reference_records import LEVELS, LINEUPS, AgencyRef, JurisdictionRef
from kg.ingest.reference_tables import Table, UserFolder, names_of, split_cell, tables, twice
from kg.ingest.script import both_scripts, script_variants, to_hans

__all__ = ["Relative", "read_agencies"]

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_LINEUP_COLUMNS = ("code", "lineup", "name_zh_hant", "name_zh_hans", "name_en", "forms", "parent", "note")
_AGENCY_COLUMNS = (
    "slug",
    "jurisdiction",
    "level",
    "name_zh_hant",
    "name_zh_hans",
    "name_en",
    "forms",
    "relative_forms",
    "parent",
    "note",
)
Relative = tuple[tuple[str, str], ...]


@dataclass
class _Draft:
    """An agency being assembled: forms and candidate parents are settled once every agency is known."""

    jurisdiction: str
    level: str
    names: dict[str, str]
    absolute: set[str]
    relative: set[tuple[str, str]]
    parents: tuple[str, ...]
    table: Table
    line: int


def read_agencies(
    directory: Path, jurisdictions: Mapping[str, JurisdictionRef], user: UserFolder | None = None
) -> tuple[dict[str, AgencyRef], dict[str, Relative], frozenset[str]]:
    """Every agency: slug -> record, slug -> relative forms ``(prefix, form)``, and the slugs listed one by one.

    ``user``'s ``agencies.csv`` adds bodies after the shipped ones; it may not reuse a shipped slug.
    """
    return _Agencies(directory, jurisdictions, user).read()


class _Agencies:
    """Reads ``agency-lineup.csv`` (templates, expanded per jurisdiction) and ``agencies.csv``."""

    def __init__(self, directory: Path, jurisdictions: Mapping[str, JurisdictionRef],
                 user: UserFolder | None = None) -> None:
        self.directory = directory
        self.user = user
        self.places = jurisdictions
        self.drafts: dict[str, _Draft] = {}
        self.values: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
        self.listed: set[str] = set()

    def read(self) -> tuple[dict[str, AgencyRef], dict[str, Relative], frozenset[str]]:
        self._lineup(Table(self.directory / "agency-lineup.csv", _LINEUP_COLUMNS))
        for table in tables(self.directory / "agencies.csv", _AGENCY_COLUMNS, self.user):
            self._bodies(table, set(self.drafts) if table.user else set())
        agencies: dict[str, AgencyRef] = {}
        relative: dict[str, Relative] = {}
        for slug, d in list(self.drafts.items()):
            parent = next((p for p in d.parents if p in self.drafts), None)
            if d.parents and parent is None:
                with d.table.checking():
                    raise d.table.error(d.line, f"{slug}: field parent: no parent among {', '.join(d.parents)}")
                continue
            official = (d.names["zh-Hant"], d.names["zh-Hans"])
            named = (*self._named_by_region(d, official), *self._named_by_government(slug, d, official))
            absolute = set(both_scripts((*official, *d.absolute, *named)))
            forms = tuple(sorted(absolute | {form for _, form in d.relative}))
            agencies[slug] = AgencyRef(slug, d.jurisdiction, d.level, MappingProxyType(d.names), forms, parent)
            relative[slug] = tuple(sorted(d.relative))
        return agencies, relative, frozenset(self.listed)

    def _named_by_region(self, d: _Draft, official: tuple[str, ...]) -> tuple[str, ...]:
        """A body of a whole region written with the region's name before it, where its own name does not start so:
        澳門治安警察局, 香港消防處, 中華人民共和國國家統計局 (a name of the region's, ``bare`` included, of two or more
        characters)."""
        region = self.places[d.jurisdiction]
        if region.parent is not None:
            return ()
        names = {to_hans(n) for n in (region.names["zh-Hant"], *region.bare) if len(n) >= 2}
        forms = {to_hans(f) for f in (*official, *d.absolute)}
        return tuple(sorted(n + f for n in names for f in forms if not any(f.startswith(m) for m in names)))

    def _named_by_government(self, slug: str, d: _Draft, official: tuple[str, ...]) -> tuple[str, ...]:
        """A body under a region's government written with the government's name before it (香港特區政府入境事務處,
        特區政府入境事務處, 澳門特區政府治安警察局): Hong Kong's and Macau's releases name their departments so."""
        top = f"{d.jurisdiction}-gov"
        government = self.drafts.get(top)
        if d.level != "region" or government is None or not self._under(slug, top):
            return ()
        names = {to_hans(n) for n in (*government.names.values(), *government.absolute) if len(n) >= 4}
        forms = {to_hans(f) for f in (*official, *d.absolute)}
        return tuple(sorted(n + f for n in names for f in forms))

    def _under(self, slug: str, top: str) -> bool:
        """Whether ``top`` is among the parents of ``slug``'s draft, followed up the chain."""
        seen = {slug}
        while (d := self.drafts.get(slug)) is not None:
            slug = next((p for p in d.parents if p in self.drafts), "")
            if slug == top:
                return True
            if not slug or slug in seen:
                return False
            seen.add(slug)
        return False

    # -- the line-up

    def _lineup(self, table: Table) -> None:
        seen: set[tuple[str, str]] = set()
        for line, row in table.rows():
            table.need(line, row, "code", "lineup", "name_zh_hant", "name_zh_hans", "name_en")
            code = table.slug(line, row["code"], "code")
            if row["lineup"] not in LINEUPS:
                raise table.error(line, f"lineup must be one of {', '.join(LINEUPS)}")
            if (code, row["lineup"]) in seen:
                raise table.error(line, f"{code!r} is listed twice for the {row['lineup']} line-up")
            seen.add((code, row["lineup"]))
            forms = split_cell(row["forms"])
            self._check_placeholders(table, line, row, forms)
            for place in self.places.values():
                if place.lineup == row["lineup"]:
                    self._expand(table, line, row, forms, place)

    @staticmethod
    def _check_placeholders(table: Table, line: int, row: dict[str, str], forms: tuple[str, ...]) -> None:
        for text, allowed in (
            *((name, {"name", "bare"}) for name in (row["name_zh_hant"], row["name_zh_hans"])),
            *((form, {"name", "bare", "rel"}) for form in forms),
        ):
            if not set(_PLACEHOLDER.findall(text)) <= allowed:
                raise table.error(line, f"{text!r}: use {{name}}, {{bare}} and (in forms) {{rel}} only")
        if not set(_PLACEHOLDER.findall(row["name_en"])) <= {"en", "en_name"}:
            raise table.error(line, "name_en may use {en} and {en_name} only")
        if any(not _PLACEHOLDER.search(form) for form in forms):
            raise table.error(line, "every form of a line-up template needs {rel}, {name} or {bare}")

    def _expand(
        self, table: Table, line: int, row: dict[str, str], forms: tuple[str, ...], p: JurisdictionRef
    ) -> None:
        values = self._values(p)
        names = {
            "zh-Hant": _fill(row["name_zh_hant"], values["hant-first"])[0],
            "zh-Hans": _fill(row["name_zh_hans"], values["hans-first"])[0],
            "en": row["name_en"].replace("{en}", p.en_prefix).replace("{en_name}", p.names["en"]),
        }
        absolute: set[str] = set()
        relative: set[tuple[str, str]] = set()
        for form in forms:
            if "{rel}" in form:
                for prefix in p.prefixes:
                    relative.update((to_hans(prefix), f) for f in self._filled(form, values, prefix))
                form = form.replace("{rel}", "{name}")
            absolute.update(self._filled(form, values, None))
        parents = tuple(c.replace("{j}", p.code).replace("{up}", p.parent or "") for c in split_cell(row["parent"]))
        slug = f"{p.code}-{row['code']}"
        self.drafts[slug] = _Draft(p.code, p.level, names, absolute, relative, parents, table, line)

    @staticmethod
    def _filled(form: str, values: dict[str, dict[str, tuple[str, ...]]], prefix: str | None) -> set[str]:
        hans, hant = script_variants(form)
        out: set[str] = set()
        for script, templates in (("hans", (hans,)), ("hant", hant)):
            given = dict(values[script])
            if prefix is not None:
                p_hans, p_hant = script_variants(prefix)
                given["rel"] = (p_hans,) if script == "hans" else p_hant
            for template in templates:
                out.update(_fill(template, given))
        return out

    def _values(self, p: JurisdictionRef) -> dict[str, dict[str, tuple[str, ...]]]:
        cached = self.values.get(p.code)
        if cached is None:
            name_hans, name_hant = script_variants(p.names["zh-Hant"])
            bare_hans = tuple(dict.fromkeys(to_hans(b) for b in p.bare))
            bare_hant = tuple(dict.fromkeys(v for b in bare_hans for v in script_variants(b)[1]))
            cached = {
                "hans": {"name": (name_hans,), "bare": bare_hans},
                "hant": {"name": name_hant, "bare": bare_hant},
                "hans-first": {"name": (p.names["zh-Hans"],), "bare": (to_hans(p.bare[0]),)},
                "hant-first": {"name": (p.names["zh-Hant"],), "bare": (p.bare[0],)},
            }
            self.values[p.code] = cached
        return cached

    # -- individual bodies

    def _bodies(self, table: Table, shipped: set[str]) -> None:
        for line, row in table.rows():
            with table.checking():
                self._body(table, line, row, shipped)

    def _body(self, table: Table, line: int, row: dict[str, str], shipped: set[str]) -> None:
        table.need(line, row, "slug", "jurisdiction", "level", "name_zh_hant", "name_zh_hans", "name_en")
        slug = table.slug(line, row["slug"])
        if slug in self.listed or slug in shipped:
            raise twice(table, line, "slug", slug, shipped)
        place = self.places.get(row["jurisdiction"])
        if place is None:
            raise table.error(line, f"field jurisdiction: unknown jurisdiction {row['jurisdiction']!r}")
        if row["level"] not in LEVELS:
            raise table.error(line, f"level must be one of {', '.join(LEVELS)} (field level is {row['level']!r})")
        relative: set[tuple[str, str]] = set()
        absolute = set(both_scripts(split_cell(row["forms"])))
        for form in split_cell(row["relative_forms"]):
            prefix = next((p for p in place.prefixes if to_hans(form).startswith(to_hans(p))), None)
            if prefix is None:
                raise table.error(line, f"relative form {form!r} does not start with {'/'.join(place.prefixes)}")
            relative.update((to_hans(prefix), f) for f in both_scripts((form,)))
            absolute.update(both_scripts((place.names["zh-Hant"] + form[len(prefix) :],)))
        parents = (row["parent"],) if row["parent"] else ()
        self.listed.add(slug)
        template = self.drafts.get(slug)
        if template is not None:  # an override: its own names and parent, the template's forms as well
            absolute |= template.absolute
            relative |= template.relative
        names = names_of(row)
        self.drafts[slug] = _Draft(place.code, row["level"], names, absolute, relative, parents, table, line)


def _fill(template: str, values: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Every way of filling the template's placeholders with the given values."""
    keys = list(dict.fromkeys(_PLACEHOLDER.findall(template)))
    out = []
    for combo in itertools.product(*(values[k] for k in keys)):
        text = template
        for key, value in zip(keys, combo, strict=True):
            text = text.replace("{" + key + "}", value)
        out.append(text)
    return out
