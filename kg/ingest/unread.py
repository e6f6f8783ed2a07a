"""What extraction did not understand in a report: names that look like bodies but are no agency, and sentences
that look like actions but have no body leading them. A diagnostic for the build's summary; it changes nothing.

Both are found in one pass each over the Simplified text (``norm``), so the cost grows linearly with a report:

- a *body-like name* is a run of Han characters ending in a body's suffix (局, 委, 办, 厅, 部, 署, 处, 中心, 大队, 站,
  所, 协会 …, or 部门/单位) where a word can end (before punctuation, a connector or a verb that follows a body),
  starting after the last word that cannot be inside a name, that no recognised agency mention overlaps;
- an *action sentence without a body* is a sentence (up to 。；！ or a line break) with a campaign verb (开展, 举办,
  组织, 检查, 发放, 举行 …) that no agency-led statement overlaps and that is not a theme's heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.ingest.documents import title_spans
from kg.ingest.leads import ACTION_VERB
from kg.ingest.mentions import LEAD_WORDS
from kg.ingest.script import HAN

if TYPE_CHECKING:
    from kg.ingest.extract import Extraction

__all__ = ["EXAMPLES", "Unread", "unread"]

EXAMPLES = 5
"""How many examples of each kind the build's summary prints per report."""

# A one-character suffix closes a name unless it closes a common word instead: 查办, 查处, 场所, 网站, 全部, 部署, 布局.
_SUFFIX = (r"(?:委员会|办公室|联合会|促进会|研究会|中心|大队|支队|协会|学会|商会|工会|部门|单位|委|"
           r"(?<![格布开大结全当])局|(?<![查督承主协举创开筹代交包经联合领试置操])办|(?<![大餐客展])厅|"
           r"(?<![全内局外东西南北中干底头])部|(?<![部签])署|(?<![查惩判论相好到各出])处|(?<![网])站|"
           r"(?<![场住处厕])所)")
# What may follow a body's name: not a Han character, or a connector or verb that follows a body in this genre.
_AFTER = (r"(?=[^" + HAN + r"]|\Z|和|与|及|等|联合|会同|开展|组织|举办|举行|牵头|负责|主办|承办|协办|配合|参与|"
          r"在|对|将|共同|分别|先后|积极|深入|持续|还|也|通过|围绕|针对|检查|发放|召开|印发|发布|指导|按照|根据|以|为|于|的)")
_NAME = re.compile(rf"[{HAN}]{{1,14}}?{_SUFFIX}{_AFTER}")
# 部门/单位 after one of these is a kind of body, not a name: 有关部门, 成员单位, 监管部门.
_GENERIC = re.compile(r"^(?:有关|相关|各级|各|成员|责任|牵头|配合|参与|主办|承办|协办|职能|主管|行业主管|所属|下属|"
                      r"基层|用人|生产|经营|使用|建设|施工|重点|企事业|事业|检测|监管|执法|业务|行政)(?:部门|单位)$")
# Words that stand before a name in a sentence but are never inside one (beyond the extractor's LEAD_WORDS).
_BEFORE = re.compile(r"得到|获得|邀请|依托|携手|通过|支持|协调|委托|活动|工作|行动|期间|同时|其中|以及")
_SENTENCE = re.compile(r"[^。；;！!\n]+")


@dataclass(frozen=True)
class Unread:
    """One thing not understood: its kind (``name`` or ``action``), its span in the cleaned text, its text."""

    kind: str
    start: int
    end: int
    text: str

    def record(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


def unread(extraction: Extraction) -> dict[str, Any]:
    """The body-like names and bodiless action sentences of a report: counts and every item with its offsets.

    The record ``kg build --json`` prints under ``not_understood`` (offsets into the cleaned text, ``[start, end)``).
    """
    names = body_like_names(extraction)
    actions = bodiless_actions(extraction)
    return {"names": len(names), "actions": len(actions),
            "name_spans": [n.record() for n in names], "action_spans": [a.record() for a in actions]}


def body_like_names(extraction: Extraction) -> list[Unread]:
    """Spans ending in a body's suffix that no recognised agency mention overlaps (outside titles in 《》)."""
    norm, text = extraction.norm, extraction.clean.text
    covered = bytearray(len(norm) + 1)
    for start, end in [(m.start, m.end) for m in extraction.agencies] + title_spans(norm, 0, len(norm)):
        covered[start:end] = b"\x01" * (end - start)
    found: list[Unread] = []
    for hit in _NAME.finditer(norm):
        start, end = hit.span()
        for words in (LEAD_WORDS, _BEFORE):
            for lead in words.finditer(norm, start, end - 1):
                start = lead.end()
        while start < end and norm[start] in "和与及各":
            start += 1
        if end - start < 3 or covered.find(1, start, end) >= 0 or _GENERIC.match(norm, start, end):
            continue
        found.append(Unread("name", start, end, text[start:end]))
    return found


def bodiless_actions(extraction: Extraction) -> list[Unread]:
    """Sentences with a campaign verb that no agency-led statement and no theme heading overlaps."""
    norm, text = extraction.norm, extraction.clean.text
    covered = bytearray(len(norm) + 1)
    spans = [(a.start, a.end) for a in extraction.activities] + [(t.start, t.end) for t in extraction.themes]
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    found: list[Unread] = []
    for sentence in _SENTENCE.finditer(norm):
        start, end = sentence.span()
        start += len(norm[start:end]) - len(norm[start:end].lstrip())
        end = start + len(norm[start:end].strip())
        if end <= start or covered.find(1, start, end) >= 0 or not ACTION_VERB.search(norm, start, end):
            continue
        found.append(Unread("action", start, end, text[start:end]))
    return found


def unread_lines(source: str, record: dict[str, Any], examples: int = EXAMPLES) -> list[str]:
    """A report's record for people: its counts, then at most ``examples`` of each kind with their offsets."""
    if not record.get("names") and not record.get("actions"):
        return []
    lines = [f"{source}: not understood: {record['names']} body-like names that are no agency, "
             f"{record['actions']} action sentences without a body"]
    for key, what in (("name_spans", "name"), ("action_spans", "action")):
        items = record[key]
        for item in items[:examples]:
            text = item["text"] if len(item["text"]) <= 40 else item["text"][:39] + "…"
            lines.append(f"  {what} at characters {item['start']}-{item['end']}: {text}")
        if len(items) > examples:
            lines.append(f"  … and {len(items) - examples} more {what}s (kg build --json lists them all)")
    return lines


TEACH = ("kg: to teach it a body, add a row to agencies.csv in a folder of your own (reference/ in the workspace, or "
         "kg build --reference DIR); see the reference data's README")
