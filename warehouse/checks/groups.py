"""A group's figure in one table against the sum over the table that breaks it down.

A table whose caption counts its members ("... in Four Export Processing Zones") and that
has exactly that many entity columns (or rows) is the breakdown of that group. Another
table of the same document giving a figure for the group itself (an entity named by the
group's words or their acronym, "EPZs") must then equal the members' sum, for the same
indicator, period and unit.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from .intervals import fmt, scale_of, total
from .model import Context, Fact, Finding, disagree

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}
_COUNTED = re.compile(r"\b(\d{1,2}|(?i:" + "|".join(NUMBER_WORDS) + r"))\s+((?:[A-Z][\w-]*\s*){1,6})")


def group_sums(ctx: Context) -> Iterator[Finding]:
    by_doc: dict[str, list[str]] = defaultdict(list)
    for table_id, t in ctx.tables.items():
        by_doc[t["doc_id"]].append(table_id)
    for doc_id, table_ids in by_doc.items():
        if ctx.doc and doc_id != ctx.doc:
            continue
        for breakdown in table_ids:
            names, members = _breakdown(ctx, breakdown)
            if not names:
                continue
            for other in table_ids:
                if other != breakdown:
                    yield from _compare(ctx, breakdown, members, names, other)


def _breakdown(ctx: Context, table_id: str) -> tuple[set[str], dict[tuple[str, str, str], dict[str, Fact]]]:
    """The names of the group a table breaks down (the counted phrase of its caption and
    the acronyms of its trailing words), and its members' facts by indicator, period and
    unit; empty if the caption's count does not match its entities."""
    caption = ctx.tables[table_id].get("caption") or ""
    facts = [f for f in ctx.table_facts.get(table_id, []) if f["entity_how"] in ("column header", "row header")]
    entities = {f["entity"] for f in facts if f["entity"]}
    for m in _COUNTED.finditer(caption):
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS[m.group(1).lower()]
        if n != len(entities) or n < 2:
            continue
        words = re.findall(r"[A-Za-z][\w-]*", m.group(2))
        names = {" ".join(words[i:]).lower() for i in range(len(words)) if len(words) - i >= 2}
        names |= {"".join(w[0] for w in words[i:]).lower() for i in range(len(words)) if len(words) - i >= 2}
        members: dict[tuple[str, str, str], dict[str, Fact]] = defaultdict(dict)
        for f in facts:
            if f["indicator"] and f["period"] and f["unit"] and f["period_how"] != "footnote":
                members[(f["indicator"], f["period"], f["unit"])][f["entity"]] = f
        return names, {k: v for k, v in members.items() if len(v) == n}
    return set(), {}


def _matches(entity: str | None, names: set[str]) -> bool:
    if not entity:
        return False
    e = entity.lower().strip()
    return e in names or e.rstrip("s") in names or e.removesuffix("es") in names


def _compare(ctx: Context, breakdown: str, members: dict[tuple[str, str, str], dict[str, Fact]],
             names: set[str], other: str) -> Iterator[Finding]:
    caption = ctx.tables[breakdown].get("label") or breakdown
    for f in ctx.table_facts.get(other, []):
        if f["missing"] or not _matches(f["entity"], names):
            continue
        group = members.get((f["indicator"], f["period"], f["unit"]))
        if not group:
            continue
        parts = list(group.values())
        ivs = [ctx.interval(p) for p in parts]
        found = ctx.interval(f)
        if found is None or any(iv is None for iv in ivs):
            continue
        expected = total(iv for iv in ivs if iv is not None)
        scale = scale_of(f) or 1.0
        where = ctx.tables[other].get("label") or other
        msg = (f"{where} gives {f['entity']} {f['indicator']} {f['period']} as {f['raw']} "
               f"(= {fmt(f['value'])} {f['unit']}); {caption} gives its "
               f"{len(parts)} members {' + '.join(str(p['raw']) for p in parts)} = {fmt(expected.mid)} {f['unit']}"
               f" (= {fmt(expected.mid / scale)} in {where}'s units)")
        finding = disagree(msg, expected, found, [("found", f), *[("member", p) for p in parts]], f["value"])
        if finding:
            yield finding
