"""Where things are: govkg's own data shipped in the package, and the user's workspace (the current folder).

The package's data (ontology, shapes, JSON-LD context, query catalogue, reference tables) is found through
``importlib.resources``, so an installed wheel finds it; in a checkout, ``kg/share/`` links to the repository's
``ontology/``, ``queries/`` and ``data/reference/``. The workspace is the folder a command runs in::

    ./data/sources/   the reports ``kg build`` reads when none is named
    ./data/kg.ttl     the graph it writes, and every later command reads by default
    ./out/            queries/, site/, export/, ontology/, network/ of ``kg run``
    ./reference/      the user's own reference tables, when present (``kg build --reference DIR`` overrides it)

>>> ONTOLOGY_FILE.name, SHAPES_FILE.exists(), (QUERIES_DIR / "lookup.rq").exists()
('govkg.ttl', True, True)
>>> from kg.paths import KG_FILE
>>> KG_FILE.relative_to(Path.cwd()).as_posix()
'data/kg.ttl'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = [  # and the workspace's DATA_DIR, SOURCES_DIR, KG_FILE, OUT_DIR, USER_REFERENCE_DIR, through __getattr__
    "CODE_DIR",
    "CONTEXT_FILE",
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "QUERIES_DIR",
    "REFERENCE_DIR",
    "SHAPES_FILE",
    "user_cache",
]

CODE_DIR = Path(str(resources.files("kg")))
"""The package itself (its modules: what a build's cache key hashes, :mod:`kg.build.cache`)."""
SHARE = CODE_DIR / "share"
ONTOLOGY_DIR = SHARE / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "govkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
QUERIES_DIR = SHARE / "queries"
REFERENCE_DIR = SHARE / "reference"

_WORKSPACE = {"DATA_DIR": ("data",), "SOURCES_DIR": ("data", "sources"), "KG_FILE": ("data", "kg.ttl"),
              "OUT_DIR": ("out",), "USER_REFERENCE_DIR": ("reference",)}


def user_cache() -> Path:
    """The user's own cache folder for govkg (``$XDG_CACHE_HOME/govkg``, else ``~/.cache/govkg``), not made here.

    >>> user_cache().name
    'govkg'
    """
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "govkg"


def __getattr__(name: str) -> Path:
    """The workspace's paths, read from the current folder each time they are asked for."""
    if name in _WORKSPACE:
        return Path.cwd().joinpath(*_WORKSPACE[name])
    raise AttributeError(f"module 'kg.paths' has no attribute {name!r}")
