"""What reading a published file gives: its text, where each page starts, what the page says of itself."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

__all__ = ["METADATA_KEYS", "Extracted", "SourceDocument"]

METADATA_KEYS = ("title", "url", "publisher", "date")
"""What a file may say about itself: its title, canonical URL, publisher and publication date (ISO ``YYYY-MM-DD``)."""


@dataclass(frozen=True)
class Extracted:
    """What one format's reader took out of a file's bytes.

    ``text`` is the report's text (for a PDF in reading order, pages joined, running headers, footers and page
    numbers dropped). ``pages`` holds the offset in ``text`` (code points) where each page starts, in page order,
    the first being 0; it is empty for a format without pages. ``metadata`` maps a key of :data:`METADATA_KEYS` to
    its value and where in the file it was read (``"<meta name=PubDate>"``, ``"docx core properties"`` …).
    ``notes`` are warnings for the user (nothing but navigation found, looks like a table of contents …).
    """

    text: str
    pages: tuple[int, ...] = ()
    metadata: dict[str, tuple[str, str]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    """A source file as read: its bytes' identity, its format, and what its reader extracted."""

    name: str
    media_type: str
    byte_size: int
    sha256: str
    extracted: Extracted

    @property
    def text(self) -> str:
        """The extracted text (the raw text the build cleans)."""
        return self.extracted.text

    def page_of(self, offset: int) -> int | None:
        """The page (1-based) on which the character at ``offset`` of ``text`` stands; ``None`` without pages.

        >>> doc = SourceDocument("a.pdf", "application/pdf", 9, "0" * 64, Extracted("abcdefgh", pages=(0, 3, 6)))
        >>> doc.page_of(0), doc.page_of(2), doc.page_of(3), doc.page_of(7)
        (1, 1, 2, 3)
        """
        pages = self.extracted.pages
        if not pages:
            return None
        return bisect.bisect_right(pages, offset)
