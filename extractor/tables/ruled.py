"""Ruled grids ("lines"): pdfplumber's line-based table finder, turned into slots."""

from __future__ import annotations

from bisect import bisect_left

from pdfplumber.page import Page
from pdfplumber.table import Table

from ..records import BBox
from ..words import Word
from .cells import Slot
from .edges import hidden_rects, open_sides
from .lines import group_lines, is_numeric
from .stacked import split_stacked_rows

SNAP = 2.0  # cell edges closer than this (points) are the same grid line
#: A ruled grid needs at least this share of its cells to hold text (charts have empty plots).
MIN_FILLED = 0.3


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    i = bisect_left(edges, v - SNAP)
    return min(i, len(edges) - 1)


def _inside(w: Word, b: BBox) -> bool:
    cx = (w["x0"] + w["x1"]) / 2
    cy = (w["top"] + w["bottom"]) / 2
    return b[0] <= cx <= b[2] and b[1] <= cy <= b[3]


def grid_slots(table: Table, words: list[Word]) -> tuple[list[Slot], int, int] | None:
    """Slots of a pdfplumber table with the words whose centre lies in each cell."""
    boxes: list[BBox] = [(float(c[0]), float(c[1]), float(c[2]), float(c[3])) for c in table.cells if c is not None]
    if len(boxes) < 2:
        return None
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 2:
        return None
    tb = table.bbox
    inside = [w for w in words if _inside(w, tb)]
    slots = []
    for b in boxes:
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        ws = [w for w in inside if _inside(w, b)]
        slots.extend(_split(Slot(r0, c0, b, ws, max(r1 - r0, 1), max(c1 - c0, 1)), xs))
    if any(_holds_columns(s.words) for s in slots):
        return None
    slots, n_rows = split_stacked_rows(slots, ys)
    if _text_outside(tb, [s for s in slots if s.words], words):
        return None
    slots, n_cols = merge_complementary_columns(slots, n_cols)
    filled = sum(1 for s in slots if s.words)
    if filled < 2 or filled < MIN_FILLED * len(slots):
        return None
    rows_with_text = {s.row for s in slots if s.words}
    cols_with_text = {s.col for s in slots if s.words}
    if len(rows_with_text) < 2 or len(cols_with_text) < 2:
        return None
    return slots, n_rows, n_cols


def _split(slot: Slot, xs: list[float]) -> list[Slot]:
    """A cell spanning columns whose text lines up with them is one cell per column
    (grids drawn with row rules and only some column rules)."""
    if slot.col_span < 2 or not slot.words:
        return [slot]
    inner = xs[slot.col + 1 : slot.col + slot.col_span]
    parts: dict[int, list[Word]] = {}
    for ln in group_lines(slot.words):
        for seg in ln.segments:
            if any(seg.x0 < x < seg.x1 for x in inner):
                return [slot]  # text crosses a column line: a real spanning cell
            k = sum(1 for x in inner if x <= seg.x0)
            parts.setdefault(k, []).extend(seg.words)
    if len(parts) < 2:
        return [slot]
    b = slot.bbox
    out = []
    for k, ws in sorted(parts.items()):
        box = (xs[slot.col + k], b[1], xs[slot.col + k + 1], b[3])
        out.append(Slot(slot.row, slot.col + k, box, ws, slot.row_span, 1))
    return out


def merge_complementary_columns(slots: list[Slot], n_cols: int) -> tuple[list[Slot], int]:
    """Join neighbouring grid columns that never both hold text in one row: rules drawn
    for layout split one column of text into two."""
    used: dict[int, set[int]] = {}
    for s in slots:
        if s.words:
            for r in range(s.row, s.row + s.row_span):
                used.setdefault(s.col, set()).add(r)
    new = [0] * (n_cols + 1)
    group_rows: set[int] = set(used.get(0, set()))
    for c in range(1, n_cols):
        rows = used.get(c, set())
        if rows and group_rows and not (rows & group_rows):
            new[c] = new[c - 1]
            group_rows |= rows
        else:
            new[c] = new[c - 1] + 1
            group_rows = set(rows)
    new[n_cols] = new[n_cols - 1] + 1
    if new[n_cols] == n_cols:
        return slots, n_cols
    out = []
    for s in slots:
        c0, c1 = new[s.col], new[s.col + s.col_span] if s.col + s.col_span <= n_cols else new[n_cols]
        out.append(Slot(s.row, c0, s.bbox, s.words, s.row_span, max(c1 - c0, 1)))
    return out, new[n_cols]


def _text_outside(tb: BBox, full: list[Slot], words: list[Word]) -> bool:
    """Most text rows go on past the grid's left or right side: the rules frame part of a table."""
    rows: dict[int, tuple[float, float]] = {}
    for s in full:
        t, b = rows.get(s.row, (s.bbox[3], s.bbox[1]))
        rows[s.row] = (min(t, min(w["top"] for w in s.words)), max(b, max(w["bottom"] for w in s.words)))
    reach = min(0.1 * (tb[2] - tb[0]), 30.0)
    out = [w for w in words if (tb[0] - reach < w["x1"] <= tb[0]) or (tb[2] <= w["x0"] < tb[2] + reach)]
    hits = 0
    for t, b in rows.values():
        if any(w["top"] < b and w["bottom"] > t for w in out):
            hits += 1
    return len(rows) >= 2 and hits >= 0.8 * len(rows)


def _holds_columns(words: list[Word]) -> bool:
    """A 'cell' with three or more lines split into columns is a frame around a table."""
    if len(words) < 6:
        return False
    lines = group_lines(words)
    return sum(1 for ln in lines if len(ln.segments) >= 2 and any(is_numeric(g.text) for g in ln.segments)) >= 3


def ruled_tables(page: Page) -> list[Table]:
    """pdfplumber's ruled tables, found from the visible rules only, with the open sides of
    grids drawn without outer borders closed."""
    hidden = hidden_rects(page.rects)
    if hidden:
        page = page.filter(lambda o: id(o) not in hidden)
    sides = open_sides(page.edges)
    return list(page.find_tables({"explicit_vertical_lines": sides} if sides else None))
