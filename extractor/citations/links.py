"""Links from statements (facts, claims) to the citations that back them.

A statement is linked to a citation printed in its own sentence ("sentence"), to a note
marker on that sentence ("note") and to every citation inside that note ("via note"),
and, for a statement taken from a table, to the citations of the table's source line
("table source").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..records import Block, Citation, CiteLink, Fact

#: How far past the end of a sentence a note marker may sit ("... power.9 That").
MARKER_SLACK = 4


@dataclass(frozen=True)
class Statement:
    """What linking needs of a fact or a claim."""

    kind: str  # "fact" or "claim"
    id: str
    doc_id: str
    block_id: str | None  # the block its sentence is in (text statements)
    table_id: str | None  # the table it comes from (table statements)
    quote: str  # its sentence as stored


def fact_statements(facts: Iterable[Fact]) -> list[Statement]:
    return [Statement("fact", f.fact_id, f.doc_id, f.block_id, f.table_id, f.quote) for f in facts]


def link_statements(
    statements: Iterable[Statement], citations: Sequence[Citation], blocks: Sequence[Block]
) -> list[CiteLink]:
    """Cite links for ``statements`` (facts or claims) of one document.

    ``statements``: anything with ``kind`` ("fact" | "claim"), ``id``, ``doc_id``,
    ``block_id``, ``table_id`` and ``quote`` (see :class:`Statement`; build them from facts
    with :func:`fact_statements`). ``citations``: the document's citations
    (``Extraction.citations``). ``blocks``: the document's blocks (to find each quote in
    its block and in the block that continues it). Returns one ``CiteLink`` per
    (statement, citation), ``how`` one of "sentence", "note", "via note", "table source".
    """
    chains = _chains(blocks)
    by_block: dict[str, list[Citation]] = {}
    by_table: dict[str, list[Citation]] = {}
    for c in citations:
        by_block.setdefault(c.block_id, []).append(c)
        if c.kind == "source" and c.table_id:
            by_table.setdefault(c.table_id, []).append(c)
    out: list[CiteLink] = []
    for s in statements:
        found: dict[str, tuple[Citation, str]] = {}
        if s.block_id and s.block_id in chains:
            for c in _in_sentence(s.quote, chains[s.block_id], by_block):
                found.setdefault(c.citation_id, (c, "note" if c.kind == "note_marker" else "sentence"))
                if c.kind == "note_marker" and c.note_block_id:
                    note_chain = chains.get(c.note_block_id)
                    for part in note_chain.blocks if note_chain else ():
                        for inner in by_block.get(part.block_id, []):
                            found.setdefault(inner.citation_id, (inner, "via note"))
        if s.table_id:
            for c in by_table.get(s.table_id, []):
                found.setdefault(c.citation_id, (c, "table source"))
        out.extend(CiteLink(s.doc_id, s.kind, s.id, c.citation_id, c.ref_id, how) for c, how in found.values())
    return out


@dataclass
class _Chain:
    blocks: list[Block]
    starts: list[int]
    text: str


def _chains(blocks: Sequence[Block]) -> dict[str, _Chain]:
    """Each block's chain of page-break continuations, as one text with part offsets."""
    out: dict[str, _Chain] = {}
    for b in blocks:
        if b.continues and b.continues in out:
            ch = out[b.continues]
            ch.starts.append(len(ch.text) + 1)
            ch.blocks.append(b)
            ch.text += " " + b.text
            out[b.block_id] = ch
        else:
            out[b.block_id] = _Chain([b], [0], b.text)
    return out


def _in_sentence(quote: str, chain: _Chain, by_block: dict[str, list[Citation]]) -> list[Citation]:
    span = _locate(quote, chain.text)
    if span is None:
        return []
    a, b = span
    out = []
    for part, offset in zip(chain.blocks, chain.starts, strict=True):
        for c in by_block.get(part.block_id, []):
            s, e = c.start + offset, c.end + offset
            slack = MARKER_SLACK if c.kind == "note_marker" else 1
            if a <= s and e <= b + slack:
                out.append(c)
    return out


def _locate(quote: str, text: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text`` (whitespace may differ; a long quote by its ends)."""
    q = " ".join(quote.split())
    if not q:
        return None
    i = text.find(q)
    if i >= 0:
        return i, i + len(q)
    head, tail = q[:40], q[-40:]
    i = text.find(head)
    if i < 0:
        return None
    j = text.find(tail, i)
    return (i, j + len(tail)) if j >= 0 else (i, i + len(q))
