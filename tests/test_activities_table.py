"""``queries/activities.rq``, the journalists' table: one row per activity, checked against the seed report by hand.

The expected values below were read off ``data/sources/jiangsu-2022-quality-month.txt`` (the bodies' official
names from ``data/reference/agencies.csv``, the products' from ``products.csv``, the theme numbers from the
report's (一)…(五) headings); the offsets are found by searching the report's cleaned text for the hand-typed
sentence, not taken from the graph's selectors.
"""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Namespace, URIRef

from kg.cli import main
from kg.paths import KG_FILE

GOVKG = Namespace("https://w3id.org/govkg/ontology#")
ID = "https://w3id.org/govkg/id/"
REPORT = URIRef(ID + "report/js-2022-qm")

# activity number: (bodies, theme number, type, products, documents, the sentence as printed in the report)
HAND = {
    "01": ("江蘇省民政廳", "1", "印發文件", "",
           "江蘇省居家社區養老服務能力提升三年行動工作方案(2022-2024) (蘇民養老〔2022〕14號); "
           "關于推動農村養老服務高質量發展的指導意見 (蘇民養老〔2022〕27號)",
           "省民政廳印發《江蘇省居家社區養老服務能力提升三年行動工作方案(2022-2024)》(蘇民養老〔2022〕14號)和"
           "《關于推動農村養老服務高質量發展的指導意見》(蘇民養老〔2022〕27號),促進居家社區養老服務和農村養老服務提質增效。"),
    "04": ("江蘇省市場監督管理局", "1", "產品比對", "汽車充電樁; 口罩; 移動應用APP; 非金屬承壓管道; 動力電池", "",
           "省市場監管局開展汽車充電樁、移動應用 APP、口罩、非金屬承壓管道、動力電池等產品的質量比對工作,通過產品的標準"
           "比對和實物質量比對,以靜態比和動態比,找出省產品與國際、國內領先產品之間的差距,提出改進質量的具體舉措,推動我省"
           "相關產業高質量發展。"),
    "07": ("江蘇省交通運輸廳", "2", "檢查督查", "", "",
           "省交通廳開展2022年公路水運工程建設市場綜合督查,對省管項目建設市場管理情況進行綜合督查。"),
    "10": ("江蘇省市場監督管理局", "2", "執法整治", "燃氣灶具及配件", "",
           "省市場監管局持續推進2022民生領域案件查辦“鐵拳”行動和開展燃氣灶具及配件產品質量安全專項整治工作。著力化解和"
           "防范市場風險,努力營造安全放心的消費環境。"),
    "15": ("中國人民銀行南京分行", "3", "宣傳", "", "",
           "人民銀行南京分行開展“金融標準 為民利企”主題活動,利用主流媒體、手機銀行、微信公眾號等渠道,"
           "普及金融標準化理念、知識、方法,提升金融從業者和消費者金融標準化意識。"),
    "21": ("江蘇省市場監督管理局", "5", "培訓", "", "",
           "省市場監管局組織2022年江蘇省企業首席質量官高級培訓班,進一步健全企業首席質量官制度,夯實企業高質量發展人才基礎,"
           "不斷提升企業質量競爭力。"),
}
THEMES = {"1": "深入實施質量提升行動,不斷提高質量供給水平", "2": "加強質量監管,嚴守質量安全底線",
          "3": "加大宣傳力度, 提高全社會質量素養", "5": "開展質量教育,提高質量素養"}


def _table(*args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["query", "activities", "--format", "csv", *args])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


@pytest.fixture(scope="module")
def seed() -> tuple[Graph, list[dict[str, str]]]:
    return Graph().parse(KG_FILE), _table()


@pytest.mark.parametrize("number", sorted(HAND))
def test_rows_read_off_the_report_by_hand(seed: tuple[Graph, list[dict[str, str]]], number: str) -> None:
    graph, rows = seed
    text = str(graph.value(REPORT, RDF.value))
    bodies, theme, kind, products, documents, sentence = HAND[number]
    row = next(r for r in rows if r["activity"] == f"{ID}activity/js-2022-qm/{number}")
    start = text.index(sentence)
    assert text.count(sentence) == 1
    assert (row["agencies"], row["themeNumber"], row["themeLabel"], row["types"], row["products"],
            row["documents"]) == (bodies, theme, THEMES[theme], kind, products, documents)
    assert (row["campaignLabel"], row["place"], row["year"]) == ("2022年江蘇省質量月", "江蘇省", "2022")
    assert (row["report"], row["sentence"], int(row["start"]), int(row["end"])) == \
        (str(REPORT), sentence, start, start + len(sentence))
    assert text[int(row["start"]):int(row["end"])] == row["sentence"]


def test_one_row_per_activity_in_reading_order(seed: tuple[Graph, list[dict[str, str]]]) -> None:
    graph, rows = seed
    activities = {str(a) for a in graph.subjects(RDF.type, GOVKG.Activity)}
    assert len(rows) == len(activities) == 22 and {r["activity"] for r in rows} == activities
    starts = [int(r["start"]) for r in rows]
    assert starts == sorted(starts)
    text = str(graph.value(REPORT, RDF.value))
    assert all(text[int(r["start"]):int(r["end"])] == r["sentence"] for r in rows)


def test_labels_follow_lang() -> None:
    row = next(r for r in _table("--lang", "EN") if r["activity"].endswith("/04"))
    assert (row["agencies"], row["types"], row["place"]) == \
        ("Jiangsu Provincial Administration for Market Regulation", "product comparison", "Jiangsu")
    assert row["products"] == "EV charging piles; Face masks; Mobile apps; Non-metallic pressure pipes; Power batteries"
    row = next(r for r in _table("--lang", "zh-hans") if r["activity"].endswith("/10"))
    assert (row["agencies"], row["types"], row["themeLabel"]) == \
        ("江苏省市场监督管理局", "执法整治", "加强质量监管,严守质量安全底线")
    assert row["sentence"].startswith("省市場監管局持續推進")  # the quote stays as the report printed it
