"""govkg as a user installs it: a wheel, installed non-editable into a fresh venv, used in an empty folder.

The fresh venv borrows the third-party libraries of the development venv through a ``.pth`` line (so the test
downloads nothing), but not govkg itself: ``kg`` must come from the wheel, and find its ontology, shapes, queries
and reference tables inside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.repo import ROOT

SEED = "jiangsu-2022-quality-month"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The ``bin`` folder of a fresh venv with govkg's wheel installed in it."""
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "--wheel-dir", str(wheels), str(ROOT)], check=True, cwd=base, capture_output=True)
    if (ROOT / "build").exists():  # setuptools' leftovers of the wheel build
        shutil.rmtree(ROOT / "build", ignore_errors=True)
    fresh = base / "venv"
    venv.create(fresh, with_pip=False)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(fresh), "platbase": str(fresh)}))
    (site / "borrowed.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    wheel = next(wheels.glob("govkg-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(fresh / "bin" / "python"), "install",
                    "--no-deps", "--no-index", "--quiet", str(wheel)], check=True, capture_output=True)
    yield fresh / "bin"


def _kg(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return subprocess.run([str(bin_dir / "kg"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def test_kg_comes_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    done = subprocess.run([str(installed / "python"), "-c", "import kg, kg.paths; print(kg.__file__); "
                           "print(kg.paths.SHAPES_FILE.is_file())"], cwd=tmp_path, capture_output=True,
                          text=True, check=True)
    where, shapes = done.stdout.split()
    assert Path(where).is_relative_to(installed.parent), where  # not the checkout's kg/
    assert shapes == "True"


def test_every_command_works_in_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    """build, validate, query, export and site from a folder that holds nothing but the user's report."""
    sources = tmp_path / "data" / "sources"
    sources.mkdir(parents=True)
    for suffix in (".txt", ".meta.json"):
        shutil.copy(ROOT / "data" / "sources" / f"{SEED}{suffix}", sources)

    built = _kg(installed, tmp_path, "build")
    assert built.returncode == 0, built.stderr
    # the same sources under the same names build the committed graph, byte for byte
    assert (tmp_path / "data" / "kg.ttl").read_bytes() == (ROOT / "data" / "kg.ttl").read_bytes()

    checked = _kg(installed, tmp_path, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    answer = _kg(installed, tmp_path, "query", "campaign-overview", "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    assert "江蘇" in answer.stdout

    exported = _kg(installed, tmp_path, "export", "--format", "turtle")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out" / "export" / "void.ttl").is_file()
    assert (tmp_path / "out" / "export" / "kg.ttl").stat().st_size > 0

    site = _kg(installed, tmp_path, "site")
    assert site.returncode == 0, site.stderr
    assert (tmp_path / "out" / "site" / "index.html").is_file()
    assert (tmp_path / "out" / "site" / "query.html").is_file()
