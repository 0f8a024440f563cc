"""A sentence and the mentions in it that figures are linked to, and what units an
indicator's figures can have.

Offsets are character offsets into the text the sentence belongs to (a paragraph).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .quantities import Quantity
from .units import is_currency
from .words import words


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


SHARE_UNITS = ("percent", "fraction")


def is_ratio(unit: str | None) -> bool:
    return unit is not None and "/" in unit


def _kind_ok(allowed: frozenset[str], unit: str) -> bool:
    return ("currency" in allowed and is_currency(unit)) or ("ratio" in allowed and is_ratio(unit))


def compatible(indicator: str, unit: str | None) -> bool:
    allowed = words().compatible_units.get(indicator)
    if allowed is not None:
        return unit is None or unit in allowed or _kind_ok(allowed, unit)
    if indicator.startswith("share of"):
        return unit in SHARE_UNITS or unit is None
    return True


_CLAUSE = re.compile(
    r"[;:]\s|\u2014|,\s+(?:while|whilst|whereas|but|of which|among which)\b|\s(?:while|whilst|whereas)\s",
    re.IGNORECASE,
)


def clause_of(pos: int, s: Sentence) -> tuple[int, int]:
    """Start and end of the clause of sentence ``s`` that holds offset ``pos``."""
    start, end = s.start, s.end
    for m in _CLAUSE.finditer(s.text, s.start, s.end):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end
