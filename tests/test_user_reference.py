"""What a build did not understand (kg/ingest/unread.py) and the user's own reference folder (``--reference``).

Offsets were counted by hand: in ``_ONE_OF_EACH`` the unknown body 青溪文旅服务中心 is characters 61-69, the sentence
without a body 举行质量知识竞赛，发放宣传资料3000份 characters 18-38 (its 。 is the boundary, not part of it). It comes
before any body is named: after one (区市场监管局开展…。\n举行…), the bureau's statement carries over it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build.corpus import build_graph
from kg.cli.app import main

_ONE_OF_EACH = ("2024年青溪区“质量月”活动总结\n举行质量知识竞赛，发放宣传资料3000份。\n"
                "区市场监管局开展质量宣传活动。本次活动得到青溪文旅服务中心的大力支持。\n")
_ACTING = "2025年青溪区“质量月”活动总结\n区市场监管局开展质量宣传活动。\n青溪文旅服务中心开展质量讲座进社区活动。\n"
_PLACE = ("code,level,parent,lineup,name_zh_hant,name_zh_hans,name_en,en_prefix,bare,prefixes,abbrev\n"
          "qingxi,county,js,,青溪區,青溪区,Qingxi District,Qingxi District,青溪,區,\n")
_AGENCIES = "slug,jurisdiction,level,name_zh_hant,name_zh_hans,name_en,forms,relative_forms,parent,note\n"
_CENTRE = "qingxi-tourism-centre,qingxi,county,青溪文旅服務中心,青溪文旅服务中心,Qingxi Tourism Service Centre,,,,\n"


def _source(tmp_path: Path, text: str, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_one_unknown_body_and_one_bodiless_action(tmp_path: Path) -> None:
    result = build_graph([_source(tmp_path, _ONE_OF_EACH)])
    record = result.reports[0].unread
    assert record["name_spans"] == [{"start": 61, "end": 69, "text": "青溪文旅服务中心"}]
    assert record["action_spans"] == [{"start": 18, "end": 38, "text": "举行质量知识竞赛，发放宣传资料3000份"}]
    assert (record["names"], record["actions"]) == (1, 1)


def test_the_seed_reports_its_one_sentence_without_a_body() -> None:
    from kg.build.corpus import default_sources

    record = build_graph(default_sources()).reports[0].unread
    assert record["names"] == 0
    assert [(a["start"], a["end"]) for a in record["action_spans"]] == [(69, 186)]
    assert record["action_spans"][0]["text"].startswith("通過廣泛開展質量主題宣傳")


def test_json_has_the_key_and_text_has_the_hint(tmp_path: Path) -> None:
    source = _source(tmp_path, _ONE_OF_EACH)
    runner = CliRunner()
    done = runner.invoke(main, ["build", "--json", "--out", str(tmp_path / "kg.ttl"), str(source)])
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert summary["reports"][0]["not_understood"]["names"] == 1 and summary["reference"] == []
    done = runner.invoke(main, ["build", "--out", str(tmp_path / "kg.ttl"), str(source)])
    assert "name at characters 61-69: 青溪文旅服务中心" in done.stdout
    assert "action at characters 18-38" in done.stdout and "--reference DIR" in done.stdout


def test_a_user_body_becomes_an_agency_with_its_english_name(tmp_path: Path) -> None:
    folder = tmp_path / "ref"
    folder.mkdir()
    (folder / "jurisdictions.csv").write_text(_PLACE, encoding="utf-8")
    (folder / "agencies.csv").write_text(_AGENCIES + _CENTRE, encoding="utf-8")
    source = _source(tmp_path, _ACTING)
    before = build_graph([source])  # read as an unlisted body at the head of its clause, without English
    assert "Qingxi" not in before.turtle and "agency/qingxi-tourism-centre" not in before.turtle
    after = build_graph([source], reference=folder)
    assert after.reports[0].unread["names"] == 0
    assert '"Qingxi Tourism Service Centre"@en' in after.turtle
    assert "govkg:conductedBy <https://w3id.org/govkg/id/agency/qingxi-tourism-centre>" in after.turtle
    assert [p.name for p, _ in after.reference_files] == ["jurisdictions.csv", "agencies.csv"]
    assert "schema:name \"agencies.csv\"" in after.turtle
    assert "Qingxi" not in build_graph([source]).turtle  # the shipped data's cache was not touched


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("products.csv", "slug,name_zh_hant,name_zh_hans,name_en,aliases,colour\n",
         "products.csv:1:6: unknown column 'colour'"),
        ("agencies.csv", _AGENCIES + "js-amr,js,provincial,江蘇省甲局,江苏省甲局,Jia,,,,\n",
         "agencies.csv:2: slug 'js-amr' clashes with a shipped one"),
        ("agencies.csv", _AGENCIES + "qx-a,js,county,青溪甲局,青溪甲局,Jia,,,nope,\n",
         "agencies.csv:2: qx-a: field parent: no parent among nope"),
        ("agencies.csv", _AGENCIES + "qx-b,nowhere,county,青溪乙局,青溪乙局,Yi,,,,\n",
         "agencies.csv:2: field jurisdiction: unknown jurisdiction 'nowhere'"),
        ("agencies.csv", _AGENCIES + "qx-c,js,district,青溪丙局,青溪丙局,Bing,,,,\n",
         "agencies.csv:2: level must be one of"),
        ("agencies.csv", _AGENCIES + "qx-d,js,county,青溪丁局,青溪丁局,Ding,,,,\n",
         None),
        ("agencies.csv", _AGENCIES + "qx-e,js,county,青溪區衛生局,青溪區衛生局,Wei,,,,\n",
         "agencies.csv:2: field name_zh_hans '青溪區衛生局' is not in Simplified script"),
        ("agencies.csv", _AGENCIES + "qx-f,js,county,青溪区卫生局,青溪区卫生局,Wei,,,,\n",
         "agencies.csv:2: field name_zh_hant '青溪区卫生局' is not in Traditional script"),
        ("jurisdictions.csv", _PLACE.replace(",js,", ",zz,"),
         "jurisdictions.csv:2: field parent 'zz'"),
    ],
)
def test_each_bad_row_names_file_and_line_and_exits_2(tmp_path: Path, name: str, text: str,
                                                      message: str | None) -> None:
    folder = tmp_path / "ref"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    source = _source(tmp_path, _ONE_OF_EACH)
    done = CliRunner().invoke(main, ["build", "--reference", str(folder), "--out", str(tmp_path / "kg.ttl"),
                                     str(source)])
    if message is None:  # a good row, for contrast
        assert done.exit_code == 0, done.output
        return
    assert done.exit_code == 2, done.output
    assert f"{folder}/{message}" in done.stderr
    assert "Traceback" not in done.output and not (tmp_path / "kg.ttl").exists()


def test_every_problem_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ref"
    folder.mkdir()
    (folder / "agencies.csv").write_text(_AGENCIES + "js-amr,js,provincial,甲局,甲局,Jia,,,,\n"
                                         "qx-c,js,district,青溪丙局,青溪丙局,Bing,,,,\n", encoding="utf-8")
    (folder / "lineup.csv").write_text("x\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["build", "--reference", str(folder), str(_source(tmp_path, _ONE_OF_EACH))])
    assert done.exit_code == 2 and "lineup.csv: not a table a reference folder may hold" in done.stderr
    (folder / "lineup.csv").unlink()
    done = CliRunner().invoke(main, ["build", "--reference", str(folder), str(_source(tmp_path, _ONE_OF_EACH))])
    lines = done.stderr.strip().splitlines()
    assert done.exit_code == 2 and len(lines) == 2, done.stderr
    assert lines[0].endswith("agencies.csv:2: slug 'js-amr' clashes with a shipped one (a user table adds; it "
                             "cannot redefine)") and "agencies.csv:3: level must be" in lines[1]


def test_the_workspace_reference_folder_is_used_and_the_option_wins(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.pipeline import user_reference

    monkeypatch.chdir(tmp_path)
    assert user_reference() is None
    (tmp_path / "reference").mkdir()
    assert user_reference() == tmp_path / "reference"
    assert user_reference(tmp_path / "other") == tmp_path / "other"
