"""Extract text blocks and tables, with provenance, from policy and economics PDFs.

Extraction is pure (:func:`extract_document`: bytes in, records out). :func:`ingest`, which
also stores what it extracts, is provided by ``warehouse.ingest`` and re-exported here.
"""
from __future__ import annotations

from typing import Any

from .errors import ExtractionError
from .pipeline import extract_document
from .records import DocumentMeta, Extraction
from .version import __version__

__all__ = [
    "DocumentMeta",
    "ExtractionError",
    "Extraction",
    "IngestReport",
    "Outcome",
    "__version__",
    "extract_document",
    "ingest",
]

_FROM_WAREHOUSE = ("ingest", "IngestReport", "Outcome")


def __getattr__(name: str) -> Any:
    # Imported on first use: extractor itself never depends on the warehouse.
    if name in _FROM_WAREHOUSE:
        from warehouse import ingest as module

        return getattr(module, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
