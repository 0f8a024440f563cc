"""Records from ``extractor`` turned into column batches (Arrow tables) for loading.

The same batches are what a distributed run would write as Parquet, so the shape of a
stored row is defined once, here.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import pyarrow as pa

from extractor.records import Extraction, Table

from .search import index_rows


def _bbox(b: tuple[float, ...] | list[float] | None) -> list[float] | None:
    return None if b is None else [float(v) for v in b]


def document_row(ex: Extraction, run_id: str) -> dict[str, Any]:
    d = ex.document
    row = dataclasses.asdict(d.meta)
    row.update(
        doc_id=d.doc_id,
        file_name=d.file_name,
        n_bytes=d.n_bytes,
        n_pages=d.n_pages,
        pdf_producer=d.pdf_producer,
        pdf_title=d.pdf_title,
        extractor_version=d.extractor_version,
        warnings=list(ex.warnings),
        run_id=run_id,
    )
    return row


def record_row(record: Any, **rename: str) -> dict[str, Any]:
    """A record's fields as a row: tuples become lists (Arrow list columns), a ``bbox``
    becomes four floats, and fields named in ``rename`` (old=new) take their column name."""
    row = {k: _plain(v) for k, v in dataclasses.asdict(record).items()}
    if "bbox" in row:
        row["bbox"] = _bbox(row["bbox"])
    for old, new in rename.items():
        row[new] = row.pop(old)
    return row


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def table_row(t: Table) -> dict[str, Any]:
    return {
        "table_id": t.table_id,
        "doc_id": t.doc_id,
        "page": t.page,
        "pages": list(t.pages),
        "bbox": _bbox(t.bbox),
        "part_bboxes": [{"page": p, "bbox": _bbox(b)} for p, b in t.part_bboxes],
        "n_rows": t.n_rows,
        "n_cols": t.n_cols,
        "n_header_rows": t.n_header_rows,
        "method": t.method,
        "label": t.label,
        "caption": t.caption,
        "caption_bbox": _bbox(t.caption_bbox),
        "units": t.units,
        "notes": [dataclasses.asdict(n) for n in t.notes],
    }


def batches(ex: Extraction, run_id: str) -> dict[str, pa.Table]:
    """One Arrow table per warehouse table for a document's extraction."""
    cells = [record_row(c) for t in ex.tables for c in t.cells]
    out = {
        "documents": [document_row(ex, run_id)],
        "pages": [record_row(p) for p in ex.pages],
        "blocks": [record_row(b, column="column_no") for b in ex.blocks],
        "tables": [table_row(t) for t in ex.tables],
        "table_cells": cells,
        "facts": [record_row(f) for f in ex.facts],
        "references": [record_row(r) for r in ex.references],
        "citations": [record_row(c) for c in ex.citations],
        "cite_links": [record_row(link) for link in ex.cite_links],
        "claims": [record_row(c) for c in ex.claims],
    }
    out["search_items"], out["search_postings"] = index_rows(ex)
    return {name: pa.Table.from_pylist(rows) for name, rows in out.items() if rows}
