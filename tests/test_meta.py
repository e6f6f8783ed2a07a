"""``.meta.json`` checked: each refusal names the file, the key's line and column and the key; merge keeps origins."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.reference import load_reference
from kg.paths import SOURCES_DIR
from kg.sources.document import METADATA_KEYS
from kg.sources.meta import KEYS, merge, meta_path, read_meta

SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"
NEXT_YEAR = datetime.datetime.now(tz=datetime.UTC).year + 1


@pytest.fixture(scope="module")
def known() -> Callable[[str], bool]:
    reference = load_reference()
    return lambda name: reference.find_jurisdiction(name) is not None


def _meta(folder: Path, text: str, source: str = "report.txt") -> Path:
    """A source named ``source`` (its bytes never read) with ``text`` as its ``.meta.json``."""
    (folder / source).write_text("九月是全省質量月。\n", encoding="utf-8")
    (folder / "report.meta.json").write_text(text, encoding="utf-8")
    return folder / source


def _refusal(source: Path, known: Callable[[str], bool] | None = None) -> InputError:
    with pytest.raises(InputError) as raised:
        read_meta(source, known_jurisdiction=known)
    assert raised.value.path == source.with_name("report.meta.json")
    assert "\n" not in str(raised.value)
    return raised.value


# -- the key, its line and its column ----------------------------------------------------------------------------

# the entry is written as the third line of the file, indented by two spaces: `  "key": value`, after a good one
WRONG = [
    pytest.param("yeer", "2022", '"yeer" is not a known key (did you mean "year"?)', id="unknown-key-suggested"),
    pytest.param("jurisdication", '"江苏省"', 'did you mean "jurisdiction"?', id="misspelt-jurisdiction"),
    pytest.param("author", '"x"', '"author" is not a known key (known keys: working_title, title,', id="no-close-key"),
    *(pytest.param(key, "1", f'"{key}" must be a string, not the number 1', id=f"{key}-number")
      for key, (kind, _) in KEYS.items() if kind == "string"),
    pytest.param("title", "null", '"title" must be a string, not null', id="title-null"),
    pytest.param("title", '"  "', '"title" is empty', id="title-blank"),
    pytest.param("year", '"2022"', '"year" must be a whole number, not the string "2022"', id="year-string"),
    pytest.param("year", "2022.0", '"year" must be a whole number, not the number 2022.0', id="year-float"),
    pytest.param("year", "true", '"year" must be a whole number, not true', id="year-bool"),
    pytest.param("month", "false", '"month" must be a whole number, not false', id="month-bool"),
    pytest.param("month", '"9"', '"month" must be a whole number', id="month-string"),
    pytest.param("notes", '"one note"', '"notes" must be a list of strings, not the string', id="notes-string"),
    pytest.param("notes", '["a", 2]', '"notes" must be a list of strings, not a list holding the number 2',
                 id="notes-item"),
    pytest.param("year", "1948", '"year" 1948 is not between 1949 and', id="year-1948"),
    pytest.param("year", str(NEXT_YEAR + 1), f'"year" {NEXT_YEAR + 1} is not between 1949 and {NEXT_YEAR}',
                 id="year-after-next"),
    pytest.param("month", "13", '"month" 13 is not between 1 and 12', id="month-13"),
    pytest.param("month", "0", '"month" 0 is not between 1 and 12', id="month-0"),
    pytest.param("date", '"2022-13-01"', '"date" "2022-13-01" is not a date written YYYY-MM-DD', id="date-month-13"),
    pytest.param("date", '"2022-02-30"', "is not a date", id="date-feb-30"),
    pytest.param("date", '"2022/09/01"', "is not a date", id="date-slashes"),
    pytest.param("date", '"1948-09"', '"date" "1948-09": 1948 is not between 1949', id="date-1948"),
    pytest.param("url", '"ftp://www.js.gov.cn/a.html"', '"url" "ftp://www.js.gov.cn/a.html" is not an http',
                 id="url-ftp"),
    pytest.param("url", '"www.js.gov.cn/a.html"', "is not an http:// or https:// address", id="url-no-scheme"),
    pytest.param("url", '"https://"', "is not an http:// or https:// address", id="url-no-host"),
    pytest.param("script", '"zh-CN"', '"script" must be "zh-Hans" or "zh-Hant", not "zh-CN"', id="script"),
    pytest.param("jurisdiction", '"青溪县"', '"jurisdiction" "青溪县" is not a jurisdiction of the reference tables',
                 id="unknown-jurisdiction"),
]


@pytest.mark.parametrize(("key", "value", "message"), WRONG)
def test_a_refusal_names_the_file_the_key_and_where_it_stands(
        tmp_path: Path, known: Callable[[str], bool], key: str, value: str, message: str) -> None:
    before = '"notes": ["a note"]' if key != "notes" else '"year": 2022'
    source = _meta(tmp_path, f'{{\n  {before},\n  "{key}": {value}\n}}\n')
    error = _refusal(source, known)
    assert (error.line, error.column) == (3, 3)
    assert message in error.message
    assert str(error).startswith(f"{tmp_path / 'report.meta.json'}:3:3: ")


def test_the_position_of_a_key_after_nested_values_and_on_a_shared_line(tmp_path: Path) -> None:
    notes = '"notes": [\n    "a note with a \\"quote\\" and {braces}",\n    "二"\n  ]'
    source = _meta(tmp_path, f'{{\n  {notes},\n  "year": 2022, "yeer": 9\n}}\n')
    error = _refusal(source)
    assert (error.line, error.column) == (6, 17)
    assert error.message.startswith('"yeer" is not a known key')


def test_a_key_given_twice_is_refused_at_its_second_place(tmp_path: Path) -> None:
    error = _refusal(_meta(tmp_path, '{"year": 2021,\n "month": 9,\n "year": 2022}'))
    assert (error.line, error.column, error.message) == (3, 2, '"year" is given twice (first on line 1)')


def test_a_file_with_a_bom_is_read(tmp_path: Path) -> None:
    source = _meta(tmp_path, "")
    source.with_name("report.meta.json").write_bytes(b"\xef\xbb\xbf" + b'{\n "yeer": 1}')
    assert (_refusal(source).line, _refusal(source).column) == (2, 2)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        pytest.param('["year", 2022]', (1, 1), "expected a JSON object", id="list"),
        pytest.param('"江苏省"', (1, 1), "expected a JSON object", id="string"),
        pytest.param('{\n  "year": 2022,\n}', (3, 1), "not valid JSON", id="trailing-comma"),
        pytest.param('{\n  "year": 2022\n  "month": 9\n}', (3, 3), "not valid JSON", id="missing-comma"),
        pytest.param("", (1, 1), "not valid JSON", id="empty"),
        pytest.param('{"notes": ' + "[" * 100_000 + "]" * 100_000 + "}", (None, None), "nested too deeply",
                     id="deep"),
    ],
)
def test_what_is_not_a_json_object_is_refused(tmp_path: Path, text: str, where: tuple[int, int],
                                              message: str) -> None:
    error = _refusal(_meta(tmp_path, text))
    assert (error.line, error.column) == where
    assert message in error.message


def test_what_is_not_utf8_or_too_large_is_refused(tmp_path: Path) -> None:
    source = _meta(tmp_path, "")
    source.with_name("report.meta.json").write_bytes('{"campaign": "質量月"}'.encode("big5"))
    assert _refusal(source).message == "not UTF-8"
    source.with_name("report.meta.json").write_text('{"notes": ["' + "x" * (1 << 20) + '"]}', encoding="utf-8")
    assert "over 1048576 bytes" in _refusal(source).message


# -- what passes --------------------------------------------------------------------------------------------------


def test_the_seeds_meta_passes(known: Callable[[str], bool]) -> None:
    meta = read_meta(SEED, known_jurisdiction=known)
    assert meta == json.loads(SEED.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert set(meta) <= set(KEYS)


@pytest.mark.parametrize("name", ["江蘇省", "江苏省", "江苏", "南京市", "中国"])
def test_a_jurisdiction_passes_in_either_script(tmp_path: Path, known: Callable[[str], bool], name: str) -> None:
    assert read_meta(_meta(tmp_path, json.dumps({"jurisdiction": name})), known_jurisdiction=known)


def test_every_key_at_its_limits_passes(tmp_path: Path, known: Callable[[str], bool]) -> None:
    meta = {"working_title": "Jiangsu, Quality Month", "title": "質量月", "jurisdiction": "江苏省",
            "campaign": "质量月", "year": NEXT_YEAR, "month": 12, "date": "1949-10-01", "url": "HTTPS://www.js.gov.cn/",
            "publisher": "江苏省市场监督管理局", "script": "zh-Hant", "notes": []}
    assert read_meta(_meta(tmp_path, json.dumps(meta, ensure_ascii=False)), known_jurisdiction=known) == meta
    for year, month, date in ((1949, 1, "2022-09"), (2000, 9, "2024-02-29")):
        text = json.dumps({"year": year, "month": month, "date": date})
        assert read_meta(_meta(tmp_path, text))["date"] == date


def test_without_a_reference_any_jurisdiction_passes_and_without_a_file_nothing_is_said(tmp_path: Path) -> None:
    assert read_meta(_meta(tmp_path, '{"jurisdiction": "青溪县"}')) == {"jurisdiction": "青溪县"}
    assert read_meta(tmp_path / "other.txt") == {}


@pytest.mark.parametrize("source", ["report.pdf", "report.html", "report.docx", "report.txt", "report"])
def test_any_format_finds_the_meta_beside_it(tmp_path: Path, source: str) -> None:
    path = _meta(tmp_path, '{"year": 2022}', source=source)
    assert meta_path(path) == tmp_path / "report.meta.json"
    assert read_meta(path) == {"year": 2022}


def test_a_meta_file_is_never_a_source(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a report"):
        meta_path(tmp_path / "report.meta.json")


# -- merge ----------------------------------------------------------------------------------------------------------


def test_merge_takes_the_meta_first_and_the_page_for_the_rest() -> None:
    page = {"title": ("質量月活動總結", "<title>"), "date": ("2022-10-08", "<meta name=PubDate>"),
            "publisher": ("江苏省市场监督管理局", "<meta name=SiteName>"), "url": ("https://a.gov.cn/1.html", "<link>")}
    meta = {"jurisdiction": "江蘇省", "title": "江蘇省2022年質量月", "url": "https://b.gov.cn/2.html"}
    assert merge(meta, page) == {
        "title": ("江蘇省2022年質量月", "meta.json"),
        "jurisdiction": ("江蘇省", "meta.json"),
        "date": ("2022-10-08", "file: <meta name=PubDate>"),
        "url": ("https://b.gov.cn/2.html", "meta.json"),
        "publisher": ("江苏省市场监督管理局", "file: <meta name=SiteName>"),
    }
    assert list(merge(meta, page)) == ["title", "jurisdiction", "date", "url", "publisher"]
    assert merge({}, {}) == {}
    assert merge({}, {"title": ("T", "docx core properties")}) == {"title": ("T", "file: docx core properties")}


def test_every_key_a_file_may_say_of_itself_is_a_meta_key() -> None:
    assert set(METADATA_KEYS) <= set(KEYS)


# -- the build ------------------------------------------------------------------------------------------------------


def test_the_build_stops_on_a_bad_meta_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    source = _meta(tmp_path, '{\n  "jurisdiction": "江苏省",\n  "yeer": 2022\n}\n')
    shutil.copy(SEED, source)
    out = tmp_path / "out.ttl"
    result = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--out", str(out), str(source)],
                            capture_output=True, text=True, env=dict(os.environ), check=False)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "report.meta.json:3:3:" in lines[0]
    assert '"yeer" is not a known key (did you mean "year"?)' in lines[0]
    assert not out.exists()


def test_the_build_refuses_a_jurisdiction_its_reference_does_not_know(tmp_path: Path) -> None:
    from kg.build.corpus import build_graph

    source = _meta(tmp_path, '{"jurisdiction": "青溪县"}')
    shutil.copy(SEED, source)
    with pytest.raises(InputError, match='"jurisdiction" "青溪县" is not a jurisdiction') as raised:
        build_graph([source])
    assert (raised.value.line, raised.value.column) == (1, 2)
