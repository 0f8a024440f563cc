"""A stored table as a grid of facts with its row and column labels, readable along
either direction (a "line" is a row or a column; "across" is the other direction)."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .model import Context, Fact

TOTAL = re.compile(r"^\s*(grand\s+)?(sub)?totals?\b|,\s*total\s*$", re.IGNORECASE)
SUBTOTAL = re.compile(r"^\s*sub-?totals?\b", re.IGNORECASE)
SHARE = re.compile(r"(\bas\s+%|%\s+of\b|\bshare\b|\bpercent(age)?\s+of\b|\(\s*%\s*\)|^\s*%\s*$|\bin\s+%)",
                   re.IGNORECASE)
AVERAGE = re.compile(r"\b(average|mean|avg\.?)\b", re.IGNORECASE)
YEAR_RANGE = re.compile(r"\b(1[89]\d\d|20\d\d)\s*[–—-]+\s*(1[89]\d\d|20\d\d)\b")
YEAR = re.compile(r"^\s*(1[89]\d\d|20\d\d)\s*$")


@dataclass
class Line:
    """A row (or a column) of a table: its index, label path and cells by position across."""

    index: int
    path: list[str]
    cells: dict[int, Fact] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)  # non-empty printed text without a fact

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def text(self) -> str:
        return " ".join(self.path)

    def units(self) -> set[str | None]:
        return {f["unit"] for f in self.cells.values() if not f["missing"]}

    def is_total(self) -> bool:
        return bool(TOTAL.search(self.label))


@dataclass
class Grid:
    table: dict[str, Any]
    rows: list[Line]
    cols: list[Line]

    def lines(self, along: str) -> list[Line]:
        return self.rows if along == "rows" else self.cols

    def across(self, along: str) -> dict[int, Line]:
        return {ln.index: ln for ln in (self.cols if along == "rows" else self.rows)}

    @property
    def name(self) -> str:
        return str(self.table.get("label") or self.table["table_id"])


def grids(ctx: Context) -> list[Grid]:
    """Every table of the context that has facts, as a grid."""
    out = []
    for table_id, facts in ctx.table_facts.items():
        table = ctx.tables.get(table_id)
        if table is None or (ctx.doc and table["doc_id"] != ctx.doc):
            continue
        out.append(build(table, ctx.cells.get(table_id, []), facts))
    return out


def build(table: dict[str, Any], cells: list[dict[str, Any]], facts: list[Fact]) -> Grid:
    years = _year_rows(facts)
    by_pos = {(f["row"], f["col"]): f for f in facts if f["row"] not in years}
    row_path: dict[int, list[str]] = {}
    col_path: dict[int, list[str]] = {}
    texts: dict[tuple[int, int], str] = {}
    for c in cells:
        r, k = c["row"], c["col"]
        if r in years:  # a header read as data: its cells label the columns
            if (c["text"] or "").strip() and k not in col_path and not _is_label(c, c["row_path"]):
                col_path[k] = [c["text"].strip()]
            continue
        if c["is_header"]:
            continue
        if c["row_path"] and (r not in row_path or len(c["row_path"]) > len(row_path[r])):
            row_path[r] = list(c["row_path"])
        if (r, k) in by_pos:
            if c["header_path"] and k not in col_path:
                col_path[k] = list(c["header_path"])
        elif (c["text"] or "").strip() and not _is_label(c, row_path.get(r)):
            texts[(r, k)] = c["text"].strip()
    data_cols = sorted({k for _, k in by_pos})
    rows: dict[int, Line] = {r: Line(r, path) for r, path in row_path.items()}
    for (r, _k), _f in by_pos.items():
        rows.setdefault(r, Line(r, []))
    cols = {k: Line(k, col_path.get(k, [])) for k in data_cols}
    for (r, k), f in by_pos.items():
        rows[r].cells[k] = f
        cols[k].cells[r] = f
    for (r, k), t in texts.items():
        if r in rows and k in cols:
            rows[r].texts[k] = t
            cols[k].texts[r] = t
    return Grid(table, [rows[r] for r in sorted(rows)], [cols[k] for k in sorted(cols)])


def _year_rows(facts: list[Fact]) -> set[int]:
    """Rows whose every figure is a year in increasing order: a header read as data."""
    by_row: dict[int, list[Fact]] = defaultdict(list)
    for f in facts:
        by_row[f["row"]].append(f)
    out = set()
    for r, fs in by_row.items():
        fs.sort(key=lambda f: f["col"])
        raws = [str(f["raw"]).strip() for f in fs if not f["missing"]]
        if len(raws) >= 2 and all(YEAR.match(x) for x in raws) and raws == sorted(raws):
            out.add(r)
    return out


def _is_label(cell: dict[str, Any], path: list[str] | None) -> bool:
    value = (cell.get("value") or cell.get("text") or "").strip()
    return value in (path or [])


def group_of(line: Line) -> tuple[str, ...]:
    """A column's parent headers (its header path without the last level)."""
    return tuple(line.path[:-1])


def year_range(line: Line) -> tuple[int, int] | None:
    m = YEAR_RANGE.search(" ".join(line.path).replace("– ", "–").replace("- ", "-"))
    return (int(m.group(1)), int(m.group(2))) if m else None


def year_of(line: Line) -> int | None:
    """The year a column (or row) stands for, if its label is just a year."""
    if year_range(line) is not None or any(TOTAL.search(p) for p in line.path):
        return None
    m = YEAR.match(line.label)
    return int(m.group(1)) if m else None


def by_key(lines: list[Line]) -> dict[tuple[str, ...], list[Line]]:
    out: dict[tuple[str, ...], list[Line]] = defaultdict(list)
    for ln in lines:
        out[tuple(ln.path)].append(ln)
    return out
