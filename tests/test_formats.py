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
from kg.namespaces import DCTERMS, GOVKG, ID, OA, RDF, SCHEMA
from kg.paths import SOURCES_DIR
from tests.make_docx import write_docx
from tests.make_html import write_mhtml, write_page
from tests.make_pdf import NOTO, write_pdf

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


def corpus(folder: Path, suffix: str, write: Writer | None, every: int = 1) -> list[Path]:
    """The seed (with its .meta.json) and every case (or every ``every``-th), each written in one format under a
    name of its own."""
    folder.mkdir()
    shutil.copy(SEED.with_suffix(".meta.json"), folder)
    texts = [(SEED.stem, SEED)] + [(case.parent.name, case) for case in CASES[::every]]
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


needs_font = pytest.mark.skipif(not NOTO.is_file(), reason=f"no CJK font at {NOTO} (Debian's fonts-noto-cjk)")


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed as a 5-page PDF with a running header, page numbers and sentences broken across pages."""
    folder = tmp_path_factory.mktemp("pdf")
    shutil.copy(SEED.with_suffix(".meta.json"), folder)
    return write_pdf(SEED.read_text(encoding="utf-8"), folder / SEED.with_suffix(".pdf").name,
                     header="江苏省质量发展委员会办公室", title="全省质量月活动综述")


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


@pytest.mark.slow
@needs_font
def test_pdfs_give_the_facts_of_the_text(tmp_path: Path) -> None:
    # every eighth case (a PDF takes fpdf2 about two seconds to lay out); tests/test_read_pdf.py reads back all. No
    # running header: on a one-page PDF nothing repeats, so a header line cannot be told from a title line.
    pdf = build_graph(corpus(tmp_path / "pdf", ".pdf", lambda text, out: write_pdf(text, out), 8))
    txt = build_graph(corpus(tmp_path / "txt", ".txt", None, 8))
    assert len(pdf.reports) == len(CASES[::8]) + 1
    got, expected = facts(pdf.data), facts(txt.data)
    assert got == expected, f"missing {sorted(expected - got)[:5]}\nextra {sorted(got - expected)[:5]}"


@needs_font
def test_each_quote_stands_on_the_pages_the_graph_gives(seed_pdf: Path) -> None:
    import pypdfium2

    from kg.ingest.clean import clean

    result = build_graph([seed_pdf])
    document = pypdfium2.PdfDocument(seed_pdf)
    # each page's text as the PDF holds it, its pinyin readings removed as cleaning removes them from the report
    pages = [clean("".join(document[i].get_textpage().get_text_range().split())).text for i in range(len(document))]
    spans: dict[str, dict[str, str]] = {}
    for t in pyoxigraph.parse(result.data, format=pyoxigraph.RdfFormat.TURTLE):
        if t.predicate.value in {str(GOVKG.pageStart), str(GOVKG.pageEnd), str(OA.exact)}:
            spans.setdefault(t.subject.value.split("#")[0], {})[t.predicate.value] = t.object.value
    located = [s for s in spans.values() if str(GOVKG.pageStart) in s]
    assert len(located) > 50 and {s[str(GOVKG.pageEnd)] for s in located} >= {"1", "5"}
    crossing = 0
    for ev, span in spans.items():
        if str(GOVKG.pageStart) not in span:
            continue
        first, last = int(span[str(GOVKG.pageStart)]), int(span[str(GOVKG.pageEnd)])
        quote = "".join(spans[ev + "#quote"][str(OA.exact)].split()) if ev + "#quote" in spans else None
        quote = quote or "".join(span.get(str(OA.exact), "").split())
        assert quote, ev
        if first == last:
            assert quote in pages[first - 1], (ev, first, quote)
        else:  # its start ends the first page (before the footer), the rest opens the next (after the header)
            assert last == first + 1, (ev, first, last)
            assert any(quote[:k] in pages[first - 1] and quote[k:] in pages[last - 1] for k in range(1, len(quote)))
            assert quote not in pages[first - 1] and quote not in pages[last - 1]
            crossing += 1
    assert crossing >= 1  # a sentence broken across a page is quoted across it


@needs_font
def test_a_report_page_shows_its_original_and_the_pages_of_its_evidence(seed_pdf: Path, tmp_path: Path) -> None:
    from kg.publish.load import load_graph
    from kg.publish.site import Site
    from kg.publish.staticsite import write_site

    out = tmp_path / "kg.ttl"
    out.write_bytes(build_graph([seed_pdf]).data)
    write_site(Site(load_graph([out])), tmp_path / "site")
    report = (tmp_path / "site" / "id" / "report" / "js-2022-qm.html").read_text(encoding="utf-8")
    assert ">原始文件<" in report and ">Original<" in report  # the heading in the site's language switch
    assert "application/pdf" in report and "全省质量月活动综述" in report
    agency = (tmp_path / "site" / "id" / "agency" / "js-amr.html").read_text(encoding="utf-8")
    assert " of the original" in agency and ("page 1 of the original" in agency or "page 2 of the original" in agency)


@needs_font
def test_a_folder_of_mixed_formats_builds_in_one_command_and_grows_by_kg_add(seed_pdf: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    folder = tmp_path / "downloads"
    (folder / "2023").mkdir(parents=True)
    shutil.copy(seed_pdf, folder)
    shutil.copy(SEED.with_suffix(".meta.json"), folder)
    texts = [case.read_text(encoding="utf-8") for case in CASES[:4]]
    made = [write_page(texts[0], folder / "a-page.html", encoding="gbk"), write_mhtml(texts[1], folder / "b.mhtml"),
            write_docx(texts[2], folder / "2023" / "c.docx"), folder / "2023" / "d.txt"]
    made[3].write_text(texts[3], encoding="utf-8")
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(SEED, plain / seed_pdf.with_suffix(".txt").name)
    shutil.copy(SEED.with_suffix(".meta.json"), plain)
    for path, text in zip(made, texts, strict=True):
        (plain / Path(path).with_suffix(".txt").name).write_text(text, encoding="utf-8")
    run = CliRunner().invoke
    graph, grown = tmp_path / "kg.ttl", tmp_path / "grown.ttl"
    result = run(main, ["build", "--out", str(graph), str(folder)])
    assert result.exit_code == 0, result.stderr
    assert f"{folder / seed_pdf.name}: campaign js-2022-qm" in result.stdout
    assert facts(graph.read_bytes()) == facts(build_graph([plain]).data)
    assert run(main, ["build", "--out", str(grown), str(folder / "2023"), str(made[0])]).exit_code == 0
    result = run(main, ["add", "--to", str(grown), str(folder / seed_pdf.name), str(made[1])])
    assert result.exit_code == 0, result.stderr
    assert grown.read_bytes() == graph.read_bytes()
