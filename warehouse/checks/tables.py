"""Arithmetic inside one table: totals, shares and averages, read along rows and columns.

Every identity is checked with interval arithmetic over the printed decimals; a line is
only read as a total (or share, or average) of others when the table's own labels say so
and the cells involved share one unit (and indicator, where known).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from .grid import AVERAGE, SHARE, SUBTOTAL, Grid, Line, grids, group_of, year_of, year_range
from .intervals import Interval, fmt, scale_of, total
from .model import Context, Fact, Finding, disagree, unique

Part = Fact | str  # a fact, or the printed text of a cell without one ("*": rounds to zero)


# ---------------------------------------------------------------------------- totals
def totals(ctx: Context) -> Iterator[Finding]:
    for g in grids(ctx):
        yield from merge([*_row_totals(ctx, g), *_column_totals(ctx, g)])


def _row_totals(ctx: Context, g: Grid) -> Iterator[Finding]:
    rows = g.rows
    for i, t in enumerate(rows):
        if not t.is_total() or not t.cells:
            continue
        parts = _parts_above(rows, i)
        if len(parts) < 2 or not _same_kind(t, parts) or not all(p.path for p in parts):
            continue
        for k, tf in t.cells.items():
            cells = [(p.label, p.cells.get(k) or p.texts.get(k)) for p in parts]
            if any(isinstance(x, dict) and x["unit"] != tf["unit"] for _, x in cells):
                continue
            f = _sum_identity(ctx, g, tf, cells, f"{t.label} ({_name(g.across('rows').get(k))})")
            if f:
                yield f


def _parts_above(rows: Sequence[Line], i: int) -> list[Line]:
    """The lines a total at ``rows[i]`` adds up: for a subtotal, the rows since the last
    section heading or total; for a total, the rows since the last total, a subtotal
    standing for the rows it covers."""
    sub = bool(SUBTOTAL.match(rows[i].label))
    out: list[Line] = []
    j = i - 1
    while j >= 0:
        ln = rows[j]
        if not ln.cells and not ln.texts:  # a section heading
            if sub:
                break
            j -= 1
            continue
        if ln.is_total():
            if SUBTOTAL.match(ln.label) and not sub:
                out.append(ln)
                j = j - 1 - len(_parts_above(rows, j))
                continue
            break
        out.append(ln)
        j -= 1
    return out[::-1]


def _same_kind(t: Line, parts: Iterable[Line]) -> bool:
    """Whether the parts can add up to the total: the same units, and the same indicators
    where known (a block of rows in different units is not a sum)."""
    units = t.units()
    indicators = {f["indicator"] for f in t.cells.values()}
    for p in parts:
        if p.units() and p.units() != units:
            return False
        pi = {f["indicator"] for f in p.cells.values()}
        if None not in indicators and None not in pi and pi != indicators:
            return False
    return True


def _column_totals(ctx: Context, g: Grid) -> Iterator[Finding]:
    cols = g.cols
    for c in cols:
        parts = _parts_across(c, cols)
        if len(parts) < 2:
            continue
        for r, tf in c.cells.items():
            cells = [(p.text, p.cells.get(r) or p.texts.get(r)) for p in parts]
            if any(isinstance(x, dict) and x["unit"] != tf["unit"] for _, x in cells):
                continue
            f = _sum_identity(ctx, g, tf, cells, f"{_name(g.across('cols').get(r))} ({c.text})")
            if f:
                yield f


def _parts_across(c: Line, cols: Sequence[Line]) -> list[Line]:
    """The columns a total column adds up, if its headers say it is one."""
    text = " ".join(c.path)
    span = year_range(c)
    if span and re.search(r"\btotals?\b", text, re.IGNORECASE):
        years = {year_of(x): x for x in cols if x is not c and year_of(x) is not None}
        wanted = range(span[0], span[1] + 1)
        return [years[y] for y in wanted] if all(y in years for y in wanted) else []
    if c.path and c.is_total():  # a "Total" column among its siblings
        parent = group_of(c)
        return [x for x in cols if x is not c and tuple(x.path[: len(parent)]) == parent
                and not x.is_total() and not _is_total_group(x) and len(x.path) > len(parent)
                and year_range(x) is None]
    if len(c.path) >= 2 and _is_total_group(c):  # a "Total" group of columns: the other groups
        suffix = c.path[1:]
        groups = unique(x.path[0] for x in cols if x.path and not _is_total_group(x))
        found = [x for x in cols if len(x.path) >= 2 and x.path[1:] == suffix and x.path[0] in groups]
        return found if len(found) == len(groups) else []
    return []


def _is_total_group(x: Line) -> bool:
    return bool(x.path) and bool(re.match(r"^\s*totals?\s*$", x.path[0], re.IGNORECASE))


def _sum_identity(ctx: Context, g: Grid, tf: Fact, parts: Sequence[tuple[str, Part | None]],
                  where: str) -> Finding | None:
    found = ctx.interval(tf)
    if found is None:
        return None
    scale = scale_of(tf) or 1.0
    ivs, facts = [], []
    for _label, p in parts:
        if p is None:
            ivs.append(Interval.point(0.0))  # an empty cell: nothing to add
        elif isinstance(p, str):
            half = 0.5 * 10.0 ** -(tf["decimals"] or 0) * scale
            ivs.append(Interval(-half, half))  # "*", "....": less than half the last digit
        else:
            iv = ctx.interval(p)
            if iv is None:
                return None  # a component not available: the sum cannot be known
            ivs.append(iv)
            facts.append(("component", p))
    if not facts:
        return None
    expected = total(ivs)
    printed = " + ".join(_raw(p) for _, p in parts)
    msg = (f"{g.name}, {where}: components {printed} = {fmt(expected.mid / scale)}"
           f" (± {fmt(expected.width / 2 / scale)} from rounding); printed total {tf['raw']}")
    return disagree(msg, expected, found, [("found", tf), *facts], tf["value"])


def _raw(p: Part | None) -> str:
    if p is None:
        return "0"
    return p if isinstance(p, str) else str(p["raw"])


def _name(line: Line | None) -> str:
    return line.text if line is not None and line.path else "?"


def merge(findings: list[Finding]) -> Iterator[Finding]:
    """Join failing identities that share the figure found wanting (a wrong cell breaks
    its row sum and its column sum): one flag per suspect figure."""
    groups: list[list[Finding]] = []
    for f in findings:
        ids = {x["fact_id"] for _, x in f.facts}
        found_id = next(x["fact_id"] for r, x in f.facts if r == "found")
        home = None
        for grp in groups:
            for h in grp:
                h_ids = {x["fact_id"] for _, x in h.facts}
                h_found = next(x["fact_id"] for r, x in h.facts if r == "found")
                if found_id in h_ids or h_found in ids:
                    home = grp
                    break
            if home:
                break
        if home is None:
            groups.append([f])
        else:
            home.append(f)
    for grp in groups:
        if len(grp) == 1:
            yield grp[0]
            continue
        worst = max(grp, key=lambda x: x.rel_diff or 0.0)
        facts: list[tuple[str, Fact]] = list(worst.facts)
        for other in grp:
            for role, x in other.facts:
                if all(x["fact_id"] != y["fact_id"] for _, y in facts):
                    facts.append(("also involved" if role == "found" else role, x))
        yield Finding("; ".join(x.message for x in grp), worst.expected, worst.found, facts, worst.found_value)


# ---------------------------------------------------------------------------- shares
def shares(ctx: Context) -> Iterator[Finding]:
    for g in grids(ctx):
        for along in ("rows", "cols"):
            lines = g.lines(along)
            for i, s in enumerate(lines):
                if not _is_share(s):
                    continue
                yield from _share_identities(ctx, g, along, lines, i)


def _is_share(s: Line) -> bool:
    facts = [f for f in s.cells.values() if not f["missing"]]
    return bool(SHARE.search(s.text)) and len(facts) >= 1 and all(f["unit"] == "percent" for f in facts)


def _share_identities(ctx: Context, g: Grid, along: str, lines: list[Line], i: int) -> Iterator[Finding]:
    s = lines[i]
    across = g.across(along)
    hundred = [k for k, f in s.cells.items() if f["value"] == 100 and not f["missing"]]
    if len(hundred) == 1:  # the whole is the position where the share is 100
        w = hundred[0]
        part = next((ln for ln in reversed(lines[:i]) if not _is_share(ln) and w in ln.cells), None)
        if part is None:
            return
        for k, sf in s.cells.items():
            if k == w or k not in part.cells:
                continue
            f = _ratio(ctx, g, sf, part.cells[k], part.cells[w], 100.0,
                       f"{s.label} ({_name(across.get(k))}) = {part.label} {_name(across.get(k))} / "
                       f"{_name(across.get(w))}")
            if f:
                yield f
        return
    part_line, whole_line = _part_and_whole(s, lines)
    if part_line is None or whole_line is None:
        return
    for k, sf in s.cells.items():
        if k in part_line.cells and k in whole_line.cells:
            f = _ratio(ctx, g, sf, part_line.cells[k], whole_line.cells[k], 100.0,
                       f"{s.label} ({_name(across.get(k))}) = {part_line.label} / {whole_line.label}")
            if f:
                yield f


def _part_and_whole(s: Line, lines: list[Line]) -> tuple[Line | None, Line | None]:
    """For a share line without a 100 in it: the total line it is a share of, and the one
    other line of the same indicator (or, without indicators, sharing its first word)."""
    indicators = {f["indicator"] for f in s.cells.values() if f["indicator"]}
    base = {i[len("share of "):] for i in indicators if i.startswith("share of ")}
    others = [ln for ln in lines if ln is not s and not _is_share(ln) and ln.cells and "percent" not in ln.units()]
    if base:
        same = [ln for ln in others if {f["indicator"] for f in ln.cells.values()} <= base]
    else:
        word = _first_word(s.label)
        same = [ln for ln in others if ln.is_total() or (word and _first_word(ln.label) == word)]
    wholes = [ln for ln in same if ln.is_total()]
    parts = [ln for ln in same if not ln.is_total()]
    if len(wholes) == 1 and len(parts) == 1:
        return parts[0], wholes[0]
    return None, None


def _first_word(label: str) -> str:
    m = re.match(r"\s*([A-Za-z]{3,})", label)
    return m.group(1).lower() if m else ""


def _ratio(ctx: Context, g: Grid, found_fact: Fact, num: Fact, den: Fact, factor: float,
           what: str) -> Finding | None:
    found, a, b = ctx.interval(found_fact), ctx.interval(num), ctx.interval(den)
    if found is None or a is None or b is None or num["unit"] != den["unit"]:
        return None
    expected = a / b * factor
    scale = scale_of(found_fact) or 1.0
    msg = (f"{g.name}: {what}: {num['raw']} / {den['raw']}{' x 100' if factor == 100 else ''} = "
           f"{fmt(expected.mid / scale)} (between {fmt(expected.lo / scale)} and {fmt(expected.hi / scale)} "
           f"from rounding); printed {found_fact['raw']}")
    return disagree(msg, expected, found, [("found", found_fact), ("part", num), ("whole", den)],
                    found_fact["value"])


# ---------------------------------------------------------------------------- averages
def averages(ctx: Context) -> Iterator[Finding]:
    for g in grids(ctx):
        for along in ("rows", "cols"):
            lines = g.lines(along)
            for i, a in enumerate(lines):
                if not AVERAGE.search(a.label) or not a.cells:
                    continue
                tot = next((ln for ln in reversed(lines[:i]) if ln.is_total()), None)
                if tot is None:
                    continue
                yield from _average_identities(ctx, g, along, a, tot)


def _average_identities(ctx: Context, g: Grid, along: str, a: Line, tot: Line) -> Iterator[Finding]:
    words = [w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]{3,}", AVERAGE.sub(" ", a.label))
             if w.lower() not in {"per", "the", "all"}]
    if not words:
        return
    across = g.across(along)
    for k, af in a.cells.items():
        if af["missing"] or k not in tot.cells or k not in across:
            continue
        group = group_of(across[k])
        counts = [x for x in across.values() if x.index != k and group_of(x) == group
                  and any(w in x.label.lower() for w in words)
                  and x.index in tot.cells and tot.cells[x.index]["unit"] == "count"]
        if len(counts) != 1:
            continue
        n = counts[0]
        num, den = tot.cells[k], tot.cells[n.index]
        found, x, y = ctx.interval(af), ctx.interval(num), ctx.interval(den)
        if found is None or x is None or y is None:
            continue
        expected = x / y
        scale = scale_of(af) or 1.0
        msg = (f"{g.name}: {a.label} ({across[k].text}) = {tot.label} {across[k].label} / {tot.label} {n.label}: "
               f"{num['raw']} / {den['raw']} = {fmt(expected.mid / scale)} (between {fmt(expected.lo / scale)} and "
               f"{fmt(expected.hi / scale)} from rounding); printed {af['raw']}")
        f = disagree(msg, expected, found, [("found", af), ("total", num), ("count", den)], af["value"])
        if f:
            yield f
