"""The evidence warehouse: a DuckDB file holding what ``extractor`` found, with provenance."""
from __future__ import annotations

from .database import DEFAULT_PATH, Warehouse, default_path
from .errors import ObjectNotFound, StorageError, WarehouseBusy, WarehouseError, WarehouseNotFound

__all__ = [
    "DEFAULT_PATH",
    "ObjectNotFound",
    "StorageError",
    "Warehouse",
    "WarehouseBusy",
    "WarehouseError",
    "WarehouseNotFound",
    "default_path",
]
