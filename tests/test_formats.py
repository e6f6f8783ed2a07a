"""One report, any format: the seed and every case as a web page, an MHTML file, a Word file (and a PDF, see
tests/test_read_pdf.py for its own reading) give the graph their ``.txt`` gives.

Each format's documents are made here from the ``.txt`` (tests/make_html.py, tests/make_docx.py), built together as
the ``.txt`` files are, and the two graphs compared triple for triple once what describes the file itself is set
aside (its format, size, checksum, name, title, address, publisher, date, pages, and the build record that names its
checksum): the same agencies, activities, themes, documents, products and the same evidence, offsets included.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest

from kg.build.corpus import build_graph
from kg.namespaces import DCTERMS, GOVKG, ID, RDF, SCHEMA
from kg.paths import SOURCES_DIR
from tests.make_docx import write_docx
from tests.make_html import write_mhtml, write_page

CASES = sorted((Path(__file__).parent / "cases").glob("*/input.txt"))
SEED = SOURCES_DIR / "jiangsu-2022-quality-month.txt"
_FILE = {str(p) for p in (SCHEMA.encodingFormat, GOVKG.byteSize, GOVKG.sha256, DCTERMS.identifier, DCTERMS.title,
                          SCHEMA.url, GOVKG.publisherName, DCTERMS.issued, SCHEMA.numberOfPages, GOVKG.pageStart,
                          GOVKG.pageEnd)}
_BUILD = f"{ID}build/"
_VALUE = str(RDF.value)

Writer = Callable[[str, Path], object]
WRITERS: dict[str, tuple[str, Writer]] = {
    "html-utf8": (".html", lambda text, out: write_page(text, out)),
    "html-gbk-county": (".htm", lambda text, out: write_page(text, out, encoding="gbk", layout="county")),
    "mhtml": (".mhtml", lambda text, out: write_mhtml(text, out)),
    "docx": (".docx", lambda text, out: write_docx(text, out, header="青溪县市场监督管理局")),
}


def facts(data: bytes) -> set[tuple[str, str, str]]:
    """The graph's triples, but for those that describe the source file and the build."""
    out = set()
    for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE):
        s, p, o = str(t.subject), t.predicate.value, str(t.object)
        if p in _FILE or _BUILD in s or _BUILD in o:
            continue
        if p == _VALUE:  # the text: a .txt may end without a line break, a text taken out of a document ends with one
            o = t.object.value.rstrip("\n")
        out.add((s, p, o))
    return out


def corpus(folder: Path, suffix: str, write: Writer | None) -> list[Path]:
    """The seed (with its .meta.json) and every case, each written in one format under a name of its own."""
    folder.mkdir()
    shutil.copy(SEED.with_suffix(".meta.json"), folder)
    texts = [(SEED.stem, SEED)] + [(case.parent.name, case) for case in CASES]
    paths = []
    for name, source in texts:
        target = folder / f"{name}{suffix}"
        if write is None:
            shutil.copy(source, target)
        else:
            write(source.read_text(encoding="utf-8"), target)
        paths.append(target)
    return paths


@pytest.fixture(scope="module")
def as_text(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str, str]]:
    return facts(build_graph(corpus(tmp_path_factory.mktemp("txt") / "txt", ".txt", None)).data)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_gives_the_facts_of_the_text(fmt: str, as_text: set[tuple[str, str, str]],
                                                 tmp_path: Path) -> None:
    suffix, write = WRITERS[fmt]
    result = build_graph(corpus(tmp_path / fmt, suffix, write))
    assert len(result.reports) == len(CASES) + 1
    got = facts(result.data)
    missing, extra = sorted(as_text - got), sorted(got - as_text)
    assert not missing and not extra, f"missing {missing[:5]}\nextra {extra[:5]}"


def test_the_seed_as_a_web_page_says_where_it_came_from(tmp_path: Path) -> None:
    page = write_page(SEED.read_text(encoding="utf-8"), tmp_path / "seed.html", encoding="gbk",
                      url="https://scjgj.qingxi.gov.cn/art/2022/10/8/art_1.html", date="2022-10-08",
                      publisher="省质量发展委员会办公室")
    result = build_graph([Path(str(page))])
    triples = {(t.predicate.value, str(t.object)) for t in pyoxigraph.parse(result.data,
                                                                         format=pyoxigraph.RdfFormat.TURTLE)
               if t.subject.value == f"{ID}report/js-2022-qm"}
    assert (str(SCHEMA.encodingFormat), '"text/html"') in triples
    assert (str(SCHEMA.url), "<https://scjgj.qingxi.gov.cn/art/2022/10/8/art_1.html>") in triples
    assert (str(DCTERMS.issued), '"2022-10-08"^^<http://www.w3.org/2001/XMLSchema#date>') in triples
    assert (str(GOVKG.publisherName), '"省质量发展委员会办公室"@zh-hans') in triples
    size = (tmp_path / "seed.html").stat().st_size
    assert (str(GOVKG.byteSize), f'"{size}"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>') in triples
    assert result.reports[0].metadata["date"] == {"value": "2022-10-08", "from": "file: <meta name=PubDate>"}
