"""govkg ingest stage: from a report's text to what it says, every fact a span of the report's own characters.

```
a source's text, as kg.sources read it (text, web page, PDF, Word) with its .meta.json
   │
clean           drop pinyin readings and invisible marks; keep the map back to raw offsets
   │  └ damage  damaged spans (?, U+FFFD, stray ASCII in Han text): reported, never repaired
   │
script          aligned_hans: a Simplified copy of the same length ("norm"), so offsets carry over
   │            (and is_han, to_hans/to_hant, detect_script, script_variants for every stage)
   │
extract ─┬ campaign         whose report, which campaign and when, its coordinators and slogan
   │     ├ mentions         agencies by the reference's forms; roles: joint subjects, authorities
   │     ├ themes           numbered theme sections
   │     ├ statements       agency-led statements, duty brackets
   │     ├ products · documents · initiatives    what a statement names (products, 《titles》, initiatives, media)
   │     └ activity_types   what kind of activity a statement is
   │        ▲
   │        │ surface forms, English names
   │     reference ◄── reference_tables (each CSV checked) ◄── data/reference/*.csv
   │               ◄── agency_lineup (line-up templates expanded per jurisdiction; bodies listed one by one)
   │                   reference_records (the records) · forms (Aho-Corasick form tables)
   ▼
Extraction (CleanText, norm, CampaignInfo, ThemeRecords, ActivityRecords and their Mentions) ─► kg/build/
```
"""

__all__: list[str] = []
