"""Scale-out: chunk tasks on local worker processes and on a local Dask cluster.

Distributed output equals serial output; a document that kills its worker is one failure
row and the rest of the batch goes in; re-running or re-loading adds no rows; an
unreachable scheduler is one line.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.pdfgen import bomb_pdf, ruled_table_pdf, scanned_pdf, text_pdf
from warehouse import Warehouse
from warehouse.chunks import completed
from warehouse.dataset import load_dataset, open_dataset
from warehouse.engines import DaskEngine, LocalEngine
from warehouse.ingest import ingest
from warehouse.parallel import extract_to_parquet, ingest_parallel

#: Columns that differ between two runs of the same job by design.
VOLATILE = {"run_id", "ingested_at", "failed_at"}
TABLES = ("documents", "pages", "blocks", "tables", "table_cells", "facts", "search_items", "search_postings")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("library")
    for n in range(6):
        sentences = [f"Exports of region {n} reached US${n + 1}.{n} billion in {2000 + n}, "
                     f"and employment was {n + 2},{n}00 people.", f"About {10 + n} percent of firms were foreign."]
        (folder / f"report-{n}.pdf").write_bytes(text_pdf([sentences, sentences[::-1]], title=f"Report {n}"))
    (folder / "table.pdf").write_bytes(ruled_table_pdf())
    (folder / "scanned.pdf").write_bytes(scanned_pdf())  # fails alike everywhere
    return folder


def _contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in (*TABLES, "ingest_failures"):
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [t]).fetchall() if r[0] not in VOLATILE]
            listing = ", ".join(f'"{c}"' for c in cols)
            out[t] = con.execute(f'SELECT {listing} FROM "{t}" ORDER BY ALL').fetchall()
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def serial_db(library: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "serial.duckdb"
    report = ingest([library], db)
    assert report.count("ingested") == 7 and report.count("failed") == 1
    return db


@pytest.fixture(scope="module")
def local_engine():
    engine = LocalEngine(2)
    yield engine
    engine.close()


def test_local_workers_store_what_a_serial_run_stores(library, serial_db, tmp_path, local_engine):
    db = tmp_path / "local.duckdb"
    with Warehouse.open(db) as wh:
        report = ingest_parallel([library], wh, local_engine, workers=2)
    assert report.count("ingested") == 7 and report.count("failed") == 1
    assert _contents(db) == _contents(serial_db)
    assert not Path(f"{db}.chunks").exists()  # the staging dataset is removed after loading


def test_a_rerun_adds_no_rows(library, serial_db, tmp_path, local_engine):
    db = tmp_path / "again.duckdb"
    db.write_bytes(serial_db.read_bytes())
    before = _contents(db)
    with Warehouse.open(db) as wh:
        report = ingest_parallel([library], wh, local_engine, workers=2)
    assert report.count("skipped") == 7 and report.count("ingested") == 0
    after = _contents(db)
    assert {t: after[t] for t in TABLES} == {t: before[t] for t in TABLES}


def test_a_parquet_dataset_loads_once_and_can_be_queried_in_place(library, serial_db, tmp_path, local_engine):
    out = tmp_path / "dataset"
    report = extract_to_parquet([library], out, local_engine, workers=2)
    assert report.count("ingested") == 7 and report.count("failed") == 1
    assert sum(len(c.docs) for c in completed(out)) == 8
    db = tmp_path / "loaded.duckdb"
    with Warehouse.open(db) as wh:
        first = load_dataset(wh, out)
        again = load_dataset(wh, out)
    assert sum(o.status == "ingested" for o in first) == 7
    assert all(o.status == "skipped" for o in again)
    assert _contents(db) == _contents(serial_db)
    # the same dataset queried where it lies, without loading
    with open_dataset(out) as wh:
        n = wh.con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
    assert n == len(_contents(serial_db)["facts"]) > 0


@pytest.fixture(scope="module")
def dask_engine():
    engine = DaskEngine(workers=2, memory_limit="900MiB")
    yield engine
    engine.close()


def test_a_dask_cluster_stores_what_a_serial_run_stores(library, serial_db, tmp_path, dask_engine):
    db = tmp_path / "dask.duckdb"
    with Warehouse.open(db) as wh:
        report = ingest_parallel([library], wh, dask_engine, workers=2)
    assert report.count("ingested") == 7 and report.count("failed") == 1
    assert _contents(db) == _contents(serial_db)


def test_a_document_that_kills_its_worker_is_one_failure(library, tmp_path, dask_engine):
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("report-0.pdf", "report-1.pdf", "report-2.pdf"):
        (batch / name).write_bytes((library / name).read_bytes())
    # parsed in the worker itself (no isolating child), this file's decompressed stream
    # takes the worker past its memory limit, and the nanny kills it, on every attempt
    (batch / "poison.pdf").write_bytes(bomb_pdf(1500))
    db = tmp_path / "poison.duckdb"
    with Warehouse.open(db) as wh:
        report = ingest_parallel([batch], wh, dask_engine, workers=2, limits=None)
        failures = wh.rows("failure_list")
    assert report.count("ingested") == 3
    (failed,) = report.failed
    assert failed.path.endswith("poison.pdf") and "worker" in (failed.reason or "")
    assert [f["file"] for f in failures] == [failed.path]


def test_an_unreachable_scheduler_is_one_line(library, tmp_path):
    r = subprocess.run([sys.executable, "-m", "warehouse.cli", "add", str(library / "report-0.pdf"), "--engine", "dask",
                        "--scheduler", "tcp://127.0.0.1:9", "--db", str(tmp_path / "x.duckdb")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert not (tmp_path / "x.duckdb").exists()


def test_chunks_are_planned_heaviest_first_and_shrink_towards_the_end(tmp_path):
    from warehouse.chunks import Item, estimated_pages, plan

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    paper = corpus / "zeng-2011-sez-clusters-wps5583.pdf"
    note = text_pdf([["A one-page note with 3 percent growth."]])
    one_pagers = [tmp_path / f"short-{n:02d}.pdf" for n in range(40)]
    for p in one_pagers:
        p.write_bytes(note)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert estimated_pages(str(paper)) == 41 and estimated_pages(str(one_pagers[0])) == 1
    assert estimated_pages(str(empty)) == 1 and estimated_pages(str(tmp_path / "missing.pdf")) == 1
    items = [Item(str(p)) for p in [*one_pagers, empty, paper, paper.with_name("copy.pdf")]]
    tasks = plan(items, tmp_path / "out", "run", workers=2)
    # every file planned once; the 41-page document is the first chunk, alone
    assert sorted(it.path for t in tasks for it in t.items) == sorted(it.path for it in items)
    assert [it.path for it in tasks[0].items] == [str(paper)]
    # the chunks after it hold the one-page files, fewer per chunk towards the end
    sizes = [len(t.items) for t in tasks[1:]]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    # the same job plans the same chunks (ids included)
    assert [t.chunk_id for t in plan(items, tmp_path / "out", "run", workers=2)] == [t.chunk_id for t in tasks]
