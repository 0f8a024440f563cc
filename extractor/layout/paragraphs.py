"""Paragraphs from lines: consecutive lines of one column until something breaks them.

A new paragraph starts at a vertical gap wider than the document's usual line spacing
for that font size, at a change of font size or weight, after a line that ended early
(the next line's first word would have fitted on it: a short last line, which also
catches first-line indents), back at the margin after hanging-indented lines, at a
bullet or a caption/note label, and where tabular lines (words set far apart) meet
running text. Furniture lines and typed
separators stay alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from statistics import median

from .lines import Line
from .patterns import patterns

#: A sentence end early in a line: a run-in head ("Contribution to GDP. Economically").
RUN_IN = re.compile(r"[A-Za-z]{2}[.!?]\s+[A-Z]")

#: Extra spacing (in ems) over the usual line gap that separates paragraphs.
PARA_GAP = 0.35
#: Groups further apart than this many ems are never joined as one interrupted paragraph.
MERGE_GAP = 1.5
#: A line with a gap between words wider than this many ems is a table or chart row.
TABLE_GAP = 2.5


def line_gaps(pages: list[list[Line]]) -> dict[float, float]:
    """The usual vertical gap between consecutive lines of each font size."""
    gaps: dict[float, list[float]] = defaultdict(list)
    for lines in pages:
        for prev, cur in zip(lines, lines[1:], strict=False):
            if _same_flow(prev, cur) and prev.size == cur.size:
                gap = cur.top - prev.bottom
                if -0.5 * cur.size < gap < 1.5 * cur.size:
                    gaps[cur.size].append(gap)
    return {size: median(v) for size, v in gaps.items()}


def is_tabular(line: Line) -> bool:
    return line.max_gap > TABLE_GAP * line.size


def _same_flow(prev: Line, cur: Line) -> bool:
    return prev.column == cur.column and prev.band == cur.band and prev.kind is None and cur.kind is None


def split_paragraphs(lines: list[Line], gaps: dict[float, float]) -> list[list[Line]]:
    """Group a page's lines (in reading order) into paragraphs."""
    right = _right_edges(lines)
    groups: list[list[Line]] = []
    hanging: float | None = None  # the margin of hanging-indented entries (a bibliography)
    for ln in lines:
        if groups and not _breaks(groups[-1], ln, gaps, right) and not _new_entry(groups[-1], ln, hanging):
            groups[-1].append(ln)
        else:
            if groups:
                hanging = _hanging_margin(groups[-1], hanging)
            groups.append([ln])
    return groups


def _hanging_margin(group: list[Line], current: float | None) -> float | None:
    """The margin of a hanging-indented group (lines after the first indented), the
    ``current`` one when the group says nothing, or None after a block-style paragraph
    or a list item."""
    first, rest = group[0], group[1:]
    if patterns().list_item.match(first.text):
        return None  # bulleted items hang from their bullet, not from a margin of entries
    if not rest:
        return current
    if all(ln.x0 > first.x0 + first.size for ln in rest):
        return first.x0
    return None


def _new_entry(group: list[Line], cur: Line, hanging: float | None) -> bool:
    """Among hanging-indented entries, a line back at the margin starts the next entry,
    even after a one-line entry (whose end gives no other sign)."""
    if hanging is None:
        return False
    prev = group[-1]
    at_margin = abs(cur.x0 - hanging) < 0.5 * cur.size
    return at_margin and abs(prev.x0 - hanging) < 0.5 * cur.size and prev.column == cur.column


def _right_edges(lines: list[Line]) -> dict[tuple[int, int], float]:
    edges: dict[tuple[int, int], list[float]] = defaultdict(list)
    for ln in lines:
        edges[(ln.band, ln.column)].append(ln.x1)
    return {k: sorted(v)[int(0.9 * (len(v) - 1))] for k, v in edges.items()}


def _breaks(
    group: list[Line], cur: Line, gaps: dict[float, float], right: dict[tuple[int, int], float]
) -> bool:
    prev = group[-1]
    if not _same_flow(prev, cur):
        return True
    pats = patterns()
    size = max(prev.size, cur.size)
    usual = gaps.get(cur.size, 0.2 * cur.size)
    if cur.top - prev.bottom > usual + PARA_GAP * size or cur.top < prev.top:
        return True
    if abs(prev.size - cur.size) > 0.6 or prev.bold != cur.bold:
        return True
    if is_tabular(prev) != is_tabular(cur):
        return True
    if pats.separator.match(prev.text) or pats.separator.match(cur.text):
        return True
    text = cur.text
    starts_item = pats.list_item.match(text) is not None
    if starts_item or pats.caption.match(text) or pats.note.match(text):
        return True
    if cur.lead_marker is not None:  # a footnote's opening marker
        return True
    edge = right.get((cur.band, cur.column), prev.x1)
    first_word = cur.words[0]["x1"] - cur.words[0]["x0"]
    if prev.x1 + 0.3 * prev.size + first_word < edge - 0.5 * prev.size:
        return True  # the next line's first word would have fitted: the line ended on purpose
    if len(group) > 1 and prev.x0 > cur.x0 + cur.size:
        return True  # back at the margin after indented lines: a new (hanging) entry
    return False


def merge_interrupted(groups: list[list[Line]]) -> list[list[Line]]:
    """Join a paragraph broken by a font change or stray gap to its remainder.

    Two neighbouring groups of the same column and font size merge when the first does
    not end a sentence and either the second starts with a lowercase letter ("Figure
    1.6 shows that ... especially in the" + "nonstate sector, where ...") or the first
    runs to the right edge of the column (a bold run-in line that goes on below).
    """
    pats = patterns()
    right = _right_edges([ln for g in groups for ln in g])
    out: list[list[Line]] = []
    for g in groups:
        if out:
            prev = out[-1]
            last, first = prev[-1], g[0]
            if (
                _same_flow(last, first)
                and abs(last.size - first.size) <= 1.5
                and (
                    first.text[:1].islower()
                    or last.x1 >= right[(last.band, last.column)] - 1.5 * last.size
                    or (len(prev) <= 3 and RUN_IN.search(prev[0].text, 6) is not None)
                )
                and not pats.sentence_end.search(last.text.rstrip())
                and not is_tabular(last)
                and not is_tabular(first)
                and first.lead_marker is None
                and first.top - last.bottom < MERGE_GAP * first.size
                and not (pats.caption.match(first.text) or pats.note.match(first.text))
            ):
                prev.extend(g)
                continue
        out.append(g)
    return out
