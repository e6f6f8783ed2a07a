"""Cleaning: readings removed, genuine brackets and everything else kept, damage reported, offsets exact."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.clean import CleanText, clean
from kg.ingest.script import detect_script, to_hans, to_hant
from kg.paths import SOURCES_DIR

SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"

# A bracketed Latin syllable (tone marks, ü, optional tone number) right after a Han character.
READING_LEFT = re.compile(r"[\u4e00-\u9fff][(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü:]+[0-5]?[)）]")


@pytest.fixture(scope="module")
def seed() -> CleanText:
    return clean(SEED.read_text(encoding="utf-8"))


def test_seed_reading_count(seed: CleanText) -> None:
    # Counted by hand from the raw text: every "(" directly followed by a lower-case Latin letter, tone-marked
    # or not: re.findall(r"\((?=[a-zāáǎàēéěèīíǐìōóǒòūúǔùü])", raw) gives 253, and reading the matches shows
    # each is a one-syllable reading of the Han character before it (質(zhì), 發(fā), 內(nèi) …). The damaged
    # run "?qū)<?" has no "(" so it is not among them. The raw text has 263 "(" and 264 ")".
    assert [r.kind for r in seed.removals] == ["pinyin-reading"] * 253
    assert seed.text.count("(") == 263 - 253
    assert seed.text.count(")") == 264 - 253
    assert all(re.fullmatch(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)", r.text) for r in seed.removals)


def test_seed_genuine_brackets_survive(seed: CleanText) -> None:
    text = seed.text
    brackets = ["(2022-2024)", "(蘇民養老〔2022〕14號)", "(蘇民養老〔2022〕27號)"]
    for bracket in [*brackets, "(一)", "(二)", "(三)", "(四)", "(五)"]:
        assert text.count(bracket) == 1, bracket
    assert text.count("(試行)") == 2
    assert "《藥品上市后變更管理辦法(試行)》《已上市生物制品藥學變更研究指導原則(試行)》" in text


def test_seed_no_reading_left(seed: CleanText) -> None:
    assert READING_LEFT.findall(seed.text) == []
    assert "省質量發展委員會辦公室聯合各成員單位" in seed.text
    assert "江蘇省居家社區養老服務能力提升三年行動工作方案(2022-2024)" in seed.text


def test_seed_keeps_spaces_and_ascii(seed: CleanText) -> None:
    assert "推動質量變革創新 促進質量強省建設" in seed.text
    assert "移動應用 APP、口罩" in seed.text
    assert "藥品MAH/藥品生產企業" in seed.text
    assert seed.text.count("\n") == 8
    assert seed.text.count(" ") == seed.raw.count(" ") == 23


def test_seed_damaged_span(seed: CleanText) -> None:
    raw_start = seed.raw.index("域?") + 1  # the first "?" of the run "?qū)<?" (6 characters)
    assert len(seed.damaged) == 1
    span = seed.damaged[0]
    assert span.text == "?qū)<?"
    assert (span.raw_start, span.raw_end) == (raw_start, raw_start + 6)
    assert seed.raw[span.raw_start : span.raw_end] == "?qū)<?"
    assert seed.text[span.start : span.end] == "?qū)<?"
    assert "行業領域?qū)<?,分享" in seed.text
    assert "question mark inside Han text" in span.reason
    assert "stray ASCII '<' inside Han text" in span.reason


def test_seed_offsets_and_report(seed: CleanText) -> None:
    assert all(seed.raw[seed.to_raw(i)] == ch for i, ch in enumerate(seed.text))
    assert seed.to_raw(len(seed.text)) == len(seed.raw)
    i = seed.text.index("質量發展")
    raw_i = seed.raw.index("質(zhì)量發(fā)展")  # 13 raw characters for the 4 cleaned ones
    assert seed.raw_span(i, i + 4) == (raw_i, raw_i + 13)
    report = seed.report()
    assert report["removed"]["pinyin-reading"]["count"] == 253  # type: ignore[index]
    assert report["removed"]["pinyin-reading"]["texts"]["(zhì)"] == seed.raw.count("質(zhì)")  # type: ignore[index]
    assert [d["text"] for d in report["damaged"]] == ["?qū)<?"]  # type: ignore[attr-defined]


def test_seed_idempotent_and_script(seed: CleanText) -> None:
    again = clean(seed.text)
    assert again.text == seed.text and again.removals == ()
    assert detect_script(seed.text) == "zh-Hant"
    assert detect_script(to_hans(seed.text)) == "zh-Hans"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("质(zhì)量发(fā)展", "质量发展"),  # Simplified
        ("質（zhì）量（2022）", "質量（2022）"),  # full-width brackets: reading goes, year stays
        ("質(zhi4)質(ZHÌ)質(zhi)", "質質質"),  # numbered, upper case, toneless
        ("綠(lv4)綠(lu:4)綠(lü)綠(lǜ)", "綠綠綠綠"),  # ü spellings
        ("行(xíng)行(háng)重(chóng)長(zhǎng)長(cháng)", "行行重長長"),  # heteronyms
        ("質(zhì)(zhì)", "質"),  # a repeated reading reads the same character
        ("行(zhì)表(a)", "行(zhì)表(a)"),  # not readings of the character before them
        ("APP(app)?(qū)", "APP(app)?(qū)"),  # not after a Han character
        ("(一)(試行)(2022-2024)", "(一)(試行)(2022-2024)"),
        ("質 (zhì)", "質 (zhì)"),  # a space in between: not directly after the character, kept
        ("創新 促進\u3000，。", "創新 促進\u3000，。"),  # spaces and full-width punctuation kept
        ("\uf900\uf9dc", "\uf900\uf9dc"),  # compatibility ideographs kept, no NFKC
    ],
)
def test_clean_variants(raw: str, expected: str) -> None:
    assert clean(raw).text == expected


def test_bom_and_zero_width() -> None:
    c = clean("\ufeff質\u200b量(liàng)\ufeff")
    assert c.text == "質量"
    assert [(r.kind, r.raw_start, r.raw_end) for r in c.removals] == [
        ("bom", 0, 1),
        ("zero-width", 2, 3),
        ("pinyin-reading", 4, 11),
        ("zero-width", 11, 12),
    ]
    inside = clean("質(zh\u200bì)量")
    assert inside.text == "質量"
    assert [(r.kind, r.text) for r in inside.removals] == [("pinyin-reading", "(zh\u200bì)")]


@pytest.mark.parametrize(
    ("raw", "span", "reason"),
    [
        ("質\ufffd\ufffd量", "\ufffd\ufffd", "U+FFFD"),
        ("是不是?他說", "?", "question mark"),
        ("數量<5件", "<", "stray ASCII '<'"),
        ("A\x01B", "\x01", "control character U+0001"),
    ],
)
def test_damage_found(raw: str, span: str, reason: str) -> None:
    c = clean(raw)
    assert [d.text for d in c.damaged] == [span]
    assert reason in c.damaged[0].reason
    d = c.damaged[0]
    assert raw[d.raw_start : d.raw_end] == span


@pytest.mark.parametrize(
    "raw",
    ["移動應用 APP、口罩", "藥品MAH/藥品生產", "(2022-2024)年", "見http://a.cn/?q=1。", "<p>ok?</p>", "它？"],
)
def test_no_false_damage(raw: str) -> None:
    assert clean(raw).damaged == ()


def test_offsets_at_edges() -> None:
    c = clean("質(zhì)")
    assert c.to_raw(0) == 0 and c.to_raw(1) == 6
    assert c.raw_span(0, 1) == (0, 1)  # the trailing reading is not part of the character's span
    with pytest.raises(ValueError, match="offset"):
        c.to_raw(2)


def test_script_conversion() -> None:
    assert to_hans("質量發展委員會") == "质量发展委员会"
    assert to_hant("质量发展委员会") == "質量發展委員會"


TOKENS = ["質", "行", "長", "量", "一", "(zhì)", "（zhi4）", "(háng)", "(zhǎng)", "(lv4)"]
TOKENS += ["(", ")", "（", "）", "zh", "ì", "?", "<", ",", " ", "\n", "A", "2", "\ufeff", "\u200b", "\ufffd", "://"]
# Strings built from pieces of readings, brackets, invisible marks and damage, so every rule is exercised.
READING_HEAVY = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)


def _check_invariants(raw: str) -> None:
    c = clean(raw)
    assert clean(c.text).text == c.text
    assert all(raw[c.to_raw(i)] == ch for i, ch in enumerate(c.text))
    assert c.to_raw(len(c.text)) == len(raw)
    positions = [c.to_raw(i) for i in range(len(c.text) + 1)]
    assert positions == sorted(set(positions))
    end = 0
    for r in c.removals:
        assert end <= r.raw_start < r.raw_end <= len(raw)
        assert raw[r.raw_start : r.raw_end] == r.text
        end = r.raw_end
    assert len(c.text) + sum(r.raw_end - r.raw_start for r in c.removals) == len(raw)
    for d in c.damaged:
        assert c.text[d.start : d.end] == d.text
        assert (d.raw_start, d.raw_end) == c.raw_span(d.start, d.end)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_string(raw: str) -> None:
    _check_invariants(raw)


@settings(max_examples=500, deadline=None)
@given(READING_HEAVY)
def test_reading_heavy_strings(raw: str) -> None:
    _check_invariants(raw)
