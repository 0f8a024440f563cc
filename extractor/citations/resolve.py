"""Match a citation (name parts and a year) to one entry of the bibliography.

A reference matches when its first author is the citation's first name part (its surname,
its whole organisation name, or an alias such as "MOFCOM"), or, failing that, a name
spelled almost the same ("Baumler" / "Baeumler") or the reference's title; and its year
is the citation's (a citation without a suffix matches "2008a" only if it is the only
2008 entry; an entry dated "various years" or "n.d." matches any year). Ties between
the remaining candidates are broken by the other names of the citation (co-authors,
given names); a tie that stays is left unresolved.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Reference
from .names import fold, tokens
from .patterns import patterns

_UNDATED = ("various years", "n.d.", "n. d.", "undated", "forthcoming", "in press")


@dataclass(frozen=True)
class _Indexed:
    ref: Reference
    first: str  # folded first surname
    aliases: tuple[str, ...]
    title: str
    names: frozenset[str]  # folded tokens of every author name


def index(refs: Sequence[Reference]) -> list[_Indexed]:
    return [
        _Indexed(
            r,
            fold(r.surnames[0]) if r.surnames else "",
            tuple(fold(a) for a in r.aliases),
            fold(r.title or ""),
            frozenset(tokens(" ".join(r.authors + r.aliases))),
        )
        for r in refs
    ]


def resolve(authors: Sequence[str], year: str | None, refs: Sequence[_Indexed]) -> tuple[str | None, str]:
    """(ref_id, how) for a citation, or (None, "unresolved") / (None, "ambiguous")."""
    if not authors:
        return None, "unresolved"
    head = fold(authors[0])
    scored: list[tuple[float, str, _Indexed]] = []
    for fuzzy in (False, True):  # spelling and title matches only when no name matches
        for r in refs:
            y = _year_score(year, r.ref.year, refs)
            if y is None:
                continue
            name = _name_score(head, r, fuzzy)
            if name is None:
                continue
            score, how = name
            score += y + _others(authors, head, r)
            note = "" if y >= 2 else " (year " + ("undated" if y < 1 else "without suffix") + ")"
            scored.append((score, how + note, r))
        if scored:
            break
    if not scored:
        return None, "unresolved"
    scored.sort(key=lambda t: -t[0])
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None, "ambiguous"
    return scored[0][2].ref.ref_id, scored[0][1]


def resolve_number(label: str | None, refs: Sequence[_Indexed]) -> tuple[str | None, str]:
    """(ref_id, "number") for a numbered citation, by the entry's printed number."""
    found = [r.ref.ref_id for r in refs if label is not None and r.ref.label == label]
    return (found[0], "number") if len(found) == 1 else (None, "ambiguous" if found else "unresolved")


def _year_score(cited: str | None, listed: str | None, refs: Sequence[_Indexed]) -> float | None:
    if cited is None:
        return 0.5
    c, r = cited.lower(), (listed or "").lower()
    if c == r:
        return 2.0
    if r in _UNDATED:
        return 0.5
    if len(c) == 4 and r[:4] == c:
        return 1.0
    if len(c) == 5 and r == c[:4]:
        return 1.0
    return None


def _name_score(head: str, r: _Indexed, fuzzy: bool) -> tuple[float, str] | None:
    pats = patterns()
    words = head.split()
    if head == r.first:
        return 10.0, "author and year"
    if head in r.aliases:
        return 10.0, "alias and year"
    if r.first and " " not in r.first and r.first in words and len(words) <= 3:
        return 8.0, "author and year"
    if not fuzzy:
        return None
    if r.first and _similar(head, r.first, pats.fuzzy_name):
        return 5.0, "similar name and year"
    if r.title and len(head) > 12 and _similar(head, r.title, pats.fuzzy_title):
        return 6.0, "title and year"
    return None


def _similar(a: str, b: str, least: float) -> bool:
    m = difflib.SequenceMatcher(None, a, b)
    return m.real_quick_ratio() >= least and m.quick_ratio() >= least and m.ratio() >= least


def _others(authors: Sequence[str], head: str, r: _Indexed) -> float:
    """+1 for each other name word of the citation that is one of the reference's, -1 if not."""
    score = 0.0
    words = set(tokens(" ".join(authors))) - {r.first} - set(r.first.split())
    for w in words:
        score += 1.0 if w in r.names else -1.0
    return score
