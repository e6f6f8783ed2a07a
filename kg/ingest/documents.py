"""Documents a report cites: titles in 《》, the document number printed after each, and who issued it."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace

from kg.ingest.leads import LIST_CLOSE
from kg.ingest.mentions import DocumentMention, Mention, MentionIndex
from kg.ingest.script import HAN

__all__ = ["Aliases", "document_aliases", "document_mentions", "normalise_number", "numbered_alike", "title_spans"]

# The short names a text gives its documents: each name, with the documents it is given to and where, in text order.
Aliases = Mapping[str, Sequence[tuple[DocumentMention, int]]]

_TITLE = re.compile(r"《([^《》\n]{2,120})》")
# A number in brackets after the title: 〔〕, 【】, [], ［］ or () around the year, 号 after the serial number.
_YEAR = r"(?:[〔\[［【]\s*\d{4}\s*[〕\]］】]|[(（]\s*\d{4}\s*[)）])"
_NUMBER = re.compile(
    rf"\s*[(（]([^()（）\n]{{1,30}}?{_YEAR}\s*\d+\s*[号號])(?:[)）]|[，,；;][^()（）\n]{{0,30}}?[)）])"
)
# The short name a text gives a document after its title or number: （…号，以下简称《通知》）, （以下简称《纲要》）.
_ALIAS = re.compile(r"\s*[(（]?[^()（）\n]{0,30}?[，,；;]?\s*(?:以下简称|以下称|下称|简称)为?\s*《([^《》\n]{1,30})》")
# The form the shapes require, after normalise_number.
_VALID_NUMBER = re.compile(f"[{HAN}]+〔[0-9]{{4}}〕[1-9][0-9]*[号號]")
# An order's number names its issuer: 《…办法》（国家市场监督管理总局令第12号）.
_ORDER = re.compile(r"\s*[(（]([^()（）\n]{2,40}?)\s*令\s*第\s*\d+\s*[号號][)）]")
_ISSUE_VERBS = re.compile(r"(?:联合)?(?:印发|发布|出台|制定|颁布|修订|下发)(?:了)?(?:《|$)")
# Between an issuer's name and its document's title: 市场监管总局《…》, 省政府印发的《…》, 省政府办公厅关于印发《…》,
# and after the last of a list of issuers, its close: A、B等十部门《…》, A、B等部门联合印发《…》.
_ISSUER_GAP = re.compile(
    rf"\s*(?:{LIST_CLOSE})?\s*(?:(?:联合)?(?:印发|发布|出台|制定|颁布|修订|下发)(?:了|的)?|关于印发|的)?\s*"
)
_JOINT = re.compile(r"\s*(?:、|和|与|及|以及|联合|会同|协同)\s*|[ \u3000]+")  # 《中共中央 国务院关于…》
# Titles of newspapers, magazines and programmes (《南京日报》, 《中国质量报》), not documents; 通报, 公报 … are.
_PERIODICAL = re.compile(r"(?:(?<![通公简汇情年])报|杂志|周刊|月刊|画报|节目|栏目|频道|专栏)$")
# A title followed by what it is, when that is no document: 《大国质量》纪录片.
_NOT_DOCUMENT = re.compile(r"(?:纪录片|专题片|宣传片|微电影|电视剧|电影|节目|栏目|专栏|杂志|一书|歌曲)")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_BRACKETED_YEAR = re.compile(r"[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]")


def document_mentions(
    norm: str,
    subject_end: int,
    statement_end: int,
    agencies: Sequence[Mention] | MentionIndex = (),
    media: Collection[str] = (),
    aliases: Aliases | None = None,
) -> list[DocumentMention]:
    """Titles in 《》 within ``[subject_end, statement_end)``, each with the bracketed document number printed right
    after it and the bodies the text names as its issuers. A title that names a media outlet (one of ``media``, or
    a name such as 《南京日报》, 《…杂志》, 《…栏目》) is no document.

    A document's issuers are the ``agencies`` named right before its title (``市场监管总局《…》``,
    ``省政府办公厅关于印发《…》``, ``A、B联合印发的《…》``). Without them it counts as issued by the statement's
    agencies (``issued``) when an issuing verb (印发, 发布 …) stands between the subject and the first title with no
    sentence break, and the titles follow one another (``《A》(号)和《B》``). A title that begins with its issuer
    (``《国务院关于…的通知》``) names it too.

    A short name the text gives a document (``aliases``, from ``document_aliases``) stands for it after it is given,
    up to where the text gives it to another.

    >>> text = "依据市场监管总局《关于开展质量月活动的通知》（国市监质发【2024】58号）要求"
    >>> [doc] = document_mentions(text, 0, len(text), [Mention("agency", "cn-samr", 2, 8, True)])
    >>> text[doc.start : doc.end], text[slice(*doc.number)], [m.key for m in doc.issuers]
    ('关于开展质量月活动的通知', '国市监质发【2024】58号', ['cn-samr'])
    >>> text = "根据市场监管总局、中央宣传部等十部门《关于开展守护行动的通知》要求"
    >>> found = [Mention("agency", "cn-samr", 2, 8, True), Mention("agency", "cn-cpc-pd", 9, 14, True)]
    >>> [m.key for m in document_mentions(text, 0, len(text), found)[0].issuers]
    ['cn-samr', 'cn-cpc-pd']
    """
    found: list[DocumentMention] = []
    near = (agencies if isinstance(agencies, MentionIndex) else MentionIndex(agencies)).starting
    issuing = False
    cursor = subject_end
    issuers: tuple[Mention, ...] = ()
    for m in _TITLE.finditer(norm, subject_end, statement_end):
        if m.group(1) in media or _PERIODICAL.search(m.group(1)) or _NOT_DOCUMENT.match(norm, m.end()):
            continue
        given = [(full, at) for full, at in (aliases or {}).get(m.group(1), ()) if at <= m.start(1)]
        if given:  # the short name where it is given (no second document), or where it is cited
            full, at = given[-1]
            if at < m.start(1):
                found.append(replace(full, issued=False, alias=(m.start(1), m.end(1))))
            cursor = m.end()
            continue
        between = norm[cursor : m.start()]
        stated = (
            _issuers(norm, m.start(), near(m.start() - 60, m.start()))
            or _order_issuers(norm, m.end(), statement_end, near)
            or _title_issuers(norm, m.start(1), m.end(1), near(m.start(1), m.end(1)))
        )
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
    before = [m for m in agencies if m.end <= title_start]
    if not before or not _ISSUER_GAP.fullmatch(norm, before[-1].end, title_start):
        return ()
    run = [before[-1]]
    for m in reversed(before[:-1]):
        if not _JOINT.fullmatch(norm, m.end, run[0].start):
            break
        run.insert(0, m)
    return tuple(run)


def document_aliases(
    norm: str, agencies: Sequence[Mention] = (), media: Collection[str] = ()
) -> dict[str, list[tuple[DocumentMention, int]]]:
    """The short names a text gives its documents (``（国发〔2012〕9号，以下简称《通知》）``): each with the documents
    it is given to and where (it stands for the last of them given before it is cited).

    >>> text = "落实《质量发展纲要》（以下简称《纲要》）。对照《纲要》"
    >>> {k: [(text[v.start : v.end], at) for v, at in given] for k, given in document_aliases(text).items()}
    {'纲要': [('质量发展纲要', 16)]}
    """
    aliases: dict[str, list[tuple[DocumentMention, int]]] = {}
    for doc in document_mentions(norm, 0, len(norm), agencies, media):
        after = doc.number[1] if doc.number else doc.end + 1
        given = _ALIAS.match(norm, after)
        if given:
            aliases.setdefault(given.group(1), []).append((doc, given.start(1)))
    return aliases


def title_spans(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Every title in 《》 within ``[start, end)``, a document or not (《中国质量报》), without its brackets."""
    return [(m.start(1), m.end(1)) for m in _TITLE.finditer(norm, start, end)]


def _title_issuers(norm: str, start: int, end: int, agencies: Sequence[Mention]) -> tuple[Mention, ...]:
    """The bodies a title begins with, before 关于: 国务院 in 《国务院关于印发…的通知》."""
    run: list[Mention] = []
    for m in agencies:
        if m.start == (run[-1].end if run else start) or (run and _JOINT.fullmatch(norm, run[-1].end, m.start)):
            run.append(m)
        elif run:
            break
    return tuple(run) if run and norm.startswith("关于", run[-1].end) else ()


def _order_issuers(
    norm: str, title_end: int, end: int, near: Callable[[int, int], Sequence[Mention]]
) -> tuple[Mention, ...]:
    """The body whose order number follows the title: 国家市场监督管理总局 in ``（国家市场监督管理总局令第12号）``."""
    order = _ORDER.match(norm, title_end, end)
    if not order:
        return ()
    return tuple(m for m in near(order.start(1), order.end(1)) if m.end == order.end(1))


def normalise_number(printed: str) -> str:
    """A document number in the form the shapes require: the year in 〔〕, ASCII digits, no white space, no
    leading zero in the serial number.

    >>> normalise_number("苏市监质[2024] 101号"), normalise_number("苏建质（２０２３）０８号")
    ('苏市监质〔2024〕101号', '苏建质〔2023〕8号')
    """
    number = _BRACKETED_YEAR.sub(r"〔\1〕", re.sub(r"\s+", "", printed.translate(_DIGITS)))
    return re.sub(r"〕0+(?=\d)", "〕", number)


def numbered_alike(norm: str, documents: Sequence[DocumentMention]) -> dict[str, tuple[int, int]]:
    """The number the report prints after each title somewhere (its first), so that a title cited again without it
    (or before it) is the same document: one title, one resource.

    >>> norm = "印发《规划》。根据《规划》（运政办发〔2016〕76号）"
    >>> numbered_alike(norm, [DocumentMention(3, 5), DocumentMention(10, 12, (13, 25))])
    {'规划': (13, 25)}
    """
    numbers: dict[str, tuple[int, int]] = {}
    for d in documents:
        if d.number is not None:
            numbers.setdefault(norm[d.start : d.end], d.number)
    return numbers
