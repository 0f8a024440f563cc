"""Scale sanity: a table cell off by a power of ten from both its neighbours in a time
series (the same table line, entity, indicator and unit; one period per cell), when the neighbours agree with each
other. A series that grows tenfold over its span does not qualify: both neighbours must
lie within a factor of two of each other and the cell, divided by the power of ten,
within a factor of 1.5 of them."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator

from .intervals import Interval, fmt
from .model import Context, Fact, Finding


def powers_of_ten(ctx: Context) -> Iterator[Finding]:
    series: dict[tuple[str, int, str, str, str], list[Fact]] = defaultdict(list)
    for f in ctx.facts:
        if (f["table_id"] and not f["missing"] and f["value"] and f["unit"] and f["period"]
                and f["period_how"] in ("column header", "row header")
                and (ctx.doc is None or f["doc_id"] == ctx.doc)):
            series[(f["table_id"], f["row"], f["entity"] or "", f["indicator"] or "", f["unit"])].append(f)
    for cells in series.values():
        cells.sort(key=lambda f: f["col"])
        if len({f["period"] for f in cells}) != len(cells):
            continue  # not a time series: the cells are categories of one period
        for i in range(1, len(cells) - 1):
            a, x, b = cells[i - 1], cells[i], cells[i + 1]
            yield from _odd_one(a, x, b)


def _odd_one(a: Fact, x: Fact, b: Fact) -> Iterator[Finding]:
    va, vx, vb = a["value"], x["value"], b["value"]
    if va * vb <= 0 or va * vx <= 0 or max(abs(va), abs(vb)) > 2 * min(abs(va), abs(vb)):
        return
    mean = (va + vb) / 2
    k = round(math.log10(abs(vx / mean)))
    if abs(k) < 1 or not (1 / 1.5 <= abs(vx / (mean * 10**k)) <= 1.5):
        return
    yield Finding(
        f"{x['raw']} is about 10^{k} times its neighbours {a['raw']} and {b['raw']} in the same series"
        f" ({x['indicator'] or x['indicator_raw'] or ''}): a scale slip? (expected about {fmt(mean)})",
        Interval(min(va, vb), max(va, vb)), Interval.point(vx), [("found", x), ("neighbour", a), ("neighbour", b)],
        vx,
    )
