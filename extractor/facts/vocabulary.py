"""The indicator vocabulary (``lexicon/indicators.toml``): which indicator a label names.

Matching is case-insensitive on whole words, longest form first, and tolerant of a
plural "s" and of words broken across lines inside a table cell ("employmen t").
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

#: A label of shares ("as % of China total", "Cluster employment (%)") -- but not of a
#: percent change ("% change", "percent growth"), which is a rate of the indicator itself.
SHARE = re.compile(
    r"(?:%|\bper\s*cent\b|\bpercent(?:age)?\b)(?!\s*(?:change|growth|increase|decrease|yoy|y-o-y))"
    r"|\bshare\b|\bproportion\b",
    re.IGNORECASE,
)


def _load(name: str) -> dict[str, object]:
    return tomllib.loads((resources.files(__package__) / "lexicon" / name).read_text("utf-8"))


@cache
def _forms() -> tuple[dict[str, str], re.Pattern[str], frozenset[str]]:
    raw = _load("indicators.toml")["indicators"]
    assert isinstance(raw, dict)
    forms: dict[str, str] = {}
    for canonical, synonyms in raw.items():
        for form in [canonical, *synonyms]:
            forms.setdefault(form.lower(), canonical)
    ordered = sorted(forms, key=len, reverse=True)
    alternation = "|".join(re.escape(f[:-1]) + "s?" if f.endswith("s") else re.escape(f) + "s?" for f in ordered)
    pattern = re.compile(rf"(?<![\w&])(?:{alternation})(?![\w&])", re.IGNORECASE)
    words = frozenset(w for f in forms for w in re.findall(r"[a-z]{3,}", f))
    return forms, pattern, words


def repair_breaks(text: str) -> str:
    """Join word pieces split inside a cell ("employmen t" -> "employment") when the
    joined word is one the vocabulary knows."""
    words = _forms()[2]

    def join(m: re.Match[str]) -> str:
        whole = m.group(1) + m.group(2)
        return whole if whole.lower() in words or whole.lower().rstrip("s") in words else m.group(0)

    return re.sub(r"\b([A-Za-z]{3,}) ([a-z]{1,3})\b", join, text)


def _canonical(match: str) -> str:
    forms = _forms()[0]
    key = match.lower()
    return forms.get(key) or forms.get(key + "s") or forms[key[:-1]]


def find_indicator(text: str) -> str | None:
    """The canonical indicator a label names, "share of X" when it also says percent or
    share, "share" for a bare share phrase ("as % of China total"), or None."""
    return match_indicator(text)[0]


def match_indicator(text: str) -> tuple[str | None, int]:
    """The indicator a label names and how strongly: the length of the words matched
    ("total employment" outweighs "firm"); a share phrase outweighs any."""
    text = repair_breaks(text)
    found = list(_forms()[1].finditer(text))
    share = SHARE.search(text) is not None
    if not found:
        return ("share", 1000) if share else (None, 0)
    best = max(found, key=lambda m: len(m.group(0)))
    name = _canonical(best.group(0))
    if share and not name.startswith("share"):
        return share_of(name), 1000
    word = best.group(0).lower()
    if word in _counted() or word + "s" in _counted():
        return name, 1  # a bare noun of counted things ("firm", "SEZs") is a weak hint
    return name, len(word)


@cache
def _counted() -> frozenset[str]:
    from .units import lexicon

    return lexicon().counted


def share_of(indicator: str) -> str:
    """"share of exports" for "exports" when the vocabulary has it, else "share of X"."""
    name = f"share of {indicator}"
    forms = _forms()[0]
    return forms.get(name.lower(), name)


@cache
def _units() -> dict[str, str]:
    raw = _load("indicator_units.toml")["default_unit"]
    assert isinstance(raw, dict)
    return {str(k): str(v) for k, v in raw.items()}


def default_unit(indicator: str | None) -> str | None:
    """The unit an indicator's figures have when nothing else says ("employment" -> count)."""
    if indicator is None:
        return None
    units = _units()
    if indicator in units:
        return units[indicator]
    return "percent" if indicator.startswith("share") else None


def forms() -> dict[str, str]:
    """Every form the vocabulary knows (canonical names and synonyms, lower-cased) -> its
    canonical name: what a query for an indicator matches against."""
    return dict(_forms()[0])
