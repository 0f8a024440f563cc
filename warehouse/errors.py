"""Errors of the warehouse. Each carries the data its message needs."""
from __future__ import annotations


class WarehouseError(Exception):
    """Base class: something went wrong with the warehouse file."""

    hint: str = ""


class WarehouseBusy(WarehouseError):
    """Another process holds the warehouse file's lock for longer than we were told to wait."""

    hint = "wait for the other 'evidence' process to finish, or raise --wait"

    def __init__(self, path: str, waited: float, detail: str) -> None:
        self.path, self.waited, self.detail = path, waited, detail
        waited_for = f"; waited {waited:.0f}s" if waited >= 1 else ""
        super().__init__(
            f"{path}: warehouse is busy being updated by another process{waited_for}; try again"
        )


class StorageError(WarehouseError):
    """Writing to the warehouse file failed (disk full, file too large, file removed).

    What was committed before stays committed; the document being written is not stored.
    """

    hint = "free some disk space (or check the file is writable), then run the command again"

    def __init__(self, path: str, detail: str) -> None:
        self.path, self.detail = path, detail
        first = detail.strip().splitlines()[0] if detail.strip() else "I/O error"
        super().__init__(f"{path}: cannot write to the warehouse: {first[:200]}")


class WarehouseNotFound(WarehouseError):
    hint = "run 'evidence add PATH' first, or point --db / EVIDENCE_DB at an existing warehouse"

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path}: no warehouse here")


class ObjectNotFound(WarehouseError):
    hint = "list ids with 'evidence docs' or 'evidence export'"

    def __init__(self, kind: str, key: str, matches: int = 0) -> None:
        self.kind, self.key, self.matches = kind, key, matches
        what = f"is ambiguous ({matches} matches)" if matches > 1 else "not found"
        super().__init__(f"{kind} {key!r} {what}")


class QueryRefused(WarehouseError):
    """A query given to the read-only SQL console was refused or failed."""

    hint = "only one read-only SELECT is allowed; see warehouse/SCHEMA.md for the tables"

    def __init__(self, sql: str, reason: str) -> None:
        self.sql, self.reason = sql, reason
        super().__init__(f"query refused: {reason}")


class QueryTimeout(WarehouseError):
    hint = "narrow the query (filters, LIMIT) so it finishes within the time limit"

    def __init__(self, sql: str, seconds: float) -> None:
        self.sql, self.seconds = sql, seconds
        super().__init__(f"query stopped after {seconds:g}s (time limit)")


class WarehouseUnreadable(WarehouseError):
    """The warehouse file exists but is not a warehouse DuckDB can open (corrupt, or another kind of file)."""

    hint = "check --db points at a warehouse made by 'evidence add'; if the file is damaged, re-create it"

    def __init__(self, path: str, detail: str) -> None:
        self.path, self.detail = path, detail
        first = detail.strip().splitlines()[0] if detail.strip() else "unknown error"
        super().__init__(f"{path}: cannot read the warehouse: {first[:200]}")


class FileNotKept(WarehouseError):
    """The warehouse keeps no copy of a document's PDF (it was ingested before files were kept)."""

    hint = "re-add the document with --force"

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        super().__init__(f"page image not available: the PDF of document {doc_id[:12]} is not kept")


class NotAWarehouse(WarehouseError):
    hint = "point --db at a warehouse file (or, for reading, at a Parquet dataset folder)"

    def __init__(self, path: str, what: str) -> None:
        self.path, self.what = path, what
        super().__init__(f"{path}: not a warehouse file ({what})")
