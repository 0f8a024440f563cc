"""``evidence series``: one indicator over periods from every document, with a plot."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdfgen import text_pdf
from warehouse import Warehouse
from warehouse.ingest import ingest
from warehouse.series import build, period_key, plot

FIRST = ["Exports of Xiamen were US$2.5 billion in 2005 and US$3.0 billion in 2006."]
SECOND = ["Exports of Xiamen were US$2.5 billion in 2005 and US$3.4 billion in 2006, and US$3.9 billion in 2007."]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("series")
    (folder / "a.pdf").write_bytes(text_pdf([FIRST], title="First report"))
    (folder / "b.pdf").write_bytes(text_pdf([SECOND], title="Second report"))
    path = folder / "s.duckdb"
    assert ingest([folder / "a.pdf", folder / "b.pdf"], path, limits=None).totals()["documents"] == 2
    return path


def test_a_series_lays_sources_side_by_side(db, tmp_path):
    with Warehouse.open(db, read_only=True) as wh:
        s = build(wh, "Xiamen SEZ", "exports")
    assert len(s.sources) == 2 and {src.unit for src in s.sources} == {"USD"}
    assert s.periods() == ["2005", "2006", "2007"]
    assert s.differing_periods() == {"2006"}  # 3.0 vs 3.4 billion; 2005 agrees
    png = tmp_path / "exports.png"
    plot(s, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000


def test_periods_sort_by_their_first_year():
    assert sorted(["2008-01/2008-11", "1980-1984", "2007"], key=period_key) == ["1980-1984", "2007", "2008-01/2008-11"]


def test_cli_table_marks_a_differing_period(db):
    r = subprocess.run([sys.executable, "-m", "warehouse.cli", "series", "--entity", "Xiamen", "--indicator", "exports",
                        "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    line_2006 = next(line for line in r.stdout.splitlines() if "2006" in line)
    assert "≠" in line_2006 and "US$3.0 billion" in line_2006 and "US$3.4 billion" in line_2006
