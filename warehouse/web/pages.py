"""The HTML pages: server-rendered from the same functions as the JSON API (``data``)."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import ObjectNotFound, QueryRefused, QueryTimeout
from ..readonly import run_query
from . import data, images
from .api import KINDS, FilterDep, ReaderDep, Sort
from .render import templates
from .store import Reader

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def page(request: Request, wh: Reader, name: str, **context: Any) -> Response:
    """Render template ``name`` with what every page shows (snapshot banner, counts)."""
    return templates.TemplateResponse(request, name, {"snapshot": wh.snapshot, "db": wh.path, **context})


def source(wh: Reader, hl: dict[str, Any] | None) -> dict[str, Any] | None:
    """A highlight (see data.Highlight) with whether its page image can be shown."""
    if hl is None:
        return None
    return {**hl, "available": data.image_available(wh.path, hl["doc_id"])}


@router.get("/")
def home(request: Request, wh: ReaderDep) -> Response:
    return page(request, wh, "home.html", status=data.status(wh), documents=data.documents(wh))


@router.get("/search")
def search(
    request: Request, wh: ReaderDep,
    q: Annotated[str, Query(max_length=500)] = "",
    kind: Annotated[list[Literal["block", "fact", "claim"]] | None, Query()] = None,
    doc: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    kinds = tuple(kind or KINDS)
    hits = data.search(wh, q, kinds, doc or None, 50) if q.strip() else []
    return page(request, wh, "search.html", q=q, kinds=kinds, hits=hits)


@router.get("/facts")
def facts(
    request: Request, wh: ReaderDep, flt: FilterDep, sort: Sort | None = None,
    order: Literal["asc", "desc"] = "asc",
) -> Response:
    rows, truncated = data.facts(wh, flt, sort, order == "desc")
    return page(request, wh, "facts.html", facts=rows, truncated=truncated, flt=flt, sort=sort or "document",
                order=order, sorts=list(data.FACT_SORTS))


@router.get("/facts/{fact_id}")
def fact(request: Request, wh: ReaderDep, fact_id: str) -> Response:
    row = data.fact(wh, fact_id)
    return page(request, wh, "fact.html", fact=row, source=source(wh, row["highlight"]))


@router.get("/claims")
def claims(
    request: Request, wh: ReaderDep,
    kind: Annotated[str | None, Query(max_length=60)] = None,
    topic: Annotated[str | None, Query(max_length=60)] = None,
    hedge: Literal["weak", "none", "strong"] | None = None,
    doc: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    found = data.claims(wh, kind or None, topic or None, hedge, doc or None, 500)
    return page(request, wh, "claims.html", found=found, kind=kind or "", topic=topic or "", hedge=hedge or "")


@router.get("/claims/{claim_id}")
def claim(request: Request, wh: ReaderDep, claim_id: str) -> Response:
    row = data.claim(wh, claim_id)
    return page(request, wh, "claim.html", claim=row, source=source(wh, row["highlight"]))


@router.get("/flags")
def flags(
    request: Request, wh: ReaderDep,
    status: Literal["open", "confirmed", "dismissed"] | None = None,
    severity: Literal["error", "warning", "info"] | None = None,
) -> Response:
    rows = data.flags(wh, status, severity, None)
    return page(request, wh, "flags.html", flags=rows, status=status or "", severity=severity or "",
                available=wh.has("flags_reviewed"))


@router.get("/flags/{flag_id}")
def flag(request: Request, wh: ReaderDep, flag_id: str) -> Response:
    row = data.flag(wh, flag_id)
    return page(request, wh, "flag.html", flag=row, figures=[source(wh, f) for f in row["figures"]])


@router.get("/documents")
def documents(request: Request, wh: ReaderDep) -> Response:
    return page(request, wh, "documents.html", documents=data.documents(wh))


@router.get("/documents/{doc_id}")
def document(request: Request, wh: ReaderDep, doc_id: str) -> Response:
    row = data.document(wh, doc_id)
    return page(request, wh, "document.html", doc=row, available=data.image_available(wh.path, row["doc_id"]))


@router.get("/documents/{doc_id}/pages/{page_no}")
def document_page(
    request: Request, wh: ReaderDep, doc_id: str, page_no: int,
    hl: Annotated[str | None, Query(max_length=200, description="x0,top,x1,bottom to highlight")] = None,
) -> Response:
    row = data.page(wh, doc_id, page_no)
    boxes = []
    if hl:
        mark = data.highlight(wh, row["doc_id"], page_no, images.parse_bbox(hl), "source")
        boxes = [mark.as_dict()] if mark else []
    facts = []
    for f in row["facts"]:
        fhl = data.highlight(wh, row["doc_id"], page_no, f["bbox"], f["raw"])
        facts.append({**f, "box": fhl.percent() if fhl else None})
    grids = [(t, data.table_grid(t, page_no)) for t in row["tables"]]
    if not row["width"]:
        raise ObjectNotFound("page", f"{doc_id[:12]}:{page_no}")
    return page(request, wh, "page.html", p=row, facts=facts, grids=grids, marks=boxes,
                available=data.image_available(wh.path, row["doc_id"]))


@router.get("/series")
def series(
    request: Request, wh: ReaderDep,
    entity: Annotated[str, Query(max_length=200)] = "",
    indicator: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    found = data.series(wh, entity, indicator) if entity.strip() and indicator.strip() else None
    return page(request, wh, "series.html", entity=entity, indicator=indicator, series=found)


@router.get("/sql")
def sql(request: Request, wh: ReaderDep, q: Annotated[str, Query(max_length=20_000)] = "") -> Response:
    result, error = None, ""
    if q.strip():
        try:
            result = run_query(wh.con, q, max_rows=1000)
        except (QueryRefused, QueryTimeout) as exc:
            error = f"{exc} (hint: {exc.hint})"
    return page(request, wh, "sql.html", q=q, result=result, error=error)

