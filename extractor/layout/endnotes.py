"""Endnotes: the numbered items of a "Notes" section are notes with a marker, not body text.

Footnotes at the foot of a page are found from their position and size (``kinds``); an
endnotes section looks like a numbered list in body type, so it is told apart by its
heading instead.
"""

from __future__ import annotations

import dataclasses

from ..records import Block
from .patterns import patterns


def mark_endnotes(blocks: list[Block]) -> list[Block]:
    """Blocks under an endnotes heading that start with a number become ``footnote``
    blocks with that ``marker``; their continuations across a page break follow them."""
    pats = patterns()
    out: list[Block] = []
    in_notes = False
    for b in blocks:
        if b.kind == "heading":
            in_notes = pats.endnotes_heading.match(b.text.strip()) is not None
        elif in_notes and b.kind in ("list_item", "paragraph"):
            m = pats.endnote_start.match(b.text)
            if m:
                b = dataclasses.replace(b, kind="footnote", marker=m.group("marker"))
            elif b.continues is not None and out and out[-1].kind == "footnote":
                b = dataclasses.replace(b, kind="footnote")
        out.append(b)
    return out
