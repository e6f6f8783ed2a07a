"""Where a statement opens: the sentence boundary, ordinal, time, guidance or authority clause, 由 or 联合 before the
agency that opens it, and the clauses of time or occasion a sentence may open with before that agency."""

from __future__ import annotations

import re

from kg.ingest.leads import DATE, LEAD_MORE, LEAD_VERB, LEADS_BODIES
from kg.ingest.mentions import Mention
from kg.ingest.roles import AUTHORITY, DECIDES
from kg.ingest.staff import STAFF_TAIL

__all__ = ["BOUNDARY", "joins_previous", "object_first", "opens_statement", "staff_end"]

# 以A为主的25个单位…, 以A、B为主的检查组…: the bodies that lead a group are the subject of what it does.
_LEADS_GROUP = re.compile(r"为主(?:体|导)?的|牵头的")
BOUNDARY = "。；;！!？?\n"
# What may stand between a sentence boundary and the agency that opens a statement: an ordinal (一是, 1., (2), （三）,
# ③), 由 (此次活动是由) before the body that leads or hosts, 据 or 来自 before the body whose work is reported, and a
# clause naming who guides, supports or organises it (在A的指导下，, 在A統籌下，) or under whose authority it acts
# (按照A的部署，; 经A同意，; 受A委托，; 为认真落实A的通知精神，).
ORDINAL = r"(?:[一二三四五六七八九十]{1,3}是|\d{1,2}\s*[.．、]|[(（](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|[①-⑳])"
# A time glued to the body after it (今年度A…, 今后A将…, 届时A将…, 行动中A亦…; a date, 6月26日A、B…, 5日A、B…), and
# 而 or 至于 setting the body against the one before (…，而A则…; 至于A则…).
_DAY = rf"(?:{DATE}|\d{{1,2}}\s*月\s*\d{{1,2}}\s*号)(?:上午|下午|晚上|凌晨)?"  # 6月26日, 5日, 6月26号上午
# …or the days of a week's campaign, 5月7日至13日A按照…: a range of days glued to the body.
_DAYS = rf"(?:从|自)?{_DAY}(?:\s*(?:至|到|—|-|－|~|～)\s*{_DAY})?"
# …or the step of an event it comes in, after the one before (…，后续由A…; …，演练结束后由A进行…): the body after it.
_THEN = r"(?:后续|随后|其后|接着|而后|之后|[^，,。；;！!？?\n]{1,6}(?:结束|完毕)后)"
_TIME = rf"(?:今年度?|今后|届时|连日来|(?:行动|活动)(?:中|期间)|{_DAYS}|{_THEN})"
# (a date alone on its line, a dateline, is glued to nothing after it)
_OPENER = rf"(?:{ORDINAL}\s*)?(?:{_TIME}[ \t\u3000]*)?(?:(?:而|至于)\s*)?"
_GUIDED = (
    rf"(?:在[^，,。；;！!\n]{{2,40}}?(?:指导|支持|帮助|组织|带领|号召|倡议|统筹)(?:[及和与]协调)?下"
    rf"|(?:为了?(?:认真|切实|全面|进一步)?)?{AUTHORITY})[，,]"
)
# A clause opened by 联合/会同/特结合 names no subject of its own (…活动，联合A、B销毁…): A and B act with the subject
# of the sentence's statement, if one came before, else alone.
_JOINING = r"(?:并|还|也|特)?(?:联合|会同|协同|携手|结合|整合|加上)"  # 加上: Taiwan's 加上A、B等團隊
# 由, 此次活动是由, 这次由, 则由; 此案由 (a case, led by the body after it)
_HOSTED = r"(?:(?:本次|此次|这次)?活动(?:是|均)?|本次|此次|这次|[此本该]案|[则并另再])?由"
# 据A统计，… and 来自A、B的执法人员… name the bodies that did what the sentence reports: they open it. A body in
# quotes opens it too (（六）“三防办”：负责…).
# 发动A、B等单位参与… and …牵头，组织A、B等部门开展…: the bodies mobilised or organised act, and so do those an official
# leads (副县长张三带领A、B…).
# 在A、B等部门的咨询台前，… names the bodies whose stand it was: they run it, and what their staff do there is theirs.
# 经A研究决定，… names the body that decided what the sentence does (roles.DECIDES): it opens it.
_SOURCE = r"据|来自|发动|动员|组织|在|经"
# 参加咨询活动的单位有A、B… (参加活动的有A、B…): the bodies that take part in the sentence's event are listed as its
# participants.
# …and the units of a drill or event listed by their role (参演单位包含A、B; 协办单位为A).
_PARTICIPANTS = (r"(?:所有|全部|本次|此次)?"
                 r"(?:(?:参加|参与)[^，,。；;！!？?\n]{0,10}?的(?:[^，,。；;！!？?\n]{0,4}?(?:单位|部门|团体|机构))?"
                 r"|(?:参演|参与|参加|协办|合办)单位)(?:有|包括|包含|是|为)[:：]?"
                 # companies or associations listed before the first body (包括某公司、某農會及A、B…)
                 r"(?:[^，,。；;！!？?\n]{1,40}?[、及和与])?")
# …and the people of the bodies after it, counted (是次演习有近百名A、B和C人员参与): the bodies take part.
_COUNTED = r"[^，,。；;！!？?\n]{0,8}?有\s*(?:近|约|逾|超过)?\s*[\d一二三四五六七八九十百千]+\s*(?:余|多)?\s*名"
_STAFF_FROM = re.compile(r"的[^，,。；;！!？?\n]{0,8}?(?:人员|民警|队员|干部|志愿者)")
_AT_STAND = re.compile(
    r"\s*(?:等[^，,。；;！!？?\n]{0,6}?(?:部门|单位))?的?\s*[“\"]?[^，,。；;！!？?\n“”]{0,12}?"
    r"(?:咨询台|展示台|展台|服务台|宣传台|展位|摊位|展区|帐篷)[”\"]?\s*前"
)
_LEAD_IN = re.compile(
    rf"{_OPENER}(?:{_GUIDED}\s*)?(?:(?:{_HOSTED}|[并再另]?(?<![提申])请|{_JOINING}|{_SOURCE}|{_PARTICIPANTS}|{_COUNTED}|{LEADS_BODIES})\s*)?“?\Z"
)
# A task's object named before 由 and the body responsible after it, or its staff (宣传资料由县统计局负责提供;
# 案件交由海关跟进; 案件由海关人员继续跟进调查): a short noun phrase, then the bodies, then what they are charged with.
_DUTY_AFTER = re.compile(r"\s*(?:等[^，,。；;]{0,8})?(?:负责|牵头|承担|组织|部署|统筹|(?:继续)?跟进)")
_OBJECT_FIRST = 12
# …or handed to the body after it, who follows it up (部分人將轉交入境事務處跟進, 案件移交海關跟進).
_HANDED = re.compile(r"(?:转交|移交|交给|交予)\s*\Z")
# What is done to a thing by the body after 被, in a short clause (有關單位已被旅遊局查封; 男子其后被警方拘捕;
# 貨物被海關扣押): the body does it, and the clause is its statement.
_PASSIVE = re.compile(r"(?:^|[，,。；;！!？?\n])[^，,。；;！!？?\n]{1,12}被\s*\Z")
_DONE_TO = re.compile(
    r"\s*(?:依法)?(?:查封|封存|取缔|拘捕|拘留|检控|票控|起诉|扣查|扣押|没收|检获|查获|查处|截获|罚款|勒令|吊销|处罚|关闭|拆除)"
)
# Clauses that open a sentence with its time, purpose, occasion or place in a sequence before the body that acts
# (今年，A…; 为开展好此次活动，A…; 截至目前，A…; 在活动中，A等部门…; 其次，A…; 连日来，A…; 为了保障…，确保…，A…;
# 因应客流增加，A…; 围绕“…”的主题，A…).
ADVERBIAL = re.compile(
    rf"(?:{ORDINAL}\s*)?(?:为|围绕|截至|截止|自|从|在|于|今年|去年|近日|近期|日前|目前|同时|此外|另外|随后|其后|其间|期间|当天|"
    rf"确保|保障|因应|鉴于|随着|"
    rf"当日|昨[天日晚早午]|今[早晨晚]|会上|会后|活动中|连日来|首先|其次|再次|最后|[\d一二三四五六七八九十〇]{{1,4}}\s*[年月日])[^，,]{{0,40}}"
    r"|[^，,。；;！!？?\n]{1,6}(?:期间|过程中)"  # 巡查期间，A人员向…: the time of an action named before the body
)


def opens_statement(norm: str, body_start: int, m: Mention, run_end: int) -> tuple[int, bool] | None:
    """Where the statement that ``m`` opens starts (its ordinal, 由 or guidance clause included) and whether it is
    opened by 由; None when ``m`` opens none. ``run_end`` is where the run of bodies ``m`` opens ends."""
    window = max(body_start, m.start - 60)
    at = m.start - 1 if norm[m.start - 1 : m.start] == "以" and _LEADS_GROUP.match(norm, run_end) else m.start
    if norm[at - 1 : at] in ("我", "本", "该") and norm[at : at + 1] in "县市区省":  # 我县消防救援大队, 该县消委
        at -= 1
    lead = _LEAD_IN.search(norm, window, at)
    if lead and lead.group().rstrip("“ ").endswith("来自") and not _STAFF_FROM.match(norm, run_end):
        return None  # 来自A、B的代表出席…: people from the bodies attend; their staff who act (的执法人员) open it
    if lead and lead.group().rstrip("“ ").endswith("经") and not DECIDES.match(norm, run_end):
        return None  # 经A同意，B…: A is the authority B acts under
    if lead and lead.group().rstrip("“ ").endswith("在") and not _AT_STAND.match(norm, run_end):
        return None  # 在A的领导下, 在A举办的…: where or under whom, not the bodies' own stand
    start = lead.start() if lead else at
    stripped = _DATELINE.sub("", norm[body_start:start].rstrip(" \t\u3000"))
    passive = bool(lead) and "由" in norm[start : m.start]
    if not stripped or stripped[-1] in BOUNDARY:
        return start, passive
    if lead and norm[lead.start() : at].rstrip().endswith("由") and _DUTY_AFTER.match(norm, staff_end(norm, run_end)):
        clause = max(body_start, *(norm.rfind(c, body_start, start) + 1 for c in "，," + BOUNDARY))
        if start - clause <= _OBJECT_FIRST:  # 宣传资料由县统计局负责提供: the task's object, then its body
            return clause + len(norm[clause:start]) - len(norm[clause:start].lstrip()), True
    handed = _HANDED.search(norm, window, at)
    if handed and _DUTY_AFTER.match(norm, staff_end(norm, run_end)):  # 部分人將轉交入境處跟進: what it is handed
        clause = max(body_start, *(norm.rfind(c, body_start, handed.start()) + 1 for c in "，," + BOUNDARY))
        if handed.start() - clause <= _OBJECT_FIRST:
            return clause + len(norm[clause:start]) - len(norm[clause:start].lstrip()), False
    if _PASSIVE.search(stripped) and _DONE_TO.match(norm, staff_end(norm, run_end)):
        clause = max(body_start, *(norm.rfind(c, body_start, start) + 1 for c in "，," + BOUNDARY))
        return clause + len(norm[clause:start]) - len(norm[clause:start].lstrip()), False  # 单位已被A查封
    if stripped[-1] not in "，,：:—":  # 石浦片—由A…: a plan's short heading before a dash
        return None
    opening = _adverbials_start(norm, body_start, start)
    if opening is not None:
        return opening, passive
    # the verb after the body, or after the run of bodies it opens (A及B本星期继续…)
    verbs = {staff_end(norm, m.end), staff_end(norm, run_end)}
    if start < m.start or any(LEAD_VERB.match(norm, v) or LEAD_MORE.match(norm, v) for v in verbs):
        return start, passive
    return None




def object_first(norm: str, start: int, at: int) -> bool:
    """Whether the statement starting at ``start`` names its task's object before 由 and the body at ``at``
    (宣传资料由县统计局负责提供), rather than an opener or a clause of time before them."""
    lead = _LEAD_IN.search(norm, start, at)
    head = norm[start : lead.start() if lead else at]
    return bool(lead) and bool(head.strip()) and not ADVERBIAL.fullmatch(head.strip(" ，,")) and not re.fullmatch(
        rf"{ORDINAL}\s*", head
    )


# A wire service's dateline or a reporter's byline in brackets that opens a line: (中央社訊息服務20230919 10:35:02),
# (記者王小明/雲林報導), or the channel or paper it comes from (【Now新聞台】, 【星島日報】). What follows it starts
# the sentence.
# A news agency's dateline, (中央社記者某某台北15日電), (新华社北京5月1日电), is one too, and one may follow another
# (【某報1月15日報導】(中央社記者某某台北15日電)). So is a reporter's name or a photo's credit: (記者王小明),
# (圖/記者某某攝,2017.4.22).
_BYLINE = (r"[ \t\u3000]*[(（【][^()（）【】\n]{0,40}"
           r"(?:\d{2}:\d{2}|报导|报道|讯|消息|新闻台|新闻网|电视台|日报|时报|日电|记者|摄)[^()（）【】\n]{0,12}[)）】]")
_DATELINE, _OPENS_WITH_BYLINE = re.compile(rf"(?:^|(?<=[\n。！？!?]))(?:{_BYLINE})+\Z"), re.compile(f"(?:{_BYLINE})+")
# A spokesman's words before the bodies they report on: 政府發言人表示，A及B…; 發言人指出，…
_SPOKESMAN = re.compile(r"[^，,]{0,8}?发言人?\s*(?:表示|指出|称|说)")


# A purpose said in several clauses, the later ones going on with its aims and no 为 of their own (为贯彻…要求，
# 弘扬…文化，提高…意识，A联合B…): the body after them opens the sentence.
_AIM = (r"(?:弘扬|提高|提升|增强|加强|推动|推进|深入|落实|营造|普及|确保|保障|促进|强化|切实|进一步|全面|有效|扩大"
        r"|巩固|贯彻)")
_PURPOSES = re.compile(
    rf"(?:{ORDINAL}\s*)?为了?[^，,。；;！!？?\n]{{2,40}}(?:[，,]\s*{_AIM}[^，,。；;！!？?\n]{{1,30}}){{1,3}}[，,]\s*"
)


def _adverbials_start(norm: str, body_start: int, start: int) -> int | None:
    """Where the clauses of time, purpose or occasion before ``start`` begin, when only such clauses stand between
    the sentence's start and ``start`` (今年，A…; 为…，弘扬…，提高…，A…); else None."""
    sentence = max(body_start, *(norm.rfind(c, body_start, start) + 1 for c in BOUNDARY))
    sentence += len(norm[sentence:start]) - len(norm[sentence:start].lstrip())
    if sentence < start and _PURPOSES.fullmatch(norm, sentence, start):
        return sentence
    pos = start
    while True:
        before = _DATELINE.sub("", norm[body_start:pos].rstrip(" \t\u3000"))
        if not before or before[-1] in BOUNDARY:
            return pos if pos < start else None
        if before[-1] not in "，,":
            return None
        clause_end = body_start + len(before) - 1
        clause_start = max(body_start, *(norm.rfind(c, body_start, clause_end) + 1 for c in "，," + BOUNDARY))
        if (norm[clause_start - 1 : clause_start] in ("", "\n")) and (
                byline := _OPENS_WITH_BYLINE.match(norm, clause_start, clause_end)):
            clause_start = byline.end()
        clause = norm[clause_start:clause_end]
        if not (ADVERBIAL.fullmatch(clause.strip()) or _SPOKESMAN.fullmatch(clause.strip())):
            return None
        pos = clause_start + len(clause) - len(clause.lstrip())




def joins_previous(norm: str, previous: int, start: int, at: int) -> bool:
    """Whether a clause opened by 联合/会同 (at ``start``, its bodies at ``at``) continues the sentence of the
    statement that starts at ``previous``, or its paragraph: a later item or sentence with no subject of its own,
    behind its ordinal or time (A开展…：一是…；二是5月12日，会同B、C…), carries A, so A acts with B and C.

    >>> text = "甲局开展宣传活动：一是编印简报；二是5月12日，会同乙局开展演练。"
    >>> joins_previous(text, 0, 16, 26), joins_previous(text.replace("；", "\\n"), 0, 16, 26)
    (True, False)
    """
    if re.fullmatch(rf"{_JOINING}\s*", norm[start:at]) and not any(c in BOUNDARY for c in norm[previous:start]):
        return True
    return "\n" not in norm[previous:start] and _CARRIED_JOIN.fullmatch(norm, start, at) is not None


# What opens a later item or sentence of a paragraph that a joining word leads (二是5月12日，会同B…; 同时联合B…):
# its ordinal, time and clauses of time, never a body or 由 (the item names whom it is done by).
_CARRIED_JOIN = re.compile(rf"(?:{ORDINAL}\s*)?(?:[^，,。；;！!？?\n由]{{0,40}}[，,]\s*)*{_JOINING}\s*")




def staff_end(norm: str, end: int) -> int:
    """After 人员 when the mention names a body by its staff (税务人员): the verb comes after it."""
    tail = STAFF_TAIL.match(norm, end)
    return tail.end() if tail else end
