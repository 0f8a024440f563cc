"""The citation patterns and word lists, read once from ``patterns.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Patterns:
    heading: re.Pattern[str]
    heading_number: re.Pattern[str]
    dash: re.Pattern[str]
    year: re.Pattern[str]
    year_within: int
    min_run: int
    editor_words: frozenset[str]
    prefixes: tuple[str, ...]  # longest first
    name_connectors: frozenset[str]
    not_names: frozenset[str]
    stop_before: frozenset[str]
    note_openers: tuple[str, ...]  # longest first
    max_name_words: int
    speech: re.Pattern[str]
    locator: re.Pattern[str]
    source_head: re.Pattern[str]
    note_head: re.Pattern[str]
    fuzzy_name: float
    fuzzy_title: float


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted({w.lower() for w in words}, key=len, reverse=True))


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The compiled patterns of ``patterns.toml`` (loaded on first use)."""
    raw = tomllib.loads(resources.files(__package__).joinpath("patterns.toml").read_text("utf-8"))
    bib, intext, res = raw["bibliography"], raw["intext"], raw["resolve"]
    return Patterns(
        heading=re.compile(bib["heading"]),
        heading_number=re.compile(bib["heading_number"]),
        dash=re.compile(bib["dash"]),
        year=re.compile(bib["year"]),
        year_within=int(bib["year_within"]),
        min_run=int(bib["min_run"]),
        editor_words=frozenset(w.lower() for w in bib["editor_words"]),
        prefixes=_longest_first(intext["prefixes"]),
        name_connectors=frozenset(w.lower() for w in intext["name_connectors"]),
        not_names=frozenset(w.lower() for w in intext["not_names"]),
        stop_before=frozenset(w.lower() for w in intext["stop_before"]),
        note_openers=_longest_first(intext["note_openers"]),
        max_name_words=int(intext["max_name_words"]),
        speech=re.compile(
            r"(?P<name>(?:[A-Z][\w'\u2019\-]+\s+){0,3}[A-Z][\w'\u2019\-]+),?\s+(?:"
            + "|".join(re.escape(v) for v in intext["speech_verbs"])
            + r")\b"
        ),
        locator=re.compile(intext["locator"]),
        source_head=re.compile(intext["source_head"]),
        note_head=re.compile(intext["note_head"]),
        fuzzy_name=float(res["fuzzy_name"]),
        fuzzy_title=float(res["fuzzy_title"]),
    )
