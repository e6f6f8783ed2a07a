"""What follows the body that opens a statement (its verb, adverb or time word), and how reports count bodies."""

from __future__ import annotations

import re

from kg.han import HAN

__all__ = [
    "ACTION_LEAD", "ACTION_VERB", "COLLECTIVE", "CONCERNED", "COUNT", "DATE", "DUTY_UNITS", "JOINING", "LEADS",
    "LEADS_BODIES", "LEAD_MORE", "LEAD_VERB", "LIST_CLOSE", "NAME_START", "NUMBER", "OFFICIAL", "OFFICIALS",
]

# The genre's action verbs: a sentence with one of them states an action (a back-referring subject's sentence,
# an action sentence reported as having no body).
ACTION_VERB = re.compile(
    r"开展|举办|举行|召开|启动|部署|组织|通过|宣传|发放|分发|印发|发布|检查|巡查|截查|抽查|抽检|拘捕|搜查|查获|检获|讲解|"
    r"设立|设置|摆放|张贴|悬挂|走访|深入|排查|培训|普及"
)
# The bodies of a list named before, as a group (各单位, 各部门, 各成员单位, 各相关部门): a subject pointing back.
COLLECTIVE = r"各(?:成员|相关|有关|参与|参加|职能)?(?:单位|部门)"
# How many bodies a list closes with: 等11个, 等十余个, 等近30个, 等 9 个 (web text spaces its digits), 等多个 (部门).
NUMBER = r"(?:(?:近|约)?\s*[\d一两二三四五六七八九十百]+\s*(?:余|多)?\s*(?:个|家)?|多个?)"
# A count and kind after a list of bodies (等12个相关部门, 等单位)
COUNT = rf"(?:等)?{NUMBER}?(?:相关|有关)?(?:[{HAN}]{{0,8}}?成员)?(?:部门|单位)?"
# The verbs by which a person or body leads bodies (A带领B, 市长率领B): never inside a name.
LEADS = "带领|率领"
# The words by which a body takes others along (会同B, 联合B, 整合A、B3大单位: the units it brings together): never
# inside a name either.
JOINING = "会同|联合|联同|偕同|协同|携同|配合|结合|整合"
# The bodies concerned, as a word standing before the names it sums up (整合相關單位A、B、C: A, B and C).
CONCERNED = r"(?:相关|有关)(?:权责)?(?:单位|部门|机关)"
# Where a name written bare may start: a clause or line, a list's next item, after 由, 同 or 请 (由A负责, 会同B, 请C),
# or after a word that joins or enlists bodies (联合B, 携手B, 组织B).
NAME_START = rf"(?:^|(?<=[^{HAN}])|(?<=[、和与及由同请])|(?<={JOINING}|携手|组织))"
# A plan's label for the bodies charged with a task: 牵头单位：, 责任单位：, 组织单位：, 参加单位：, 配合部门：.
DUTY_UNITS = r"(?:牵头|责任|主办|承办|协办|组织|配合|参与|参加|实施)(?:单位|部门)[:：]"
# An official's title (副县长, 市长, 局长, 主任, 县委书记 ends so; 党组书记, 党组成员): a person, never a body.
OFFICIAL = r"(?:党组成员|(?:党组|党委)?副?(?:[省市县区州旗镇乡]长|[局厅处署部院]长|主任|书记|主席|常委|秘书长))"
# An official by title, with a name or not, or by duty (分管安全生产领导, 主要负责人), or several of them
# (县长、分管领导; 县委常委、副县长张三; 局长、副局长): people, never bodies.
_LEADER = rf"(?:{OFFICIAL}|(?:分管|主管|主要)[{HAN}]{{0,6}}?(?:领导|负责人|负责同志))[{HAN}]{{0,4}}?"
OFFICIALS = rf"{_LEADER}(?:[、和及与]\s*[{HAN}]{{0,12}}?{_LEADER})*"
# Officials who lead the bodies named next (副县长张三带领, 市长某某率领; 县应急局局长张三带领; 由乡长、分管领导带领):
# the bodies act, the officials are none of them.
LEADS_BODIES = rf"[{HAN}、]{{0,12}}?{OFFICIALS}(?:亲自)?(?:{LEADS})"
# The close of a list of bodies, counted or not: 等十部门, 等部门, 等11个单位, 等相关部门.
LIST_CLOSE = rf"等\s*{NUMBER}?\s*(?:相关|有关)?(?:成员)?(?:部门|单位|部委)"
# A day of a month as reports write it: 6月26日, 2023年6月26日, 15日 (the month said before).
DATE = r"(?:(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*)?\d{1,2}\s*日"
LEAD_VERB = re.compile(r"(?:将|还|也|则|在|于|对|作为|联合|会同|协同|携手|配合|与|和|、|开展|组织|召开|印发|"
                        r"发布(?![时日])|举办|推进|推动|启动|检查|排查|抽查|抽检|督查|宣传|走进|走访|发放|举行|开设|设立|设置|摆放|悬挂|张贴|派出|出动|"
                        r"部署|出台|制定|牵头|指导|加强|实施|完成|持续|深入|积极|大力|围绕|聚焦|以|通过|结合|同时|"
                        r"进一步|全面|认真|扎实|广泛|先后|分别|共|首次|成功|专门|集中|全力|坚持|针对|按照|根据|依托|利用|负责|"
                         r"近日|今日|日前|近期|今年|已|及时|正在|再次|主动|同步|密切|"
                        rf"等{NUMBER}?(?:成员|公)?(?:部门|单位)|等(?=要|将|需|应|均|都|也|还|分别|共同|负责))")
# …and the verbs, adverbs and time words with which Taiwan's, Hong Kong's and Macau's reports go on after the body
# (标检局查获…, 劳工处亦会…, 水警西分区联同…, 消委会月前已…, 财经处表示…, 消委会由10月1日起…, 卫生局今（5）日…),
# and the purpose it acts for (消防局為守護市民安全，結合…).
LEAD_MORE = re.compile(r"(?:亦|已|就|即|均|又|更|再|联同|偕同|如发现|除了?|不时|致力|日前|月前|早前|近日|今日|今天|"
                        r"昨日|昨天|[今昨]\s*[（(]\s*\d{1,2}\s*[)）]\s*日|本(?:星期|周|月)|上(?:星期|周)|"
                        r"查获|查到|检获|侦破|稽查|查核|抽验|检验|巡查|执法|宣导|派员|表示|指出|公布|提醒|重申|呼吁|[由自](?=\d)|"
                        r"为了?(?=守护|维护|保障|加强|强化|提升|提高|落实|推动|响应|防范|预防|打击|迎接|因应|确保))")

# Verbs that lead into a name in a statement (开展…, 对…): a name found after them starts after the last.
ACTION_LEAD = re.compile(
    r"^.*?(?:开展了?|组织|针对|加强|聚焦|围绕|对|推进|部署|抽查|抽检|检查|整治|比对|监测|实施|持续|做好|强化)"
)
