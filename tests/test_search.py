"""``evidence search``: BM25 over blocks and facts, indexed at ingest."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdfgen import text_pdf
from warehouse import Warehouse
from warehouse.ingest import ingest
from warehouse.search import fold, search, snippet, terms

PARAGRAPHS = [
    "Industrial clusters grew around the port, where suppliers and buyers met.",
    "Foreign direct investment flowed into the zones after the reform; investment in the zones "
    "came mostly from the diaspora.",
    "Exports of the province reached US$4.5 billion in 2005.",
    "The weather was mild and the harvest was good.",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    (folder / "s.pdf").write_bytes(text_pdf([[p] for p in PARAGRAPHS]))  # a page each
    path = folder / "s.duckdb"
    assert ingest([folder / "s.pdf"], path, limits=None).totals()["documents"] == 1
    return path


def test_terms_fold_plurals_and_drop_stopwords():
    assert terms("The zones' investments in industries") == ["zone", "investment", "industry"]
    assert fold("business") == "business" and fold("SEZs") == "sez"


def test_ranking_puts_the_paragraph_about_it_first(db):
    with Warehouse.open(db, read_only=True) as wh:
        hits = search(wh, "investment in zones")
        assert hits and hits[0].kind == "block" and hits[0].text.startswith("Foreign direct investment")
        assert all("weather" not in h.text for h in hits)
        assert hits[0].page == 2 and hits[0].score > 0
        assert "«investment»" in hits[0].snippet and "«zones»" in hits[0].snippet
        facts = search(wh, "exports", kinds=("fact",))
        assert [h.kind for h in facts] == ["fact"] and "US$4.5 billion" in facts[0].text
        assert search(wh, "the of and") == []


def test_re_ingesting_replaces_the_index(db, tmp_path):
    with Warehouse.open(db, read_only=True) as wh:
        before = wh.con.execute("SELECT count(*) FROM search_postings").fetchall()[0][0]
    ingest([db.parent / "s.pdf"], db, limits=None, force=True)
    with Warehouse.open(db, read_only=True) as wh:
        assert wh.con.execute("SELECT count(*) FROM search_postings").fetchall()[0][0] == before > 0


def test_snippet_marks_words_in_a_window():
    text = "x " * 300 + "the special zones attracted investment " + "y " * 300
    s = snippet(text, {"zone", "investment"}, width=80)
    assert s.startswith("…") and s.endswith("…") and "«zones»" in s and "«investment»" in s
    assert len(s.replace("«", "").replace("»", "")) <= 82


def test_cli_jsonl(db):
    r = subprocess.run([sys.executable, "-m", "warehouse.cli", "search", "clusters suppliers", "--format", "jsonl",
                        "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    first = json.loads(r.stdout.splitlines()[0])
    assert first["kind"] == "block" and first["page"] == 1 and "«clusters»" in first["snippet"]
