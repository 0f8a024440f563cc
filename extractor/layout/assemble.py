"""From classified paragraphs to ``Block`` records: ids, levels, sections, continuations."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from ..records import Block, round_bbox, union_bbox
from .lines import Line
from .patterns import patterns
from .text import Hyphenator

#: Kinds whose paragraphs may continue across a page or column break.
FLOWING = ("paragraph", "list_item")


@dataclass
class Draft:
    """A block before its id, section and continuation are known."""

    page: int
    kind: str
    lines: list[Line]
    marker: str | None = None
    text: str = ""
    level: int | None = None
    note_refs: tuple[str, ...] = ()
    continues_index: int | None = None  # index of the draft this one continues

    @property
    def column(self) -> int:
        return self.lines[0].column

    @property
    def size(self) -> float:
        return float(median(float(w["size"]) for ln in self.lines for w in ln.words))

    @property
    def bold(self) -> bool:
        chars = sum(ln.chars for ln in self.lines)
        return sum(ln.chars for ln in self.lines if ln.bold) * 2 > chars


def finish_text(drafts: list[Draft], hyph: Hyphenator) -> None:
    """Set each draft's text (hyphenation repaired) and its footnote references."""
    sup = patterns().superscripts
    for d in drafts:
        d.text = hyph.join([ln.text for ln in d.lines])
        refs: list[str] = []
        for i, ln in enumerate(d.lines):
            if ln.lead_marker is not None and not (i == 0 and d.kind == "footnote"):
                refs.append(ln.lead_marker)
            refs.extend(ln.markers)
        chars = [c for c in d.text if c in sup]
        if d.kind == "footnote" and chars and d.text.lstrip().startswith(chars[0]):
            chars = chars[1:]
        refs.extend(sup[c] for c in chars)
        if d.kind != "footnote" or refs:
            d.note_refs = tuple(dict.fromkeys(refs))


def set_levels(drafts: list[Draft]) -> None:
    """Heading level by style rank: larger size first, bold before regular at one size."""
    styles = sorted({(round(d.size), d.bold) for d in drafts if d.kind == "heading"}, reverse=True)
    rank = {s: i + 1 for i, s in enumerate(styles)}
    for d in drafts:
        if d.kind == "heading":
            d.level = rank[(round(d.size), d.bold)]


def link_continuations(pages: list[list[Draft]]) -> None:
    """Mark a paragraph continued across a page or column break.

    The last flowing block before the break must not end a sentence, and either the
    first flowing block after it starts in lowercase (or with a digit or punctuation)
    or the last one ends mid-sentence: a lowercase word, a comma, semicolon or dash,
    or inside an open parenthesis.
    A block that opens with a list bullet never continues anything.
    """
    end = patterns().sentence_end
    flow = [d for ds in pages for d in ds if d.kind in FLOWING or d.kind == "heading"]
    for prev, cur in zip(flow, flow[1:], strict=False):
        if prev.kind not in FLOWING or cur.kind not in FLOWING:
            continue
        if patterns().list_item.match(cur.text):
            continue  # a new list item never continues a paragraph
        broken = cur.page == prev.page + 1 or (cur.page == prev.page and cur.column > prev.column > 0)
        if not broken or end.search(prev.text.rstrip()):
            continue
        first = cur.text.lstrip()[:1]
        last = prev.text.rstrip()[-1:]
        last_word = prev.text.split()[-1]
        open_paren = prev.text.count("(") > prev.text.count(")")
        if (first and not first.isupper()) or last in ",;-\u2013\u2014" or last_word.islower() or open_paren:
            cur.continues_index = id(prev)


def to_blocks(doc_id: str, pages: list[list[Draft]]) -> list[Block]:
    """The drafts as ``Block`` records, with ids, sections and ``seq`` in reading order."""
    blocks: list[Block] = []
    ids: dict[int, str] = {}
    path: list[tuple[int, str]] = []
    for drafts in pages:
        for n, d in enumerate(drafts):
            block_id = f"{doc_id[:12]}-p{d.page:03d}-b{n:03d}"
            ids[id(d)] = block_id
            if d.kind == "heading" and d.level is not None:
                while path and path[-1][0] >= d.level:
                    path.pop()
                path.append((d.level, d.text))
            boxes = [(ln.x0, ln.top, ln.x1, ln.bottom) for ln in d.lines]
            blocks.append(
                Block(
                    block_id=block_id,
                    doc_id=doc_id,
                    page=d.page,
                    seq=len(blocks),
                    kind=d.kind,
                    text=d.text,
                    bbox=round_bbox(union_bbox(boxes)),
                    column=d.column,
                    level=d.level,
                    section=tuple(t for _, t in path),
                    marker=d.marker,
                    note_refs=d.note_refs,
                    continues=ids.get(d.continues_index) if d.continues_index is not None else None,
                    font_size=round(d.size, 2),
                    bold=d.bold,
                )
            )
    return blocks
