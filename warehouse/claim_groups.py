"""Claim groups: similar claims made by different documents, found over the whole warehouse.

Run after loading (``evidence add`` calls ``regroup`` at the end of a run that stored
anything): every claim's sentence becomes a TF-IDF vector of its words (English stop
words out), and two claims of *different* documents whose cosine similarity is at least
``THRESHOLD`` are linked; a group is a connected set of linked claims, named by its
smallest claim id. Claims with no similar claim in another document get no group. The
``claim_groups`` table is rebuilt in one transaction each time.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    from .database import Warehouse

log = logging.getLogger(__name__)

#: Cosine similarity of word TF-IDF vectors above which two claims make the same point.
THRESHOLD = 0.5


def similar_pairs(docs: list[str], texts: list[str], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) of texts of different documents at least ``threshold`` alike."""
    if len(set(docs)) < 2:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b[^\W\d_]{2,}\b")
    vectors = words.fit_transform(texts)
    sims = (vectors @ vectors.T).tocoo()
    return sorted(
        (int(i), int(j), round(float(v), 3))
        for i, j, v in zip(sims.row, sims.col, sims.data, strict=True)
        if i < j and v >= threshold and docs[i] != docs[j]
    )


def groups(ids: list[str], docs: list[str], pairs: list[tuple[int, int, float]]) -> list[dict[str, Any]]:
    """One row per grouped claim: its group (the smallest member id), its similarity to
    its closest linked claim, and how many documents the group spans."""
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best: dict[int, float] = {}
    for i, j, sim in pairs:
        parent[root(i)] = root(j)
        best[i], best[j] = max(best.get(i, 0.0), sim), max(best.get(j, 0.0), sim)
    members: dict[int, list[int]] = {}
    for i in best:
        members.setdefault(root(i), []).append(i)
    rows = []
    for group in members.values():
        name = min(ids[i] for i in group)
        n_docs = len({docs[i] for i in group})
        rows += [{"claim_id": ids[i], "claim_group": name, "similarity": best[i], "n_docs": n_docs} for i in group]
    return sorted(rows, key=lambda r: r["claim_id"])


def regroup(wh: Warehouse, threshold: float = THRESHOLD) -> int:
    """Rebuild ``claim_groups`` from every stored claim; returns the number of groups."""
    claims = wh.rows("claims_for_grouping")
    ids = [c["claim_id"] for c in claims]
    docs = [c["doc_id"] for c in claims]
    rows = groups(ids, docs, similar_pairs(docs, [c["quote"] for c in claims], threshold))
    batch = pa.Table.from_pylist(rows, schema=pa.schema([
        ("claim_id", pa.string()), ("claim_group", pa.string()), ("similarity", pa.float64()), ("n_docs", pa.int32()),
    ]))
    wh.con.register("_new_claim_groups", batch)
    try:
        with wh.transaction():
            wh.write("claim_groups_clear")
            wh.write("claim_groups_insert")
    finally:
        wh.con.unregister("_new_claim_groups")
    n = len({r["claim_group"] for r in rows})
    log.info("claim groups: %d groups of %d claims", n, len(rows))
    return n
