"""Topics of activities and themes (``govkg:Topic…``): the keywords a span says, else what decides for it, with reasons.

An activity takes the topic of every keyword of ``data/reference/topics.csv`` in its statement (titles in 《》 and
the names of bodies and outlets left out, as for its activity type), and when there is none the topic its activity
type implies. A theme takes the topics of the keywords in its title; when its title has none, the topics most of its
activities share (``from_activities``). Keywords are matched on the Simplified copy of the text (``norm``) and
recorded as the report writes them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.ingest.activity_types import masked_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kg.ingest.topic_table import TopicTable

__all__ = ["TopicRecord", "activity_topics", "general_topic", "keyword_topics", "theme_topics"]


@dataclass(frozen=True)
class TopicRecord:
    """One topic of an activity or theme and why: the keywords found (as written), or what else decided it."""

    topic: str
    keywords: tuple[str, ...] = ()
    activity_type: str | None = None
    from_activities: bool = False


def keyword_topics(
    norm: str, text: str, start: int, end: int, masked: list[tuple[int, int]], table: TopicTable
) -> tuple[TopicRecord, ...]:
    """The topics whose keywords stand in ``[start, end)`` outside the masked spans, in table order.

    ``norm`` is the Simplified copy of ``text`` (same offsets); each keyword is recorded as ``text`` writes it, once.
    At each place the longest keyword wins, so 食品安全检查 is food (食品安全) and inspection (检查).
    """
    found: dict[str, dict[str, None]] = {}
    for m in table.pattern.finditer(masked_text(norm, start, end, masked)):
        surface = text[start + m.start() : start + m.end()]
        for topic in table.keywords[m.group()]:
            found.setdefault(topic, {})[surface] = None
    return tuple(TopicRecord(t, tuple(found[t])) for t in table.order if t in found)


def activity_topics(
    norm: str, text: str, start: int, end: int, masked: list[tuple[int, int]], activity_type: str, table: TopicTable
) -> tuple[TopicRecord, ...]:
    """An activity's topics: its statement's keywords, else the one its activity type implies (never none)."""
    return keyword_topics(norm, text, start, end, masked, table) or (
        TopicRecord(table.by_type[activity_type], activity_type=activity_type),
    )


def general_topic(table: TopicTable) -> tuple[TopicRecord, ...]:
    """The topic of what says nothing more specific: the one the general activity type implies (organisation and
    coordination), recorded as decided by that type."""
    return (TopicRecord(table.by_type["TypeOther"], activity_type="TypeOther"),)


def theme_topics(
    titled: tuple[TopicRecord, ...], activities: Iterable[tuple[TopicRecord, ...]], table: TopicTable
) -> tuple[TopicRecord, ...]:
    """A theme's topics: those of its title's keywords (``titled``), else the topics the most of ``activities`` have
    (every topic tied at the highest count), marked ``from_activities``.

    >>> from types import MappingProxyType
    >>> from kg.ingest.topic_table import TopicTable
    >>> t = TopicTable(("TopicA", "TopicB"), MappingProxyType({}), MappingProxyType({}))
    >>> a, b = TopicRecord("TopicA"), TopicRecord("TopicB")
    >>> [r.topic for r in theme_topics((), [(b,), (a, b)], t)]
    ['TopicB']
    """
    if titled:
        return titled
    counts = Counter(r.topic for records in activities for r in records)
    most = max(counts.values(), default=0)
    return tuple(TopicRecord(t, from_activities=True) for t in table.order if most and counts[t] == most)
