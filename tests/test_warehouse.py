"""The warehouse: migrations, one transaction per document, locking between processes."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from extractor import extract_document
from warehouse import Warehouse, WarehouseBusy
from warehouse.migrations import available

from .pdfgen import LOREM, ruled_table_pdf, text_pdf


@pytest.fixture(scope="module")
def extraction():
    return extract_document(ruled_table_pdf(), "table.pdf")


def _counts(wh: Warehouse) -> dict[str, int]:
    return {t: wh.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
            for t in ("documents", "pages", "blocks", "tables", "table_cells")}


def test_migrations_are_recorded_and_running_them_again_is_a_no_op(db_path):
    with Warehouse.open(db_path) as wh:
        first = wh.con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    with Warehouse.open(db_path) as wh:
        again = wh.con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert first == again == [(m.version, m.name) for m in available()]
    assert first[0] == (1, "core")


def test_load_stores_every_record_with_provenance(memory_wh, extraction):
    memory_wh.load(extraction, "run-1")
    counts = _counts(memory_wh)
    assert counts["documents"] == 1
    assert counts["blocks"] == len(extraction.blocks) > 0
    assert counts["table_cells"] == sum(len(t.cells) for t in extraction.tables) > 0
    missing = memory_wh.con.execute(
        "SELECT count(*) FROM blocks WHERE doc_id IS NULL OR page < 1 OR bbox IS NULL OR text IS NULL"
    ).fetchall()[0]
    assert missing == (0,)


def test_replace_swaps_a_document_atomically(memory_wh, extraction):
    memory_wh.load(extraction, "run-1")
    before = _counts(memory_wh)
    memory_wh.load(extraction, "run-2", replace=True)
    assert _counts(memory_wh) == before
    assert memory_wh.con.execute("SELECT run_id FROM documents").fetchall() == [("run-2",)]


def test_a_failing_load_leaves_nothing_of_the_document(memory_wh, extraction):
    # two blocks with the same id: the insert fails half way through the document
    dup = dataclasses.replace(extraction, blocks=extraction.blocks + extraction.blocks[:1])
    with pytest.raises(duckdb.ConstraintException):
        memory_wh.load(dup, "run-1")
    assert _counts(memory_wh) == dict.fromkeys(_counts(memory_wh), 0)


def test_a_failing_replace_keeps_the_old_copy(memory_wh, extraction):
    memory_wh.load(extraction, "run-1")
    before = _counts(memory_wh)
    dup = dataclasses.replace(extraction, blocks=extraction.blocks + extraction.blocks[:1])
    with pytest.raises(duckdb.ConstraintException):
        memory_wh.load(dup, "run-2", replace=True)
    assert _counts(memory_wh) == before


HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_writer_gives_up_with_a_clear_error(db_path):
    Warehouse.open(db_path).close()
    holder = _hold_lock(db_path, 5)
    try:
        t0 = time.monotonic()
        with pytest.raises(WarehouseBusy) as info:
            Warehouse.open(db_path, wait=0.5)
        assert time.monotonic() - t0 >= 0.5
        assert str(info.value).startswith(f"{db_path}: warehouse is busy")
    finally:
        holder.kill()
        holder.wait()
    # the file is intact and opens normally once the lock is gone
    with Warehouse.open(db_path) as wh:
        assert _counts(wh)["documents"] == 0


def test_a_second_writer_waits_for_the_first(db_path):
    Warehouse.open(db_path).close()
    holder = _hold_lock(db_path, 1.0)
    try:
        with Warehouse.open(db_path, wait=20) as wh:
            wh.load(extract_document(text_pdf([[LOREM]]), "a.pdf"), "run-1")
    finally:
        holder.wait()
    with Warehouse.open(db_path, read_only=True) as wh:
        assert _counts(wh)["documents"] == 1


def test_a_warehouse_from_an_older_version_is_migrated_when_opened_to_read(db_path):
    import duckdb as db

    con = db.connect(str(db_path))
    migrations = available()
    for m in migrations[:1]:  # as the first version left it
        con.execute(m.sql)
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    con.execute("INSERT INTO schema_migrations VALUES (1, 'core', now()::TIMESTAMP)")
    con.close()
    with Warehouse.open(db_path, read_only=True) as wh:
        versions = [r[0] for r in wh.con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
        assert versions == [m.version for m in migrations]
        assert wh.totals()["facts"] == 0
