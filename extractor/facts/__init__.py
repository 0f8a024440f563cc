"""Facts: every figure a document reports, normalised, with where it was found.

``extract_facts`` is pure: it reads the blocks and tables of one document (and its
metadata: the currency a bare "$" means, the country that is the default entity) and
returns ``Fact`` records with stable ids in document order (text facts, then table facts).

(The quantity tool for any text is ``extractor.facts.text.quantities``; this package has
a ``quantities`` module, so it exports no function of that name.) The text stage (spaCy)
is imported on first use, so that a process that only stores or
queries facts (the parent of the parsing worker, the CLI's read commands) never pays
for loading it.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..records import Block, DocumentMeta, Fact, Table
from .tables import table_facts

__all__ = ["extract_facts", "table_facts", "text_facts"]


def text_facts(
    doc_id: str,
    blocks: Sequence[Block],
    currency: str | None,
    country: str | None = None,
    tables: Sequence[Table] = (),
    publisher: str | None = None,
) -> list[Fact]:
    """Facts from the text blocks (see :mod:`extractor.facts.text`)."""
    from .text import text_facts as run

    return run(doc_id, blocks, currency, country, tables, publisher)


def extract_facts(doc_id: str, blocks: Sequence[Block], tables: Sequence[Table], meta: DocumentMeta) -> list[Fact]:
    facts = text_facts(doc_id, blocks, meta.currency, meta.country, tables, meta.publisher)
    facts += table_facts(tables, meta.currency, meta.country)
    return [dataclasses.replace(f, fact_id=f"{doc_id[:12]}-f{n:05d}") for n, f in enumerate(facts, start=1)]
