"""One-line reports of a given size, and `kg build` timed on each (issue 14, kind 10: cost grows with the text).

    .venv/bin/python benchmarks/size.py 32,64,128,256,1024     # sizes in KiB; prints a Markdown table

`kg build` is timed from process start to exit (validation included), then `kg validate` on the graph it wrote
(reading the Turtle and validating it, about what the build spends validating). `kg` is run by this interpreter, so
``PYTHONPATH=<checkout>`` times another checkout of govkg (run from that checkout's folder).

A report is a Quality Month summary of a province with no line break at all: a preamble, then four theme headings
written mid-line (`（一）…`), each followed by a share of the statements, led by the province's agencies and
repeated with changing numbers until the text reaches the size asked for. The sentences are written for this benchmark.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["one_line_report", "time_build"]

_PREAMBLE = ("2024年9月是全国“质量月”，江苏省围绕“加强质量支撑 共建质量强国”主题，"
             "由省质量发展委员会办公室统筹，各成员单位共开展各类质量活动。")
_HEADINGS = ("提升质量供给水平", "守牢质量安全底线", "营造质量共治氛围", "夯实质量技术基础")
# {n} changes from statement to statement, so no two sentences of a long report are the same.
_STATEMENTS = (
    "省市场监管局开展电动自行车、儿童玩具等产品质量监督抽查，共抽查{n}批次。",
    "省住建厅组织第{n}次住宅工程质量常见问题专项治理观摩活动。",
    "省交通运输厅开展公路水运工程质量督查，检查在建项目{n}个。",
    "省水利厅开展水利工程质量专项稽查，印发整改通知{n}份。",
    "省工信厅组织质量管理小组成果交流活动，发布优秀成果{n}项。",
    "省教育厅组织中小学生参加质量知识竞赛，参赛学生{n}人。",
    "省卫健委开展医疗器械使用质量检查，检查医疗机构{n}家。",
    "省商务厅组织{n}家外贸企业开展质量品牌培训。",
)


def one_line_report(size: int, themes: int = len(_HEADINGS)) -> str:
    """A one-line report of at least ``size`` bytes of UTF-8 (and less than two statements more).

    Its statements are shared evenly among ``themes`` headings (at most ten), as a long report has a few themes and
    many statements under each.

    >>> text = one_line_report(4096)
    >>> "\\n" in text, 4096 <= len(text.encode()) < 4096 + 200, text.count("（四）")
    (False, True, 1)
    """
    statements: list[str] = []
    total = len(_PREAMBLE.encode()) + sum(len(f"（一）{h}".encode()) for h in _HEADINGS[:themes])
    while total < size:
        statements.append(_STATEMENTS[len(statements) % len(_STATEMENTS)].format(n=len(statements) + 1))
        total += len(statements[-1].encode())
    parts = [_PREAMBLE]
    share = -(-len(statements) // themes)
    for number in range(themes):
        parts.append(f"（{'一二三四五六七八九十'[number]}）{_HEADINGS[number % len(_HEADINGS)]}。")
        parts += statements[number * share : (number + 1) * share]
    return "".join(parts)


def _timed(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    kg = Path(sys.executable).with_name("kg")  # the kg of this interpreter, which imports kg from PYTHONPATH first
    start = time.perf_counter()
    done = subprocess.run([str(kg), *args], capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def time_build(source: Path, out: Path) -> dict[str, object]:
    """Wall times of ``kg build`` on one source and of ``kg validate`` on what it wrote, exit codes and triples."""
    build, built = _timed("build", "--json", "--out", str(out), str(source))
    validate, validated = _timed("validate", str(out))
    try:
        triples = json.loads(built.stdout)["triples"]
    except (json.JSONDecodeError, KeyError):
        triples = None
    return {"build_s": build, "build_exit": built.returncode, "validate_s": validate,
            "validate_exit": validated.returncode, "triples": triples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", help="comma-separated sizes in KiB, e.g. 32,64,128,256,1024")
    parser.add_argument("--work", type=Path, default=Path("benchmarks/work/size"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print("| size | characters | triples | `kg build` (s) | `kg validate` of its graph (s) | exits |")
    print("|---|---|---|---|---|---|")
    for kib in (int(s) for s in args.sizes.split(",")):
        source = args.work / f"one-line-{kib}k.txt"
        text = one_line_report(kib * 1024)
        source.write_text(text, encoding="utf-8")
        t = time_build(source, args.work / f"one-line-{kib}k.ttl")
        print(f"| {kib} KiB | {len(text):,} | {t['triples']:,} | {t['build_s']:.1f} | {t['validate_s']:.1f} "
              f"| {t['build_exit']}, {t['validate_exit']} |", flush=True)


if __name__ == "__main__":
    main()
