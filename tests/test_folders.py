"""kg.folders.staged_folder: a set of files swapped in whole, what killed runs left removed (and nothing else)."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.folders
from kg.errors import KGError
from kg.folders import staged_folder


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _write(target: Path, text: str) -> None:
    with staged_folder(target) as stage:
        (stage / "a.txt").write_text(text, encoding="utf-8")


def test_what_killed_runs_left_is_removed_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for left in (".out.stage-k1", ".out.stage-k2", ".out.ab_12xyz/id", ".out.old"):  # ours, kg site's before, a swap's
        (tmp_path / left).mkdir(parents=True)
        (tmp_path / left / "page.html").write_text("stale", encoding="utf-8")
    for kept in (".out.v2.stage-k3", ".out.settings", ".outer.stage-k4", "out.stage-k5"):  # others' or the user's
        (tmp_path / kept).mkdir()
    _write(out, "new")
    assert _names(tmp_path) == [".out.lock", ".out.settings", ".out.v2.stage-k3", ".outer.stage-k4", "out",
                                "out.stage-k5"]
    assert (out / "a.txt").read_text(encoding="utf-8") == "new"


def test_an_old_folder_a_kill_caught_between_two_renames_is_put_back_then_replaced(tmp_path: Path) -> None:
    old = tmp_path / ".out.old"
    old.mkdir()
    (old / "b.txt").write_text("old", encoding="utf-8")
    seen = []
    with staged_folder(tmp_path / "out") as stage:
        seen = _names(tmp_path / "out")  # the old set is back in place while the new one is staged
        (stage / "a.txt").write_text("new", encoding="utf-8")
    assert seen == ["b.txt"]
    assert _names(tmp_path) == [".out.lock", "out"] and _names(tmp_path / "out") == ["a.txt"]


def test_without_renameat2_two_renames_swap_the_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.folders, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    _write(out, "1")
    _write(out, "2")
    assert (out / "a.txt").read_text(encoding="utf-8") == "2"
    assert _names(tmp_path) == [".out.lock", "out"]


def test_a_failed_block_keeps_the_old_set_and_leaves_no_staging(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write(out, "old")
    with pytest.raises(ZeroDivisionError), staged_folder(out) as stage:
        (stage / "a.txt").write_text("new", encoding="utf-8")
        _ = 1 / 0
    assert (out / "a.txt").read_text(encoding="utf-8") == "old"
    assert _names(tmp_path) == [".out.lock", "out"]


def test_a_disk_error_in_the_block_is_one_line_naming_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(KGError) as caught, staged_folder(out):
        raise OSError(28, "No space left on device")
    assert str(caught.value) == f"{out}: cannot write (No space left on device); the previous files are kept"
    assert _names(tmp_path) == [".out.lock"]


def test_a_file_in_the_way_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("mine", encoding="utf-8")
    with pytest.raises(KGError, match="exists and is not a folder"), staged_folder(out):
        pass
    assert out.read_text(encoding="utf-8") == "mine" and _names(tmp_path) == ["out"]


def test_a_mount_point_is_refused_before_any_work(tmp_path: Path) -> None:
    """A mount point cannot be renamed: refused at once (it used to fail at the swap, EBUSY, after all the work)."""
    import os
    import shutil
    import subprocess

    out = tmp_path / "out"
    out.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        print("skipping: mounting a tmpfs needs root and mount(8)")
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(out)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        print(f"skipping: cannot mount a tmpfs: {done.stderr.strip()}")
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.strip()}")
    try:
        (out / "kept.txt").write_text("mine", encoding="utf-8")
        with pytest.raises(KGError, match="is a mount point"), staged_folder(out):
            pass
        assert _names(out) == ["kept.txt"] and _names(tmp_path) == ["out"]
    finally:
        subprocess.run(["umount", str(out)], check=False)
