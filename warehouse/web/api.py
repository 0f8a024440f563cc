"""The JSON API (``/api/...``; OpenAPI at ``/docs``). Every read runs on a sandboxed read-only
connection opened for the request; the one write is a flag review."""
from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field

from .. import checks
from .. import series as series_mod
from ..errors import ObjectNotFound
from ..facts_query import FactFilter
from ..files import is_doc_id
from ..readonly import run_query
from . import data, images
from .store import Reader, Store

router = APIRouter(prefix="/api")

KINDS = ("block", "fact", "claim")
_plot_lock = threading.Lock()  # matplotlib's pyplot is not thread-safe


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def reader(request: Request) -> Iterator[Reader]:
    """A sandboxed read-only warehouse for one request (busy: 503 at once)."""
    with store_of(request).read() as wh:
        yield wh


ReaderDep = Annotated[Reader, Depends(reader)]


def fact_filter(
    entity: Annotated[str | None, Query(description='generic words are dropped: "Lagos free zone" finds "Lagos"',
                                        max_length=200)] = None,
    indicator: Annotated[str | None, Query(description='"FDI" also finds "utilized FDI"', max_length=200)] = None,
    period: Annotated[str | None, Query(description="YEAR or FROM-TO; overlapping periods match",
                                        max_length=40)] = None,
    doc: Annotated[str | None, Query(description="document id or unique prefix", max_length=64)] = None,
    unit: Annotated[str | None, Query(description="USD, CNY, percent, count, ...", max_length=40)] = None,
    min: Annotated[float | None, Query(description="smallest value (base units)")] = None,
    max: Annotated[float | None, Query(description="largest value (base units)")] = None,
    source: Annotated[Literal["text", "table"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=data.MAX_LIMIT)] = 200,
) -> FactFilter:
    """The filters of ``evidence query``; empty ones are ignored."""
    return FactFilter(entity=entity or None, indicator=indicator or None, period=period or None, doc_id=doc or None,
                      unit=unit or None, min=min, max=max, source=source, limit=limit)


FilterDep = Annotated[FactFilter, Depends(fact_filter)]
Sort = Literal["document", "page", "value", "unit", "entity", "indicator", "period", "source", "raw"]


# ---------------------------------------------------------------------------- status, search
@router.get("/status", tags=["status"], summary="The warehouse: counts, which stages it holds, snapshot or live")
def status(wh: ReaderDep) -> dict[str, Any]:
    return data.status(wh)


@router.get("/search", tags=["search"], summary="Ranked full-text search (BM25) over blocks, facts and claims")
def search(
    wh: ReaderDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="free text")],
    kind: Annotated[list[Literal["block", "fact", "claim"]] | None, Query()] = None,
    doc: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """Each hit has its document, page, score, and a snippet whose matched words are marked «so»."""
    return {"query": q, "hits": data.search(wh, q, tuple(kind or KINDS), doc or None, limit)}


# ---------------------------------------------------------------------------- facts
@router.get("/facts", tags=["facts"], summary="Facts matching the filters of `evidence query`, sortable")
def facts(
    wh: ReaderDep, flt: FilterDep, sort: Sort | None = None, order: Literal["asc", "desc"] = "asc",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    rows, truncated = data.facts(wh, flt, sort, order == "desc", offset)
    return {"facts": rows, "truncated": truncated, "offset": offset}


@router.get("/facts/{fact_id}", tags=["facts"], summary="One fact: quote, page highlight, chain of sources, flags")
def fact(wh: ReaderDep, fact_id: str) -> dict[str, Any]:
    return data.fact(wh, fact_id)


# ---------------------------------------------------------------------------- claims
@router.get("/claims", tags=["claims"], summary="Claims by kind, topic, hedge and document; with the counts")
def claims(
    wh: ReaderDep,
    kind: Annotated[str | None, Query(max_length=60)] = None,
    topic: Annotated[str | None, Query(max_length=60)] = None,
    hedge: Annotated[Literal["weak", "none", "strong"] | None, Query()] = None,
    doc: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=data.MAX_LIMIT)] = 200,
) -> dict[str, Any]:
    return data.claims(wh, kind or None, topic or None, hedge, doc or None, limit)


@router.get("/claims/{claim_id}", tags=["claims"], summary="One claim: quote, highlight, evidence, sources, group")
def claim(wh: ReaderDep, claim_id: str) -> dict[str, Any]:
    return data.claim(wh, claim_id)


# ---------------------------------------------------------------------------- flags
@router.get("/flags", tags=["flags"], summary="Consistency flags with their explanation and review status")
def flags(
    wh: ReaderDep,
    status: Literal["open", "confirmed", "dismissed"] | None = None,
    severity: Literal["error", "warning", "info"] | None = None,
    doc: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    return {"flags": data.flags(wh, status, severity, doc or None)}


@router.get("/flags/{flag_id}", tags=["flags"], summary="One flag with each fact it involves, highlighted")
def flag(wh: ReaderDep, flag_id: str) -> dict[str, Any]:
    return data.flag(wh, flag_id)


class Review(BaseModel):
    status: Literal["confirmed", "dismissed"] = Field(description="the reviewer's decision")
    note: str | None = Field(default=None, max_length=2000, description="why")


@router.post("/flags/{flag_id}/review", tags=["flags"], summary="Confirm or dismiss a flag, with a note")
def review(request: Request, flag_id: str, body: Review) -> dict[str, Any]:
    """The app's one write. It waits at most 0.1 s for the warehouse; while another process
    writes it (an ingest), it answers 503 "busy". Only JSON bodies from this app's own
    pages are accepted (a cross-site form cannot post here)."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "reviews are accepted from this app's own pages only")
    with store_of(request).write() as wh:
        if "flags" not in {r["name"] for r in wh.rows("web_relations")}:
            raise ObjectNotFound("flag", flag_id)
        return checks.review(wh, flag_id, body.status, (body.note or "").strip() or None)


# ---------------------------------------------------------------------------- documents
@router.get("/documents", tags=["documents"], summary="The documents in the warehouse")
def documents(wh: ReaderDep) -> dict[str, Any]:
    return {"documents": data.documents(wh)}


@router.get("/documents/{doc_id}", tags=["documents"], summary="One document: metadata, pages, tables")
def document(wh: ReaderDep, doc_id: str) -> dict[str, Any]:
    return data.document(wh, doc_id)


@router.get("/documents/{doc_id}/pages/{page}.png", tags=["documents"], response_class=FileResponse,
            summary="A page rendered to PNG (cached); `bbox=x0,top,x1,bottom` draws a box on it")
def page_image(
    request: Request, doc_id: str, page: int,
    bbox: Annotated[str | None, Query(max_length=200, description="PDF points, top-left origin")] = None,
    resolution: Annotated[int, Query(description=f"one of {images.RESOLUTIONS}")] = images.RESOLUTIONS[0],
) -> Response:
    """Only pages of documents in the warehouse, from the PDF the warehouse keeps; a full
    64-digit document id is required. 404 "page image not available" for a document
    ingested before files were kept."""
    if not is_doc_id(doc_id):
        raise ObjectNotFound("document", doc_id)
    box = images.parse_bbox(bbox) if bbox else None
    store = store_of(request)
    with store.read() as wh:  # closed before rendering, so that a review need not wait for it
        n_pages = _n_pages(wh, doc_id)
    if not 1 <= page <= n_pages:
        raise ObjectNotFound("page", f"{doc_id[:12]}:{page}")
    png = images.page_png(store.path, doc_id, page, resolution)
    if box is not None:
        return Response(images.with_box(png, box, resolution), media_type="image/png")
    return FileResponse(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


def _n_pages(wh: Reader, doc_id: str) -> int:
    found = wh.rows("document_get", {"doc_id": doc_id})
    if not found:
        raise ObjectNotFound("document", doc_id)
    return int(found[0]["n_pages"])


@router.get("/documents/{doc_id}/pages/{page}", tags=["documents"],
            summary="One page: its blocks, its tables (with cells) and the facts found on it")
def page(wh: ReaderDep, doc_id: str, page: int) -> dict[str, Any]:
    return data.page(wh, doc_id, page)


@router.get("/tables/{table_id}", tags=["documents"], summary="One table with its cells")
def table(wh: ReaderDep, table_id: str) -> dict[str, Any]:
    return wh.table(table_id)


# ---------------------------------------------------------------------------- series
@router.get("/series", tags=["series"], summary="One indicator over periods, every source side by side")
def series(
    wh: ReaderDep,
    entity: Annotated[str, Query(min_length=1, max_length=200)],
    indicator: Annotated[str, Query(min_length=1, max_length=200)],
) -> dict[str, Any]:
    return data.series(wh, entity, indicator)


@router.get("/series.png", tags=["series"], response_class=Response,
            summary="The series drawn as in `evidence series --plot` (flagged values circled)")
def series_png(
    request: Request,
    entity: Annotated[str, Query(min_length=1, max_length=200)],
    indicator: Annotated[str, Query(min_length=1, max_length=200)],
) -> Response:
    with store_of(request).read() as wh:
        s = series_mod.build(wh, entity, indicator)
    if not s.sources:
        raise ObjectNotFound("series", f"{indicator} of {entity}")
    with _plot_lock, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "series.png"
        series_mod.plot(s, path)
        return Response(path.read_bytes(), media_type="image/png")


# ---------------------------------------------------------------------------- sql
@router.get("/sql", tags=["sql"], summary="One read-only SELECT (sandboxed: no file access, 1 s, 1000 rows)")
def sql(wh: ReaderDep, q: Annotated[str, Query(min_length=1, max_length=20_000)]) -> dict[str, Any]:
    result = run_query(wh.con, q, max_rows=1000)
    return {"columns": result.columns, "rows": [list(r) for r in result.rows], "truncated": result.truncated}
