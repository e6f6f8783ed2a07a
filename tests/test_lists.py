"""Bodies named in lists (kg/ingest/lists.py), and names that stand for many bodies, on sentences of the genre."""

from __future__ import annotations

from kg.ingest.lists import listed_agencies
from kg.ingest.mentions import Mention, agency_mentions
from kg.ingest.reference import load_reference


def _listed(text: str, known: str | None, prefix: str = "区") -> list[tuple[str, str]]:
    found = [Mention("agency", known, text.index(known), text.index(known) + len(known), False)] if known else []
    return [(m.key, text[m.start : m.end]) for m in listed_agencies(text, found, prefix, {})]


def test_a_known_body_makes_the_list_a_list_of_bodies() -> None:
    found = _listed("区委宣传部、总工会、妇联、团区委、卫生和计划生育委员会等单位", "区委宣传部")
    assert found == [
        ("区委宣传部", "区委宣传部"),
        ("区总工会", "总工会"),
        ("区妇联", "妇联"),
        ("团区委", "团区委"),
        ("区卫生和计划生育委员会", "卫生和计划生育委员会"),
    ]


def test_a_list_closed_by_departments_needs_no_known_body() -> None:
    assert _listed("城管局、教育局、公安局等部门开展", None) == [
        ("区城管局", "城管局"),
        ("区教育局", "教育局"),
        ("区公安局", "公安局"),
    ]


def test_an_ellipsis_separates_items_as_a_comma_does() -> None:
    assert _listed("区委宣传部、发改局……区总工会等21家成员单位参加", "区委宣传部") == [
        ("区委宣传部", "区委宣传部"),
        ("区发改局", "发改局"),
        ("区总工会", "区总工会"),
    ]


def test_items_that_are_not_one_body_stay_out() -> None:
    text = "区市场监管局、大厅、格局、承办、各部门、区直各委办局、新闻媒体、志愿者等200余人参加"
    assert _listed(text, "区市场监管局") == [("区市场监管局", "区市场监管局")]


def test_lists_without_a_body_are_not_read() -> None:
    assert _listed("加强食品、药品、特种设备安全监管", None) == []
    assert _listed("开展质量工作考核、质量专项督查和监督对点联系等活动", None) == []


def test_a_bare_name_with_a_curated_prefixed_form_is_that_agency() -> None:
    forms = load_reference().agency_forms("hefei")
    text = "市质监局、物价局、卫生局联合检查"
    known = [Mention("agency", "hefei-qts", 0, 4, True)]
    assert [m.key for m in listed_agencies(text, known, "市", forms)] == ["hefei-qts", "hefei-price", "hefei-health"]


def test_a_name_after_ge_is_many_bodies_not_one() -> None:
    forms = load_reference().agency_forms("hefei")
    text = "各县区质监局和各县质监局参加"
    assert [text[m.start : m.end] for m in agency_mentions(text, forms, ("市",))] == []
