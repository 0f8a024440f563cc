"""Policy claims: what a report argues, as records.

``extract_claims`` is pure: it reads the blocks of one document (and its facts, to link
the figures each claim states) and returns ``Claim`` records: the sentences of the body
text that the kind classifier (``model``, trained on ``corpus/annotations/claims.jsonl``)
says make a claim (success factor, causal, recommendation, challenge, lesson, policy
description), each with its topics (``topics.toml``) and hedge (``claims.toml``).

The classifier (its linear weights, with numpy; scikit-learn is needed only to train it)
and spaCy's tokenizer are loaded on first use, so that a process that only stores or
queries claims never pays for loading them.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..records import Block, Claim, Fact

__all__ = ["check_model", "extract_claims"]


def extract_claims(
    doc_id: str, blocks: Sequence[Block], facts: Sequence[Fact] = (), model_dir: Path | None = None
) -> list[Claim]:
    """The claims of a document's body text (see :mod:`extractor.claims.extract`)."""
    from .extract import extract_claims as run

    return run(doc_id, blocks, facts, model_dir)


def check_model(model_dir: Path | None = None) -> None:
    """Load the claims model now (it is cached for the process) or raise
    :class:`~extractor.claims.errors.ModelUnavailable` with a one-line reason and a hint:
    ingestion calls this before parsing any file, so that a missing or broken model is one
    clear error instead of a failure of every document."""
    from .model import check

    check(model_dir)
