"""The ``kg`` command line: parses arguments, calls one library function, maps errors to exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import KGError

__all__ = ["main"]

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """govkg: government agencies, campaigns, policies and actions as linked data."""


def _paths(values: tuple[str, ...]) -> list[Path]:
    return [Path(v) for v in values]


# -- commands: build --

# -- commands: validate --

# -- commands: query --

# -- commands: export --

# -- commands: network --

# -- commands: run --
