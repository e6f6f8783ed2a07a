"""Topic triples: each activity's and theme's ``govkg:topic`` links, each with the assignment that says why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.build.contract import TRUE, A, plain
from kg.namespaces import GOVKG

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from kg.ingest.topics import TopicRecord
    from kg.rdf.terms import Term

__all__ = ["topic_triples"]

_TOPIC, _ASSIGNMENT, _ASSIGNED = str(GOVKG.topic), str(GOVKG.topicAssignment), str(GOVKG.assignedTopic)
_ASSIGNMENT_CLASS, _KEYWORD = str(GOVKG.TopicAssignment), str(GOVKG.matchedKeyword)
_FROM_TYPE, _FROM_ACTIVITIES = str(GOVKG.fromActivityType), str(GOVKG.fromActivities)


def topic_triples(add: Callable[[str, str, Term], None], subject: str, records: Iterable[TopicRecord]) -> None:
    """``subject govkg:topic T`` for each record, and its reason ``<subject/topic/T>`` (a ``govkg:TopicAssignment``):
    the keywords as the text writes them, the activity type that decided it, or ``govkg:fromActivities true``."""
    for record in records:
        topic = str(GOVKG[record.topic])
        node = f"{subject}/topic/{record.topic}"
        add(subject, _TOPIC, topic)
        add(subject, _ASSIGNMENT, node)
        add(node, A, _ASSIGNMENT_CLASS)
        add(node, _ASSIGNED, topic)
        for keyword in record.keywords:
            add(node, _KEYWORD, plain(keyword))
        if record.activity_type is not None:
            add(node, _FROM_TYPE, str(GOVKG[record.activity_type]))
        if record.from_activities:
            add(node, _FROM_ACTIVITIES, TRUE)
