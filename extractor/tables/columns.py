"""Cells of one line of an aligned table: its segments placed in the table's columns.

A segment that runs over several columns stays one spanning cell, unless spaces wider than
a word space part words whose centres fall in different columns (closely set headers).
"""

from __future__ import annotations

import statistics

from ..words import Word
from .lines import SEGMENT_GAP, Line, Segment

WIDE_SPACE = 1.2  # word spaces: a wider space between words over two columns parts them


def _col_range(seg: Segment, cols: list[tuple[float, float]]) -> tuple[int, int]:
    hit = [j for j, (a, b) in enumerate(cols) if seg.x0 < b and seg.x1 > a]
    if not hit:
        mid = (seg.x0 + seg.x1) / 2
        j = min(range(len(cols)), key=lambda k: min(abs(mid - cols[k][0]), abs(mid - cols[k][1])))
        return j, j + 1
    return hit[0], hit[-1] + 1


def word_space(region: list[Line]) -> float:
    """The usual space between words of one segment, in font sizes."""
    gaps = [
        (b["x0"] - a["x1"]) / ln.size
        for ln in region
        for seg in ln.segments
        for a, b in zip(seg.words, seg.words[1:], strict=False)
    ]
    return statistics.median(gaps) if gaps else SEGMENT_GAP / 2


def _split_at_columns(seg: Segment, cols: list[tuple[float, float]], space: float, size: float) -> list[Segment]:
    """A segment over several columns is split where a space wider than a word space
    parts words whose centres fall in different columns (boundaries midway between
    columns): closely set headers ("method | method | sterilization") run into one segment,
    while a spanning head ("Modern method") keeps its plain word spaces."""
    c0, c1 = _col_range(seg, cols)
    if c1 - c0 < 2 or len(seg.words) < 2:
        return [seg]
    bounds = [(cols[j - 1][1] + cols[j][0]) / 2 for j in range(1, len(cols))]

    def col(w: Word) -> int:
        return sum(1 for x in bounds if x <= (w["x0"] + w["x1"]) / 2)

    pieces: list[Segment] = []
    for w in seg.words:
        if pieces:
            last = pieces[-1].words[-1]
            if w["x0"] - last["x1"] <= WIDE_SPACE * space * size or col(w) == col(last):
                pieces[-1].words.append(w)
                pieces[-1].x1 = max(pieces[-1].x1, w["x1"])
                continue
        pieces.append(Segment([w], w["x0"], w["x1"]))
    return pieces


def line_cells(line: Line, cols: list[tuple[float, float]], space: float) -> dict[int, tuple[int, list[Word]]]:
    cells: dict[int, tuple[int, list[Word]]] = {}
    segs = line.segments
    if len(segs) >= 2:  # a row of cells, not one text (a section row) across the table
        segs = [p for s in segs for p in _split_at_columns(s, cols, space, line.size)]
    for seg in segs:
        c0, c1 = _col_range(seg, cols)
        # a segment starting in a column already used by this line joins that cell
        if c0 in cells:
            end, ws = cells[c0]
            cells[c0] = (max(end, c1), ws + seg.words)
        else:
            cells[c0] = (c1, list(seg.words))
    return cells
