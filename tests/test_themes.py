"""Theme headings (kg.ingest.themes): which numbered markers head the report's sections, mid-line ones included."""

from __future__ import annotations

from kg.ingest.themes import find_themes


def _headings(text: str) -> list[tuple[int, str]]:
    return [(t.number, text[t.start : t.end]) for t in find_themes(text, [])]


def test_inline_headings_after_a_sentence_a_semicolon_or_a_colon() -> None:
    text = "全区开展质量月活动，主要做法如下：一、强化宣传。发放资料。二、抓好监管；三、优化服务。"
    assert _headings(text) == [(1, "强化宣传"), (2, "抓好监管"), (3, "优化服务")]
    # the sentence that leads into a heading after a colon is not part of the section before it
    themes = find_themes("总结：一、宣传。甲。总结：二、监管。", [])
    assert [t.body_end for t in themes] == [10, 18]


def test_numbers_inside_a_sentence_are_no_headings() -> None:
    assert _headings("第一、二季度产量上升，一、二类企业增多。") == []
    assert _headings("今年，一、宣传。") == []


def test_the_level_that_opens_first_is_the_outer_one() -> None:
    # an inline list inside (一) and (二) sections stays in its section
    text = "（一）质量宣传\n抓好三项工作：一、发资料；二、设展台。\n（二）质量监管\n开展抽查。"
    assert _headings(text) == [(1, "质量宣传"), (2, "质量监管")]
    # headings 一、 that open before the (一) items under them are the sections
    text = "今年情况如下。一、质量宣传 （一）发资料。（二）设展台。二、质量监管 开展抽查。"
    assert [n for n, _ in _headings(text)] == [1, 2]
    assert _headings(text)[0][1].startswith("质量宣传")


def test_headings_at_line_start_come_first() -> None:
    text = "一、质量宣传\n甲。乙：一、丙；二、丁。\n二、质量监管\n戊。"
    assert _headings(text) == [(1, "质量宣传"), (2, "质量监管")]
