"""Every source govkg cannot read is refused by ``kg build`` in one line that names the file and says why and what
to do; the exit code is 2 and nothing is written (the graph, its build record)."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.paths import SOURCES_DIR
from tests.make_docx import write_docx
from tests.make_pdf import NOTO, write_encrypted_pdf, write_image_pdf, write_truncated_pdf

SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"
TEXT = "青溪县市场监管局开展质量月宣传活动。\n"
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")  # the compound-file signature of .doc, .wps and encrypted Office files
LOCKED = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .docx is kept in


def _xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")


def _truncated_docx(path: Path) -> None:
    write_docx(TEXT, path)
    path.write_bytes(path.read_bytes()[:200])


def _bad_meta(path: Path) -> None:
    path.write_text(TEXT, encoding="utf-8")
    path.with_suffix(".meta.json").write_text(json.dumps({"yeer": 2022}), encoding="utf-8")


MAKERS: dict[str, tuple[str, Callable[[Path], object], str]] = {
    "scanned-pdf": ("scan.pdf", lambda p: write_image_pdf(TEXT, p), "OCR"),
    "encrypted-pdf": ("locked.pdf", lambda p: write_encrypted_pdf(TEXT, p), "password"),
    "truncated-pdf": ("cut.pdf", lambda p: write_truncated_pdf(SEED.read_text(encoding="utf-8"), p), "PDF"),
    "doc": ("old.doc", lambda p: p.write_bytes(OLE2 + bytes(2000)), ".docx"),
    "encrypted-office": ("locked.docx", lambda p: p.write_bytes(OLE2 + bytes(100) + LOCKED), "encrypted"),
    "rtf": ("memo.rtf", lambda p: p.write_bytes(b"{\\rtf1\\ansi hello}"), "RTF"),
    "png": ("photo.txt", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64)), "OCR"),
    "xlsx": ("table.docx", _xlsx, "Excel"),
    "truncated-docx": ("cut.docx", _truncated_docx, "damaged"),
    "empty": ("empty.txt", lambda p: p.write_bytes(b""), "empty"),
    "bad-meta": ("report.txt", _bad_meta, '"yeer" is not a known key'),
}


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_an_unreadable_source_is_refused_in_one_line(kind: str, tmp_path: Path) -> None:
    name, make, reason = MAKERS[kind]
    if "pdf" in kind and not NOTO.is_file():
        pytest.skip(f"no CJK font at {NOTO} (Debian's fonts-noto-cjk) to make the PDF")
    good = Path(shutil.copy(SEED, tmp_path / SEED.name))
    shutil.copy(SEED.with_suffix(".meta.json"), tmp_path)
    bad = tmp_path / name
    make(bad)
    out = tmp_path / "out" / "kg.ttl"
    result = CliRunner().invoke(main, ["build", "--out", str(out), str(good), str(bad)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    named = bad.with_suffix(".meta.json") if kind == "bad-meta" else bad  # a bad .meta.json is named itself
    assert len(lines) == 1 and lines[0].startswith(f"kg: error: {named}"), lines
    assert reason in lines[0]
    assert "Traceback" not in result.output and result.stdout == ""
    assert not out.parent.exists()
