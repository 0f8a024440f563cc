"""Text layout: the words of each page become ``Block`` records in reading order.

The stages, each in its own module: ``columns`` finds gutters and orders lines column
by column, ``lines`` builds lines from words, ``furniture`` marks running headers,
footers and page numbers, ``paragraphs`` groups lines into paragraphs, ``kinds``
classifies them, ``text`` joins their lines (repairing hyphenation), ``assemble``
gives them ids, heading levels, sections and page-break continuations, and ``endnotes``
turns the items of a "Notes" section into notes with markers.

``layout_document`` is pure: no I/O, no database, no printing.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..records import Block
from .assemble import Draft, finish_text, link_continuations, set_levels, to_blocks
from .columns import column_lines, find_gutters
from .endnotes import mark_endnotes
from .furniture import mark_furniture
from .kinds import Rule, classify, footnote_marker, group_size
from .lines import Line, finish_line
from .paragraphs import line_gaps, merge_interrupted, split_paragraphs
from .patterns import patterns
from .text import Hyphenator

__all__ = ["PageInput", "layout_document"]

log = logging.getLogger(__name__)

BBoxT = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageInput:
    """What layout needs of one page."""

    page: int  # 1-based
    width: float
    height: float
    words: list[dict[str, Any]]  # from ``extractor.words.page_words``
    exclude: list[BBoxT]  # table grid bboxes: words inside are not text blocks
    lines: list[dict[str, Any]]  # page.lines + thin page.rects (rules)


def layout_document(doc_id: str, pages: list[PageInput]) -> list[Block]:
    """Every text block of the document in reading order (``seq`` dense from 0)."""
    laid = [_page_lines(p) for p in pages]
    mark_furniture([(p.height, lines) for p, (lines, _) in zip(pages, laid, strict=False)])
    flows = [lines for lines, _ in laid]
    gaps = line_gaps(flows)
    body = _body_size(flows)
    drafts: list[list[Draft]] = []
    for p, (lines, rotated) in zip(pages, laid, strict=False):
        groups = merge_interrupted(split_paragraphs(lines, gaps))
        drafts.append(_classify_page(p, groups, rotated, body))
    texts = (str(w["text"]) for p in pages for w in p.words)
    breaks = [(a.text, b.text) for ds in drafts for d in ds for a, b in zip(d.lines, d.lines[1:], strict=False)]
    hyph = Hyphenator.from_texts(texts, breaks)
    flat = [d for ds in drafts for d in ds]
    finish_text(flat, hyph)
    set_levels(flat)
    link_continuations(drafts)
    blocks = mark_endnotes(to_blocks(doc_id, drafts))
    log.debug("laid out %d blocks on %d pages (body size %.1f)", len(blocks), len(pages), body)
    return blocks


def _inside(w: dict[str, Any], box: BBoxT) -> bool:
    cx, cy = float(w["x0"] + w["x1"]) / 2, float(w["top"] + w["bottom"]) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _page_lines(p: PageInput) -> tuple[list[Line], list[Line]]:
    """The page's upright lines in reading order, and its rotated text as lines."""
    words = [w for w in p.words if not any(_inside(w, b) for b in p.exclude)]
    upright = [w for w in words if w.get("upright", True)]
    rotated = [w for w in words if not w.get("upright", True)]
    gutters = find_gutters(upright, p.width)
    lines = column_lines(upright, gutters)
    return lines, _rotated_lines(rotated)


def _rotated_lines(words: list[dict[str, Any]]) -> list[Line]:
    """Rotated words grouped by the vertical strip they share (one line per strip)."""
    strips: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (w["x0"], w["top"])):
        if strips and w["x0"] < max(v["x1"] for v in strips[-1]) - 0.5:
            strips[-1].append(w)
        else:
            strips.append([w])
    out = []
    for ws in strips:
        ln = finish_line(ws)
        ln.markers, ln.lead_marker = [], None
        order = {id(w): i for i, w in enumerate(words)}  # pdfplumber's own reading order
        ws.sort(key=lambda w: order[id(w)])
        text = str(ws[0]["text"])
        for a, b in zip(ws, ws[1:], strict=False):
            gap = max(b["top"] - a["bottom"], a["top"] - b["bottom"])
            text += ("" if gap < 0.12 * float(b["size"]) + 0.5 else " ") + str(b["text"])
        ln.text = text
        out.append(ln)
    return out


def _body_size(pages: list[list[Line]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for ln in lines:
            if ln.kind is None:
                sizes[ln.size] += ln.chars
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _rules(p: PageInput, lines: list[Line]) -> list[Rule]:
    """Short horizontal rules and typed separators: where footnote areas start."""
    rules = []
    for r in p.lines:
        x0, x1 = float(r["x0"]), float(r["x1"])
        if abs(float(r["bottom"]) - float(r["top"])) < 2 and 20 <= x1 - x0 <= 0.45 * p.width:
            rules.append(Rule(x0, x1, float(r["top"])))
    sep = patterns().separator
    rules.extend(Rule(ln.x0, ln.x1, ln.bottom) for ln in lines if sep.match(ln.text))
    return rules


def _classify_page(p: PageInput, groups: list[list[Line]], rotated: list[Line], body: float) -> list[Draft]:
    rules = _rules(p, [ln for g in groups for ln in g])
    bottom_run = _bottom_small_run(groups, body, p.height)
    drafts: list[Draft] = []
    previous: str | None = None
    for i, g in enumerate(groups):
        below = _below_rule(g, groups, rules, body)
        marker = None if g[0].kind else footnote_marker(g, body, below, i in bottom_run)
        kind = classify(g, body, previous, marker)
        if kind == "other" and below and previous == "footnote":
            drafts[-1].lines.extend(g)  # an unmarked line under a footnote goes on with it
            continue
        if kind == "other" and previous == "other" and _near(drafts[-1].lines[-1], g[0], body):
            drafts[-1].lines.extend(g)  # chart labels and table rows make one fragment block
            continue
        drafts.append(Draft(page=p.page, kind=kind, lines=g, marker=marker))
        previous = kind
    for ln in rotated:
        drafts.append(Draft(page=p.page, kind="other", lines=[ln]))
    tail = [d for d in drafts if d.kind in ("footer", "page_number") and d.lines[0].top > p.height / 2]
    return [d for d in drafts if d not in tail] + tail


def _near(a: Line, b: Line, body: float) -> bool:
    """Whether line ``b`` follows line ``a`` closely in the same column (not a separator)."""
    sep = patterns().separator
    if a.column != b.column or a.band != b.band or sep.match(a.text) or sep.match(b.text):
        return False
    return 0 <= b.top - a.bottom < 2 * body


def _below_rule(g: list[Line], groups: list[list[Line]], rules: list[Rule], body: float) -> bool:
    """Whether only small text lies between ``g`` and a rule above it in its column."""
    x0, x1, top = min(ln.x0 for ln in g), max(ln.x1 for ln in g), g[0].top
    for r in rules:
        if r.y > top or r.x1 < x0 - 5 or r.x0 > x1:
            continue
        between = [
            h
            for h in groups
            if r.y < h[0].top < top
            and h[0].column == g[0].column
            and h[0].kind is None
            and not patterns().separator.match(h[0].text)
        ]
        if all(group_size(h) <= body - 0.5 for h in between):
            return True
    return False


def _bottom_small_run(groups: list[list[Line]], body: float, height: float) -> set[int]:
    """Indexes of the trailing small-text groups of each column in the page's lower half."""
    out: set[int] = set()
    closed: set[int] = set()
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        col = g[0].column
        if g[0].kind is not None or col in closed:
            continue
        if group_size(g) <= body - 0.5 and g[0].top > height / 2:
            out.add(i)
        else:
            closed.add(col)
    return out
