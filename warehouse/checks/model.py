"""What checks read (a :class:`Context` over the warehouse) and what they return
(:class:`Finding`), and how a finding becomes a flag with a stable id."""
from __future__ import annotations

import hashlib
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .intervals import Interval, fact_interval, fmt, scale_of

if TYPE_CHECKING:
    from warehouse.database import Warehouse

#: A disagreement smaller than this share of the expected value (beyond all rounding and
#: hedge slack) is lowered from 'error' to 'warning': still no reading makes the figures
#: agree, but it is more likely a slip in the last digit than a wrong figure.
MINOR_REL_DIFF = 0.01

Fact = dict[str, Any]


def fact_key(f: Fact) -> str:
    """Where a fact was printed, independent of the extractor's numbering: the cell of its
    table, or its block and text. Flag ids hash these, so they survive re-ingestion."""
    if f.get("table_id"):
        return f"{f['table_id']}:{f['row']}:{f['col']}"
    return f"{f.get('block_id') or f['doc_id']}:{f.get('raw')}"


@dataclass
class Finding:
    """One inconsistency a check found: the printed figure (``found``), what the other
    figures imply (``expected``), the facts involved (role, fact) and the arithmetic."""

    message: str
    expected: Interval
    found: Interval
    facts: Sequence[tuple[str, Fact]]
    found_value: float | None = None
    severity: str | None = None  # overrides the check's
    check: str = ""

    @property
    def gap(self) -> float:
        return self.expected.gap(self.found)

    @property
    def rel_diff(self) -> float | None:
        ref = self.expected.mid
        return None if ref == 0 or math.isinf(ref) else self.gap / abs(ref)

    def flag_id(self) -> str:
        keys = sorted({fact_key(f) for _, f in self.facts})
        return hashlib.sha1("|".join([self.check, *keys]).encode()).hexdigest()[:16]

    def doc_ids(self) -> list[str]:
        seen: list[str] = []
        for _, f in self.facts:
            if f["doc_id"] not in seen:
                seen.append(f["doc_id"])
        return seen

    def doc_id(self) -> str:
        for role, f in self.facts:
            if role == "found":
                return str(f["doc_id"])
        return self.doc_ids()[0]


def disagree(message: str, expected: Interval, found: Interval, facts: Sequence[tuple[str, Fact]],
             found_value: float | None = None) -> Finding | None:
    """A finding if no value lies in both intervals, else ``None``."""
    if expected.overlaps(found):
        return None
    return Finding(message, expected, found, facts, found_value)


@dataclass
class Context:
    """Everything the checks read, loaded once per run (facts, cells, tables, documents)."""

    wh: Warehouse
    doc: str | None = None  # only findings that involve this document
    _iv: dict[str, Interval | None] = field(default_factory=dict)

    @cached_property
    def facts(self) -> list[Fact]:
        return self.wh.rows("check_facts")

    @cached_property
    def by_id(self) -> dict[str, Fact]:
        return {f["fact_id"]: f for f in self.facts}

    @cached_property
    def documents(self) -> dict[str, dict[str, Any]]:
        return {d["doc_id"]: d for d in self.wh.rows("check_documents")}

    @cached_property
    def tables(self) -> dict[str, dict[str, Any]]:
        return {t["table_id"]: t for t in self.wh.rows("check_tables")}

    @cached_property
    def cells(self) -> dict[str, list[dict[str, Any]]]:
        by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in self.wh.rows("check_cells"):
            by_table[c["table_id"]].append(c)
        return by_table

    @cached_property
    def table_facts(self) -> dict[str, list[Fact]]:
        by_table: dict[str, list[Fact]] = defaultdict(list)
        for f in self.facts:
            if f["table_id"]:
                by_table[f["table_id"]].append(f)
        return by_table

    @cached_property
    def _line_scales(self) -> dict[tuple[str, str, int], float]:
        """The usual scale of each table column and row (for a printed zero's slack)."""
        found: dict[tuple[str, str, int], list[float]] = defaultdict(list)
        for f in self.facts:
            s = scale_of(f) if f["table_id"] else None
            if s:
                found[(f["table_id"], "col", f["col"])].append(s)
                found[(f["table_id"], "row", f["row"])].append(s)
        return {k: statistics.median(v) for k, v in found.items()}

    def interval(self, f: Fact) -> Interval | None:
        """The values fact ``f`` allows (see ``intervals.fact_interval``)."""
        key = f["fact_id"]
        if key not in self._iv:
            scale = None
            if f["table_id"] and scale_of(f) is None and not f["missing"]:
                scale = self._line_scales.get((f["table_id"], "col", f["col"])) or self._line_scales.get(
                    (f["table_id"], "row", f["row"])
                )
            self._iv[key] = fact_interval(f, scale)
        return self._iv[key]

    def involves(self, finding: Finding) -> bool:
        return self.doc is None or self.doc in finding.doc_ids()


def describe(f: Fact) -> str:
    """A fact in a message: its printed form."""
    return str(f.get("raw") or fmt(f["value"]))


def same_entity(a: str | None, b: str | None) -> bool:
    """Entities match when one name contains the other, ignoring case; two figures of one
    document that name no entity are about the document's own subject."""
    if not a and not b:
        return True
    if not a or not b:
        return False
    x, y = a.casefold(), b.casefold()
    return x in y or y in x


def unique(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out
