"""The seed report, read by hand: every agency, theme, activity, product and document the build must find.

The expectations below were written from `data/sources/jiangsu-2022-quality-month.txt` by reading it, sentence by
sentence, not from the build's output.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.build.corpus import build_graph
from kg.namespaces import GOVKG, ID, SKOS, sparql_prologue
from kg.paths import SOURCES_DIR

SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"

# (activity number, theme number, agency slugs conducting it) in document order.
ACTIVITIES = [
    (1, 1, {"js-ca"}),
    (2, 1, {"js-hurd"}),
    (3, 1, {"js-wr"}),
    (4, 1, {"js-amr"}),
    (5, 1, {"js-grain"}),
    (6, 1, {"js-comms"}),
    (7, 2, {"js-dot"}),
    (8, 2, {"js-wr"}),
    (9, 2, {"js-hurd"}),
    (10, 2, {"js-amr"}),
    (11, 2, {"js-mpa"}),
    (12, 3, {"js-drc"}),
    (13, 3, {"js-amr"}),
    (14, 3, {"js-comms"}),
    (15, 3, {"cn-pboc-nanjing"}),
    (16, 4, {"js-miit"}),
    (17, 4, {"js-ca"}),
    (18, 4, {"js-dot"}),
    (19, 5, {"js-miit"}),
    (20, 5, {"js-hurd"}),
    (21, 5, {"js-amr"}),
    (22, 5, {"js-mpa"}),
]

THEMES = {
    1: "深入實施質量提升行動,不斷提高質量供給水平",
    2: "加強質量監管,嚴守質量安全底線",
    3: "加大宣傳力度, 提高全社會質量素養",
    4: "樹立質量標桿,發揮示范引領作用",
    5: "開展質量教育,提高質量素養",
}

# Products by activity number, as the text names them (zh-Hant as printed, reading noise removed).
PRODUCTS = {
    4: {"汽車充電樁", "移動應用 APP", "口罩", "非金屬承壓管道", "動力電池"},
    10: {"燃氣灶具及配件"},
    11: {"藥品"},
    22: {"醫療器械"},
}

DOCUMENTS = {
    "江蘇省居家社區養老服務能力提升三年行動工作方案(2022-2024)": ("蘇民養老〔2022〕14號", 1, True),
    "關于推動農村養老服務高質量發展的指導意見": ("蘇民養老〔2022〕27號", 1, True),
    "藥品上市后變更管理辦法(試行)": (None, 22, False),
    "已上市生物制品藥學變更研究指導原則(試行)": (None, 22, False),
}


@pytest.fixture(scope="module")
def seed() -> Graph:
    return build_graph([SEED]).graph


def _select(graph: Graph, query: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in graph.query(sparql_prologue() + query)]  # type: ignore[arg-type]


def _activity(n: int) -> URIRef:
    return ID[f"activity/js-2022-qm/{n:02d}"]


def test_every_activity_has_its_theme_and_agencies(seed: Graph) -> None:
    found = set(seed.subjects(None, GOVKG.Activity))
    assert len(found) == len(ACTIVITIES)
    for n, theme, agencies in ACTIVITIES:
        node = _activity(n)
        assert set(seed.objects(node, GOVKG.underTheme)) == {ID[f"theme/js-2022-qm/{theme}"]}, n
        assert set(seed.objects(node, GOVKG.conductedBy)) == {ID[f"agency/{a}"] for a in agencies}, n
        assert set(seed.objects(node, GOVKG.partOfCampaign)) == {ID["campaign/js-2022-qm"]}


def test_the_five_themes_with_their_headings(seed: Graph) -> None:
    campaign = ID["campaign/js-2022-qm"]
    themes = set(seed.objects(campaign, GOVKG.hasTheme))
    assert themes == {ID[f"theme/js-2022-qm/{n}"] for n in THEMES}
    for n, heading in THEMES.items():
        node = ID[f"theme/js-2022-qm/{n}"]
        assert Literal(heading, lang="zh-Hant") in set(seed.objects(node, SKOS.prefLabel))
        assert set(seed.objects(node, SKOS.notation)) == {Literal(str(n))}


def test_campaign_facts(seed: Graph) -> None:
    campaign = ID["campaign/js-2022-qm"]
    assert seed.value(campaign, GOVKG.coordinatedBy) == ID["agency/js-qdc-office"]
    assert seed.value(campaign, GOVKG.jurisdiction) == ID["jurisdiction/js"]
    assert str(seed.value(campaign, GOVKG.year)) == "2022"
    assert int(seed.value(campaign, GOVKG.month)) == 9  # type: ignore[arg-type]
    slogans = {str(s) for s in seed.objects(campaign, GOVKG.slogan)}
    assert "推動質量變革創新 促進質量強省建設" in slogans


def test_every_agency_and_only_those(seed: Graph) -> None:
    expected = {a for _, _, agencies in ACTIVITIES for a in agencies} | {"js-qdc-office"}
    mentioned = {str(s).rsplit("/", 1)[1] for s in seed.subjects(GOVKG.evidence, None) if "/agency/" in str(s)}
    assert mentioned == expected


def test_products_per_activity(seed: Graph) -> None:
    rows = _select(
        seed,
        """SELECT ?a ?label WHERE { ?a govkg:targetsProduct ?p . ?p govkg:evidence/oa:hasSelector/oa:exact ?label }""",
    )
    found: dict[int, set[str]] = {}
    for activity, label in rows:
        found.setdefault(int(str(activity).rsplit("/", 1)[1]), set()).add(str(label))
    assert found == PRODUCTS


def test_documents_numbers_issuers_and_citations(seed: Graph) -> None:
    docs = set(seed.subjects(None, GOVKG.PolicyDocument))
    assert len(docs) == len(DOCUMENTS)
    for doc in docs:
        titles = {str(t) for t in seed.objects(doc, SKOS.prefLabel) if t.language == "zh-Hant"}  # type: ignore[attr-defined]
        (title,) = titles
        number, activity, issued = DOCUMENTS[title]
        assert {str(n) for n in seed.objects(doc, GOVKG.documentNumber)} == ({number} if number else set())
        assert set(seed.subjects(GOVKG.citesDocument, doc)) == {_activity(activity)}
        issuers = set(seed.objects(doc, GOVKG.issuedBy))
        assert issuers == ({ID["agency/js-ca"]} if issued else set())


def test_media_outlets(seed: Graph) -> None:
    rows = _select(seed, "SELECT ?a ?m WHERE { ?a govkg:usesMedia ?m }")
    by_activity: dict[int, int] = {}
    for activity, _ in rows:
        n = int(str(activity).rsplit("/", 1)[1])
        by_activity[n] = by_activity.get(n, 0) + 1
    assert by_activity == {12: 1, 13: 2}


def test_every_evidence_quote_is_the_text_at_its_offsets(seed: Graph) -> None:
    rows = _select(
        seed,
        """SELECT ?text ?start ?end ?exact WHERE {
             ?r govkg:evidence ?e . ?e oa:hasSource/rdf:value ?text ;
                oa:hasSelector [ oa:start ?start ; oa:end ?end ] , [ oa:exact ?exact ] }""",
    )
    assert len(rows) > 60
    for text, start, end, exact in rows:
        assert str(text)[int(start) : int(end)] == str(exact)  # type: ignore[call-overload]
