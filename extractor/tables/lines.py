"""Text lines of a page and their segments (runs of words separated by small gaps)."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..words import Word

#: A gap wider than this fraction of the font size separates two segments of a line.
SEGMENT_GAP = 0.6
#: Justified prose: a line of at least this many words whose gaps are all within
#: JUSTIFIED_SPREAD of their median (below JUSTIFIED_MAX_GAP font sizes) is one segment.
JUSTIFIED_WORDS = 5
JUSTIFIED_SPREAD = 1.4
JUSTIFIED_MAX_GAP = 1.2
#: A word this much smaller than the line's main size may be a superscript marker.
MARKER_SIZE_RATIO = 0.85

NUMERIC_RE = re.compile(
    r"^[(\[]?[-+±–—−]?[$€£¥]?\s?\d[\d.,' \u00a0\u202f]*%?[)\]]?[*†‡]?$|^(?:n\.?a\.?|-|–|—|\.\.|\.\.\.|x|…)$",
    re.IGNORECASE,
)


HAS_DIGIT_RE = re.compile(r"\d")


def is_numeric(text: str) -> bool:
    return bool(NUMERIC_RE.match(text.strip()))


@dataclass
class Segment:
    words: list[Word]
    x0: float
    x1: float

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


@dataclass
class Line:
    words: list[Word]  # sorted left to right
    top: float
    bottom: float
    size: float  # main font size
    segments: list[Segment]

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def main_size(words: list[Word]) -> float:
    sizes = [round(float(w.get("size", w["bottom"] - w["top"])), 1) for w in words]
    weights: dict[float, int] = {}
    for s, w in zip(sizes, words, strict=True):
        weights[s] = weights.get(s, 0) + len(w["text"])
    return max(weights, key=lambda s: (weights[s], s))


def is_justified(words: list[Word], size: float) -> bool:
    """Words spread evenly over a line by word spaces stretched wider than a segment gap
    (justified text), which would otherwise split it into one-word segments."""
    if len(words) < JUSTIFIED_WORDS:
        return False
    gaps = [b["x0"] - a["x1"] for a, b in zip(words, words[1:], strict=False)]
    mid = statistics.median(gaps)
    if mid <= SEGMENT_GAP * size or mid > JUSTIFIED_MAX_GAP * size or max(gaps) > JUSTIFIED_SPREAD * mid:
        return False
    wordy = sum(1 for w in words if not is_numeric(w["text"]) and any(ch.isalpha() for ch in w["text"]))
    return wordy >= 0.6 * len(words)


def segments_of(words: list[Word], size: float) -> list[Segment]:
    if is_justified(words, size):
        return [Segment(list(words), words[0]["x0"], max(w["x1"] for w in words))]
    segs: list[Segment] = []
    for w in words:
        if segs and w["x0"] - segs[-1].x1 <= SEGMENT_GAP * size:
            segs[-1].words.append(w)
            segs[-1].x1 = max(segs[-1].x1, w["x1"])
        else:
            segs.append(Segment([w], w["x0"], w["x1"]))
    return segs


def make_line(words: list[Word]) -> Line:
    words = sorted(words, key=lambda w: w["x0"])
    size = main_size(words)
    main = [w for w in words if float(w.get("size", 0)) >= MARKER_SIZE_RATIO * size] or words
    top = min(w["top"] for w in main)
    bottom = max(w["bottom"] for w in main)
    return Line(words, top, bottom, size, segments_of(words, size))


def group_lines(words: list[Word]) -> list[Line]:
    """Group upright words into lines by vertical centre; markers join their line."""
    ws = [w for w in words if w.get("upright", True) and w["text"].strip()]
    ws.sort(key=lambda w: (w["top"] + w["bottom"]) / 2)
    groups: list[tuple[float, float, list[Word]]] = []  # (centre, half height, words)
    for w in ws:
        c = (w["top"] + w["bottom"]) / 2
        h = (w["bottom"] - w["top"]) / 2
        if groups and abs(c - groups[-1][0]) <= max(groups[-1][1], h) * 0.8:
            gc, gh, gw = groups[-1]
            gw.append(w)
            if h > gh:  # the tallest word anchors the line
                groups[-1] = (c, h, gw)
        else:
            groups.append((c, h, [w]))
    lines = [make_line(g[2]) for g in groups]
    return split_overlapping(lines)


def split_overlapping(lines: list[Line]) -> list[Line]:
    """Words of one line never overlap horizontally; if they do, two lines were merged."""
    out: list[Line] = []
    for line in lines:
        ws = line.words
        if all(b["x0"] >= a["x1"] - 0.5 for a, b in zip(ws, ws[1:], strict=False)):
            out.append(line)
            continue
        rows: list[list[Word]] = []
        for w in sorted(ws, key=lambda w: w["top"]):
            for r in rows:
                if all(w["x0"] >= o["x1"] - 0.5 or w["x1"] <= o["x0"] + 0.5 for o in r):
                    r.append(w)
                    break
            else:
                rows.append([w])
        out.extend(make_line(r) for r in rows)
    out.sort(key=lambda ln: ln.top)
    return out


def median_height(lines: list[Line]) -> float:
    return statistics.median(ln.bottom - ln.top for ln in lines) if lines else 10.0
