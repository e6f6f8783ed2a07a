"""Records of the curated reference data: jurisdictions, agencies, product and media terms, campaigns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["LEVELS", "LINEUPS", "TOP_LEVELS", "AgencyRef", "CampaignRef", "JurisdictionRef", "TermRef"]

LEVELS = ("national", "provincial", "municipal", "county", "township", "region")
# Levels with no enclosing jurisdiction: the mainland's national level and the regions (Taiwan, Hong Kong, Macau).
TOP_LEVELS = ("national", "region")
LINEUPS = ("province", "city")


@dataclass(frozen=True)
class JurisdictionRef:
    """An administrative area: ``cn``, a province (``js``), a city (``nanjing``) or a region (``tw``, ``hk``)."""

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
