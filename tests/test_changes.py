"""The change events of ``data/reference/changes.csv``: the shipped table, its expansion per line-up, its checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.ingest.reference import load_reference
from kg.ingest.reference_user import ReferenceProblems
from tests.test_reference import _tiny

HEADER = ("slug,lineup,date,before,after,name_zh_hant,name_zh_hans,name_en,source,source_title,source_title_en,"
          "source_date,source_url,note\n")
PLAN = "cn-plan,国务院机构改革方案,State Council plan,2018-03-17,"
LINEUP_PLAN = "plan,{name}机构改革方案,Plan of {en_name},2018,"


def _with_changes(directory: Path, rows: str) -> Path:
    _tiny(directory, "cn-aqsiq,cn,national,國家質檢總局,国家质检总局,AQSIQ,,,,\n")
    lineup = directory / "agency-lineup.csv"
    lineup.write_text(lineup.read_text(encoding="utf-8")
                      + "qts,province,{name}質監局,{name}质监局,{en} QTS,{rel}質監局,,\n"
                      + "qts,city,{name}質監局,{name}质监局,{en} QTS,{rel}質監局,,\n", encoding="utf-8")
    (directory / "changes.csv").write_text(HEADER + rows, encoding="utf-8")
    return directory


def test_the_shipped_table_holds_the_2018_reform() -> None:
    ref = load_reference()
    samr = ref.changes["cn-2018-samr"]
    assert (samr.before, samr.after, samr.date) == (("cn-aqsiq", "cn-saic", "cn-cfda"), ("cn-samr",), "2018-03")
    assert samr.source.titles["zh-Hans"] == "国务院机构改革方案" and samr.source.date == "2018-03-17"
    assert [c.slug for c in ref.changes.of("cn-cfda")] == ["cn-2018-samr", "cn-2018-nmpa"]
    assert ref.changes["cn-2018-mem"].before == ("cn-sawsa",)
    assert ref.changes["cn-2018-mct"].before == ("cn-mcul", "cn-cnta")
    # a line-up row stands for the change in every province (or city) of the reference
    provinces = [j for j in ref.jurisdictions.values() if j.lineup == "province"]
    cities = [j for j in ref.jurisdictions.values() if j.lineup == "city"]
    assert all(f"{j.code}-2018-amr" in ref.changes and f"{j.code}-2018-em" in ref.changes for j in provinces + cities)
    nanjing = ref.changes["nanjing-2018-amr"]
    assert nanjing.before == ("nanjing-qts", "nanjing-aic", "nanjing-fda")
    assert nanjing.source.titles["zh-Hans"] == "南京市机构改革方案"
    assert nanjing.source.slug == "nanjing-2018-reform-plan"
    assert ref.changes["js-2018-em"].names["zh-Hant"] == "組建江蘇省應急管理廳"
    for change in ref.changes.values():
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", change.date) and change.source.titles["en"], change


def test_a_tiny_table_expands_per_line_up(tmp_path: Path) -> None:
    ref = load_reference(_with_changes(tmp_path, "cn-2018-samr,,2018-03,cn-aqsiq,cn-samr,組建{after},组建{after},"
                                                 "Formation of the {after}," + PLAN + ",\n"
                                                 "2018-amr,city,2018,qts,amr,組建{after},组建{after},F," + LINEUP_PLAN
                                                 + ",\n"))
    assert sorted(ref.changes) == ["cn-2018-samr", "nanjing-2018-amr"]
    assert ref.changes["cn-2018-samr"].names["zh-Hant"] == "組建國家市場監督管理總局"
    assert ref.changes["nanjing-2018-amr"].source.titles == {"zh-Hans": "南京市机构改革方案",
                                                             "zh-Hant": "南京市機構改革方案", "en": "Plan of Nanjing"}


def test_every_problem_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    names = "組建{after},组建{after},F,"
    rows = [
        "a-0,,2018,cn-aqsiq,cn-samr," + names + PLAN + ",\n",  # 2: good
        "a-1,,2018,cn-nowhere,cn-samr," + names + PLAN + ",\n",  # 3: no such body
        "a-2,,2018-13,cn-aqsiq,cn-samr," + names + PLAN + ",\n",  # 4: no such month
        "a-3,town,2018,qts,amr," + names + LINEUP_PLAN + ",\n",  # 5: no such line-up
        "a-4,,2018,cn-aqsiq,cn-samr,組建{name},组建{after},F," + PLAN + ",\n",  # 6: {name} without a line-up
        "a-5,,2018,cn-aqsiq,cn-aqsiq," + names + PLAN + ",\n",  # 7: before and after
        "a-6,,2018,cn-aqsiq,cn-samr," + names + "cn-plan,另一方案,Other,2018,,\n",  # 8: one source, two titles
        "a-0,,2018,cn-aqsiq,cn-samr," + names + PLAN + ",\n",  # 9: listed twice
        "a-7,,2018,cn-aqsiq,cn-samr," + names + "cn-plan-2,方案,Plan,2018,ftp://x,\n",  # 10: not an http address
        "a-8,,2018,cn-aqsiq,cn-samr,组建{after},组建{after},F," + PLAN + ",\n",  # 11: Simplified as zh_hant
    ]
    directory = _with_changes(tmp_path, "".join(rows))
    with pytest.raises(ReferenceProblems) as caught:
        load_reference(directory)
    path = directory / "changes.csv"
    lines = str(caught.value).splitlines()
    assert [(p.path, p.line) for p in caught.value.problems] == [(path, n) for n in range(3, 12)]
    assert all(line.startswith(f"{path}:") for line in lines)
    for needle, line in zip(["no such body: cn-nowhere", "date '2018-13'", "lineup must be", "use {after}",
                             "both before and after", "given twice", "listed twice", "not an http",
                             "not in Traditional script"], lines, strict=True):
        assert needle in line, line
