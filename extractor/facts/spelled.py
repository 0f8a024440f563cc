"""Numbers spelled out in words: "three", "twenty-five", "forty five", "one hundred and
twenty", "two hundred", and "a"/"half a"/"quarter" before a scale word ("a million
dollars", "half a billion", "quarter million").

The words and their values are those of ``quantities.toml [number_words]``; which of them
are ones, teens and tens follows from their values, so the grammar needs no list of its
own. Larger scales ("thousand", "million") are the quantity pattern's scale words.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .units import fold
from .words import alternation, words


def _words_between(low: int, high: int, step: int = 1) -> list[str]:
    return [k for k, v in words().number_words.items()
            if " " not in k and low <= v <= high and v % step == 0 and v != 100]


@cache
def pattern(scales: tuple[str, ...]) -> str:
    """A regex (for ``re.IGNORECASE``) of one spelled number, up to the hundreds, or "a" /
    "an" / "half a" right before one of ``scales``."""
    ones = alternation(_words_between(1, 9))
    teens = alternation(_words_between(10, 19))
    tens = alternation(_words_between(20, 90, 10))
    below_100 = rf"(?:(?:{tens})(?:[\s-]+(?:{ones})\b)?|(?:{teens})|(?:{ones}))\b"
    hundreds = rf"(?:(?:{ones})|an?)\s+hundred\b(?:\s+(?:and\s+)?{below_100})?"
    others = alternation([k for k in words().number_words if " " in k or k in ("hundred", "dozen")])
    before_scale = rf"(?:(?:half\s+)?an?|quarter)(?=\s+(?:{alternation(list(scales))})\b)"
    return rf"(?:{hundreds}|{below_100}|(?:{others})\b|{before_scale})"


def value(text: str) -> float | None:
    """The value of a spelled number matched by ``pattern``: "twenty-five" -> 25,
    "one hundred and twenty" -> 120, "half a" -> 0.5; None for other words."""
    tokens = [t for t in re.split(r"[\s-]+", fold(text).strip()) if t != "and"]
    return _value(tokens)


def _value(tokens: Iterable[str]) -> float | None:
    tokens = list(tokens)
    if tokens == ["quarter"]:  # "quarter million"
        return 0.25
    if tokens and tokens[0] == "half":
        rest = _value(tokens[1:])
        return None if rest is None else rest / 2
    number_words = words().number_words
    whole = " ".join(tokens)
    if whole in number_words:
        return number_words[whole]
    current = 0.0
    for t in tokens:
        if t == "hundred":
            current = (current or 1.0) * 100
        elif t in ("a", "an"):
            continue
        elif t in number_words:
            current += number_words[t]
        else:
            return None
    return current or (1.0 if tokens and tokens[-1] in ("a", "an") else None)
