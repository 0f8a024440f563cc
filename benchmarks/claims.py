"""Accuracy of claim extraction against the annotated sentences in corpus/annotations/.

    python benchmarks/claims.py [--folds 5] [--json OUT]

Kind: cross-validated precision, recall and F1 per kind of the classifier
(extractor/claims/model.py), with folds grouped so that the sentences of a held-out group
are never seen in training: by document (leave documents out), by section (a document's
section), by page. Next to it, two baselines on the same sentences: the majority class
(every sentence "none") and the keyword baseline (the first kind whose cue words of
extractor/claims/claims.toml occur in the sentence). Macro-F1 is over the six kinds of
claim (and, in brackets, over the kinds and "none"); "claim F1" scores telling a claim
from a non-claim. Topics: the taxonomy lexicon (extractor/claims/topics.toml, what
extraction uses) and a one-vs-rest classifier under the same folds, micro and macro
F1 over the annotated claims. Hedge: accuracy of the hedge lexicon. Agreement: Cohen's
kappa between the annotation passes (``kind`` against ``kind_first_pass``), overall and
per kind (that kind against the rest). Prints markdown.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.claims.annotations import KINDS, LABELS, Example, read_annotations  # noqa: E402
from extractor.claims.lexicon import hedge, keyword_kind, tag_topics, topic_names  # noqa: E402
from extractor.claims.training import DEFAULT_ANNOTATIONS, GROUPINGS, Scores, cross_predict, score  # noqa: E402


def topic_scores(gold: list[tuple[str, ...]], pred: list[tuple[str, ...]]) -> dict[str, float]:
    per = {}
    tp_all = fp_all = fn_all = 0
    for t in topic_names():
        tp = sum(t in g and t in p for g, p in zip(gold, pred, strict=True))
        fp = sum(t not in g and t in p for g, p in zip(gold, pred, strict=True))
        fn = sum(t in g and t not in p for g, p in zip(gold, pred, strict=True))
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        per[t] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    prec = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    rec = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    return {
        "micro_precision": round(prec, 3), "micro_recall": round(rec, 3),
        "micro_f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0,
        "macro_f1": round(sum(per.values()) / len(per), 3),
    }


def agreement(path: Path) -> dict[str, Any] | None:
    """Cohen's kappa between the two annotation passes of ``path`` (None without a first pass)."""
    from sklearn.metrics import cohen_kappa_score

    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    pairs = [(r["kind_first_pass"], r["kind"]) for r in rows if "kind_first_pass" in r]
    if not pairs:
        return None
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    as_prediction = score(second, first)  # the first pass scored like a model against the second
    per = {k: round(float(cohen_kappa_score([a == k for a in first], [b == k for b in second])), 3) for k in LABELS}
    return {
        "sentences": len(pairs),
        "kappa": round(float(cohen_kappa_score(first, second)), 3),
        "raw_agreement": round(sum(a == b for a, b in pairs) / len(pairs), 3),
        "per_kind": per,
        "counts": {k: [first.count(k), second.count(k)] for k in LABELS},
        "first_pass_macro_f1_kinds": as_prediction.macro_f1_kinds,
        "first_pass_f1": {k: as_prediction.per_label[k][2] for k in LABELS},
    }


def topic_classifier(examples: list[Example], grouping: str, folds: int) -> list[tuple[str, ...]]:
    """Topics predicted by a one-vs-rest linear SVM on word n-grams, cross-validated."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import GroupKFold
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MultiLabelBinarizer
    from sklearn.svm import LinearSVC

    names = list(topic_names())
    mlb = MultiLabelBinarizer(classes=names)
    y = mlb.fit_transform([e.topics for e in examples])
    texts = [e.sentence for e in examples]
    groups = [GROUPINGS[grouping](e) for e in examples]
    pred: list[tuple[str, ...]] = [()] * len(examples)
    for tr, te in GroupKFold(n_splits=min(folds, len(set(groups)))).split(texts, y, groups):
        pipe = Pipeline([("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
                         ("svm", OneVsRestClassifier(LinearSVC(C=0.5, class_weight="balanced", random_state=0)))])
        pipe.fit([texts[i] for i in tr], y[tr])
        for i, row in zip(te, pipe.predict([texts[i] for i in te]), strict=True):
            pred[i] = tuple(n for n, v in zip(names, row, strict=True) if v)
    return pred


def _f(x: float) -> str:
    return f"{x:.3f}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--annotations", type=Path, default=DEFAULT_ANNOTATIONS)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write every score as JSON")
    args = ap.parse_args(argv)
    examples = read_annotations(args.annotations)
    gold = [e.kind for e in examples]
    t0 = time.perf_counter()
    model = {g: score(gold, cross_predict(examples, g, args.folds)) for g in GROUPINGS}
    seconds = time.perf_counter() - t0
    majority = Counter(gold).most_common(1)[0][0]
    base = {
        "majority": score(gold, [majority] * len(gold)),
        "keywords": score(gold, [keyword_kind(e.sentence) for e in examples]),
    }

    docs = Counter(e.doc for e in examples)
    print(f"{len(examples)} annotated sentences of {len(docs)} documents "
          f"({', '.join(f'{d}: {n}' for d, n in docs.most_common())}); "
          f"kinds: {', '.join(f'{k} {n}' for k, n in Counter(gold).most_common())}.\n")

    print("| kind | support | model P (by section) | model R | model F1 | model F1 (by page) | model F1 (by document) "
          "| keyword F1 | majority F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for k in LABELS:
        p, r, f, n = model["section"].per_label[k]
        print(f"| {k} | {n} | {_f(p)} | {_f(r)} | {_f(f)} | {_f(model['page'].per_label[k][2])} "
              f"| {_f(model['document'].per_label[k][2])} | {_f(base['keywords'].per_label[k][2])} "
              f"| {_f(base['majority'].per_label[k][2])} |")
    print()
    print("| method | folds grouped by | macro-F1 (6 kinds) | macro-F1 (with none) | claim F1 | accuracy |")
    print("|---|---|---:|---:|---:|---:|")
    rows: list[tuple[str, str, Scores]] = [("classifier", g, s) for g, s in model.items()]
    rows += [("keyword baseline", "-", base["keywords"]), ("majority baseline", "-", base["majority"])]
    for name, g, s in rows:
        print(f"| {name} | {g} | {_f(s.macro_f1_kinds)} | {_f(s.macro_f1)} | {_f(s.claim_f1)} | {_f(s.accuracy)} |")

    claims = [e for e in examples if e.kind != "none"]
    lex = topic_scores([e.topics for e in claims], [tag_topics(e.sentence) for e in claims])
    clf_all = topic_classifier(examples, "section", args.folds)
    clf_claims = [p for e, p in zip(examples, clf_all, strict=True) if e.kind != "none"]
    clf = topic_scores([e.topics for e in claims], clf_claims)
    print()
    print(f"| topics ({len(claims)} annotated claims) | micro P | micro R | micro F1 | macro F1 |")
    print("|---|---:|---:|---:|---:|")
    for name, ts in (("taxonomy lexicon (used)", lex), ("one-vs-rest classifier, by section", clf)):
        print(f"| {name} | {_f(ts['micro_precision'])} | {_f(ts['micro_recall'])} | {_f(ts['micro_f1'])} "
              f"| {_f(ts['macro_f1'])} |")
    hedged = [hedge(e.sentence) for e in claims]
    acc = sum(h == e.hedge for h, e in zip(hedged, claims, strict=True)) / len(claims)
    print(f"\nHedge lexicon: {acc:.3f} of the {len(claims)} annotated claims get the annotated hedge "
          f"(annotated: {dict(Counter(e.hedge for e in claims))}). "
          f"Cross-validation of the classifier: {seconds:.1f} s for all groupings.")
    agree = agreement(args.annotations)
    if agree:
        print(f"\nAgreement between the annotation passes ({agree['sentences']} sentences): Cohen's kappa "
              f"{agree['kappa']:.3f}, raw agreement {agree['raw_agreement']:.3f}; the first pass scored against the "
              f"second like a model: macro-F1 {agree['first_pass_macro_f1_kinds']:.3f} over the six kinds.\n")
        print("| kind | first pass | second pass | kappa (kind vs rest) | F1 of the first pass |")
        print("|---|---:|---:|---:|---:|")
        for k in LABELS:
            a, b = agree["counts"][k]
            print(f"| {k} | {a} | {b} | {_f(agree['per_kind'][k])} | {_f(agree['first_pass_f1'][k])} |")
    if args.json:
        out: dict[str, Any] = {
            "model": {g: s.as_dict() for g, s in model.items()},
            "baselines": {k: s.as_dict() for k, s in base.items()},
            "topics": {"lexicon": lex, "classifier_by_section": clf},
            "hedge_accuracy": round(acc, 3),
            "agreement": agree,
            "kinds": list(KINDS),
        }
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
