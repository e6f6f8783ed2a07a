"""Decoding source files: UTF-8/16 by BOM or strictly, GB18030/Big5 only when certain, else refusal."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.paths import SOURCES_DIR
from kg.sources.decode import read_source

HANT = "省市場監管局開展汽車充電樁、口罩、動力電池等產品的質量比對工作，推動我省相關產業高質量發展。"
HANS = "省市场监管局开展汽车充电桩、口罩、动力电池等产品的质量比对工作，推动我省相关产业高质量发展。"


def _file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "source.txt"
    path.write_bytes(data)
    return path


def test_seed_reads_as_utf8() -> None:
    text = read_source(SOURCES_DIR / "jiangsu-2022-quality-month.txt")
    assert len(text) == 3385
    assert text.startswith("9月是全國“質(zhì)量月”")


@pytest.mark.parametrize(
    "data",
    [
        HANT.encode("utf-8"),
        codecs.BOM_UTF8 + HANT.encode("utf-8"),
        HANT.encode("utf-16"),  # with the platform's BOM
        codecs.BOM_UTF16_LE + HANT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + HANT.encode("utf-16-be"),
        HANT.encode("big5"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-le", "utf16-be", "big5"],
)
def test_traditional_encodings(tmp_path: Path, data: bytes) -> None:
    assert read_source(_file(tmp_path, data)) == HANT


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "utf-8"])
def test_simplified_encodings(tmp_path: Path, codec: str) -> None:
    assert read_source(_file(tmp_path, HANS.encode(codec))) == HANS


def test_no_normalisation(tmp_path: Path) -> None:
    # compatibility ideographs, full-width punctuation and letters
    text = "\uf900\uf9dc，：（一）\u3000ＡＰＰ"
    assert read_source(_file(tmp_path, text.encode("utf-8"))) == text


def test_invalid_byte_refused_with_offset(tmp_path: Path) -> None:
    data = "第一行\n質量".encode() + b"\xff" + "月".encode()  # 0xFF is invalid in UTF-8, GB18030 and Big5
    path = _file(tmp_path, data)
    with pytest.raises(InputError) as caught:
        read_source(path)
    err = caught.value
    assert err.offset == 10 + 6  # "第一行\n" is 10 bytes, "質量" 6
    assert (err.line, err.column) == (2, 3)
    assert "byte offset 16" in str(err) and str(path) in str(err)


def test_ambiguous_legacy_bytes_refused(tmp_path: Path) -> None:
    # 0xB0A1 is 啊 in GB18030 and 陛 in Big5: both ordinary characters, so neither can be chosen.
    with pytest.raises(InputError, match="both GB18030 and Big5"):
        read_source(_file(tmp_path, b"\xb0\xa1"))


def test_utf8_with_a_lost_byte_refused(tmp_path: Path) -> None:
    data = HANT.encode("utf-8")
    # Dropping byte 4 cuts the second character 市 (bytes 3–5): its lead byte at offset 3 starts
    # a broken sequence.
    with pytest.raises(InputError, match="byte offset 3") as caught:
        read_source(_file(tmp_path, data[:4] + data[5:]))
    assert caught.value.offset == 3
    assert "GB18030" in str(caught.value) and "Big5" in str(caught.value)


def test_bad_utf16_after_bom_refused(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "質".encode("utf-16-le") + b"\x00\xd8"  # a lone high surrogate
    with pytest.raises(InputError, match="UTF-16") as caught:
        read_source(_file(tmp_path, data))
    assert caught.value.offset == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b" \n\t\r\n", "only whitespace"),
        (codecs.BOM_UTF8 + " \u3000\n".encode(), "only whitespace"),
        ("質\x00量".encode(), "NUL"),
    ],
)
def test_refused_texts(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_source(_file(tmp_path, data))


def test_missing_file_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_source(tmp_path / "absent.txt")
