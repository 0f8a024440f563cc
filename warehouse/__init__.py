"""The evidence warehouse: a DuckDB file holding what ``extractor`` found, with provenance."""
from __future__ import annotations

from .database import DEFAULT_PATH, Warehouse, default_path
from .errors import ObjectNotFound, WarehouseBusy, WarehouseError, WarehouseNotFound

__all__ = [
    "DEFAULT_PATH",
    "ObjectNotFound",
    "Warehouse",
    "WarehouseBusy",
    "WarehouseError",
    "WarehouseNotFound",
    "default_path",
]
