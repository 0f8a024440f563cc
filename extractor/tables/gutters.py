"""Columns of running text: split the page at the gutter between two columns of prose, so
that lines of the left and right columns are not read as the cells of one table row.

A gutter is a vertical strip that no word crosses over a run of lines which have text on
both sides of it, where many of those lines hold prose (long or justified pieces of text).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..words import Word
from .lines import Line, is_justified, segments_of

MIN_GUTTER = 6.0  # points of white between the columns
MIN_RUN = 6  # lines with text on both sides of the gutter
PROSE_SHARE = 0.5  # of those lines, at least this share hold prose on one side
PROSE_WORDS = 6  # words in one piece of text that make it prose
STEP = 2.0


def _prose(words: list[Word], size: float) -> bool:
    return is_justified(words, size) or any(len(s.words) >= PROSE_WORDS for s in segments_of(words, size))


class _Scan:
    """The lines seen at each candidate x: which lines a word crosses there (marked once per
    word, not tested at every x) and, per line, whether the pieces either side of a split
    hold prose (worked out once per split, however many x fall between the same words)."""

    def __init__(self, lines: list[Line], xs: list[float]) -> None:
        self.lines = lines
        self.crossed = [bytearray(len(xs)) for _ in lines]
        self.x1s = [sorted(w["x1"] for w in ln.words) for ln in lines]
        for marks, ln in zip(self.crossed, lines, strict=True):
            for w in ln.words:  # x0 - g/2 < x < x1 + g/2, as open bounds
                lo = bisect_right(xs, w["x0"] - MIN_GUTTER / 2)
                hi = bisect_left(xs, w["x1"] + MIN_GUTTER / 2)
                marks[lo:hi] = b"\x01" * max(0, hi - lo)
        self._split: dict[tuple[int, int], tuple[bool, bool]] = {}

    def split(self, i: int, x: float) -> tuple[bool, bool]:
        """(text on both sides of x, prose on one side) for line i, which no word crosses at x."""
        k = bisect_right(self.x1s[i], x)
        key = (i, k)
        if key not in self._split:
            ln = self.lines[i]
            left = [w for w in ln.words if w["x1"] <= x]
            right = [w for w in ln.words if w["x0"] >= x]
            both = bool(left and right)
            self._split[key] = (both, both and (_prose(left, ln.size) or _prose(right, ln.size)))
        return self._split[key]

    def runs(self, j: int, x: float) -> list[tuple[int, int, int, int]]:
        """(first, last, two-sided lines, prose lines) for each run of lines not crossing x."""
        out = []
        start, both, prose = None, 0, 0
        for i in range(len(self.lines) + 1):
            if i == len(self.lines) or self.crossed[i][j]:
                if start is not None:
                    out.append((start, i - 1, both, prose))
                start, both, prose = None, 0, 0
                continue
            if start is None:
                start = i
            two_sided, has_prose = self.split(i, x)
            both += two_sided
            prose += has_prose
        return out


def split_columns(lines: list[Line], page_width: float) -> list[list[Word]]:
    """Words in reading blocks: text outside two-column runs, then each column of each run."""
    best: list[tuple[int, int, float]] = []  # (first, last, x) of accepted runs
    xs = []
    x = 0.25 * page_width
    while x <= 0.75 * page_width:
        xs.append(x)
        x += STEP
    scan = _Scan(lines, xs)
    for j, x in enumerate(xs):
        for a, b, both, prose in scan.runs(j, x):
            if both >= MIN_RUN and prose >= PROSE_SHARE * both:
                overlap = [k for k, r in enumerate(best) if r[0] <= b and a <= r[1]]
                if not overlap:
                    best.append((a, b, x))
                elif all(b - a > best[k][1] - best[k][0] for k in overlap):
                    for k in reversed(overlap):
                        best.pop(k)
                    best.append((a, b, x))
    if not best:
        return [[w for ln in lines for w in ln.words]]
    inside: set[int] = set()
    blocks: list[list[Word]] = []
    for a, b, gx in sorted(best):
        inside.update(range(a, b + 1))
        seg = lines[a : b + 1]
        blocks.append([w for ln in seg for w in ln.words if w["x1"] <= gx])
        blocks.append([w for ln in seg for w in ln.words if w["x0"] >= gx])
    rest = [w for i, ln in enumerate(lines) if i not in inside for w in ln.words]
    return [rest] + blocks
