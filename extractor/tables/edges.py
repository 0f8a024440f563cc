"""The rules a ruled grid is built from, as a reader sees them.

Two corrections to the page's edges before pdfplumber finds grids in them:

* a filled, unstroked rectangle inside a filled rectangle of the same colour draws nothing
  visible (the background of a span of text inside a shaded cell), so its sides are no rules;
* a grid drawn with row rules and inner column rules but no outer borders (open sides) is
  closed by a side at each end of its stack of row rules.
"""

from __future__ import annotations

from typing import Any

from .aligned import Rule, horizontal_rules

Obj = dict[str, Any]

#: Rectangles of one colour beyond this many are not searched for hidden ones (cost).
MAX_SHADED = 2000
ALIGN = 2.0  # points between the ends of rules of one stack
CLOSED = 0.5  # share of a stack's height a side must be drawn along to close it
MIN_STACK = 3  # row rules that make a grid's stack


def hidden_rects(rects: list[Obj]) -> set[int]:
    """ids of filled, unstroked rectangles lying inside a filled rectangle of the same colour."""
    by_colour: dict[str, list[Obj]] = {}
    for r in rects:
        if r.get("fill"):
            by_colour.setdefault(repr(r.get("non_stroking_color")), []).append(r)
    out: set[int] = set()
    for group in by_colour.values():
        if len(group) < 2 or len(group) > MAX_SHADED:
            continue
        group = sorted(group, key=lambda r: -(r["x1"] - r["x0"]) * (r["bottom"] - r["top"]))
        for k, r in enumerate(group):
            if r.get("stroke"):
                continue
            if any(
                o["x0"] <= r["x0"] + 0.1
                and o["x1"] >= r["x1"] - 0.1
                and o["top"] <= r["top"] + 0.1
                and o["bottom"] >= r["bottom"] - 0.1
                for o in group[:k]
            ):
                out.add(id(r))
    return out


def _edge(x: float, top: float, bottom: float) -> Obj:
    return {
        "object_type": "line_edge",
        "orientation": "v",
        "x0": x,
        "x1": x,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": 0.0,
        "height": bottom - top,
    }


def open_sides(edges: list[Obj]) -> list[Obj]:
    """Vertical sides for stacks of row rules ending at one x, joined one to the next by
    inner column rules, where no rule is drawn along that end of the stack. A stack of
    MIN_STACK rules qualifies, or a shorter one whose rules all belong to a qualifying
    stack at the other end (a header rule that leaves out the stub column)."""
    rules = horizontal_rules(edges)
    verticals = _joined_verticals(edges)
    runs: list[tuple[str, float, list[Rule]]] = []
    for end in ("x0", "x1"):
        stacks: list[list[Rule]] = []
        for r in sorted(rules, key=lambda r: (getattr(r, end), r.y)):
            if stacks and abs(getattr(stacks[-1][0], end) - getattr(r, end)) <= ALIGN:
                stacks[-1].append(r)
            else:
                stacks.append([r])
        for st in stacks:
            for part in _crossed_runs(sorted(st, key=lambda r: r.y), verticals):
                if len(part) >= 2:
                    runs.append((end, getattr(st[0], end), part))
    long = {
        end: {id(r) for e, _, part in runs if e == end and len(part) >= MIN_STACK for r in part} for end in ("x0", "x1")
    }
    out = []
    for end, x, part in runs:
        other = long["x1" if end == "x0" else "x0"]
        if len(part) < MIN_STACK and not all(id(r) in other for r in part):
            continue
        top, bottom = part[0].y, part[-1].y
        side = [e for e in verticals if abs(e["x0"] - x) <= ALIGN]
        drawn = sum(max(0.0, min(e["bottom"], bottom) - max(e["top"], top)) for e in side)
        if drawn < CLOSED * (bottom - top):
            out.append(_edge(x, top, bottom))
    return out


def _joined_verticals(edges: list[Obj]) -> list[Obj]:
    """Vertical edges with collinear pieces that touch joined (column rules drawn cell by cell)."""
    vs = sorted((e for e in edges if e.get("orientation") == "v"), key=lambda e: (round(e["x0"]), e["top"]))
    out: list[Obj] = []
    for e in vs:
        last = out[-1] if out else None
        if last is not None and abs(last["x0"] - e["x0"]) <= 1.0 and e["top"] <= last["bottom"] + ALIGN:
            last["bottom"] = max(last["bottom"], e["bottom"])
        else:
            out.append({"x0": float(e["x0"]), "top": float(e["top"]), "bottom": float(e["bottom"])})
    return out


def _crossed_runs(stack: list[Rule], verticals: list[Obj]) -> list[list[Rule]]:
    """Runs of rules (top to bottom) each joined to the next by a column rule inside both."""
    runs: list[list[Rule]] = []
    for r in stack:
        if runs:
            a = runs[-1][-1]
            lo, hi = max(a.x0, r.x0) + ALIGN, min(a.x1, r.x1) - ALIGN
            if any(lo < e["x0"] < hi and e["top"] <= a.y + ALIGN and e["bottom"] >= r.y - ALIGN for e in verticals):
                runs[-1].append(r)
                continue
        runs.append([r])
    return runs
