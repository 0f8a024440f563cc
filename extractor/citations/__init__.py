"""Source links: the bibliography, the citations in the text, and what they back.

``extract_citations`` reads a document's blocks and returns its ``Reference`` records
(the bibliography, ``bibliography``) and its ``Citation`` records: author-year citations
(``intext``) resolved to references (``resolve``), note markers resolved to their notes,
and the items of "Source:" lines (a table's apply to every fact of the table).
``link_statements`` (``links``) ties facts and claims to them. All pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..records import Block, Citation, Reference
from .bibliography import bibliography_blocks, parse_references
from .intext import Found, find_citations, find_numbered
from .links import Statement, fact_statements, link_statements
from .patterns import patterns
from .resolve import index, resolve, resolve_number

__all__ = [
    "Statement", "extract_citations", "fact_statements", "find_citations", "link_statements", "parse_references",
]

#: Blocks whose text is searched for citations.
CITING_KINDS = ("paragraph", "list_item", "heading", "caption", "note", "footnote", "other")
_SOURCE_SPLIT = re.compile(r"\s*(?:;|\band\b|,\s*and\b)\s*")


def extract_citations(doc_id: str, blocks: Sequence[Block]) -> tuple[list[Reference], list[Citation]]:
    """The document's references and citations (ids ``<doc12>-rNNN`` and ``<doc12>-cNNNN``)."""
    refs = parse_references(doc_id, blocks)
    idx = index(refs)
    skip = {b.block_id for b in bibliography_blocks(blocks)} if refs else set()
    notes = _notes(blocks)
    chains = _chains(blocks)
    numbered = sum(r.label is not None for r in refs) > len(refs) / 2
    drafts: list[Citation] = []
    for b in blocks:
        if b.kind not in CITING_KINDS or b.block_id in skip:
            continue
        head = patterns().source_head.match(b.text)
        if head:
            items = _source_items(b.text, head.end())
            kind, table_id = "source", b.table_id
        else:
            items = _across_breaks(b, chains, "note" if b.kind in ("footnote", "note") else "text")
            kind, table_id = "author_year", None
        for f in items:
            ref_id, how = resolve(f.authors, f.year, idx) if (f.authors or f.year) else (None, "unresolved")
            drafts.append(_citation(doc_id, b, f, kind, table_id, ref_id, how))
        if numbered:
            for f in find_numbered(b.text):
                ref_id, how = resolve_number(f.label, idx)
                drafts.append(_citation(doc_id, b, f, "numbered", table_id, ref_id, how))
        drafts.extend(_markers(doc_id, b, notes))
    seq = {b.block_id: b.seq for b in blocks}
    drafts.sort(key=lambda c: (seq[c.block_id], c.start, c.end))
    cites = [_with_id(c, f"{doc_id[:12]}-c{n:04d}") for n, c in enumerate(drafts, start=1)]
    return refs, cites


def _chains(blocks: Sequence[Block]) -> dict[str, tuple[Block | None, Block | None]]:
    """Each block's (previous part, next part) across a page or column break."""
    ids = {b.block_id: b for b in blocks}
    nxt = {b.continues: b for b in blocks if b.continues in ids}
    return {b.block_id: (ids.get(b.continues or ""), nxt.get(b.block_id)) for b in blocks}


def _across_breaks(b: Block, chains: dict[str, tuple[Block | None, Block | None]], mode: str) -> list[Found]:
    """The citations whose year is printed in ``b``, read with the tail of the part before
    and the head of the part after it (a citation may be split by a page break);
    offsets are in ``b``'s text (a start in the previous part is clamped to 0)."""
    prev, nxt = chains.get(b.block_id, (None, None))
    head = prev.text[-200:] + " " if prev else ""
    tail = " " + nxt.text[:200] if nxt else ""
    text = head + b.text + tail
    out = []
    for f in find_citations(text, mode):
        year_at = f.end - len(head) - 1
        if not 0 <= year_at < len(b.text):
            continue  # printed in a neighbouring part: found there
        start, end = max(0, f.start - len(head)), min(len(b.text), f.end - len(head))
        out.append(Found(start, end, f.raw, f.authors, f.year, f.form, f.locator, f.prefix, f.et_al))
    return out


def _with_id(c: Citation, citation_id: str) -> Citation:
    return replace(c, citation_id=citation_id)


def _citation(
    doc_id: str, b: Block, f: Found, kind: str, table_id: str | None, ref_id: str | None, how: str
) -> Citation:
    return Citation(
        citation_id="", doc_id=doc_id, page=b.page, bbox=b.bbox, block_id=b.block_id, kind=kind,
        form="source line" if kind == "source" else f.form, raw=f.raw, start=f.start, end=f.end,
        authors=f.authors, year=f.year, locator=f.locator, prefix=f.prefix, marker=f.label, table_id=table_id,
        ref_id=ref_id, how=how,
    )


def _source_items(text: str, start: int) -> list[Found]:
    """The sources of a "Source:" line: its author-year citations, and each other item
    ("World Bank staff", "Chapter 6 of this volume") kept as a source with no year."""
    stop = patterns().note_head.search(text, start)
    end = stop.start() if stop else len(text)
    body = text[start:end]
    found = [
        Found(f.start + start, f.end + start, f.raw, f.authors, f.year, "source line", f.locator, f.prefix, f.et_al)
        for f in find_citations(body, "note")
    ]
    rest = list(body)
    for f in found:
        rest[f.start - start : f.end - start] = " " * (f.end - f.start)
    leftover = "".join(rest)
    pos = 0
    for piece in _SOURCE_SPLIT.split(leftover):
        at = leftover.find(piece, pos)
        pos = at + len(piece)
        item = piece.strip(" .,:()")
        if len(re.findall(r"[^\W\d_]", item)) < 3 or _lead_in(item):
            continue
        s = start + at + piece.find(item)
        found.append(Found(s, s + len(item), item, (item,), None, "source line"))
    return sorted(found, key=lambda f: f.start)


def _lead_in(item: str) -> bool:
    """"Author's calculations based on data from the": words that lead into a source."""
    pats = patterns()
    last = item.split()[-1].lower()
    return last in pats.stop_before or last in pats.name_connectors


def _notes(blocks: Sequence[Block]) -> dict[str, list[Block]]:
    out: dict[str, list[Block]] = {}
    for b in blocks:
        if b.kind == "footnote" and b.marker:
            out.setdefault(b.marker, []).append(b)
    return out


def _markers(doc_id: str, b: Block, notes: dict[str, list[Block]]) -> list[Citation]:
    """A citation for each note marker of block ``b``, resolved to its note: a footnote on
    the same page, else the first note with that marker after the block (endnotes)."""
    out = []
    pos = 0
    for marker in b.note_refs:
        m = re.compile(rf"(?<=[^\s\d]){re.escape(marker)}(?!\d)").search(b.text, pos)
        start, end = (m.start(), m.end()) if m else (len(b.text), len(b.text))
        pos = end
        candidates = notes.get(marker, [])
        note = next((n for n in candidates if n.page == b.page), None) or next(
            (n for n in candidates if n.seq > b.seq), None
        )
        out.append(
            Citation(
                citation_id="", doc_id=doc_id, page=b.page, bbox=b.bbox, block_id=b.block_id, kind="note_marker",
                form="marker", raw=marker, start=start, end=end, marker=marker,
                note_block_id=note.block_id if note else None, how="note" if note else "unresolved",
            )
        )
    return out
