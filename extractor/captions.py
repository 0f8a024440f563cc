"""Link each table to its caption above and its notes below, found among the text blocks.

A caption is the nearest ``caption`` block above the table's first part (on the same page,
or at the bottom of the previous page when the table starts a page); failing that, a block
just above it that starts with a table label ("Table S–4.", laid out as a paragraph), or a
heading or short bold line just above it. Lines between the caption and the table
("(In billions of dollars)") are its headnotes, where its units are read. Notes are the run of ``note`` blocks right
under the table's last part. Note text is split into items: "Source:" / "Note:" lines and
lettered or numbered footnotes ("a. 1979.") whose markers the table's cells refer to.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .records import BBox, Block, TableNote

#: "Table 3", "Table 2.1", "Table A.2", "Table S-4" / "Table S–4" (en or em dash), "Annex B".
LABEL = re.compile(
    r"^(?P<label>(?:Appendix\s+|Annex\s+)?(?:Table|Annex|Appendix|Exhibit|Box)\s+"
    r"(?:[A-Z]{0,2}[.\-\u2013\u2014]?\d+(?:[.\-\u2013\u2014]\d+)*[a-z]?|[A-Z]|[IVXL]+)\b)[.:]?",
)
#: Where a parenthesised unit phrase in a caption names the table's units.
#: "In thousands", "in billions of dollars": a unit statement in a caption or headnote.
IN_UNITS = re.compile(
    r"\b[Ii]n\s+((?:hundreds|thousands|millions|billions|trillions|percent)(?:\s+of\s+[\w$]+(?:\s+[\w$]+)?)?)\b"
)
UNIT_WORDS = re.compile(
    r"\b(percent|per cent|%|million|millions|billion|billions|thousand|thousands|"
    r"US\$|USD|RMB|yuan|dollars|\$|km|hectares|persons|number|index|ratio)\b|%|\$",
    re.IGNORECASE,
)
_PAREN = re.compile(r"[(\[]([^()\[\]]{1,80})[)\]]")
_NOTE_HEAD = re.compile(r"^(?P<head>Sources?|Notes?)\s*:\s*", re.IGNORECASE)
#: A footnote item inside a note: "a. text", "1. text", "* text" after a sentence end.
_NOTE_ITEM = re.compile(
    r"(?:(?<=^)|(?<=[.;:]\s))(?P<marker>[a-z]|\d{1,2}|\*{1,3})(?:(?P<punct>[.)])\s+|\s+(?P<next>[A-Z]))"
)

#: How far (points) a caption may sit above its table, and notes below it.
CAPTION_GAP = 60.0
NOTE_GAP = 40.0


@dataclass(frozen=True)
class TablePlace:
    """Where a logical table sits: first part (page, bbox), last part (page, bbox), and
    the horizontal extent of all its parts (a continued part may fill only some columns)."""

    first_page: int
    first_bbox: BBox
    last_page: int
    last_bbox: BBox
    x_span: tuple[float, float]

    def x_box(self) -> BBox:
        return (self.x_span[0], 0.0, self.x_span[1], 0.0)


@dataclass(frozen=True)
class TableContext:
    caption: str | None
    caption_bbox: BBox | None
    label: str | None
    notes: tuple[TableNote, ...]
    block_ids: tuple[str, ...]  # caption and note blocks that belong to the table


def _overlaps_x(a: BBox, b: BBox) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.3 * min(a[2] - a[0], b[2] - b[0])


def find_caption(place: TablePlace, blocks: list[Block], taken: set[str]) -> Block | None:
    """The caption block above the table, or the heading just above it."""
    above = [
        b for b in blocks
        if b.block_id not in taken
        and b.page == place.first_page
        and b.bbox[3] <= place.first_bbox[1] + 2
        and _overlaps_x(b.bbox, place.first_bbox)
        and b.kind not in ("header", "footer", "page_number")
    ]
    above.sort(key=lambda b: b.bbox[3], reverse=True)
    for b in above[:3]:
        if b.kind == "caption" and place.first_bbox[1] - b.bbox[3] <= CAPTION_GAP * 2:
            return b
    for b in above[:3]:  # a caption laid out as a paragraph: "Table S–4. Adjusted Baseline ..."
        if LABEL.match(b.text.strip()) and place.first_bbox[1] - b.bbox[3] <= CAPTION_GAP * 2:
            return b
    if above:
        nearest = above[0]
        close = place.first_bbox[1] - nearest.bbox[3] <= CAPTION_GAP / 2
        if close and (nearest.kind == "heading" or (nearest.bold and len(nearest.text) < 120)):
            return nearest
    # a caption left at the foot of the previous page
    prev = [b for b in blocks if b.page == place.first_page - 1 and b.block_id not in taken]
    body = [b for b in prev if b.kind not in ("header", "footer", "page_number", "footnote")]
    if body and body[-1].kind == "caption":
        return body[-1]
    return None


def find_headnotes(place: TablePlace, caption: Block | None, blocks: list[Block], taken: set[str]) -> list[Block]:
    """Text between a caption and its table ("[In thousands (10,690 represents ...)]")."""
    if caption is None or caption.page != place.first_page:
        return []
    return [
        b for b in blocks
        if b.page == place.first_page and b.block_id not in taken and b.block_id != caption.block_id
        and b.bbox[1] >= caption.bbox[3] - 2 and b.bbox[3] <= place.first_bbox[1] + 2
        and _overlaps_x(b.bbox, place.first_bbox) and b.kind in _NOTE_LIKE
    ]


def find_notes(place: TablePlace, blocks: list[Block], taken: set[str]) -> list[Block]:
    """The run of blocks right under the table's last part, up to its last note block.

    Symbols and footnotes often come before the "Source:" line, so note-like blocks
    (small paragraphs, list items) between the table and a note belong to the table.
    """
    below = sorted(
        (b for b in blocks
         if b.page == place.last_page and b.bbox[1] >= place.last_bbox[3] - 2
         and _overlaps_x(b.bbox, place.x_box()) and b.kind not in ("header", "footer", "page_number")),
        key=lambda b: b.bbox[1],
    )
    run: list[Block] = []
    edge = place.last_bbox[3]
    for b in below:
        if b.kind not in _NOTE_LIKE or b.block_id in taken or b.bbox[1] - edge > NOTE_GAP:
            break
        run.append(b)
        edge = b.bbox[3]
    last_note = max((i for i, b in enumerate(run) if b.kind == "note"), default=-1)
    return run[: last_note + 1]


_NOTE_LIKE = ("note", "footnote", "paragraph", "list_item", "other")


def split_notes(text: str, markers: frozenset[str] = frozenset(), kind: str | None = None) -> list[TableNote]:
    """'Note: — = not available. a. 1979.' → a note item and a footnote item for 'a'.

    Items start with a marker followed by "." or ")" ("a. 1979."); a marker that the
    table's cells use (``markers``) may also stand bare before a capital ("1 Except ...").
    """
    head = _NOTE_HEAD.match(text)
    if head:
        kind = "source" if head.group("head").lower().startswith("source") else "note"
        text = text[head.end():]
    kind = kind or "note"
    starts = [
        m for m in _NOTE_ITEM.finditer(text)
        if m.group("punct") or (m.group("marker") in markers and m.group("next"))
    ]
    items: list[TableNote] = []
    lead = text[: starts[0].start()] if starts else text
    if lead.strip() or not starts:
        items.append(TableNote(marker=None, kind=kind, text=lead.strip()))
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        body = text[m.end("marker") + len(m.group("punct") or ""):end].strip()
        items.append(TableNote(marker=m.group("marker"), kind="footnote", text=body))
    return [n for n in items if n.text]


def caption_label(caption: str) -> str | None:
    """ "Table S–4. Adjusted Baseline" -> "Table S-4" (dashes as hyphens, spaces single)."""
    m = LABEL.match(caption.strip())
    return re.sub(r"[\u2013\u2014]", "-", " ".join(m.group("label").split())) if m else None


def units(texts: list[str]) -> str | None:
    """The distinct parenthesised or bracketed unit phrases of ``texts`` ("US$ millions"),
    in order, joined with "; " — from a caption, its headnote, header cells, section rows."""
    found: list[str] = []
    for text in texts:
        for m in _PAREN.finditer(text):
            phrase = " ".join(m.group(1).split())
            if UNIT_WORDS.search(phrase) and phrase not in found:
                found.append(phrase)
        for m in IN_UNITS.finditer(text):
            phrase = "In " + m.group(1)
            if not any(phrase.lower() in f.lower() for f in found):
                found.append(phrase)
    return "; ".join(found) or None


def link(places: list[TablePlace], blocks: list[Block], markers: list[frozenset[str]]) -> list[TableContext]:
    """Caption, label, headnotes and notes for each table, in the order of ``places``;
    ``markers[i]`` are the footnote markers used in table i's cells."""
    taken: set[str] = set()
    out = []
    for place, used in zip(places, markers, strict=True):
        cap = find_caption(place, blocks, taken)
        heads = find_headnotes(place, cap, blocks, taken)
        notes = find_notes(place, blocks, taken)
        ids = ([cap.block_id] if cap else []) + [b.block_id for b in heads + notes]
        taken.update(ids)
        caption = cap.text if cap else None
        out.append(
            TableContext(
                caption=caption,
                caption_bbox=cap.bbox if cap else None,
                label=caption_label(caption) if caption else None,
                notes=tuple(
                    [item for b in heads for item in split_notes(b.text, used, "headnote")]
                    + [item for b in notes for item in split_notes(b.text, used)]
                ),
                block_ids=tuple(ids),
            )
        )
    return out


def mark_blocks(blocks: list[Block], owners: dict[str, str]) -> list[Block]:
    """Blocks with ``table_id`` set for captions and notes that belong to a table."""
    return [dataclasses.replace(b, table_id=owners[b.block_id]) if b.block_id in owners else b for b in blocks]
