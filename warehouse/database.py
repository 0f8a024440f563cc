"""The warehouse: one DuckDB file, opened with a bounded wait for its lock."""
from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from extractor.records import Extraction

from . import migrations
from .errors import ObjectNotFound, StorageError, WarehouseBusy, WarehouseNotFound
from .queries import query
from .rows import batches

log = logging.getLogger(__name__)

#: Where the warehouse lives unless ``--db`` or ``EVIDENCE_DB`` says otherwise.
DEFAULT_PATH = Path("warehouse") / "evidence.duckdb"

#: Tables holding a document's content, children first (the order deletes run in).
CONTENT_TABLES = ("search_postings", "search_items", "cite_links", "citations", "references", "facts", "table_cells", "tables", "blocks", "pages", "documents")


#: What DuckDB raises when the file cannot be written: I/O errors, and fatal errors (a
#: checkpoint that could not be written invalidates the connection).
STORAGE_ERRORS = (duckdb.IOException, duckdb.FatalException)


def default_path() -> Path:
    return Path(os.environ.get("EVIDENCE_DB") or DEFAULT_PATH)


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


def connect(
    target: str,
    *,
    read_only: bool,
    wait: float,
    on_wait: Callable[[str, float], None] | None = None,
    config: dict[str, Any] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``target``; if another process holds the file's lock, retry for
    up to ``wait`` seconds (calling ``on_wait(target, wait)`` once), then :class:`WarehouseBusy`."""
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(target, read_only=read_only, config=config or {})
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise StorageError(target, str(exc)) from exc
            if time.monotonic() >= deadline:
                raise WarehouseBusy(target, wait, str(exc)) from exc
            if on_wait is not None:
                on_wait(target, wait)
                on_wait = None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


class Warehouse:
    """A DuckDB evidence warehouse.

    >>> with Warehouse.open("evidence.duckdb") as wh:   # doctest: +SKIP
    ...     wh.documents()
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self.con, self.path, self.read_only = con, path, read_only

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        wait: float = 30.0,
        on_wait: Callable[[str, float], None] | None = None,
    ) -> Warehouse:
        """Open (and, unless read-only, create and migrate) the warehouse at ``path``.

        ``":memory:"`` gives a private in-memory warehouse. If another process holds the
        file's lock, retry for up to ``wait`` seconds (calling ``on_wait(path, wait)``
        once, so a caller can say so), then raise :class:`WarehouseBusy`.
        """
        target = str(path if path is not None else default_path())
        if target != ":memory:":
            if read_only and not Path(target).exists():
                raise WarehouseNotFound(target)
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        con = connect(target, read_only=read_only, wait=wait, on_wait=on_wait)
        wh = cls(con, target, read_only)
        if not read_only:
            for m in migrations.migrate(con):
                log.info("applied migration %03d_%s to %s", m.version, m.name, target)
        elif migrations.pending(con):
            # a warehouse made by an older version: bring its schema up to date once, then
            # open it read-only as asked
            con.close()
            cls.open(target, wait=wait, on_wait=on_wait).close()
            return cls.open(target, read_only=True, wait=wait, on_wait=on_wait)
        return wh

    def close(self) -> None:
        """Checkpoint (so no write-ahead log is left behind) and close."""
        try:
            if not self.read_only:
                self.con.execute("CHECKPOINT")
        except STORAGE_ERRORS as exc:
            raise StorageError(self.path, str(exc)) from exc
        finally:
            self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ helpers
    def run(self, name: str, params: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
        """Execute the named query with bound parameters."""
        return self.con.execute(query(name), params or {})

    def write(self, name: str, params: dict[str, Any] | None = None) -> None:
        """Execute a named statement that changes data, and finish it (DuckDB 2 wants the
        result of one statement consumed before the next runs on the connection)."""
        self.run(name, params).fetchall()

    def rows(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        cur = self.run(name, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def resolve(self, kind: str, key: str) -> str:
        """The full id of a document/block/table whose id starts with ``key``."""
        ids = [r[0] for r in self.run(f"{kind}_ids_like", {"prefix": key}).fetchall()]
        if len(ids) != 1:
            raise ObjectNotFound(kind, key, len(ids))
        return ids[0]

    # ------------------------------------------------------------------ writing
    def has_document(self, doc_id: str) -> bool:
        return bool(self.run("document_exists", {"doc_id": doc_id}).fetchall()[0][0])

    def load(self, ex: Extraction, run_id: str, *, replace: bool = False) -> None:
        """Store one document's extraction in one transaction (all of it or nothing).

        With ``replace`` an existing copy of the document is deleted in the same
        transaction, so readers see either the old rows or the new ones.
        """
        data = batches(ex, run_id)
        doc_id = ex.document.doc_id
        # Batches are registered outside the transaction, so that a failed insert (which
        # aborts the transaction) can still be cleaned up after the rollback.
        for table, batch in data.items():
            self.con.register(f"_new_{table}", batch)
        try:
            with self.transaction():
                if replace:
                    for table in CONTENT_TABLES:
                        self.write(f"delete_{table}", {"doc_id": doc_id})
                for table in reversed(CONTENT_TABLES):
                    if table in data:
                        self.write(f"insert_{table}")
        except STORAGE_ERRORS as exc:  # the disk is full, the file went away, ...
            raise StorageError(self.path, str(exc)) from exc
        finally:
            for table in data:
                self.con.unregister(f"_new_{table}")

    def start_run(self, command: str, version: str) -> str:
        run_id = uuid.uuid4().hex
        self.write("run_start", {"run_id": run_id, "version": version, "command": command})
        return run_id

    def finish_run(self, run_id: str, *, files: int, ingested: int, skipped: int, failed: int) -> None:
        self.write(
            "run_finish",
            {"run_id": run_id, "n_files": files, "n_ingested": ingested, "n_skipped": skipped, "n_failed": failed},
        )

    def record_failure(self, run_id: str, file: str, sha256: str | None, reason: str, error_class: str) -> None:
        self.write(
            "failure_record",
            {"run_id": run_id, "file": file, "sha256": sha256, "reason": reason, "error_class": error_class},
        )

    # ------------------------------------------------------------------ reading
    def totals(self) -> dict[str, int]:
        return self.rows("totals")[0]

    def documents(self) -> list[dict[str, Any]]:
        return self.rows("document_list")

    def failures(self) -> list[dict[str, Any]]:
        """Every recorded failure, oldest first, with whether the file went in since."""
        return self.rows("failure_list")

    def document(self, key: str) -> dict[str, Any]:
        return self.rows("document_get", {"doc_id": self.resolve("document", key)})[0]

    def block(self, key: str) -> dict[str, Any]:
        return self.rows("block_get", {"block_id": self.resolve("block", key)})[0]

    def table(self, key: str) -> dict[str, Any]:
        table_id = self.resolve("table", key)
        row = self.rows("table_get", {"table_id": table_id})[0]
        row["cells"] = self.rows("table_cells", {"table_id": table_id})
        return row

    def page(self, key: str) -> dict[str, Any]:
        """A page by ``DOCID-pNNN`` (any unique doc id prefix) or ``DOCID:N``."""
        doc_key, page_no = _split_page_key(key)
        doc_id = self.resolve("document", doc_key)
        found = self.rows("page_get", {"doc_id": doc_id, "page": page_no})
        if not found:
            raise ObjectNotFound("page", key)
        row = found[0]
        row["blocks"] = self.rows("page_blocks", {"doc_id": doc_id, "page": page_no})
        row["tables"] = self.rows("page_tables", {"doc_id": doc_id, "page": page_no})
        return row

    def export(self, what: str, doc: str | None = None) -> duckdb.DuckDBPyRelation:
        """A lazy relation over the rows of ``what`` (blocks, tables, table_cells, facts) to stream."""
        if what not in EXPORTS:
            raise ValueError(f"cannot export {what!r}; choose from {', '.join(EXPORTS)}")
        doc_id = self.resolve("document", doc) if doc else None
        return self.con.sql(query(f"export_{what}"), params={"doc_id": doc_id})


EXPORTS: Sequence[str] = ("blocks", "tables", "table_cells", "facts")


def _split_page_key(key: str) -> tuple[str, int]:
    for sep in ("-p", ":"):
        head, found, tail = key.rpartition(sep)
        if found and head and tail.isdigit():
            return head, int(tail)
    raise ObjectNotFound("page", key)
