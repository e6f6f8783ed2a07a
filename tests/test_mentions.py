"""The recognisers, one rule at a time, on short sentences of the genre written for the purpose."""

from __future__ import annotations

import pytest

from kg.ingest.documents import document_mentions
from kg.ingest.initiatives import initiative_mentions
from kg.ingest.mentions import agency_mentions
from kg.ingest.products import product_mentions
from kg.ingest.reference import load_reference


def _agencies(text: str, jurisdiction: str, prefixes: tuple[str, ...] = ()) -> list[tuple[str, str | None]]:
    forms = load_reference().agency_forms(jurisdiction)
    return [(text[m.start : m.end], m.key if m.curated else None) for m in agency_mentions(text, forms, prefixes)]


def test_curated_forms_take_the_longest_name() -> None:
    assert _agencies("省市场监管局联合省公安厅开展", "js") == [("省市场监管局", "js-amr"), ("省公安厅", "js-ps")]


def test_a_bank_branch_after_a_curated_name_is_the_branch_not_the_head_office() -> None:
    # 湛江 is not in the reference data: the branch is kept as written, not curated, and not read as 人民银行.
    assert _agencies("人民银行湛江市中心支行组织宣传。", "cn") == [("人民银行湛江市中心支行", None)]


def test_bare_names_resolve_through_the_level_prefix() -> None:
    found = _agencies("组织市场监管局、工信局等部门开展", "xiamen", ("市",))
    assert found == [("市场监管局", "xiamen-amr"), ("工信局", "xiamen-miit")]


def test_bare_names_need_the_prefix_to_be_known() -> None:
    # without a known prefix, 市场监管局 is not curated; nor is it read as 市 + 场监管局 (an unlisted body of a
    # city): the report's own bodies (kg.ingest.own_bodies) name it where the text writes it with its place
    assert _agencies("组织市场监管局开展", "xiamen", ()) == []


def test_unlisted_bodies_with_a_standard_suffix_are_kept_and_flagged() -> None:
    found = _agencies("由省质量强省工作领导小组办公室统筹组织。县文新旅局参加。", "zj")
    assert found == [("省质量强省工作领导小组办公室", None), ("县文新旅局", None)]


@pytest.mark.parametrize("text", ["全国市场监管部门", "人行道改造", "百家电商平台点亮行动", "市民举办活动"])
def test_ordinary_words_are_not_agencies(text: str) -> None:
    assert _agencies(text, "js") == []


@pytest.mark.parametrize(("text", "found"), [
    ("县长等一行前往青竹县公安局主持大会", [("青竹县公安局", None)]),  # 前往 leads into the name, as 走进 does
    ("市长某某感谢中央部会长官", []),  # a title, a name, then words: no body
    ("县长及县公安局人员到场", [("县公安局", None)]),  # the head, then the bureau in line with him
    ("理事长某某与青竹县公安局颁奖", [("青竹县公安局", None)]),  # an association's head before the bureau
])
def test_a_title_or_a_going_to_is_no_part_of_a_name(text: str, found: list[tuple[str, str | None]]) -> None:
    assert _agencies(text, "cn") == found


def _products(text: str) -> list[str]:
    forms = load_reference().product_forms()
    return [text[m.start : m.end] for m in product_mentions(text, forms, [], 0, len(text))]


def test_enumerated_products_with_qualifiers_dropped() -> None:
    assert _products("开展电动自行车、电线电缆、儿童玩具等产品质量抽查") == ["电动自行车", "电线电缆", "儿童玩具"]


def test_single_product_after_a_verb_and_before_quality() -> None:
    assert _products("开展燃气灶具及配件产品质量安全专项整治") == ["燃气灶具及配件"]


@pytest.mark.parametrize(
    "text",
    [
        "找出省产品与国际、国内领先产品之间的差距",
        "开展工业产品质量技术帮扶",
        "百家电商平台点亮行动",
        "提升企业产品质量",
    ],
)
def test_phrases_that_only_look_like_products(text: str) -> None:
    assert _products(text) == []


def test_documents_with_numbers_and_issuing_verbs() -> None:
    text = "省民政厅印发《甲方案》(苏民养老〔2022〕14号)和《乙意见》,开展《丙办法》宣贯"
    docs = document_mentions(text, 4, len(text))
    assert [(text[d.start : d.end], text[d.number[0] : d.number[1]] if d.number else None, d.issued) for d in docs] == [
        ("甲方案", "苏民养老〔2022〕14号", True),
        ("乙意见", None, True),
        ("丙办法", None, False),
    ]


def test_initiatives_quoted_and_unquoted_but_not_slogans_or_the_campaign() -> None:
    text = "开展以“诚信经营”为主题的“质量月”宣传,组织“服务认证体验周”和第十届品牌故事大赛,推进“铁拳”行动"
    names = [text[m.start : m.end] for m in initiative_mentions(text, 0, len(text))]
    assert names == ["服务认证体验周", "第十届品牌故事大赛", "铁拳"]


def test_development_zone_committees_and_connectors_before_a_place() -> None:
    text = "由湛江市市场监督管理局和湛江经开区市场监督管理局主办，首都机场临空经济区管委会承办。"
    found = [name for name, _ in _agencies(text, "cn")]
    assert found == ["湛江市市场监督管理局", "湛江经开区市场监督管理局", "首都机场临空经济区管委会"]


def test_an_office_named_after_its_government_is_that_office() -> None:
    assert _agencies("记者从省政府新闻办召开的新闻发布会上获悉", "ah") == [("省政府新闻办", None)]


def test_mass_organisations_follow_their_place_directly() -> None:
    found = _agencies("区总工会开展职工质量技能竞赛，县妇联、青溪区科协参加。", "cn")
    assert found == [("区总工会", None), ("县妇联", None), ("青溪区科协", None)]


def test_a_name_never_runs_on_over_a_body_and_a_connector() -> None:
    # 团市委和信州区政府: 和 after a body's last character (委, 局, 办 …) ends that body; the next name starts after it.
    # (和 inside a name follows no such character: 住房和城乡建设局, 发展和改革局.)
    text = "团市委和信州区政府、县住房和城乡建设局开展宣传。"
    assert [name for name, _ in _agencies(text, "js")] == ["信州区政府", "县住房和城乡建设局"]
