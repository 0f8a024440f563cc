"""Precision and recall of citation resolution against the hand-checked gold set.

    python benchmarks/citations.py [--json OUT]

The gold set (tests/gold/citations.jsonl, see tests/gold/README.md) lists every
author-year citation, source-line item and note marker of the paper, each with the
bibliography entry (or note) it refers to, read off the PDF by hand. The paper is
extracted with ``extract_document`` (pure, no database) and its citations are paired
with the gold ones by page, first cited name and year (each of ours used once).

- citations -> reference: a gold citation is found when ours resolves to the entry the
  gold names (true positive); ours resolving to another entry, or resolving one the gold
  says cannot be resolved, is a false positive; a gold citation ours missed or left
  unresolved is a false negative.
- note markers -> note: paired by page and marker; right when ours points to the note
  the gold names.
- marker -> note -> reference: each reference a gold note cites, reached through ours.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.citations.names import fold  # noqa: E402
from extractor.pipeline import extract_document  # noqa: E402
from extractor.records import Citation, Extraction, Reference  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "citations.jsonl"
_LEAD = re.compile(r"^\s*\d{1,3}[.)]?\s+")


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ref_for(text: str | None, refs: tuple[Reference, ...]) -> str | None:
    """The id of the one reference whose entry contains ``text`` (the gold's pointer)."""
    if text is None:
        return None
    found = [r.ref_id for r in refs if text in r.raw]
    if len(found) != 1:
        raise ValueError(f"gold entry {text!r} matches {len(found)} references")
    return found[0]


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(ex: Extraction, gold: list[dict[str, Any]]) -> dict[str, Any]:
    refs = ex.references
    blocks = {b.block_id: b for b in ex.blocks}
    ours = [c for c in ex.citations if c.kind != "note_marker"]
    pool: dict[tuple[int, str, str | None], list[Citation]] = {}
    for c in ours:
        pool.setdefault((c.page, fold(c.authors[0]) if c.authors else "", c.year), []).append(c)
    tp = fp = fn = 0
    right_unresolved = found = 0
    misses: list[str] = []
    for g in (g for g in gold if g["kind"] == "citation"):
        want = ref_for(g["ref"], refs)
        bucket = pool.get((g["page"], fold(g["author"]), g["year"]), [])
        mine = bucket.pop(0) if bucket else None
        found += mine is not None
        if want is not None:
            if mine is not None and mine.ref_id == want:
                tp += 1
                continue
            fn += 1
            misses.append(f"p{g['page']} {g['raw']}: " + ("not found" if mine is None else f"{mine.how} {mine.ref_id}"))
        if mine is not None and mine.ref_id is not None and mine.ref_id != want:
            fp += 1
            misses.append(f"p{g['page']} {g['raw']}: wrongly resolved to {mine.ref_id}")
        elif want is None:
            right_unresolved += 1
    extra = [c for cs in pool.values() for c in cs]
    fp += sum(c.ref_id is not None for c in extra)
    extras = [f"p{c.page} {c.raw}: {c.ref_id or 'unresolved'}" for c in extra]
    n_cites = sum(g["kind"] == "citation" for g in gold)

    markers = {(c.page, c.marker): c for c in ex.citations if c.kind == "note_marker"}
    by_block: dict[str, list[Citation]] = {}
    for c in ex.citations:
        by_block.setdefault(c.block_id, []).append(c)
    m_right = m_found = chain_tp = chain_fp = chain_fn = 0
    gold_markers = [g for g in gold if g["kind"] == "marker"]
    for g in gold_markers:
        mine = markers.get((g["page"], g["marker"]))
        note = blocks.get(mine.note_block_id or "") if mine else None
        m_found += mine is not None
        ok = note is not None and note.page == g["note_page"] and _LEAD.sub("", note.text).startswith(
            _LEAD.sub("", g["note_starts"]))
        m_right += ok
        if not ok:
            misses.append(f"p{g['page']} marker {g['marker']}: note " + (note.block_id if note else "not found"))
        wanted = {ref_for(r, refs) for r in g["note_refs"]}
        got = {c.ref_id for c in by_block.get(note.block_id, [])} - {None} if ok and note else set()
        chain_tp += len(wanted & got)
        chain_fn += len(wanted - got)
        chain_fp += len(got - wanted)
    return {
        "citations": n_cites,
        "citations_found": found,
        "resolution_precision": _ratio(tp, tp + fp),
        "resolution_recall": _ratio(tp, tp + fn),
        "tp": tp, "fp": fp, "fn": fn,
        "gold_unresolvable": sum(g["kind"] == "citation" and g["ref"] is None for g in gold),
        "kept_unresolved_correctly": right_unresolved,
        "extra_citations": len(extra),
        "markers": len(gold_markers),
        "markers_found": m_found,
        "marker_note_precision": _ratio(m_right, len(markers)),
        "marker_note_recall": _ratio(m_right, len(gold_markers)),
        "chain_precision": _ratio(chain_tp, chain_tp + chain_fp),
        "chain_recall": _ratio(chain_tp, chain_tp + chain_fn),
        "chain_refs": chain_tp + chain_fn,
        "how": dict(Counter(c.how for c in ex.citations)),
        "misses": misses,
        "extras": extras,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", help="also write the scores to this file")
    args = ap.parse_args()
    gold = load_gold()
    docs = {g["doc"] for g in gold}
    results = {}
    for doc in sorted(docs):
        path = ROOT / "corpus" / doc
        t0 = time.perf_counter()
        ex = extract_document(path.read_bytes(), doc)
        s = score(ex, [g for g in gold if g["doc"] == doc])
        s["seconds"] = round(time.perf_counter() - t0, 1)
        results[doc] = s
        print(f"{doc}: {len(ex.references)} references, {len(ex.citations)} citations, {len(ex.cite_links)} links")
        print("| what | gold | found | precision | recall |")
        print("|---|---:|---:|---:|---:|")
        print(f"| citation -> reference | {s['citations']} | {s['citations_found']} | "
              f"{s['resolution_precision']:.3f} | {s['resolution_recall']:.3f} |")
        print(f"| note marker -> note | {s['markers']} | {s['markers_found']} | "
              f"{s['marker_note_precision']:.3f} | {s['marker_note_recall']:.3f} |")
        print(f"| marker -> note -> reference | {s['chain_refs']} | | "
              f"{s['chain_precision']:.3f} | {s['chain_recall']:.3f} |")
        print(f"unresolvable in gold: {s['gold_unresolvable']} (kept unresolved: {s['kept_unresolved_correctly']}); "
              f"citations not in gold: {s['extra_citations']}")
        for m in s["misses"]:
            print("  miss:", m)
        for m in s["extras"]:
            print("  not in gold:", m)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
