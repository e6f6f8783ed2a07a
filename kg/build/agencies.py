"""Agencies and jurisdictions of one report, and the helpers every resource of a report uses (labels, evidence)."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from kg.build.agency_names import ABSOLUTE, LEAGUE, RELATIVE, WORDS, bare, place_first, relative_prefix
from kg.build.contract import ALT, BASE, FALSE, LEVELS, PREF, TRUE, A, G, Naming, curated_triples, plain, tagged
from kg.ingest.places import name_end, own_word, place_labels
from kg.ingest.script import mixed_script, to_hans
from kg.ingest.stems import ALL_STEMS, LEVEL_WORD
from kg.ingest.units import short_cities
from kg.rdf.terms import Triple
from kg.slugs import pinyin_slug

if TYPE_CHECKING:
    from kg.build.contract import ReportSource, ReportTriples
    from kg.ingest.extract import Extraction
    from kg.ingest.mentions import Mention
    from kg.ingest.reference import Reference
    from kg.ingest.reference_records import AgencyRef

__all__ = ["ResourceBuilder"]

_REGION_BODIES: dict[int, tuple[Reference, dict[tuple[str, str], AgencyRef]]] = {}  # (name or form, region) -> body

class ResourceBuilder:
    """What every resource of one report needs (its text in both scripts, labels, evidence spans), and the report's
    agencies and jurisdictions: curated from the reference data, or, for an agency it does not list, named by the text
    (see ``kg.build.contract.Naming``). ``kg.build.graph`` adds the other resources; one instance per report."""

    def __init__(self, out: ReportTriples, extraction: Extraction, reference: Reference, source: ReportSource) -> None:
        from kg.ingest.script import detect_script

        self.out, self.add, self.x, self.ref, self.source = out, out.triples.add, extraction, reference, source
        self.english: dict[str, str | None] = {}  # curated agency -> its English name
        self.text = extraction.clean.text
        self.script = detect_script(self.text)
        self.slug = extraction.campaign.slug
        self.report = f"{BASE}report/{self.slug}"
        self.campaign = f"{BASE}campaign/{self.slug}"

    # -- small helpers

    def both(self, surface: str) -> dict[str, str]:
        """The surface text in both scripts, as written in its own (a Simplified sentence of a Traditional report is
        Simplified); the report's script decides only for a span that has no script-specific character."""
        from kg.ingest.script import span_scripts

        return span_scripts(surface, self.script)

    def labels(self, node: str, names: dict[str, str], prop: str = PREF) -> None:
        for lang, value in sorted(names.items()):
            if value:
                self.add(node, prop, (value, lang, ""))

    def alt_labels(self, node: str, surface: str, names: dict[str, str]) -> str:
        """The surface's labels that ``names`` lack, and the surface as printed where in neither script; ``node``."""
        for lang, value in ((lang, v) for lang, v in self.both(surface).items() if v != names.get(lang)):
            self.add(node, ALT, (value, lang, ""))
        if mixed_script(surface):  # 公众衞生及市政条例 of a Simplified text: no label can hold it as written
            self.add(node, G["writtenForm"], plain(surface.strip()))
        return node

    def span_evidence(self, node: str | None, start: int, end: int, evidence: str | None = None) -> str:
        """An ``oa:SpecificResource`` for ``[start, end)`` of the text, linked from ``node`` by ``govkg:evidence``."""
        ev = evidence or f"{BASE}evidence/{self.slug}/{start}-{end}"
        if node is not None:
            self.add(node, G["evidence"], ev)
        self.out.evidence[ev] = (start, end)  # the same IRI always names the same span
        return ev

    def translated(self, node: str, names: dict[str, str]) -> None:
        """Add the curated English label, if the reference data has one, and mark the resource curated."""
        english = self.ref.translate(names["zh-Hans"])
        self.labels(node, names)
        if english:
            self.add(node, PREF, tagged(english, "en"))
        self.add(node, G["curated"], TRUE if english else FALSE)

    # -- agencies and jurisdictions

    def jurisdiction(self, code: str) -> str:
        if code in self.ref.jurisdictions:
            self.out.described[("jurisdiction", code)] = None
            return f"{BASE}jurisdiction/{code}"
        node, triples = self._jurisdiction(code)
        for triple in triples:
            self.add(*triple)
        return node

    def _jurisdiction(self, code: str) -> tuple[str, list[Triple]]:
        node = f"{BASE}jurisdiction/{code}"
        if code in self.ref.jurisdictions:
            return node, curated_triples(self.ref, ("jurisdiction", code))
        out: list[Triple] = [(node, A, G["Jurisdiction"])]
        place = self.x.campaign.place
        if code == place.code and (names := place_labels(place)):
            out += [(node, PREF, tagged(v, lang)) for lang, v in sorted(names.items()) if v]
            out += [(node, G["administrativeLevel"], LEVELS[place.level]), (node, G["curated"], FALSE)]
        return node, out

    def agency(self, mention: Mention) -> str:
        if mention.named is not None:  # a unit acting for its body (…局危化科): the body, bearing the whole name
            body = self.agency(dataclasses.replace(mention, end=mention.named, named=None))
            return self.alt_labels(body, self.text[mention.start : mention.end], {})  # as a bureau's bare divisions do
        surface = self.text[mention.start : mention.end]
        if not mention.curated:
            return self._unlisted_agency(mention, surface)
        node = self._curated_agency(mention.key)
        self.alt_labels(node, surface, dict(self.ref.agencies[mention.key].names))
        self.span_evidence(node, mention.start, mention.end)
        return node

    def _unlisted_agency(self, mention: Mention, surface: str) -> str:
        """Evidence now; labels, type and place when the mentions of every report are put together (``Naming``)."""
        key = self._relative_key(mention.key)
        level, code = self._uncurated_agency_place(key)
        node = f"{BASE}agency/{code + '-' if code else ''}x-{pinyin_slug(key)}"
        inner = len(mention.key) < len(surface) and self.x.norm.endswith(mention.key, mention.start, mention.end)
        # 河北省临漳县质监局 is keyed and labelled 临漳县质监局, the name without the outer place
        written = surface[len(surface) - len(mention.key) :] if inner else surface.strip()
        # 卫健 in 发改、卫健、公安等10家单位, keyed 县卫生健康局 (or 县卫健委 where the report writes that), and 黔南州
        # of 黔南州、都匀市司法局, keyed 黔南州司法局 (places sharing the body's name after them): as keyed
        hans = to_hans(written)
        stem = hans[bool(LEVEL_WORD.match(hans)):] in ALL_STEMS and not mention.key.endswith(hans)  # 县卫健, 市场监管
        # 公安局城关 keyed 县公安局城关派出所 (the first of 公安局城关及西城派出所): as keyed too
        begins = mention.key.startswith(hans) or (mention.key[:1] in "省市县区" and mention.key.startswith(hans, 1))
        if not inner and (stem or (len(mention.key) > len(written) and begins)):
            written = mention.key
        # 卫生局 keyed 县卫生局 (a bare list item beside 县文教局) is named 县卫生局 where no place qualifies it
        bare = not inner and len(mention.key) > len(written) and mention.key.endswith(to_hans(written))
        as_keyed = mention.key[: len(mention.key) - len(written)] + written if bare else written
        # 卫生局 keyed 台东县政府卫生局 (a Taiwan county's department written bare) is named as keyed, through its
        # government, as where the text writes the full name
        through_government = bare and mention.key[: len(mention.key) - len(written)].endswith("政府")
        # 高市消防局 keyed 高雄市政府消防局 (a Taiwan city written short) is named as keyed too
        hans = to_hans(written)
        through_government |= hans[:2] in short_cities(self.ref) and mention.key.endswith(hans[2:])
        # 长阳消防救援大队 keyed by its county's full name (长阳土家族自治县…) is named as keyed
        listed = self.ref.jurisdictions.get(self.x.campaign.place.code)
        place = self.x.campaign.place.name or (listed.names["zh-Hans"] if listed and listed.parent else "")
        through_government |= bool(place) and mention.key.startswith(place) and not to_hans(written).startswith(place)
        # 司法所 keyed 龙泉镇司法所 (beside 龙泉镇派出所) via its town, as keyed; 西城派出所 keyed 县公安局西城派出所
        # (公安局城关及西城派出所) its bureau, 石桥社区工作站 (keyed 镇…) its town, 宣传部 (keyed 县委…) its committee
        head = mention.key[: len(mention.key) - len(written)]
        town = bare and re.search("^(?:[省市县区镇乡]委?|街道)$|.(?:镇|乡|街道|公安局)$", head) is not None
        names = self.both(self._full_name(key) or (
            mention.key if through_government else self._qualified(as_keyed if town else written, code)) or as_keyed)
        first: list[Triple] = [(node, A, G["Agency"])]
        first += [(node, PREF, tagged(v, lang)) for lang, v in sorted(names.items()) if v]
        first.append((node, G["curated"], FALSE))
        if level:
            first.append((node, G["administrativeLevel"], LEVELS[level]))
        if code:
            place, triples = self._jurisdiction(code)
            first.append((node, G["jurisdiction"], place))
            first += triples
        self.out.namings.append(Naming(node, tuple(names.items()), tuple(first), tuple(self.both(surface).items())))
        self.alt_labels(node, surface, self.both(surface))  # its labels are named later: only a mixed written form
        self.span_evidence(node, mention.start, mention.end)
        return node

    def _relative_key(self, name: str) -> str:
        """湛江市市场监督管理局 in a report on 湛江市 (a city the reference data lacks) is its 市市场监督管理局, and so
        镇江市减灾办 in a report on 镇江市 (a listed city) and 江苏省减灾办 (of the province it lies in) are its
        市减灾办 and 省减灾办: a body written with and without its place is keyed one way, so it is one resource, which
        its label names through the place again (``_qualified``)."""
        place = self.x.campaign.place.name
        if place:
            if name.startswith(place) and len(name) > len(place):
                return self._lineup_key(place[-1] + name[len(place) :])
            return self._lineup_key(name)
        code: str | None = self.x.campaign.place.code
        while code is not None and (ref := self.ref.jurisdictions.get(code)) is not None:
            written, head = ref.names["zh-Hans"], name_end(ref.names["zh-Hans"])
            # only where the relative name reads back to this place (not 昆山市…, a county written with 市)
            if name.startswith(written) and len(name) > len(written) and RELATIVE.get(head) == ref.level:
                return head + name[len(written) :]
            code = ref.parent
        return name

    def _lineup_key(self, key: str) -> str:
        """县应急局 is 县应急管理局 in the report of a place the reference data lacks: a short form of the standard
        line-up is keyed by the line-up's name, read off a listed jurisdiction of the same level and line-up."""
        place = self.x.campaign.place
        same = (j for j in self.ref.jurisdictions.values() if j.level == place.level and j.lineup == "city")
        proxy = next(same, None)
        if proxy is None or not place.name or key[0] != place.name[-1] or not proxy.prefixes:
            return key
        slug = self.ref.agency_forms(proxy.code).get(to_hans(proxy.prefixes[0]) + key[1:])
        agency = self.ref.agencies.get(slug or "")
        written = proxy.names.get("zh-Hans", "")
        if agency is None or agency.jurisdiction != proxy.code or not agency.names["zh-Hans"].startswith(written):
            return key
        return key[0] + agency.names["zh-Hans"][len(written) :]

    def _full_name(self, key: str) -> str | None:
        """区应急管理局 is named 溧水区应急管理局, as written, when 溧水区's report writes that name anywhere."""
        place = self.x.campaign.place.name
        if not place or not key.startswith(place[-1]):
            return None
        at = self.x.norm.find(place + key[1:])
        return self.text[at : at + len(place) + len(key) - 1] if at >= 0 else None

    def _qualified(self, surface: str, code: str | None) -> str | None:
        """县教育局 in 宝应县's report is named 宝应县教育局 even where the text never writes that name, so that the
        county bodies of two reports built together are told apart by their labels as by their IRIs."""
        written, place = surface.strip(), self.x.campaign.place
        if self._listed_parent(written) is not None:
            return written
        if place.level == "region" and code == place.code:  # a region's own unit is one of a kind: as written
            return None
        ref = self.ref.jurisdictions.get(code or "")
        name = ref.names.get("zh-Hans") if ref else place.name if code is not None and code == place.code else None
        ours = code is not None and code == place.code
        if ours and place.unnamed:  # an unnamed county's 县教育局 is 未具名的县（1a2b3c4d）教育局
            name = place_labels(place)["zh-Hans"]
        if not name or not written:
            return None
        last = own_word(place) if ours and place.unnamed else name_end(name)  # 县, 街道 …: how its bodies start
        if to_hans(written).startswith(name):
            return written
        if (league := LEAGUE.fullmatch(to_hans(written))) and last == league.group("level"):  # 团县委 of 青峰县
            return ("共青团" if league.group("org").endswith("团") else league.group("org")) + name + "委"
        if to_hans(written[:2]) in WORDS or bare(to_hans(written)):  # 市场监管局, 发改局 written bare
            return name + written
        if to_hans(written[:2]) in ("县府", "市府") and last == to_hans(written[0]):  # 县府建设处 (Taiwan)
            return name + "政府" + written[2:]
        head = relative_prefix(to_hans(written))  # 县教育局 of 青溪县, 街道应急办 of 高岳街道
        return name + written[len(head) :] if head == last and head in RELATIVE else None

    def _uncurated_agency_place(self, name: str) -> tuple[str | None, str | None]:
        """The level and jurisdiction an unlisted agency's name states, and only what it states.

        省…/市…/县… speak for the report's own jurisdiction, or the enclosing one of that level; a name that starts
        with a place (南京市城管局) speaks for that place when the reference data knows it.
        """
        place = self.x.campaign.place
        parent = self._listed_parent(name)
        if parent is not None:
            return parent.level, parent.jurisdiction
        hans = to_hans(name)
        league, head = LEAGUE.fullmatch(hans), relative_prefix(hans)
        # not 市场监管所, nor 镇江市减灾办 (a place of its own, though 镇 starts a town's bodies)
        if (head in RELATIVE and hans[:2] not in WORDS and not place_first(hans, self.ref.find_jurisdiction)) or league:
            level = RELATIVE[league.group("level") if league else head]
            code: str | None = place.code
            while code is not None and self._level_of(code) != level:
                ref = self.ref.jurisdictions.get(code)
                code = ref.parent if ref else None
            return level, code
        found = ABSOLUTE.match(name)
        if not found or not any(found.groups()):
            # a bare name (发改局 in a district's member list) is a body of the report's own place
            return (place.level, place.code) if place.code and bare(name) else (None, None)
        deepest = next(g for g in (found.group(3), found.group(2), found.group(1)) if g)
        level = "county" if deepest == found.group(3) else "municipal" if deepest == found.group(2) else "provincial"
        ref = self.ref.find_jurisdiction(deepest)
        return (ref.level, ref.code) if ref is not None else (level, None)

    def _listed_parent(self, name: str) -> AgencyRef | None:
        """经济部「节能稽查小组」: a unit named after a listed body of a whole region (the mainland's ministries,
        Taiwan's, Hong Kong's, Macau's bodies), by its name or a short form of three characters or more (环保署环境督察
        总队; two on the mainland: 中办警卫局), is that body's, of its level, never qualified by the report's place."""
        hans = to_hans(name).replace("「", "").replace("」", "")
        names = _REGION_BODIES.get(id(self.ref))
        if names is None or names[0] is not self.ref:
            whole = [a for a in self.ref.agencies.values() if a.jurisdiction == self.ref.region_of(a.jurisdiction)]
            bodies: dict[tuple[str, str], AgencyRef] = {}
            for a in whole:
                shortest = 2 if a.jurisdiction == "cn" else 3  # 中办 of 中办警卫局; not Hong Kong's 海关 of 海关人员
                for form in (a.names["zh-Hans"], *(to_hans(f) for f in a.short_forms if len(f) >= shortest)):
                    bodies.setdefault((form, a.jurisdiction), a)
            names = _REGION_BODIES[id(self.ref)] = (self.ref, bodies)
        code = self.x.campaign.place.code
        region = self.ref.region_of(code) if code in self.ref.jurisdictions else "cn"
        # a unit of the report's own region's body only: 消防局第三大隊 in Taichung's report is not Macau's 消防局's
        return next((names[1][hans[:n], region] for n in range(len(hans) - 1, 1, -1) if (hans[:n], region) in names[1]),
                    None)

    def _level_of(self, code: str) -> str | None:
        ref = self.ref.jurisdictions.get(code)
        if ref is not None:
            return ref.level
        return self.x.campaign.place.level if code == self.x.campaign.place.code else None

    def _curated_agency(self, slug: str) -> str:
        node = f"{BASE}agency/{slug}"
        if node in self.english:
            return node
        ref = self.ref.agencies[slug]
        self.english[node] = ref.names.get("en") or None
        self.out.described[("agency", slug)] = None
        self.jurisdiction(ref.jurisdiction)
        if ref.parent and ref.parent in self.ref.agencies:
            self._curated_agency(ref.parent)
        return node
