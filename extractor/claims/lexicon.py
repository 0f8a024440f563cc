"""Word-list matching for the claims stage: hedges, topics and cue words, all read from
the data files (``claims.toml``, ``topics.toml``).

A term matches as a whole word (or words), ignoring case; a term ending in ``*`` matches
any word that starts with it ("innovat*" matches "innovation", "innovative").
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .data import settings, topics

#: The hedge levels, from the weakest assertion to the strongest.
HEDGES = ("weak", "none", "strong")


def pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``terms`` as whole words."""
    alts = []
    for t in sorted(set(terms), key=len, reverse=True):
        if t.endswith("*"):
            alts.append(re.escape(t[:-1]) + r"[\w-]*")
        else:
            alts.append(re.escape(t))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


@cache
def _hedges() -> tuple[re.Pattern[str], re.Pattern[str]]:
    s = settings()
    return pattern(s.weak_hedges), pattern(s.strong_hedges)


def hedge(text: str) -> str:
    """ "weak" if the sentence has a weak hedge ("might", "could", "seems"), else "strong" if
    it has a strong one ("undoubtedly", "clearly"), else "none" (a plain assertion)."""
    weak, strong = _hedges()
    if weak.search(text):
        return "weak"
    if strong.search(text):
        return "strong"
    return "none"


@cache
def _topics() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((t.name, pattern(t.terms)) for t in topics())


def topic_names() -> tuple[str, ...]:
    return tuple(t.name for t in topics())


def tag_topics(text: str) -> tuple[str, ...]:
    """The topics of the taxonomy whose terms occur in ``text``, in taxonomy order."""
    return tuple(name for name, rx in _topics() if rx.search(text))


@cache
def _cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((kind, pattern(words)) for kind, words in settings().cues.items())


def cue_kinds(text: str) -> tuple[str, ...]:
    """The kinds of claim whose cue words occur in ``text``, in the order of ``[cues]``."""
    return tuple(kind for kind, rx in _cues() if rx.search(text))


def keyword_kind(text: str) -> str:
    """The keyword baseline: the first kind with a cue word in ``text``, else "none"."""
    found = cue_kinds(text)
    return found[0] if found else "none"


def with_cues(text: str) -> str:
    """``text`` followed by one marker token per cue kind found in it ("__cue_challenge"),
    the form the classifier reads (cue words become features without custom code in the
    saved model)."""
    return " ".join([text, *(f"__cue_{k}" for k in cue_kinds(text))])
