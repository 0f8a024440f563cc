"""The warehouse: one DuckDB file, opened with a bounded wait for its lock."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
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
from .errors import NotAWarehouse, ObjectNotFound, StorageError, WarehouseBusy, WarehouseNotFound
from .queries import query
from .rows import batches

log = logging.getLogger(__name__)

#: Where the warehouse lives unless ``--db`` or ``EVIDENCE_DB`` says otherwise.
DEFAULT_PATH = Path("warehouse") / "evidence.duckdb"

#: Tables holding a document's content, children first (the order deletes run in).
CONTENT_TABLES = (
    "search_postings",
    "search_items",
    "cite_links",
    "citations",
    "references",
    "claims",
    "facts",
    "table_cells",
    "tables",
    "blocks",
    "pages",
    "documents",
)


#: What DuckDB raises when the file cannot be written: I/O errors, and fatal errors (a
#: checkpoint that could not be written invalidates the connection).
STORAGE_ERRORS = (duckdb.IOException, duckdb.FatalException)


def default_path() -> Path:
    return Path(os.environ.get("EVIDENCE_DB") or DEFAULT_PATH)


_COPY = "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])"


def snapshot_path(path: str | os.PathLike[str]) -> Path:
    """Where the read-only snapshot of the warehouse at ``path`` lives."""
    p = Path(path)
    return p.with_name(p.name + ".snapshot")


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
        self._snapshot: Path | None = None  # published by this writer, removed on close

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
        if read_only and Path(target).is_dir():
            from .dataset import is_dataset, open_dataset  # a Parquet dataset, queried where it lies

            if is_dataset(target):
                return open_dataset(target)
        if Path(target).is_dir():
            raise NotAWarehouse(target, "a folder" + (", a Parquet dataset: load it with 'evidence load'"
                                                      if (Path(target) / "_chunks").is_dir() else ""))
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
            if self._snapshot is not None:
                self._snapshot.unlink(missing_ok=True)  # readers can open the file again

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
    def publish_snapshot(self) -> Path | None:
        """Write a consistent read-only copy of the warehouse next to it (``snapshot_path``).

        A writer calls this before a long job (an ingest), so that readers, who cannot open
        the file while it is being written, can read the warehouse as it was instead of
        waiting. The copy is taken after a checkpoint, while this connection holds the write
        lock and writes nothing, then renamed into place (readers never see half a copy).
        """
        if self.read_only or self.path == ":memory:":
            return None
        target = snapshot_path(self.path)
        tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
        try:
            self.con.execute("CHECKPOINT").fetchall()
            # The copy runs in another process: DuckDB's lock on the file is a POSIX record
            # lock, which closing *any* descriptor of the file in this process would release.
            subprocess.run([sys.executable, "-c", _COPY, self.path, str(tmp)], check=True,
                           capture_output=True, text=True)
            os.replace(tmp, target)
            self._snapshot = target
        except subprocess.CalledProcessError as exc:
            tmp.unlink(missing_ok=True)
            detail = exc.stderr.strip().splitlines()[-1] if exc.stderr.strip() else str(exc)
            raise StorageError(self.path, detail) from exc
        except (OSError, *STORAGE_ERRORS) as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(self.path, str(exc)) from exc
        return target

    def has_document(self, doc_id: str) -> bool:
        return bool(self.run("document_exists", {"doc_id": doc_id}).fetchall()[0][0])

    def load(self, ex: Extraction, run_id: str, *, replace: bool = False) -> None:
        """Store one document's extraction in one transaction (all of it or nothing).

        With ``replace`` an existing copy of the document is deleted in the same
        transaction, so readers see either the old rows or the new ones.
        """
        self.load_batches(ex.document.doc_id, batches(ex, run_id), replace=replace)

    def load_batches(self, doc_id: str, data: dict[str, Any], *, replace: bool = False) -> None:
        """Store one document's rows (Arrow tables by warehouse table) in one transaction;
        with ``replace`` the stored copy of the document is deleted in the same one."""
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

    def fact(self, key: str) -> dict[str, Any]:
        """A fact with ``sources``: the citations that back it (see :meth:`sources`)."""
        fact_id = self.resolve("fact", key)
        row = self.rows("fact_get", {"fact_id": fact_id})[0]
        row["sources"] = self.sources("fact", fact_id)
        return row

    def claim(self, key: str) -> dict[str, Any]:
        """A claim with its evidence facts, its sources (see :meth:`sources`) and the other
        claims of its group (``group``)."""
        claim_id = self.resolve("claim", key)
        row = self.rows("claim_get", {"claim_id": claim_id})[0]
        row["sources"] = self.sources("claim", claim_id)
        row["group"] = (
            self.rows("claim_group_members", {"claim_group": row["claim_group"], "claim_id": claim_id})
            if row["claim_group"] else []
        )
        return row

    def regroup_claims(self) -> int:
        """Rebuild the claim groups over every stored claim (see :mod:`warehouse.claim_groups`)."""
        from .claim_groups import regroup

        try:
            return regroup(self)
        except STORAGE_ERRORS as exc:
            raise StorageError(self.path, str(exc)) from exc

    def sources(self, subject_kind: str, subject_id: str) -> list[dict[str, Any]]:
        """The citations linked to a fact or claim, each with how it is linked, its
        reference (``ref_raw``) and, for a note marker, its note (``note_text``)."""
        return self.rows("sources_of", {"subject_kind": subject_kind, "subject_id": subject_id})

    def export(self, what: str, doc: str | None = None) -> duckdb.DuckDBPyRelation:
        """A lazy relation over the rows of ``what`` (blocks, tables, table_cells, facts) to stream."""
        if what not in EXPORTS:
            raise ValueError(f"cannot export {what!r}; choose from {', '.join(EXPORTS)}")
        doc_id = self.resolve("document", doc) if doc else None
        return self.con.sql(query(f"export_{what}"), params={"doc_id": doc_id})


EXPORTS: Sequence[str] = ("blocks", "tables", "table_cells", "facts", "references", "citations", "cite_links", "claims",
                          "flags")


def _split_page_key(key: str) -> tuple[str, int]:
    for sep in ("-p", ":"):
        head, found, tail = key.rpartition(sep)
        if found and head and tail.isdigit():
            return head, int(tail)
    raise ObjectNotFound("page", key)
