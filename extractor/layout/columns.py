"""Columns: find whitespace gutters and put a page's lines in reading order.

A gutter is a vertical strip of the page that almost no word crosses while many words
end just left of it and many start just right of it (the ragged or justified edges of
two columns). Words that cross a gutter (a masthead, a full-width title, a centred page
number) make full-width lines (column 0); they cut the page into bands, and inside a
band the lines are read column by column, left to right.
"""

from __future__ import annotations

from .lines import Line, Word, finish_line, group_lines

#: Width of the bins used to scan for gutters, in points.
BIN = 2.0
#: Gutters are searched for between these fractions of the page width.
SEARCH = (0.2, 0.8)
#: How far from a candidate gutter word edges count as column edges (page-width fraction).
REACH = 0.25
#: A gutter bin is crossed by at most this fraction of the text on either side of it.
MAX_CROSSING = 0.06
#: Text on each side of a gutter must weigh at least this many lines.
MIN_LINES = 6


def find_gutters(words: list[Word], width: float) -> list[float]:
    """X positions of the column gutters of a page (empty for single-column text)."""
    if len(words) < 2 * MIN_LINES:
        return []
    n = int(width / BIN) + 2
    crossing = [0.0] * n
    ends = [0.0] * n  # weight of words whose right edge falls in the bin
    starts = [0.0] * n
    heights = []
    ordered = sorted(words, key=lambda w: (round(w["bottom"]), w["x0"]))
    for i, w in enumerate(ordered):
        h = float(w["bottom"] - w["top"])
        heights.append(h)
        a, b = int(w["x0"] / BIN), int(w["x1"] / BIN)
        if b >= n or a < 0:
            continue
        crossing[a + 1] += h
        crossing[b] -= h  # difference array: covered bins are a+1 .. b-1
        # Only edges facing wide whitespace (a line end or start, a gutter) count.
        if _gap(ordered, i, i + 1) >= w["size"]:
            ends[b] += h
        if _gap(ordered, i - 1, i) >= w["size"]:
            starts[a] += h
    run = 0.0
    for i in range(n):
        run += crossing[i]
        crossing[i] = run
    reach = max(int(REACH * width / BIN), 1)
    ends_cum = _cumulative(ends)
    starts_cum = _cumulative(starts)
    line_h = sorted(heights)[len(heights) // 2]
    lo, hi = int(SEARCH[0] * width / BIN), int(SEARCH[1] * width / BIN)
    good = []
    for i in range(lo, min(hi, n - reach - 1)):
        left = ends_cum[i + 1] - ends_cum[max(i + 1 - reach, 0)]
        right = starts_cum[i + reach] - starts_cum[i]
        side = min(left, right)
        if side >= MIN_LINES * line_h and crossing[i] <= MAX_CROSSING * side:
            good.append(i)
    return [g * BIN + BIN / 2 for g in _run_centres(good, crossing)]


def _spread_rows(col_lines: dict[int, list[Line]]) -> list[list[Word]]:
    """Rows whose words are spread across a gutter no wider than their own word gaps.

    A letter-spaced masthead ("CENTRAL   BANK   OF   RURITANIA") or a dateline
    ("Volume 13      Issue 11      November 2022") is one full-width line, not two
    column lines. Such lines are removed from ``col_lines`` and returned as word lists.
    """
    rows: list[list[Word]] = []
    cols = sorted(col_lines)
    for left_col, right_col in zip(cols, cols[1:], strict=False):
        for a in list(col_lines[left_col]):
            for b in col_lines[right_col]:
                if abs(a.bottom - b.bottom) > 1.0 or abs(a.size - b.size) > 0.5:
                    continue
                inner = max(a.max_gap, b.max_gap)
                if b.x0 - a.x1 <= max(1.5 * a.size, 1.2 * inner):
                    rows.append(a.words + b.words)
                    col_lines[left_col].remove(a)
                    col_lines[right_col].remove(b)
                    break
    return rows


def _gap(words: list[Word], i: int, j: int) -> float:
    """Horizontal gap between words ``i`` and ``j`` if they share a row, else infinity."""
    if i < 0 or j >= len(words) or abs(words[i]["bottom"] - words[j]["bottom"]) > 1.5:
        return float("inf")
    return float(words[j]["x0"] - words[i]["x1"])


def _cumulative(values: list[float]) -> list[float]:
    out = [0.0]
    for v in values:
        out.append(out[-1] + v)
    return out


def _run_centres(bins: list[int], crossing: list[float]) -> list[int]:
    """The least-crossed bin (middle one on ties) of each run of consecutive bins."""
    runs: list[list[int]] = []
    for b in bins:
        if runs and b == runs[-1][-1] + 1:
            runs[-1].append(b)
        else:
            runs.append([b])
    centres = []
    for r in runs:
        least = min(crossing[b] for b in r)
        ties = [b for b in r if crossing[b] <= least + 1e-6]
        centres.append(ties[len(ties) // 2])
    return centres


def column_lines(words: list[Word], gutters: list[float]) -> list[Line]:
    """The lines of a page in reading order, with ``column`` and ``band`` set."""
    if not gutters:
        lines = group_lines(words, 0)
        for ln in lines:
            ln.band = 0
        return lines
    spanning = [w for w in words if any(w["x0"] < g < w["x1"] for g in gutters)]
    rest = [w for w in words if not any(w["x0"] < g < w["x1"] for g in gutters)]
    full = group_lines(spanning, 0)
    # Column words on the same row as a full-width line belong to that line.
    absorbed: list[list[Word]] = [list(ln.words) for ln in full]
    columns: dict[int, list[Word]] = {}
    for w in rest:
        h = w["bottom"] - w["top"]
        for i, ln in enumerate(full):
            if min(ln.bottom, w["bottom"]) - max(ln.top, w["top"]) >= 0.5 * min(h, ln.bottom - ln.top):
                absorbed[i].append(w)
                break
        else:
            col = 1 + sum(1 for g in gutters if (w["x0"] + w["x1"]) / 2 > g)
            columns.setdefault(col, []).append(w)
    col_lines = {c: group_lines(ws, c) for c, ws in sorted(columns.items())}
    absorbed.extend(_spread_rows(col_lines))
    full = sorted((finish_line(ws, 0) for ws in absorbed), key=lambda ln: ln.top)
    ordered: list[Line] = []
    band = 0
    for cut in [*full, None]:
        limit = cut.top if cut is not None else float("inf")
        for c in sorted(col_lines):
            for ln in col_lines[c]:
                if ln.top < limit:
                    ln.band = band
                    ordered.append(ln)
            col_lines[c] = [ln for ln in col_lines[c] if ln.top >= limit]
        band += 1
        if cut is not None:
            cut.band = band
            ordered.append(cut)
            band += 1
    return ordered
