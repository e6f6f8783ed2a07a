"""jieba's institution tag ``nt`` against the bodies of tests/cases and govkg's own mentions (issue 14).

Runs only where jieba is installed (a scratch venv, never govkg's own); without it, it says so and stops:

    PYTHONPATH=. /tmp/depvenv/bin/python benchmarks/deps_jieba.py [--module jieba_fast_dat]

For each case, the *bodies* are those its expected.ttl names as conductors or coordinators: a literal is its text, a
curated agency every surface form of it in the reference data. A span jieba tags ``nt`` (in the Simplified text
govkg reads, kg.ingest.script.aligned_hans) is *exact* when it is a body's text, *inside* when it lies within a
written body (市场监管局 of 沭阳县市场监管局), else *other*; *new* are the spans no mention of govkg's own
extraction (kg.ingest.extract) overlaps: what adding jieba would add. Prints a Markdown table, then the new spans.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import re
import sys
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
GOVKG = "https://w3id.org/govkg/ontology#"


def _bodies(case: Path) -> tuple[set[str], set[str]]:
    """Literal bodies and curated agency slugs named as conductors or coordinators in expected.ttl."""
    g = Graph().parse(case / "expected.ttl")
    labels, slugs = set(), set()
    for p in ("conductedBy", "coordinatedBy"):
        for o in g.objects(None, URIRef(GOVKG + p)):
            if isinstance(o, Literal):
                labels.add(str(o))
            else:
                slugs.add(str(o).rsplit("/", 1)[-1])
    return labels, slugs


def _spans(text: str, names: set[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for n in names for m in re.finditer(re.escape(n), text)]


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--module", default="jieba", help="jieba or a fork with the same posseg API")
    module = args.parse_args().module
    if importlib.util.find_spec(module) is None:
        print(f"{module} is not installed: skipped")
        return
    sys.path.insert(0, str(ROOT))
    from kg.ingest.clean import clean
    from kg.ingest.extract import extract
    from kg.ingest.reference import load_reference
    from kg.ingest.script import aligned_hans

    logging.getLogger("jieba").setLevel(logging.WARNING)
    posseg = importlib.import_module(f"{module}.posseg")
    reference = load_reference()
    totals = dict.fromkeys(("bodies", "found", "nt", "exact", "inside", "other", "new", "govkg"), 0)
    rows, new = [], []
    for case in sorted((ROOT / "tests/cases").iterdir()):
        raw = (case / "input.txt").read_text("utf-8")
        ex = extract(clean(raw), reference)
        norm = ex.norm
        forms = reference.agency_forms(ex.campaign.place.code if ex.campaign.place.code in reference.jurisdictions
                                       else "cn")
        labels, slugs = _bodies(case)
        names = labels | {f for f, s in forms.items() if s in slugs and f in norm}
        gold = _spans(norm, names)
        mentions = [(m.start, m.end) for a in ex.activities for m in a.agencies + a.conductors]
        mentions += [(m.start, m.end) for m in ex.campaign.coordinators + ex.campaign.participants]
        nt, pos = [], 0
        for w in posseg.cut(norm):
            if w.flag == "nt":
                nt.append((pos, pos + len(w.word)))
            pos += len(w.word)
        exact = [s for s in nt if s in gold]
        inside = [s for s in nt if s not in exact and any(a <= s[0] and s[1] <= b for a, b in gold)]
        added = [s for s in nt if not any(a < s[1] and s[0] < b for a, b in mentions)]
        found = {norm[a:b] for a, b in gold if (a, b) in nt}
        counts = {"bodies": len(names), "found": len(found), "nt": len(nt), "exact": len(exact),
                  "inside": len(inside), "other": len(nt) - len(exact) - len(inside), "new": len(added),
                  "govkg": len({norm[a:b] for a, b in gold if (a, b) in mentions})}
        for k, v in counts.items():
            totals[k] += v
        rows.append((case.name, counts))
        new += [f"{case.name}: {norm[max(0, a - 8):a]}[{norm[a:b]}]{norm[b:b + 8]}" for a, b in added]
    print("| case | bodies | govkg finds | nt spans | nt = a body | nt inside a body | nt other | nt govkg lacks |")
    print("|---|---|---|---|---|---|---|---|")
    for name, c in [*rows, ("**all**", totals)]:
        if name == "**all**" or c["nt"]:
            cells = " | ".join(str(c[k]) for k in ("bodies", "govkg", "nt", "exact", "inside", "other", "new"))
            print(f"| {name} | {cells} |")
    print(f"\nbodies jieba finds exactly: {totals['found']} of {totals['bodies']}\n")
    print("\n".join(new))
    seed = (ROOT / "data/sources/jiangsu-2022-quality-month.txt").read_text("utf-8")
    text = aligned_hans(seed * (2**20 // len(seed.encode()) + 1))
    t0 = time.perf_counter()
    seed_nt = [w.word for w in posseg.cut(aligned_hans(seed)) if w.flag == "nt"]
    for _ in posseg.cut(text):
        pass
    print(f"\nseed report nt: {seed_nt}\n{module}.posseg: {time.perf_counter() - t0:.1f} s per MiB")


if __name__ == "__main__":
    main()
