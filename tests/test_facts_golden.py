"""The paper's facts, pinned: any change in what is extracted shows in review.

Regenerate on purpose with ``REGEN_GOLDEN=1 python -m pytest tests/test_facts_golden.py``
and read the diff of tests/golden/facts/ before committing it.
"""
from __future__ import annotations

import json
import os

from .conftest import PAPER, ROOT

GOLDEN = ROOT / "tests" / "golden" / "facts" / f"{PAPER.stem}.json"
FIELDS = (
    "fact_id", "page", "source", "raw", "value", "value_low", "value_high", "unit", "decimals", "qualifier",
    "change", "entity", "indicator", "period", "block_id", "table_id", "row", "col", "missing",
)


def test_the_papers_facts_match_the_golden_file(corpus_wh):
    doc_id = corpus_wh.con.execute("SELECT doc_id FROM documents WHERE file_name = ?", [PAPER.name]).fetchall()[0][0]
    cur = corpus_wh.con.execute("SELECT * FROM facts WHERE doc_id = ? ORDER BY fact_id", [doc_id])
    cols = [d[0] for d in cur.description]
    facts = [{k: v for k, v in zip(cols, row, strict=True) if k in FIELDS} for row in cur.fetchall()]
    text = json.dumps({"document": PAPER.name, "facts": facts}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("REGEN_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))["facts"]
    assert len(facts) == len(want)
    for got, exp in zip(facts, want, strict=True):
        assert got == exp, (got["fact_id"], {k: (got[k], exp[k]) for k in FIELDS if got[k] != exp[k]})
