"""Curated reference data (`data/reference/`): jurisdictions, agencies, products, media, campaigns."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from kg.errors import InputError
from kg.ingest.agency_lineup import read_agencies
from kg.ingest.forms import Forms, Patterns
from kg.ingest.reference_records import AgencyRef, CampaignRef, JurisdictionRef, TermRef
from kg.ingest.reference_tables import (
    UserFolder,
    normalise_key,
    read_campaigns,
    read_jurisdictions,
    read_terms,
    read_translations,
)
from kg.ingest.script import both_scripts, memo_size, read_memo, to_hans, write_memo

__all__ = ["USER_TABLES", "Reference", "load_reference"]

USER_TABLES = ("jurisdictions.csv", "agencies.csv", "products.csv", "media.csv", "campaigns.csv", "translations.csv")
"""The tables a user's reference folder may hold (any of them): the line-up templates stay the shipped ones."""


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
        self._by_jurisdiction: dict[str, list[str]] = {}
        for slug, agency in self.agencies.items():
            self._by_jurisdiction.setdefault(agency.jurisdiction, []).append(slug)
        self._explicit = explicit
        self._absolute = self._tiers(
            [(form, slug) for slug, a in self.agencies.items() for form in self._absolute_forms(a)]
        )
        self._products = _term_forms(self.products)
        self._media = _term_forms(self.media)
        self._places = _unique(
            (f, j.code) for j in self.jurisdictions.values() for f in both_scripts((j.names["zh-Hant"], *j.bare))
        )
        self._english = self._english_index()
        self._absolute_view = MappingProxyType(self._absolute)
        self._forms: dict[str, Forms] = {}
        self._patterns: Patterns | None = None
        self.user_files: tuple[tuple[Path, str], ...] = ()
        """The user's own tables merged over the shipped ones: (path, SHA-256) each; empty for the shipped data."""

    def _absolute_forms(self, agency: AgencyRef) -> set[str]:
        relative = {form for _, form in self._relative.get(agency.slug, ())}
        return set(agency.short_forms) - relative

    def _tiers(self, pairs: list[tuple[str, str]]) -> dict[str, str]:
        """Forms of agencies listed one by one (``agencies.csv``) win over forms of line-up templates."""
        out = _unique((f, s) for f, s in pairs if s in self._explicit)
        for form, slug in _unique((f, s) for f, s in pairs if s not in self._explicit).items():
            out.setdefault(form, slug)
        return out

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
        left out.

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
            for form, slug in self._tiers(tier).items():
                forms.setdefault(form, slug)
            used.update(to_hans(p) for p in ref.prefixes)
            code = ref.parent
        return forms

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




def _unique(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Surface form -> key; a form claimed by two keys is left out."""
    seen: dict[str, set[str]] = {}
    for form, key in pairs:
        seen.setdefault(form, set()).add(key)
    return {form: next(iter(keys)) for form, keys in seen.items() if len(keys) == 1}


def _term_forms(terms: Mapping[str, TermRef]) -> dict[str, str]:
    return _unique((f, t.slug) for t in terms.values() for f in (t.names["zh-Hant"], t.names["zh-Hans"], *t.aliases))


def load_reference(directory: Path | None = None, user: Path | None = None) -> Reference:
    """Read and check the reference data in ``directory`` (default ``data/reference``); cached per directory.

    ``user`` is a folder of the user's own tables (any of :data:`USER_TABLES`), read after the shipped ones: they add
    bodies, places, products, outlets, campaigns and translations, and may not redefine a shipped one. Every problem
    in them is reported at once, one ``file:line[:column]: message`` line each (:class:`ReferenceProblems`). The
    merged data is cached by the user files' checksums, apart from the shipped data's cache, and never written to
    the conversion memo kept between runs (so the shipped tables' cache holds only what they need).

    >>> ref = load_reference()
    >>> ref.agencies["js-amr"].names["en"]
    'Jiangsu Provincial Administration for Market Regulation'
    """
    from kg.paths import REFERENCE_DIR

    shipped = (directory or REFERENCE_DIR).resolve()
    if user is None:
        return _load(shipped)
    files = _user_files(user)
    return _load_user(shipped, user.resolve(), tuple(files))


def _user_files(folder: Path) -> list[tuple[Path, str]]:
    import hashlib

    if not folder.is_dir():
        raise InputError("no such reference folder", path=folder)
    problems = [InputError(f"not a table a reference folder may hold ({', '.join(USER_TABLES)})", path=p)
                for p in sorted(folder.iterdir()) if p.suffix == ".csv" and p.name not in USER_TABLES]
    if problems:
        raise ReferenceProblems(problems)
    return [(folder / name, hashlib.sha256((folder / name).read_bytes()).hexdigest())
            for name in USER_TABLES if (folder / name).is_file()]


class ReferenceProblems(InputError):
    """Every problem of a user's reference folder, one line each."""

    def __init__(self, problems: list[InputError]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@functools.cache
def _load(directory: Path) -> Reference:
    known = read_memo()
    reference = _load_uncached(directory)
    if memo_size() > known:
        write_memo()
    return reference


@functools.cache
def _load_user(directory: Path, folder: Path, files: tuple[tuple[Path, str], ...]) -> Reference:
    _load(directory)  # the shipped data first: its conversions are the memo's, the user's are not kept
    user = UserFolder(folder)
    reference = _load_uncached(directory, user)
    if user.problems:
        raise ReferenceProblems(user.problems)
    reference.user_files = files
    return reference


def _load_uncached(directory: Path, user: UserFolder | None = None) -> Reference:
    jurisdictions = read_jurisdictions(directory / "jurisdictions.csv", user)
    agencies, relative, explicit = read_agencies(directory, jurisdictions, user)
    return Reference(
        jurisdictions,
        agencies,
        relative,
        read_terms(directory / "products.csv", user),
        read_terms(directory / "media.csv", user),
        read_campaigns(directory / "campaigns.csv", user),
        read_translations(directory / "translations.csv", user),
        explicit,
    )
