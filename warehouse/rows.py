"""Records from ``extractor`` turned into column batches (Arrow tables) for loading.

The same batches are what a distributed run would write as Parquet, so the shape of a
stored row is defined once, here.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import pyarrow as pa

from extractor.records import Block, Cell, Citation, CiteLink, Claim, Extraction, Fact, Page, Reference, Table

from .search import index_rows


def _bbox(b: tuple[float, float, float, float] | None) -> list[float] | None:
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


def page_row(p: Page) -> dict[str, Any]:
    return dataclasses.asdict(p)


def block_row(b: Block) -> dict[str, Any]:
    row = dataclasses.asdict(b)
    row["bbox"] = _bbox(b.bbox)
    row["column_no"] = row.pop("column")
    row["section"] = list(b.section)
    row["note_refs"] = list(b.note_refs)
    return row


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


def cell_row(c: Cell) -> dict[str, Any]:
    row = dataclasses.asdict(c)
    row["bbox"] = _bbox(c.bbox)
    for k in ("markers", "header_path", "row_path"):
        row[k] = list(row[k])
    return row


def fact_row(f: Fact) -> dict[str, Any]:
    row = dataclasses.asdict(f)
    row["bbox"] = _bbox(f.bbox)
    return row


def reference_row(r: Reference) -> dict[str, Any]:
    row = dataclasses.asdict(r)
    row["bbox"] = _bbox(r.bbox)
    for k in ("authors", "surnames", "aliases"):
        row[k] = list(row[k])
    return row


def citation_row(c: Citation) -> dict[str, Any]:
    row = dataclasses.asdict(c)
    row["bbox"] = _bbox(c.bbox)
    row["authors"] = list(c.authors)
    return row


def cite_link_row(link: CiteLink) -> dict[str, Any]:
    return dataclasses.asdict(link)


def claim_row(c: Claim) -> dict[str, Any]:
    row = dataclasses.asdict(c)
    row["bbox"] = _bbox(c.bbox)
    for k in ("section", "topics", "evidence"):
        row[k] = list(row[k])
    return row


def batches(ex: Extraction, run_id: str) -> dict[str, pa.Table]:
    """One Arrow table per warehouse table for a document's extraction."""
    cells = [cell_row(c) for t in ex.tables for c in t.cells]
    out = {
        "documents": [document_row(ex, run_id)],
        "pages": [page_row(p) for p in ex.pages],
        "blocks": [block_row(b) for b in ex.blocks],
        "tables": [table_row(t) for t in ex.tables],
        "table_cells": cells,
        "facts": [fact_row(f) for f in ex.facts],
        "references": [reference_row(r) for r in ex.references],
        "citations": [citation_row(c) for c in ex.citations],
        "cite_links": [cite_link_row(link) for link in ex.cite_links],
        "claims": [claim_row(c) for c in ex.claims],
    }
    out["search_items"], out["search_postings"] = index_rows(ex)
    return {name: pa.Table.from_pylist(rows) for name, rows in out.items() if rows}
