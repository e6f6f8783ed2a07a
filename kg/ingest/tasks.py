"""Tasks named before the bodies charged with them: …行动，A牵头，B配合。 and …播放公益广告。由A和B负责。"""

from __future__ import annotations

import re

from kg.ingest.leads import COUNT
from kg.ingest.mentions import Mention
from kg.ingest.openers import BOUNDARY

__all__ = ["task_before"]

# …，A牵头，B配合。: the bodies and their roles close the sentence, so the task is the part of it before them.
_ROLES_CLOSE = re.compile(rf"\s*{COUNT}\s*(?:共同)?(?:牵头|负责|主办|承办|配合|参与|协办|协助)\s*(?=[。；;！!\n]|\Z)")
# …。由A负责。: a sentence of its own that names who is charged with the task before it (see ``task_before``).
_CHARGED = re.compile(
    r"由[^，,。；;！!\n]{2,60}?(?:(?:牵头)?负责|牵头|[主承]办|(?:组织)?实施|落实|开展)(?:组织)?(?:协调)?(?:调度)?\s*[，,。；;]"
)

def task_before(
    norm: str, body_start: int, start: int, subject: list[Mention], previous: int
) -> tuple[int, int] | None:
    """The task a sentence names before the bodies and roles that close it (开展…行动，A牵头，B配合。), or that the
    sentences before it on its line name when it only says who is charged with it (播放公益广告。由A和B负责。)."""
    if _CHARGED.match(norm, start):
        line = max(body_start, norm.rfind("\n", body_start, start) + 1)
        line += len(norm[line:start]) - len(norm[line:start].lstrip())
        task_end = line + len(norm[line:start].rstrip())
        if line > previous and task_end > line and norm[task_end - 1] in "。；;":
            return line, task_end
    if not _ROLES_CLOSE.match(norm, subject[-1].end):
        return None
    sentence = max(body_start, *(norm.rfind(c, body_start, start) + 1 for c in BOUNDARY))
    sentence += len(norm[sentence:start]) - len(norm[sentence:start].lstrip())
    task_end = sentence + len(norm[sentence:start].rstrip("，,：: \t\u3000"))
    if sentence <= previous or task_end <= sentence:
        return None
    return sentence, task_end
