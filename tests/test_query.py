"""``evidence query``: facts by entity, indicator, period, unit, value and source."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdfgen import text_pdf
from warehouse import Warehouse
from warehouse.facts_query import BadFilter, FactFilter, entity_patterns, find_facts, indicator_names
from warehouse.ingest import ingest

SENTENCES = [
    "Utilized FDI in Xiamen reached US$3.2 billion in 2007, up from US$1.1 billion in 2000.",
    "Exports of Xiamen were US$2.5 billion in 1995.",
    "Employment in Xiamen was 1.2 million in 2007.",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("query")
    (folder / "q.pdf").write_bytes(text_pdf([SENTENCES]))
    path = folder / "q.duckdb"
    assert ingest([folder / "q.pdf"], path, limits=None).totals()["documents"] == 1
    return path


def _find(db: Path, **filters: object) -> list[tuple[object, ...]]:
    with Warehouse.open(db, read_only=True) as wh:
        rows = find_facts(wh, FactFilter(**filters))  # type: ignore[arg-type]
    return sorted((r["indicator"], r["period"], r["raw"]) for r in rows)


def test_an_indicator_finds_its_narrower_names():
    assert {"FDI", "utilized FDI", "share of FDI"} <= set(indicator_names("FDI"))
    assert "employment" in indicator_names("jobs")  # a synonym, when no name contains the words
    assert indicator_names("no such thing") == ["no such thing"]


def test_entity_patterns_drop_generic_words():
    assert any("xiamen($" in p for p in entity_patterns("Xiamen SEZ"))


def test_filters(db):
    assert _find(db, indicator="FDI") == [("utilized FDI", "2000", "US$1.1 billion"),
                                          ("utilized FDI", "2007", "US$3.2 billion")]
    assert len(_find(db, entity="Xiamen special economic zone")) == 4
    assert _find(db, entity="Xiamen", period="2005-2010", unit="USD") == [("utilized FDI", "2007", "US$3.2 billion")]
    assert _find(db, min=2e9, max=3e9) == [("exports", "1995", "US$2.5 billion")]
    assert _find(db, unit="count") == [("employment", "2007", "1.2 million")]
    assert _find(db, source="table") == []
    assert _find(db, entity="Nowhere") == []


def test_a_bad_period_is_a_clear_error(db):
    with pytest.raises(BadFilter, match="cannot read period '20x'"):
        _find(db, period="20x")


def test_cli_jsonl(db):
    r = subprocess.run([sys.executable, "-m", "warehouse.cli", "query", "--indicator", "exports", "--format", "jsonl",
                        "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    (row,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert row["value"] == 2.5e9 and row["unit"] == "USD" and row["page"] == 1 and len(row["bbox"]) == 4
    assert row["quote"] == SENTENCES[1]
