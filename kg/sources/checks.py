"""Warnings about what a source's text looks like: RDF given as a report, a table of contents, no text at all."""

from __future__ import annotations

import re

__all__ = ["text_notes"]

_RDF = re.compile(r"\s*(?:@prefix\s|@base\s|PREFIX\s|BASE\s|<\?xml[^>]*>\s*<rdf:RDF|<rdf:RDF"
                  r"|\{\s*\"@(?:context|graph)\"|<https?://[^>\s]+>\s+<https?://[^>\s]+>\s+[<\"_])", re.IGNORECASE)
# A contents line: a heading, dot leaders or spaces, a page number at the end.
_CONTENTS_LINE = re.compile(r".{2,}?(?:[.．·…‥]{3,}|\s{2,}|\t)\s*\d{1,4}\s*$")
_CONTENTS_SHARE = 0.5


def text_notes(text: str) -> list[str]:
    """What is odd about ``text`` for a report, one note each (empty when nothing is).

    >>> text_notes("@prefix ex: <http://example.org/> .\\nex:a ex:b ex:c .")[0][:26]
    'looks like RDF, not a repo'
    >>> text_notes("目录\\n一、总体要求……………3\\n二、主要任务……………5\\n三、保障措施……………9")[0][:30]
    'looks like a table of contents'
    >>> text_notes("省市场监管局开展质量月活动。")
    []
    """
    notes = []
    if _RDF.match(text[:2000]):
        notes.append("looks like RDF, not a report: load it with kg validate or kg query --data instead")
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) >= 3 and sum(1 for line in lines if _CONTENTS_LINE.match(line)) >= _CONTENTS_SHARE * len(lines):
        notes.append("looks like a table of contents (most lines end in a page number), not a report's text")
    return notes
