"""What the name of an agency the reference data does not list looks like: a jurisdiction prefix, a body and a
standard suffix (县市场监管局, 菜坝镇社会治理办), a mass organisation or public institution after its place (县妇联,
县疾控中心), a town's stations (派出所, 司法所), or a place's government (合浦县政府)."""

from __future__ import annotations

import re

from kg.ingest.institutions import CENTRES
from kg.ingest.script import HAN

__all__ = [
    "AGENCY_PREFIX", "GOVERNMENT", "MASS", "OFFICES", "OFFICE_AGENCY", "TOWN_UNITS", "UNCURATED_AGENCY",
]

# A town's stations, teams and institutions, the ends of their names: 派出所, 市场监管所, 司法所, 供电所, 综合执法队,
# 文化站, 安监站, 兽医站, its food and drug station (食药监所), safety inspection station (安检站), health centre
# (卫生院), central school (中心校), school district office (学区) and farm services (not 场所, 校区, 校长, 学区房).
TOWN_UNITS = (r"(?:派出|监管|食药监管?|司法|财政|税务|工商|国土|自然资源|林业|水利|农经|供电)所|执法队"
              r"|(?:文化|农技|农业服务|畜牧兽医|兽医|林业|水利|安监|安检|农机)站|卫生院|中心(?:学)?校(?![区长园舍])"
              r"|学区(?![房内外])|农业综合服务中心")
# An agency-like name that is not in the reference data: a jurisdiction prefix, a short body, a standard suffix.
# Towns (镇), townships (乡) and streets (街道) name their bodies too (菜坝镇社会治理办); 城乡 and 乡镇 are not places.
AGENCY_PREFIX = (
    rf"(?:国家|省|市(?![场容])|县|区|自治区|(?<![城乡])镇|(?<![城])乡(?![村镇])|街道"
    rf"|[{HAN}]{{2,8}}?(?:省|市|县|区|自治区|自治州|(?<![城乡])镇|(?<!城)乡|街道))"
)
# A party committee's departments and offices, written after it (县委宣传部, 区委国安办, 县委政法委, 市委网络安全和…)
_PARTY_ORGAN = r"(?:宣传部|组织部|统战部|政法委|国安办|网信办|编办|政研室|网络安全和信息化|依法治|平安办|综治办|办公室)"
_AGENCY_BODY = rf"(?:[{HAN}]|“[{HAN}\d]{{1,10}}”){{1,16}}?"  # 乡“三零”创建工作领导小组: a quoted name inside
_AGENCY_SUFFIX = (
    r"(?:委员会办公室|领导小组办公室|委会办公室|委员会|领导小组|办公室|办公厅|办事处|管理局|总局|总署|分行|总队|支队|大队"
    # 安委 in 安委办 is no name; nor is the 部 of 全部 (all), 内部, 局部, 干部 (cadres); a party committee followed
    # by one of its departments or offices is that department's name going on (区委国安办, 县委政法委, 区委宣传部)
    rf"|中队|服务队|总社|管委会|组委会|厅|局|(?<![居村])委会|(?<![居村])委(?!办(?![理法事公])|{_PARTY_ORGAN})"
    r"|(?<!部)署|(?<![全内局干])部"
    rf"|{TOWN_UNITS}"
    # an office written short: 安委办, 食安办, 国安办, 政法办, 综治办, 文明办, 网信办 … (never a verb: 举办, 承办)
    r"|(?<=[委安法治明信急汛能卫防毒灾龄拥府政理务])办(?![法理事公]))"
)
# Mass organisations and CENTRES (kg.ingest.institutions) follow their place: 区总工会, 县妇联, 县疾控中心, 省科技馆;
# 县广播电视台; hospitals: 市二医院, 县第二人民医院; 县消委 (a consumers' committee; 县消委会 is read whole).
# The people's congress and the political consultative conference written short (县人大, 市政协), not their deputies,
# members or leaders (县人大代表, 市政协委员, 县人大主任) nor a name that goes on (县人大常委会 is read whole).
CONGRESS = r"(?:人大|政协)(?!常委|代表|委员|主任|副主任|主席|副主席|机关|办|会)"
MASS = (rf"(?:总工会|妇联|科协|残联|工商联|红十字会|消费者协会|消协|消委(?!会)|个协|侨联|文联|{CONGRESS}|{CENTRES}"
        r"|(?:广播)?电视台|(?:第?[一二三四五六七八九十]{1,2})?(?:人民|中)?医院)")
GOVERNMENT = rf"(?:人民)?政府(?![{HAN}]{{0,4}}(?:办公|工作|部门|网站|门户))"  # not its offices, meetings, sites
UNCURATED_AGENCY = re.compile(
    AGENCY_PREFIX + rf"(?:{MASS}|{TOWN_UNITS}|{_AGENCY_BODY}{_AGENCY_SUFFIX})"  # 白沙镇派出所: a town unit alone
    + r"(?![门分长委级面势内外署托队员])"  # 部队, 委员
    + rf"|{AGENCY_PREFIX}{GOVERNMENT}"  # 合浦县政府
)
# Offices the pattern above reads wrong or not at all, looked for only in a text that names one: 县政府政务服务中心
# (not 县政府政务服务中心负责在大厅, a name ending in 厅), 高岳街道办事处 (a street's office named by the street alone).
OFFICES = ("政务服务中心", "办事处")
OFFICE_AGENCY = re.compile(rf"{AGENCY_PREFIX}(?:人民)?政府政务服务中心|[{HAN}]{{2,6}}?(?:街道|镇|乡)办事处")
