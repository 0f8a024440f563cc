"""Training and cross-validation of the kind classifier, and the scores reported with it.

``evaluate`` cross-validates with folds grouped by document, by section or by page (a
group's sentences are all held out together) and scores per kind; ``train`` fits on every
example and writes the model directory with its meta (versions, data hash, scores).
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .annotations import KINDS, LABELS, Example, read_annotations
from .model import CONFIG, KindModel, build, file_hash, model_dir, versions

log = logging.getLogger(__name__)

#: The annotations of this checkout (``corpus/`` sits next to the ``extractor`` package).
DEFAULT_ANNOTATIONS = Path(__file__).resolve().parents[2] / "corpus" / "annotations" / "claims.jsonl"

#: How the folds of cross-validation group the examples.
GROUPINGS: dict[str, Callable[[Example], str]] = {
    "document": lambda e: e.doc,
    "section": lambda e: f"{e.doc}|{e.section}",
    "page": lambda e: f"{e.doc}|{e.page}",
}


@dataclass(frozen=True)
class Scores:
    """Precision, recall, F1 and support per label, with macro averages over the claim kinds
    and over all labels, and the F1 of telling claims from non-claims."""

    per_label: dict[str, tuple[float, float, float, int]]
    macro_f1_kinds: float  # over the six kinds of claim
    macro_f1: float  # over the kinds and "none"
    claim_f1: float  # claim vs none
    accuracy: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "per_label": {k: {"precision": p, "recall": r, "f1": f, "support": n}
                          for k, (p, r, f, n) in self.per_label.items()},
            "macro_f1_kinds": self.macro_f1_kinds, "macro_f1": self.macro_f1,
            "claim_f1": self.claim_f1, "accuracy": self.accuracy,
        }


def score(gold: Sequence[str], pred: Sequence[str]) -> Scores:
    per: dict[str, tuple[float, float, float, int]] = {}
    for k in LABELS:
        tp = sum(g == k and p == k for g, p in zip(gold, pred, strict=True))
        n_pred, n_gold = sum(p == k for p in pred), sum(g == k for g in gold)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[k] = (round(prec, 3), round(rec, 3), round(f1, 3), n_gold)
    present = [k for k in LABELS if per[k][3]]
    kinds = [k for k in KINDS if per[k][3]]
    tp = sum(g != "none" and p != "none" for g, p in zip(gold, pred, strict=True))
    n_pred, n_gold = sum(p != "none" for p in pred), sum(g != "none" for g in gold)
    claim_f1 = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
    return Scores(
        per,
        round(sum(per[k][2] for k in kinds) / len(kinds), 3) if kinds else 0.0,
        round(sum(per[k][2] for k in present) / len(present), 3) if present else 0.0,
        round(claim_f1, 3),
        round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold), 3) if gold else 0.0,
    )


def cross_predict(examples: Sequence[Example], grouping: str, folds: int = 5,
                  config: dict[str, Any] | None = None) -> list[str]:
    """Each example's kind as predicted by a model that never saw its group."""
    from sklearn.model_selection import GroupKFold

    groups = [GROUPINGS[grouping](e) for e in examples]
    n = min(folds, len(set(groups)))
    pred = [""] * len(examples)
    inputs = [e.input for e in examples]
    labels = [e.kind for e in examples]
    for train_idx, test_idx in GroupKFold(n_splits=n).split(inputs, labels, groups):
        pipe = build(config)
        pipe.fit([inputs[i] for i in train_idx], [labels[i] for i in train_idx])
        for i, p in zip(test_idx, pipe.predict([inputs[i] for i in test_idx]), strict=True):
            pred[i] = str(p)
    return pred


def evaluate(examples: Sequence[Example], grouping: str, folds: int = 5) -> Scores:
    return score([e.kind for e in examples], cross_predict(examples, grouping, folds))


def train(
    annotations: Path, out: Path | None = None, *, groupings: Sequence[str] = ("section", "page", "document")
) -> KindModel:
    """Fit the classifier on every example of ``annotations``, cross-validate it, and write
    the model directory ``out`` (default ``model_dir()``)."""
    examples = read_annotations(annotations)
    pipe = build()
    pipe.fit([e.input for e in examples], [e.kind for e in examples])
    meta = {
        "name": "claims-kind",
        "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "versions": versions(),
        "config": CONFIG,
        "labels": list(LABELS),
        "training_data": {
            "path": annotations.name,
            "sha256": file_hash(annotations),
            "examples": len(examples),
            "documents": len({e.doc for e in examples}),
            "kinds": dict(sorted(Counter(e.kind for e in examples).items())),
        },
        "scores": {
            f"cv_by_{g}": evaluate(examples, g).as_dict()
            for g in groupings if len({GROUPINGS[g](e) for e in examples}) >= 2  # else nothing to hold out
        },
    }
    model = KindModel(pipe, meta)
    model.save(out or model_dir())
    return model
