"""Running a SQL check: its file returns the offending rows, over the facts and their
intervals (``fact_bounds``, computed once in Python by ``intervals``)."""
from __future__ import annotations

from collections.abc import Callable, Iterable

import pyarrow as pa

from .intervals import Interval, scale_of
from .model import Context, Finding
from .registry import Check


def register_bounds(ctx: Context) -> None:
    """Make ``fact_bounds(fact_id, lo, hi, scale)`` visible to SQL checks: every fact's interval,
    and what one printed unit of it is worth (1 when no scale word was read)."""
    ids, lo, hi, scale = [], [], [], []
    for f in ctx.facts:
        iv = ctx.interval(f)
        if iv is not None:
            ids.append(f["fact_id"])
            lo.append(iv.lo)
            hi.append(iv.hi)
            scale.append(scale_of(f))
    table = pa.table({"fact_id": pa.array(ids, pa.string()), "lo": pa.array(lo, pa.float64()),
                      "hi": pa.array(hi, pa.float64()), "scale": pa.array(scale, pa.float64())})
    ctx.wh.con.register("fact_bounds", table)


def sql_runner(check: Check) -> Callable[[Context], Iterable[Finding]]:
    """Rows of the check's SQL (columns fact_ids, roles, message, expected_lo, expected_hi,
    found_lo, found_hi, found) as findings."""

    def run(ctx: Context) -> Iterable[Finding]:
        register_bounds(ctx)
        try:
            cur = ctx.wh.con.execute(check.sql_text(), {"doc_id": ctx.doc})
            cols = [d[0] for d in cur.description]
            rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        finally:
            ctx.wh.con.unregister("fact_bounds")
        for r in rows:
            facts = [(role, ctx.by_id[i]) for role, i in zip(r["roles"], r["fact_ids"], strict=True)]
            yield Finding(r["message"], Interval(r["expected_lo"], r["expected_hi"]),
                          Interval(r["found_lo"], r["found_hi"]), facts, r["found"],
                          severity=r.get("severity"))

    return run
