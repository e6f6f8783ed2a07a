"""The repository's well-known folders and files, resolved once."""

from pathlib import Path

__all__ = [
    "CONTEXT_FILE",
    "DATA_DIR",
    "KG_FILE",
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "QUERIES_DIR",
    "REFERENCE_DIR",
    "ROOT",
    "SHAPES_FILE",
    "SOURCES_DIR",
]

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "govkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
QUERIES_DIR = ROOT / "queries"
DATA_DIR = ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
REFERENCE_DIR = DATA_DIR / "reference"
KG_FILE = DATA_DIR / "kg.ttl"
