"""Placeholder: reading pdf sources lands in the next commits of this branch."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.sources.document import Extracted

__all__ = ["read_pdf"]


def read_pdf(data: bytes, path: Path) -> Extracted:
    """Not yet: refused with one line."""
    raise InputError("this format is not read yet", path=path)
