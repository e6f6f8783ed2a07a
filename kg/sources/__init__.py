"""govkg sources stage: a report as published (text, web page, PDF, Word) to its text and where it came from.

```
FILE or DIR ─► folders   (a folder: every readable file under it, recursively, in name order)
                  │
               sniff     (the format from the first bytes; .doc/.wps, RTF, images, spreadsheets refused with a remedy)
                  │
               read ─┬ decode  text and Markdown: a BOM, UTF-8, or GB18030/Big5 when certain
                     ├ html    web page or MHTML: the article's main text (trafilatura), title, date, publisher, URL
                     ├ pdf     text layer in reading order (pypdfium2), running headers/footers dropped, page starts
                     └ word    .docx paragraphs and tables in order (python-docx), core properties
                  │
               meta      (.meta.json checked; what the file says fills what it leaves out, each value's origin kept)
                  ▼
SourceDocument (text, media type, size, SHA-256, pages, metadata) ─► kg.ingest (clean, extract) ─► kg.build
```
"""

__all__: list[str] = []
