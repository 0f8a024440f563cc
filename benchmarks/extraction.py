"""Accuracy and speed of fact extraction against the hand-made gold set in tests/gold/.

    python benchmarks/extraction.py [--json OUT] [--errors] [--unseen DIR]

Table facts: every gold cell is looked up among our facts by document, table label, row
header and column header. Text facts: on the pages the gold set covers completely, gold
figures and ours are paired by document, page, value and unit (each of ours used once,
one from the gold figure's own sentence first);
reported for all covered pages, for the development pages (DEV_PAGES, which rules may be
tuned on) and for the held-out rest.
Reported: precision and recall of value+unit, and the share of gold facts whose entity,
indicator and period we got right (entity: one name contains the other, ignoring case;
indicator and period: equal). Speed: sentences per second of the text stage.
Unseen documents: eight EU reports the project had never seen (tests/gold/unseen/, every
page annotated by annotators who did not run the extractor; the PDFs stay in the peer
suite under ../shared/bench, read from there), scored alike in two rows: the dev ones
(UNSEEN_DEV, whose errors may be read) and the blind rest.
``--errors`` lists, for the development pages only, each gold figure we missed or got an
attribute of wrong (held-out errors are never printed, so that they stay unseen).
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.facts.words import indicator_names  # noqa: E402
from extractor.manifest import read_manifest  # noqa: E402
from extractor.pipeline import extract_document  # noqa: E402
from extractor.records import Extraction, Fact  # noqa: E402

GOLD = ROOT / "tests" / "gold"
#: Where the unseen documents' PDFs are (the peer suite next to the checkout).
UNSEEN_PDFS = ROOT.parent / "shared" / "bench" / "tables" / "pdfs" / "tabula" / "icdar2013-dataset" / \
    "competition-dataset-eu"
#: Pages of each document whose text figures the gold set lists completely.
COVERED_TEXT_PAGES = {
    # every page of the paper; pages beyond the first twelve annotated were added 2026-11-30
    # by an annotator who did not see the extractor's output: all held out
    "zeng-2011-sez-clusters-wps5583.pdf": set(range(1, 42)),
    "cbsi-meb-2022-11.pdf": {1, 2},
    "cbsi-meb-2022-12.pdf": {1, 2},
}
#: The development pages: rules may be tuned looking at these; the rest (the December
#: bulletin and every other page of the paper) is held out, read only to report. Pages 14,
#: 16-18 of the paper moved from held-out to dev in 2026-11; pages 19-29 on 2026-11-30
#: (chosen by page range before any of their errors were looked at, when the dev pages
#: had no error left to learn from).
DEV_PAGES = {
    "zeng-2011-sez-clusters-wps5583.pdf": {4, 9, 10, 11, 12, 14, 16, 17, 18, *range(19, 30)},
    "cbsi-meb-2022-11.pdf": {1, 2},
}


#: Of the unseen documents, those whose errors may be looked at; the others stay blind.
#: eu-026 was chosen 2026-11-30 before any was scored per document (the largest). eu-006
#: and eu-014 joined it later on 2026-11-30: their gold labels had been read while working on
#: eu-026, so they were no longer blind; documents annotated later are the held-out ones.
UNSEEN_DEV = {"eu-026.pdf", "eu-006.pdf", "eu-014.pdf"}


def split(doc: str, page: int) -> str:
    return "dev" if page in DEV_PAGES.get(doc, set()) or doc in UNSEEN_DEV else "held-out"


def _key(text: str | None) -> str:
    return re.sub(r"\s+", "", (text or "")).lower()


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _entity_ok(gold: str | None, ours: str | None) -> bool:
    if not gold or not ours:
        return gold == ours
    g, o = gold.lower().removeprefix("the "), ours.lower().removeprefix("the ")
    return g in o or o in g


def load_gold(name: str) -> list[dict[str, Any]]:
    with open(GOLD / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def extract_all() -> dict[str, Extraction]:
    manifest = read_manifest(ROOT / "corpus" / "manifest.csv")
    out = {}
    for name in COVERED_TEXT_PAGES:
        out[name] = extract_document((ROOT / "corpus" / name).read_bytes(), name, manifest.get(name))
    return out


def extract_unseen(folder: Path) -> dict[str, Extraction]:
    """The unseen documents of tests/gold/unseen/manifest.csv, from ``folder`` (none if absent)."""
    manifest = read_manifest(GOLD / "unseen" / "manifest.csv")
    paths = {name: folder / name for name in manifest}
    if not all(p.is_file() for p in paths.values()):
        return {}
    return {name: extract_document(p.read_bytes(), name, manifest[name]) for name, p in paths.items()}


def score_tables(gold: list[dict[str, Any]], docs: dict[str, Extraction]) -> dict[str, float]:
    """Cells are found by table, row header, column header and text; cells that share
    all four (the "as % of China total" rows) are paired in row order."""
    ours: dict[tuple[str, ...], list[Fact]] = defaultdict(list)
    labels = {}
    for name, ex in docs.items():
        tables = {t.table_id: t for t in ex.tables}
        for f in sorted(ex.facts, key=lambda f: (f.table_id or "", f.row or 0, f.col or 0)):
            if f.source != "table" or f.table_id is None:
                continue
            t = tables[f.table_id]
            cell = next(c for c in t.cells if c.row == f.row and c.col == f.col)
            stub = cell.row_path[-1] if cell.row_path else ""
            ours[(name, _key(t.label), _key(stub), _key("/".join(cell.header_path)), _key(f.raw))].append(f)
            labels[f.table_id] = t.label
    gold = [g for g in gold if not g.get("header_cell")]
    found: list[tuple[dict[str, Any], Fact | None]] = []
    for g in gold:
        pool = ours.get((g["doc"], _key(g["table"]), _key(g["row_header"]), _key(g["col_header"]), _key(g["raw"])))
        found.append((g, pool.pop(0) if pool else None))
    values = [g for g in gold if not g.get("missing")]
    hits = [(g, f) for g, f in found if f is not None and not g.get("missing")]
    right = [(g, f) for g, f in hits if _close(g["value"], f.value) and g["unit"] == f.unit]
    gold_tables = {(g["doc"], g["table"]) for g in gold}
    ours_in_scope = [
        f for name, ex in docs.items() for f in ex.facts
        if f.source == "table" and not f.missing and (name, labels.get(f.table_id)) in gold_tables
    ]
    return {
        "gold": len(values),
        "ours": len(ours_in_scope),
        "precision": len(right) / len(ours_in_scope) if ours_in_scope else 0.0,
        "recall": len(right) / len(values) if values else 0.0,
        "entity": sum(_entity_ok(g["entity"], f.entity) for g, f in hits) / len(values),
        "indicator": sum(g["indicator"] == f.indicator for g, f in hits) / len(values),
        "period": sum(g["period"] == f.period for g, f in hits) / len(values),
        "missing found": sum(1 for g, f in found if g.get("missing") and f is not None and f.missing),
        "missing gold": sum(1 for g in gold if g.get("missing")),
    }


def score_text(gold: list[dict[str, Any]], docs: dict[str, Extraction], part: str | None = None,
               errors: list[tuple[dict[str, Any], Fact | None]] | None = None,
               covered: dict[str, set[int]] | None = None) -> dict[str, float]:
    """Scores over the covered pages (``COVERED_TEXT_PAGES`` unless ``covered``), or over
    one ``part`` of them ("dev", "held-out")."""
    covered = COVERED_TEXT_PAGES if covered is None else covered
    positives = [g for g in gold if not g.get("not_fact") and (part is None or split(g["doc"], g["page"]) == part)]
    by_page: dict[tuple[str, int], list[Fact]] = defaultdict(list)
    for name, ex in docs.items():
        for f in ex.facts:
            if (f.source == "text" and f.page in covered[name] and not f.missing
                    and (part is None or split(name, f.page) == part)):
                by_page[(name, f.page)].append(f)
    ours_total = sum(len(v) for v in by_page.values())
    pairs = []
    for g in positives:
        pool = by_page.get((g["doc"], g["page"]), [])
        same = [f for f in pool if g["unit"] == f.unit and (_close(g.get("value"), f.value)
                or (g.get("value") is None and _close(g.get("value_low"), f.value_low)))]
        # a figure of the same value in the gold's own sentence first, then anywhere on the page
        sentence = _key(g.get("sentence"))
        same.sort(key=lambda f: not (_key(f.quote) in sentence or sentence in _key(f.quote)))
        if same:
            pool.remove(same[0])
            pairs.append((g, same[0]))
    n = len(positives)
    if errors is not None:
        paired = {id(g) for g, _ in pairs}
        errors += [(g, None) for g in positives if id(g) not in paired]
        errors += [(g, f) for g, f in pairs if not (_entity_ok(g.get("entity"), f.entity)
                   and g.get("indicator") == f.indicator and g.get("period") == f.period)]
    return {
        "gold": n,
        "ours": ours_total,
        "precision": len(pairs) / ours_total if ours_total else 0.0,
        "recall": len(pairs) / n if n else 0.0,
        "entity": sum(_entity_ok(g.get("entity"), f.entity) for g, f in pairs) / n if n else 0.0,
        "indicator": sum(g.get("indicator") == f.indicator for g, f in pairs) / n if n else 0.0,
        "indicator_head": sum(same_head(g.get("indicator"), f.indicator) for g, f in pairs) / n if n else 0.0,
        "period": sum(g.get("period") == f.period for g, f in pairs) / n if n else 0.0,
    }


def head(name: str | None) -> tuple[str, str] | None:
    """What an indicator's name is a measure of, by its head nouns: "share of sales" and
    "own brand share of sales" -> ("share", "sale"); "financial loss" and "loss" -> ("", "loss");
    "unit cost per student" -> ("", "cost")."""
    if not name:
        return None
    words = re.sub(r"\bper\b.*$", "", name.lower().replace("-", " ")).split()
    if not words:
        return None
    if "of" in words[1:]:
        i = words.index("of", 1)
        return _singular(words[i - 1]), _singular(words[-1]) if i + 1 < len(words) else ""
    return "", _singular(words[-1])


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def same_head(gold: str | None, ours: str | None) -> bool:
    """The exact name, or, when either name is not in the vocabulary (an open name or an
    annotator's coinage), the same head nouns: a lenient reading of open names. Two
    vocabulary names must be equal ("utilized FDI" is not "contracted FDI")."""
    if gold == ours:
        return True
    if gold in indicator_names() and ours in indicator_names():
        return False
    return head(gold) is not None and head(gold) == head(ours)


def text_speed(docs: dict[str, Extraction]) -> tuple[int, float]:
    """Sentences and seconds for the text stage alone over the corpus documents."""
    try:
        from extractor.facts.text import text_facts
    except ImportError:
        return 0, 0.0
    n_sent, seconds = 0, 0.0
    for ex in docs.values():
        body = [b for b in ex.blocks if b.kind in ("paragraph", "list_item", "heading")]
        n_sent += sum(len(re.findall(r"[.!?](?:\s|$)", b.text)) or 1 for b in body)
        t0 = time.perf_counter()
        text_facts(ex.document.doc_id, ex.blocks, ex.document.meta.currency, ex.document.meta.country, ex.tables)
        seconds += time.perf_counter() - t0
    return n_sent, seconds


def print_errors(errors: list[tuple[dict[str, Any], Fact | None]]) -> None:
    print(f"\n{len(errors)} errors on the development pages (gold -> ours):")
    for g, f in sorted(errors, key=lambda e: (e[0]["doc"], e[0]["page"])):
        print(f"\n{g['doc']} p{g['page']}: {g.get('raw')!r} in {g.get('sentence', '')[:160]!r}")
        if f is None:
            print("  missed")
            continue
        for name in ("entity", "indicator", "period"):
            ok = _entity_ok(g.get(name), f.entity) if name == "entity" else g.get(name) == getattr(f, name)
            if not ok:
                print(f"  {name}: {g.get(name)!r} -> {getattr(f, name)!r}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", help="write the figures here too")
    ap.add_argument("--errors", action="store_true", help="list the errors on the development pages")
    ap.add_argument("--unseen", default=str(UNSEEN_PDFS), help="folder of the unseen documents' PDFs")
    args = ap.parse_args(argv)
    docs = extract_all()
    tables = score_tables(load_gold("table_facts.jsonl"), docs)
    text_gold = load_gold("text_facts.jsonl")
    text = score_text(text_gold, docs)
    dev_errors: list[tuple[dict[str, Any], Fact | None]] = []
    dev, held = score_text(text_gold, docs, "dev", dev_errors), score_text(text_gold, docs, "held-out")
    unseen_docs = extract_unseen(Path(args.unseen))
    unseen_gold = load_gold("unseen/text_facts.jsonl")
    every_page = {n: set(range(1, len(ex.pages) + 1)) for n, ex in unseen_docs.items()}
    n_dev = len([n for n in unseen_docs if n in UNSEEN_DEV])
    parts = (("dev", "dev", dev_errors, n_dev), ("held-out", "held-out, blind", None, len(unseen_docs) - n_dev))
    unseen = [(f"text, unseen documents, {label} ({n})", score_text(unseen_gold, unseen_docs, part, errs, every_page))
              for part, label, errs, n in parts] if unseen_docs else []
    n_sent, seconds = text_speed(docs)
    print("| facts | gold | ours | value+unit precision | value+unit recall | entity | indicator | indicator (head) "
          "| period |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = (("table cells (paper)", tables), ("text, all covered pages", text), ("text, dev pages", dev),
            ("text, held-out pages", held), *unseen)
    for name, s in rows:
        print(f"| {name} | {s['gold']} | {s['ours']} | {s['precision']:.3f} | {s['recall']:.3f} | "
              f"{s['entity']:.3f} | {s['indicator']:.3f} | {s.get('indicator_head', s['indicator']):.3f} "
              f"| {s['period']:.3f} |")
    if not unseen:
        print(f"\n(unseen documents skipped: their PDFs are not in {args.unseen})")
    print()
    print(f"Missing-value cells stored as such: {tables['missing found']}/{tables['missing gold']}.")
    if seconds:
        print(f"Text stage: {n_sent} sentences in {seconds:.2f} s = {n_sent / seconds:.0f} sentences/s.")
    if args.errors:
        print_errors(dev_errors)
    if args.json:
        figures = {"tables": tables, "text": text, "dev": dev, "held-out": held, "unseen": dict(unseen)}
        Path(args.json).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
