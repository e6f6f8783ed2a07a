"""What a Han character is: one definition for every stage (reading sources, cleaning, extraction)."""

from __future__ import annotations

import re

__all__ = ["HAN", "is_han"]

# CJK ideographs (unified, extension A, compatibility, extensions B-I and the supplement) and 〇 (U+3007), as the
# inside of a regex character class: ``re.compile(f"[{HAN}]")``.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
_HAN = re.compile(f"[{HAN}]")


def is_han(ch: str) -> bool:
    """True for a CJK ideograph (unified, extensions, compatibility) or 〇.

    >>> is_han("質"), is_han("〇"), is_han("?"), is_han("。")
    (True, True, False, False)
    """
    return _HAN.match(ch) is not None
