"""Stream query results out as JSON lines, CSV or Parquet, one record batch at a time."""
from __future__ import annotations

import csv
import datetime as dt
import json
from typing import IO, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

FORMATS = ("jsonl", "csv", "parquet")
BATCH_ROWS = 10_000


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _batches(rel: duckdb.DuckDBPyRelation) -> pa.RecordBatchReader:
    # DuckDB 1.4 renamed fetch_arrow_reader to to_arrow_reader (and 2.0 dropped the old name).
    reader = getattr(rel, "to_arrow_reader", None) or rel.fetch_arrow_reader
    return reader(BATCH_ROWS)


def write_jsonl(cur: duckdb.DuckDBPyRelation, out: IO[str]) -> int:
    n = 0
    for batch in _batches(cur):
        for row in batch.to_pylist():
            out.write(json.dumps(_plain(row), ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(cur: duckdb.DuckDBPyRelation, out: IO[str]) -> int:
    """CSV with nested values (lists, structs) written as JSON in their cell."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(cur.columns)
    n = 0
    for batch in _batches(cur):
        for row in batch.to_pylist():
            writer.writerow(
                json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, (list, dict)) else _plain(v)
                for v in row.values()
            )
            n += 1
    return n


def write_parquet(cur: duckdb.DuckDBPyRelation, path: str) -> int:
    reader = _batches(cur)
    n = 0
    with pq.ParquetWriter(path, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            n += batch.num_rows
    return n


def write_rows_jsonl(columns: list[str], rows: list[tuple[Any, ...]], out: IO[str]) -> int:
    """Rows already fetched (e.g. a capped query result) as JSON lines."""
    for r in rows:
        out.write(json.dumps(_plain(dict(zip(columns, r, strict=True))), ensure_ascii=False, default=str) + "\n")
    return len(rows)


def write_rows_csv(columns: list[str], rows: list[tuple[Any, ...]], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow(
            json.dumps(_plain(v), ensure_ascii=False, default=str) if isinstance(v, (list, dict)) else _plain(v)
            for v in r
        )
    return len(rows)


def plain(value: Any) -> Any:
    """``value`` with dates as ISO strings, ready for ``json.dumps``."""
    return _plain(value)
