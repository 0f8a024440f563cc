"""The local web app of ``evidence serve``: search, facts, claims, flags, documents and
series, each source shown on its page image; a JSON API behind the pages.

>>> app = create_app("warehouse/evidence.duckdb")   # doctest: +SKIP
"""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
