"""Write one broken fixture per rule: ``ontology/examples/minimal.ttl`` plus exactly one defect.

Run ``.venv/bin/python tests/data/violations/make_fixtures.py`` after changing the base example; the fixtures are
committed so each can be read on its own. A file is named ``<rule-id>.ttl`` or ``<rule-id>.<variant>.ttl``; the
test expects that rule, and only that rule, to report it.
"""

# ruff: noqa: E501  (the table below holds Turtle snippets; wrapping them would hide the one-line edits)
from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = HERE.parents[2] / "ontology" / "examples" / "minimal.ttl"

A1, A2, A3 = "<activity/js-2022-qm/01>", "<activity/js-2022-qm/02>", "<activity/js-2022-qm/03>"
E3 = "activity/js-2022-qm/03/evidence"
LABELS = 'skos:prefLabel "{t}"@zh-Hant , "{s}"@zh-Hans , "{e}"@en'


def change_event(original: str = "org:originalOrganization <agency/js-qdc> ;", date: str = '"2018-03"^^xsd:gYearMonth',
                 source: str = "<http://purl.org/dc/terms/source> <change-source/x-2018> ;") -> str:
    """A change event (full IRIs where minimal.ttl binds no prefix) with one part replaced, and its source."""
    return (f"<change/x-2018> a org:ChangeEvent ;\n    {original}\n    <http://purl.org/dc/terms/date> {date} ;\n"
            f"    {source}\n    <http://www.w3.org/2000/01/rdf-schema#label> \"組建\"@zh-Hant , \"组建\"@zh-Hans , "
            "\"Formation\"@en .\n<agency/js-amr> org:resultedFrom <change/x-2018> .\n"
            "<change-source/x-2018> a <https://schema.org/CreativeWork> .")


# rule id (and variant) -> (what is wrong, [edit ...]); an edit is ("sub", old, new), ("re", pattern, new) or
# ("add", turtle). "sub" must match exactly once.
FIXTURES: dict[str, tuple[str, list[tuple[str, ...]]]] = {
    "Resource-prefLabel-zhHant": ("an agency without a zh-Hant prefLabel",
        [("sub", '"江蘇省民政廳"@zh-Hant , "江苏省民政厅"@zh-Hans', '"江苏省民政厅"@zh-Hans')]),
    "Resource-prefLabel-zhHans": ("a media outlet without a zh-Hans prefLabel",
        [("sub", '"新華日報"@zh-Hant , "新华日报"@zh-Hans', '"新華日報"@zh-Hant')]),
    "Resource-prefLabel-uniqueLang": ("a product with two zh-Hant prefLabels",
        [("sub", '"燃氣灶具"@zh-Hant ,', '"燃氣灶具"@zh-Hant , "燃氣灶"@zh-Hant ,')]),
    "Resource-prefLabel-form.empty": ("an empty English prefLabel",
        [("sub", '"gas stoves"@en', '""@en')]),
    "Resource-prefLabel-form.zh-tag": ("a prefLabel tagged zh instead of zh-Hant",
        [("sub", '"燃氣灶具"@zh-Hant ,', '"燃氣灶具"@zh-Hant , "燃氣灶具"@zh ,')]),
    "Resource-prefLabel-form.plain": ("a prefLabel without a language tag",
        [("sub", '"gas stoves"@en .', '"gas stoves"@en , "gas stoves" .')]),
    "Resource-prefLabel-form.trailing-space": ("a prefLabel with a trailing space",
        [("sub", '"江蘇省"@zh-Hant', '"江蘇省 "@zh-Hant')]),
    "Resource-altLabel-form": ("an altLabel tagged zh-TW", [("sub", '"江蘇"@zh-Hant', '"江蘇"@zh-TW')]),
    "Resource-writtenForm-form": ("a written form tagged zh (a label's tag, which a form in neither script cannot have)",
        [("add", '<agency/js-mca> govkg:writtenForm "江蘇省民政厅"@zh .')]),
    "Resource-curated": ("govkg:curated given as a string",
        [("sub", "<jurisdiction/js> a govkg:Jurisdiction ;\n    govkg:curated true",
          '<jurisdiction/js> a govkg:Jurisdiction ;\n    govkg:curated "yes"')]),
    "Resource-evidence": ("evidence given as a literal",
        [("sub", "govkg:evidence <evidence/js-2022-qm/194-200>", 'govkg:evidence "“鐵拳”行動"')]),
    "Resource-prefLabel-en-curated": ("a curated agency without an English prefLabel",
        [("sub", ' , "Jiangsu Provincial Department of Civil Affairs"@en', "")]),
    "Resource-prefLabel-en": ("an extracted initiative without an English prefLabel (a warning)",
        [("sub", ' , "“Iron Fist” action"@en', "")]),
    "Activity-type": ("an activity typed prov:Activity only",
        [("sub", f"{A3} a govkg:Activity", f"{A3} a prov:Activity")]),
    "Activity-conductedBy": ("an activity conducted by nobody",
        [("re", r"(<activity/js-2022-qm/03> a govkg:Activity ;(?:\n.*){3})\n    govkg:conductedBy <agency/js-amr> ;",
          r"\1")]),
    "Activity-underTheme": ("an activity under no theme",
        [("sub", "    govkg:underTheme <theme/js-2022-qm/3> ;\n", "")]),
    "Activity-partOfCampaign": ("an activity in no campaign",
        [("re", r"(govkg:underTheme <theme/js-2022-qm/3> ;)\n    govkg:partOfCampaign <campaign/js-2022-qm> ;", r"\1")]),
    "Activity-activityType.two": ("an activity with two types",
        [("sub", "govkg:activityType govkg:TypePublicity", "govkg:activityType govkg:TypePublicity , govkg:TypeTraining")]),
    "Activity-activityType.not-a-type": ("an activity whose type is a theme",
        [("sub", "govkg:activityType govkg:TypePublicity", "govkg:activityType <theme/js-2022-qm/3>")]),
    "Activity-evidence": ("an activity without evidence",
        [("sub", f"    govkg:evidence <{E3}> ;\n", "")]),
    "Activity-wasDerivedFrom": ("an activity derived from no report",
        [("re", r"(govkg:evidence <activity/js-2022-qm/03/evidence>) ;\n    prov:wasDerivedFrom <report/js-2022-qm> \.", r"\1 .")]),
    "Activity-targetsProduct": ("an activity whose product is a media outlet",
        [("sub", "govkg:usesMedia <media/xinhua-daily> ;", "govkg:usesMedia <media/xinhua-daily> ;\n    govkg:targetsProduct <media/xinhua-daily> ;")]),
    "Activity-citesDocument": ("an activity citing an initiative as a document",
        [("sub", "govkg:partOfInitiative <initiative/tie-quan> ;", "govkg:partOfInitiative <initiative/tie-quan> ;\n    govkg:citesDocument <initiative/tie-quan> ;")]),
    "Activity-usesMedia": ("an activity whose media outlet is an agency",
        [("sub", "govkg:usesMedia <media/xinhua-daily>", "govkg:usesMedia <agency/js-amr>")]),
    "Activity-partOfInitiative": ("an activity whose initiative is a product",
        [("sub", "govkg:partOfInitiative <initiative/tie-quan>", "govkg:partOfInitiative <initiative/tie-quan> , <product/gas-stoves>")]),
    "Campaign-jurisdiction.missing": ("a campaign without a jurisdiction",
        [("sub", "    govkg:jurisdiction <jurisdiction/js> ;\n    govkg:year", "    govkg:year")]),
    "Campaign-jurisdiction.agency": ("a campaign whose jurisdiction is an agency",
        [("sub", "govkg:jurisdiction <jurisdiction/js> ;\n    govkg:year", "govkg:jurisdiction <agency/js-amr> ;\n    govkg:year")]),
    "Campaign-year": ("a year given as an integer", [("sub", '"2022"^^xsd:gYear', "2022")]),
    "Campaign-month.range": ("month 13", [("sub", "govkg:month 9", "govkg:month 13")]),
    "Campaign-month.string": ("a month given as a string", [("sub", "govkg:month 9", 'govkg:month "9"')]),
    "Campaign-hasTheme": ("a campaign with an agency as a theme",
        [("sub", "govkg:hasTheme <theme/js-2022-qm/1> ,", "govkg:hasTheme <agency/js-amr> , <theme/js-2022-qm/1> ,")]),
    "Campaign-coordinatedBy": ("a campaign coordinated by a theme",
        [("sub", "govkg:coordinatedBy <agency/js-qdc> ;", "govkg:coordinatedBy <theme/js-2022-qm/1> ;")]),
    "Campaign-coordinatedBy-missing": ("a campaign coordinated by nobody (a warning)",
        [("sub", "    govkg:coordinatedBy <agency/js-qdc> ;\n", "")]),
    "Campaign-year-missing": ("a campaign without a year (a warning)",
        [("sub", '    govkg:year "2022"^^xsd:gYear ;\n', "")]),
    "Campaign-month-missing": ("a campaign without a month (a warning)",
        [("sub", "    govkg:month 9 ;\n", "")]),
    "Campaign-reportedIn": ("a campaign reported in an activity",
        [("sub", "govkg:reportedIn <report/js-2022-qm>", f"govkg:reportedIn {A1}")]),
    "Campaign-slogan-form": ("a slogan tagged zh",
        [("sub", '"推動質量變革創新 促進質量強省建設"@zh-Hant ,', '"推動質量變革創新 促進質量強省建設"@zh-Hant , "推動質量變革創新"@zh ,')]),
    "slogan-script-violation": ("a campaign without a zh-Hant slogan",
        [("sub", '"推動質量變革創新 促進質量強省建設"@zh-Hant , ', "")]),
    "Campaign-slogan-missing": ("a campaign without any slogan (a warning)",
        [("re", r"\n    govkg:slogan [^\n]*;", "")]),
    "CampaignTheme-notation.leading-zero": ('a theme numbered "01"', [("sub", 'skos:notation "1"', 'skos:notation "01"')]),
    "CampaignTheme-notation.integer": ("a theme number given as an integer", [("sub", 'skos:notation "2"', "skos:notation 2")]),
    "CampaignTheme-inScheme": ("a theme in no scheme",
        [("re", r"(<theme/js-2022-qm/3> a govkg:CampaignTheme ;\n    govkg:curated true ;)\n    skos:inScheme <theme/js-2022-qm> ;", r"\1")]),
    "CampaignTheme-campaign": ("a theme no campaign has",
        [("add", "<theme/js-2022-qm/4> a govkg:CampaignTheme ;\n    govkg:curated true ;\n    skos:inScheme <theme/js-2022-qm> ;\n    govkg:topic govkg:TopicBenchmarksBrandsAndAwards ;\n"
          '    skos:notation "4" ;\n    ' + LABELS.format(t="樹立質量標桿", s="树立质量标杆", e="Set quality benchmarks") + " .")]),
    "Agency-jurisdiction": ("an agency with two jurisdictions",
        [("re", r"(<agency/js-mca> a govkg:Agency ;\n    govkg:curated true ;\n    govkg:jurisdiction <jurisdiction/js>)", r"\1 , <jurisdiction/zj>"),
         ("add", "<jurisdiction/zj> a govkg:Jurisdiction ;\n    govkg:curated true ;\n    govkg:administrativeLevel govkg:ProvincialLevel ;\n"
          '    skos:prefLabel "浙江省"@zh-Hant , "浙江省"@zh-Hans , "Zhejiang"@en .')]),
    "Agency-jurisdiction-curated": ("a curated agency without a jurisdiction",
        [("re", r"(<agency/js-mca> a govkg:Agency ;\n    govkg:curated true ;)\n    govkg:jurisdiction <jurisdiction/js> ;", r"\1")]),
    "Agency-jurisdiction-missing": ("an agency not in the reference data whose name gives no place (a warning)",
        [("re", r"(<agency/js-amr> a govkg:Agency ;\n    govkg:curated) true ;\n    govkg:jurisdiction <jurisdiction/js> ;", r"\1 false ;"),
         ("add", "<agency/js-amr> govkg:evidence <activity/js-2022-qm/02/evidence> .")]),
    "Agency-administrativeLevel-curated": ("a curated agency without a level",
        [("re", r"(<agency/js-mca> a govkg:Agency ;(?:\n.*){2})\n    govkg:administrativeLevel govkg:ProvincialLevel ;", r"\1")]),
    "Agency-administrativeLevel-missing": ("an agency not in the reference data whose name gives no level (a warning)",
        [("re", r"(<agency/js-amr> a govkg:Agency ;\n    govkg:curated) true ;(\n.*)\n    govkg:administrativeLevel govkg:ProvincialLevel ;", r"\1 false ;\2"),
         ("add", "<agency/js-amr> govkg:evidence <activity/js-2022-qm/02/evidence> .")]),
    "Agency-administrativeLevel": ("an agency whose level is an activity type",
        [("re", r"(<agency/js-mca> a govkg:Agency ;(?:\n.*){2})\n    govkg:administrativeLevel govkg:ProvincialLevel ;",
          r"\1\n    govkg:administrativeLevel govkg:TypeTraining ;")]),
    "Agency-subOrganizationOf": ("an agency that is a sub-organisation of a jurisdiction",
        [("add", "<agency/js-mca> org:subOrganizationOf <jurisdiction/js> .")]),
    "Jurisdiction-administrativeLevel": ("a jurisdiction without a level",
        [("sub", "<jurisdiction/js> a govkg:Jurisdiction ;\n    govkg:curated true ;\n    govkg:administrativeLevel govkg:ProvincialLevel ;",
          "<jurisdiction/js> a govkg:Jurisdiction ;\n    govkg:curated true ;")]),
    "RegulatedProduct-inScheme.other": ("a product outside the product scheme",
        [("sub", "skos:inScheme govkg:ProductScheme", "skos:inScheme <theme/js-2022-qm>")]),
    "PolicyDocument-documentNumber.brackets": ("a document number with [] instead of 〔〕",
        [("sub", '"蘇民養老〔2022〕27號"', '"蘇民養老[2022]27號"')]),
    "PolicyDocument-documentNumber.no-suffix": ("a document number without 號",
        [("sub", '"蘇民養老〔2022〕27號"', '"蘇民養老〔2022〕27"')]),
    "PolicyDocument-documentNumber.two": ("a document with two numbers",
        [("sub", '"蘇民養老〔2022〕27號"', '"蘇民養老〔2022〕27號" , "蘇民養老〔2022〕28號"')]),
    "PolicyDocument-issuedBy": ("a document issued by a newspaper",
        [("sub", "govkg:issuedBy <agency/js-mca>", "govkg:issuedBy <media/xinhua-daily>")]),
    "SourceReport-value": ("a report without its text", [("re", r'\n    rdf:value ".*"@zh-Hant ;', "")]),
    "SourceReport-sha256": ("a checksum one digit short", [("sub", 'a7c8d8c"', 'a7c8d8"')]),
    "SourceReport-readingsRemoved": ("a negative count", [("sub", "govkg:readingsRemoved 0", "govkg:readingsRemoved -1")]),
    "SourceReport-damagedSpan": ("a damaged span that is an agency",
        [("add", "<report/js-2022-qm> govkg:damagedSpan <agency/js-amr> .")]),
    "SourceReport-mentionsDocument": ("a report mentioning an initiative as a document",
        [("add", "<report/js-2022-qm> govkg:mentionsDocument <initiative/tie-quan> .")]),
    "SourceReport-wasGeneratedBy": ("a report generated by a campaign",
        [("sub", "prov:wasGeneratedBy <build/63e407c4d32d8a40>", "prov:wasGeneratedBy <campaign/js-2022-qm>")]),
    "Build-softwareVersion": ("a build without a software version",
        [("sub", ' ;\n    govkg:softwareVersion "0.1.0" .', " .")]),
    "Build-used": ("a build that used a campaign", [("sub", "prov:used <report/js-2022-qm>", "prov:used <campaign/js-2022-qm>")]),
    "Activity-topic": ("an activity with no topic",
        [("re", r"<activity/js-2022-qm/03> govkg:topic [^\n]*\n[^\n]*\n", "")]),
    "CampaignTheme-topic": ("a theme whose topic is an activity type",
        [("sub", "<theme/js-2022-qm/3> govkg:topic govkg:TopicPublicityAndAwareness", "<theme/js-2022-qm/3> govkg:topic govkg:TypePublicity")]),
    "TopicAssignment-assignedTopic": ("a topic assignment with two topics",
        [("sub", "govkg:assignedTopic govkg:TopicConsumerRights", "govkg:assignedTopic govkg:TopicConsumerRights , govkg:TopicPublicityAndAwareness")]),
    "Topic-inScheme": ("a topic outside the topic scheme",
        [("add", "<topic/tourism> a govkg:Topic ;\n    "
          + LABELS.format(t="旅遊", s="旅游", e="tourism") + " .")]),
    "ActivityType-inScheme": ("an activity type outside the activity type scheme",
        [("add", "<activity-type/assessment> a govkg:ActivityType ;\n    "
          + LABELS.format(t="考核", s="考核", e="assessment") + " .")]),
    "AdministrativeLevel-inScheme": ("an administrative level outside its scheme",
        [("add", "<administrative-level/township> a govkg:AdministrativeLevel ;\n    "
          + LABELS.format(t="鄉級", s="乡级", e="township") + " .")]),
    "Evidence-hasSource": ("evidence without a source",
        [("sub", f"<{E3}> a oa:SpecificResource ;\n    oa:hasSource <report/js-2022-qm> ;", f"<{E3}> a oa:SpecificResource ;")]),
    "Evidence-positionSelector.missing": ("evidence without a position selector",
        [("sub", f"oa:hasSelector <{E3}#position> , <{E3}#quote>", f"oa:hasSelector <{E3}#quote>")]),
    "Evidence-quoteSelector": ("evidence without a quote selector",
        [("sub", f"oa:hasSelector <{E3}#position> , <{E3}#quote>", f"oa:hasSelector <{E3}#position>")]),
    "TextPositionSelector-start.integer": ("a start offset typed xsd:integer",
        [("sub", 'oa:start "245"^^xsd:nonNegativeInteger', "oa:start 245")]),
    "TextPositionSelector-start.decimal": ("a start offset that is not an integer",
        [("sub", 'oa:start "245"^^xsd:nonNegativeInteger', 'oa:start "245.0"^^xsd:decimal')]),
    "TextPositionSelector-end": ("a position selector without an end",
        [("sub", 'oa:start "245"^^xsd:nonNegativeInteger ; oa:end "309"^^xsd:nonNegativeInteger .',
          'oa:start "245"^^xsd:nonNegativeInteger .')]),
    "TextPositionSelector-order.empty": ("start equal to end",
        [("sub", 'oa:end "309"^^xsd:nonNegativeInteger', 'oa:end "245"^^xsd:nonNegativeInteger')]),
    "TextPositionSelector-order.reversed": ("start after end",
        [("sub", 'oa:start "245"^^xsd:nonNegativeInteger ; oa:end "309"^^xsd:nonNegativeInteger',
          'oa:start "309"^^xsd:nonNegativeInteger ; oa:end "245"^^xsd:nonNegativeInteger')]),
    "TextQuoteSelector-exact.empty": ("an empty quote",
        [("re", r'(<activity/js-2022-qm/03/evidence#quote> a oa:TextQuoteSelector ;\n    oa:exact )".*"@zh-Hant', r'\1""@zh-Hant')]),
    "TextQuoteSelector-exact.missing": ("a quote selector without oa:exact",
        [("re", r'(<activity/js-2022-qm/03/evidence#quote> a oa:TextQuoteSelector) ;\n    oa:exact ".*"@zh-Hant', r"\1")]),
    # -- one node shape per class: resources must be IRIs --
    **{f"{cls}Shape": (f"a {cls} that is a blank node", [("sub*", iri, bnode)]) for cls, iri, bnode in [
        ("Activity", A3, "_:a3"), ("Campaign", "<campaign/js-2022-qm>", "_:campaign"),
        ("CampaignTheme", "<theme/js-2022-qm/3>", "_:t3"), ("Agency", "<agency/js-mca>", "_:mca"),
        ("Jurisdiction", "<jurisdiction/js>", "_:js"), ("RegulatedProduct", "<product/gas-stoves>", "_:stoves"),
        ("PolicyDocument", "<document/su-min-yang-lao-2022-27>", "_:doc"), ("Initiative", "<initiative/tie-quan>", "_:iron"),
        ("MediaOutlet", "<media/xinhua-daily>", "_:xinhua"), ("SourceReport", "<report/js-2022-qm>", "_:report"),
        ("Build", "<build/63e407c4d32d8a40>", "_:build"), ("Evidence", f"<{E3}>", "_:e3"),
        ("TextPositionSelector", f"<{E3}#position>", "_:pos"), ("TextQuoteSelector", f"<{E3}#quote>", "_:quote")]},
    "ActivityTypeShape": ("an activity type that is a blank node",
        [("add", "[] a govkg:ActivityType ;\n    skos:inScheme govkg:ActivityTypeScheme ;\n    "
          + LABELS.format(t="考核", s="考核", e="assessment") + " .")]),
    "AdministrativeLevelShape": ("an administrative level that is a blank node",
        [("add", "[] a govkg:AdministrativeLevel ;\n    skos:inScheme govkg:AdministrativeLevelScheme ;\n    "
          + LABELS.format(t="鄉級", s="乡级", e="township") + " .")]),
    # -- violation queries and the script check --
    "RegulatedProduct-inScheme.two": ("a product in a second scheme",
        [("add", "<product/gas-stoves> skos:inScheme <theme/js-2022-qm> .")]),
    "mention-evidence-label-violation": ("an initiative whose evidence is a theme heading",
        [("sub", "govkg:evidence <evidence/js-2022-qm/194-200>", "govkg:evidence <evidence/js-2022-qm/70-94>")]),
    "agency-level-violation": ("a provincial department marked national",
        [("re", r"(<agency/js-mca> a govkg:Agency ;(?:\n.*){2})\n    govkg:administrativeLevel govkg:ProvincialLevel ;",
          r"\1\n    govkg:administrativeLevel govkg:NationalLevel ;")]),
    "document-number-missing-violation": ("a document whose printed number was dropped",
        [("sub", ' ;\n    govkg:documentNumber "蘇民養老〔2022〕27號"', "")]),
    "document-issuer-missing-violation": ("a document whose issuer (印發) was dropped",
        [("sub", " ;\n    govkg:issuedBy <agency/js-mca>", "")]),
    "evidence-iri-violation.selector": ("a selector not named after its evidence",
        [("sub*", f"<{E3}#position>", f"<{E3}#pos>")]),
    "evidence-iri-violation.offsets": ("a mention evidence IRI whose offsets differ from its selector",
        [("sub*", "evidence/js-2022-qm/194-200", "evidence/js-2022-qm/194-201")]),
    "activity-missing-link-violation": ("an activity that no longer links the initiative its evidence names",
        [("sub", "    govkg:partOfInitiative <initiative/tie-quan> ;\n", "")]),
    "evidence-quote-violation.shifted": ("a span shifted by one character",
        [("sub", 'oa:start "245"^^xsd:nonNegativeInteger ; oa:end "309"^^xsd:nonNegativeInteger',
          'oa:start "246"^^xsd:nonNegativeInteger ; oa:end "310"^^xsd:nonNegativeInteger')]),
    "evidence-quote-violation.lang": ("a quote tagged zh-Hans in a zh-Hant report",
        [("re", r'(<activity/js-2022-qm/03/evidence#quote> a oa:TextQuoteSelector ;\n    oa:exact ".*")@zh-Hant', r"\1@zh-Hans")]),
    "evidence-range-violation": ("a damaged span whose end lies past the text (its quote is what remains)",
        [("add", '<report/js-2022-qm> govkg:damagedSpan <evidence/js-2022-qm/300-320> .\n'
          "<evidence/js-2022-qm/300-320> a oa:SpecificResource ;\n    oa:hasSource <report/js-2022-qm> ;\n"
          "    oa:hasSelector <evidence/js-2022-qm/300-320#position> , <evidence/js-2022-qm/300-320#quote> .\n"
          '<evidence/js-2022-qm/300-320#position> a oa:TextPositionSelector ;\n    oa:start "300"^^xsd:nonNegativeInteger ; '
          'oa:end "320"^^xsd:nonNegativeInteger .\n<evidence/js-2022-qm/300-320#quote> a oa:TextQuoteSelector ;\n'
          '    oa:exact "的專版宣傳報道。\\n"@zh-Hant .')]),
    "activity-theme-campaign-violation": ("an activity whose theme belongs to another campaign",
        [("sub", "govkg:hasTheme <theme/js-2022-qm/1> , <theme/js-2022-qm/2> , <theme/js-2022-qm/3> .",
          "govkg:hasTheme <theme/js-2022-qm/1> , <theme/js-2022-qm/2> ."),
         ("re", r"(<theme/js-2022-qm/3> a govkg:CampaignTheme ;\n    govkg:curated true ;\n    skos:inScheme) <theme/js-2022-qm> ;",
          r"\1 <theme/js-2023-qm> ;"),
         ("add", "<theme/js-2023-qm> a skos:ConceptScheme .\n<campaign/js-2023-qm> a govkg:Campaign ;\n    govkg:curated true ;\n    "
          + LABELS.format(t="2023年江蘇省質量月", s="2023年江苏省质量月", e="Jiangsu Quality Month 2023")
          + ' ;\n    govkg:jurisdiction <jurisdiction/js> ;\n    govkg:year "2023"^^xsd:gYear ;\n    govkg:month 9 ;\n'
          '    govkg:slogan "質量強省"@zh-Hant , "质量强省"@zh-Hans ;\n    govkg:coordinatedBy <agency/js-qdc> ;\n'
          "    govkg:reportedIn <report/js-2022-qm> ;\n    govkg:hasTheme <theme/js-2022-qm/3> .")]),
    "theme-notation-duplicate-violation": ("two themes numbered 2", [("sub", 'skos:notation "3"', 'skos:notation "2"')]),
    "theme-scheme-violation": ("one theme in a scheme of its own",
        [("re", r"(<theme/js-2022-qm/3> a govkg:CampaignTheme ;\n    govkg:curated true ;\n    skos:inScheme) <theme/js-2022-qm> ;",
          r"\1 <theme/js-2022-qm-b> ;"), ("add", "<theme/js-2022-qm-b> a skos:ConceptScheme .")]),
    "disjoint-types-violation": ("an agency that is also a media outlet",
        [("add", "<agency/js-amr> a govkg:MediaOutlet .")]),
    "untyped-resource-violation": ("a described resource without a type",
        [("add", '<agency/js-x-mou-ju> skos:prefLabel "某局"@zh-Hant , "某局"@zh-Hans .')]),
    "evidence-shared-violation": ("two activities claiming one evidence span",
        [("add", "<activity/js-2022-qm/04> a govkg:Activity ;\n    govkg:curated false ;\n    "
          + LABELS.format(t="省市場監管局開展專版宣傳報道", s="省市场监管局开展专版宣传报道", e="The market regulator publishes special reports")
          + " ;\n    govkg:conductedBy <agency/js-amr> ;\n    govkg:underTheme <theme/js-2022-qm/3> ;\n"
          "    govkg:partOfCampaign <campaign/js-2022-qm> ;\n    govkg:activityType govkg:TypePublicity ;\n"
          "    govkg:topic govkg:TopicPublicityAndAwareness ;\n"
          f"    govkg:evidence <{E3}> ;\n    prov:wasDerivedFrom <report/js-2022-qm> .")]),
    "activity-link-evidence-violation": ("an activity conducted by an agency its evidence never names",
        [("sub", "govkg:conductedBy <agency/js-mca> ;", "govkg:conductedBy <agency/js-mca> , <agency/js-amr> ;")]),
    "activity-theme-order-violation": ("an activity filed under the next theme",
        [("sub", "govkg:underTheme <theme/js-2022-qm/1>", "govkg:underTheme <theme/js-2022-qm/2>")]),
    "document-number-duplicate-violation": ("two documents with one number",
        [("add", "<document/su-min-yang-lao-2022-27-b> a govkg:PolicyDocument ;\n    govkg:curated true ;\n    "
          + LABELS.format(t="農村養老服務指導意見", s="农村养老服务指导意见", e="Rural elderly care opinions")
          + ' ;\n    govkg:documentNumber "蘇民養老〔2022〕27號" .')]),
    "label-duplicate-violation": ("two agencies with the same labels",
        [("add", "<agency/js-mca-2> a govkg:Agency ;\n    govkg:curated true ;\n    govkg:jurisdiction <jurisdiction/js> ;\n"
          "    govkg:administrativeLevel govkg:ProvincialLevel ;\n    "
          + LABELS.format(t="江蘇省民政廳", s="江苏省民政厅", e="Jiangsu Department of Civil Affairs") + " .")]),
    "extracted-evidence-violation": ("an extracted media outlet without evidence",
        [("sub", "<media/xinhua-daily> a govkg:MediaOutlet ;\n    govkg:curated true",
          "<media/xinhua-daily> a govkg:MediaOutlet ;\n    govkg:curated false")]),
    "label-script.hant": ("a zh-Hant altLabel in Simplified characters", [("sub", '"江蘇"@zh-Hant', '"江苏"@zh-Hant')]),
    "label-script.hans": ("a zh-Hans altLabel in Traditional characters", [("sub", '"江苏"@zh-Hans', '"江蘇"@zh-Hans')]),
    "label-script.en": ("an English label in Chinese",
        [("sub", '"Jiangsu Provincial Department of Civil Affairs"@en', '"江蘇省民政廳"@en')]),
    "ChangeEvent-originalOrganization": ("a change event that names no body before it",
        [("add", change_event(original=""))]),
    "ChangeEvent-date.two": ("a change event with two dates",
        [("add", change_event(date='"2018"^^xsd:gYear , "2019"^^xsd:gYear'))]),
    "ChangeEvent-date.string": ("a change event dated by a plain string",
        [("add", change_event(date='"2018年"'))]),
    "ChangeEvent-source": ("a change event without its source document",
        [("add", change_event(source=""))]),
    "Organization-resultedFrom": ("a body that resulted from a theme, not a change event",
        [("add", change_event() + "\n<agency/js-mca> org:resultedFrom <theme/js-2022-qm/3> .")]),
}


def apply(base: str, edits: list[tuple[str, ...]]) -> str:
    """``base`` with every edit applied; a "sub" that does not match exactly once is an error."""
    text = base
    for kind, *args in edits:
        if kind == "sub":
            old, new = args
            if text.count(old) != 1:
                raise ValueError(f"{old!r} occurs {text.count(old)} times")
            text = text.replace(old, new)
        elif kind == "sub*":
            old, new = args
            if old not in text:
                raise ValueError(f"{old!r} does not occur")
            text = text.replace(old, new)
        elif kind == "re":
            pattern, new = args
            text, count = re.subn(pattern, new, text)
            if count != 1:
                raise ValueError(f"{pattern!r} matched {count} times")
        else:
            text = text.rstrip("\n") + "\n\n# -- the defect --\n" + args[0] + "\n"
    return text


def main() -> None:
    """Rewrite every fixture from the base example."""
    base = BASE.read_text(encoding="utf-8")
    body = base.split("\n\n@base", 1)[1]
    for old in HERE.glob("*.ttl"):
        old.unlink()
    for name, (what, edits) in FIXTURES.items():
        head = f"# Broken fixture for rule {name.split('.')[0]}: {what}.\n# Made by make_fixtures.py from ontology/examples/minimal.ttl.\n"
        (HERE / f"{name}.ttl").write_text(head + "\n@base" + apply(body, edits), encoding="utf-8")


if __name__ == "__main__":
    main()
