"""Facts: every figure a document reports, normalised, with where it was found.

``extract_facts`` is pure: it reads the blocks and tables of one document (and its
metadata: the currency a bare "$" means, the country that is the default entity) and
returns ``Fact`` records with stable ids in document order (text facts, then table facts).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..records import Block, DocumentMeta, Fact, Table
from .tables import table_facts
from .text import quantities, text_facts

__all__ = ["extract_facts", "quantities", "table_facts", "text_facts"]


def extract_facts(doc_id: str, blocks: Sequence[Block], tables: Sequence[Table], meta: DocumentMeta) -> list[Fact]:
    facts = text_facts(doc_id, blocks, meta.currency) + table_facts(tables, meta.currency, meta.country)
    return [dataclasses.replace(f, fact_id=f"{doc_id[:12]}-f{n:05d}") for n, f in enumerate(facts, start=1)]
