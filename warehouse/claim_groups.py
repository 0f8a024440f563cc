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
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
from scipy import sparse

if TYPE_CHECKING:
    from .database import Warehouse

log = logging.getLogger(__name__)

#: Cosine similarity of word TF-IDF vectors above which two claims make the same point.
THRESHOLD = 0.5


_WORD = re.compile(r"(?u)\b[^\W\d_]{2,}\b")


@cache
def _stop_words() -> frozenset[str]:
    text = (resources.files(__package__) / "stop_words.txt").read_text("utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


def tfidf(texts: list[str]) -> sparse.csr_matrix:
    """Word TF-IDF rows of ``texts`` as scikit-learn's ``TfidfVectorizer(stop_words="english",
    sublinear_tf=True)`` makes them (smoothed idf, rows of unit length), without importing
    scikit-learn, which costs a cold ``evidence add`` more than a second."""
    stop = _stop_words()
    columns: dict[str, int] = {}
    rows, cols, counts = [], [], []
    for i, text in enumerate(texts):
        found: dict[int, int] = {}
        for w in _WORD.findall(text.lower()):
            if w not in stop:
                j = columns.setdefault(w, len(columns))
                found[j] = found.get(j, 0) + 1
        rows += [i] * len(found)
        cols += list(found)
        counts += list(found.values())
    x = np.log(np.asarray(counts, dtype=np.float64)) + 1.0
    df = np.bincount(np.asarray(cols, dtype=np.intp), minlength=len(columns))
    idf = np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    m = sparse.csr_matrix((x * idf[cols], (rows, cols)), shape=(len(texts), len(columns)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def similar_pairs(docs: list[str], texts: list[str], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) of texts of different documents at least ``threshold`` alike."""
    if len(set(docs)) < 2:
        return []
    vectors = tfidf(texts)
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
