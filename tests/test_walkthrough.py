"""The README's walk-through, run as a new user runs it: a fresh clone, ``make run``, then every step as written.

The ``sh`` blocks of the README's "Your first hour, step by step" run in order in one bash script, in a fresh
``git clone`` of this repository, with ``HOME`` a temporary folder. ``kg serve`` runs in the background on a free
port while the pages a user opens next are fetched, then is stopped: the one change to the text as written.
What the steps leave behind is then checked against answers read by hand from the report typed in step 2.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.repo import ROOT
from tests.virtuoso import free_port

pytestmark = pytest.mark.slow

SECTION = "## Your first hour, step by step"

# Starts the server in the background, fetches what the README tells a user to open, stops it.
SERVE = r"""
walk_serve() {
  kg serve --port "$WALK_PORT" > "$WALK_OUT/serve.log" 2>&1 &
  local pid=$!
  python - "$WALK_PORT" "$WALK_OUT" <<'FETCH'
import sys, time, urllib.request
port, out = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"
deadline = time.monotonic() + 120
while True:
    try:
        urllib.request.urlopen(base + "/", timeout=2).read()
        break
    except OSError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.3)
for name, path in (("index", "/"), ("query", "/query.html")):
    with urllib.request.urlopen(base + path, timeout=30) as answer:
        open(f"{out}/{name}.html", "wb").write(answer.read())
FETCH
  kill "$pid"; wait "$pid" || true
}
"""


def walkthrough_script() -> str:
    """The section's ``sh`` blocks, in order, with ``kg serve`` run by :data:`SERVE`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in text, f"the README has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    assert len(blocks) >= 4, "the walk-through has fewer steps than expected"
    body = "\n".join(blocks)
    body = re.sub(r"^kg serve\s*$", "walk_serve", body, flags=re.MULTILINE)
    assert "walk_serve" in body, "the walk-through never starts kg serve"
    return "set -euo pipefail\n" + SERVE + "make run\n" + body


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the walk-through in a fresh clone; return the temporary HOME (the demo workspace is under it)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the walk-through starts from a fresh clone")
    base = tmp_path_factory.mktemp("walk")
    clone, home, out = base / "govkg", base / "home", base / "out"
    home.mkdir()
    out.mkdir()
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    # a new HOME, as a new user's; pip keeps its cache, so that make run does not fetch every package again
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    env.update(HOME=str(home), WALK_PORT=str(free_port()), WALK_OUT=str(out))
    done = subprocess.run(["bash", "-c", walkthrough_script()], cwd=clone, env=env, capture_output=True,
                          text=True, timeout=1500, check=False)
    (out / "stdout.txt").write_text(done.stdout, encoding="utf-8")
    assert done.returncode == 0, f"the walk-through failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return base


def test_make_run_wrote_the_seed_outputs(walked: Path) -> None:
    clone = walked / "govkg"
    assert (clone / "data" / "kg.ttl").read_bytes() == (ROOT / "data" / "kg.ttl").read_bytes()
    for folder in ("queries", "site", "export", "network", "ontology"):
        assert any((clone / "out" / folder).iterdir()), f"make run left out/{folder}/ empty"


def test_own_report_is_built_and_reported(walked: Path) -> None:
    stdout = (walked / "out" / "stdout.txt").read_text(encoding="utf-8")
    assert "conforms: True" in stdout
    assert "not understood" in stdout
    assert (walked / "home" / "govkg-demo" / "data" / "kg.ttl").is_file()


def test_the_spreadsheets(walked: Path) -> None:
    from openpyxl import load_workbook

    demo = walked / "home" / "govkg-demo"
    sheet = load_workbook(demo / "activities.xlsx", read_only=True).active
    assert sheet is not None
    rows = [[str(cell) if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    text = "\n".join("\t".join(row) for row in body)
    # By hand from the report: 5 sentences where a named body acts (印发, 举办, 组织, 开展检查 twice).
    assert len({row[header.index("sentence")] for row in body}) == 5, text
    assert "百家湖广场" in text and "3000余份" in text
    overview = (demo / "overview.csv").read_bytes()
    assert overview.startswith(b"\xef\xbb\xbf"), "the Excel CSV has no byte-order mark"
    first = next(csv.DictReader(overview.decode("utf-8-sig").splitlines()))
    assert first["year"] == "2023"


def test_the_pictures(walked: Path) -> None:
    pictures = list((walked / "home" / "govkg-demo" / "out" / "network").glob("*.png"))
    assert pictures, "kg network drew no PNG"
    assert all(path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for path in pictures)


def test_the_pages_a_user_opens(walked: Path) -> None:
    index = (walked / "out" / "index.html").read_text(encoding="utf-8")
    query = (walked / "out" / "query.html").read_text(encoding="utf-8")
    assert "江宁" in index or "江寧" in index
    assert "campaign-overview" in query
