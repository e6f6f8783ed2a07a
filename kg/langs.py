"""The languages a user may ask for (``--lang``), one set for every command, read case-insensitively."""

from __future__ import annotations

from kg.errors import InputError, shown

__all__ = ["LANGS", "OWN_SCRIPT", "majority_script", "parse_lang"]

OWN_SCRIPT = "zh"
"""Chinese in the script the text is written in: the reports' own for labels, Simplified for govkg's messages."""
LANGS = ("zh-Hant", "zh-Hans", "en", OWN_SCRIPT)
"""Every value of ``--lang``, as written (tags are case-insensitive, BCP 47)."""
_BY_FOLDED = {lang.lower(): lang for lang in LANGS}


def parse_lang(text: str) -> str:
    """``text`` as one of :data:`LANGS`, its case as written there; anything else is an :class:`InputError`.

    >>> parse_lang("ZH-hant"), parse_lang("EN"), parse_lang(" zh ")
    ('zh-Hant', 'en', 'zh')
    >>> parse_lang("fr")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.InputError: 'fr' is not a language govkg writes (zh-Hant, zh-Hans, en, or zh for the text's own ...
    """
    found = _BY_FOLDED.get(text.strip().lower())
    if found is None:
        raise InputError(f"{shown(text)} is not a language govkg writes ({', '.join(LANGS[:-1])}, or zh for the "
                         f"text's own script; any case)")
    return found


def majority_script(counts: dict[str, int]) -> str:
    """What ``zh`` means for a graph whose reports' texts carry these language tags (any case) this many times: the
    Chinese script most of them are written in, ``zh-Hant`` on a tie or when none is Chinese.

    >>> majority_script({"zh-hans": 2, "zh-Hant": 1}), majority_script({}), majority_script({"zh-Hans": 1, "fr": 3})
    ('zh-Hans', 'zh-Hant', 'zh-Hans')
    """
    folded: dict[str, int] = {}
    for tag, count in counts.items():
        found = _BY_FOLDED.get(tag.strip().lower())
        if found is not None:
            folded[found] = folded.get(found, 0) + count
    return max(("zh-Hant", "zh-Hans"), key=lambda tag: folded.get(tag, 0))
