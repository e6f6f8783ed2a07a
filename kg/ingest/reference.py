"""Curated reference data (`data/reference/`): jurisdictions, agencies, products, media, campaigns."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from kg.ingest.agency_lineup import read_agencies
from kg.ingest.forms import Forms, Patterns
from kg.ingest.reference_changes import Changes, read_changes
from kg.ingest.reference_records import AgencyRef, CampaignRef, JurisdictionRef, TermRef
from kg.ingest.reference_tables import (
    UserFolder,
    normalise_key,
    read_campaigns,
    read_jurisdictions,
    read_terms,
    read_translations,
)
from kg.ingest.reference_user import USER_TABLES, ReferenceProblems, user_files
from kg.ingest.region import read_regions
from kg.ingest.script import both_scripts, memo_size, read_memo, to_hans, write_memo
from kg.ingest.topic_table import TopicTable, read_topics

__all__ = ["USER_TABLES", "Reference", "load_reference"]

# How other regions name the mainland without its places: 内地 (内地海关), 大陆, and 国家 opening a name (国家…局).
_OTHERS_CALL = {"cn": ("内地", "大陆", "^国家")}

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
        markers: Mapping[str, tuple[str, ...]] | None = None,
        topics: TopicTable | None = None,
        changes: Changes | None = None,
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
        self.region_markers = MappingProxyType(dict(markers or {}))
        self.topics = topics or TopicTable((), MappingProxyType({}), MappingProxyType({}))
        self.changes = changes or Changes({})
        """The change events of ``changes.csv`` (``changes["js-2018-amr"]``, ``changes.of("js-qts")``)."""
        self._absolute = self._regional_forms()
        self._products = _term_forms(self.products)
        self._media = _term_forms(self.media)
        self._places = _unique(
            (f, j.code) for j in self.jurisdictions.values() for f in both_scripts((j.names["zh-Hant"], *j.bare))
        )
        self._english = self._english_index()
        self._absolute_views = {r: MappingProxyType(forms) for r, forms in self._absolute.items()}
        self._foreign: dict[str, Mapping[str, str]] = {}
        self._forms: dict[str, Forms] = {}
        self._patterns: Patterns | None = None
        self.user_files: tuple[tuple[Path, str], ...] = ()
        """The user's own tables merged over the shipped ones: (path, SHA-256) each; empty for the shipped data."""

    def _absolute_forms(self, agency: AgencyRef) -> set[str]:
        relative = {form for _, form in self._relative.get(agency.slug, ())}
        return set(agency.short_forms) - relative

    def region_of(self, code: str) -> str:
        """The top of a jurisdiction's chain: ``cn`` for the mainland, else its region (``tw``, ``hk``, ``mo``).

        >>> ref = load_reference()
        >>> ref.region_of("nanjing"), ref.region_of("taipei"), ref.region_of("hk")
        ('cn', 'tw', 'hk')
        """
        parent = self.jurisdictions[code].parent
        while parent is not None:
            code, parent = parent, self.jurisdictions[parent].parent
        return code

    def _regional_forms(self) -> dict[str, dict[str, str]]:
        """Each region's absolute forms, one tier each: 消費者委員會 is Hong Kong's in Hong Kong, Macau's in Macau."""
        pairs: dict[str, list[tuple[str, str]]] = {}
        for code, ref in self.jurisdictions.items():
            if ref.parent is None:
                pairs[code] = []
        for slug, a in self.agencies.items():
            pairs[self.region_of(a.jurisdiction)] += [(form, slug) for form in self._absolute_forms(a)]
        return {region: self._tiers(found) for region, found in pairs.items()}

    def _foreign_forms(self, region: str) -> Mapping[str, str]:
        """Other regions' forms that name their place (香港海關, 江蘇省市場監管局): the only ones a report of
        ``region`` reads as another region's bodies, so a bare 海關 or 教育部 stays the report's own region's."""
        cached = self._foreign.get(region)
        if cached is None:
            found: dict[str, str] = {}
            for other, forms in self._absolute.items():
                if other == region:
                    continue
                places = [to_hans(b) for j in self.jurisdictions.values() if self.region_of(j.code) == other
                          for b in (j.names["zh-Hans"], *j.bare) if len(to_hans(b)) >= 2]
                places = [*map(re.escape, sorted(set(places), key=len, reverse=True)), *_OTHERS_CALL.get(other, ())]
                named = re.compile("|".join(places))  # the calls are patterns
                for form, slug in forms.items():
                    if named.search(to_hans(form)):
                        found.setdefault(form, slug)
            cached = self._foreign[region] = MappingProxyType(found)
        return cached

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
        forms and official names of every agency of the report's region (the mainland's national bodies in a
        mainland report; Hong Kong's 海關 in a Hong Kong one), then other regions' forms that name their place
        (香港海關 in a mainland report). Within a tier, bodies listed
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
            region = self.region_of(jurisdiction)
            layers = (MappingProxyType(self._relative_forms(jurisdiction)), self._absolute_views[region],
                      self._foreign_forms(region))
            cached = Forms(layers, self._agency_patterns())
            self._forms[jurisdiction] = cached
        return cached

    def _agency_patterns(self) -> Patterns:
        """One matcher for the agency forms of every jurisdiction: absolute forms and every relative form."""
        if self._patterns is None:
            relative = (form for pairs in self._relative.values() for _, form in pairs)
            absolute = (form for forms in self._absolute.values() for form in forms)
            self._patterns = Patterns(itertools.chain(absolute, relative))
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
    files = user_files(user)
    return _load_user(shipped, user.resolve(), tuple(files))


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


def _topics_file(directory: Path) -> Path:
    """The folder's topic table, else the shipped one: topics are the ontology's vocabulary, not a place's data."""
    from kg.paths import REFERENCE_DIR

    own = directory / "topics.csv"
    return own if own.is_file() else REFERENCE_DIR / "topics.csv"


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
        read_regions(directory / "regions.csv", jurisdictions),
        topics=read_topics(_topics_file(directory)),
        changes=read_changes(directory / "changes.csv", agencies, jurisdictions)
        if (directory / "changes.csv").is_file() else None,
    )
