"""Claims from a document's running text: each sentence of the body is classified, and
the sentences that make a claim become :class:`~extractor.records.Claim` records."""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..records import Block, Claim, Fact
from .data import settings
from .features import model_input
from .lexicon import hedge, tag_topics
from .model import load
from .sentences import Sentence, sentences

_SPACES = re.compile(r"\s+")


def extract_claims(
    doc_id: str, blocks: Sequence[Block], facts: Sequence[Fact] = (), model_dir: Path | None = None
) -> list[Claim]:
    """One claim per sentence of the body text that the classifier says makes one, in
    reading order; non-claims are left out."""
    sents = list(sentences(blocks))
    if not sents:
        return []
    min_words = settings().min_words
    candidates = [
        (i, s) for i, s in enumerate(sents) if len(s.text.split()) >= min_words
    ]
    inputs = [
        model_input(s.text, s.block.section[-1] if s.block.section else "", sents[i - 1].text if i else "")
        for i, s in candidates
    ]
    model = load(model_dir)
    version = str(model.meta.get("created", ""))
    by_block: dict[str, list[Fact]] = {}
    for f in facts:
        if f.block_id:
            by_block.setdefault(f.block_id, []).append(f)
    out = []
    for (_, s), pred in zip(candidates, model.predict(inputs), strict=True):
        if pred.kind == "none":
            continue
        evidence, how = _evidence(s, by_block)
        out.append(
            Claim(
                claim_id=f"{s.block.block_id}-s{s.index:02d}",
                doc_id=doc_id,
                page=s.block.page,
                bbox=s.block.bbox,
                quote=s.text,
                section=s.block.section,
                kind=pred.kind,
                topics=tag_topics(s.text),
                hedge=hedge(s.text),
                confidence=pred.confidence,
                evidence=evidence,
                evidence_how=how,
                block_id=s.block.block_id,
                model_version=version,
            )
        )
    return out


def _evidence(s: Sentence, by_block: dict[str, list[Fact]]) -> tuple[tuple[str, ...], str | None]:
    """The facts of the sentence, else of its paragraph (ids), and which it was."""
    para = [f for bid in s.paragraph for f in by_block.get(bid, [])]
    own = [f for f in para if _same_sentence(f.quote, s.text)]
    if own:
        return tuple(f.fact_id for f in own), "sentence"
    if para:
        return tuple(f.fact_id for f in para), "paragraph"
    return (), None


def _same_sentence(quote: str, sentence: str) -> bool:
    q = _SPACES.sub(" ", quote).strip()
    return bool(q) and (q == sentence or q in sentence or sentence in q)
