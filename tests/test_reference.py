"""The curated reference data and its loader: complete rows, unique slugs, unambiguous forms, seed agencies."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.reference import Reference, load_reference
from kg.paths import REFERENCE_DIR

CSV_FILES = sorted(p.name for p in REFERENCE_DIR.glob("*.csv"))


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------- the files themselves


def test_every_reference_file_is_described_in_the_readme() -> None:
    readme = (REFERENCE_DIR / "README.md").read_text(encoding="utf-8")
    assert CSV_FILES == [
        "agencies.csv",
        "agency-lineup.csv",
        "campaigns.csv",
        "changes.csv",
        "jurisdictions.csv",
        "media.csv",
        "products.csv",
        "regions.csv",
        "topics.csv",
        "translations.csv",
    ]
    for name in CSV_FILES:
        assert f"`{name}`" in readme


# topics.csv names no place or body: its topics' labels are the ontology's (tests/test_topics.py checks it)
@pytest.mark.parametrize("name", [n for n in CSV_FILES if n not in ("translations.csv", "regions.csv", "topics.csv")])
def test_every_row_has_both_scripts_and_english(name: str) -> None:
    for row in _rows(name):
        assert row["name_zh_hant"] and row["name_zh_hans"] and row["name_en"], row


def test_every_translation_row_has_chinese_english_and_kind() -> None:
    rows = _rows("translations.csv")
    assert all(r["zh_hans"] and r["en"] and r["kind"] for r in rows)
    assert {r["kind"] for r in rows} <= {"theme", "slogan", "document", "initiative", "term"}


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("jurisdictions.csv", "code"),
        ("agencies.csv", "slug"),
        ("products.csv", "slug"),
        ("media.csv", "slug"),
        ("campaigns.csv", "code"),
    ],
)
def test_slugs_are_unique_readable_ascii(name: str, key: str) -> None:
    values = [row[key] for row in _rows(name)]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", v) for v in values)


def test_line_up_codes_are_unique_per_line_up() -> None:
    pairs = [(row["code"], row["lineup"]) for row in _rows("agency-lineup.csv")]
    assert len(pairs) == len(set(pairs))


def test_all_31_provincial_level_units_are_listed(ref: Reference) -> None:
    provinces = [j for j in ref.jurisdictions.values() if j.level == "provincial"]
    assert len(provinces) == 31
    assert {j.code for j in provinces} >= {"js", "zj", "gd", "sd", "bj", "sh", "gx", "xj"}
    jiangsu_cities = [j for j in ref.jurisdictions.values() if j.parent == "js" and j.level == "municipal"]
    assert len(jiangsu_cities) == 13


# ---------------------------------------------------------------- the loaded reference


def test_expanded_agencies_have_filled_names_and_known_parents(ref: Reference) -> None:
    for slug, agency in ref.agencies.items():
        assert all(agency.names[k] for k in ("zh-Hant", "zh-Hans", "en")), slug
        assert not any("{" in v for v in agency.names.values()), slug
        assert agency.parent is None or agency.parent in ref.agencies, slug
        assert agency.level in ("national", "provincial", "municipal", "county", "region")


def test_no_form_is_claimed_twice(ref: Reference) -> None:
    # A form two agencies claim at one level is left out of the table, so every form resolves only when none is.
    lost = [
        (agency.slug, form)
        for agency in ref.agencies.values()
        for form in agency.short_forms
        if form not in ref.agency_forms(agency.jurisdiction)
    ]
    assert lost == []


SEED = {
    "省質量發展委員會辦公室": "js-qdc-office",
    "省民政廳": "js-ca",
    "省住建廳": "js-hurd",
    "省水利廳": "js-wr",
    "省市場監管局": "js-amr",
    "省糧食局": "js-grain",
    "省通信管理局": "js-comms",
    "省交通廳": "js-dot",
    "省藥監局": "js-mpa",
    "省發改委": "js-drc",
    "人民銀行南京分行": "cn-pboc-nanjing",
    "省工信廳": "js-miit",
}
SEED_HANS = {
    "省质量发展委员会办公室": "js-qdc-office",
    "省民政厅": "js-ca",
    "省住建厅": "js-hurd",
    "省水利厅": "js-wr",
    "省市场监管局": "js-amr",
    "省粮食局": "js-grain",
    "省通信管理局": "js-comms",
    "省交通厅": "js-dot",
    "省药监局": "js-mpa",
    "省发改委": "js-drc",
    "人民银行南京分行": "cn-pboc-nanjing",
    "省工信厅": "js-miit",
}


@pytest.mark.parametrize(("form", "slug"), [*SEED.items(), *SEED_HANS.items()])
def test_seed_short_forms_resolve_for_jiangsu(ref: Reference, form: str, slug: str) -> None:
    assert ref.agency_forms("js")[form] == slug


@pytest.mark.parametrize(
    ("form", "slug"),
    [
        ("省委宣傳部", "js-cpc-pd"),
        ("省衛健委", "js-hc"),
        ("省应急管理厅", "js-em"),
        ("省應急廳", "js-em"),
        ("團省委", "js-cyl"),
        ("省婦聯", "js-wf"),
        ("省消防救援總隊", "js-fire"),
        ("省地方金融監管局", "js-lfr"),
        ("江蘇省市場監管局", "js-amr"),
        ("南京市市場監管局", "nanjing-amr"),
        ("浙江省市场监管局", "zj-amr"),
        ("國家市場監管總局", "cn-samr"),
        ("工信部", "cn-miit"),
        ("国家发改委", "cn-ndrc"),
        ("國家藥監局", "cn-nmpa"),
        ("國家認監委", "cn-cnca"),
        ("住建部", "cn-mohurd"),
        ("南京海關", "cn-gacc-nanjing"),
        ("國家金融監督管理總局", "cn-nfra"),
        ("中國人民銀行", "cn-pboc"),
    ],
)
def test_other_jiangsu_report_forms(ref: Reference, form: str, slug: str) -> None:
    assert ref.agency_forms("js")[form] == slug


@pytest.mark.parametrize(
    ("jurisdiction", "form", "slug"),
    [
        ("nanjing", "市市場監管局", "nanjing-amr"),
        ("nanjing", "市市场监管局", "nanjing-amr"),
        ("nanjing", "省市場監管局", "js-amr"),
        ("nanjing", "市建委", "nanjing-hurd"),
        ("nanjing", "市住建局", "nanjing-hurd"),  # an override keeps the line-up's generic forms
        ("bj", "市教委", "bj-edu"),
        ("bj", "市教育局", "bj-edu"),
        ("kunshan", "市市場監管局", "kunshan-amr"),
        ("kunshan", "省市場監管局", "js-amr"),
        ("shenzhen", "市市場監管局", "shenzhen-amr"),
        ("shenzhen", "省市場監管局", "gd-amr"),
        ("gx", "自治區市場監管局", "gx-amr"),
        ("gx", "区市场监管局", "gx-amr"),
        ("sh", "市經信委", "sh-miit"),
        ("sh", "市消防救援總隊", "sh-fire"),
        ("zj", "省經信廳", "zj-miit"),
        ("cn", "市場監管總局", "cn-samr"),
        ("cn", "海關總署", "cn-gacc"),
        ("cn", "江蘇省市場監督管理局", "js-amr"),
        ("nanjing", "市残联", "nanjing-cdpf"),  # the people's organisations every province and city has
        ("nanjing", "市红十字会", "nanjing-rcs"),
        ("js", "省殘聯", "js-cdpf"),
        ("js", "江苏省红十字会", "js-rcs"),
    ],
)
def test_forms_at_other_levels(ref: Reference, jurisdiction: str, form: str, slug: str) -> None:
    assert ref.agency_forms(jurisdiction)[form] == slug


def test_relative_forms_need_a_jurisdiction_that_owns_them(ref: Reference) -> None:
    assert "市市場監管局" not in ref.agency_forms("js")  # which city's? not guessed
    assert "省市場監管局" not in ref.agency_forms("cn")
    assert "省市場監管局" not in ref.agency_forms("sh")  # Shanghai is a municipality: no 省


@pytest.mark.parametrize(
    ("hant", "hans"),
    [
        ("江蘇省市場監督管理局", "江苏省市场监督管理局"),
        ("國家市場監督管理總局", "国家市场监督管理总局"),
        ("中國人民銀行南京分行", "中国人民银行南京分行"),
        ("省衛健委", "省卫健委"),
    ],
)
def test_both_scripts_resolve_to_the_same_slug(ref: Reference, hant: str, hans: str) -> None:
    forms = ref.agency_forms("js")
    assert forms[hant] == forms[hans]


def test_seed_agencies_carry_their_official_names_and_parents(ref: Reference) -> None:
    office = ref.agencies["js-qdc-office"]
    assert office.names["en"] == "Jiangsu Provincial Quality Development Committee Office"
    assert office.names["zh-Hant"] == "江蘇省質量發展委員會辦公室"
    assert office.parent == "js-qdc"
    assert ref.agencies["js-grain"].names["zh-Hant"] == "江蘇省糧食和物資儲備局"
    assert ref.agencies["js-comms"].names["zh-Hans"] == "江苏省通信管理局"
    assert ref.agencies["js-comms"].parent == "cn-miit"
    assert ref.agencies["js-dot"].names["zh-Hant"] == "江蘇省交通運輸廳"
    assert ref.agencies["js-mpa"].names["zh-Hant"] == "江蘇省藥品監督管理局"
    assert ref.agencies["js-miit"].names["zh-Hant"] == "江蘇省工業和信息化廳"
    bank = ref.agencies["cn-pboc-nanjing"]
    assert (bank.names["zh-Hant"], bank.names["en"], bank.parent) == (
        "中國人民銀行南京分行",
        "People's Bank of China Nanjing Branch",
        "cn-pboc",
    )
    amr = ref.agencies["js-amr"]
    assert (amr.jurisdiction, amr.level) == ("js", "provincial")
    assert {"省市場監管局", "省市场监管局", "江蘇省市場監督管理局"} <= set(amr.short_forms)
    assert ref.agencies["nanjing-amr"].names["en"] == "Nanjing Municipal Administration for Market Regulation"
    assert ref.agencies["nanjing-hurd"].names["zh-Hant"] == "南京市城鄉建設委員會"  # override of the line-up


def test_find_jurisdiction_by_name_in_either_script(ref: Reference) -> None:
    assert ref.find_jurisdiction("江蘇省").code == "js"  # type: ignore[union-attr]
    assert ref.find_jurisdiction("江苏").code == "js"  # type: ignore[union-attr]
    assert ref.find_jurisdiction("南京市").code == "nanjing"  # type: ignore[union-attr]
    assert ref.find_jurisdiction("廣西壯族自治區").code == "gx"  # type: ignore[union-attr]
    assert ref.find_jurisdiction("泰州").code == "taizhou-js"  # type: ignore[union-attr]
    assert ref.find_jurisdiction("台州").code == "taizhou-zj"  # type: ignore[union-attr]
    assert ref.find_jurisdiction("火星") is None


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("深入實施質量提升行動,不斷提高質量供給水平", "Implementing quality improvement actions"),
        ("加大宣傳力度, 提高全社會質量素養", "Stepping up publicity"),
        ("加大宣传力度，提高全社会质量素养", "Stepping up publicity"),
        ("推動質量變革創新 促進質量強省建設", "Driving quality reform"),
        ("江蘇省居家社區養老服務能力提升三年行動工作方案(2022-2024)", "Jiangsu three-year action work plan"),
        ("已上市生物製品藥學變更研究指導原則(試行)", "Guidelines for pharmaceutical change studies"),
        ("金融標準 為民利企", "Financial Standards"),
        ("鐵拳", "Iron Fist"),
        ("昆山住建杯", "Kunshan Housing and Construction Cup"),
        ("中國質量報", "China Quality News"),
    ],
)
def test_translate_seed_phrases(ref: Reference, zh: str, en: str) -> None:
    assert (ref.translate(zh) or "").startswith(en)


def test_translate_unknown_phrase(ref: Reference) -> None:
    assert ref.translate("不存在的短語") is None


def test_products_media_and_campaigns(ref: Reference) -> None:
    products = ref.product_forms()
    assert products["移動應用 APP"] == products["移动应用APP"] == "mobile-apps"
    assert products["汽車充電樁"] == "ev-charging-piles"
    assert products["燃气灶具及配件"] == "gas-cookers-and-fittings"
    assert ref.products["face-masks"].names["en"] == "Face masks"
    assert ref.media_forms()["新华日报"] == ref.media_forms()["新華日報"] == "xinhua-daily"
    assert ref.media_forms()["中國質量報"] == "china-quality-news"
    assert ref.campaigns["qm"].month == 9
    assert ref.campaigns["qm"].names["zh-Hans"] == "质量月"


# ---------------------------------------------------------------- bad data


def _tiny(directory: Path, agencies: str = "") -> Path:
    """A reference directory small enough to read: China, Jiangsu, Nanjing, one template per line-up."""
    files = {
        "jurisdictions.csv": "code,level,parent,lineup,name_zh_hant,name_zh_hans,name_en,en_prefix,bare,"
        "prefixes,abbrev\n"
        "cn,national,,,中國,中国,China,National,中國,,\n"
        "js,provincial,cn,province,江蘇省,江苏省,Jiangsu,Jiangsu Provincial,江蘇,省,蘇\n"
        "nanjing,municipal,js,city,南京市,南京市,Nanjing,Nanjing Municipal,南京,市,\n",
        "agency-lineup.csv": "code,lineup,name_zh_hant,name_zh_hans,name_en,forms,parent,note\n"
        "amr,province,{name}市場監督管理局,{name}市场监督管理局,{en} AMR,{rel}市場監管局,cn-samr,\n"
        "amr,city,{name}市場監督管理局,{name}市场监督管理局,{en} AMR,{rel}市場監管局,{up}-amr,\n",
        "agencies.csv": "slug,jurisdiction,level,name_zh_hant,name_zh_hans,name_en,forms,relative_forms,parent,note\n"
        "cn-samr,cn,national,國家市場監督管理總局,国家市场监督管理总局,SAMR,市場監管總局,,,\n" + agencies,
        "products.csv": "slug,name_zh_hant,name_zh_hans,name_en,aliases\nface-masks,口罩,口罩,Face masks,\n",
        "media.csv": "slug,name_zh_hant,name_zh_hans,name_en,aliases\n",
        "campaigns.csv": "code,name_zh_hant,name_zh_hans,name_en,month,aliases\nqm,質量月,质量月,Quality Month,9,\n",
        "translations.csv": "zh_hans,en,kind\n铁拳,Iron Fist,initiative\n",
        "regions.csv": "code,markers,note\ncn,國務院,\n",
    }
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_tiny_reference_expands_templates(tmp_path: Path) -> None:
    ref = load_reference(_tiny(tmp_path))
    assert sorted(ref.agencies) == ["cn-samr", "js-amr", "nanjing-amr"]
    assert ref.agencies["nanjing-amr"].parent == "js-amr"
    assert ref.agency_forms("nanjing")["省市场监管局"] == "js-amr"
    assert ref.agency_forms("nanjing")["市市場監管局"] == "nanjing-amr"


def test_a_form_claimed_twice_is_left_out_and_reported(tmp_path: Path) -> None:
    ref = load_reference(
        _tiny(
            tmp_path,
            "cn-a,cn,national,甲局,甲局,A,同名局,,,\ncn-b,cn,national,乙局,乙局,B,同名局,,,\n",
        )
    )
    assert "同名局" not in ref.agency_forms("js")
    assert (ref.agency_forms("js")["甲局"], ref.agency_forms("js")["乙局"]) == ("cn-a", "cn-b")


def test_a_listed_body_wins_over_a_template(tmp_path: Path) -> None:
    ref = load_reference(_tiny(tmp_path, "js-qa,js,provincial,甲,甲,A,,省市場監管局,js-amr,\n"))
    assert ref.agency_forms("js")["省市場監管局"] == "js-qa"
    assert ref.agency_forms("js")["省市场监管局"] == "js-qa"


@pytest.mark.parametrize(
    ("row", "line", "message"),
    [
        ("cn-x,cn,national,甲,甲,A,,,\n", 3, "expected 10 fields, found 9"),
        ("cn-x,cn,national,甲,,A,,,,\n", 3, "'name_zh_hans' is empty"),
        ("cn-x,cn,nation,甲,甲,A,,,,\n", 3, "level must be"),
        ("cn-x,cn,national,甲,甲,A,,,cn-nowhere,\n", 3, "no parent"),
        ("CN_X,cn,national,甲,甲,A,,,,\n", 3, "not a lower-case ASCII slug"),
        ("js-x,js,provincial,甲,甲,A,,市甲局,,\n", 3, "does not start with 省"),
        ("cn-samr,cn,national,甲,甲,A,,,,\n", 3, "listed twice"),
    ],
)
def test_a_malformed_row_names_file_and_line(tmp_path: Path, row: str, line: int, message: str) -> None:
    directory = _tiny(tmp_path, row)
    with pytest.raises(InputError) as caught:
        load_reference(directory)
    assert caught.value.path == directory / "agencies.csv"
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{directory / 'agencies.csv'}:{line}: ")


def test_a_bad_template_names_its_line(tmp_path: Path) -> None:
    directory = _tiny(tmp_path)
    lineup = directory / "agency-lineup.csv"
    lineup.write_text(lineup.read_text(encoding="utf-8") + "x,city,{nam}局,{nam}局,X,{rel}局,,\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_reference(directory)
    assert (caught.value.path, caught.value.line) == (lineup, 4)


def test_a_missing_or_undecodable_file_is_an_input_error(tmp_path: Path) -> None:
    directory = _tiny(tmp_path)
    (directory / "media.csv").unlink()
    with pytest.raises(InputError, match="missing"):
        load_reference(directory)
    (directory / "media.csv").write_bytes(b"slug,name_zh_hant\n\xff\xfe\n")
    with pytest.raises(InputError, match="UTF-8"):
        load_reference(directory)


def test_a_jurisdiction_parent_must_come_first(tmp_path: Path) -> None:
    directory = _tiny(tmp_path)
    places = directory / "jurisdictions.csv"
    lines = places.read_text(encoding="utf-8").splitlines(keepends=True)
    places.write_text(lines[0] + lines[3] + lines[1] + lines[2], encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_reference(directory)
    assert (caught.value.path, caught.value.line) == (places, 2)


# ---------------------------------------------------------------- regions: Taiwan, Hong Kong, Macau


def test_regions_have_no_parent_and_their_places_belong_to_them(ref: Reference) -> None:
    assert [c for c, j in ref.jurisdictions.items() if j.parent is None] == ["cn", "tw", "hk", "mo"]
    assert {ref.jurisdictions[c].level for c in ("tw", "hk", "mo")} == {"region"}
    assert ref.region_of("taipei") == "tw" and ref.region_of("kunshan") == "cn"
    assert {ref.find_jurisdiction(n).code for n in ("臺北市", "台北市", "台北")} == {"taipei"}  # type: ignore[union-attr]


def test_a_body_form_resolves_to_the_reports_own_region(ref: Reference) -> None:
    # 消費者委員會 is Hong Kong's in Hong Kong, Macau's in Macau, and nobody's bare in a mainland report;
    # 海關 is Hong Kong's customs only there; 教育部 is Taiwan's in Taiwan, the mainland's at home.
    assert ref.agency_forms("hk")["消费者委员会"] == "hk-cc"
    assert ref.agency_forms("mo")["消費者委員會"] == "mo-cc"
    assert "消费者委员会" not in ref.agency_forms("js")
    assert ref.agency_forms("hk")["海關"] == "hk-customs" and "海关" not in ref.agency_forms("nanjing")
    assert (ref.agency_forms("tw")["教育部"], ref.agency_forms("js")["教育部"]) == ("tw-moe", "cn-moe")
    assert ref.agency_forms("yilan")["縣府"] == "yilan-gov"
    # another region's body is read where its name carries its place
    assert ref.agency_forms("shenzhen")["香港海關"] == "hk-customs"
    assert ref.agency_forms("hk")["深圳海关"] == "cn-gacc-shenzhen"
    assert "海关总署" not in ref.agency_forms("hk")
    # a name opening with 中华人民共和国 or 国家 names the mainland: its national body in any region's report, while a
    # region's own body so named stays its own (Taiwan's 國家發展委員會)
    assert ref.agency_forms("hk")["中華人民共和國海關"] == ref.agency_forms("js")["中华人民共和国海关"] == "cn-gacc"
    assert ref.agency_forms("mo")["國家市場監管總局"] == "cn-samr"
    assert ref.agency_forms("tw")["國家發展委員會"] == "tw-ndc"


def test_a_region_body_named_with_its_region(ref: Reference) -> None:
    # 澳門治安警察局: the region's name before a body whose own name lacks it is part of the name, at home and, since
    # it names its place, in another region's report; a name that has it already (澳門海關) is not doubled
    assert ref.agency_forms("mo")["澳門治安警察局"] == "mo-psp" and ref.agency_forms("hk")["澳门司法警察局"] == "mo-pj"
    assert ref.agency_forms("js")["香港消防处"] == "hk-fsd" and "澳門澳門海關" not in ref.agency_forms("mo")


@pytest.mark.parametrize(
    ("text", "region", "place"),
    [
        ("省市場監管局聯合省教育廳開展質量宣傳。", "cn", None),  # Traditional script, no region named: the mainland
        ("深圳海關聯合香港海關開展執法行動，深圳市市場監管局配合。", "cn", None),  # a Hong Kong partner
        ("行政院消費者保護處會同經濟部標準檢驗局抽查商品。", "tw", "tw"),
        ("宜蘭縣政府聯合內政部消防署辦理宣導，縣府並檢查旅館。", "tw", "yilan"),
        ("食物環境衞生署聯同警方巡查，特區政府表示…", "hk", "hk"),
        ("澳門海關聯同治安警察局巡查。", "mo", "mo"),
    ],
)
def test_the_region_and_place_come_from_the_text(ref: Reference, text: str, region: str, place: str | None) -> None:
    from kg.ingest.region import find_region, region_place
    from kg.ingest.script import aligned_hans

    norm = aligned_hans(text)
    assert find_region(norm, ref) == region
    if place is not None:
        assert region_place(norm, ref, region).code == place


def test_the_regions_and_the_nation_are_listed_in_full(ref: Reference) -> None:
    # Each region's line-up of bureaux and departments loads, with short forms, bodies of their time, and no bare
    # ordinary word (天文台, 輔警, 憲兵, 社保基金) taken for a body.
    assert (ref.agency_forms("hk")["社署"], ref.agency_forms("hk")["食衞局"]) == ("hk-swd", "hk-fhb")
    assert ref.agency_forms("hk")["地政總署"] == "hk-landsd" and ref.agencies["hk-bd"].parent == "hk-devb"
    assert (ref.agency_forms("tw")["海巡署"], ref.agency_forms("tw")["營建署"]) == ("tw-cga", "tw-cpami")
    assert ref.agency_forms("tw")["調查局"] == "tw-mjib" and ref.agency_forms("tw")["標檢局"] == "tw-bsmi"
    assert (ref.agency_forms("mo")["教青局"], ref.agency_forms("mo")["民航局"]) == ("mo-dsedj", "mo-aacm")
    assert (ref.agency_forms("js")["民航局"], ref.agency_forms("js")["国家信访局"]) == ("cn-caac", "cn-nab")
    for region, word in (("hk", "天文台"), ("hk", "輔警"), ("tw", "憲兵"), ("mo", "社保基金")):
        assert word not in ref.agency_forms(region)
    counts = {r: sum(a.slug.startswith(r + "-") for a in ref.agencies.values() if a.jurisdiction == r)
              for r in ("hk", "tw", "mo")}
    assert counts["hk"] >= 80 and counts["tw"] >= 110 and counts["mo"] >= 40
