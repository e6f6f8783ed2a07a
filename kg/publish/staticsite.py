"""The static site: every page, RDF document and static file of a :class:`~kg.publish.site.Site`, in a folder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kg.errors import InputError
from kg.publish.html import static_files
from kg.publish.pages import class_page, index_page, query_page, resource_page
from kg.publish.site import CLASSES, DOCUMENT_FORMATS, Site

__all__ = ["SITE_MARK", "site_files", "write_site"]

#: the file that marks a folder as written by kg site (so it may be replaced as a whole)
SITE_MARK = ".govkg-site"


def site_files(site: Site) -> Iterable[tuple[str, bytes]]:
    """Every file of the static site as (relative path, bytes), each byte-stable whatever the hash seed."""
    yield "index.html", index_page(site).encode("utf-8")
    yield "query.html", query_page(site, "query.html").encode("utf-8")
    for slug, *_ in CLASSES:
        yield f"class/{slug}.html", class_page(site, slug).encode("utf-8")
    for path in site.documents():
        yield f"id/{path}.html", resource_page(site, path).encode("utf-8")
        for fmt in DOCUMENT_FORMATS:
            yield f"id/{path}.{fmt.suffix}", site.rdf_document(path, fmt.suffix)
    for name, data in static_files().items():
        yield f"static/{name}", data
    void = site.void(site.endpoint, "void.ttl")
    yield "void.ttl", void.serialize(format="turtle", encoding="utf-8")
    yield SITE_MARK, b"written by kg site; the folder is replaced as a whole on the next run\n"


def write_site(site: Site, out: Path) -> int:
    """Write the static site to ``out`` (replaced as a whole; a half-written site is never left); return the
    number of files."""
    from kg.files import write_staged

    if out.exists() and not (out / SITE_MARK).is_file() and any(out.iterdir()):
        raise InputError("exists and is not a site written by kg site; refusing to replace it", path=out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        count = write_staged(staging, site_files(site))
        old = out.with_name(f".{out.name}.old")
        if out.exists():
            shutil.rmtree(old, ignore_errors=True)
            out.replace(old)
        staging.replace(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count
