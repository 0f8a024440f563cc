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
