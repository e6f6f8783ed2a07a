"""A catalogue query is read by the lexer on embedded Oxigraph (kg.query.sparql.prepare_trusted), never by rdflib's
parser, and spared the safety check: both are checked here, once, with the parser; a query file of one's own is
parsed and checked as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.paths import KG_FILE, QUERIES_DIR
from kg.query.catalogue import find_query

QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_a_catalogue_query_read_by_the_lexer_is_what_rdflib_parses(path: Path) -> None:
    """kg.query.sparql.prepare_trusted spares a catalogue query rdflib's parser and the safety check: its form and
    variables must be the parser's (rdflib adds only its own aggregate variables, ``__agg_N__``), and the check
    must refuse nothing."""
    from kg.query.sparql import check_safety, prepare

    trusted, parsed = find_query(path.stem).prepared(), prepare(path.read_text(encoding="utf-8"), source=path)
    assert trusted.trusted and not parsed.trusted and trusted.parsed is None
    assert trusted.form == parsed.form and trusted.text == parsed.text
    extra = parsed.variables - trusted.variables
    assert trusted.variables <= parsed.variables and all(re.fullmatch(r"__agg_\d+__", v) for v in extra), extra
    check_safety(parsed, known_graphs=set())


def test_a_query_file_of_ones_own_is_parsed_and_checked(tmp_path: Path) -> None:
    own = tmp_path / "own.rq"
    own.write_text("SELECT ?s WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }\n", encoding="utf-8")
    prepared = find_query(str(own)).prepared()
    assert not prepared.trusted and prepared.parsed is not None
    result = CliRunner().invoke(main, ["query", str(own), "--data", str(KG_FILE), "--timeout", "0"])
    assert result.exit_code != 0 and "SERVICE" in result.output and "refused" in result.output
