"""Who takes part in a campaign outside every activity (``prov:wasAssociatedWith``), which the cases do not project."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.clean import clean
from kg.ingest.extract import extract
from kg.ingest.reference import Reference, load_reference

CASES = Path(__file__).parent / "cases"


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference()


def _taking_part(text: str, reference: Reference) -> list[str]:
    found = extract(clean(text), reference).campaign
    return sorted(m.key for m in (*found.coordinators, *found.participants))


def test_officials_named_by_their_posts_bring_no_body(reference: Reference) -> None:
    """市委常委、政法委书记某某，市人大常委会副主任某某出席: people attend; their posts' bodies take no part."""
    text = (CASES / "officials-posts-not-bodies" / "input.txt").read_text(encoding="utf-8")
    assert _taking_part(text, reference) == []


def test_a_body_attending_as_itself_still_takes_part(reference: Reference) -> None:
    """The same sentence with the body itself as the one that attends keeps it."""
    text = "澄川市2026年国家宪法日宣传活动综述\n12月4日，宣传活动在市民广场举行，市人大常委会派员出席活动。\n"
    assert _taking_part(text, reference) == ["市人大常委会"]


def test_a_body_named_as_a_venue_or_an_office_post_takes_no_part(reference: Reference) -> None:
    """在市政府机关大院举行 names where; 市安委会办公室主任某某 names a person's post: neither body takes part."""
    text = ("澄川市2026年安全生产月活动综述\n6月1日，安全生产月启动仪式在市政府机关大院举行，"
            "市安委会办公室主任李明主持仪式。\n")
    assert _taking_part(text, reference) == []


def test_bodies_whose_leaders_are_invited_take_no_part(reference: Reference) -> None:
    """A、B有关领导应邀出席 and 邀请A、B和C领导出席: their leaders attend, and no body of the list takes part (the body
    that held the event conducts its activity)."""
    text = (CASES / "list-of-bare-names-takes-part" / "input.txt").read_text(encoding="utf-8")
    assert "县政协" not in _taking_part(text, reference) and "市司法局" not in _taking_part(text, reference)
    text = ("澄川县2026年中国水周宣传活动综述\n3月22日，县水利局在滨江广场举行宣传活动，"
            "邀请县人大、县政协和县政府领导出席。\n")
    assert _taking_part(text, reference) == []
