"""Running headers, footers and page numbers.

A line near the top or bottom margin is furniture when the same text (compared with
its digits blanked out, so "Page 3" matches "Page 4") sits in the same margin on
several pages, or when it is a bare page number ("12", "- 12 -", "Page 3 of 9", "iv")
that is the first or last line of its page. The page-number rule needs no repetition,
so it works on a one-page document too.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from .lines import Line
from .patterns import patterns

#: Height of the top and bottom margins searched, as a fraction of the page height.
MARGIN = 0.12
#: A repeated margin text is furniture when it is on at least this share of the pages.
MIN_SHARE = 0.3

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SPACE.sub(" ", _DIGITS.sub("#", text.lower())).strip()


def _zone(line: Line, height: float) -> str | None:
    if line.bottom <= MARGIN * height:
        return "top"
    if line.top >= (1 - MARGIN) * height:
        return "bottom"
    return None


def mark_furniture(pages: list[tuple[float, list[Line]]]) -> None:
    """Set ``kind`` on the header, footer and page-number lines of every page."""
    counts: Counter[tuple[str, str]] = Counter()
    for height, lines in pages:
        seen = {(z, _key(ln.text)) for ln in lines if (z := _zone(ln, height)) is not None}
        counts.update(seen)
    need = max(2, math.ceil(MIN_SHARE * len(pages)))
    pn = patterns().page_number
    for height, lines in pages:
        if not lines:
            continue
        extremes = _extremes(lines, height)
        for ln in lines:
            zone = _zone(ln, height)
            if zone is None:
                continue
            text = ln.text.strip()
            if pn.match(text):
                if id(ln) in extremes:
                    ln.kind = "page_number"
            elif counts[(zone, _key(text))] >= need and len(pages) > 1:
                ln.kind = "header" if zone == "top" else "footer"


def _extremes(lines: list[Line], height: float) -> set[int]:
    """Ids of the lines with no other line above (in the top margin) or below them."""
    top = min(ln.top for ln in lines)
    bottom = max(ln.bottom for ln in lines)
    out = set()
    for ln in lines:
        z = _zone(ln, height)
        if z == "top" and ln.top <= top + 0.5 * ln.size:
            out.add(id(ln))
        elif z == "bottom" and ln.bottom >= bottom - 0.5 * ln.size:
            out.add(id(ln))
    return out
