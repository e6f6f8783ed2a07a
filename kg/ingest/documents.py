"""Documents a report cites: titles in 《》, the document number printed after each, and who issued it."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from kg.ingest.mentions import DocumentMention, Mention

__all__ = ["document_mentions", "normalise_number"]

_TITLE = re.compile(r"《([^《》\n]{2,120})》")
# A number in brackets after the title: 〔〕, 【】, [] or ［］ around the year, 号 after the serial number.
_NUMBER = re.compile(r"\s*[(（]([^()（）\n]{1,30}?[〔\[［【]\s*\d{4}\s*[〕\]］】]\s*\d+\s*[号號])[)）]")
_ISSUE_VERBS = re.compile(r"(?:联合)?(?:印发|发布|出台|制定|颁布|修订|下发)(?:了)?(?:《|$)")
# Between an issuer's name and its document's title: 市场监管总局《…》, 省政府印发的《…》, 省政府办公厅关于印发《…》.
_ISSUER_GAP = re.compile(r"\s*(?:(?:联合)?(?:印发|发布|出台|制定|颁布|修订|下发)(?:了|的)?|关于印发|的)?\s*")
_JOINT = re.compile(r"\s*(?:、|和|与|及|以及|联合|会同|协同)\s*")
# Titles of newspapers, magazines and programmes (《南京日报》, 《中国质量报》), not documents; 通报, 公报 … are.
_PERIODICAL = re.compile(r"(?:(?<![通公简汇情年])报|杂志|周刊|月刊|画报|节目|栏目|频道|专栏)$")
_BRACKETS = str.maketrans({"【": "〔", "】": "〕", "[": "〔", "]": "〕", "［": "〔", "］": "〕"})


def document_mentions(
    norm: str,
    subject_end: int,
    statement_end: int,
    agencies: Sequence[Mention] = (),
    media: Collection[str] = (),
) -> list[DocumentMention]:
    """Titles in 《》 within ``[subject_end, statement_end)``, each with the bracketed document number printed right
    after it and the bodies the text names as its issuers. A title that names a media outlet (one of ``media``, or
    a name such as 《南京日报》, 《…杂志》, 《…栏目》) is no document.

    A document's issuers are the ``agencies`` named right before its title (``市场监管总局《…》``,
    ``省政府办公厅关于印发《…》``, ``A、B联合印发的《…》``). Without them it counts as issued by the statement's
    agencies (``issued``) when an issuing verb (印发, 发布 …) stands between the subject and the first title with no
    sentence break, and the titles follow one another (``《A》(号)和《B》``).

    >>> text = "依据市场监管总局《关于开展质量月活动的通知》（国市监质发【2024】58号）要求"
    >>> [doc] = document_mentions(text, 0, len(text), [Mention("agency", "cn-samr", 2, 8, True)])
    >>> text[doc.start : doc.end], text[slice(*doc.number)], [m.key for m in doc.issuers]
    ('关于开展质量月活动的通知', '国市监质发【2024】58号', ['cn-samr'])
    """
    found: list[DocumentMention] = []
    issuing = False
    cursor = subject_end
    issuers: tuple[Mention, ...] = ()
    for m in _TITLE.finditer(norm, subject_end, statement_end):
        if m.group(1) in media or _PERIODICAL.search(m.group(1)):
            continue
        between = norm[cursor : m.start()]
        stated = _issuers(norm, m.start(), agencies)
        if stated:
            issuers, issuing = stated, False
        elif cursor == subject_end:
            issuing = bool(_ISSUE_VERBS.search(between + "《")) and not re.search(r"[。；;]", between)
        elif not re.fullmatch(r"\s*(?:和|及|与|、|以及)?\s*", between):
            issuers, issuing = (), False
        number_match = _NUMBER.match(norm, m.end(), statement_end)
        number = (number_match.start(1), number_match.end(1)) if number_match else None
        found.append(DocumentMention(m.start(1), m.end(1), number, issued=issuing, issuers=issuers))
        cursor = number_match.end() if number_match else m.end()
    return found


def _issuers(norm: str, title_start: int, agencies: Sequence[Mention]) -> tuple[Mention, ...]:
    """The agencies named right before a title, joint issuers (A、B) included; none when a word stands between."""
    before = [m for m in agencies if m.end <= title_start and m.end > title_start - 40]
    if not before or not _ISSUER_GAP.fullmatch(norm, before[-1].end, title_start):
        return ()
    run = [before[-1]]
    for m in reversed(before[:-1]):
        if not _JOINT.fullmatch(norm, m.end, run[0].start):
            break
        run.insert(0, m)
    return tuple(run)


def normalise_number(printed: str) -> str:
    """A document number in the form the shapes require: the year in 〔〕, no white space.

    >>> normalise_number("苏市监质[2024] 101号")
    '苏市监质〔2024〕101号'
    """
    return re.sub(r"\s+", "", printed.translate(_BRACKETS))
