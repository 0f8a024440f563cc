"""Sentences of a document's running text, each with the block it starts in.

Body blocks (paragraphs and list items) are joined with the blocks that continue them
across a page or column break, so that a sentence split by the break is read whole; the
text is cut into sentences by the same spaCy sentencizer and sentence fixes as the
text-facts stage (``fact_sentence_fixes_v1``: no split after "et al." or inside
parentheses). Sections that hold no argument (references, acknowledgements: ``[sections]``
of ``claims.toml``) are skipped.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language

from ..records import Block
from .data import settings

#: Block kinds whose text can make a claim.
CLAIM_BLOCK_KINDS = ("paragraph", "list_item")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the running text."""

    block: Block  # the block the sentence starts in
    index: int  # position of the sentence in its paragraph (0-based)
    text: str
    paragraph: tuple[str, ...]  # block ids of the whole paragraph (continuations included)


@cache
def splitter() -> Language:
    """A blank English tokenizer with the text-facts stage's sentence rules (built once)."""
    from ..facts import components  # noqa: F401  (registers fact_sentence_fixes_v1)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("fact_sentence_fixes_v1")
    return nlp


def _skipped(block: Block) -> bool:
    skip = settings().skip_sections
    return any(h.strip().lower() in skip for h in block.section)


def paragraphs(blocks: Sequence[Block]) -> list[list[Block]]:
    """Body blocks grouped into paragraphs: a block and the blocks that continue it."""
    chains: dict[str, list[Block]] = {}
    heads: list[list[Block]] = []
    for b in blocks:
        if b.kind not in CLAIM_BLOCK_KINDS or b.table_id or _skipped(b):
            continue
        if b.continues and b.continues in chains:
            chains[b.continues].append(b)
            chains[b.block_id] = chains[b.continues]
        else:
            chains[b.block_id] = [b]
            heads.append(chains[b.block_id])
    return heads


_SPACES = re.compile(r"\s+")


def sentences(blocks: Sequence[Block]) -> Iterator[Sentence]:
    """Every sentence of the body text of ``blocks``, in reading order."""
    groups = paragraphs(blocks)
    texts = []
    for chain in groups:
        texts.append(" ".join(b.text for b in chain))
    nlp = splitter()
    for chain, doc in zip(groups, nlp.pipe(texts, batch_size=64), strict=True):
        starts, pos = [], 0
        for b in chain:
            starts.append(pos)
            pos += len(b.text) + 1
        ids = tuple(b.block_id for b in chain)
        for k, sent in enumerate(doc.sents):
            text = _SPACES.sub(" ", sent.text).strip()
            if not text:
                continue
            i = max(j for j, s in enumerate(starts) if s <= sent.start_char)
            yield Sentence(chain[i], k, text, ids)
