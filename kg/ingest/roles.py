"""Roles of an agency mention in its sentence: one of a joint subject, or named as the authority behind a policy."""

from __future__ import annotations

import re

from kg.han import HAN
from kg.ingest.leads import LIST_CLOSE, OFFICIAL
from kg.ingest.mentions import AUTHORITY_LEAD, Mention

__all__ = [
    "AUTHORITY", "CONNECTOR", "DECIDES", "is_acting", "is_post", "joined", "subject_run", "subject_run_end",
    "takes_part",
]

CONNECTOR = re.compile(
    r"(?:(?:执法|工作)?人员|消保官)?"  # a body's staff or consumer protection officer (A消保官、B; A人员联同B)
    r"\s*(?:将|也|亦|还|拟)?\s*(?:、|，|,|和|与|及|以及|会同|联合|联同|偕同|协同|携手|伙同|伙)\s*[我本]?|\s*[(（]\s*|\s*[)）]\s*(?:、|和|与)?\s*"
    r"|\s*[，,、]\s*(?:及|以及|和)\s*"  # a list that goes on after a comma (A、B，及C; A、B、及C)
    r"|[ \t\u3000]+"  # issuers in a title or signature, spaced (市委宣传部 市司法局关于印发…; 中共中央 国务院)
    r"|\s*及其(?:指挥|所属|下属)[之的]?\s*"  # a body and the units it directs (A及其指揮之B)
    # a list item that names no body between two that do (A、消防安全大使、B; A、青石镇各村(居)委会、B)
    r"|\s*、(?:[^、，,。；;！!？?\s()（）]|[(（][^、，,。()（）]{1,2}[)）]){1,10}、\s*"
    r"|(?:[^、，,。；;！!？?\s]{1,8}?(?:队|组)、)+"  # a body's units listed after it (A特別職務隊、特遣隊、B)
    # …, the last joined by 及 or 联同, their staff named (A特遣隊及軍裝巡邏小隊人員聯同B; A牌照組、反三合會行動組及B)
    r"|、?(?:[^、，,。；;！!？?\s]{1,8}?(?:队|组)(?:、|及|和))*[^、，,。；;！!？?\s]{1,8}?(?:队|组)(?:人员)?"
    r"\s*(?:、|及|和|以及|联同|会同|偕同|协同)\s*"
    r"|\s*[(（][^()（）、，,。；;\s]{1,12}[)）]\s*(?:、|和|与|及)\s*"  # a body's other name in brackets (A(人防办)、B)
)
# Bodies named as authorities rather than actors: 贯彻落实省委、省政府关于…, 按照市场监管总局的部署 …, and a document's
# issuer named before its title (市场监管总局《…》, A、B等十部门《…》, 省政府印发的《…》) or at its start
# (《中共中央 国务院关于…》).
_NOT_ACTING_BEFORE = re.compile(r"(?:贯彻落实|贯彻|落实|按照|根据|遵照|依据|经|《)$")
_NOT_ACTING_AFTER = re.compile(
    rf"(?:、[^，,。；;]{{1,12}}?)*(?:{LIST_CLOSE})?"
    r"(?:关于|的决策|决策部署|的部署|的要求|部署要求|的统一|《|(?:印发|发布|出台|制定)的《)"
    # …or the place where something happens, named after it (在省政府机关新城大院举行, 在县政府广场); not a place
    # the body goes to (县应急管理局在人民广场开展…)
    rf"|(?:机关)?(?:(?![在于到赴至去来和与及、])[{HAN}]){{0,4}}?(?:大院|大楼|办公楼|礼堂|会议室|会议中心|广场|门前|院内)"
)
# A body named as an official's (市委常委、政法委书记某某, 市人大常委会副主任某某, 海巡署分署长某某,
# 市安委会办公室主任): the person's post, not the body taking part.
_POST = re.compile(rf"\s*(?:(?:办公室|办)?{OFFICIAL}|分[局署]长|负责(?:人|同志))"
                   # …or one of bodies whose leaders attend (A、B、C有关领导应邀出席了启动仪式)
                   r"|(?:\s*[、和及与][^，,。；;！!？?\n、]{1,16}?)*\s*的?(?:有关|主要|相关)?(?:领导|负责同志|领导同志)"
                   r"(?:应邀)?(?:出席|参加|陪同|到场|观摩)")
# A clause naming the bodies whose authority the sentence's subject acts under, not who acts:
# 按照省委、省政府的统一部署, 根据市安委会的要求, 在市委市政府的领导下, 经县政府同意, 受市市场监管局委托.
# The acting body is the subject after it.
_CLAUSE = r"[^，,。；;！!？?\n]"
AUTHORITY = (
    rf"(?:(?:{AUTHORITY_LEAD}){_CLAUSE}{{2,40}}?(?:部署|要求|安排|精神|决定|指示|委托)"
    rf"|经{_CLAUSE}{{2,40}}?(?:同意|批准|授权)|在{_CLAUSE}{{2,40}}?领导下)"
)
_AUTHORITY = re.compile(AUTHORITY)
# …but a body that decides, after 经, what its sentence goes on to do is its subject
# (经市人民政府研究决定，在全市开展…), not the authority behind another's act (经县政府同意，A…).
DECIDES = re.compile(r"\s*(?:研究|会议)?决定[，,]")


# Hong Kong's and Macau's curated departments: each is listed with every form it is written in, its units included
# (保安局禁毒處), so two of them written one right after the other are two (海關食環署, a headline's pair).
_GLUED = ("hk-", "mo-")


def joined(norm: str, a: Mention, b: Mention) -> bool:
    """Whether ``b``, after ``a``, goes on with ``a``'s run of bodies: a connector between them (A、B, A聯同B), or
    nothing between two of Hong Kong's or Macau's curated departments.

    >>> a, b = Mention("agency", "hk-customs", 0, 2, True), Mention("agency", "hk-fehd", 2, 5, True)
    >>> joined("海关食环署巡查", a, b), joined("海关食环署", a, Mention("agency", "b", 2, 5, False))
    (True, False)
    """
    gap = norm[a.end : b.start]
    glued = not gap and a.curated and b.curated and a.key[:3] == b.key[:3] and a.key.startswith(_GLUED)
    return glued or CONNECTOR.fullmatch(gap) is not None


def subject_run(norm: str, first: Mention, agencies: list[Mention]) -> tuple[Mention, ...]:
    """``first`` and the agencies joined to it by connectors (A和B, A、B、C, A联合B)."""
    run = [first]
    for m in agencies:
        if m.start >= run[-1].end and joined(norm, run[-1], m):
            run.append(m)
        elif m.start >= run[-1].end:
            break
    return tuple(run)


def subject_run_end(norm: str, first: Mention, agencies: list[Mention]) -> int:
    """Where the run of agencies that ``first`` opens ends, skipping 共同/联合 before the verb."""
    end = subject_run(norm, first, agencies)[-1].end
    lead = re.match(r"\s*(?:共同|联合|一起)?", norm[end:])
    return end + (lead.end() if lead else 0)


def is_post(norm: str, m: Mention) -> bool:
    """True for a body named as an official's post (``市委常委、政法委书记某某出席``): outside a statement, where the
    person only attends, the body takes no part.

    >>> is_post("市委常委、政法委书记许文出席", Mention("agency", "市委", 0, 2, False))
    True
    >>> is_post("区人大、区政协有关领导应邀出席", Mention("agency", "区人大", 0, 3, False))
    True
    """
    return _POST.match(norm, m.end) is not None


def takes_part(norm: str, m: Mention) -> bool:
    """Whether a body named outside every activity takes part in the campaign: acting, and not an official's post."""
    return is_acting(norm, m) and not is_post(norm, m)


def is_acting(norm: str, m: Mention) -> bool:
    """False for a body named as the authority behind a policy (``贯彻落实省委、省政府关于…``) or a sentence's
    subject (``按照省委、省政府的统一部署，…``, ``受市政府委托，…``), or as the venue of what happens.

    >>> is_acting("县应急管理局在人民广场开展宣传", Mention("agency", "x", 0, 6, False))
    True
    >>> is_acting("在省政府机关新城大院举行", Mention("agency", "x", 1, 4, False))
    False
    """
    before = _NOT_ACTING_BEFORE.search(norm, max(0, m.start - 4), m.start)
    if (before and not (before.group() == "经" and DECIDES.match(norm, m.end))) or _NOT_ACTING_AFTER.match(norm, m.end):
        return False
    window = max(0, m.start - 40)
    clause = max(window, *(norm.rfind(c, window, m.start) + 1 for c in "，,。；;！!？?\n"))
    found = _AUTHORITY.search(norm, clause, m.end + 40)
    return found is None or not found.start() <= m.start < m.end <= found.end()
