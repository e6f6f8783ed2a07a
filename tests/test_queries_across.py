"""Queries across reports on the seed and two reports written for these tests (Zhejiang 2021, Anhui 2023).

The expected facts below were written by hand from the three texts before any query ran: each report's activities
with their theme and bodies, and from them each query's answer. Where an answer depends on which topic the build
assigns (govkg:topic), the test checks what does not: totals per year, partners, and counts of test topics added
here by theme; the counts of the build's own topics are left to the lead (see TODO below).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.build.corpus import BuildResult, build_graph
from kg.cli import main
from kg.namespaces import GOVKG, RDF, SKOS
from kg.paths import SOURCES_DIR
from kg.query.answer import run_query
from kg.query.catalogue import find_query
from kg.query.local import OxigraphStore
from kg.query.store import QueryResult, Store
from tests.repo import ROOT

ACROSS = ROOT / "tests" / "data" / "across"
SOURCES = [SOURCES_DIR / "jiangsu-2022-quality-month.txt", ACROSS / "zhejiang-2021-quality-month.txt",
           ACROSS / "anhui-2023-quality-month.txt"]
ID = "https://w3id.org/govkg/id/"
TEST_TOPIC = "https://w3id.org/govkg/test/topic/"
YEARS = {"js-2022-qm": 2022, "zj-2021-qm": 2021, "ah-2023-qm": 2023}
PLACES = {"js-2022-qm": "js", "zj-2021-qm": "zj", "ah-2023-qm": "ah"}
TOPIC, TOPIC_CLASS = GOVKG.topic, GOVKG.Topic

# -- what a reader takes from the three texts, written by hand before any query ran ----------------------------
# Each report's activities in the order of the text: (theme number, the bodies acting). Slugs are the curated ones
# of data/reference/ (省市场监管局 in a report of Zhejiang is zj-amr; 国家市场监督管理总局 is cn-samr …).
ACTIVITIES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "js-2022-qm": [  # the seed: one body per activity, no joint action
        ("1", ("js-ca",)), ("1", ("js-hurd",)), ("1", ("js-wr",)), ("1", ("js-amr",)), ("1", ("js-grain",)),
        ("1", ("js-comms",)), ("2", ("js-dot",)), ("2", ("js-wr",)), ("2", ("js-hurd",)), ("2", ("js-amr",)),
        ("2", ("js-mpa",)), ("3", ("js-drc",)), ("3", ("js-amr",)), ("3", ("js-comms",)),
        ("3", ("cn-pboc-nanjing",)), ("4", ("js-miit",)), ("4", ("js-ca",)), ("4", ("js-dot",)),
        ("5", ("js-miit",)), ("5", ("js-hurd",)), ("5", ("js-amr",)), ("5", ("js-mpa",)),
    ],
    "zj-2021-qm": [
        ("1", ("zj-amr",)),                           # 省市场监管局开展电动自行车、电线电缆等重点产品质量提升行动
        ("1", ("cn-samr", "cn-miit", "zj-amr")),      # 国家市场监督管理总局、工业和信息化部、省市场监管局…联合举办
        ("1", ("zj-hurd",)),                          # 省住建厅组织…专项治理
        ("2", ("zj-amr", "zj-ps")),                   # 省市场监管局联合省公安厅开展…专项整治
        ("2", ("zj-mpa",)),                           # 省药监局开展…专项检查
        ("2", ("cn-gacc-hangzhou",)),                 # 杭州海关开展…风险监测
        ("2", ("zj-amr", "zj-edu")),                  # 省市场监管局会同省教育厅开展…食品安全检查
        ("3", ("zj-cpc-pd",)),                        # 省委宣传部在浙江日报开设“质量月”专栏
        ("3", ("zj-comms",)),                         # 省通信管理局组织…质量宣传周活动
        ("3", ("zj-amr", "zj-edu")),                  # 省市场监管局与省教育厅联合举办…质量知识竞赛
        ("4", ("zj-hrss",)),                          # 省人社厅组织…职业技能培训
        ("4", ("zj-edu",)),                           # 省教育厅举办…教师培训班
    ],
    "ah-2023-qm": [
        ("1", ("ah-amr",)),                           # 省市场监管局开展…质量监督抽查
        ("1", ("cn-samr", "cn-miit")),                # 国家市场监督管理总局、工业和信息化部在合肥联合召开…会议
        ("1", ("ah-amr", "ah-ps")),                   # 省市场监管局联合省公安厅开展…专项整治
        ("1", ("cn-gacc-hefei",)),                    # 合肥海关开展…专项检查
        ("1", ("ah-hurd",)),                          # 省住建厅组织…大检查
        ("2", ("cn-samr", "ah-amr")),                 # 国家市场监督管理总局与省市场监管局联合举办…论坛
        ("2", ("ah-comms",)),                         # 省通信管理局开展…质量提升行动
        ("2", ("ah-mpa",)),                           # 省药监局开展…提升行动
        ("3", ("ah-cpc-pd",)),                        # 省委宣传部在安徽日报开展“质量月”专题宣传
        ("3", ("ah-edu", "ah-amr")),                  # 省教育厅与省市场监管局联合举办…大赛
        ("4", ("ah-hrss",)),                          # 省人力资源社会保障厅举办…职业技能竞赛
    ],
}

# -- each query's answer, worked out by hand from ACTIVITIES --------------------------------------------------------
# agency-timeline: per agency, per year: (activities, {partner: activities together}).
TIMELINE: dict[str, dict[int, tuple[int, dict[str, int]]]] = {
    "cn-samr": {2021: (1, {"cn-miit": 1, "zj-amr": 1}), 2023: (2, {"cn-miit": 1, "ah-amr": 1})},
    "cn-miit": {2021: (1, {"cn-samr": 1, "zj-amr": 1}), 2023: (1, {"cn-samr": 1})},
    "zj-amr": {2021: (5, {"cn-samr": 1, "cn-miit": 1, "zj-ps": 1, "zj-edu": 2})},
    "js-amr": {2022: (4, {})},
}
# lasting-partners: the one pair acting together in two campaigns and years (zj-amr and zj-edu act together twice,
# but in one campaign: not listed). (agency, partner, campaigns, years, activities, {year: activities}).
LASTING = [("cn-miit", "cn-samr", 2, 2, 2, {2021: 1, 2023: 1})]
# agencies-in-several-places: (relation, group) -> (places, {(place, agency): activities}).
SEVERAL: dict[tuple[str, str], tuple[int, dict[tuple[str, str], int]]] = {
    ("same body", "cn-samr"): (2, {("zj", "cn-samr"): 1, ("ah", "cn-samr"): 2}),
    ("same body", "cn-miit"): (2, {("zj", "cn-miit"): 1, ("ah", "cn-miit"): 1}),
    ("same line-up", "amr"): (3, {("js", "js-amr"): 4, ("zj", "zj-amr"): 5, ("ah", "ah-amr"): 4}),
    ("same line-up", "hurd"): (3, {("js", "js-hurd"): 3, ("zj", "zj-hurd"): 1, ("ah", "ah-hurd"): 1}),
    ("same line-up", "mpa"): (3, {("js", "js-mpa"): 2, ("zj", "zj-mpa"): 1, ("ah", "ah-mpa"): 1}),
    ("same line-up", "comms"): (3, {("js", "js-comms"): 2, ("zj", "zj-comms"): 1, ("ah", "ah-comms"): 1}),
    ("same line-up", "edu"): (2, {("zj", "zj-edu"): 3, ("ah", "ah-edu"): 1}),
    ("same line-up", "ps"): (2, {("zj", "zj-ps"): 1, ("ah", "ah-ps"): 1}),
    ("same line-up", "hrss"): (2, {("zj", "zj-hrss"): 1, ("ah", "ah-hrss"): 1}),
    ("same line-up", "cpc-pd"): (2, {("zj", "zj-cpc-pd"): 1, ("ah", "ah-cpc-pd"): 1}),
    ("same line-up", "miit"): (2, {("cn", "cn-miit"): 2, ("js", "js-miit"): 2}),
    ("same parent", "cn-miit"): (4, {("cn", "cn-miit"): 2, ("js", "js-comms"): 2, ("zj", "zj-comms"): 1,
                                     ("ah", "ah-comms"): 1}),
    ("same parent", "cn-gacc"): (2, {("zj", "cn-gacc-hangzhou"): 1, ("ah", "cn-gacc-hefei"): 1}),
}
# Test topics, given here to the activities under these themes (campaign -> theme number), so that the topic parts
# of the queries are checked whatever topics the build assigns.
TEST_TOPICS = {
    "publicity": {"js-2022-qm": "3", "zj-2021-qm": "3", "ah-2023-qm": "3"},
    "supervision": {"js-2022-qm": "2", "zj-2021-qm": "2", "ah-2023-qm": "1"},
    "benchmarks": {"js-2022-qm": "4"},
}
# places-compared, per test topic: place -> (campaigns, activities, agencies).
PLACES_ON = {
    "publicity": {"js": (1, 4, 4), "zj": (1, 3, 4), "ah": (1, 2, 3)},
    "supervision": {"js": (1, 5, 5), "zj": (1, 4, 5), "ah": (1, 5, 6)},
    "benchmarks": {"js": (1, 3, 3), "zj": (1, 0, 0), "ah": (1, 0, 0)},
}
# topics-over-years, per test topic: year -> (activities, previous year, its activities, change).
OVER_YEARS: dict[str, dict[int, tuple[int, int | None, int | None, int | None]]] = {
    "publicity": {2021: (3, None, None, None), 2022: (4, 2021, 3, 1), 2023: (2, 2022, 4, -2)},
    "supervision": {2021: (4, None, None, None), 2022: (5, 2021, 4, 1), 2023: (5, 2022, 5, 0)},
    "benchmarks": {2021: (0, None, None, None), 2022: (3, 2021, 0, 3), 2023: (0, 2022, 3, -3)},
}
# agency-timeline's rows of the test topics: agency -> {(year, test topic): activities}.
TIMELINE_TOPICS = {
    "cn-samr": {(2023, "supervision"): 1},
    "zj-amr": {(2021, "supervision"): 2, (2021, "publicity"): 1},
    "js-amr": {(2022, "supervision"): 1, (2022, "publicity"): 1},
}
# The build's own topics are checked against a reader's at the end (test_each_activity_has_a_topic_a_reader_gives_it);
# the queries' topic parts are checked above with the test topics, so they do not depend on the classifier.


@pytest.fixture(scope="module")
def built() -> BuildResult:
    return build_graph(SOURCES, jobs=1)


def _store(graph: Graph) -> Store:
    store = OxigraphStore()
    store.add_graph(graph)
    return store


@pytest.fixture(scope="module")
def plain(built: BuildResult) -> Store:
    """The three reports as built."""
    return _store(built.graph)


@pytest.fixture(scope="module")
def topical(built: BuildResult) -> Store:
    """The three reports, with TEST_TOPICS linked to the activities under their themes."""
    graph = Graph()
    graph += built.graph
    for name, themes in TEST_TOPICS.items():
        topic = URIRef(TEST_TOPIC + name)
        graph.add((topic, RDF.type, TOPIC_CLASS))
        graph.add((topic, SKOS.prefLabel, Literal(f"{name} (test)", lang="en")))
        for campaign, number in themes.items():
            for activity in graph.subjects(GOVKG.underTheme, URIRef(f"{ID}theme/{campaign}/{number}")):
                graph.add((activity, TOPIC, topic))
    return _store(graph)


def _has_build_topics(built: BuildResult) -> bool:
    return next(built.graph.subject_objects(TOPIC), None) is not None


def _short(term: Any) -> Any:
    """Agency and place IRIs as slugs, test topics by name, numbers as int, the rest as text; None when unbound."""
    if term is None:
        return None
    text = str(term)
    for prefix in (f"{ID}agency/", f"{ID}jurisdiction/", TEST_TOPIC):
        if text.startswith(prefix):
            return text[len(prefix):]
    if isinstance(term, Literal) and isinstance(term.toPython(), int):
        return int(term.toPython())
    return text


def _answer(store: Store, slug: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
    result: QueryResult = run_query(store, find_query(slug), params or {}, lang="en")
    return [{v: _short(t) for v, t in zip(result.variables, row, strict=True)} for row in result.rows]


def test_the_build_reads_the_texts_as_written(built: BuildResult) -> None:
    """The facts every expectation below rests on: each report's activities, their themes and bodies, in order."""
    graph = built.graph
    for campaign, expected in ACTIVITIES.items():
        activities = sorted(graph.subjects(GOVKG.partOfCampaign, URIRef(f"{ID}campaign/{campaign}")), key=str)
        got = [(str(graph.value(graph.value(a, GOVKG.underTheme), SKOS.notation)),
                tuple(sorted(_short(b) for b in graph.objects(a, GOVKG.conductedBy)))) for a in activities]
        assert got == [(n, tuple(sorted(bodies))) for n, bodies in expected], campaign
        assert str(graph.value(URIRef(f"{ID}campaign/{campaign}"), GOVKG.year)) == str(YEARS[campaign])


@pytest.mark.parametrize("agency", sorted(TIMELINE))
def test_agency_timeline_years_and_partners(plain: Store, built: BuildResult, agency: str) -> None:
    rows = _answer(plain, "agency-timeline", {"agency": ID + "agency/" + agency})
    want = TIMELINE[agency]
    assert {r["year"]: r["yearActivities"] for r in rows} == {y: n for y, (n, _) in want.items()}
    partners: dict[int, dict[str, int]] = {y: {} for y in want}
    for r in rows:
        if r["facet"] == "partner":
            partners[r["year"]][r["item"]] = r["activities"]
    assert partners == {y: p for y, (_, p) in want.items()}
    topics = [r for r in rows if r["facet"] == "topic"]
    if _has_build_topics(built):  # every activity has a topic: no empty one, none above the year's total
        assert all(r["item"] is not None and r["activities"] <= want[r["year"]][0] for r in topics)
    else:  # before topics: all of a year's activities under no topic
        assert [(r["year"], r["item"], r["itemLabel"], r["activities"]) for r in topics] == [
            (y, None, "", n) for y, (n, _) in sorted(want.items())]


@pytest.mark.parametrize("agency", sorted(TIMELINE_TOPICS))
def test_agency_timeline_topics(topical: Store, agency: str) -> None:
    rows = _answer(topical, "agency-timeline", {"agency": ID + "agency/" + agency})
    got = {(r["year"], r["item"]): r["activities"] for r in rows
           if r["facet"] == "topic" and r["item"] in TEST_TOPICS}
    assert got == TIMELINE_TOPICS[agency]
    assert all(r["itemLabel"] == f"{r['item']} (test)" for r in rows if r["item"] in TEST_TOPICS)


@pytest.mark.parametrize("topic", sorted(PLACES_ON))
def test_places_compared(topical: Store, topic: str) -> None:
    for value in (TEST_TOPIC + topic, f"{topic} (test)"):  # by IRI and by label
        rows = _answer(topical, "places-compared", {"topic": value})
        got = {r["jurisdiction"]: (r["campaigns"], r["activities"], r["agencies"]) for r in rows}
        assert got == PLACES_ON[topic], value
        assert [r["activities"] for r in rows] == sorted((r["activities"] for r in rows), reverse=True)


def test_places_compared_before_and_after_topics(built: BuildResult) -> None:
    """Every place is listed even with nothing on the topic (here a test topic in the graph that no activity of the
    build has; one that is not in the graph at all is refused, see tests/test_query_params.py)."""
    graph = Graph()
    graph += built.graph
    graph.add((URIRef(TEST_TOPIC + "idle"), RDF.type, TOPIC_CLASS))
    rows = _answer(_store(graph), "places-compared", {"topic": TEST_TOPIC + "idle"})
    assert {r["jurisdiction"]: (r["campaigns"], r["activities"], r["agencies"]) for r in rows} == {
        p: (1, 0, 0) for p in PLACES.values()}


def test_topics_over_years(topical: Store, plain: Store, built: BuildResult) -> None:
    rows = _answer(topical, "topics-over-years")
    got: dict[str, dict[int, tuple[Any, ...]]] = {}
    for r in rows:
        if r["topic"] in TEST_TOPICS:
            got.setdefault(r["topic"], {})[r["year"]] = (r["activities"], r["previousYear"],
                                                         r["previousActivities"], r["change"])
    assert got == OVER_YEARS
    totals = {YEARS[c]: len(a) for c, a in ACTIVITIES.items()}  # 2021: 12, 2022: 22, 2023: 11
    untopical = [(r["year"], r["activities"], r["previousYear"], r["change"])
                 for r in _answer(plain, "topics-over-years") if r["topic"] is None]
    if _has_build_topics(built):
        assert untopical == []  # every activity has a topic
    else:
        assert untopical == [(2021, 12, None, None), (2022, 22, 2021, 10), (2023, 11, 2022, -11)]
        assert {y: n for y, n, _, _ in untopical} == totals
        left = [(r["year"], r["activities"]) for r in rows if r["topic"] is None]
        assert left == [(2021, 5), (2022, 10), (2023, 4)]  # those under none of the test topics' themes


def test_lasting_partners(plain: Store) -> None:
    rows = _answer(plain, "lasting-partners")
    pairs: dict[tuple[Any, ...], dict[int, int]] = {}
    for r in rows:
        key = (r["agency"], r["partner"], r["campaigns"], r["years"], r["activities"])
        pairs.setdefault(key, {})[r["year"]] = r["yearActivities"]
    assert [(*k, v) for k, v in pairs.items()] == LASTING


def test_agencies_in_several_places(plain: Store) -> None:
    rows = _answer(plain, "agencies-in-several-places")
    got: dict[tuple[str, str], tuple[int, dict[tuple[str, str], int]]] = {}
    for r in rows:
        places, members = got.setdefault((r["relation"], r["group"]), (r["places"], {}))
        assert r["places"] == places
        members[(r["place"], r["agency"])] = r["activities"]
    assert got == SEVERAL
    assert Counter(r["relation"] for r in rows) == Counter(
        {"same body": 4, "same line-up": 22, "same parent": 6})  # no row twice


def test_kg_query_agency_timeline_by_label(built: BuildResult, tmp_path: Any) -> None:
    """Through the command line: the ministry by its Simplified name, its two years and partners."""
    data = tmp_path / "kg.ttl"
    data.write_bytes(built.data)
    result = CliRunner().invoke(main, ["query", "agency-timeline", "--param", "agency=国家市场监督管理总局",
                                       "--data", str(data), "--format", "csv", "--lang", "zh-Hans"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "year,yearActivities,facet,item,itemLabel,activities"
    partners = [line for line in lines[1:] if ",partner," in line]
    assert partners == [
        f"2021,1,partner,{ID}agency/cn-miit,中华人民共和国工业和信息化部,1",
        f"2021,1,partner,{ID}agency/zj-amr,浙江省市场监督管理局,1",
        f"2023,2,partner,{ID}agency/ah-amr,安徽省市场监督管理局,1",
        f"2023,2,partner,{ID}agency/cn-miit,中华人民共和国工业和信息化部,1",
    ]




# The topics a reader gives each activity of the two reports written here, decided from the sentences before the
# build's topics were looked at: each activity must have at least one of its set (the build may add more, as its
# keywords are broader; a set of two where the sentence fits either).
T = "https://w3id.org/govkg/ontology#Topic"
READER_TOPICS: dict[str, list[set[str]]] = {
    "zj-2021-qm": [
        {"QualityImprovement"}, {"QualityImprovement"}, {"ConstructionQuality"}, {"SupervisionAndEnforcement"},
        {"SupervisionAndEnforcement", "FoodAndDrugSafety"}, {"SupervisionAndEnforcement"}, {"FoodAndDrugSafety"},
        {"PublicityAndAwareness"}, {"PublicityAndAwareness"}, {"PublicityAndAwareness", "EducationAndSkills"},
        {"EducationAndSkills"}, {"EducationAndSkills"},
    ],
    "ah-2023-qm": [
        {"SupervisionAndEnforcement"}, {"SupervisionAndEnforcement"}, {"SupervisionAndEnforcement"},
        {"SupervisionAndEnforcement"}, {"ConstructionQuality"}, {"QualityImprovement"}, {"QualityImprovement"},
        {"QualityImprovement", "FoodAndDrugSafety"}, {"PublicityAndAwareness"},
        {"BenchmarksBrandsAndAwards", "EducationAndSkills"}, {"EducationAndSkills"},
    ],
}


def test_each_activity_has_a_topic_a_reader_gives_it(built: BuildResult) -> None:
    graph = built.graph
    for slug, wanted in READER_TOPICS.items():
        for i, accepted in enumerate(wanted, start=1):
            activity = URIRef(f"{ID}activity/{slug}/{i:02d}")
            topics = {str(t).removeprefix(T) for t in graph.objects(activity, TOPIC)}
            assert topics & accepted, (slug, i, sorted(topics), sorted(accepted))
