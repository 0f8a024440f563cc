"""Consistency checks over the warehouse: figures that cannot all be right.

Checks are declared in ``checks.toml`` (SQL files in ``sql/`` or Python functions); each
finding becomes a row of the ``flags`` table with a stable id, and reviewers' decisions
live in ``flag_reviews`` so they survive re-checking and re-ingestion.
"""
from __future__ import annotations

from .intervals import Interval
from .registry import Check, checks
from .run import CheckReport, explain, flags, review, run_checks

__all__ = ["Check", "CheckReport", "Interval", "checks", "explain", "flags", "review", "run_checks"]
