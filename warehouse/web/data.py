"""What the pages and the JSON API show, read from the warehouse: one function per view.

Each function takes a :class:`~warehouse.web.store.Reader` and returns plain dicts and
lists, which the API sends as JSON and the templates render. Views of a stage that has not
landed in this warehouse (claims, flags, citations) come back empty rather than failing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .. import search as searching
from .. import series as series_mod
from ..errors import FileNotKept, ObjectNotFound
from ..facts_query import FactFilter, find_facts
from ..files import document_file
from ..queries import query
from . import images
from .store import Reader

#: Sortable columns of the facts table: name -> SQL expression (constants only).
FACT_SORTS = {
    "document": "title", "page": "page", "value": "value", "unit": "unit", "entity": "entity",
    "indicator": "indicator", "period": "period", "source": "source", "raw": "raw",
}
#: The largest page of rows a list returns.
MAX_LIMIT = 5000


@dataclass(frozen=True)
class Highlight:
    """Where a source is on its page: what the page view draws a box around."""

    doc_id: str
    page: int
    bbox: tuple[float, float, float, float]
    width: float  # page size in PDF points
    height: float
    label: str = ""

    def percent(self) -> dict[str, float]:
        """The box as percentages of the page (left, top, width, height), for an overlay."""
        x0, top, x1, bottom = self.bbox
        return {
            "left": round(100 * max(0.0, x0) / self.width, 3),
            "top": round(100 * max(0.0, top) / self.height, 3),
            "width": round(100 * max(0.0, x1 - x0) / self.width, 3),
            "height": round(100 * max(0.0, bottom - top) / self.height, 3),
        }

    def as_dict(self, role: str = "source") -> dict[str, Any]:
        """What a page figure needs: the image, the page size, and its boxes (this one)."""
        box = {"bbox": list(self.bbox), "percent": self.percent(), "label": self.label, "role": role}
        return {"doc_id": self.doc_id, "page": self.page, "bbox": list(self.bbox), "page_width": self.width,
                "page_height": self.height, "label": self.label, "percent": self.percent(),
                "image": f"/api/documents/{self.doc_id}/pages/{self.page}.png", "boxes": [box]}


def highlight(wh: Reader, doc_id: str, page: int, bbox: Any, label: str = "") -> Highlight | None:
    size = wh.rows("web_page_size", {"doc_id": doc_id, "page": page})
    if not size or bbox is None or not size[0]["width"] or not size[0]["height"]:
        return None
    return Highlight(doc_id, page, tuple(float(v) for v in bbox), size[0]["width"], size[0]["height"], label)  # type: ignore[arg-type]


def image_available(db_path: str, doc_id: str) -> bool:
    try:
        document_file(db_path, doc_id)
    except (FileNotKept, ValueError):
        return False
    return True


# ---------------------------------------------------------------------------- overview
def status(wh: Reader) -> dict[str, Any]:
    counts = wh.totals()
    for table in ("claims", "flags"):
        counts[table] = wh.rows(f"web_count_{table}")[0]["n"] if wh.has(table) else 0
    return {"warehouse": wh.path, "snapshot": wh.snapshot, "counts": counts,
            "stages": {t: wh.has(t) for t in ("facts", "claims", "flags", "citations", "search_items")}}


# ---------------------------------------------------------------------------- search
def search(wh: Reader, text: str, kinds: tuple[str, ...], doc: str | None, limit: int) -> list[dict[str, Any]]:
    doc_id = wh.resolve("document", doc) if doc else None
    if not wh.has("search_items"):
        return []
    if "claim" in kinds and not wh.has("claims"):
        kinds = tuple(k for k in kinds if k != "claim")
    hits = searching.search(wh, text, kinds=kinds, doc_id=doc_id, limit=limit)
    blocks = [h.item_id for h in hits if h.kind == "block"]
    boxes = {r["block_id"]: r["bbox"] for r in wh.rows("web_block_boxes", {"block_ids": blocks})} if blocks else {}
    return [{**h.as_dict(), "url": item_url(h.kind, h.item_id, h.doc_id, h.page, boxes.get(h.item_id))}
            for h in hits]


def item_url(kind: str, item_id: str, doc_id: str, page: int, bbox: Any = None) -> str:
    """Where a hit is shown: a fact's or claim's page, or a block highlighted on its page."""
    if kind == "fact":
        return f"/facts/{item_id}"
    if kind == "claim":
        return f"/claims/{item_id}"
    box = "?hl=" + ",".join(f"{v:g}" for v in bbox) if bbox else ""
    return f"/documents/{doc_id}/pages/{page}{box}#{item_id}"


# ---------------------------------------------------------------------------- facts
def facts(wh: Reader, flt: FactFilter, sort: str | None = None, desc: bool = False,
          offset: int = 0) -> tuple[list[dict[str, Any]], bool]:
    """Facts matching ``flt`` sorted by ``sort`` (a key of FACT_SORTS), and whether more
    rows matched than were returned."""
    limit = min(flt.limit, MAX_LIMIT)
    if sort is None and not offset:
        rows = find_facts(wh, replace(flt, limit=limit + 1))
    else:
        order = FACT_SORTS.get(sort or "document")
        if order is None:
            raise ValueError(f"cannot sort facts by {sort!r}; choose from {', '.join(FACT_SORTS)}")
        params = flt.params()
        del params["limit"]
        if flt.doc_id:
            params["doc_id"] = wh.resolve("document", flt.doc_id)
        # the filters of `evidence query` (its named query) with this order instead of its own
        head, found, _ = query("facts_query").rpartition("ORDER BY")
        if not found:
            raise RuntimeError("the facts_query named query has no ORDER BY to replace")
        direction = "DESC" if desc else "ASC"
        sql = f"{head}ORDER BY {order} {direction} NULLS LAST, fact_id LIMIT $page_limit OFFSET $page_offset"
        rows = wh.select(sql, {**params, "page_limit": limit + 1, "page_offset": offset})
    return rows[:limit], len(rows) > limit


def fact(wh: Reader, key: str) -> dict[str, Any]:
    row = wh.fact(key) if wh.has("cite_links") else _fact_without_sources(wh, key)
    row["sources"] = _with_reference_boxes(wh, row["doc_id"], row.get("sources", []))
    row["flags"] = wh.rows("web_fact_flags", {"fact_id": row["fact_id"]}) if wh.has("flags_reviewed") else []
    hl = highlight(wh, row["doc_id"], row["page"], row["bbox"], row["raw"] or "")
    row["highlight"] = hl.as_dict() if hl else None
    if row["source"] == "text":  # the box is the sentence's block: find the figure in it
        _mark_words(wh, row, hl, row["raw"] or "")
    return row


def _fact_without_sources(wh: Reader, key: str) -> dict[str, Any]:
    return {**wh.rows("fact_get", {"fact_id": wh.resolve("fact", key)})[0], "sources": []}


def _with_reference_boxes(wh: Reader, doc_id: str, sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each source (a citation in document ``doc_id``) with links to the page views that show
    its citation (``cite_url``) and its reference (``ref_url``) highlighted."""
    out = []
    for s in sources:
        s = dict(s)
        hl = highlight(wh, doc_id, s["page"], s["bbox"], s["raw"])
        s["cite_url"] = page_url(hl) if hl else None
        s["ref_url"] = None
        ref = wh.rows("web_reference", {"ref_id": s["ref_id"]}) if s.get("ref_id") else []
        if ref:
            rhl = highlight(wh, ref[0]["doc_id"], ref[0]["page"], ref[0]["bbox"], "reference")
            s["ref_url"] = page_url(rhl) if rhl else None
        out.append(s)
    return out


def page_url(hl: Highlight) -> str:
    box = ",".join(f"{v:g}" for v in hl.bbox)
    return f"/documents/{hl.doc_id}/pages/{hl.page}?hl={box}"


# ---------------------------------------------------------------------------- claims
def claims(wh: Reader, kind: str | None, topic: str | None, hedge: str | None, doc: str | None,
           limit: int) -> dict[str, Any]:
    if not wh.has("claims"):
        return {"available": False, "claims": [], "kinds": [], "topics": [], "truncated": False}
    doc_id = wh.resolve("document", doc) if doc else None
    limit = min(limit, MAX_LIMIT)
    rows = wh.rows("web_claims", {"kind": kind, "topic": topic, "hedge": hedge, "doc_id": doc_id, "limit": limit + 1})
    return {"available": True, "claims": rows[:limit], "truncated": len(rows) > limit,
            "kinds": wh.rows("web_claim_kinds"), "topics": wh.rows("web_claim_topics")}


def claim(wh: Reader, key: str) -> dict[str, Any]:
    if not wh.has("claims"):
        raise ObjectNotFound("claim", key)
    row = wh.claim(key)
    row["sources"] = _with_reference_boxes(wh, row["doc_id"], row.get("sources", []))
    hl = highlight(wh, row["doc_id"], row["page"], row["bbox"], row["kind"])
    row["highlight"] = hl.as_dict() if hl else None
    _mark_words(wh, row, hl, row["quote"])
    return row


def _mark_words(wh: Reader, row: dict[str, Any], hl: Highlight | None, text: str) -> None:
    """Where the block-level box of ``row`` holds ``text`` itself, draw the block faintly
    (role "context") and the words of ``text`` on top (role "found")."""
    if hl is None or not row["highlight"] or not image_available(wh.path, hl.doc_id):
        return
    words = images.locate(wh.path, hl.doc_id, hl.page, text, hl.bbox)
    if words:
        row["highlight"]["boxes"] = [{**b, "role": "context"} for b in row["highlight"]["boxes"]] + [
            {**Highlight(hl.doc_id, hl.page, w, hl.width, hl.height).as_dict()["boxes"][0], "label": text[:80],
             "role": "found"} for w in words]


# ---------------------------------------------------------------------------- flags
def flags(wh: Reader, status: str | None, severity: str | None, doc: str | None) -> list[dict[str, Any]]:
    if not wh.has("flags_reviewed"):
        return []
    doc_id = wh.resolve("document", doc) if doc else None
    rows = wh.rows("flag_list", {"doc_id": doc_id})
    return [r for r in rows
            if (status is None or r["status"] == status) and (severity is None or r["severity"] == severity)]


def flag(wh: Reader, key: str) -> dict[str, Any]:
    if not wh.has("flags_reviewed"):
        raise ObjectNotFound("flag", key)
    row = wh.rows("flag_get", {"flag_id": wh.resolve("flag", key)})[0]
    facts_: list[dict[str, Any]] = []
    figures: dict[tuple[str, int], dict[str, Any]] = {}
    for x in row["facts"]:
        hl = highlight(wh, x["doc_id"], x["page"], x["bbox"], f"{x['role']}: {x['raw']}")
        shown = hl.as_dict(x["role"]) if hl else None
        facts_.append({**x, "highlight": shown})
        if shown:  # one figure per page, with a box for each of its figures
            fig = figures.setdefault((x["doc_id"], x["page"]), {**shown, "boxes": []})
            fig["boxes"] += shown["boxes"]
    row["facts"] = facts_
    row["figures"] = list(figures.values())
    return row


# ---------------------------------------------------------------------------- documents
def documents(wh: Reader) -> list[dict[str, Any]]:
    return wh.documents()


def document(wh: Reader, key: str) -> dict[str, Any]:
    row = wh.document(key)
    row["pages"] = wh.rows("web_document_pages", {"doc_id": row["doc_id"]})
    row["tables"] = wh.rows("web_document_tables", {"doc_id": row["doc_id"]})
    return row


def page(wh: Reader, doc_key: str, page_no: int) -> dict[str, Any]:
    doc_id = wh.resolve("document", doc_key)
    row = wh.page(f"{doc_id}:{page_no}")
    row["facts"] = wh.rows("web_page_facts", {"doc_id": doc_id, "page": page_no})
    row["tables"] = [wh.table(t["table_id"]) for t in row["tables"]]
    row["n_pages"] = wh.rows("document_get", {"doc_id": doc_id})[0]["n_pages"]
    return row


def table_grid(table: dict[str, Any], page: int | None = None) -> list[list[dict[str, Any] | None]]:
    """A table's cells as rows of columns (spanned positions are None), on one page or all."""
    cells = [c for c in table["cells"] if page is None or c["page"] == page]
    if not cells:
        return []
    n_rows = max(c["row"] + (c.get("row_span") or 1) for c in cells)
    n_cols = max(c["col"] + (c.get("col_span") or 1) for c in cells)
    grid: list[list[dict[str, Any] | None]] = [[None] * n_cols for _ in range(n_rows)]
    for c in cells:
        grid[c["row"]][c["col"]] = c
    first = min(c["row"] for c in cells)
    return grid[first:]


# ---------------------------------------------------------------------------- series
def series(wh: Reader, entity: str, indicator: str) -> dict[str, Any]:
    s = series_mod.build(wh, entity, indicator)
    differing = s.differing_periods()
    return {"entity": entity, "indicator": indicator, "periods": s.periods(), "differing": sorted(differing),
            "sources": [{"doc_id": src.doc_id, "title": src.title, "unit": src.unit,
                         "points": [{"period": p.period, "value": p.value, "raw": p.raw, "page": p.page,
                                     "fact_id": p.fact_id, "flagged": p.flagged} for p in src.points]}
                        for src in s.sources],
            "records": series_mod.as_records(s)}
