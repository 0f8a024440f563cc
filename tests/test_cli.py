"""The evidence command, end to end on real PDFs and a temporary warehouse file."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from warehouse import Warehouse
from warehouse.cli import main

from .pdfgen import LOREM, ruled_table_pdf, text_pdf, write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def pdfs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "report.pdf", text_pdf([[LOREM, LOREM], [LOREM]]))
    write(folder / "table.pdf", ruled_table_pdf())
    (folder / "manifest.csv").write_text(
        "file,title,publisher,year,country,currency\n"
        "table.pdf,Zone Exports 2008,Zone Office,2009,Testland,USD\n",
        encoding="utf-8",
    )
    return folder


def invoke(runner: CliRunner, *args: str, code: int = 0):
    result = runner.invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result


def test_add_a_folder_then_again_is_a_no_op_that_says_so(runner, pdfs, db_path):
    first = invoke(runner, "add", str(pdfs), "--db", str(db_path), "-q")
    assert "documents" in first.stdout
    again = invoke(runner, "add", str(pdfs), "--db", str(db_path), "-q")
    assert again.stderr.count("skipped:") == 2
    assert "already in the warehouse" in again.stderr
    with Warehouse.open(db_path, read_only=True) as wh:
        assert wh.totals()["documents"] == 2
        runs = wh.con.execute("SELECT n_ingested, n_skipped FROM ingest_runs ORDER BY started_at").fetchall()
    assert runs == [(2, 0), (0, 2)]


def test_force_replaces_without_duplicating(runner, pdfs, db_path):
    invoke(runner, "add", str(pdfs / "table.pdf"), "--db", str(db_path), "-q")
    with Warehouse.open(db_path, read_only=True) as wh:
        before = wh.totals()
    invoke(runner, "add", str(pdfs / "table.pdf"), "--db", str(db_path), "-q", "--force")
    with Warehouse.open(db_path, read_only=True) as wh:
        assert wh.totals() == before


def test_metadata_comes_from_the_manifest_next_to_the_file_or_from_flags(runner, pdfs, db_path):
    invoke(runner, "add", str(pdfs / "table.pdf"), "--db", str(db_path), "-q")
    invoke(runner, "add", str(pdfs / "report.pdf"), "--db", str(db_path), "-q",
           "--title", "Annual Report", "--year", "2023", "--currency", "EUR")
    with Warehouse.open(db_path, read_only=True) as wh:
        rows = {r["file_name"]: r for r in (wh.document(d["doc_id"]) for d in wh.documents())}
    assert (rows["table.pdf"]["title"], rows["table.pdf"]["year"], rows["table.pdf"]["currency"]) == (
        "Zone Exports 2008", 2009, "USD")
    assert (rows["report.pdf"]["title"], rows["report.pdf"]["year"], rows["report.pdf"]["currency"]) == (
        "Annual Report", 2023, "EUR")


def test_env_var_chooses_the_default_warehouse(runner, pdfs, tmp_path, monkeypatch):
    target = tmp_path / "from-env.duckdb"
    monkeypatch.setenv("EVIDENCE_DB", str(target))
    invoke(runner, "add", str(pdfs / "table.pdf"), "-q")
    assert target.exists()


def test_docs_show_and_export(runner, pdfs, db_path, tmp_path):
    invoke(runner, "add", str(pdfs), "--db", str(db_path), "-q")
    listing = invoke(runner, "docs", "--db", str(db_path)).stdout
    assert "Zone Exports 2008" in listing

    with Warehouse.open(db_path, read_only=True) as wh:
        table_id = wh.con.execute("SELECT table_id FROM tables").fetchall()[0][0]
        block_id = wh.con.execute("SELECT block_id FROM blocks WHERE text LIKE 'Special%'").fetchall()[0][0]
        doc_id = wh.con.execute("SELECT doc_id FROM tables").fetchall()[0][0]

    shown = invoke(runner, "show", "table", table_id, "--db", str(db_path)).stdout
    assert "Table 2.1 Exports by Zone, 2008 (US$ millions)" in shown
    assert "US$ millions" in shown  # units
    assert "Source: Zone statistics office." in shown
    assert "1,350" in shown and "page:     1" in shown

    block = invoke(runner, "show", "block", block_id, "--db", str(db_path)).stdout
    assert "bbox:" in block and "Special economic zones" in block

    page = invoke(runner, "show", "page", f"{doc_id[:8]}:1", "--db", str(db_path)).stdout
    assert table_id in page

    lines = invoke(runner, "export", "tables", "--db", str(db_path)).stdout.splitlines()
    tables = [json.loads(ln) for ln in lines]
    assert len(tables) == 1
    cells = {(c["row"], c["col"]): c["value"] for c in tables[0]["cells"]}
    assert cells[(3, 2)] == "2,370"

    blocks_csv = invoke(runner, "export", "blocks", "--format", "csv", "--doc", doc_id[:10], "--db", str(db_path))
    rows = list(csv.DictReader(io.StringIO(blocks_csv.stdout)))
    assert rows and all(r["doc_id"] == doc_id for r in rows)
    assert json.loads(rows[0]["bbox"])[0] >= 0

    out = tmp_path / "cells.parquet"
    invoke(runner, "export", "cells", "--format", "parquet", "--out", str(out), "--db", str(db_path))
    assert pq.read_table(out).num_rows == len(tables[0]["cells"])


def test_unknown_ids_and_missing_warehouse_are_one_line_errors(runner, pdfs, db_path, tmp_path):
    invoke(runner, "add", str(pdfs), "--db", str(db_path), "-q")
    bad = invoke(runner, "show", "block", "nope", "--db", str(db_path), code=1)
    assert bad.stderr.strip().splitlines() == ["error: block 'nope' not found (hint: list ids with "
                                               "'evidence docs' or 'evidence export')"]
    missing = invoke(runner, "docs", "--db", str(tmp_path / "none.duckdb"), code=1)
    assert len(missing.stderr.strip().splitlines()) == 1
    assert "no warehouse here" in missing.stderr


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(runner, command):
    text = invoke(runner, command, "--help").stdout
    assert "Example:" in text
    assert f"evidence {command}" in text
