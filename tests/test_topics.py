"""Topics shared by every campaign: the keyword table, what a statement or a heading is linked to, and why.

The expectations below were written from the texts by hand: a reader names the topics a sentence is about and the
words that say so; the code must find the same, with the words as the report writes them (its own script).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.build.corpus import build_graph
from kg.errors import InputError
from kg.ingest.activity_types import ACTIVITY_TYPES
from kg.ingest.clean import clean
from kg.ingest.extract import extract
from kg.ingest.reference import load_reference
from kg.ingest.topic_table import read_topics
from kg.namespaces import GOVKG, RDF, SKOS
from kg.paths import KG_FILE, ONTOLOGY_FILE, REFERENCE_DIR

CASES = Path(__file__).parent / "cases"


def _topics(case: str) -> tuple[dict[int, dict[str, tuple[str, ...]]], dict[int, dict[str, tuple[str, ...]]]]:
    """(theme number -> topic -> keywords, activity index -> topic -> keywords) of a case, topics without ``Topic``."""
    x = extract(clean((CASES / case / "input.txt").read_text(encoding="utf-8")), load_reference())
    themes = {t.number: {r.topic[5:]: r.keywords for r in t.topics} for t in x.themes}
    activities = {a.index: {r.topic[5:]: r.keywords for r in a.topics} for a in x.activities}
    return themes, activities


def test_keywords_of_a_county_safety_month() -> None:
    # 县住建局开展在建工程质量联合检查 … 消防演练 … 假冒伪劣商品销毁 … 质量知识竞赛
    themes, activities = _topics("enlisted-and-joining")
    assert themes[2] == {"SupervisionAndEnforcement": ("整治",)}  # 专项整治
    assert activities[1] == {"SupervisionAndEnforcement": ("检查",), "ConstructionQuality": ("在建工程",)}
    assert activities[2] == {"EducationAndSkills": ("培训",), "SafetyAndEmergencies": ("安全生产", "消防", "演练")}
    assert activities[3] == {"IntellectualProperty": ("假冒",)}  # 县公安局、县烟草局 are names, not topics
    assert activities[4] == {"BenchmarksBrandsAndAwards": ("竞赛",)}


def test_longest_keyword_wins_and_names_are_not_read() -> None:
    # 区教育局对校园食堂开展食品安全检查: food (食品安全, 食堂) and inspection (检查), not work safety (安全检查)
    _, activities = _topics("midline-headings")
    assert activities[3] == {"SupervisionAndEnforcement": ("检查",), "FoodAndDrugSafety": ("食堂", "食品安全")}


def test_keywords_as_the_traditional_text_writes_them() -> None:
    # 海關聯同警方…採取執法行動，搜查多間店舖，檢獲懷疑冒牌充電器
    themes, activities = _topics("hongkong-joint-operation")
    assert themes[1] == {"SupervisionAndEnforcement": ("執法",)}
    assert activities[1] == {"SupervisionAndEnforcement": ("執法", "搜查", "檢獲"), "IntellectualProperty": ("冒牌",)}
    assert activities[2] == {"EducationAndSkills": ("講座",), "IntellectualProperty": ("知識產權",)}


def test_activity_type_decides_when_no_keyword() -> None:
    # 此次活動是由區安全生產委員會主辦…承辦: 安全生產 is in a body's name, so nothing in the text says a topic
    x = extract(clean((CASES / "mainland-traditional-hosted-by" / "input.txt").read_text(encoding="utf-8")),
                load_reference())
    (record,) = x.activities[0].topics
    assert (record.topic, record.keywords, record.activity_type) == ("TopicOrganisationAndCoordination", (),
                                                                   "TypeOther")


def test_theme_without_keyword_takes_its_activities_topics() -> None:
    # (二)严把质量关口: no keyword; its one activity is a housing-works quality check
    themes, _ = _topics("heading-number-alone")
    assert themes[2] == {"SupervisionAndEnforcement": (), "ConstructionQuality": ()}
    x = extract(clean((CASES / "heading-number-alone" / "input.txt").read_text(encoding="utf-8")), load_reference())
    assert all(r.from_activities for r in x.themes[1].topics)


@pytest.fixture(scope="module")
def everything() -> Graph:
    """The seed and every case built together, with the ontology (the topics' schemes)."""
    sources = sorted(CASES.glob("*/input.txt"))
    graph = build_graph([*sources, *sorted((KG_FILE.parent / "sources").glob("*.txt"))]).graph
    return graph + Graph().parse(ONTOLOGY_FILE)


def test_every_activity_and_theme_has_a_topic_with_its_reason(everything: Graph) -> None:
    subjects = set(everything.subjects(RDF.type, GOVKG.Activity)) | set(everything.subjects(RDF.type,
                                                                                          GOVKG.CampaignTheme))
    assert subjects
    for subject in subjects:
        topics = set(everything.objects(subject, GOVKG.topic))
        assert topics, f"{subject} has no topic"
        for topic in topics:
            assert (topic, SKOS.inScheme, GOVKG.TopicScheme) in everything
            node = URIRef(f"{subject}/topic/{str(topic).split('#')[1]}")
            assert (subject, GOVKG.topicAssignment, node) in everything
            assert (node, GOVKG.assignedTopic, topic) in everything
            reasons = (set(everything.objects(node, GOVKG.matchedKeyword)) | set(everything.objects(
                node, GOVKG.fromActivityType)) | set(everything.objects(node, GOVKG.fromActivities)))
            assert reasons, f"{node} gives no reason"


def test_seed_theme_reasons_are_in_the_graph() -> None:
    graph = Graph().parse(KG_FILE)
    node = URIRef("https://w3id.org/govkg/id/theme/js-2022-qm/2/topic/TopicSupervisionAndEnforcement")
    assert set(graph.objects(node, GOVKG.matchedKeyword)) == {Literal("監管"), Literal("質量安全")}


def test_table_covers_the_ontology_and_every_activity_type() -> None:
    table = read_topics(REFERENCE_DIR / "topics.csv")
    ontology = Graph().parse(ONTOLOGY_FILE)
    declared = {str(t).split("#")[1] for t in ontology.subjects(RDF.type, GOVKG.Topic)}
    assert set(table.order) == declared
    assert set(table.by_type) == set(ACTIVITY_TYPES)


@pytest.mark.parametrize(("row", "message"), [
    ("TopicNowhere,质量,", "topics.csv:2: topic 'TopicNowhere' is not a govkg:Topic"),
    ("TopicConsumerRights,消費者,", "topics.csv:2: keyword '消費者' is not Han characters (or digits) in Simplified"),
    ("TopicConsumerRights,维权,TypeNothing", "topics.csv:2: activity type 'TypeNothing' is not one of"),
])
def test_a_bad_row_is_one_line_with_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "topics.csv"
    path.write_text(f"topic,keywords,activity_types\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_topics(path)
    assert message in str(caught.value)


def test_a_theme_with_no_keyword_and_no_activity_takes_the_campaigns_topic(tmp_path: Path) -> None:
    # a plan whose sections name no keyword and hold no activity: the campaign's name decides (安全生产 is safety)
    from kg.validate.run import validate_turtle

    plan = tmp_path / "plan.txt"
    plan.write_text("2016年全国“安全生产月”活动方案\n一、指导思想\n以人为本，坚持底线思维。\n二、时间安排\n六月全月。\n",
                    encoding="utf-8")
    result = build_graph([plan])
    assert validate_turtle(result.data).conforms
    text = result.data.decode("utf-8")
    for n in (1, 2):
        assert f"theme/cn-2016-wsm/{n}/topic/TopicSafetyAndEmergencies>" in text
