"""Arithmetic stated in the running text: changes, multipliers, sums, shares, growth rates.

Each check reads the facts of one sentence (the text facts sharing a block and a quote),
and, for a change stated against an earlier period, the document's figure for that
period (from its text or its tables). Words that give a change its direction and the
multipliers are data (``words.toml``).
"""
from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from .intervals import Interval, fmt, scale_of, total
from .model import Context, Fact, Finding, disagree, same_entity

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")


@cache
def words() -> dict[str, Any]:
    text = (resources.files("warehouse.checks") / "words.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _direction(text: str) -> int:
    """+1 for a rise, -1 for a fall, 0 when the words do not say."""
    low = text.lower()
    up = any(re.search(rf"\b{re.escape(w)}", low) for w in words()["up"])
    down = any(re.search(rf"\b{re.escape(w)}", low) for w in words()["down"])
    return 1 if up and not down else -1 if down and not up else 0


def sentences(ctx: Context) -> dict[tuple[str, str], list[Fact]]:
    """Text facts by sentence (block and quote), in the order they are printed."""
    out: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in ctx.facts:
        if f["source"] == "text" and (ctx.doc is None or f["doc_id"] == ctx.doc):
            out[(f["block_id"] or f["doc_id"], f["quote"])].append(f)
    for key, facts in out.items():
        where = positions(key[1], facts)
        facts.sort(key=lambda f: where[f["fact_id"]])
    return out


def positions(quote: str, facts: list[Fact]) -> dict[str, int]:
    """Where each fact's printed form starts in the sentence (a number standing alone, not
    the "10" of "2010"; a figure printed twice takes its occurrences in turn)."""
    taken: set[int] = set()
    out: dict[str, int] = {}
    for f in facts:
        out[f["fact_id"]] = len(quote)
        for m in re.finditer(rf"(?<![\w.,]){re.escape(f['raw'])}(?![\w]|[.,]\d)", quote):
            if m.start() not in taken:
                taken.add(m.start())
                out[f["fact_id"]] = m.start()
                break
    return out


def _is_level(f: Fact) -> bool:
    return not f["missing"] and f["value"] is not None and f["unit"] not in ("percent", "percentage_points")


# ---------------------------------------------------------------------------- changes
def changes(ctx: Context) -> Iterator[Finding]:
    for (_block, quote), facts in sentences(ctx).items():
        yield from _from_to(ctx, quote, facts)
        yield from _against_previous(ctx, quote, facts)


def _from_to(ctx: Context, quote: str, facts: list[Fact]) -> Iterator[Finding]:
    """"from X to Y" (or "to Y from X") with a stated rate or multiplier in the sentence."""
    levels = [f for f in facts if _is_level(f)]
    for x in levels:
        for y in levels:
            if x is y or x["unit"] != y["unit"] or not _links(quote, x, y):
                continue
            stated = _stated_change(ctx, quote, facts, x, y)
            if stated is None:
                continue
            expected_ratio, what, rate_fact = stated
            ix, iy = ctx.interval(x), ctx.interval(y)
            if ix is None or iy is None or _scale_unread(x, y):
                continue
            found = iy / ix
            msg = (f"{x['raw']} to {y['raw']} is a ratio of {fmt(found.mid)} (between {fmt(found.lo)} and "
                   f"{fmt(found.hi)}); the text says {what}, a ratio of {fmt(expected_ratio.mid)}")
            involved = [("found", y), ("from", x)] + ([("stated change", rate_fact)] if rate_fact else [])
            f = disagree(msg, expected_ratio, found, involved, y["value"])
            if f:
                yield f


def _links(quote: str, x: Fact, y: Fact) -> bool:
    a, b = re.escape(x["raw"]), re.escape(y["raw"])
    art = r"(?:an?\s+|the\s+)?"
    return bool(re.search(rf"\bfrom\s+{art}{a}.{{0,80}}?\bto\s+{art}{b}", quote)
                or re.search(rf"\bto\s+{art}{b}.{{0,80}}?\bfrom\s+{art}{a}", quote))


def _stated_change(ctx: Context, quote: str, facts: list[Fact], x: Fact,
                   y: Fact) -> tuple[Interval, str, Fact | None] | None:
    """The ratio y / x the sentence states: a percent change, or a multiplier word."""
    for word, factor in words()["multipliers"].items():
        if re.search(rf"\b{re.escape(word)}\b", quote, re.IGNORECASE):
            return Interval.point(float(factor)), f"'{word}'", None
    rates = [f for f in facts if f["unit"] == "percent" and f is not x and f is not y
             and (f["change"] or _direction(_around(quote, f)))]
    if len(rates) != 1:
        return None
    r = rates[0]
    iv = ctx.interval(r)
    if iv is None:
        return None
    sign = _direction(" ".join(filter(None, [r["change"], _around(quote, r)])))
    if sign == 0:
        sign = 1 if (y["value"] or 0) >= (x["value"] or 0) else -1
    ratio = Interval.point(1.0) + iv * (sign / 100)
    return ratio, f"{'+' if sign > 0 else '-'}{r['raw']}", r


def _around(quote: str, f: Fact, width: int = 40) -> str:
    i = quote.find(f["raw"])
    if i < 0:
        return ""
    return quote[max(0, i - width): i + len(f["raw"]) + width]


def _scale_unread(a: Fact, b: Fact) -> bool:
    """Whether two figures differ in scale only because one's scale word was not read."""
    sa, sb = scale_of(a) or 1.0, scale_of(b) or 1.0
    return (sa == 1.0) != (sb == 1.0) and max(sa, sb) / min(sa, sb) >= 100


def _against_previous(ctx: Context, quote: str, facts: list[Fact]) -> Iterator[Finding]:
    """"grew by 3% to $5,423 million" against the document's figure for the period before."""
    for y in facts:
        if not _is_level(y) or not y["change"] or not y["period"]:
            continue
        m = _PERCENT.search(y["change"])
        if not m or any(re.search(rf"\bfrom\s+(?:an?\s+)?{re.escape(x['raw'])}", quote)
                        for x in facts if x is not y and x["unit"] == y["unit"]):
            continue  # the earlier figure is in the sentence: _from_to's case
        annual = bool(re.search(r"\b(annual|annually|year-on-year|yoy|a year earlier)\b", quote, re.IGNORECASE))
        prev = previous_period(y["period"], annual)
        if prev is None:
            continue
        sign = _direction(y["change"])
        if sign == 0:
            continue
        p = float(m.group(1))
        decimals = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
        rate = Interval.rounded(p, decimals)
        cands = [x for x in ctx.facts if x["doc_id"] == y["doc_id"] and x is not y and _is_level(x)
                 and x["period"] == prev and x["indicator"] == y["indicator"] and x["unit"] == y["unit"]
                 and same_entity(x["entity"], y["entity"]) and not _scale_unread(x, y)]
        if not cands:
            continue
        ratio = Interval.point(1.0) + rate * (sign / 100)
        iy = ctx.interval(y)
        if iy is None:
            continue
        judged = []
        for x in cands:
            ix = ctx.interval(x)
            if ix is not None:
                judged.append((x, iy / ix))
        if not judged or any(r.overlaps(ratio) for _, r in judged):
            continue
        if len({x["value"] for x, _ in judged}) != 1:
            continue  # several different figures for the earlier period: which one is meant is unclear
        x, found = judged[0]
        msg = (f"{y['raw']} ({y['period']}) after {x['raw']} ({prev}) is a change of "
               f"{fmt((found.mid - 1) * 100)}% (between {fmt((found.lo - 1) * 100)}% and "
               f"{fmt((found.hi - 1) * 100)}%); the text says {'+' if sign > 0 else '-'}{m.group(1)}%")
        f = disagree(msg, ratio, found, [("found", y), ("previous period", x)], y["value"])
        if f:
            yield f


def previous_period(period: str, annual: bool = False) -> str | None:
    """The period before ``period`` ("2022-12" -> "2022-11"; "2007" -> "2006"); with
    ``annual`` the same month a year before."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        y, mo = int(m.group(1)), int(m.group(2))
        if annual:
            return f"{y - 1:04d}-{mo:02d}"
        return f"{y - 1:04d}-12" if mo == 1 else f"{y:04d}-{mo - 1:02d}"
    if m := re.fullmatch(r"(\d{4})", period):
        return str(int(m.group(1)) - 1)
    return None


# ---------------------------------------------------------------------------- sums
def sums(ctx: Context) -> Iterator[Finding]:
    """"69: 18 in ..., 10 in ..." and "$27 million, of which $23 million ... and $4 million"."""
    for (_block, quote), facts in sentences(ctx).items():
        levels = [f for f in facts if _is_level(f)]
        where = positions(quote, facts)
        for i, t in enumerate(levels):
            end = where[t["fact_id"]]
            if end >= len(quote):
                continue
            after = quote[end + len(t["raw"]): end + len(t["raw"]) + 40]
            if not re.match(r"(?:[^\d:;]|(?<!\d)\d{4}(?!\d)){0,30}?(?::|,\s*of which\b)", after):
                continue
            parts = [p for p in levels[i + 1:] if p["unit"] == t["unit"]]
            if len(parts) < 2:
                continue
            ivs = [ctx.interval(p) for p in parts]
            found = ctx.interval(t)
            if found is None or any(iv is None for iv in ivs):
                continue
            expected = total(iv for iv in ivs if iv is not None)
            scale = scale_of(t) or 1.0
            msg = (f"the parts listed, {' + '.join(p['raw'] for p in parts)} = {fmt(expected.mid / scale)}"
                   f"; the total stated is {t['raw']}")
            f = disagree(msg, expected, found, [("found", t), *[("part", p) for p in parts]], t["value"])
            if f:
                yield f


# ---------------------------------------------------------------------------- shares
def shares(ctx: Context) -> Iterator[Finding]:
    """"X of $N, accounting for P percent of the total of $M": P against N / M."""
    for (_block, quote), facts in sentences(ctx).items():
        where = positions(quote, facts)
        for p in facts:
            if p["unit"] != "percent" or p["missing"]:
                continue
            pos = where[p["fact_id"]]
            before = quote[:pos][-40:].lower()
            if not re.search(r"(accounting for|accounted for|representing|or|equal to|share of)\s*"
                             r"(about |around |some |nearly |almost |roughly )?$", before):
                continue
            levels = [f for f in facts if _is_level(f)]
            part = [f for f in levels if where[f["fact_id"]] < pos]
            whole = [f for f in levels if pos < where[f["fact_id"]] < len(quote)]
            if not part or len(whole) != 1 or part[-1]["unit"] != whole[0]["unit"]:
                continue
            a, b, found = ctx.interval(part[-1]), ctx.interval(whole[0]), ctx.interval(p)
            if a is None or b is None or found is None:
                continue
            expected = a / b * 100.0
            msg = (f"{part[-1]['raw']} of {whole[0]['raw']} is {fmt(expected.mid)}% (between {fmt(expected.lo)}% "
                   f"and {fmt(expected.hi)}%); the text says {p['raw']}")
            f = disagree(msg, expected, found, [("found", p), ("part", part[-1]), ("whole", whole[0])], p["value"])
            if f:
                yield f


# ---------------------------------------------------------------------------- growth rates
def growth_rates(ctx: Context) -> Iterator[Finding]:
    """An average annual growth rate over Y1-Y2 against the document's levels for Y1 and Y2."""
    for (_block, quote), facts in sentences(ctx).items():
        if not re.search(r"\b(average annual|annual average|annual rate|a year|per year|per annum|compound)",
                         quote, re.IGNORECASE):
            continue
        for r in facts:
            m = re.fullmatch(r"(\d{4})-(\d{4})", r["period"] or "")
            if r["unit"] != "percent" or not m or not r["indicator"]:
                continue
            y1, y2 = int(m.group(1)), int(m.group(2))
            base = r["indicator"].removesuffix(" growth")
            levels = {}
            for year in (y1, y2):
                c = [x for x in ctx.facts if x["doc_id"] == r["doc_id"] and _is_level(x) and x["period"] == str(year)
                     and x["indicator"] in (base, base + "s") and same_entity(x["entity"], r["entity"])]
                if len({(x["value"], x["unit"]) for x in c}) != 1:
                    break
                levels[year] = c[0]
            if len(levels) != 2 or levels[y1]["unit"] != levels[y2]["unit"]:
                continue
            a, b, found = ctx.interval(levels[y1]), ctx.interval(levels[y2]), ctx.interval(r)
            if a is None or b is None or found is None or a.lo <= 0 or b.lo <= 0:
                continue
            n = y2 - y1
            expected = ((b / a) ** (1 / n) - Interval.point(1.0)) * 100.0
            msg = (f"from {levels[y1]['raw']} ({y1}) to {levels[y2]['raw']} ({y2}) is "
                   f"{fmt(expected.mid)}% a year over {n} years; the text says {r['raw']}")
            f = disagree(msg, expected, found, [("found", r), ("start", levels[y1]), ("end", levels[y2])],
                         r["value"])
            if f:
                yield f
