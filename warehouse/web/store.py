"""How the web app opens the warehouse: a sandboxed read-only connection per request, and a
short write connection for a flag review.

Readers never wait for another process: while an ingest holds the file, a request reads
the snapshot the ingest published when it started, or is told at once that the warehouse
is busy. Within this process a reader/writer lock keeps reviews apart from reads (DuckDB
refuses to open a file read-write in a process that has it open read-only, and the other
way round); a review waits at most :data:`WRITE_WAIT` seconds for reads to finish and for
another process's lock, then is answered "busy".
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from .. import migrations
from ..database import Warehouse, connect, snapshot_path
from ..errors import QueryTimeout, StorageError, WarehouseBusy, WarehouseNotFound, WarehouseUnreadable
from ..queries import query
from ..readonly import SANDBOX

#: Seconds a review waits for the warehouse before answering "busy".
WRITE_WAIT = 0.05
#: Seconds a read waits for a review of this process to finish (reviews take milliseconds).
READ_WAIT = 2.0
#: Seconds one named query may run (the SQL console has its own, shorter limit).
QUERY_TIMEOUT = 5.0


class Reader(Warehouse):
    """A :class:`Warehouse` over a sandboxed read-only connection; each query time-limited.

    ``snapshot`` says whether it reads the copy published by a running ingest.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, snapshot: bool,
                 tables: frozenset[str] | None = None) -> None:
        super().__init__(con, path, read_only=True)
        self.snapshot = snapshot
        self._tables = tables

    def select(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a SELECT given as text (built by the caller from constants only)."""
        timer = threading.Timer(QUERY_TIMEOUT, self.con.interrupt)
        timer.start()
        try:
            cur = self.con.execute(sql, params or {})
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        except duckdb.InterruptException as exc:
            raise QueryTimeout(sql, QUERY_TIMEOUT) from exc
        finally:
            timer.cancel()

    def rows(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self.select(query(name), params)

    def relations(self) -> frozenset[str]:
        """The warehouse's tables and views (other stages add theirs)."""
        if self._tables is None:
            self._tables = frozenset(r["name"] for r in self.rows("web_relations"))
        return self._tables

    def has(self, table: str) -> bool:
        return table in self.relations()


class _ReadWriteLock:
    """Many readers or one writer, within this process."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def reading(self, timeout: float) -> Iterator[None]:
        with self._cond:
            if not self._cond.wait_for(lambda: not self._writing, timeout):
                raise TimeoutError
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self, timeout: float) -> Iterator[None]:
        with self._cond:
            if not self._cond.wait_for(lambda: not self._writing and self._readers == 0, timeout):
                raise TimeoutError
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class Store:
    """Opens the warehouse at ``path`` for the requests of one app."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = str(path)
        self._lock = _ReadWriteLock()
        #: file -> (its size and times, its tables) when last found up to date: a request
        #: to an unchanged file skips the schema check
        self._checked: dict[str, tuple[tuple[int, ...], frozenset[str]]] = {}

    @contextmanager
    def read(self) -> Iterator[Reader]:
        try:
            with self._lock.reading(READ_WAIT):
                wh = self._open_reader()
                try:
                    yield wh
                finally:
                    wh.close()
        except TimeoutError:
            raise WarehouseBusy(self.path, 0, "a review in this process took too long") from None

    @contextmanager
    def write(self) -> Iterator[Warehouse]:
        """A short read-write connection (for a review); :class:`WarehouseBusy` if it cannot
        be had within :data:`WRITE_WAIT` seconds."""
        if not Path(self.path).exists():
            raise WarehouseNotFound(self.path)
        try:
            with self._lock.writing(WRITE_WAIT):
                try:
                    wh = Warehouse.open(self.path, wait=WRITE_WAIT)
                except StorageError as exc:
                    raise WarehouseUnreadable(self.path, exc.detail) from exc
                except duckdb.ConnectionException as exc:  # still open read-only in this process
                    raise WarehouseBusy(self.path, 0, str(exc)) from exc
                with wh:
                    yield wh
        except TimeoutError:
            raise WarehouseBusy(self.path, 0, "requests of this app are reading it") from None

    def _open_reader(self) -> Reader:
        if not Path(self.path).exists():
            raise WarehouseNotFound(self.path)
        target, snapshot = self.path, False
        try:
            con = self._connect(target)
        except WarehouseBusy:
            target = str(snapshot_path(self.path))
            if not Path(target).exists():
                raise
            con, snapshot = self._connect(target), True
        stamp = _stamp(target)
        known = self._checked.get(target)
        if known is not None and known[0] == stamp:  # the same file as last time: schema known
            return Reader(con, self.path, snapshot, known[1])
        try:
            outdated = bool(migrations.pending(con))
        except duckdb.Error as exc:
            con.close()
            raise WarehouseUnreadable(self.path, str(exc)) from exc
        if outdated and not snapshot:
            # made by an older version: bring the schema up to date once (a short write)
            con.close()
            self._migrate()
            con = self._connect(target)
        reader = Reader(con, self.path, snapshot)
        if not outdated:
            self._checked[target] = (stamp, reader.relations())
        return reader

    def _migrate(self) -> None:
        try:
            Warehouse.open(self.path, wait=WRITE_WAIT).close()
        except StorageError as exc:
            raise WarehouseUnreadable(self.path, exc.detail) from exc
        except duckdb.ConnectionException as exc:  # other requests of this app are reading it
            raise WarehouseBusy(self.path, 0, str(exc)) from exc

    def _connect(self, target: str) -> duckdb.DuckDBPyConnection:
        try:
            return connect(target, read_only=True, wait=0.0, config=SANDBOX)
        except StorageError as exc:
            raise WarehouseUnreadable(self.path, exc.detail) from exc
        except duckdb.Error as exc:
            raise WarehouseUnreadable(self.path, str(exc)) from exc


def _stamp(path: str) -> tuple[int, ...]:
    """What changes when the file (or its write-ahead log) does."""
    out: list[int] = []
    for p in (path, path + ".wal"):
        try:
            st = os.stat(p)
        except FileNotFoundError:
            out += [0, 0, 0, 0]
            continue
        out += [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    return tuple(out)
