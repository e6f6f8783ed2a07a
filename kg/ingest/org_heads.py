"""Names of organisations the agency tables do not know, read by the head word they end in: a bureau's section,
station or squad (港航管理处, 食品科, 药械股, 司法所, 戒毒工作站, 产品质量中队), a centre (信息中心), a bank's branch
(人行支行), a society or association (能源研究会, 节能协会), a university (工业大学), a press or cooperative (杂志社,
供销社), a village or community (中塘村, 剑桥社区). Such a word alone says little; a name ending in one is read as a
body only where its context says bodies are named: a list beside a known body (kg.ingest.lists), or a clause in
which one such body takes others along to act (A联合B、C开展…, A与B联合举办…, A会同B，对…进行检查).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.ingest.mentions import Mention
from kg.ingest.script import HAN

__all__ = ["ORG_HEAD", "is_org_name", "joined_organisations", "org_mention"]

# The head words, each closed against the common words that end alike: 场所/厕所/住所 (places), 好处/之处/到处,
# 学科/本科 (subjects), 股份 (shares), 市中心/商业中心/购物中心 (places), 农村/乡村 (the countryside).
ORG_HEAD = (
    r"(?<![场厕住处会诊])所|(?<![好之到住出此各用难长短相深远近])处|(?<![学专本文理工百])科|(?<![屁大])股"
    r"|(?:工作|服务|管理|监测|检测|检查|监督|救助|保护|执法|指导|推广)站"
    r"|(?<![市城心业物展])中心|(?:协|研究|学|商|联合|促进|基金)会|大学|学院|研究院|科学院"
    r"|(?:中心)?支行|分行|中支|(?:供销|杂志|报|通讯)社"
    r"|(?<![部军])[大中]队"  # a bureau's squad (产品质量中队, 执法大队; not 部队, 军队)
)
# A village or community is named by two to four characters of its own (中塘村, 剑桥社区), not 农村, 城乡社区.
_LOCAL = rf"[{HAN}]{{2,4}}(?<![农乡城各全本])(?:村|社区)(?:委会|居委会)?"
# A military formation, numbered or named by its command (装甲第586旅, 52工兵群, 陆军第58炮兵指挥部, 陆军特战指挥部,
# 防汛抗旱指挥部): the units a drill or a relief mobilises beside the civil bodies.
_FORMATION = (rf"[{HAN}]{{0,6}}?第?\d{{1,4}}[{HAN}]{{0,4}}?(?:旅|(?<=兵)群|团|营|师)"
              rf"|[{HAN}]{{0,6}}?(?:第?\d{{1,4}})?[{HAN}]{{1,8}}?指挥部")
_ORG_NAME = re.compile(rf"[{HAN}]{{0,18}}?(?:{ORG_HEAD})|{_LOCAL}|{_FORMATION}")
# Words of quantity or scope (各, 有关, 全), of going somewhere (走进社区 is where, not who), and verbs or particles
# no name holds (的, 了, 在, 对, 和).
_NOT_IN = re.compile(
    r"^(?:各|相关|有关|其他|其它|所有|部分|全|本|辖区|下属|所属|走进|深入|进入|前往|来到)|[的了在对和与及向把被将从由为]"
)


def is_org_name(text: str) -> bool:
    """Whether ``text`` is written as an organisation's name by its head word.

    >>> [is_org_name(t) for t in ("港航管理处", "人行支行", "沈阳工业大学", "中塘村", "公共场所", "农村", "各研究会")]
    [True, True, True, True, False, False, False]
    >>> is_org_name("走进社区"), is_org_name("深入村社区")
    (False, False)
    >>> [is_org_name(t) for t in ("装甲第586旅", "52工兵群", "陆军第58炮兵指挥部", "6月12日", "第3组")]
    [True, True, True, False, False]
    """
    return 3 <= len(text) <= 20 and _ORG_NAME.fullmatch(text) is not None and not _NOT_IN.search(text)


_HEAD_END = re.compile(rf"(?:{ORG_HEAD})\Z")
_PLACE_WORD = re.compile(r"[省市县区州镇乡]|街道")


def org_mention(name: str, start: int, end: int, prefix: str, forms: Mapping[str, str]) -> Mention:
    """The body an organisation's name stands for in a report of level ``prefix``: a kind written bare (供销社,
    人行支行, 信息中心) is the report's own (县供销社), curated when the reference data knows that form; a name that
    carries a place or a name of its own (辽宁省能源研究会, 沈阳工业大学, 中塘村) is kept as written.

    >>> [org_mention(t, 0, 3, "县", {}).key for t in ("供销社", "沈阳工业大学", "中塘村", "人行漳州市中支")]
    ['县供销社', '沈阳工业大学', '中塘村', '人行漳州市中支']
    """
    head = _HEAD_END.search(name)
    whole = not prefix or head is None or head.start() > 2 or _PLACE_WORD.search(name) is not None
    own = name if whole else prefix + name
    for form in (own, name):
        if form in forms:
            return Mention("agency", forms[form], start, end, curated=True)
    return Mention("agency", own, start, end, curated=False)


# A clause in which one body takes others along to act: its subject at the clause's head, the word that joins
# (联合, 携手, 会同, 协同; 与 or 和 when they then act together), the partners, and what they do.
_ACT = r"开展|举办|举行|组织|召开|走进|深入|进行|启动|设立|发放"
_JOINED = re.compile(
    rf"(?:^|(?<=[。；;！!？?\n，,]))[ \t\u3000]*(?P<subject>[{HAN}、]{{3,40}}?)(?:等(?:部门|单位))?"
    rf"(?:(?:联合|携手|会同|协同)(?P<partners>[{HAN}、]{{3,60}}?)(?:等(?:部门|单位))?"
    rf"(?:(?:共同|一起)?\s*(?:{_ACT})|[，,](?=\s*(?:对|在|向|就|深入|前往|到)))"  # 会同B，对…进行检查
    rf"|[与和](?P<with>[{HAN}、]{{3,60}}?)(?:等(?:部门|单位))?(?:共同|联合|一起)\s*(?:{_ACT}))"
)


def joined_organisations(
    norm: str, agencies: list[Mention], prefix: str, forms: Mapping[str, str]
) -> list[Mention]:
    """``agencies`` and the organisations, named by their head words, of a clause in which bodies take others
    along to act (镇戒毒工作站联合镇司法所、某村开展…; 街道应急所与某社区联合举办…): every item of the subject and of
    the partners must be a body found or such a name, so that the clause is read as bodies acting together.

    >>> [m.key for m in joined_organisations("近日，镇戒毒工作站联合青石司法所、青石村开展宣传。", [], "镇", {})]
    ['镇戒毒工作站', '青石司法所', '青石村']
    >>> joined_organisations("近日，志愿者联合青石村开展宣传。", [], "镇", {})
    []
    """
    spans = {(m.start, m.end) for m in agencies}
    found = list(agencies)
    for clause in _JOINED.finditer(norm):
        group = "partners" if clause.group("partners") else "with"
        items = _items(norm, *clause.span("subject")) + _items(norm, *clause.span(group))
        if all((s, e) in spans or is_org_name(norm[s:e]) for s, e in items):
            found += [org_mention(norm[s:e], s, e, prefix, forms) for s, e in items if (s, e) not in spans]
            spans.update(items)
    return sorted(found, key=lambda m: m.start)


def _items(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the items of a run written ``A、B、C``."""
    spans, s = [], start
    for sep in re.finditer("、", norm[start:end]):
        spans.append((s, start + sep.start()))
        s = start + sep.end()
    return [*spans, (s, end)]
