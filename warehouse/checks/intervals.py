"""Printed numbers as intervals, and arithmetic on them.

A figure printed as ``9.1`` stands for any value in ``[9.05, 9.15]``: its printed decimals
say how much it may have been rounded. Every check compares intervals, never points, and
carries the slack through its arithmetic, so a flag is raised only when *no* reading of
the printed figures within their rounding makes them agree.

Hedged figures ("about 30 percent", "more than 100") get the tolerances of
``hedges.toml``, the one place they are defined (see the README, "Consistency checks").
"""
from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

#: Relative slack for float noise in the arithmetic itself (not a tolerance on the data).
EPS = 1e-12

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")


@dataclass(frozen=True)
class Interval:
    """A closed interval ``[lo, hi]`` (``lo`` may be ``-inf``, ``hi`` may be ``inf``)."""

    lo: float
    hi: float

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")

    @classmethod
    def point(cls, x: float) -> Interval:
        return cls(x, x)

    @classmethod
    def rounded(cls, x: float, decimals: int, scale: float = 1.0) -> Interval:
        """The values that print as ``x`` with ``decimals`` digits after the point, where
        the printed figure is ``x / scale`` (``scale`` 1e6 for a cell "in millions")."""
        half = 0.5 * 10.0 ** (-decimals) * abs(scale)
        return cls(x - half, x + half)

    @property
    def mid(self) -> float:
        if math.isinf(self.lo) or math.isinf(self.hi):
            return self.hi if math.isinf(self.lo) else self.lo
        return (self.lo + self.hi) / 2

    @property
    def width(self) -> float:
        return self.hi - self.lo

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __mul__(self, other: Interval | float) -> Interval:
        o = other if isinstance(other, Interval) else Interval.point(other)
        corners = [_mul(a, b) for a in (self.lo, self.hi) for b in (o.lo, o.hi)]
        return Interval(min(corners), max(corners))

    def __truediv__(self, other: Interval | float) -> Interval:
        o = other if isinstance(other, Interval) else Interval.point(other)
        if o.lo <= 0 <= o.hi:
            return Interval(-math.inf, math.inf)  # dividing by what may be zero says nothing
        return self * Interval(1 / o.hi, 1 / o.lo)

    def __pow__(self, k: float) -> Interval:
        """A positive interval raised to a real power (growth compounding)."""
        if self.lo < 0:
            raise ValueError("power of an interval that may be negative")
        a, b = self.lo**k, self.hi**k
        return Interval(min(a, b), max(a, b))

    def root(self, n: float) -> Interval:
        return self ** (1 / n)

    def overlaps(self, other: Interval) -> bool:
        """Whether some value lies in both (with float noise forgiven)."""
        tol = EPS * max(1.0, abs(self.lo), abs(self.hi), abs(other.lo), abs(other.hi))
        return self.lo <= other.hi + tol and other.lo <= self.hi + tol

    def gap(self, other: Interval) -> float:
        """How far apart the two are (0 when they overlap)."""
        if self.overlaps(other):
            return 0.0
        return other.lo - self.hi if self.hi < other.lo else self.lo - other.hi


def _mul(a: float, b: float) -> float:
    # 0 * inf is 0 here: an exact zero times an unbounded hedge is still zero
    return 0.0 if a == 0 or b == 0 else a * b


def total(parts: Iterable[Interval]) -> Interval:
    acc = Interval.point(0.0)
    for p in parts:
        acc = acc + p
    return acc


# ------------------------------------------------------------------ hedges
@dataclass(frozen=True)
class Hedge:
    """How far a hedged figure may be from its true value, relative to the figure:
    the true value lies in ``[x * (1 - below), x * (1 + above)]`` (``inf`` = unbounded)."""

    below: float
    above: float


@cache
def hedges() -> dict[str, Hedge]:
    """Every hedge word of ``hedges.toml`` by lower-cased word."""
    text = (resources.files("warehouse.checks") / "hedges.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    found: dict[str, Hedge] = {}
    for spec in data["hedge"]:
        h = Hedge(below=float(spec["below"]), above=float(spec["above"]))
        for word in spec["words"]:
            found[word.lower()] = h
    return found


def hedge_for(qualifier: str | None) -> Hedge | None:
    if not qualifier:
        return None
    return hedges().get(qualifier.strip().lower())


# ------------------------------------------------------------------ facts
def printed_number(raw: str) -> float | None:
    """The first number printed in ``raw`` ("US$7.3 billion" -> 7.3), without sign."""
    m = _NUMBER.search(raw or "")
    if not m:
        return None
    try:
        return float(m.group(0).replace(",", ""))
    except ValueError:
        return None


def scale_of(fact: dict[str, Any]) -> float | None:
    """What one printed unit is worth in base units (1e9 for "7.3 billion"), if knowable."""
    printed = printed_number(fact.get("raw") or "")
    value = fact.get("value")
    if printed is None or value is None or printed == 0:
        return None
    return abs(value / printed)


def fact_interval(fact: dict[str, Any], scale: float | None = None) -> Interval | None:
    """The values ``fact`` allows, from its printed decimals, range and hedge.

    ``scale`` overrides what one printed unit is worth (for a printed zero, whose own
    scale cannot be read off; callers pass a neighbour's). ``None`` for a missing value.
    """
    if fact.get("missing"):
        return None
    decimals = fact.get("decimals") or 0
    s = scale if scale is not None else (scale_of(fact) or 1.0)
    value = fact.get("value")
    low, high = fact.get("value_low"), fact.get("value_high")
    if value is None:
        if low is None or high is None:
            return None
        iv = Interval(min(low, high) - 0.5 * 10.0**-decimals * s, max(low, high) + 0.5 * 10.0**-decimals * s)
    else:
        iv = Interval.rounded(value, decimals, s)
    h = hedge_for(fact.get("qualifier"))
    if h is not None:
        iv = _widen(iv, h)
    return iv


def _widen(iv: Interval, h: Hedge) -> Interval:
    lo_ref, hi_ref = iv.lo, iv.hi
    lo = lo_ref - abs(lo_ref) * h.below if not math.isinf(h.below) else -math.inf
    hi = hi_ref + abs(hi_ref) * h.above if not math.isinf(h.above) else math.inf
    return Interval(lo, hi)


def fmt(x: float) -> str:
    """A number for a message: no float noise, thousands separated."""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    mag = abs(x)
    digits = 2 if mag >= 100 else 3 if mag >= 1 else 4
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".")


def fmt_interval(iv: Interval) -> str:
    return f"[{fmt(iv.lo)}, {fmt(iv.hi)}]"
