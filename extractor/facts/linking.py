"""Linking a figure to its indicator, entity and period within one sentence.

Offsets are character offsets into the text the sentence belongs to. Each ``*_for``
function returns the mention it picked or None; the caller falls back to the previous
sentence, the heading and the document (see ``text.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .quantities import Quantity
from .words import indicator_names, words


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str  # canonical indicator, entity label ("COUNTRY", "GPE", "ZONE", "ORG") or period


@dataclass(frozen=True)
class Sentence:
    text: str  # the whole text the offsets point into
    start: int
    end: int
    quantities: tuple[Quantity, ...]
    indicators: tuple[Mention, ...]
    entities: tuple[Mention, ...]
    periods: tuple[Mention, ...]

    @property
    def string(self) -> str:
        return self.text[self.start : self.end]


_SHARE_UNITS = ("percent", "fraction")


def compatible(indicator: str, unit: str | None) -> bool:
    allowed = words().compatible_units.get(indicator)
    if allowed is not None:
        return unit in allowed or unit is None
    if indicator.startswith("share of"):
        return unit in _SHARE_UNITS or unit is None
    return True


def _between(qs: tuple[Quantity, ...], a: int, b: int, skip: Quantity) -> int:
    lo, hi = min(a, b), max(a, b)
    return sum(1 for q in qs if q is not skip and lo <= q.start and q.end <= hi)


def indicator_for(q: Quantity, s: Sentence) -> tuple[str, str] | None:
    """(canonical, as written) for ``q`` from the indicators of sentence ``s``."""
    inner = [m for m in s.indicators if q.start < m.start and m.end <= q.end]
    if inner:  # "13.3 months of imports"
        return inner[0].label, inner[0].text
    if q.unit == "count" and q.noun:
        for m in s.indicators:
            near = q.end <= m.start and m.end <= q.end + 40
            if near and q.noun.lower() in m.text.lower() and compatible(m.label, "count"):
                return m.label, m.text
    right = _right_target(q, s)
    if right:
        return right
    usable = [m for m in s.indicators if compatible(m.label, q.unit) and not (m.end > q.start and m.start < q.end)]
    left = [m for m in usable if m.end <= q.start and not _is_of_target(m, s)]
    if left:
        m = max(left, key=lambda m: (-_between(s.quantities, m.end, q.start, q) if q.unit != "count" else 0, m.end))
        return m.label, m.text
    after = [m for m in usable if m.start >= q.end and m.start - q.end < 80]
    if after:
        m = min(after, key=lambda m: m.start)
        return m.label, m.text
    return None


def _right_target(q: Quantity, s: Sentence) -> tuple[str, str] | None:
    """ "22 percent of total exports" -> share of exports; "a 76% surge in exports" -> exports."""
    head = s.text[q.end : q.end + 30]
    of = re.match(r"\s+of\s+", head) if q.unit in _SHARE_UNITS else None
    noun = re.match(r"\s+\w+\s+in\s+", head) if q.change and " " not in q.change else None
    lead = of or noun
    if lead is None:
        return None
    first = q.end + (1 if of else len(lead.group(0)))
    for m in s.indicators:
        if first <= m.start <= q.end + 45 and _between(s.quantities, q.end, m.start, q) == 0:
            if m.label.startswith("share of") and compatible(m.label, q.unit):
                return m.label, m.text
            share = f"share of {m.label}"
            if of and share in indicator_names():
                return share, s.text[q.end + len(lead.group(0)) - 3 : m.end].strip()
            if compatible(m.label, q.unit):
                return m.label, m.text
            return None
    return None


def _is_of_target(m: Mention, s: Sentence) -> bool:
    """An indicator inside "N percent of <indicator>" belongs to that percent only."""
    before = s.text[max(s.start, m.start - 45) : m.start]
    return bool(re.search(r"(?:%|percent|per cent|half|third|quarter)\s+of\s+(?:[\w'’-]+\s+){0,4}$", before))


def entity_for(q: Quantity, s: Sentence) -> Mention | None:
    cands = [m for m in s.entities if m.label != "CURRENCY" and not (m.start < q.end and q.start < m.end)]
    cands = [m for m in cands if not _possessive_of(m, s)]
    left = [m for m in cands if m.end <= q.start]
    if left:
        return max(left, key=lambda m: m.end)
    right = [m for m in cands if m.start >= q.end and m.start - q.end < 60]
    return min(right, key=lambda m: m.start) if right else None


def _possessive_of(m: Mention, s: Sentence) -> bool:
    before = s.text[max(0, m.start - 4) : m.start].lower()
    after = s.text[m.end : m.end + 2]
    return before.endswith("of ") and after in ("'s", "’s")


def period_for(q: Quantity, s: Sentence) -> Mention | None:
    cands = [p for p in s.periods if not (p.start < q.end and q.start < p.end)]
    if not cands:
        return None

    def score(p: Mention) -> tuple[int, int]:
        gap = q.start - p.end if p.end <= q.start else p.start - q.end
        return _between(s.quantities, p.start, q.start, q), gap

    return min(cands, key=score)


def merge_entities(entities: list[Mention], text: str) -> list[Mention]:
    """ "Shanghai Pudong and Tianjin Binhai" -> one mention (label "GROUP")."""
    out: list[Mention] = []
    for m in entities:
        prev = out[-1] if out else None
        if prev and re.fullmatch(r"\s*(?:,|,?\s+and)\s+", text[prev.end : m.start]) and m.label in ("GPE", "COUNTRY"):
            out[-1] = Mention(prev.start, m.end, text[prev.start : m.end], "GROUP")
            continue
        out.append(m)
    return out


def respectively(q: Quantity, entity: Mention, s: Sentence) -> str:
    """The member of a "A and B ... X and Y, respectively" group that ``q`` belongs to."""
    members = [x.strip() for x in re.split(r",\s*(?:and\s+)?|\s+and\s+", entity.text) if x.strip()]
    tail = s.text[q.end : s.end]
    if len(members) < 2 or "respectively" not in tail.split(";")[0]:
        return entity.text
    same = [x for x in s.quantities if x.unit == q.unit and x.start > entity.end]
    stop = tail.find("respectively") + q.end
    same = [x for x in same if x.end <= stop]
    if len(same) == len(members) and q in same:
        return members[same.index(q)]
    return entity.text
