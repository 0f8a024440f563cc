"""Full-text search over blocks, facts and claims: an index built at ingest, ranked by BM25.

The index is two tables (``search_items``, ``search_postings``; migration 007) written with
each document in its load transaction, from the same records the warehouse stores; ranking
is one SQL query (``search`` in ``sql/queries.sql``) with the query's terms bound as a list.
Terms are lower-cased words with a light plural folding ("zones" -> "zone") and without
the stop words of ``query_words.toml``.
"""
from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from extractor.records import Extraction

if TYPE_CHECKING:
    from .database import Warehouse

_WORD = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*")

#: BM25's usual constants.
K1, B = 1.2, 0.75


@cache
def _stopwords() -> frozenset[str]:
    text = (resources.files(__package__) / "query_words.toml").read_text("utf-8")
    return frozenset(tomllib.loads(text)["stopwords"])


def fold(word: str) -> str:
    w = word.lower().replace("’", "'")
    w = w.removesuffix("'s")
    if len(w) > 3 and w.endswith("ies") and not w.endswith("eies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def terms(text: str) -> list[str]:
    """The indexed terms of ``text``, in order."""
    return [t for t in (fold(m.group(0)) for m in _WORD.finditer(text)) if t not in _stopwords()]


def _items(ex: Extraction) -> Iterable[tuple[str, str, int, str]]:
    """(kind, id, page, text) of everything a document makes searchable."""
    for b in ex.blocks:
        if b.text.strip():
            yield "block", b.block_id, b.page, b.text
    for f in ex.facts:
        if not f.missing:
            yield "fact", f.fact_id, f.page, " ".join(filter(None, (f.quote, f.entity, f.indicator, f.period)))
    for c in getattr(ex, "claims", ()):
        yield "claim", c.claim_id, c.page, c.quote


def index_rows(ex: Extraction) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The document's rows of ``search_items`` and ``search_postings``."""
    doc_id = ex.document.doc_id
    items: list[dict[str, Any]] = []
    postings: list[dict[str, Any]] = []
    for kind, item_id, page, text in _items(ex):
        counts = Counter(terms(text))
        if not counts:
            continue
        items.append({"item_id": item_id, "kind": kind, "doc_id": doc_id, "page": page,
                      "n_terms": sum(counts.values())})
        postings += [{"term": t, "kind": kind, "item_id": item_id, "doc_id": doc_id, "tf": n}
                     for t, n in counts.items()]
    return items, postings


@dataclass(frozen=True)
class Hit:
    kind: str
    item_id: str
    doc_id: str
    title: str
    page: int
    score: float
    text: str
    snippet: str  # the best passage, matched words between « and »

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def search(wh: Warehouse, text: str, *, kinds: tuple[str, ...] = ("block", "fact", "claim"),
           doc_id: str | None = None, limit: int = 20) -> list[Hit]:
    """Items ranked by BM25 for the words of ``text``."""
    wanted = sorted(set(terms(text)))
    if not wanted:
        return []
    rows = wh.rows("search", {"terms": wanted, "kinds": list(kinds), "doc_id": doc_id,
                              "k1": K1, "b": B, "limit": limit})
    return [Hit(r["kind"], r["item_id"], r["doc_id"], r["title"], r["page"], r["score"], r["text"],
                snippet(r["text"], wanted)) for r in rows]


def snippet(text: str, wanted: Iterable[str], width: int = 220) -> str:
    """A window of ``text`` around its densest run of matched words, each marked «so»."""
    wanted = set(wanted)
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text) if fold(m.group(0)) in wanted]
    if not spans:
        return text[:width] + ("…" if len(text) > width else "")
    best = max(spans, key=lambda s: sum(1 for o in spans if s[0] <= o[0] < s[0] + width))
    start = max(0, min(best[0] - width // 4, len(text) - width))
    end = min(len(text), start + width)
    out, pos = [], start
    for s, e in spans:
        if s >= start and e <= end:
            out += [text[pos:s], "«", text[s:e], "»"]
            pos = e
    out.append(text[pos:end])
    return ("…" if start > 0 else "") + "".join(out).strip() + ("…" if end < len(text) else "")
