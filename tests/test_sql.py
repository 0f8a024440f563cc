"""``evidence sql``: read-only SQL that is safe on untrusted input.

Every probe below is run twice: through :func:`run_query` (one SELECT only, capped, timed)
and straight on the sandboxed connection (so the connection's own settings are tested
without the statement filter in front of them). Each must be refused or harmless: no file
appears, the warehouse is unchanged, and the connection still answers afterwards.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.pdfgen import text_pdf
from warehouse import Warehouse
from warehouse.errors import QueryRefused, QueryTimeout
from warehouse.ingest import ingest
from warehouse.readonly import open_sandboxed, run_query

from .test_warehouse import _hold_lock


def probes(tmp: Path) -> list[str]:
    out = tmp / "leak"
    return [
        # writes and DDL
        "INSERT INTO documents (doc_id) VALUES ('x')",
        "UPDATE documents SET title = 'pwned'",
        "DELETE FROM facts",
        "DROP TABLE facts",
        "CREATE TABLE evil AS SELECT 1",
        "CREATE VIEW evil AS SELECT 1",
        "CREATE MACRO evil(a) AS a",
        "ALTER TABLE facts ADD COLUMN evil INTEGER",
        "TRUNCATE facts",
        "CREATE TEMP TABLE scratch AS SELECT * FROM facts",
        "CREATE SEQUENCE evil_seq",
        # COPY / EXPORT
        f"COPY facts TO '{out}.csv'",
        f"COPY (SELECT * FROM facts) TO '{out}.parquet' (FORMAT parquet)",
        f"EXPORT DATABASE '{out}_dir'",
        f"COPY facts FROM '{out}.csv'",
        # file readers
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_blob('/etc/passwd')",
        "SELECT * FROM read_json_auto('/etc/hostname')",
        "SELECT * FROM read_parquet('/etc/passwd')",
        "SELECT * FROM sniff_csv('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM 'https://example.com/data.csv'",
        # ATTACH and friends
        f"ATTACH '{out}.duckdb' AS other",
        "ATTACH ':memory:' AS other",
        "DETACH DATABASE memory",
        "USE other",
        # extensions
        "INSTALL httpfs",
        "LOAD httpfs",
        f"LOAD '{out}.duckdb_extension'",
        "FORCE INSTALL httpfs",
        # settings
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET lock_configuration",
        "SET memory_limit = '100GB'",
        "SET threads = 64",
        f"SET temp_directory = '{out}_tmp'",
        "PRAGMA enable_profiling",
        f"PRAGMA profiling_output = '{out}.json'",
        "PRAGMA enable_checkpoint_on_shutdown",
        # logging and profiling table functions
        "CALL enable_logging()",
        "SELECT * FROM enable_logging()",
        f"CALL enable_logging(storage_path = '{out}_logs')",
        "SELECT * FROM duckdb_logs()",
        "SELECT * FROM duckdb_profiling_settings()",
        "SELECT * FROM duckdb_secrets()",
        "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
        "CREATE PERSISTENT SECRET s2 (TYPE s3, KEY_ID 'a', SECRET 'b')",
        # more than one statement, and smuggling a statement inside query()
        "SELECT 1; DROP TABLE facts",
        "SELECT * FROM query('COPY facts TO ''/tmp/x.csv''')",
        "CHECKPOINT",
        "VACUUM",
    ]


@pytest.fixture
def warehouse_file(tmp_path: Path) -> Path:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(text_pdf([["Exports of the country reached US$1.2 billion in 2007."]]))
    db = tmp_path / "w.duckdb"
    report = ingest([pdf], db, limits=None)
    assert report.totals()["documents"] == 1
    return db


def _state(db: Path) -> dict[str, int]:
    with Warehouse.open(db, read_only=True) as wh:
        return {t: wh.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in ("documents", "blocks", "facts")}


def _files(*roots: Path) -> set[str]:
    return {os.path.join(d, f) for root in roots for d, _, fs in os.walk(root) for f in fs}


def test_at_least_forty_probes(tmp_path):
    assert len(probes(tmp_path)) >= 40


@pytest.mark.parametrize("via", ["run_query", "raw connection"])
def test_every_probe_is_refused_or_harmless(warehouse_file, tmp_path, monkeypatch, via):
    monkeypatch.chdir(tmp_path)
    before_state, before_files = _state(warehouse_file), _files(tmp_path)
    con = open_sandboxed(warehouse_file)
    outcomes: dict[str, str] = {}
    try:
        for probe in probes(tmp_path):
            try:
                if via == "run_query":
                    run_query(con, probe)
                else:
                    con.execute(probe).fetchall()
                outcomes[probe] = "ran"
            except (QueryRefused, QueryTimeout, duckdb.Error) as exc:
                outcomes[probe] = type(exc).__name__
            # the connection survives every probe
            assert con.execute("SELECT count(*) FROM documents").fetchall() == [(before_state["documents"],)]
    finally:
        con.close()
    assert _files(tmp_path) - before_files == set(), "a probe wrote a file"
    assert _state(warehouse_file) == before_state
    ran = {p for p, o in outcomes.items() if o == "ran"}
    if via == "run_query":
        # only reads of the warehouse's own tables and harmless catalog functions get through
        assert ran <= {"SELECT * FROM duckdb_logs()", "SELECT * FROM duckdb_profiling_settings()"}
    else:
        # without the statement filter, only statements that touch no file and no stored row run
        assert ran <= {"SELECT * FROM duckdb_logs()", "SELECT * FROM duckdb_profiling_settings()",
                       "CREATE TEMP TABLE scratch AS SELECT * FROM facts", "CHECKPOINT", "VACUUM",
                       "ATTACH ':memory:' AS other", "USE other", "DETACH DATABASE memory"}


def test_selects_run_with_bound_parameters_and_a_row_cap(warehouse_file):
    con = open_sandboxed(warehouse_file)
    try:
        r = run_query(con, "SELECT unit, value FROM facts WHERE unit = $unit", {"unit": "USD"})
        assert r.records() == [{"unit": "USD", "value": 1.2e9}]
        capped = run_query(con, "SELECT * FROM range(50)", max_rows=10)
        assert len(capped.rows) == 10 and capped.truncated
        # a LIMIT in the query cannot lift the cap
        assert len(run_query(con, "SELECT * FROM range(50) LIMIT 40", max_rows=10).rows) == 10
    finally:
        con.close()


def test_a_long_query_is_stopped_and_the_connection_still_works(warehouse_file):
    con = open_sandboxed(warehouse_file)
    try:
        with pytest.raises(QueryTimeout):
            run_query(con, "SELECT count(*) FROM range(1000000000000)", timeout=0.2)
        assert run_query(con, "SELECT 42 AS x").rows == [(42,)]
    finally:
        con.close()


def _evidence(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "warehouse.cli", *args], capture_output=True, text=True, timeout=60)


def test_cli_refuses_a_write_in_one_line(warehouse_file):
    r = _evidence("sql", "DROP TABLE facts", "--db", str(warehouse_file))
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "error: query refused: only SELECT statements are allowed, not DROP "
        "(hint: only one read-only SELECT is allowed; see warehouse/SCHEMA.md for the tables)"
    ]
    assert _state(warehouse_file)["facts"] == 1


def test_cli_prints_csv_and_jsonl(warehouse_file):
    r = _evidence("sql", "SELECT raw, unit FROM facts", "--format", "csv", "--db", str(warehouse_file))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["raw,unit", "US$1.2 billion,USD"]
    r = _evidence("sql", "SELECT value FROM facts", "--format", "jsonl", "--db", str(warehouse_file))
    assert r.stdout.splitlines() == ['{"value": 1200000000.0}']


def test_cli_says_busy_at_once_while_a_writer_holds_the_warehouse(warehouse_file):
    holder = _hold_lock(warehouse_file, 30)
    try:
        r = _evidence("sql", "SELECT 1", "--db", str(warehouse_file))
    finally:
        holder.kill()
        holder.wait()
    assert r.returncode == 1
    line, = r.stderr.strip().splitlines()
    assert "warehouse is busy being updated by another process; try again" in line
    assert "Traceback" not in r.stderr


PUBLISH_AND_HOLD = """
import sys, time
from warehouse import Warehouse
wh = Warehouse.open(sys.argv[1])
wh.publish_snapshot()
print("locked", flush=True)
time.sleep(30)
"""


def test_while_an_ingest_runs_readers_read_its_snapshot(warehouse_file):
    holder = subprocess.Popen([sys.executable, "-c", PUBLISH_AND_HOLD, str(warehouse_file)],
                              stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        r = _evidence("sql", "SELECT raw FROM facts", "--format", "csv", "--db", str(warehouse_file))
        # the writer still holds the warehouse itself: the snapshot did not release its lock
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(warehouse_file), read_only=True)
    finally:
        holder.kill()
        holder.wait()
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["raw", "US$1.2 billion"]
    assert "an update is running" in r.stderr


def test_a_writer_removes_its_snapshot_when_it_closes(warehouse_file):
    wh = Warehouse.open(warehouse_file)
    snap = wh.publish_snapshot()
    assert snap is not None and snap.exists()
    wh.close()
    assert not snap.exists()
