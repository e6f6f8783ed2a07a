"""Readable, deterministic ASCII slugs for minted IRIs (pinyin for Chinese, never random)."""

from __future__ import annotations

import hashlib
import posixpath
import re
from functools import lru_cache

__all__ = ["MAX_SEGMENT", "pinyin_slug", "relative", "short_path"]

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_MAX = 64


@lru_cache(maxsize=4096)
def pinyin_slug(text: str) -> str:
    """Turn a Chinese (either script) or mixed string into a lowercase ASCII slug of pinyin syllables and digits.

    Long slugs are cut at a syllable boundary and given a short checksum of the full text, so they stay unique.

    >>> pinyin_slug("蘇民養老〔2022〕14號")
    'su-min-yang-lao-2022-14-hao'
    >>> pinyin_slug("移动应用 APP")
    'yi-dong-ying-yong-app'
    >>> pinyin_slug("于都县"), pinyin_slug("长阳土家族自治县市场监管局")
    ('yu-du-xian', 'chang-yang-tu-jia-zu-zi-zhi-xian-shi-chang-jian-guan-ju')
    """
    from pypinyin import Style, lazy_pinyin

    from kg.place_readings import split_places

    syllables = [  # a place name as places are read (于都县 yu-du-xian), the rest as pypinyin reads words
        s for piece, read in split_places(text)
        for s in (read or lazy_pinyin(piece, style=Style.NORMAL, errors="default"))
    ]
    slug = _NON_SLUG.sub("-", "-".join(s.lower() for s in syllables)).strip("-")
    if not slug:
        return "x" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    if len(slug) > _MAX:
        cut = slug[:_MAX].rsplit("-", 1)[0]
        slug = f"{cut}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"
    return slug


MAX_SEGMENT = 200
"""The longest segment of a path kept as it is in a file name (with ``.jsonld`` a file name stays far under the 255
bytes file systems allow): a longer one is cut by :func:`short_path`."""


def short_path(path: str) -> str:
    """``path`` (``/``-separated) with each segment over :data:`MAX_SEGMENT` characters cut to its first 100, ``-``
    and 16 hex digits of its SHA-256: a file name that every file system takes, the same from run to run.

    >>> short_path("agency/js-amr"), short_path("a/" + "x" * 300)[-20:]
    ('agency/js-amr', 'xxx-0d4e2ca9e9cbced7')
    """
    if len(path) <= MAX_SEGMENT:
        return path
    return "/".join(s if len(s) <= MAX_SEGMENT else f"{s[:100]}-{hashlib.sha256(s.encode()).hexdigest()[:16]}"
                    for s in path.split("/"))


def relative(target: str, folder: str) -> str:
    """``posixpath.relpath(target, folder)`` for two site-relative paths, without the file system's current folder
    (which ``relpath`` asks for on every call; a site makes one link per term and folder).

    >>> relative("id/agency/js-amr.html", "id/activity/js-2022-qm"), relative("index.html", "")
    ('../../agency/js-amr.html', 'index.html')
    >>> relative("ontology/index.en.html#Agency", "class")
    '../ontology/index.en.html#Agency'
    """
    parts = [p for p in target.split("/") if p]
    start = [p for p in folder.split("/") if p and p != "."]
    if any(p in (".", "..") for p in (*parts, *start)) or target.startswith("/") or folder.startswith("/"):
        return posixpath.relpath(target, folder or ".")
    common = 0
    for a, b in zip(parts, start, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."
