"""Read and check ``data/reference/topics.csv``: each campaign topic's keywords and the activity types that imply it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.ingest.activity_types import ACTIVITY_TYPES
from kg.ingest.reference_tables import Table, split_cell
from kg.ingest.script import HAN, to_hans
from kg.namespaces import GOVKG

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

__all__ = ["TopicTable", "read_topics"]

_COLUMNS = ("topic", "keywords", "activity_types")
_NAME = re.compile(r"^Topic[A-Z][A-Za-z]*$")
_KEYWORD = re.compile(f"^[{HAN}0-9]+$")


@dataclass(frozen=True)
class TopicTable:
    """The topics in table order, each keyword's topics (a keyword may serve several), each activity type's topic."""

    order: tuple[str, ...]
    keywords: Mapping[str, tuple[str, ...]]
    by_type: Mapping[str, str]

    @property
    def pattern(self) -> re.Pattern[str]:
        """Every keyword, the longest first: at each place the longest keyword wins, and matches do not overlap."""
        return _pattern(tuple(self.keywords))


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    if keywords not in _PATTERNS:
        ordered = sorted(keywords, key=lambda k: (-len(k), k))
        _PATTERNS[keywords] = re.compile("|".join(re.escape(k) for k in ordered))
    return _PATTERNS[keywords]


def read_topics(path: Path) -> TopicTable:
    """The topic table at ``path``; a problem stops it with ``file:line: message``.

    Each row names a ``govkg:Topic…`` of the ontology, its keywords in Simplified Chinese (``|`` between them; a
    keyword may be listed under several topics, and then it stands for each) and the activity types whose activities
    take the topic when their statement has no keyword; every activity type is listed under exactly one topic.
    """
    table = Table(path, _COLUMNS)
    order: list[str] = []
    keywords: dict[str, list[str]] = {}
    by_type: dict[str, str] = {}
    for line, row in table.rows():
        table.need(line, row, "topic", "keywords")
        topic = row["topic"]
        if not _NAME.match(topic) or topic not in _ontology_terms():
            raise table.error(line, f"topic {topic!r} is not a govkg:Topic… term of the ontology (kg/namespaces.py)")
        if topic in order:
            raise table.error(line, f"topic {topic!r} is listed twice")
        order.append(topic)
        own = split_cell(row["keywords"])
        for keyword in own:
            if not _KEYWORD.match(keyword) or to_hans(keyword) != keyword:
                raise table.error(line, f"keyword {keyword!r} is not Han characters (or digits) in Simplified script")
            if own.count(keyword) > 1:
                raise table.error(line, f"keyword {keyword!r} is listed twice for {topic}")
            keywords.setdefault(keyword, []).append(topic)
        for kind in split_cell(row["activity_types"]):
            if kind not in ACTIVITY_TYPES:
                raise table.error(line, f"activity type {kind!r} is not one of {', '.join(ACTIVITY_TYPES)}")
            if kind in by_type:
                raise table.error(line, f"activity type {kind!r} already implies {by_type[kind]}")
            by_type[kind] = topic
    missing = [kind for kind in ACTIVITY_TYPES if kind not in by_type]
    if missing:
        raise InputError(f"activity types {', '.join(missing)} imply no topic: list each under one", path=path)
    return TopicTable(tuple(order), MappingProxyType({k: tuple(v) for k, v in keywords.items()}),
                      MappingProxyType(by_type))


def _ontology_terms() -> frozenset[str]:
    return frozenset(name for name in GOVKG.__annotations__ if name.startswith("Topic"))
