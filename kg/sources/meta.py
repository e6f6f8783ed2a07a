"""``.meta.json``: what the user says about a source, checked, and merged with what the file says of itself.

A source ``report.txt`` (or ``report.pdf``, ``report.html`` …) may have ``report.meta.json`` beside it: the source's
name with its last suffix replaced. It is optional; when present it is one JSON object (UTF-8, a BOM allowed) with
only these keys, each optional:

| key | type | meaning |
|---|---|---|
| `working_title` | string | a descriptive title of your own, the report's label in the graph |
| `title` | string | the report's title as published |
| `jurisdiction` | string | whose report it is, a name in the reference tables in either script (江蘇省, 江苏, 南京市) |
| `campaign` | string | the campaign's name (質量月, 质量月) |
| `year` | whole number | the campaign's year, 1949 to next year |
| `month` | whole number | the campaign's month, 1 to 12 |
| `date` | string | the publication date, `YYYY-MM-DD` or `YYYY-MM` (year 1949 to next year) |
| `url` | string | where the report was published, an `http://` or `https://` address |
| `publisher` | string | who published it (江苏省市场监督管理局) |
| `script` | string | the script the report is written in: `zh-Hans` or `zh-Hant` |
| `notes` | list of strings | remarks on the source for its readers (damage, conversions …) |

Anything else is refused (exit 2) with the file, the line and column of the key, and what is wrong: a key not in the
table (with the closest known key), a value of the wrong type (``true`` and ``false`` are not numbers), an empty
string, a year, month or date out of range, an unknown jurisdiction, a key given twice, a file that is not a JSON
object, not UTF-8 or over 1 MiB. Strings the build reads as names are not otherwise judged.

What a value's origin is, and which wins, is :func:`merge`'s rule: ``.meta.json`` first, the file's own metadata
(title, URL, publisher, date, as its format's reader found them) for what it leaves out.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from kg.errors import InputError

__all__ = ["FIRST_YEAR", "KEYS", "MAX_META_BYTES", "merge", "meta_path", "read_meta"]

KEYS: dict[str, tuple[str, str]] = {
    "working_title": ("string", "a descriptive title of your own, the report's label in the graph"),
    "title": ("string", "the report's title as published"),
    "jurisdiction": ("string", "whose report it is, a name in the reference tables in either script"),
    "campaign": ("string", "the campaign's name"),
    "year": ("whole number", "the campaign's year, 1949 to next year"),
    "month": ("whole number", "the campaign's month, 1 to 12"),
    "date": ("string", "the publication date, YYYY-MM-DD or YYYY-MM"),
    "url": ("string", "where the report was published, an http or https address"),
    "publisher": ("string", "who published it"),
    "script": ("string", "the report's script: zh-Hans or zh-Hant"),
    "notes": ("list of strings", "remarks on the source for its readers"),
}
"""Every key a ``.meta.json`` may hold: its JSON type and its meaning (the module's table)."""

FIRST_YEAR = 1949
"""The earliest year a report of the People's Republic can be from; the latest is next year (from today's date)."""
MAX_META_BYTES = 1 << 20
"""A ``.meta.json`` is a few lines: a larger file is refused before it is parsed."""
SUFFIX = ".meta.json"
SCRIPTS = ("zh-Hans", "zh-Hant")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_SPACE = re.compile(r"[ \t\n\r]*")
_PAGE = "file"


def meta_path(source: Path) -> Path:
    """The ``.meta.json`` that describes ``source``: its name with the last suffix replaced.

    >>> meta_path(Path("in/report.pdf")).as_posix(), meta_path(Path("a.b.txt")).name, meta_path(Path("r")).name
    ('in/report.meta.json', 'a.b.meta.json', 'r.meta.json')

    A ``*.meta.json`` file describes another source and is never one itself: it is refused (``InputError``).
    """
    if source.name.endswith(SUFFIX):
        raise InputError(f"a {SUFFIX} file describes the source beside it and is not a report: build the source",
                         path=source)
    return source.with_name(source.stem + SUFFIX)


def read_meta(source: Path, *, known_jurisdiction: Callable[[str], bool] | None = None) -> dict[str, Any]:
    """What the ``.meta.json`` beside ``source`` says, checked against :data:`KEYS`; ``{}`` when there is none.

    ``known_jurisdiction`` says whether a jurisdiction name is in the reference tables (not checked without it).
    A refusal is an ``InputError`` at the ``.meta.json``'s line and column of the key, naming the key.

    >>> from kg.paths import SOURCES_DIR
    >>> meta = read_meta(SOURCES_DIR / "jiangsu-2022-quality-month.txt")
    >>> meta["jurisdiction"], meta["year"], meta["month"]
    ('江蘇省', 2022, 9)
    """
    path = meta_path(source)
    if not path.exists():
        return {}
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno) from exc
    except RecursionError as exc:
        raise InputError("not a .meta.json: values nested too deeply", path=path) from exc
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object {{\"key\": value, …}}, not {_kind(data)}", path=path,
                         line=1, column=1)
    positions = _key_positions(text)
    for key, offsets in positions.items():
        if len(offsets) > 1:
            line, _ = _line_column(text, offsets[0])
            _refuse(path, text, offsets[1], f"{_show(key)} is given twice (first on line {line})")
    for key, value in data.items():
        problem = _problem(key, value, known_jurisdiction)
        if problem is not None:
            _refuse(path, text, positions[key][0], problem)
    return data


def merge(meta: Mapping[str, Any], page: Mapping[str, tuple[str, str]]) -> dict[str, tuple[Any, str]]:
    """Every known value about a source, each with where it came from, in the order of :data:`KEYS`.

    Precedence: a value in ``.meta.json`` wins (origin ``"meta.json"``), as the user's word about the report; a key
    it leaves out is filled from ``page``, what the file says of itself as its reader found it ({key: (value,
    where)}: the title, URL, publisher and date of :data:`kg.sources.document.METADATA_KEYS`), with origin
    ``"file: <where>"``. Nothing else is derived (a publication date does not set the campaign's ``year``). Keys
    of ``page`` outside :data:`KEYS` are left out.

    >>> merged = merge({"year": 2022, "title": "質量月工作總結"},
    ...                {"title": ("质量月", "<title>"), "date": ("2022-10-08", "<meta name=PubDate>")})
    >>> merged["title"], merged["date"], merged["year"]
    (('質量月工作總結', 'meta.json'), ('2022-10-08', 'file: <meta name=PubDate>'), (2022, 'meta.json'))
    >>> list(merged)
    ['title', 'year', 'date']
    """
    merged: dict[str, tuple[Any, str]] = {}
    for key in KEYS:
        if key in meta:
            merged[key] = (meta[key], "meta.json")
        elif key in page:
            value, where = page[key]
            merged[key] = (value, f"{_PAGE}: {where}")
    return merged


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_META_BYTES:
            raise InputError(f"{size} bytes: a {SUFFIX} over {MAX_META_BYTES} bytes is not one", path=path)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8", path=path, offset=exc.start) from exc


def _problem(key: str, value: Any, known_jurisdiction: Callable[[str], bool] | None) -> str | None:
    """What is wrong with ``key: value``, as a message naming the key; ``None`` when nothing is."""
    if key not in KEYS:
        close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
        hint = f'did you mean "{close[0]}"?' if close else "known keys: " + ", ".join(KEYS)
        return f"{_show(key)} is not a known key ({hint})"
    kind = KEYS[key][0]
    if kind == "whole number":
        if isinstance(value, bool) or not isinstance(value, int):
            return f'"{key}" must be a whole number, not {_kind(value)}'
        return _year(value) if key == "year" else _month(value)
    if kind == "list of strings":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            found = _kind(value) if not isinstance(value, list) else "a list holding " + next(
                _kind(item) for item in value if not isinstance(item, str))
            return f'"{key}" must be a list of strings, not {found}'
        return None
    if not isinstance(value, str):
        return f'"{key}" must be a string, not {_kind(value)}'
    if not value.strip():
        return f'"{key}" is empty (leave the key out instead)'
    return _STRINGS.get(key, _any_string)(value, known_jurisdiction)


def _year(year: int) -> str | None:
    last = datetime.datetime.now(tz=datetime.UTC).year + 1
    return None if FIRST_YEAR <= year <= last else f'"year" {year} is not between {FIRST_YEAR} and {last}'


def _month(month: int) -> str | None:
    return None if 1 <= month <= 12 else f'"month" {month} is not between 1 and 12'


def _date(value: str, _: Callable[[str], bool] | None) -> str | None:
    found = _DATE.fullmatch(value)
    try:
        if found is None:
            raise ValueError(value)
        year, month, day = int(found[1]), int(found[2]), int(found[3] or 1)
        datetime.date(year, month, day)
    except ValueError:
        return f'"date" {_show(value)} is not a date written YYYY-MM-DD or YYYY-MM'
    out_of_range = _year(year)
    return None if out_of_range is None else f'"date" {_show(value)}: ' + out_of_range.removeprefix('"year" ')


def _url(value: str, _: Callable[[str], bool] | None) -> str | None:
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not re.search(r"\s", value):
        return None
    return f'"url" {_show(value)} is not an http:// or https:// address'


def _script(value: str, _: Callable[[str], bool] | None) -> str | None:
    return None if value in SCRIPTS else f'"script" must be "zh-Hans" or "zh-Hant", not {_show(value)}'


def _jurisdiction(value: str, known: Callable[[str], bool] | None) -> str | None:
    if known is None or known(value):
        return None
    return (f'"jurisdiction" {_show(value)} is not a jurisdiction of the reference tables (write it as they do, e.g. '
            "江苏省, add it to your reference folder's jurisdictions.csv, or leave the key out)")


def _any_string(_value: str, _known: Callable[[str], bool] | None) -> str | None:
    return None


_STRINGS: dict[str, Callable[[str, Callable[[str], bool] | None], str | None]] = {
    "date": _date, "url": _url, "script": _script, "jurisdiction": _jurisdiction}


def _kind(value: Any) -> str:
    """How JSON spells the type of ``value``, for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {_show(value)}"
    return "a list" if isinstance(value, list) else "an object"


def _show(value: str, limit: int = 60) -> str:
    """``value`` quoted for a one-line message: JSON escapes, cut after ``limit`` characters."""
    return json.dumps(value if len(value) <= limit else value[:limit] + "…", ensure_ascii=False)


def _key_positions(text: str) -> dict[str, list[int]]:
    """Where each key of the top-level object starts (the offset of its opening quote), in order of appearance.

    ``text`` is known to be a valid JSON object: each key and value is stepped over with the standard decoder.
    """
    decoder = json.JSONDecoder()
    found: dict[str, list[int]] = {}
    pos = _skip(text, _skip(text, 0) + 1)  # past the "{"
    while text.startswith('"', pos):
        key, end = decoder.raw_decode(text, pos)
        found.setdefault(key, []).append(pos)
        _, end = decoder.raw_decode(text, _skip(text, _skip(text, end) + 1))  # past the ":" and the value
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
    return found


def _skip(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset``."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _refuse(path: Path, text: str, offset: int, message: str) -> NoReturn:
    line, column = _line_column(text, offset)
    raise InputError(message, path=path, line=line, column=column)
