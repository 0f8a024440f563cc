"""A Parquet dataset of chunk results: loaded into the warehouse, or queried where it lies.

Layout (written by :func:`warehouse.chunks.run_chunk`)::

    DIR/_chunks/<chunk>.json        summary; present only for a complete chunk
    DIR/<table>/<chunk>.parquet     rows of one warehouse table for that chunk

Loading is idempotent: each document goes in one transaction, replacing any stored copy
of it, and a chunk already loaded (recorded in ``loaded_chunks``) is not loaded again, so
re-loading a dataset or re-running a job adds no rows.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import migrations
from .chunks import FAILURES, ChunkResult, DocResult, completed
from .database import CONTENT_TABLES, Warehouse
from .ingest import Outcome


def load_chunk(wh: Warehouse, result: ChunkResult, *, force: bool = False, once: bool = True) -> list[Outcome]:
    """Store one finished chunk: its documents (one transaction each) and its failures.
    With ``once`` a chunk already loaded is skipped, and this one is recorded as loaded."""
    if once and wh.rows("chunk_loaded", {"chunk_id": result.chunk_id}):
        return [Outcome(d.path, "skipped", d.doc_id, reason=f"chunk {result.chunk_id} is already loaded")
                for d in result.docs]
    tables = {name: pq.read_table(path) for name, path in result.files.items() if name != FAILURES}
    outcomes = []
    for d in result.docs:
        outcomes.append(_load_doc(wh, d, tables, result.run_id, force))
    if not once:
        return outcomes
    with wh.transaction():
        wh.write("chunk_record", {"chunk_id": result.chunk_id, "run_id": result.run_id,
                                  "n_docs": len(result.docs), "version": result.extractor_version})
    return outcomes


def _load_doc(wh: Warehouse, d: DocResult, tables: dict[str, pa.Table], run_id: str, force: bool) -> Outcome:
    counts = dict(pages=d.pages, blocks=d.blocks, tables=d.tables, cells=d.cells, facts=d.facts, seconds=d.seconds)
    if d.status == "failed":
        wh.record_failure(run_id, d.path, d.doc_id, d.reason or "", d.error_class or "")
        return Outcome(d.path, "failed", d.doc_id, reason=d.reason, hint=d.hint, seconds=d.seconds)
    if d.status == "skipped" or d.doc_id is None:
        return Outcome(d.path, "skipped", d.doc_id, reason=d.reason)
    exists = wh.has_document(d.doc_id)
    if exists and not force:
        return Outcome(d.path, "skipped", d.doc_id, reason="already in the warehouse (use --force to re-ingest)")
    rows = {name: t.filter(pc.equal(t["doc_id"], d.doc_id)) for name, t in tables.items()}
    wh.load_batches(d.doc_id, {name: t for name, t in rows.items() if t.num_rows}, replace=exists)
    return Outcome(d.path, "replaced" if exists else "ingested", d.doc_id, **counts)  # type: ignore[arg-type]


def load_dataset(wh: Warehouse, folder: str | Path, *, force: bool = False) -> list[Outcome]:
    """Load every complete chunk of the dataset in ``folder``."""
    outcomes: list[Outcome] = []
    for result in completed(folder):
        outcomes += load_chunk(wh, result, force=force)
    return outcomes


def is_dataset(path: str | Path) -> bool:
    return Path(path).is_dir() and (Path(path) / "_chunks").is_dir()


def open_dataset(folder: str | Path) -> Warehouse:
    """An in-memory warehouse whose content tables are views over the dataset's Parquet
    files, for warehouses too large to copy into one file. Read-only in effect."""
    con = duckdb.connect(":memory:")
    migrations.migrate(con)
    for table in _tables_with_files(folder):
        files = sorted(str(p) for p in (Path(folder) / table).glob("c*.parquet"))
        con.execute(_view_ddl(table, files))
    return Warehouse(con, str(folder), read_only=True)


def _tables_with_files(folder: str | Path) -> Iterable[str]:
    known = set(CONTENT_TABLES) | {FAILURES}
    for sub in sorted(Path(folder).iterdir()):
        if sub.is_dir() and sub.name in known and any(sub.glob("c*.parquet")):
            yield sub.name


def _view_ddl(table: str, files: list[str]) -> str:
    """Replace the (empty) table ``table`` by a view over ``files``. DDL takes no bound
    parameters, so the table name (one of the known content tables) goes through the
    identifier quoting helper and the file names through the literal one."""
    listing = ", ".join(_literal(f) for f in files)
    return (f"DROP TABLE IF EXISTS {_ident(table)}; "
            f"CREATE VIEW {_ident(table)} AS SELECT * FROM read_parquet([{listing}], union_by_name = true)")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
