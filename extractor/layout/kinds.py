"""The kind of each paragraph: caption, note, list item, heading, footnote, other...

Rules are tried in order: furniture (already marked on its line), typed separators,
footnotes, captions, notes, list items, headings, figure/table fragments ("other"),
and finally running text ("paragraph").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import Line
from .paragraphs import RUN_IN, is_tabular
from .patterns import patterns

#: Text smaller than the body size by more than this many points is "small".
SMALL = 0.5
#: A heading has at most this many lines and words.
HEADING_LINES = 3
HEADING_WORDS = 20


@dataclass(frozen=True)
class Rule:
    """A horizontal rule of the page: (x0, x1, y)."""

    x0: float
    x1: float
    y: float


def text_of(group: list[Line]) -> str:
    return " ".join(ln.text for ln in group)


_LETTER = re.compile(r"[^\W\d_]")


def alpha_share(text: str) -> float:
    """Share of letters among the non-space characters of ``text``."""
    chars = len(text) - text.count(" ")
    return len(_LETTER.findall(text)) / chars if chars else 0.0


def group_size(group: list[Line]) -> float:
    sizes = sorted(float(w["size"]) for ln in group for w in ln.words)
    return sizes[len(sizes) // 2]


def footnote_marker(group: list[Line], body: float, below_rule: bool, at_bottom: bool) -> str | None:
    """The marker of a footnote paragraph, or None if ``group`` is not a footnote."""
    first = group[0]
    if group_size(group) > body - SMALL or not (below_rule or at_bottom):
        return None
    if alpha_share(text_of(group)) < 0.6:
        return None
    if first.lead_marker is not None:
        return first.lead_marker
    m = patterns().footnote_start.match(first.text)
    return m.group("marker") if m and below_rule else None


def classify(group: list[Line], body: float, previous: str | None, footnote: str | None) -> str:
    """The kind of paragraph ``group`` given the body font size and the previous kind."""
    pats = patterns()
    first = group[0]
    if first.kind is not None:
        return first.kind
    text = text_of(group).strip()
    if pats.separator.match(text):
        return "other"
    if footnote is not None:
        return "footnote"
    if pats.caption.match(text):
        return "caption"
    if pats.note.match(text):
        return "note"
    if pats.lettered_note.match(text) and previous in ("note", "caption", "other"):
        return "note"
    tabular = sum(is_tabular(ln) for ln in group) * 2 > len(group)
    alpha = alpha_share(text)
    fragment = len(text.split()) <= 6 and not pats.sentence_end.search(text)
    if previous == "other" and fragment and not first.bold and group_size(group) <= body:
        return "other"  # a short piece of a table or chart: "• Xiamen Torch"
    if not tabular and alpha >= 0.5:
        heading = is_heading(group, text, body)
        if pats.list_item.match(text):
            strong = heading and (group_size(group) >= body + 1.0 or all(ln.bold for ln in group))
            return "heading" if strong else "list_item"
        if heading:
            return "heading"
    words = text.split()
    prose = len(group) >= 2 and len(words) >= 15 and alpha >= 0.7
    if tabular or alpha < 0.5 or fragment or (group_size(group) < 0.8 * body and not prose):
        return "other"
    return "paragraph"


def is_heading(group: list[Line], text: str, body: float) -> bool:
    pats = patterns()
    words = text.split()
    if len(group) > HEADING_LINES or not words or len(words) > HEADING_WORDS:
        return False
    if text[-1] in ".,;" or not (text[0].isupper() or text[0].isdigit()):
        return False
    if words[-1].lower().strip("\u201c\u201d\"'()") in pats.function_words:
        return False
    if RUN_IN.search(text, 6):  # "Contribution to GDP. Economically, ...": run-in text
        return False
    size = group_size(group)
    bold = sum(ln.bold for ln in group) * 2 > len(group)
    letters = [c for c in text if c.isalpha()]
    caps = bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    if size >= body + 1.0 or (bold and size >= body - SMALL):
        return True
    if pats.heading_number.match(text) and (caps or len(words) <= 8) and size >= body - SMALL:
        return True
    return caps and 2 <= len(words) <= 10 and size >= body - SMALL
