"""Documents a statement cites: titles in 《》, the document number printed after each, and whether it is issued."""

from __future__ import annotations

import re

from kg.ingest.mentions import DocumentMention

__all__ = ["document_mentions"]

_TITLE = re.compile(r"《([^《》\n]{2,120})》")
_NUMBER = re.compile(r"\s*[(（]([^()（）\n]{1,30}?[〔\[［【]\d{4}[〕\]］】]\s*\d+\s*号)[)）]")
_ISSUE_VERBS = re.compile(r"(?:联合)?(?:印发|发布|出台|制定|颁布|修订|下发)(?:了)?(?:《|$)")


def document_mentions(norm: str, subject_end: int, statement_end: int) -> list[DocumentMention]:
    """Titles in 《》 within a statement, each with the bracketed document number printed right after it.

    A document counts as issued by the statement's agencies when an issuing verb (印发, 发布 …) stands between the
    subject and the first title with no sentence break, and the titles follow one another (``《A》(号)和《B》``).
    """
    found: list[DocumentMention] = []
    issuing = False
    cursor = subject_end
    for m in _TITLE.finditer(norm, subject_end, statement_end):
        between = norm[cursor : m.start()]
        if cursor == subject_end:
            issuing = bool(_ISSUE_VERBS.search(between + "《")) and not re.search(r"[。；;]", between)
        elif not re.fullmatch(r"\s*(?:和|及|与|、|以及)?\s*", between):
            issuing = False
        number_match = _NUMBER.match(norm, m.end(), statement_end)
        number = (number_match.start(1), number_match.end(1)) if number_match else None
        found.append(DocumentMention(m.start(1), m.end(1), number, issued=issuing))
        cursor = number_match.end() if number_match else m.end()
    return found
