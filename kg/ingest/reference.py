"""Curated reference data (`data/reference/`): jurisdictions, agencies, products, media, campaigns."""

from __future__ import annotations

import contextlib
import csv
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kg.errors import InputError
from kg.ingest.forms import Forms, Patterns

__all__ = [
    "LEVELS",
    "AgencyRef",
    "CampaignRef",
    "JurisdictionRef",
    "Reference",
    "TermRef",
    "load_reference",
    "normalise_key",
    "script_variants",
    "to_hans",
]

LEVELS = ("national", "provincial", "municipal", "county")
LINEUPS = ("province", "city")
_SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_NAME_FIELDS = ("zh-Hant", "zh-Hans", "en")


@dataclass(frozen=True)
class JurisdictionRef:
    """An administrative area: ``cn``, a province (``js``) or a city (``nanjing``)."""

    code: str
    level: str
    parent: str | None
    names: Mapping[str, str]
    bare: tuple[str, ...]
    abbrev: str | None
    prefixes: tuple[str, ...] = ()
    lineup: str | None = None
    en_prefix: str = ""


@dataclass(frozen=True)
class AgencyRef:
    """A curated public body; ``short_forms``: every surface form, both scripts, as reports write them."""

    slug: str
    jurisdiction: str
    level: str
    names: Mapping[str, str]
    short_forms: tuple[str, ...]
    parent: str | None


@dataclass(frozen=True)
class TermRef:
    """A curated product category or media outlet."""

    slug: str
    names: Mapping[str, str]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class CampaignRef:
    """A recurring campaign (质量月 ``qm``) and the month it usually runs in."""

    code: str
    names: Mapping[str, str]
    month: int | None
    aliases: tuple[str, ...]


# ---------------------------------------------------------------- scripts


@functools.cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


# Conversions are pure functions of the text, and the loader makes tens of thousands of them: they are memoised,
# and the memo is kept between runs in the user's cache folder (plain JSON, keyed by the OpenCC version).
_HANS: dict[str, str] = {}
_VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {}


def to_hans(text: str) -> str:
    """Simplified script of ``text``, whichever Traditional convention it was written in.

    >>> to_hans("江蘇省市場監督管理局")
    '江苏省市场监督管理局'
    """
    cached = _HANS.get(text)
    if cached is None:
        cached = text
        for config in ("tw2s", "hk2s", "t2s"):
            cached = str(_converter(config).convert(cached))
        _HANS[text] = cached
    return cached


def script_variants(text: str) -> tuple[str, tuple[str, ...]]:
    """``(simplified, traditional spellings)``: the Traditional ones as the common converters write them.

    >>> script_variants("卫生健康委")[0], sorted(script_variants("卫生健康委")[1])
    ('卫生健康委', ['衛生健康委', '衞生健康委'])
    """
    cached = _VARIANTS.get(text)
    if cached is None:
        hans = to_hans(text)
        hant = {text} if text != hans else set()
        hant.update(str(_converter(c).convert(hans)) for c in ("s2t", "s2tw", "s2hk"))
        hant.discard(hans)
        cached = (hans, tuple(sorted(hant)) or (hans,))
        _VARIANTS[text] = cached
    return cached


def _memo_file() -> Path | None:
    import os
    from importlib.metadata import PackageNotFoundError, version

    try:
        opencc_version = version("opencc")
    except PackageNotFoundError:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "govkg" / f"opencc-{opencc_version}-conversions.json"


def _read_memo() -> int:
    """Fill the conversion memo from the cache file; returns how many entries it held (0 when absent or unreadable)."""
    import json

    path = _memo_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else {}
        hans, variants = data.get("hans", {}), data.get("variants", {})
        _HANS.update({k: v for k, v in hans.items() if isinstance(v, str)})
        _VARIANTS.update({k: (v[0], tuple(v[1])) for k, v in variants.items()})
        return len(hans) + len(variants)
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return 0


def _write_memo() -> None:
    """Keep the memo for the next run; a cache that cannot be written is simply not kept."""
    import json

    from kg.files import write_text

    path = _memo_file()
    if path is None:
        return
    data = {"hans": _HANS, "variants": {k: [v[0], list(v[1])] for k, v in _VARIANTS.items()}}
    with contextlib.suppress(Exception):  # a cache is optional: any failure to keep it is ignored
        write_text(path, json.dumps(data, ensure_ascii=False, sort_keys=True))


def _both(texts: Iterable[str]) -> tuple[str, ...]:
    out: set[str] = set()
    for text in texts:
        hans, hant = script_variants(text)
        out.add(hans)
        out.update(hant)
    return tuple(sorted(out))


def _ordered_both(texts: Iterable[str]) -> tuple[str, ...]:
    """The texts as given, then their other spellings: the first stays first."""
    out = dict.fromkeys(texts)
    out.update(dict.fromkeys(_both(out)))
    return tuple(out)


def normalise_key(text: str) -> str:
    """The lookup key of a phrase: Simplified, NFKC, no space after punctuation, single spaces.

    >>> normalise_key("加大宣傳力度， 提高全社會質量素養")
    '加大宣传力度,提高全社会质量素养'
    """
    text = unicodedata.normalize("NFKC", to_hans(text.strip()))
    text = re.sub(r"(?<=[,;:、。!?()])\s+|\s+(?=[,;:、。!?()])", "", text)
    return re.sub(r"\s+", " ", text)


# ---------------------------------------------------------------- CSV reading


class _Table:
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


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _names(row: dict[str, str]) -> dict[str, str]:
    return {"zh-Hant": row["name_zh_hant"], "zh-Hans": row["name_zh_hans"], "en": row["name_en"]}


# ---------------------------------------------------------------- the reference


class Reference:
    """Everything in ``data/reference/``, checked and indexed; build it with :func:`load_reference`."""

    def __init__(
        self,
        jurisdictions: Mapping[str, JurisdictionRef],
        agencies: Mapping[str, AgencyRef],
        relative: Mapping[str, tuple[tuple[str, str], ...]],
        products: Mapping[str, TermRef],
        media: Mapping[str, TermRef],
        campaigns: Mapping[str, CampaignRef],
        translations: Mapping[str, str],
        explicit: frozenset[str] = frozenset(),
    ) -> None:
        self.jurisdictions = MappingProxyType(dict(jurisdictions))
        self.agencies = MappingProxyType(dict(agencies))
        self.products = MappingProxyType(dict(products))
        self.media = MappingProxyType(dict(media))
        self.campaigns = MappingProxyType(dict(campaigns))
        self._relative = relative
        self._translations = translations
        self._clashes: dict[str, set[str]] = {}
        self._by_jurisdiction: dict[str, list[str]] = {}
        for slug, agency in self.agencies.items():
            self._by_jurisdiction.setdefault(agency.jurisdiction, []).append(slug)
        self._explicit = explicit
        self._absolute = self._tiers(
            [(form, slug) for slug, a in self.agencies.items() for form in self._absolute_forms(a)], "agency"
        )
        self._products = self._term_forms(self.products, "product")
        self._media = self._term_forms(self.media, "media")
        self._places = self._unique(
            ((f, j.code) for j in self.jurisdictions.values() for f in _both((j.names["zh-Hant"], *j.bare))),
            "jurisdiction",
        )
        self._english = self._english_index()
        self._absolute_view = MappingProxyType(self._absolute)
        self._forms: dict[str, Forms] = {}
        self._patterns: Patterns | None = None

    def _absolute_forms(self, agency: AgencyRef) -> set[str]:
        relative = {form for _, form in self._relative.get(agency.slug, ())}
        return set(agency.short_forms) - relative

    def _tiers(self, pairs: list[tuple[str, str]], kind: str) -> dict[str, str]:
        """Forms of agencies listed one by one (``agencies.csv``) win over forms of line-up templates."""
        out = self._unique(((f, s) for f, s in pairs if s in self._explicit), kind)
        for form, slug in self._unique(((f, s) for f, s in pairs if s not in self._explicit), kind).items():
            out.setdefault(form, slug)
        return out

    def _unique(self, pairs: Iterable[tuple[str, str]], kind: str) -> dict[str, str]:
        """Surface form -> key; a form claimed by two keys is dropped and recorded as a clash."""
        seen: dict[str, set[str]] = {}
        for form, key in pairs:
            seen.setdefault(form, set()).add(key)
        for form, keys in seen.items():
            if len(keys) > 1:
                self._clashes.setdefault(f"{kind}:{form}", set()).update(keys)
        return {form: next(iter(keys)) for form, keys in seen.items() if len(keys) == 1}

    def _term_forms(self, terms: Mapping[str, TermRef], kind: str) -> dict[str, str]:
        pairs = ((f, t.slug) for t in terms.values() for f in (t.names["zh-Hant"], t.names["zh-Hans"], *t.aliases))
        return self._unique(pairs, kind)

    def _english_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        named: list[Mapping[str, str]] = [
            *(a.names for a in self.agencies.values()),
            *(j.names for j in self.jurisdictions.values()),
            *(t.names for t in itertools.chain(self.products.values(), self.media.values())),
            *(c.names for c in self.campaigns.values()),
        ]
        for names in named:
            index.setdefault(normalise_key(names["zh-Hans"]), names["en"])
        index.update(self._translations)
        return index

    # -- public look-ups

    def agency_forms(self, jurisdiction: str) -> Mapping[str, str]:
        """Surface form -> agency slug, for a report issued in ``jurisdiction`` (a code such as ``js``).

        Relative forms (省…, 市…) resolve first to the jurisdiction itself, then to its nearest ancestor
        using that prefix (in a Nanjing report 市… is Nanjing's, 省… Jiangsu's); then come the absolute
        forms and official names of every agency, national bodies included. Within a tier, bodies listed
        one by one in ``agencies.csv`` win over line-up templates; a form claimed twice at one level is
        left out (see :meth:`clashes`).

        >>> forms = load_reference().agency_forms("js")
        >>> forms["省市場監管局"], forms["省市场监管局"], forms["海關總署"]
        ('js-amr', 'js-amr', 'cn-gacc')
        """
        if jurisdiction not in self.jurisdictions:
            raise KeyError(jurisdiction)
        cached = self._forms.get(jurisdiction)
        if cached is None:
            cached = Forms((MappingProxyType(self._relative_forms(jurisdiction)), self._absolute_view),
                           self._agency_patterns())
            self._forms[jurisdiction] = cached
        return cached

    def _agency_patterns(self) -> Patterns:
        """One matcher for the agency forms of every jurisdiction: absolute forms and every relative form."""
        if self._patterns is None:
            relative = (form for pairs in self._relative.values() for _, form in pairs)
            self._patterns = Patterns(itertools.chain(self._absolute, relative))
        return self._patterns

    def _relative_forms(self, jurisdiction: str) -> dict[str, str]:
        """The relative forms that speak for ``jurisdiction``: its own first, then its ancestors' (by prefix)."""
        forms: dict[str, str] = {}
        used: set[str] = set()
        code: str | None = jurisdiction
        while code is not None:
            ref = self.jurisdictions[code]
            tier = [
                (form, slug)
                for slug in self._by_jurisdiction.get(code, ())
                for prefix, form in self._relative.get(slug, ())
                if prefix not in used
            ]
            for form, slug in self._tiers(tier, f"relative:{jurisdiction}").items():
                forms.setdefault(form, slug)
            used.update(to_hans(p) for p in ref.prefixes)
            code = ref.parent
        return forms

    def clashes(self, jurisdiction: str | None = None) -> Mapping[str, tuple[str, ...]]:
        """Forms left out because two entries claim them (``kind:form`` -> keys); empty for sound data."""
        if jurisdiction is not None:
            self.agency_forms(jurisdiction)
        return {form: tuple(sorted(keys)) for form, keys in sorted(self._clashes.items())}

    def find_jurisdiction(self, text: str) -> JurisdictionRef | None:
        """The jurisdiction a name or bare name denotes, as written in either script (江蘇省, 江苏, 南京)."""
        code = self._places.get(text.strip()) or self._places.get(to_hans(text.strip()))
        return self.jurisdictions[code] if code else None

    def translate(self, zh: str) -> str | None:
        """Curated English for a Chinese phrase in either script, or ``None``.

        >>> load_reference().translate("水韻蘇米")
        'Shuiyun Sumi (Jiangsu rice brand)'
        """
        return self._english.get(normalise_key(zh))

    def product_forms(self) -> Mapping[str, str]:
        """Surface form (either script) -> product slug."""
        return MappingProxyType(self._products)

    def media_forms(self) -> Mapping[str, str]:
        """Surface form (either script) -> media outlet slug."""
        return MappingProxyType(self._media)


# ---------------------------------------------------------------- loading


def load_reference(directory: Path | None = None) -> Reference:
    """Read and check the reference data in ``directory`` (default ``data/reference``); cached per directory.

    >>> ref = load_reference()
    >>> ref.agencies["js-amr"].names["en"]
    'Jiangsu Provincial Administration for Market Regulation'
    """
    from kg.paths import REFERENCE_DIR

    return _load((directory or REFERENCE_DIR).resolve())


@functools.cache
def _load(directory: Path) -> Reference:
    known = _read_memo()
    reference = _load_uncached(directory)
    if len(_HANS) + len(_VARIANTS) > known:
        _write_memo()
    return reference


def _load_uncached(directory: Path) -> Reference:
    jurisdictions = _read_jurisdictions(directory / "jurisdictions.csv")
    agencies, relative, explicit = _Agencies(directory, jurisdictions).read()
    return Reference(
        jurisdictions,
        agencies,
        relative,
        _read_terms(directory / "products.csv"),
        _read_terms(directory / "media.csv"),
        _read_campaigns(directory / "campaigns.csv"),
        _read_translations(directory / "translations.csv"),
        explicit,
    )


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


def _read_jurisdictions(path: Path) -> dict[str, JurisdictionRef]:
    table = _Table(path, _JURISDICTION_COLUMNS)
    found: dict[str, JurisdictionRef] = {}
    for line, row in table.rows():
        table.need(line, row, "code", "level", "name_zh_hant", "name_zh_hans", "name_en", "en_prefix", "bare")
        code = table.slug(line, row["code"], "code")
        if code in found:
            raise table.error(line, f"code {code!r} is listed twice")
        if row["level"] not in LEVELS:
            raise table.error(line, f"level must be one of {', '.join(LEVELS)}")
        parent = row["parent"] or None
        if (parent is None) != (row["level"] == "national") or (parent is not None and parent not in found):
            raise table.error(line, "parent must be a code listed above (and empty only at national level)")
        lineup = row["lineup"] or None
        if lineup is not None and (lineup not in LINEUPS or not row["prefixes"]):
            raise table.error(line, f"lineup must be one of {', '.join(LINEUPS)} and needs prefixes")
        found[code] = JurisdictionRef(
            code,
            row["level"],
            parent,
            MappingProxyType(_names(row)),
            _ordered_both(_split(row["bare"])),
            row["abbrev"] or None,
            _split(row["prefixes"]),
            lineup,
            row["en_prefix"],
        )
    if not found:
        raise InputError("no jurisdictions", path=path)
    return found


def _read_terms(path: Path) -> dict[str, TermRef]:
    table = _Table(path, ("slug", "name_zh_hant", "name_zh_hans", "name_en", "aliases"))
    found: dict[str, TermRef] = {}
    for line, row in table.rows():
        table.need(line, row, "slug", "name_zh_hant", "name_zh_hans", "name_en")
        slug = table.slug(line, row["slug"])
        if slug in found:
            raise table.error(line, f"slug {slug!r} is listed twice")
        aliases = _both((row["name_zh_hant"], row["name_zh_hans"], *_split(row["aliases"])))
        found[slug] = TermRef(slug, MappingProxyType(_names(row)), aliases)
    return found


def _read_campaigns(path: Path) -> dict[str, CampaignRef]:
    table = _Table(path, ("code", "name_zh_hant", "name_zh_hans", "name_en", "month", "aliases"))
    found: dict[str, CampaignRef] = {}
    for line, row in table.rows():
        table.need(line, row, "code", "name_zh_hant", "name_zh_hans", "name_en")
        code = table.slug(line, row["code"], "code")
        if code in found:
            raise table.error(line, f"code {code!r} is listed twice")
        month = row["month"]
        if month and not (month.isdigit() and 1 <= int(month) <= 12):
            raise table.error(line, f"month {month!r} is not 1-12")
        aliases = _both((row["name_zh_hant"], row["name_zh_hans"], *_split(row["aliases"])))
        found[code] = CampaignRef(code, MappingProxyType(_names(row)), int(month) if month else None, aliases)
    return found


def _read_translations(path: Path) -> dict[str, str]:
    table = _Table(path, ("zh_hans", "en", "kind"))
    found: dict[str, str] = {}
    for line, row in table.rows():
        table.need(line, row, "zh_hans", "en", "kind")
        key = normalise_key(row["zh_hans"])
        if key in found:
            raise table.error(line, f"{row['zh_hans']!r} is listed twice")
        found[key] = row["en"]
    return found


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
_Relative = tuple[tuple[str, str], ...]


@dataclass
class _Draft:
    """An agency being assembled: forms and candidate parents are settled once every agency is known."""

    jurisdiction: str
    level: str
    names: dict[str, str]
    absolute: set[str]
    relative: set[tuple[str, str]]
    parents: tuple[str, ...]
    table: _Table
    line: int


class _Agencies:
    """Reads ``agency-lineup.csv`` (templates, expanded per jurisdiction) and ``agencies.csv``."""

    def __init__(self, directory: Path, jurisdictions: Mapping[str, JurisdictionRef]) -> None:
        self.directory = directory
        self.places = jurisdictions
        self.drafts: dict[str, _Draft] = {}
        self.values: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
        self.listed: set[str] = set()

    def read(self) -> tuple[dict[str, AgencyRef], dict[str, _Relative], frozenset[str]]:
        self._lineup(_Table(self.directory / "agency-lineup.csv", _LINEUP_COLUMNS))
        self._bodies(_Table(self.directory / "agencies.csv", _AGENCY_COLUMNS))
        agencies: dict[str, AgencyRef] = {}
        relative: dict[str, _Relative] = {}
        for slug, d in self.drafts.items():
            parent = next((p for p in d.parents if p in self.drafts), None)
            if d.parents and parent is None:
                raise d.table.error(d.line, f"{slug}: no parent among {', '.join(d.parents)}")
            official = (d.names["zh-Hant"], d.names["zh-Hans"])
            absolute = set(_both((*official, *d.absolute)))
            forms = tuple(sorted(absolute | {form for _, form in d.relative}))
            agencies[slug] = AgencyRef(slug, d.jurisdiction, d.level, MappingProxyType(d.names), forms, parent)
            relative[slug] = tuple(sorted(d.relative))
        return agencies, relative, frozenset(self.listed)

    # -- the line-up

    def _lineup(self, table: _Table) -> None:
        seen: set[tuple[str, str]] = set()
        for line, row in table.rows():
            table.need(line, row, "code", "lineup", "name_zh_hant", "name_zh_hans", "name_en")
            code = table.slug(line, row["code"], "code")
            if row["lineup"] not in LINEUPS:
                raise table.error(line, f"lineup must be one of {', '.join(LINEUPS)}")
            if (code, row["lineup"]) in seen:
                raise table.error(line, f"{code!r} is listed twice for the {row['lineup']} line-up")
            seen.add((code, row["lineup"]))
            forms = _split(row["forms"])
            self._check_placeholders(table, line, row, forms)
            for place in self.places.values():
                if place.lineup == row["lineup"]:
                    self._expand(table, line, row, forms, place)

    @staticmethod
    def _check_placeholders(table: _Table, line: int, row: dict[str, str], forms: tuple[str, ...]) -> None:
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
        self, table: _Table, line: int, row: dict[str, str], forms: tuple[str, ...], p: JurisdictionRef
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
        parents = tuple(c.replace("{j}", p.code).replace("{up}", p.parent or "") for c in _split(row["parent"]))
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

    def _bodies(self, table: _Table) -> None:
        listed = self.listed
        for line, row in table.rows():
            table.need(line, row, "slug", "jurisdiction", "level", "name_zh_hant", "name_zh_hans", "name_en")
            slug = table.slug(line, row["slug"])
            if slug in listed:
                raise table.error(line, f"slug {slug!r} is listed twice")
            listed.add(slug)
            place = self.places.get(row["jurisdiction"])
            if place is None:
                raise table.error(line, f"unknown jurisdiction {row['jurisdiction']!r}")
            if row["level"] not in LEVELS:
                raise table.error(line, f"level must be one of {', '.join(LEVELS)}")
            relative: set[tuple[str, str]] = set()
            absolute = set(_both(_split(row["forms"])))
            for form in _split(row["relative_forms"]):
                prefix = next((p for p in place.prefixes if to_hans(form).startswith(to_hans(p))), None)
                if prefix is None:
                    raise table.error(line, f"relative form {form!r} does not start with {'/'.join(place.prefixes)}")
                relative.update((to_hans(prefix), f) for f in _both((form,)))
                absolute.update(_both((place.names["zh-Hant"] + form[len(prefix) :],)))
            parents = (row["parent"],) if row["parent"] else ()
            template = self.drafts.get(slug)
            if template is not None:  # an override: its own names and parent, the template's forms as well
                absolute |= template.absolute
                relative |= template.relative
            self.drafts[slug] = _Draft(place.code, row["level"], _names(row), absolute, relative, parents, table, line)


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
