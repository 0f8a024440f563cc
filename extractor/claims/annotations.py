"""The annotated sentences the classifier learns from (``corpus/annotations/claims.jsonl``:
one JSON object per line with doc, page, section, sentence, kind, topics, hedge, and
optionally ``kind_first_pass``, an earlier annotation pass kept to measure agreement; see
the README next to it for the decision rules)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import BadAnnotations
from .features import model_input
from .lexicon import HEDGES, topic_names

#: The kinds of claim, and "none" for sentences that make no claim.
KINDS = ("success_factor", "causal", "recommendation", "challenge", "lesson", "policy_description")
LABELS = (*KINDS, "none")


@dataclass(frozen=True)
class Example:
    doc: str
    page: int
    section: str
    sentence: str
    kind: str
    topics: tuple[str, ...]
    hedge: str
    input: str  # what the classifier reads (``features.model_input``)


def read_annotations(path: Path) -> list[Example]:
    """The examples of ``path``, in file order (which is each document's reading order)."""
    rows = []
    known_topics = set(topic_names())
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            ex = (str(r["doc"]), int(r["page"]), str(r.get("section", "")), str(r["sentence"]),
                  str(r["kind"]), tuple(r.get("topics", ())), str(r.get("hedge", "none")))
        except (ValueError, KeyError, TypeError) as exc:
            raise BadAnnotations(path, n, f"not an annotation: {exc}") from exc
        if ex[4] not in LABELS:
            raise BadAnnotations(path, n, f"unknown kind {ex[4]!r}")
        if r.get("kind_first_pass", ex[4]) not in LABELS:  # an earlier pass, kept for agreement
            raise BadAnnotations(path, n, f"unknown kind_first_pass {r['kind_first_pass']!r}")
        if ex[6] not in HEDGES:
            raise BadAnnotations(path, n, f"unknown hedge {ex[6]!r}")
        unknown = set(ex[5]) - known_topics
        if unknown:
            raise BadAnnotations(path, n, f"unknown topic(s) {sorted(unknown)}")
        rows.append(ex)
    out = []
    for i, (doc, page, section, sentence, kind, topics, hedge) in enumerate(rows):
        previous = rows[i - 1][3] if i and rows[i - 1][0] == doc else ""
        out.append(Example(doc, page, section, sentence, kind, topics, hedge, model_input(sentence, section, previous)))
    return out
