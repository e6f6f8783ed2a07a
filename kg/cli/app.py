"""The ``kg`` group and what its commands share: error handling, option types, default data, output."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import KGError

__all__ = ["ENGINE", "ClickEcho", "Size", "data_or_default", "handles_errors", "main", "paths"]

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(func: F) -> F:
    """Turn a ``KGError`` into a one-line message on stderr and its exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


class Size(click.ParamType):  # type: ignore[type-arg]
    """A byte count: ``1000``, ``512K``, ``64M``, ``2G`` (K, M, G are powers of 1024; ``KiB``/``MB`` also read)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """The number of bytes ``value`` stands for."""
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*(?:([KMGT])(?:iB|B)?|B)?\s*", str(value), re.IGNORECASE)
        if not match or int(match[1]) < 1:
            self.fail(f"{value!r} is not a size such as 200M or 2G", param, ctx)
        power = " KMGT".index((match[2] or " ").upper())  # 1024 to this power
        return int(match[1]) << (10 * power)


class ClickEcho:
    """A pipeline step's lines on the terminal: results to stdout, notes and warnings to stderr."""

    def say(self, text: str, nl: bool = True) -> None:
        """Print ``text`` on stdout."""
        click.echo(text, nl=nl)

    def warn(self, text: str) -> None:
        """Print ``text`` on stderr."""
        click.echo(text, err=True)


class _OneLine(click.ClickException):
    """A usage error (unknown option, bad or missing value) shown as one line, like every other user error."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        """``kg: error: COMMAND: what (COMMAND --help lists the options)`` on stderr."""
        click.echo(f"kg: error: {self.message}", err=True)


def _one_line(exc: click.UsageError) -> _OneLine:
    path = exc.ctx.command_path if exc.ctx is not None else "kg"
    what = " ".join(exc.format_message().split())
    return _OneLine(f"{path}: {what} ({path} --help lists the options)")


class _Kg(click.Group):
    """The ``kg`` group: usage errors in one line (exit 2), and a Ctrl-C before a command's own handling starts
    still ends as ``kg: interrupted`` (130)."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Kg, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--max-size", type=Size(), default="64M", show_default=True, envvar="KG_MAX_SIZE",
              help="Refuse an input RDF file larger than this (env KG_MAX_SIZE). The default graph "
                   "data/kg.ttl, govkg's own build output, is read whatever its size.")
@click.pass_context
def main(ctx: click.Context, max_size: int) -> None:
    """govkg: government agencies, campaigns, policies and actions as linked data."""
    from kg.limits import size_limit

    ctx.with_resource(size_limit(max_size))


ENGINE = click.option(
    "--engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
    help="SHACL engine: the shapes compiled to SPARQL on Oxigraph, or pySHACL (the slow reference).")


def paths(values: tuple[str, ...]) -> list[Path]:
    """The command line's file names as paths."""
    return [Path(v) for v in values]


def data_or_default(values: tuple[str, ...]) -> list[Path]:
    """The files a user named, else the default graph, read whatever its size for the rest of the command."""
    if values:
        return paths(values)
    from kg.limits import own_output
    from kg.paths import KG_FILE

    click.get_current_context().with_resource(own_output(KG_FILE))
    return [KG_FILE]
