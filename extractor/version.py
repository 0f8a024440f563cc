"""The extractor's version, stamped on every document it extracts."""
from __future__ import annotations

__version__ = "0.1.0"
