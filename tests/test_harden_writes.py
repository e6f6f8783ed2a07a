"""Writes: every output goes through a temporary file, fsync and rename, so a kill or a full disk keeps the old file."""

from __future__ import annotations

import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KGError
from kg.files import atomic_write, write_bytes, write_staged, write_text
from kg.paths import SOURCES_DIR
from tests.canary import deadline
from tests.repo import ROOT
from tests.tmpfs import tmpfs

KG = ROOT / ".venv" / "bin" / "kg"
SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"
OLD = '<http://example.org/old> <http://example.org/p> "old" .\n'
KILLS = 20


def _temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


# -- the writer itself ----------------------------------------------------------------------------------------------


def test_a_failing_writer_keeps_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text(OLD, encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write(b"half of a new ")
        raise RuntimeError("the serializer failed half-way")
    assert target.read_text(encoding="utf-8") == OLD
    assert _temporaries(tmp_path) == []


def test_an_interrupted_writer_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text(OLD, encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_write(target) as handle:
        handle.write(b"partial")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == OLD
    assert _temporaries(tmp_path) == []


def test_a_symlink_stays_a_symlink_and_its_target_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.ttl"
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    write_text(link, "new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"


def test_the_old_files_permissions_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    write_text(target, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_dev_full_fails_cleanly() -> None:
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("/dev/full is not there on this system")
    with deadline(10), pytest.raises(KGError) as caught:
        write_bytes(full, b"x" * 100_000)
    assert "/dev/full" in str(caught.value)
    assert "No space left" in str(caught.value)
    assert stat.S_ISCHR(full.stat().st_mode)  # the device was written to, not renamed over


def test_kg_build_to_dev_full_exits_2_with_a_message() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is not there on this system")
    result = subprocess.run([str(KG), "build", "--out", "/dev/full", str(SEED)], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 2, result.stderr
    assert "kg: error: /dev/full: cannot write (No space left on device)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (needs root and mount permission; skips saying why otherwise)."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    with tmpfs(mount_point, "size=64k"):
        yield mount_point


def test_a_full_tmpfs_fails_cleanly_and_keeps_the_old_file(full_disk: Path) -> None:
    target = full_disk / "out.ttl"
    target.write_text(OLD, encoding="utf-8")
    with deadline(10), pytest.raises(KGError) as caught:
        write_bytes(target, b"x" * 200_000)  # three times the disk
    assert "No space left on device" in str(caught.value)
    assert "previous file is kept" in str(caught.value)
    assert target.read_text(encoding="utf-8") == OLD
    assert _temporaries(full_disk) == []


def test_kg_build_onto_a_full_tmpfs_keeps_the_old_graph(full_disk: Path) -> None:
    target = full_disk / "kg.ttl"
    target.write_text(OLD, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", str(target), str(SEED)])
    assert result.exit_code == 2, result.output
    assert f"kg: error: {target}: cannot write (No space left on device)" in result.output
    assert target.read_text(encoding="utf-8") == OLD
    assert _temporaries(full_disk) == []


def test_kg_site_onto_a_full_tmpfs_keeps_the_old_site(full_disk: Path) -> None:
    """The site's files are written plainly into a staging folder: a full disk still names the file, exits 2,
    removes the staging folder and leaves the old site as it was."""
    site = full_disk / "site"
    site.mkdir()
    (site / ".govkg-site").write_text("written by kg site\n", encoding="utf-8")
    (site / "index.html").write_text(OLD, encoding="utf-8")
    result = CliRunner().invoke(main, ["site", "--out", str(site)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"kg: error: {full_disk}/.site.")
    assert "cannot write (No space left on device)" in result.output
    assert sorted(p.name for p in full_disk.iterdir()) == [".site.lock", "site"]  # the lock stays
    assert sorted(p.name for p in site.iterdir()) == [".govkg-site", "index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == OLD


def test_a_staged_file_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(KGError, match=r"/taken/page\.html: cannot write"):
        write_staged(tmp_path, [("ok.html", b"1"), ("taken/page.html", b"2")])
    assert (tmp_path / "ok.html").read_bytes() == b"1"


# -- SIGKILL at random moments: old or new, never partial -------------------------------------------------------------


def _run(args: list[str], cwd: Path) -> float:
    """Run to the end; return how long it took (to spread the kills over)."""
    start = time.monotonic()
    subprocess.run(args, cwd=cwd, capture_output=True, check=True, timeout=600)
    return time.monotonic() - start


def _kill_at(args: list[str], cwd: Path, moment: float) -> None:
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=moment)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)


def _sources(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(SEED.with_suffix(".meta.json"), folder / SEED.with_suffix(".meta.json").name)
    return folder / SEED.name


def _moments(seed: int, duration: float) -> list[float]:
    rng = random.Random(seed)  # noqa: S311 (seeded moments, not secrets)
    return [rng.uniform(0.0, duration * 1.1) for _ in range(KILLS)]


def _start_writer(target: Path) -> subprocess.Popen[bytes]:
    """A process that imports kg.files, says "go", then writes 16 MB to ``target`` in 4 KiB pieces."""
    script = (
        "import sys\nfrom pathlib import Path\nfrom kg.files import atomic_write\nchunk = bytes(range(256)) * 16\n"
        "print('go', flush=True)\nwith atomic_write(Path(sys.argv[1])) as handle:\n"
        "    for _ in range(4096):\n        handle.write(chunk)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT, stdout=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline() == b"go\n"
    return process


def test_a_killed_writer_leaves_old_or_new(tmp_path: Path) -> None:
    """A 16 MB write killed at 20 seeded moments of its run: the old bytes or the new, never a mix."""
    target = tmp_path / "big.bin"
    start = time.monotonic()
    _start_writer(target).wait(timeout=120)
    duration = time.monotonic() - start
    new = target.read_bytes()
    assert len(new) == 16 * 1024 * 1024
    outcomes = []
    for moment in _moments(8, duration):
        target.write_text(OLD, encoding="utf-8")
        process = _start_writer(target)
        time.sleep(moment)
        process.kill()
        process.wait(timeout=60)
        data = target.read_bytes()
        assert data in (OLD.encode(), new), f"partial file after a kill at {moment:.3f} s: {len(data)} bytes"
        outcomes.append("new" if data == new else "old")
    print(f"kills during a {duration:.3f} s write: {outcomes.count('old')} old, {outcomes.count('new')} new")


def test_a_killed_build_leaves_old_or_new(tmp_path: Path) -> None:
    source = _sources(tmp_path / "sources")
    target = tmp_path / "kg.ttl"
    args = [str(KG), "build", "--out", str(target), str(source)]
    duration = _run(args, tmp_path)
    new = target.read_bytes()
    assert b"js-2022-qm" in new
    for moment in _moments(2022, duration):
        target.write_text(OLD, encoding="utf-8")
        _kill_at(args, tmp_path, moment)
        data = target.read_bytes()
        assert data in (OLD.encode(), new), f"partial graph after a kill at {moment:.2f} s: {len(data)} bytes"


def test_a_killed_export_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    source = _sources(tmp_path / "sources")
    graph = tmp_path / "kg.ttl"
    _run([str(KG), "build", "--out", str(graph), str(source)], tmp_path)
    out = tmp_path / "export"
    args = [str(KG), "export", "--data", str(graph), "--out", str(out)]
    duration = _run(args, tmp_path)
    new = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert {"kg.ttl", "kg.nt", "void.ttl"} <= set(new)
    for moment in _moments(9, duration):
        for name in new:
            (out / name).write_text(OLD, encoding="utf-8")
        _kill_at(args, tmp_path, moment)
        for name, data in new.items():
            now = (out / name).read_bytes()
            assert now in (OLD.encode(), data), f"partial {name} after a kill at {moment:.2f} s: {len(now)} bytes"
