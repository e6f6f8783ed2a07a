"""The README's Python example runs as written, in a workspace holding only the seed report."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.repo import ROOT


def _python_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## From Python", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the README's 'From Python' section has no python block"
    return match[1]


def test_the_from_python_example_runs(tmp_path: Path) -> None:
    sources = tmp_path / "data" / "sources"
    sources.mkdir(parents=True)
    for path in (ROOT / "data" / "sources").glob("jiangsu-2022-quality-month.*"):
        shutil.copy(path, sources)
    done = subprocess.run([sys.executable, "-c", _python_example()], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    first, header = done.stdout.splitlines()[:2]
    assert first.endswith(" True")  # triples, then conforms
    assert header.startswith("activity,campaign,")  # agency-profile's CSV header
    assert (tmp_path / "data" / "kg.ttl").read_bytes() == (ROOT / "data" / "kg.ttl").read_bytes()
