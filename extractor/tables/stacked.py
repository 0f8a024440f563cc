"""Rows of a ruled grid drawn without rules between them: one ruled row (or a few joined by
a cell spanning them) whose cells stack several lines of text that line up across columns
("Exports / Imports" beside "259 / 299") is split into one row per line of text.

A line joins the block above it when it follows closely (a wrapped cell), so a label that
wraps within its cell is never split; only cells whose blocks are single lines are split.
A sub-row needs text in at least half the columns of the row (two at least); a cell
with a single block of text (a label centred over its sub-rows) spans the sub-rows it covers.
"""

from __future__ import annotations

import statistics

from ..words import Word
from .cells import Slot
from .lines import group_lines

Block = tuple[float, float, list[Word], int]  # centre, height, words, number of lines
WRAP_GAP = 0.6  # line heights between lines of one wrapped block of text
TOLERANCE = 0.6  # line heights between blocks of one sub-row


def _blocks(slot: Slot) -> list[Block]:
    """(centre, height, words, lines) of each block of closely spaced lines in the slot."""
    out: list[tuple[float, float, float, list[Word], int]] = []  # top, bottom, height, words, lines
    for ln in group_lines(slot.words):
        h = ln.bottom - ln.top
        if out and ln.top - out[-1][1] < WRAP_GAP * max(h, out[-1][2]):
            t, _, oh, ws, n = out[-1]
            out[-1] = (t, ln.bottom, max(oh, h), ws + ln.words, n + 1)
        else:
            out.append((ln.top, ln.bottom, h, list(ln.words), 1))
    return [((t + b) / 2, h, ws, n) for t, b, h, ws, n in out]


def _bands(slots: list[Slot], blocks: dict[int, list[Block]], n_rows: int) -> list[tuple[int, int]]:
    """Runs of grid rows joined by spanning cells that stack several blocks."""
    end = list(range(n_rows))
    for s in slots:
        if s.row_span > 1 and len(blocks[id(s)]) >= 2:
            for r in range(s.row, s.row + s.row_span):
                end[r] = max(end[r], s.row + s.row_span - 1)
    bands = []
    r = 0
    while r < n_rows:
        last = end[r]
        k = r
        while k <= last:
            last = max(last, end[k])
            k += 1
        bands.append((r, last))
        r = last + 1
    return bands


def _sub_rows(inside: list[Slot], blocks: dict[int, list[Block]], n_band: int) -> list[float] | None:
    found = [(c, s.col) for s in inside for c, _, _, _ in blocks[id(s)]]
    heights = [h for s in inside for _, h, _, _ in blocks[id(s)]]
    if not found:
        return None
    tol = TOLERANCE * statistics.median(heights)
    clusters: list[list[tuple[float, int]]] = []
    for c, col in sorted(found):
        if clusters and c - clusters[-1][-1][0] <= tol:
            clusters[-1].append((c, col))
        else:
            clusters.append([(c, col)])
    need = max(2, len({s.col for s in inside if s.words}) // 2)
    kept = [statistics.mean(c for c, _ in cl) for cl in clusters if len({col for _, col in cl}) >= need]
    if len(kept) <= n_band:
        return None
    stacked = [
        s
        for s in inside
        if len({_nearest(kept, c) for c, _, _, _ in blocks[id(s)]}) >= 2 and all(b[3] == 1 for b in blocks[id(s)])
    ]
    return kept if stacked else None


def _nearest(centres: list[float], y: float) -> int:
    return min(range(len(centres)), key=lambda i: abs(centres[i] - y))


def split_stacked_rows(slots: list[Slot], ys: list[float]) -> tuple[list[Slot], int]:
    """Slots with stacked rows split; ``ys`` are the grid's row lines. Returns (slots, n_rows)."""
    n_rows = len(ys) - 1
    blocks = {id(s): _blocks(s) if s.words else [] for s in slots}
    first = list(range(n_rows))  # old row -> first new row
    last = list(range(n_rows))  # old row -> last new row
    split: list[tuple[int, int, list[float]]] = []
    shift = 0
    for r0, r1 in _bands(slots, blocks, n_rows):
        inside = [s for s in slots if r0 <= s.row and s.row + s.row_span - 1 <= r1]
        subs = _sub_rows(inside, blocks, r1 - r0 + 1)
        if subs is None:
            for r in range(r0, r1 + 1):
                first[r] = last[r] = r + shift
            continue
        split.append((r0, r1, subs))
        for r in range(r0, r1 + 1):
            first[r], last[r] = r0 + shift, r0 + shift + len(subs) - 1
        shift += len(subs) - (r1 - r0 + 1)
    if not split:
        return slots, n_rows
    out: list[Slot] = []
    for s in slots:
        band = next((b for b in split if b[0] <= s.row and s.row + s.row_span - 1 <= b[1]), None)
        if band is None:
            end = last[s.row + s.row_span - 1]
            out.append(Slot(first[s.row], s.col, s.bbox, s.words, end - first[s.row] + 1, s.col_span))
        else:
            out.extend(_split_slot(s, blocks[id(s)], band, ys, first[band[0]]))
    return out, n_rows + shift


def _split_slot(
    s: Slot,
    blocks: list[Block],
    band: tuple[int, int, list[float]],
    ys: list[float],
    base: int,
) -> list[Slot]:
    r0, r1, subs = band
    cuts = [ys[r0]] + [_cut(a, b, ys) for a, b in zip(subs, subs[1:], strict=False)] + [ys[r1 + 1]]
    parts: dict[int, list[Word]] = {}
    for c, _, ws, _ in blocks:
        parts.setdefault(_nearest(subs, c), []).extend(ws)
    if len(parts) >= 2:
        return [
            Slot(base + k, s.col, (s.bbox[0], cuts[k], s.bbox[2], cuts[k + 1]), ws, 1, s.col_span)
            for k, ws in sorted(parts.items())
        ]
    covered = [k for k, c in enumerate(subs) if s.bbox[1] <= c <= s.bbox[3]]
    if not covered:
        covered = [_nearest(subs, (s.bbox[1] + s.bbox[3]) / 2)]
    return [Slot(base + covered[0], s.col, s.bbox, s.words, len(covered), s.col_span)]


def _cut(a: float, b: float, ys: list[float]) -> float:
    """A ruled line between two sub-rows if there is one, else the midpoint."""
    between = [y for y in ys if a < y < b]
    return between[0] if between else (a + b) / 2
