"""Numbers as printed: "9,101", "0.009", "-3.5", "(12.3)", "1 234,5"? no: English only.

``parse_number`` returns the value and the decimals as printed, or None for text that is
not one number. Missing-value marks ("—", "n.a.", "..") are recognised separately.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

_NUMBER = re.compile(
    r"^(?P<sign>[-\u2212\u2013+]?)\s*(?P<paren>\()?(?P<int>\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d\d)+,\d{3}|\d+)(?:\.(?P<frac>\d+))?(?(paren)\))$"
)
#: A space between groups of three digits ("1 107", "54 200"): a thousands separator.
_SPACED = re.compile(r"(?<=\d)[ \u202f](?=\d{3}(?!\d))")
_DOT_NUMBER = re.compile(r"^(?P<sign>[-\u2212\u2013+]?)\.(?P<frac>\d+)$")
#: Vulgar fractions, as IMF and bond-market texts print them ("2¾ percent", "½ point"):
#: value and decimals (an eighth is exact to three).
VULGAR = {"\u00bc": (0.25, 2), "\u00bd": (0.5, 1), "\u00be": (0.75, 2), "\u2153": (1 / 3, 2), "\u2154": (2 / 3, 2),
          "\u215b": (0.125, 3), "\u215c": (0.375, 3), "\u215d": (0.625, 3), "\u215e": (0.875, 3)}
_VULGAR_NUMBER = re.compile(rf"^(?P<sign>[-\u2212\u2013+]?)(?P<int>\d*)(?P<vf>[{''.join(VULGAR)}])$")
MISSING = frozenset({"—", "–", "-", "n.a.", "n.a", "na", "..", "...", "…", "x", "(x)", "(na)", "n/a", "(d)", "—a"})


@dataclass(frozen=True)
class Number:
    value: float
    decimals: int


def parse_number(text: str) -> Number | None:
    """'9,101' -> 9101 (0 decimals); '(12.3)' -> -12.3; '−0.5' -> -0.5; '12,34,567' (Indian
    grouping) -> 1234567; '7¾' -> 7.75; else None."""
    t = _SPACED.sub("", text.strip().replace("\u2009", "").replace("\u00a0", ""))
    m = _NUMBER.match(t)
    if m:
        frac = m.group("frac") or ""
        value = float(m.group("int").replace(",", "") + ("." + frac if frac else ""))
        negative = m.group("sign") in ("-", "\u2212", "\u2013") or m.group("paren") is not None
        return Number(-value if negative else value, len(frac))
    m = _VULGAR_NUMBER.match(t)
    if m:  # "7¾" -> 7.75
        part, decimals = VULGAR[m.group("vf")]
        value = int(m.group("int") or 0) + part
        return Number(-value if m.group("sign") in ("-", "\u2212", "\u2013") else value, decimals)
    m = _DOT_NUMBER.match(t)
    if m:
        value = float("0." + m.group("frac"))
        return Number(-value if m.group("sign") in ("-", "\u2212", "\u2013") else value, len(m.group("frac")))
    return None


def is_missing(text: str) -> bool:
    """Whether a cell states that no value is available ("—", "n.a.", "...")."""
    return text.strip().lower() in MISSING


def scaled(value: float, decimals: int, scale: float) -> float:
    """``value * scale`` without binary noise: 8,263.3 thousand is 8263300, not 8263299.999."""
    digits = max(0, decimals - round(math.log10(scale))) if scale > 0 else decimals
    return round(value * scale, digits)
