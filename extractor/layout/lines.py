"""Lines of text from words: words that share a baseline, left to right.

A line is built from words whose vertical extents overlap; small raised words (footnote
markers such as the "1" of "Kong,1") join the line they sit on and are flagged as
superscripts. Text is joined with a space only where the words have a visible gap, so
a marker stays glued to the word before it and apart from the word after it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median
from typing import Any

from ..words import is_bold
from .patterns import patterns

Word = dict[str, Any]

#: A gap wider than this fraction of the font size is a space between words.
SPACE_GAP = 0.12
#: Words overlapping a line by this fraction of their own height belong to it.
LINE_OVERLAP = 0.4


@lru_cache(maxsize=256)
def _bold(fontname: str) -> bool:
    return is_bold(fontname)


@dataclass
class Line:
    """A line of text inside one column (``column`` 0 when it spans the page)."""

    words: list[Word]
    column: int = 0
    band: int = 0
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    text: str = ""
    markers: list[str] = field(default_factory=list)  # superscript markers, in order
    lead_marker: str | None = None  # a superscript marker that opens the line
    max_gap: float = 0.0  # widest gap between words, in points
    kind: str | None = None  # set for furniture and separators

    @property
    def chars(self) -> int:
        return sum(len(w["text"]) for w in self.words)


def group_lines(words: list[Word], column: int = 0) -> list[Line]:
    """Group ``words`` into lines (top to bottom), each finished with ``finish_line``."""
    rows: list[tuple[float, float, list[Word]]] = []  # (core top, core bottom, words)
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        h = max(w["bottom"] - w["top"], 0.1)
        best = -1
        for i in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            top, bottom, _ = rows[i]
            overlap = min(bottom, w["bottom"]) - max(top, w["top"])
            if overlap >= LINE_OVERLAP * min(h, bottom - top):
                best = i
                break
        if best < 0:
            rows.append((w["top"], w["bottom"], [w]))
            continue
        top, bottom, ws = rows[best]
        ws.append(w)
        if h > bottom - top:  # the line's core follows its largest word
            rows[best] = (w["top"], w["bottom"], ws)
    return [finish_line(ws, column) for _, _, ws in sorted(rows, key=lambda r: r[0])]


def finish_line(words: list[Word], column: int = 0) -> Line:
    """Order ``words`` left to right and compute the line's text, size and markers."""
    words = sorted(words, key=lambda w: w["x0"])
    sizes: Counter[float] = Counter()
    for w in words:
        sizes[round(float(w["size"]), 1)] += len(w["text"])
    size = sizes.most_common(1)[0][0]
    bottom = median(w["bottom"] for w in words if round(float(w["size"]), 1) == size)
    pats = patterns()
    line = Line(words=words, column=column, size=size)
    parts: list[str] = []
    prev: Word | None = None
    prev_raised = False
    bold_chars = 0
    for i, w in enumerate(words):
        lift = bottom - w["bottom"]
        raised = (
            lift > 0.35 * size or (w["size"] <= 0.8 * size and lift > 0.15 * size)
        ) and pats.superscript.match(w["text"]) is not None
        if raised:
            marker = w["text"].rstrip(",.;")
            if i == 0:
                line.lead_marker = marker
            else:
                line.markers.append(marker)
        if prev is not None:
            gap = w["x0"] - prev["x1"]
            line.max_gap = max(line.max_gap, gap)
            # A raised marker is never glued to the word after it ("strongly1 in").
            if gap > SPACE_GAP * max(size, 1.0) or (prev_raised and not raised and gap > 0.2):
                parts.append(" ")
        parts.append(w["text"])
        if _bold(str(w["fontname"])):
            bold_chars += len(w["text"])
        prev, prev_raised = w, raised
    line.text = "".join(parts)
    line.bold = bold_chars * 2 > line.chars
    line.x0 = min(w["x0"] for w in words)
    line.x1 = max(w["x1"] for w in words)
    line.top = min(w["top"] for w in words)
    line.bottom = max(w["bottom"] for w in words)
    return line
