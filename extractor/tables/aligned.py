"""Unruled tables ("text") and tables ruled by horizontal lines only ("hrules").

A table is a run of lines whose words fall into the same columns: consecutive lines with
two or more segments (runs of words split by wide gaps) and short cells. Column
boundaries come from the whitespace left uncovered by the segments of the fullest lines;
rows are lines, with multi-line cells merged back (a line with no number that adds text
only to columns already open in the line above, or a tightly spaced stub-only line).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..records import BBox, union_bbox
from ..words import Word
from .cells import Slot, words_bbox
from .columns import line_cells, word_space
from .lines import HAS_DIGIT_RE, Line, is_justified, is_numeric, median_height

CAPTION_RE = re.compile(
    r"^(Table|Figure|Fig\.|Chart|Graph|Box|Annex|Appendix|Exhibit|Map)\s+[A-Z0-9][\w.\-–—]{0,10}[.:]?(\s|$)",
    re.IGNORECASE,
)
NOTE_RE = re.compile(r"^(Sources?|Notes?|Source and notes?|Nota|Quelle)\s*[:.]", re.IGNORECASE)
MAX_WORDS_PER_CELL_LINE = 5.0  # mean words per segment of a tabular line (prose has more)
MAX_FILLER_WORDS = 8  # a one-segment line inside a table (wrapped cell, section row)
GAP_FACTOR = 2.2  # lines further apart than this many line heights are not one table
MIN_RULE_WIDTH = 30.0
FULL_RULE = 0.9  # share of the table's width a rule crosses to separate header from body
PROSE_WORDS = 8  # a segment with this many words is running text, not a cell
WRAP_GAP = 0.4  # a line this close (in line heights) below a row continues its cells
LIST_MARK_RE = re.compile(r"^(?:[\u2022\u25aa\u25cf\u2013\u2014\uf0a7\uf0b7\uf0d8*o\-]|\(?\w{1,3}[.)]|\(cid:\d+\))$")


@dataclass
class Rule:
    x0: float
    x1: float
    y: float


def horizontal_rules(edges: list[dict]) -> list[Rule]:
    """Horizontal edges at least MIN_RULE_WIDTH long, collinear pieces joined."""
    hs = sorted((e for e in edges if e.get("orientation") == "h"), key=lambda e: (round(e["top"]), e["x0"]))
    rules: list[Rule] = []
    for e in hs:
        y = float(e["top"])
        if rules and abs(rules[-1].y - y) <= 1.0 and e["x0"] <= rules[-1].x1 + 2:
            rules[-1].x1 = max(rules[-1].x1, float(e["x1"]))
        else:
            rules.append(Rule(float(e["x0"]), float(e["x1"]), y))
    return [r for r in rules if r.x1 - r.x0 >= MIN_RULE_WIDTH]


def is_boundary(line: Line) -> bool:
    text = line.text
    return bool(CAPTION_RE.match(text) or NOTE_RE.match(text))


def is_tabular(line: Line) -> bool:
    n = len(line.segments)
    return (
        n >= 2
        and len(line.words) / n <= MAX_WORDS_PER_CELL_LINE
        and not is_boundary(line)
        and not any(len(s.words) >= PROSE_WORDS for s in line.segments)
    )


def _is_filler(line: Line, page_width: float) -> bool:
    return (
        not is_boundary(line)
        and not is_justified(line.words, line.size)
        and len(line.segments) <= 2
        and (len(line.words) <= MAX_FILLER_WORDS or line.x1 - line.x0 < 0.45 * page_width)
    )


def _wraps(a: Line, b: Line) -> bool:
    return b.top - a.bottom <= WRAP_GAP * (a.bottom - a.top) and abs(b.size - a.size) < 0.6


def _is_list(region: list[Line]) -> bool:
    """Bulleted or numbered items: every line starts with a short marker segment."""
    firsts = [ln.segments[0].text for ln in region if len(ln.segments) >= 2]
    return bool(firsts) and all(LIST_MARK_RE.match(t) for t in firsts)


def regions(lines: list[Line], page_width: float) -> list[list[Line]]:
    """Runs of lines that may form a table (tabular lines with filler lines between)."""
    height = median_height(lines)
    out: list[list[Line]] = []
    cur: list[Line] = []

    def close() -> None:
        last = max((i for i, ln in enumerate(cur) if is_tabular(ln)), default=-1)
        keep = last + 1
        while keep < len(cur) and _wraps(cur[keep - 1], cur[keep]):
            keep += 1  # tightly spaced lines after the last row: its wrapped cells
        del cur[keep:]
        if sum(1 for ln in cur if is_tabular(ln)) >= 2 and not _is_list(cur):
            out.append(list(cur))
        cur.clear()

    for line in lines:
        near = bool(cur) and line.top - cur[-1].bottom <= GAP_FACTOR * max(height, cur[-1].bottom - cur[-1].top)
        if cur and not near:
            close()
        if is_tabular(line):
            cur.append(line)
        elif cur and _is_filler(line, page_width):
            cur.append(line)
        elif cur:
            close()
    close()
    return out


def extend_up(region: list[Line], lines: list[Line]) -> list[Line]:
    """Add up to two short header lines right above the region (spanning column heads)."""
    i = lines.index(region[0])
    size = statistics.median(ln.size for ln in region)
    x0 = min(ln.x0 for ln in region)
    x1 = max(ln.x1 for ln in region)
    added: list[Line] = []
    top = region[0]
    for ln in reversed(lines[max(0, i - 2) : i]):
        if (
            is_boundary(ln)
            or ln.size > size + 0.6
            or len(ln.words) > 6
            or ln.x0 < x0 - 2
            or ln.x1 > x1 + 2
            or top.top - ln.bottom > 1.2 * (top.bottom - top.top)
            or ln.x0 <= x0 + 2
        ):
            break
        added.insert(0, ln)
        top = ln
    return added + region


def clip_to_frame(region: list[Line], rects: list[dict], page_area: float) -> list[Line]:
    """A box drawn round the first line of the region ends the table where the box ends (or
    where the boxes stacked under it with the same sides end)."""
    first = region[0]

    def area(r: dict) -> float:
        return float((r["x1"] - r["x0"]) * (r["bottom"] - r["top"]))

    frames = [
        r
        for r in rects
        if r["x0"] <= first.x0
        and r["x1"] >= first.x1
        and r["top"] <= first.top
        and r["bottom"] >= first.bottom
        and area(r) < 0.5 * page_area
    ]
    if not frames:
        return region
    f = min(frames, key=area)
    stack = [r for r in rects if abs(r["x0"] - f["x0"]) <= 2 and abs(r["x1"] - f["x1"]) <= 2]
    kept = []
    for ln in region:
        mid = (ln.top + ln.bottom) / 2
        if not any(r["top"] <= mid <= r["bottom"] for r in stack):
            break
        kept.append(ln)
    return kept


def columns(region: list[Line]) -> list[tuple[float, float]]:
    """Column extents from the whitespace between segments of the fullest lines."""
    tab = [ln for ln in region if is_tabular(ln)]
    need = max(2, int(statistics.median_low(len(ln.segments) for ln in tab)))
    use = [ln for ln in tab if len(ln.segments) >= need]
    spans = sorted((s.x0, s.x1) for ln in use for s in ln.segments)
    cols: list[list[float]] = []
    for a, b in spans:
        if cols and a <= cols[-1][1] + 0.5:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    return [(a, b) for a, b in cols]


def _lower_start(words: list[Word]) -> bool:
    return bool(words) and words[0]["text"][:1].islower()


def _gap(a: Line, b: Line) -> float:
    return b.top - a.bottom


def rows_of(
    region: list[Line], cols: list[tuple[float, float]]
) -> list[list[tuple[Line, dict[int, tuple[int, list[Word]]]]]]:
    pairs = [_gap(a, b) for a, b in zip(region, region[1:], strict=False) if is_tabular(a) and is_tabular(b)]
    ref = statistics.median(pairs) if pairs else None
    space = word_space(region)
    rows: list[list[tuple[Line, dict[int, tuple[int, list[Word]]]]]] = []
    for line in region:
        cells = line_cells(line, cols, space)
        if rows:
            prev_line, prev_cells = rows[-1][-1]
            numeric = any(HAS_DIGIT_RE.search(s.text) and is_numeric(s.text) for s in line.segments)
            gap = _gap(prev_line, line)
            cont = False
            if not numeric and 0 not in cells and set(cells) <= set(prev_cells):
                cont = ref is None or gap <= 1.3 * ref + 0.5
            elif not numeric and set(cells) == {0} and 0 in prev_cells and ref is not None:
                cont = gap < 0.7 * ref
            elif len(rows[-1]) == 1 and set(prev_cells) == {0} and 0 in cells and _lower_start(cells[0][1]):
                cont = ref is None or gap <= 1.3 * ref + 0.5  # a stub wrapped onto its row's line
            if cont:
                rows[-1].append((line, cells))
                continue
        rows.append([(line, cells)])
    return rows


def table_slots(region: list[Line]) -> tuple[list[Slot], int, int, list[float]] | None:
    cols = columns(region)
    if len(cols) < 2:
        return None
    rows = rows_of(region, cols)
    slots: list[Slot] = []
    bottoms: list[float] = []
    for r, row in enumerate(rows):
        acc: dict[int, tuple[int, list[Word]]] = {}
        for _, cells in row:
            for c0, (c1, ws) in cells.items():
                end, old = acc.get(c0, (c0 + 1, []))
                acc[c0] = (max(end, c1), old + ws)
        for c0, (c1, ws) in sorted(acc.items()):
            slots.append(Slot(r, c0, words_bbox(ws), ws, 1, c1 - c0))
        bottoms.append(max(ln.bottom for ln, _ in row))
    return slots, len(rows), len(cols), bottoms


def rules_near(rules: list[Rule], bbox: BBox, height: float) -> list[Rule]:
    x0, top, x1, bottom = bbox
    w = x1 - x0
    return [
        r
        for r in rules
        if min(r.x1, x1) - max(r.x0, x0) >= 0.5 * w and top - 1.5 * height <= r.y <= bottom + 1.5 * height
    ]


def lines_bbox(region: list[Line]) -> BBox:
    return (min(ln.x0 for ln in region), region[0].top, max(ln.x1 for ln in region), region[-1].bottom)


def _full(rule: Rule, bbox: BBox) -> bool:
    """The rule runs across the table (not a spanning header's underline)."""
    return min(rule.x1, bbox[2]) - max(rule.x0, bbox[0]) >= FULL_RULE * (bbox[2] - bbox[0])


def drop_above_top_rule(region: list[Line], rules: list[Rule], height: float) -> list[Line]:
    """Single-segment lines above the rule that opens the table are its caption or units line."""
    box = lines_bbox(region)
    full = [r.y for r in rules_near(rules, box, height) if _full(r, box)]
    if not full:
        return region
    top = min(full)
    k = 0
    while k < len(region) and region[k].bottom <= top + 1 and len(region[k].segments) == 1:
        k += 1
    if k == 0 or k == len(region) or region[k].bottom <= top + 1:
        return region  # nothing to drop, or the header itself sits above the rule
    return region[k:]


def header_from_rules(near: list[Rule], bbox: BBox, bottoms: list[float], tops: list[float]) -> int | None:
    """Rows above the first rule across the table that lies between two rows near its top."""
    for rule in sorted(near, key=lambda r: r.y):
        if rule.y <= tops[0] + 1 or rule.y >= bottoms[-1] - 1 or not _full(rule, bbox):
            continue
        n = sum(1 for b in bottoms if b <= rule.y + 1)
        if 1 <= n <= 4 and n < len(bottoms):
            return n
        return None
    return None


def grid_bbox(words_box: BBox, near: list[Rule]) -> BBox:
    if not near:
        return words_box
    boxes = [words_box] + [(r.x0, r.y, r.x1, r.y) for r in near]
    return union_bbox(boxes)


def looks_like_chart(bbox: BBox, curves: list[dict], lines: list[dict]) -> bool:
    """Plotted series (curves, slanted lines) inside the box: a figure, not a table."""
    x0, top, x1, bottom = bbox

    def inside(o: dict) -> bool:
        return o["x0"] < x1 and o["x1"] > x0 and o["top"] < bottom and o["bottom"] > top

    slanted = [ln for ln in lines if abs(ln["x1"] - ln["x0"]) > 1 and abs(ln["bottom"] - ln["top"]) > 1]
    return sum(1 for o in curves if inside(o)) + sum(1 for o in slanted if inside(o)) >= 3
