"""The size limit of input RDF files: 64 MiB by default, raised by `kg --max-size` / KG_MAX_SIZE or
kg.rdf.read.size_limit; data/kg.ttl, govkg's own build output, is read whatever its size."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.cli.app import Size as _Size
from kg.errors import InputError
from kg.paths import KG_FILE
from kg.rdf.read import MAX_BYTES, read_quads, size_limit, size_limit_now

MINI = Path(__file__).parent / "data" / "mini.ttl"  # 5,856 bytes


def _kg(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_the_limit_holds_inside_the_block_only() -> None:
    size = MINI.stat().st_size
    with size_limit(size - 1):
        with pytest.raises(InputError, match="larger than the limit of 5855 bytes"):
            read_quads(MINI)
        assert len(read_quads(MINI, max_bytes=size)) > 0  # a call's own max_bytes wins
        with size_limit(size):
            assert len(read_quads(MINI)) > 0
        assert size_limit_now() == size - 1
    assert size_limit_now() == MAX_BYTES
    with pytest.raises(ValueError, match="at least 1 byte"), size_limit(0):
        pass


@pytest.mark.parametrize("timeout", ["0", "30"])  # in this process, and in the killable worker
def test_kg_query_refuses_a_named_file_over_max_size_and_reads_it_under(timeout: str) -> None:
    code, _, err = _kg("--max-size", "5K", "query", "campaign-overview", "--data", str(MINI), "--timeout", timeout)
    assert code == 2
    assert err.startswith(f"kg: error: {MINI}: larger than the limit of 5120 bytes") and "kg --max-size" in err
    assert "Traceback" not in err
    code, out, err = _kg("--max-size", "6K", "query", "campaign-overview", "--data", str(MINI), "--timeout", timeout)
    assert code == 0, err
    assert "id:campaign/tt-2022-qm" in out


def test_the_environment_variable_sets_the_limit_too() -> None:
    code, _, err = _kg("validate", str(MINI), env={"KG_MAX_SIZE": "1K"})
    assert code == 2 and "larger than the limit of 1024 bytes" in err
    code, _, err = _kg("--max-size", "1M", "validate", str(MINI), env={"KG_MAX_SIZE": "1K"})  # the option wins
    assert "larger than the limit" not in err


def test_the_default_graph_is_read_whatever_the_limit_but_not_when_named(tmp_path: Path) -> None:
    assert KG_FILE.stat().st_size > 1024
    code, out, err = _kg("--max-size", "1K", "query", "campaign-overview")
    assert code == 0, err
    assert "id:campaign/js-2022-qm" in out
    code, out, err = _kg("--max-size", "1K", "validate")
    assert code == 0, err
    code, _, err = _kg("--max-size", "1K", "validate", str(KG_FILE))
    assert code == 2 and "larger than the limit of 1024 bytes" in err
    copy = tmp_path / "kg.ttl"  # another file of the same name is not govkg's own output
    shutil.copy(KG_FILE, copy)
    code, _, err = _kg("--max-size", "1K", "export", "--data", str(copy), "--out", str(tmp_path / "out"))
    assert code == 2 and "larger than the limit" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("size", ["0", "1.5G", "lots", "-3M", "12X"])
def test_a_size_that_is_not_one_is_a_usage_error(size: str) -> None:
    code, _, err = _kg("--max-size", size, "query", "--list")
    assert code == 2
    assert "Invalid value for '--max-size'" in err and "200M or 2G" in err


@pytest.mark.parametrize(("size", "limit"), [("1000", 1000), ("2k", 2048), ("3M", 3 << 20), ("1GiB", 1 << 30),
                                             ("5 MB", 5 << 20), ("7B", 7), ("2T", 2 << 40)])
def test_sizes_are_read_in_powers_of_1024(size: str, limit: int) -> None:
    assert _Size().convert(size, None, None) == limit


def test_a_file_one_byte_over_is_refused_and_one_at_the_limit_is_read(tmp_path: Path) -> None:
    doc = tmp_path / "one.nt"
    doc.write_bytes(b'<http://example.org/a> <http://example.org/p> "' + b"x" * 973 + b'" .\n')
    assert doc.stat().st_size == 1024
    assert _kg("--max-size", "1K", "validate", str(doc))[0] != 2
    doc.write_bytes(doc.read_bytes().replace(b"xx", b"xxx", 1))
    code, _, err = _kg("--max-size", "1K", "validate", str(doc))
    assert code == 2 and "larger than the limit of 1024 bytes" in err


def test_the_command_line_reads_its_options_without_importing_rdflib() -> None:
    """`kg --max-size …` is handled before any command: it must not pay for (or be interrupted inside) rdflib."""
    import subprocess
    import sys

    code = "import sys, kg.cli, kg.limits; print(sorted(m for m in sys.modules if m.split('.')[0] == 'rdflib'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_a_ctrl_c_while_the_options_are_read_ends_as_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(limit: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.limits.size_limit", interrupted)
    code, out, err = _kg("--max-size", "1M", "query", "--list")
    assert (code, out, err) == (130, "", "kg: interrupted\n")
