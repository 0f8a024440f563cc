"""Read-only SQL over the warehouse, safe for untrusted input.

A DuckDB ``read_only`` connection alone still lets a statement write files (``COPY ... TO``,
``EXPORT DATABASE``), read any file (``read_csv('/etc/passwd')``), ``ATTACH`` other
databases, ``INSTALL``/``LOAD`` extensions and change settings. A query connection here is
therefore opened with external access disabled and the configuration locked, and a query:

- must be exactly one ``SELECT`` statement (``WITH``, ``FROM x``, ``VALUES``, ``DESCRIBE``,
  ``SHOW`` and ``SUMMARIZE`` parse as SELECT); anything else is refused before it runs;
- returns at most ``max_rows`` rows (the caller cannot lift the cap from SQL);
- is interrupted after ``timeout`` seconds.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .database import Warehouse, connect, default_path, snapshot_path
from .errors import QueryRefused, QueryTimeout, WarehouseBusy

#: The settings a query connection opens with. ``lock_configuration`` comes last in spirit:
#: once set, no statement can change any of the others.
SANDBOX: dict[str, Any] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "memory_limit": "2GB",
    "threads": 2,
    "lock_configuration": True,
}

#: Row and time limits of a query.
MAX_ROWS = 10_000
TIMEOUT = 1.0


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool  # more rows than the cap existed

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


def open_sandboxed(
    path: str | os.PathLike[str] | None = None, *, wait: float = 0.0, allow_snapshot: bool = True
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse with external access off and settings locked.

    The warehouse is migrated first if it was made by an older version (through the normal
    :meth:`Warehouse.open`), so a query sees the current schema. ``wait`` bounds how long to
    wait for a writer's lock. While a writer holds the warehouse (an ingest), the snapshot
    it published when it started is opened instead, if there is one and ``allow_snapshot``
    (:func:`is_snapshot` tells which one a connection reads); otherwise
    :class:`WarehouseBusy` is raised at once.
    """
    target = str(Path(path) if path is not None else default_path())
    try:
        Warehouse.open(target, read_only=True, wait=wait).close()
        return connect(target, read_only=True, wait=wait, config=SANDBOX)
    except WarehouseBusy:
        snapshot = snapshot_path(target)
        if not (allow_snapshot and snapshot.exists()):
            raise
        return connect(str(snapshot), read_only=True, wait=0.0, config=SANDBOX)


def is_snapshot(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``con`` reads the snapshot a running ingest published, not the warehouse."""
    rows = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    return bool(rows) and str(rows[0][0]).endswith(".snapshot")


def statement_of(sql: str) -> str:
    """The one SELECT statement in ``sql``, or :class:`QueryRefused` saying why not."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(sql, _first_line(exc)) from exc
    if len(statements) != 1:
        raise QueryRefused(sql, f"expected one statement, got {len(statements)}")
    st = statements[0]
    if st.type != duckdb.StatementType.SELECT:
        raise QueryRefused(sql, f"only SELECT statements are allowed, not {st.type.name}")
    return st.query.strip().rstrip(";")


def run_query(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: dict[str, Any] | list[Any] | None = None,
    *,
    max_rows: int = MAX_ROWS,
    timeout: float = TIMEOUT,
) -> QueryResult:
    """Run one SELECT on a sandboxed connection, with bound ``params``, capped and timed."""
    stmt = statement_of(sql)
    timer = threading.Timer(timeout, con.interrupt)
    timer.start()
    try:
        rel = con.sql(stmt, params=params)
        columns = list(rel.columns)
        rows = rel.limit(max_rows + 1).fetchall()
    except duckdb.InterruptException as exc:
        raise QueryTimeout(sql, timeout) from exc
    except duckdb.Error as exc:
        raise QueryRefused(sql, _first_line(exc)) from exc
    finally:
        timer.cancel()
    return QueryResult(columns, rows[:max_rows], len(rows) > max_rows)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
