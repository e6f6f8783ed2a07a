"""``kg build``, ``kg validate`` and ``kg run``: make the graph, check it, and run the whole job."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.app import ENGINE, ClickEcho, data_or_default, handles_errors, main, paths
from kg.cli.options import LANG_HELP, Lang

__all__ = ["add", "build", "run", "validate_command"]


_STRICT = click.option("--strict", is_flag=True,
                       help="Write nothing when the graph does not conform to the shapes or the build gave warnings.")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print the summary and cleaning report as JSON.")
_REFERENCE_BUILD = click.option(
    "--reference", type=click.Path(file_okay=False),
    help="A folder of your own reference tables, merged over the shipped ones [reference/ when present].")
_REFERENCE_ADD = click.option(
    "--reference", type=click.Path(file_okay=False),
    help="The folder of your own reference tables the graph was built with [reference/ when present].")


@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--out", type=click.Path(dir_okay=False), help="Where to write the graph [data/kg.ttl].")
@_STRICT
@_JSON
@_REFERENCE_BUILD
@ENGINE
@handles_errors
def build(sources: tuple[str, ...], out: str | None, strict: bool, as_json: bool, reference: str | None,
          engine: str) -> None:
    """Build SOURCES (default: the folder data/sources/) into a validated graph (default: data/kg.ttl).

    A source is a report file as published: text (.txt, .md), a saved web page (.html, .htm, .mhtml), a PDF with a
    text layer or a Word .docx file; the format is read from the file's bytes. A folder stands for every such file
    under it, in name order. A NAME.meta.json beside a file NAME.ext gives what the file does not say (checked).

    The graph is validated; when it does not conform the report is printed and the exit code is 1. The graph is
    still written (so nothing extracted is lost) unless --strict is given. After the summary comes what the build
    did not understand (names that look like bodies, action sentences without a body).
    """
    from kg.build.corpus import default_sources

    _build(paths(sources) or default_sources(), out, strict, as_json, reference, engine, add=False)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@click.option("--to", "graph", type=click.Path(dir_okay=False), help="The graph to add to [data/kg.ttl].")
@_STRICT
@_JSON
@_REFERENCE_ADD
@ENGINE
@handles_errors
def add(sources: tuple[str, ...], graph: str | None, strict: bool, as_json: bool, reference: str | None,
        engine: str) -> None:
    """Add SOURCES (files or folders) to a graph built before, without building its reports again.

    The result is the graph `kg build` gives of all the sources together, byte for byte: kg build keeps what each
    report gave beside the graph (.kg.ttl.parts beside data/kg.ttl) and kg add builds only the new reports. A source
    already in the graph, a graph changed since its build, or other reference tables are refused.
    """
    _build(paths(sources), graph, strict, as_json, reference, engine, add=True)


def _build(sources: list[Path], out: str | None, strict: bool, as_json: bool, reference: str | None, engine: str,
           *, add: bool) -> None:
    from kg.paths import KG_FILE
    from kg.pipeline import build_and_validate, progress_to, report_build, user_reference

    echo = ClickEcho()
    target = Path(out) if out else KG_FILE
    built = build_and_validate(sources, target, strict=strict, engine=engine, progress=progress_to(echo),
                               warn=echo.warn, add=add,
                               reference=user_reference(Path(reference) if reference else None))
    report_build(built, echo, as_json=as_json)
    if not built.report.conforms:
        done = f"{target} was not written (--strict)" if strict else f"it was written to {target} for inspection"
        click.echo(f"kg: error: the graph does not conform; {done}", err=True)
        sys.exit(1)


@main.command("validate")
@click.argument("files", nargs=-1)
@click.option("--lang", type=Lang(), default="en", show_default=True,
              help=f"Language of the messages and labels: {LANG_HELP} (govkg writes its messages in zh-Hans).")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True,
              help="Report format.")
@ENGINE
@handles_errors
def validate_command(files: tuple[str, ...], lang: str, fmt: str, engine: str) -> None:
    """Check FILE... (default data/kg.ttl) against the shapes and violation queries; exit 1 if it does not conform."""
    from kg.validate.report import written_in
    from kg.validate.run import validate_files

    report = written_in(validate_files(data_or_default(files), lang="en" if lang == "en" else "zh", engine=engine),
                        lang)
    for note in report.notes:
        click.echo(f"kg: note: {note}", err=True)
    render = {"text": report.to_text, "turtle": report.to_turtle, "json": report.to_json}[fmt]
    click.echo(render(), nl=False)
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default="out", show_default=True,
              help="Folder for the outputs besides data/kg.ttl.")
@handles_errors
def run(out: str) -> None:
    """The main job, end to end on the embedded store: build, validate, then every later stage."""
    from kg.paths import KG_FILE
    from kg.pipeline import run as run_all

    built = run_all(Path(out), ClickEcho())
    if not built.report.conforms:
        click.echo(f"kg: error: the graph does not conform; it was written to {KG_FILE} for inspection", err=True)
        sys.exit(1)
