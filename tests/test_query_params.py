"""`kg query` as its users meet it: their own .rq files, parameters named wrong, values that name nothing, themes.

Each test here failed on main before issue 19's command-line items: a plain SELECT was refused for its header, a
misspelt parameter was reported as another one missing, an unknown IRI gave 0 rows and exit 0, a theme matched only
its full label, and a 20,000-character value was echoed whole.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from kg.cli import main
from kg.errors import InputError
from kg.paths import KG_FILE
from kg.query.catalogue import load_query

THEME_3 = "https://w3id.org/govkg/id/theme/js-2022-qm/3"


def _kg(*args: str) -> Result:
    return CliRunner().invoke(main, ["query", *args, "--data", str(KG_FILE), "--timeout", "0"])


def _one_error_line(result: Result) -> str:
    """The one line a refused command prints: exit 2, nothing on stdout, ``kg: error: …`` on stderr."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), result.stderr
    return lines[0]


def test_a_plain_select_file_runs_without_a_header(tmp_path: Path) -> None:
    text = ("PREFIX govkg: <https://w3id.org/govkg/ontology#>\n"
            "SELECT ?activity WHERE { ?activity govkg:underTheme ?t } ORDER BY ?activity\n")
    (tmp_path / "mine.rq").write_text(text, encoding="utf-8")
    result = _kg(str(tmp_path / "mine.rq"), "--format", "csv")
    assert result.exit_code == 0, result.output
    got = [row[0] for row in csv.reader(io.StringIO(result.stdout))][1:]
    want = [str(row[0]) for row in Graph().parse(KG_FILE).query(text)]  # rdflib, an independent engine
    assert got == want and len(want) > 20


def test_a_file_with_part_of_a_header_runs_and_a_malformed_header_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "half.rq").write_text("#+ summary: mine\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    assert _kg(str(tmp_path / "half.rq")).exit_code == 0
    (tmp_path / "bad.rq").write_text("#+ summary mine\nSELECT * WHERE { ?s ?p ?o }\n")
    assert _one_error_line(_kg(str(tmp_path / "bad.rq"))).endswith("bad.rq:1: malformed header line (want "
                                                                   "'#+ key: value')")


def test_the_catalogue_still_requires_its_headers(tmp_path: Path) -> None:
    (tmp_path / "plain.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(InputError, match=r"header lacks '#\+ params:'"):
        load_query(tmp_path / "plain.rq")


def test_a_misspelt_parameter_is_named_with_the_closest_one() -> None:
    line = _one_error_line(_kg("agency-profile", "--param", "agncy=省市場監管局"))
    assert "no parameter 'agncy'; did you mean 'agency'?" in line and "required" not in line


def test_a_misspelt_query_name_gets_a_suggestion() -> None:
    assert "did you mean 'agency-profile'?" in _one_error_line(_kg("agency-profil"))


@pytest.mark.parametrize(("value", "says"), [
    ("https://w3id.org/govkg/id/agency/no-such-body", "nothing in the graph has the IRI"),
    ("id:agency/no-such-body", "nothing in the graph has the IRI"),
    ("不存在的机构", "nothing in the graph has the label '不存在的机构'"),
    (THEME_3, "is in the graph but is no govkg:Agency"),
])
def test_a_value_that_names_nothing_is_refused(value: str, says: str) -> None:
    assert says in _one_error_line(_kg("agency-profile", "--param", f"agency={value}"))


@pytest.mark.parametrize("form", ["3", "三", "(三)", "（三）", "三、", "第三", "(3)", "js-2022-qm/3",
                                  "js-2022-qm/（三）"])
def test_a_theme_by_its_number_in_any_form(form: str) -> None:
    by_iri = _kg("theme-contents", "--param", f"theme={THEME_3}", "--format", "csv")
    assert by_iri.exit_code == 0 and by_iri.stdout.count("\n") > 5
    by_number = _kg("theme-contents", "--param", f"theme={form}", "--format", "csv")
    assert by_number.exit_code == 0, by_number.output
    assert by_number.stdout == by_iri.stdout


def test_a_theme_number_no_campaign_has() -> None:
    line = _one_error_line(_kg("theme-contents", "--param", "theme=九"))
    assert "no campaign in the graph has a theme 9" in line
    assert "campaign 'other' in the graph has no theme 3" in _one_error_line(
        _kg("theme-contents", "--param", "theme=other/3"))


@pytest.mark.parametrize("param", ["agency=", "agency=id:", "agency=https://", ""])
def test_a_long_value_is_cut_in_the_error(param: str) -> None:
    line = _one_error_line(_kg("agency-profile", "--param", param + "x" * 20_000))
    assert len(line) < 300 and "…" in line and "characters)" in line
