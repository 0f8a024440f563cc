"""Shares: which share entry of the vocabulary a percentage is of.

"22 percent of total exports" -> share of exports; "95 percent of the world's lighters" ->
share of world production; "its global share increasing from 1 percent" -> share of world
GDP; "R&D spending ... 4 percent of GDP" -> R&D expenditure share of GDP. Each function
returns (canonical, as written) or None; names are used only if the vocabulary
(``lexicon/indicators.toml``) has them.
"""
from __future__ import annotations

import re

from .quantities import Quantity
from .sentence import SHARE_UNITS, Mention, Sentence, clause_of, compatible
from .words import indicator_names, words


def subject_share(q: Quantity, s: Sentence, found: tuple[str, str]) -> tuple[str, str]:
    """ "R&D spending is expected to reach 4 percent of GDP" -> R&D expenditure share of GDP,
    "exported 60 percent of its output" -> export share of output: the share of an
    indicator that the subject before the figure names, if the vocabulary has it."""
    if not found[0].startswith("share of "):
        return found
    a, _ = clause_of(q.start, s)
    of = (found[0].removeprefix("share of "), found[1].lower().split()[-1])
    for m in sorted((m for m in s.indicators if a <= m.start and m.end <= q.start), key=lambda m: -m.end):
        for x in (m.label, m.label.rstrip("s"), m.text.lower()):
            # "R&D expenditure share of GDP", "share of R&D personnel in employment"
            names = [f"{x} share of {y}" for y in of] + [f"share of {x} in {y}" for y in of]
            name = next((n for n in names if n in indicator_names()), None)
            if name:
                return name, f"{m.text} ... {found[1]}"
    return found


def share_name(label: str, scope: str | None = None) -> str | None:
    """The vocabulary's share entry of an indicator: "population" -> "share of population",
    "number of towns" -> "share of towns", "output value" -> "share of industrial output"
    (``[shares]`` of linking.toml), with ``scope`` "world" -> "share of world GDP"."""
    base = label.removeprefix("number of ")
    names = [f"share of {scope} {base}"] if scope else []
    names += [words().shares.get(label, ""), f"share of {base}", f"share of {label}"]
    return next((n for n in names if n in indicator_names()), None)


_SCOPED = re.compile(r"\s+of\s+(?:the\s+)?(?P<scope>[A-Za-z]+)(?:['\u2019]s)?\s+(?P<rest>[\w-]+(?:\s+[\w-]+){0,2})")


def scoped_share(q: Quantity, s: Sentence) -> tuple[str, str] | None:
    """ "95 percent of the world's metal lighters", "one-fourth of China's shoes", "40 percent
    of the domestic market": a share of what the world, the country or a market produces."""
    if q.unit not in SHARE_UNITS:
        return None
    m = _SCOPED.match(s.text, q.end)
    if m is None or m.end() > s.end:
        return None
    scope = words().share_scopes.get(m.group("scope").lower())
    if scope is None and any(e.label == "COUNTRY" and e.start == m.start("scope") for e in s.entities):
        scope = "national"
    if scope is None:
        return None
    a, _ = clause_of(q.start, s)
    verbs = re.findall(r"[a-z]+", s.text[a : q.start].lower())
    noun = "market" if re.search(r"\bmarkets?\b", m.group("rest")) else None
    made = re.search(r"\bproduction\b", m.group("rest"))
    if noun is None and (made or any(v in words().production_verbs for v in verbs)):
        noun = "production"
    if noun is None:
        return None
    if noun == "market" and scope == "national":
        scope = "domestic"
    name = f"share of {scope} {noun}"
    return (name, s.text[q.end : m.end()].strip()) if name in indicator_names() else None


def as_share(m: Mention, unit: str | None) -> Mention:
    """A percentage of an indicator counted in people or things is a share of it
    ("21 percent of its citizens" -> share of population)."""
    if unit not in SHARE_UNITS or compatible(m.label, unit) or m.label.startswith("share of"):
        return m
    share = share_name(m.label)
    return Mention(m.start, m.end, m.text, share) if share else m


def as_base(m: Mention, unit: str | None) -> Mention:
    """ "US$1.2 billion of FDI": an amount is not a share, it is of the indicator itself."""
    base = m.label.removeprefix("share of ")
    if base == m.label or compatible(m.label, unit) or base not in indicator_names():
        return m
    return Mention(m.start, m.end, m.text, base)


_SHARE = re.compile(r"\b(?:(?P<scope>global|world|international)\s+)?share\b(?!\s+of\b)", re.IGNORECASE)


def share_word(q: Quantity, s: Sentence) -> tuple[str, str] | None:
    """ "its global share increasing from 1 percent", "the share rose to 35.1": a bare
    "share" shortly before the figure is the share of the indicator named before it."""
    if q.unit not in (*SHARE_UNITS, None):
        return None
    begin = q.qualifier_start if q.qualifier_start is not None else q.start
    a, _ = clause_of(q.start, s)
    hits = [m for m in _SHARE.finditer(s.text, max(a, begin - 80), begin) if begin - m.end() <= 45]
    if not hits:
        return None
    m = hits[-1]
    others = [x for x in s.quantities if x is not q and m.end() <= x.start and x.end <= begin]
    if any(x.unit != q.unit for x in others) or any(m.end() <= x.start < begin for x in s.indicators):
        return None
    base = [x for x in s.indicators if x.end <= m.start() and not x.label.startswith("share of")]
    if not base:
        return None
    scope = "world" if m.group("scope") else None
    name = share_name(base[-1].label, scope)
    return (name, m.group(0)) if name else None


def modified_share(between: str, m: Mention) -> str | None:
    """ "30 percent of China's high-tech exports" -> share of high-tech exports, when the
    vocabulary has the share of the indicator so qualified."""
    mods = [w for w in re.findall(r"[\w-]+", between) if w.islower() and w not in ("the", "total", "all")]
    heads = (m.text.lower().split()[-1], m.label.removeprefix("number of "))
    for k in range(len(mods)):
        for h in heads:
            name = f"share of {' '.join(mods[k:])} {h}"
            if name in indicator_names():
                return name
    return None
