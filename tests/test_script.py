"""Han script: one definition of a Han character, one Simplified converter, and why it is OpenCC's hk2s."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import opencc
import pytest

import kg
from kg.ingest.script import HAN, aligned_hans, is_han, script_variants, to_hans
from kg.paths import REFERENCE_DIR, SOURCES_DIR

CASES = Path(__file__).parent / "cases"
_T2S, _TW2S, _HK2S = (opencc.OpenCC(c) for c in ("t2s", "tw2s", "hk2s"))


def t2s(text: str) -> str:
    """What cleaning and extraction used to convert with."""
    return str(_T2S.convert(text))


def chain(text: str) -> str:
    """What the reference loader used to convert with: Taiwan, then Hong Kong, then OpenCC's standard."""
    return t2s(str(_HK2S.convert(str(_TW2S.convert(text)))))


@pytest.mark.parametrize(
    ("ch", "han"),
    [("質", True), ("质", True), ("〇", True), ("\U00020000", True), ("\U0002f800", True), ("豈", True),
     ("\u4dc0", False), ("々", False), ("。", False), ("?", False), ("A", False)],
)
def test_one_definition_of_a_han_character(ch: str, han: bool) -> None:
    # 〇 and the extensions are Han (report.py and mentions.py used to leave them out); the Yijing hexagram symbols
    # between extension A and the unified block are not (mentions.py used to count them in).
    assert is_han(ch) is han
    assert bool(re.fullmatch(f"[{HAN}]", ch)) is han


# Where the two old converters disagree, and what to_hans (hk2s) gives.
@pytest.mark.parametrize(
    ("text", "old_t2s", "old_chain", "now"),
    [
        ("衞生健康委", "衞生健康委", "卫生健康委", "卫生健康委"),  # Hong Kong variant: t2s leaves it Traditional
        ("敍述、粧、糭、衹", "敍述、粧、糭、衹", "叙述、妆、粽、只", "叙述、妆、粽、只"),
        ("成效显著", "成效显著", "成效显着", "成效显著"),  # Simplified text: the chain's tw2s rewrites 著
        ("么", "么", "幺", "么"),  # … and 么 (Simplified of 麼) into 幺, another character
        ("著力", "著力", "着力", "著力"),  # Taiwan's 著 for 着: only tw2s reads it, at the cost above
    ],
)
def test_where_the_old_converters_differ(text: str, old_t2s: str, old_chain: str, now: str) -> None:
    assert (t2s(text), chain(text), to_hans(text)) == (old_t2s, old_chain, now)


def _reference_cells(columns: tuple[str, ...] | None = None) -> list[str]:
    """Every ``|``-separated item of the reference tables' cells (of ``columns`` only, when given)."""
    cells = []
    for path in sorted(REFERENCE_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                values = [v for k, v in row.items() if columns is None or k in columns]
                cells += [item.strip() for v in values for item in v.split("|") if item.strip()]
    return cells


def test_simplified_reference_names_stay_as_they_are() -> None:
    names = _reference_cells(("name_zh_hans", "zh_hans"))
    assert len(names) > 500
    assert [n for n in names if to_hans(n) != n] == []


def test_every_traditional_spelling_of_a_reference_form_reads_back() -> None:
    # The loader indexes every spelling script_variants writes (s2t, s2tw, s2hk); t2s fails this for 21 line-up
    # forms whose s2hk spelling has the Hong Kong 衞 (衞生健康委, 總枱 …; 21 when this was written, more as the line-ups
    # grow), the chain for Simplified 显著 or 么.
    forms = {to_hans(cell) for cell in _reference_cells()}
    assert len(forms) > 2000
    assert sorted((h, t) for h in forms for t in script_variants(h)[1] if to_hans(t) != h) == []
    lost_by_t2s = [t for h in forms for t in script_variants(h)[1] if t2s(t) != h]
    assert lost_by_t2s and all(set(t) & set("衞枱") for t in lost_by_t2s)  # Hong Kong variants t2s keeps


def test_on_the_data_hk2s_gives_what_cleaning_gave() -> None:
    # Why data/kg.ttl is byte-identical: no source text and no mainland case or reference cell holds a character
    # where hk2s and t2s differ; only Hong Kong's own variants (衞 of 食物環境衞生署) do, which t2s would keep.
    # (The chain differs on one line of the seed, 著力, which hk2s and t2s both keep.)
    texts = [p.read_text(encoding="utf-8-sig") for p in [*SOURCES_DIR.glob("*.txt"), *CASES.glob("*/input.txt")]]
    texts += [cell for path in REFERENCE_DIR.glob("*.csv") for cell in path.read_text(encoding="utf-8").split(",")]
    assert len(texts) > 1000
    differ = [t for t in texts if to_hans(t) != t2s(t)]
    assert differ and all(set(t) & set("衞綫") for t in differ)
    assert not [p for p in SOURCES_DIR.glob("*.txt") if p.read_text(encoding="utf-8-sig") in differ]
    hong_kong = set("衞綫")
    lines = [line for t in texts for line in t.splitlines() if not set(line) & hong_kong]
    assert [line for line in lines if chain(line) != t2s(line)] == [
        line for line in SOURCES_DIR.joinpath("jiangsu-2022-quality-month.txt").read_text(encoding="utf-8-sig")
        .splitlines() if "著力" in line
    ]


def test_aligned_hans_keeps_every_offset() -> None:
    # A phrase rule that changes the length (the Taiwan 計程車 is 出租车 only in tw2s) never shifts offsets.
    for text in ["質量發展委員會", "乾隆", "計程車", "〇", "\U00020000質"]:
        assert len(aligned_hans(text)) == len(text)
    assert aligned_hans("質(zhì)量") == "质(zhì)量"


def test_opencc_and_the_han_ranges_live_in_script_only() -> None:
    # One converter per direction (kg.ingest.script) and one definition of a Han character (kg.han, in the core so
    # that reading sources needs no extraction module): any other module asks them.
    package = Path(kg.__file__).parent
    others = [p for p in sorted(package.rglob("*.py")) if p.name != "script.py" or p.parent.name != "ingest"]
    text = {p.relative_to(package).as_posix(): p.read_text(encoding="utf-8") for p in others}
    assert [name for name, source in text.items() if re.search(r"^\s*(?:import|from) opencc\b", source, re.M)] == []
    assert [name for name, source in text.items()
            if re.search(r"\\u4e00|\\u3400|\\u9fff", source, re.I) and name != "han.py"] == []
