"""Documents a report cites: titles in 《》, the document number printed after each, and who issued it."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from kg.ingest.mentions import DocumentMention, Mention

__all__ = ["document_mentions", "normalise_number"]

_TITLE = re.compile(r"《([^《》\n]{2,120})》")
# A number in brackets after the title: 〔〕, 【】, [], ［］ or () around the year, 号 after the serial number.
_YEAR = r"(?:[〔\[［【]\s*\d{4}\s*[〕\]］】]|[(（]\s*\d{4}\s*[)）])"
_NUMBER = re.compile(rf"\s*[(（]([^()（）\n]{{1,30}}?{_YEAR}\s*\d+\s*[号號])[)）]")
# The form the shapes require, after normalise_number.
_VALID_NUMBER = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF]+〔[0-9]{4}〕[1-9][0-9]*[号號]")
# An order's number names its issuer: 《…办法》（国家市场监督管理总局令第12号）.
_ORDER = re.compile(r"\s*[(（]([^()（）\n]{2,40}?)\s*令\s*第\s*\d+\s*[号號][)）]")
_ISSUE_VERBS = re.compile(r"(?:联合)?(?:印发|发布|出台|制定|颁布|修订|下发)(?:了)?(?:《|$)")
# Between an issuer's name and its document's title: 市场监管总局《…》, 省政府印发的《…》, 省政府办公厅关于印发《…》.
_ISSUER_GAP = re.compile(r"\s*(?:(?:联合)?(?:印发|发布|出台|制定|颁布|修订|下发)(?:了|的)?|关于印发|的)?\s*")
_JOINT = re.compile(r"\s*(?:、|和|与|及|以及|联合|会同|协同)\s*")
# Titles of newspapers, magazines and programmes (《南京日报》, 《中国质量报》), not documents; 通报, 公报 … are.
_PERIODICAL = re.compile(r"(?:(?<![通公简汇情年])报|杂志|周刊|月刊|画报|节目|栏目|频道|专栏)$")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_BRACKETED_YEAR = re.compile(r"[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]")


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
        stated = _issuers(norm, m.start(), agencies) or _order_issuers(norm, m.end(), statement_end, agencies)
        if stated:
            issuers, issuing = stated, False
        elif cursor == subject_end:
            issuing = bool(_ISSUE_VERBS.search(between + "《")) and not re.search(r"[。；;]", between)
        elif not re.fullmatch(r"\s*(?:和|及|与|、|以及)?\s*", between):
            issuers, issuing = (), False
        number_match = _NUMBER.match(norm, m.end(), statement_end)
        if number_match and not _VALID_NUMBER.fullmatch(normalise_number(number_match.group(1))):
            number_match = None
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


def _order_issuers(norm: str, title_end: int, end: int, agencies: Sequence[Mention]) -> tuple[Mention, ...]:
    """The body whose order number follows the title: 国家市场监督管理总局 in ``（国家市场监督管理总局令第12号）``."""
    order = _ORDER.match(norm, title_end, end)
    if not order:
        return ()
    return tuple(m for m in agencies if order.start(1) <= m.start and m.end == order.end(1))


def normalise_number(printed: str) -> str:
    """A document number in the form the shapes require: the year in 〔〕, ASCII digits, no white space, no
    leading zero in the serial number.

    >>> normalise_number("苏市监质[2024] 101号"), normalise_number("苏建质（２０２３）０８号")
    ('苏市监质〔2024〕101号', '苏建质〔2023〕8号')
    """
    number = _BRACKETED_YEAR.sub(r"〔\1〕", re.sub(r"\s+", "", printed.translate(_DIGITS)))
    return re.sub(r"〕0+(?=\d)", "〕", number)
