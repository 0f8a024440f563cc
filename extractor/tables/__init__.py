"""Find tables on a page and join the parts of tables continued across pages.

    tables = find_tables(page, words)        # one page: ruled, rule-delimited, aligned
    logical = merge_continued([(info, tables), ...])   # whole document

A page whose text runs up or down the sheet is read turned upright (``turned``). Words in
charts (plots drawn as bars or series, with their tick labels and legends) are set aside
first. Finders, tried in order: pdfplumber's ruled grids ("lines", from the visible rules,
with open grid sides closed: ``edges``); then, on the words left over, runs of lines
aligned into columns ("hrules" when horizontal rules bound them, else "text").
"""

from __future__ import annotations

import logging
from dataclasses import replace

from pdfplumber.page import Page

from ..records import round_bbox
from ..words import Word, page_words
from . import aligned
from .cells import build_table
from .charts import chart_areas
from .continued import merge_continued
from .gutters import split_columns
from .lines import group_lines, median_height
from .model import PageCell, PageInfo, PageTable
from .ruled import grid_slots, ruled_tables
from .turned import TurnedPage, text_direction

__all__ = ["PageCell", "PageInfo", "PageTable", "find_tables", "merge_continued"]

log = logging.getLogger(__name__)


def _inside(w: Word, b: tuple[float, float, float, float]) -> bool:
    cx = (w["x0"] + w["x1"]) / 2
    cy = (w["top"] + w["bottom"]) / 2
    return b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1


def _mostly_inside(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    return w * h >= 0.5 * (a[2] - a[0]) * (a[3] - a[1])


def find_tables(page: Page, words: list[Word]) -> list[PageTable]:
    """Tables of ``page`` (top to bottom); ``words`` are :func:`extractor.words.page_words`.

    A page whose text runs up or down the sheet is read turned upright; the boxes of the
    tables and cells found are given in the page's own coordinates."""
    direction = text_direction(page.chars)
    if direction is None:
        return _find(page, words)
    turned = TurnedPage(page, direction)
    return [_turn_back(t, turned) for t in _find(turned, page_words(turned))]


def _turn_back(t: PageTable, turned: TurnedPage) -> PageTable:
    cells = [replace(c, bbox=round_bbox(turned.box_back(c.bbox))) for c in t.cells]
    return replace(t, bbox=round_bbox(turned.box_back(t.bbox)), cells=cells)


def _find(page: Page, words: list[Word]) -> list[PageTable]:
    page_no = int(page.page_number)
    found: list[PageTable] = []
    heights = sorted(w["bottom"] - w["top"] for w in words)
    charts = chart_areas(page.rects, page.curves, page.lines, words, heights[len(heights) // 2] if heights else 10.0)
    words = [w for w in words if not any(_inside(w, b) for b in charts)]
    for t in ruled_tables(page):
        if any(_mostly_inside(t.bbox, b) for b in charts):
            continue
        g = grid_slots(t, words)
        if g is None:
            continue
        table = build_table(page_no, t.bbox, "lines", g[0], g[1], g[2])
        if table is not None:
            found.append(table)
    rest = [w for w in words if not any(_inside(w, t.bbox) for t in found)]
    found.extend(_aligned_tables(page, rest))
    found.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    log.debug("page %d: %d tables", page_no, len(found))
    return found


def _aligned_tables(page: Page, words: list[Word]) -> list[PageTable]:
    rules = aligned.horizontal_rules(page.edges)
    out: list[PageTable] = []
    for block in split_columns(group_lines(words), float(page.width)):
        out.extend(_aligned_in(page, block, rules))
    return out


def _aligned_in(page: Page, words: list[Word], rules: list[aligned.Rule]) -> list[PageTable]:
    lines = group_lines(words)
    if not lines:
        return []
    height = median_height(lines)
    area = float(page.width) * float(page.height)
    out = []
    for region in aligned.regions(lines, float(page.width)):
        region = aligned.clip_to_frame(aligned.extend_up(region, lines), page.rects, area)
        region = aligned.drop_above_top_rule(region, rules, height)
        if len(region) < 2:
            continue
        g = aligned.table_slots(region)
        if g is None:
            continue
        slots, n_rows, n_cols, bottoms = g
        if n_rows < 2 or (n_rows < 3 and n_cols < 3):
            continue
        box = aligned.lines_bbox(region)
        if aligned.looks_like_chart(box, page.curves, page.lines):
            continue
        near = aligned.rules_near(rules, box, height)
        n_header = aligned.header_from_rules(near, box, bottoms, [region[0].top])
        method = "hrules" if near else "text"
        table = build_table(
            int(page.page_number),
            aligned.grid_bbox(box, near),
            method,
            slots,
            n_rows,
            n_cols,
            n_header,
            [(r.x0, r.x1, r.y) for r in rules if r.x0 < box[2] and r.x1 > box[0] and box[1] <= r.y <= box[3]],
        )
        if table is not None and table.n_cols >= 2:
            out.append(table)
    return out
