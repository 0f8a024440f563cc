"""Join the parts of a logical table that continues across page breaks.

A part continues the previous one when the previous part is the last thing in the body of
its page, the part is the first thing in the body of the next page (so no caption or text
comes between), and each of its columns lies under exactly one column of the first part.
The continuation's cells are renumbered to the first part's columns; repeated header rows
stay headers, other rows become body rows with the first part's header paths and the
section row still open at the end of the previous part.
"""

from __future__ import annotations

from dataclasses import replace

from .model import PageCell, PageInfo, PageTable

EDGE_TOLERANCE = 6.0  # points between a part and the end/start of the page body


def _extents(t: PageTable) -> dict[int, tuple[float, float]]:
    ext: dict[int, tuple[float, float]] = {}
    for c in t.cells:
        if c.col_span == 1:
            a, b = ext.get(c.col, (c.bbox[0], c.bbox[2]))
            ext[c.col] = (min(a, c.bbox[0]), max(b, c.bbox[2]))
    return ext


def column_map(first: PageTable, part: PageTable) -> dict[int, int] | None:
    """part column -> first-part column by horizontal overlap, or None if they do not fit."""
    e1, e2 = _extents(first), _extents(part)
    out: dict[int, int] = {}
    for c2, (a, b) in sorted(e2.items()):
        best = max(((min(b, q) - max(a, p), c1) for c1, (p, q) in e1.items()), default=(0.0, -1))
        if best[0] <= 0:
            return None
        out[c2] = best[1]
    cols = [out[k] for k in sorted(out)]
    if len(set(cols)) != len(cols) or cols != sorted(cols):
        return None
    for c in range(part.n_cols):  # columns without a single-span cell: keep order
        out.setdefault(c, min(first.n_cols - 1, max([v for k, v in out.items() if k < c], default=-1) + 1))
    return out


def _header_texts(t: PageTable) -> list[tuple[int, str]]:
    return sorted((c.col, c.value) for c in t.cells if c.is_header)


def _header_path(first: PageTable, col: int) -> tuple[str, ...]:
    path: list[str] = []
    for c in sorted((c for c in first.cells if c.is_header), key=lambda c: c.row):
        if c.col <= col < c.col + c.col_span and c.value and (not path or path[-1] != c.value):
            path.append(c.value)
    return tuple(path)


def open_section(t: PageTable) -> str | None:
    """The section row text still in force at the end of ``t``."""
    for cell in reversed(t.cells):
        if not cell.is_header and cell.col == 0 and cell.row_path == (cell.value,) and t.n_cols >= 3:
            if all(c.col == 0 for c in t.cells if c.row == cell.row):
                return cell.value
    return None


def _renumber(first: PageTable, prev: PageTable, part: PageTable, cmap: dict[int, int]) -> PageTable:
    repeated = (
        part.n_header_rows
        if _header_texts(part) and [(cmap.get(c, c), v) for c, v in _header_texts(part)] == _header_texts(first)
        else 0
    )
    section = open_section(prev)
    by_row: dict[int, list[PageCell]] = {}
    for c in part.cells:
        by_row.setdefault(c.row, []).append(c)
    cells: list[PageCell] = []
    for r in sorted(by_row):
        row = by_row[r]
        stub = next((c.value for c in row if cmap[c.col] == 0), None)
        only_stub = all(cmap[c.col] == 0 for c in row) and first.n_cols >= 3
        if r >= repeated and only_stub:
            section = stub
        for c in row:
            col = cmap[c.col]
            span = cmap[c.col + c.col_span - 1] - col + 1
            if r < repeated:
                cells.append(replace(c, col=col, col_span=span))
                continue
            path = (section,) if only_stub and section else tuple(p for p in (section, stub) if p)
            cells.append(
                replace(
                    c,
                    col=col,
                    col_span=span,
                    is_header=False,
                    header_path=_header_path(first, col),
                    row_path=path,
                )
            )
    return replace(part, n_cols=first.n_cols, n_header_rows=repeated, cells=cells)


def _ends_page(t: PageTable, tables: list[PageTable], info: PageInfo) -> bool:
    return t is tables[-1] and t.bbox[3] >= info.body_bottom - EDGE_TOLERANCE


def _starts_page(t: PageTable, tables: list[PageTable], info: PageInfo) -> bool:
    return t is tables[0] and t.bbox[1] <= info.body_top + EDGE_TOLERANCE


def merge_continued(pages: list[tuple[PageInfo, list[PageTable]]]) -> list[list[PageTable]]:
    """Logical tables (lists of parts, in page order) from every page's tables."""
    groups: list[list[PageTable]] = []
    prev: tuple[PageInfo, list[PageTable]] | None = None
    for info, tables in sorted(pages, key=lambda p: p[0].page):
        tables = sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0]))
        for t in tables:
            if (
                prev is not None
                and groups
                and prev[1]
                and groups[-1][-1] is prev[1][-1]
                and info.page == prev[0].page + 1
                and _ends_page(prev[1][-1], prev[1], prev[0])
                and _starts_page(t, tables, info)
            ):
                cmap = column_map(groups[-1][0], t)
                if cmap is not None:
                    part = _renumber(groups[-1][0], groups[-1][-1], t, cmap)
                    groups[-1].append(part)
                    continue
            groups.append([t])
        # remember this page's tables as they appear in groups (continuations replaced)
        last = [g[-1] for g in groups if g[-1].page == info.page]
        prev = (info, last if last else tables)
    return groups
