"""The door bounds memory as well as size: a literal, an IRI or a line over its limit is refused with a place, and a
reader's memory stays within a few times the file (issue 18, item 1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.limits import MAX_IRI, MAX_LINE, MAX_LITERAL
from kg.rdf.load import load_into
from kg.rdf.read import _ox_parse, read_quads
from tests.canary import deadline
from tests.repo import ROOT

S, P = "<https://example.org/a>", "<https://example.org/p>"
HEAD = f"{S} {P} "  # 48 characters: a literal after it begins at column 49
MIB = 1 << 20


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _hostile(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each hostile file, with the place and the words of its refusal."""
    x = "x" * (MAX_LITERAL + 1)
    return {
        "literal": (_write(folder, "a.ttl", f'{HEAD}"{x}" .\n'), ":1:49: literal longer than"),
        "long-literal": (_write(folder, "b.ttl", f'@prefix e: <https://e.org/> .\n{HEAD}"""{"y" * 999 + chr(10)}'
                                                 f'{"z" * MAX_LITERAL}""" .\n'), ":2:49: literal longer than"),
        "cjk-literal": (_write(folder, "c.nt", f'{HEAD}"{"江" * (MAX_LITERAL // 3 + 1)}" .\n'),
                        ":1:49: literal longer than"),
        "iri": (_write(folder, "d.ttl", f'{S} {P} <https://e.org/{"i" * MAX_IRI}> .\n'), ":1:49: IRI longer than"),
        "prefixed-name": (_write(folder, "e.ttl", f'@prefix e: <https://e.org/> .\n{S} {P}\n  e:{"n" * MAX_IRI} .\n'),
                          ":3:3: name or number longer than"),
        "line": (_write(folder, "f.nt", "".join(f'{HEAD}"{i}" . ' for i in range(MAX_LINE // 50)) + "\n"),
                 ":1:1: line longer than"),
        "jsonld": (_write(folder, "g.jsonld", json.dumps({"@id": "https://e.org/a", "https://e.org/p": x})),
                   ":1:47: string longer than"),
        "rdfxml": (_write(folder, "h.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
                                           '22-rdf-syntax-ns#">\n<rdf:Description rdf:about="https://e.org/a">'
                                           f'<p xmlns="https://e.org/">{x}</p></rdf:Description></rdf:RDF>'),
                   ":3:72: text or attribute longer than"),
    }


CASES = ["literal", "long-literal", "cjk-literal", "iri", "prefixed-name", "line", "jsonld", "rdfxml"]


@pytest.mark.parametrize("case", CASES)
def test_the_door_refuses_with_a_place(tmp_path: Path, case: str) -> None:
    path, words = _hostile(tmp_path)[case]
    with deadline(20), pytest.raises(InputError) as caught:
        read_quads(path)
    assert words in str(caught.value)
    assert str(caught.value).startswith(str(path))


@pytest.mark.parametrize("case", ["literal", "long-literal", "cjk-literal", "iri", "prefixed-name", "line"])
def test_the_engine_door_refuses_the_same(tmp_path: Path, case: str) -> None:
    path, _ = _hostile(tmp_path)[case]
    with pytest.raises(InputError) as door:
        read_quads(path)
    with deadline(20), pytest.raises(InputError) as engine:
        load_into(ox.Store(), path)
    assert str(engine.value) == str(door.value)


def test_at_the_limits_a_file_is_read(tmp_path: Path) -> None:
    literal = "x" * (MAX_LITERAL - 2)  # with its quotes, MAX_LITERAL bytes as written
    iri = "https://e.org/" + "i" * (MAX_IRI - 2 - len("https://e.org/"))
    path = _write(tmp_path, "ok.ttl", f'{S} {P} "{literal}" .\n{S} {P} <{iri}> .\n'
                                      f'{S} {P} """{"q" * 100}\n{"r" * 100}""" , ( "[" ) .\n')
    quads = read_quads(path)
    assert len(quads[0].object.value.encode()) == MAX_LITERAL - 2
    assert {q.object.value for q in quads} >= {literal, iri}
    store = ox.Store()
    load_into(store, path)
    assert len(store) == len(quads)


def test_brackets_and_quotes_inside_strings_do_not_confuse_the_bounds(tmp_path: Path) -> None:
    text = f'{HEAD}"""a "" b \\""" [ ( # <""" .\n{S} {P} "{"x" * (MAX_LITERAL - 10)}" .\n'
    assert len(read_quads(_write(tmp_path, "ok.ttl", text))) == 2


def test_a_token_over_the_parsers_buffer_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:  # past the bounds (an opt-in caller): Oxigraph's 16 MiB buffer
        _ox_parse(f'{HEAD}"{"x" * (17 * MIB)}" .\n', "turtle", tmp_path / "big.ttl")
    assert "too large" in str(caught.value)


_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stdout.write(done.stderr)
"""


def _kg(args: list[str]) -> tuple[int, int, str]:
    """Exit code, peak resident memory (bytes) and stderr of ``kg ARGS`` run alone in a child process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "kg.cli", *args],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=True).stdout
    first, _, stderr = out.partition("\n")
    code, peak = first.split()
    return int(code), int(peak) * 1024, stderr


def test_kg_validate_refuses_a_long_literal_in_bounded_memory(tmp_path: Path) -> None:
    tiny = _write(tmp_path, "tiny.ttl", f'{HEAD}"x" .\n')
    big = _write(tmp_path, "big.ttl", f'{HEAD}"{"x" * (8 * MIB)}" .\n')  # before the bounds: about 1 GB
    _, baseline, _ = _kg(["validate", str(tiny)])
    code, peak, stderr = _kg(["validate", str(big)])
    assert code == 2, stderr
    assert stderr == f"kg: error: {big}:1:49: literal longer than {MAX_LITERAL} bytes ({8 * MIB + 2} bytes)\n"
    assert peak - baseline <= 4 * big.stat().st_size, (peak, baseline)


@pytest.mark.parametrize("args", [
    ["validate"], ["query", "agencies-by-theme", "--data"], ["export", "--out", "{out}", "--data"],
    ["site", "--out", "{out}", "--data"], ["network", "--out", "{out}", "--data"],
    ["push", "--endpoint", "http://127.0.0.1:9/sparql", "--data"], ["serve", "--port", "0", "--data"],
    ["ontology-doc", "--out", "{out}", "--ontology"],
])
def test_every_command_that_reads_rdf_refuses_in_one_line(tmp_path: Path, args: list[str]) -> None:
    path = _write(tmp_path, "a.ttl", f'{S} {P} <https://e.org/{"i" * MAX_IRI}> .\n')
    code, _, stderr = _kg([a.replace("{out}", str(tmp_path / "out")) for a in args] + [str(path)])
    assert (code, stderr) == (2, f"kg: error: {path}:1:49: IRI longer than {MAX_IRI} bytes\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("name", "head", "tail", "words"), [
    ("esc.ttl", HEAD.encode() + b'"', b'" .\n', ":1:49: literal longer than"),
    ("esc.jsonld", b'{"@id": "https://e.org/a", "https://e.org/p": "', b'"}', ":1:47: string longer than"),
])
def test_a_literal_of_escapes_is_refused_in_bounded_memory(tmp_path: Path, name: str, head: bytes, tail: bytes,
                                                           words: str) -> None:
    """Five million escapes (10 MiB): the tokenizers kept backtracking state per escape (650 MB before)."""
    tiny = _write(tmp_path, "tiny.ttl", f'{HEAD}"x" .\n')
    path = tmp_path / name
    path.write_bytes(head + b"\\t" * (5 * MIB) + tail)
    _, baseline, _ = _kg(["validate", str(tiny)])
    code, peak, stderr = _kg(["validate", str(path)])
    assert code == 2, stderr
    assert stderr.startswith(f"kg: error: {path}{words}") and stderr.count("\n") == 1
    assert peak - baseline <= 4 * path.stat().st_size, (peak, baseline)


def test_a_literal_of_escapes_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "esc.ttl"
    path.write_bytes(HEAD.encode() + b'"' + b"\\t" * MIB + b'a\\"b" .\n')
    (quad,) = read_quads(path)
    assert quad.object.value == "\t" * MIB + 'a"b'
