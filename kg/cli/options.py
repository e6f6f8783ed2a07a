"""Option types every command shares: ``--lang``, one set of values read case-insensitively."""

from __future__ import annotations

from typing import Any

import click

from kg.errors import InputError
from kg.langs import LANGS, parse_lang

__all__ = ["LANG_HELP", "Lang"]

LANG_HELP = "zh-Hant, zh-Hans, en, or zh: the text's own script; any case"


class Lang(click.ParamType):  # type: ignore[type-arg]
    """A ``--lang`` value (:data:`kg.langs.LANGS`, any case), given back as written there (``ZH-hant``: ``zh-Hant``)."""

    name = "lang"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """``[zh-Hant|zh-Hans|en|zh]`` in the help."""
        return "[" + "|".join(LANGS) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The language ``value`` names."""
        try:
            return parse_lang(str(value))
        except InputError as exc:
            self.fail(str(exc), param, ctx)
