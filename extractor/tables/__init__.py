"""Find tables on a page and join the parts of tables continued across pages.

    tables = find_tables(page, words)        # one page: ruled, rule-delimited, aligned
    logical = merge_continued([(info, tables), ...])   # whole document

Finders, tried in order: pdfplumber's ruled grids ("lines"); then, on the words left over,
runs of lines aligned into columns ("hrules" when horizontal rules bound them, else "text").
"""

from __future__ import annotations

import logging

from pdfplumber.page import Page

from ..words import Word
from . import aligned
from .cells import build_table
from .continued import merge_continued
from .lines import group_lines, median_height
from .model import PageCell, PageInfo, PageTable
from .ruled import grid_slots, ruled_tables

__all__ = ["PageCell", "PageInfo", "PageTable", "find_tables", "merge_continued"]

log = logging.getLogger(__name__)


def _inside(w: Word, b: tuple[float, float, float, float]) -> bool:
    cx = (w["x0"] + w["x1"]) / 2
    cy = (w["top"] + w["bottom"]) / 2
    return b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1


def find_tables(page: Page, words: list[Word]) -> list[PageTable]:
    """Tables of ``page`` (top to bottom); ``words`` are :func:`extractor.words.page_words`."""
    page_no = int(page.page_number)
    found: list[PageTable] = []
    for t in ruled_tables(page):
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
    lines = group_lines(words)
    if not lines:
        return []
    rules = aligned.horizontal_rules(page.edges)
    height = median_height(lines)
    out = []
    for region in aligned.regions(lines, float(page.width)):
        region = aligned.extend_up(region, lines)
        g = aligned.table_slots(region)
        if g is None:
            continue
        slots, n_rows, n_cols, bottoms = g
        if n_rows < 2 or (n_rows < 3 and n_cols < 3):
            continue
        box = (min(ln.x0 for ln in region), region[0].top, max(ln.x1 for ln in region), region[-1].bottom)
        if aligned.looks_like_chart(box, page.curves, page.lines):
            continue
        near = aligned.rules_near(rules, box, height)
        n_header = aligned.header_from_rules(near, box, bottoms, [region[0].top])
        method = "hrules" if near else "text"
        table = build_table(
            int(page.page_number), aligned.grid_bbox(box, near), method, slots, n_rows, n_cols, n_header
        )
        if table is not None and table.n_cols >= 2:
            out.append(table)
    return out
