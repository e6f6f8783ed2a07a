"""Han script: what a Han character is, Traditional ↔ Simplified conversion (OpenCC), and which script a text is in."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from kg.han import HAN, is_han  # the definition lives in the core, for kg.sources too

__all__ = [
    "HAN",
    "aligned_hans",
    "both_scripts",
    "detect_script",
    "is_han",
    "memo_size",
    "mixed_script",
    "read_memo",
    "script_variants",
    "span_scripts",
    "to_hans",
    "to_hant",
    "write_memo",
]


# One OpenCC converter per direction. To Simplified: ``hk2s`` is ``t2s`` that also reads the Hong Kong variants
# (衞 敍 粧 糭 衹 枱 潀), so every Traditional spelling ``script_variants`` writes (s2t, s2tw, s2hk) reads back to its
# Simplified source; ``tw2s`` is not used, as it rewrites Simplified text (么 -> 幺, 显著 -> 显着).
_HANS = "hk2s"
_HANT = "s2t"
_TRADITIONAL = ("s2t", "s2tw", "s2hk")
_SHORT = 64  # texts up to this length are remembered: names and labels recur across reports, sentences do not
_MEMO_LIMIT = 1 << 18


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


_MEMO: dict[str, dict[str, str]] = {}


def _convert(config: str, text: str) -> str:
    if len(text) > _SHORT:
        return str(_converter(config).convert(text))
    memo = _MEMO.setdefault(config, {})
    out = memo.get(text)
    if out is None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        out = memo[text] = str(_converter(config).convert(text))
    return out


def to_hans(text: str) -> str:
    """Simplified script of ``text``, whichever Traditional convention it was written in; Simplified text stays.

    >>> to_hans("江蘇省市場監督管理局"), to_hans("衞生健康委"), to_hans("成效显著")
    ('江苏省市场监督管理局', '卫生健康委', '成效显著')
    """
    return _convert(_HANS, text)


def to_hant(text: str) -> str:
    """Traditional script of ``text`` (OpenCC's standard spelling).

    >>> to_hant("质量发展")
    '質量發展'
    """
    return _convert(_HANT, text)


def aligned_hans(text: str) -> str:
    """The Simplified form of ``text`` with exactly the same length, so offsets carry over.

    >>> aligned_hans("質量發展委員會")
    '质量发展委员会'
    """
    whole = to_hans(text)
    if len(whole) == len(text):
        return whole
    return "".join(c if len(s := to_hans(c)) != 1 else s for c in text)


def detect_script(text: str) -> str:
    """``"zh-Hant"`` when more Han characters change to Simplified than to Traditional, else ``"zh-Hans"``.

    Each distinct character is converted on its own line, so phrase rules cannot blur the count; a tie
    (no script-specific characters) counts as Simplified.

    >>> detect_script("省質量發展委員會"), detect_script("省质量发展委员会")
    ('zh-Hant', 'zh-Hans')
    """
    traditional, simplified = _script_counts(text)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def span_scripts(surface: str, script: str) -> dict[str, str]:
    """``surface`` in both scripts, kept as written in the script its own characters are in.

    A span says its script by its characters, whatever the report's majority: a Simplified sentence in a Traditional
    report is labelled zh-Hans as written. A character belongs to one script only when the other script's
    converter changes it and that script's charset (GB2312, Big5) lacks it, so 乾 and 于 belong to both.
    ``script`` (the report's) decides for a span with no such character; a span that has both kinds is converted
    both ways.

    >>> span_scripts("省教育厅", "zh-Hant")
    {'zh-Hant': '省教育廳', 'zh-Hans': '省教育厅'}
    >>> span_scripts("省教育廳", "zh-Hans"), span_scripts("乾坤", "zh-Hans")
    ({'zh-Hant': '省教育廳', 'zh-Hans': '省教育厅'}, {'zh-Hant': '乾坤', 'zh-Hans': '乾坤'})
    >>> span_scripts("品质強省", "zh-Hans")
    {'zh-Hant': '品質強省', 'zh-Hans': '品质强省'}
    """
    hant, hans = _scripts_of(surface)
    if hant and hans:
        return {"zh-Hant": to_hant(surface), "zh-Hans": to_hans(surface)}
    if hant or (not hans and script == "zh-Hant"):
        return {"zh-Hant": surface, "zh-Hans": to_hans(surface)}
    return {"zh-Hant": to_hant(surface), "zh-Hans": surface}


def mixed_script(surface: str) -> bool:
    """True when ``surface`` has characters of each script alone, so that neither of its labels (``span_scripts``)
    is the text as written.

    >>> mixed_script("公众衞生及市政条例"), mixed_script("公眾衞生及市政條例"), mixed_script("公众卫生")
    (True, False, False)
    """
    hant, hans = _scripts_of(surface)
    return hant and hans


def _scripts_of(surface: str) -> tuple[bool, bool]:
    """Whether ``surface`` has a character of the Traditional script alone, and one of the Simplified alone."""
    unknown = set(surface).difference(_KNOWN)
    if unknown:
        _learn(unknown)
    return not _HANT_ONLY.isdisjoint(surface), not _HANS_ONLY.isdisjoint(surface)


# Characters that belong to one script alone, and every character already sorted (set operations, not a loop).
_HANT_ONLY: set[str] = set()
_HANS_ONLY: set[str] = set()
_KNOWN: set[str] = set()


def _learn(chars: set[str]) -> None:
    """Sort characters into ``_HANT_ONLY``, ``_HANS_ONLY`` or neither, as ``span_scripts`` reads them."""
    for char in chars:
        if is_han(char):
            for only, convert, charset in ((_HANT_ONLY, to_hans, "gb2312"), (_HANS_ONLY, to_hant, "big5")):
                if convert(char) != char:
                    try:
                        char.encode(charset)
                    except UnicodeEncodeError:
                        only.add(char)
        _KNOWN.add(char)


def _script_counts(text: str) -> tuple[int, int]:
    """How many Han characters of ``text`` are Traditional-only (change to Simplified) and Simplified-only."""
    counts = Counter(ch for ch in text if is_han(ch))
    new = [c for c in counts if c not in _SCRIPT_OF]
    if new:
        as_hans = to_hans("\n".join(new)).split("\n")
        as_hant = to_hant("\n".join(new)).split("\n")
        if len(as_hans) != len(new) or len(as_hant) != len(new):
            as_hans, as_hant = [to_hans(c) for c in new], [to_hant(c) for c in new]
        for c, s, t in zip(new, as_hans, as_hant, strict=True):
            _SCRIPT_OF[c] = (s != c, t != c)
    traditional = sum(n for c, n in counts.items() if _SCRIPT_OF[c][0])
    simplified = sum(n for c, n in counts.items() if _SCRIPT_OF[c][1])
    return traditional, simplified


# Han character -> (changes to Simplified, changes to Traditional): a few thousand characters cover every report.
_SCRIPT_OF: dict[str, tuple[bool, bool]] = {}
_VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {}


def script_variants(text: str) -> tuple[str, tuple[str, ...]]:
    """``(simplified, traditional spellings)``: the Traditional ones as the common converters write them.

    >>> script_variants("卫生健康委")[0], sorted(script_variants("卫生健康委")[1])
    ('卫生健康委', ['衛生健康委', '衞生健康委'])
    """
    cached = _VARIANTS.get(text)
    if cached is None:
        hans = to_hans(text)
        hant = {text} if text != hans else set()
        hant.update(_convert(c, hans) for c in _TRADITIONAL)
        hant.discard(hans)
        cached = (hans, tuple(sorted(hant)) or (hans,))
        _VARIANTS[text] = cached
    return cached


def both_scripts(texts: Iterable[str]) -> tuple[str, ...]:
    """Every spelling of the texts, Simplified and Traditional, sorted.

    >>> both_scripts(["质量月"])
    ('質量月', '质量月')
    """
    out: set[str] = set()
    for text in texts:
        hans, hant = script_variants(text)
        out.add(hans)
        out.update(hant)
    return tuple(sorted(out))


# The reference loader makes tens of thousands of conversions: the memo of its Simplified forms and variants is
# kept between runs in the user's cache folder (plain JSON, keyed by the OpenCC version and the converter).


def _memo_file() -> Path | None:
    import os
    from importlib.metadata import PackageNotFoundError, version

    try:
        opencc_version = version("opencc")
    except PackageNotFoundError:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "govkg" / f"opencc-{opencc_version}-{_HANS}-conversions.json"


def memo_size() -> int:
    """How many conversions the memo that :func:`write_memo` keeps holds now."""
    return len(_MEMO.get(_HANS, {})) + len(_VARIANTS)


def read_memo() -> int:
    """Fill the memo from the cache file; returns how many entries it held (0 when absent or unreadable)."""
    import json

    path = _memo_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else {}
        hans, variants = data.get("hans", {}), data.get("variants", {})
        _MEMO.setdefault(_HANS, {}).update({k: v for k, v in hans.items() if isinstance(v, str)})
        _VARIANTS.update({k: (v[0], tuple(v[1])) for k, v in variants.items()})
        return len(hans) + len(variants)
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return 0


def write_memo() -> None:
    """Keep the memo for the next run; a cache that cannot be written is simply not kept."""
    import json

    from kg.files import write_text

    path = _memo_file()
    if path is None:
        return
    variants = {k: [v[0], list(v[1])] for k, v in _VARIANTS.items()}
    data = {"hans": _MEMO.get(_HANS, {}), "variants": variants}
    with contextlib.suppress(Exception):  # a cache is optional: any failure to keep it is ignored
        write_text(path, json.dumps(data, ensure_ascii=False, sort_keys=True))
