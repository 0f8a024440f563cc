"""Charts drawn as vector graphics: where they are, so that their tick labels, axis titles
and legends are not taken for a table.

A plot is recognised by its marks, never by its text: bars (five or more filled rectangles
of one width standing on a common baseline, most of them of different lengths) or data series (open
curves, or chains of slanted line pieces, running across the page). The chart's area is
the plot grown by a margin of a few line heights (tick labels, axis titles, legend), or the
frame drawn around the plot when there is one.
"""

from __future__ import annotations

import statistics
from typing import Any

from ..records import BBox

Obj = dict[str, Any]

MIN_BARS = 5
MIN_BAR_WIDTH = 1.0  # points; thinner filled rectangles are rules
DISTINCT_LENGTHS = 0.5  # share of a bar group's lengths (to 0.1 pt) that differ
MIN_SERIES_WIDTH = 40.0  # points a data series runs across
MIN_SLANTED = 5  # slanted line pieces that draw one series
#: A frame up to this many times the plot's area is the chart's own frame.
FRAME_AREA_RATIO = 3.0
MARGIN_X = 3.0  # line heights left and right of the plot (tick labels, axis titles)
MARGIN_Y = 5.0  # line heights above and below the plot (tick labels, legend, source)


def _box(o: Obj) -> BBox:
    return (float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]))


def _union(a: BBox, b: BBox) -> BBox:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _area(b: BBox) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def _near(a: BBox, b: BBox, gap: float) -> bool:
    return a[0] - gap <= b[2] and b[0] - gap <= a[2] and a[1] - gap <= b[3] and b[1] - gap <= a[3]


def _holds_text(b: BBox, centres: list[tuple[float, float]]) -> bool:
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for x, y in centres)


def _bars_on(rects: list[Obj], key: str, length: str, across: str, centres: list[tuple[float, float]]) -> list[BBox]:
    """Groups of bars sharing the edge ``key`` (e.g. "bottom" for columns standing on an axis)."""
    groups: dict[int, list[Obj]] = {}
    for r in rects:
        if float(r[length]) > 1.5 * float(r[across]) and float(r[across]) >= MIN_BAR_WIDTH:
            groups.setdefault(round(float(r[key]) * 2), []).append(r)
    out = []
    for g in groups.values():
        if len(g) < MIN_BARS:
            continue
        widths = [float(r[across]) for r in g]
        w = statistics.median(widths)
        bars = [r for r, x in zip(g, widths, strict=True) if abs(x - w) <= 0.25 * w + 0.2]
        lengths = {round(float(r[length]), 1) for r in bars}
        if len(bars) < MIN_BARS or len(lengths) < max(MIN_BARS, DISTINCT_LENGTHS * len(bars)):
            continue  # rule pieces and cell shading repeat a few lengths; data bars do not
        if sum(1 for r in bars if _holds_text(_box(r), centres)) > 0.1 * len(bars):
            continue  # shaded table cells hold text; bars do not
        box = _box(bars[0])
        for r in bars[1:]:
            box = _union(box, _box(r))
        out.append(box)
    return out


def _bars(rects: list[Obj], words: list[Obj]) -> list[BBox]:
    filled = [r for r in rects if r.get("fill") and float(r["width"]) > 0 and float(r["height"]) > 0]
    c = [((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2) for w in words]
    return (
        _bars_on(filled, "bottom", "height", "width", c)
        + _bars_on(filled, "top", "height", "width", c)
        + _bars_on(filled, "x0", "width", "height", c)
        + _bars_on(filled, "x1", "width", "height", c)
    )


def _is_series(curve: Obj) -> bool:
    pts = curve.get("pts") or []
    if len(pts) < 6 or float(curve["x1"]) - float(curve["x0"]) < MIN_SERIES_WIDTH:
        return False
    (ax, ay), (bx, by) = pts[0], pts[-1]
    if abs(ax - bx) < 1 and abs(ay - by) < 1:
        return False  # a closed outline (a frame with round corners, a glyph)
    forward = sum(1 for p, q in zip(pts, pts[1:], strict=False) if q[0] >= p[0] - 0.1)
    return forward >= 0.9 * (len(pts) - 1)


def _slanted_series(lines: list[Obj]) -> list[BBox]:
    slanted = [
        _box(ln)
        for ln in lines
        if abs(float(ln["x1"]) - float(ln["x0"])) > 1 and abs(float(ln["bottom"]) - float(ln["top"])) > 1
    ]
    chains: list[tuple[BBox, int]] = []
    for b in sorted(slanted):
        if chains and _near(chains[-1][0], b, 1.0):
            chains[-1] = (_union(chains[-1][0], b), chains[-1][1] + 1)
        else:
            chains.append((b, 1))
    return [b for b, n in chains if n >= MIN_SLANTED and b[2] - b[0] >= MIN_SERIES_WIDTH]


def _merge(boxes: list[BBox], gap: float) -> list[BBox]:
    out: list[BBox] = []
    for b in boxes:
        merged = True
        while merged:
            merged = False
            for i, o in enumerate(out):
                if _near(o, b, gap):
                    b = _union(b, out.pop(i))
                    merged = True
                    break
        out.append(b)
    return out


def plot_areas(rects: list[Obj], curves: list[Obj], lines: list[Obj], words: list[Obj]) -> list[BBox]:
    """Boxes around the marks of each chart (bars and series, near ones joined)."""
    marks = _bars(rects, words) + [_box(c) for c in curves if _is_series(c)] + _slanted_series(lines)
    return _merge(marks, 10.0)


def chart_areas(rects: list[Obj], curves: list[Obj], lines: list[Obj], words: list[Obj], height: float) -> list[BBox]:
    """Each chart's extent: its frame if one is drawn round the plot, else the plot and a margin."""
    out = []
    for plot in plot_areas(rects, curves, lines, words):
        grown = (
            plot[0] - MARGIN_X * height,
            plot[1] - MARGIN_Y * height,
            plot[2] + MARGIN_X * height,
            plot[3] + MARGIN_Y * height,
        )
        frames = [
            _box(r) for r in rects if _contains(_box(r), plot) and _area(_box(r)) <= FRAME_AREA_RATIO * _area(plot)
        ]
        if frames:
            grown = _union(grown, max(frames, key=_area))
        out.append(grown)
    return out


def _contains(outer: BBox, inner: BBox) -> bool:
    return (
        outer[0] <= inner[0] + 1 and outer[1] <= inner[1] + 1 and outer[2] >= inner[2] - 1 and outer[3] >= inner[3] - 1
    )
