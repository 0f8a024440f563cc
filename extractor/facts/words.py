"""The word lists of the text-facts stage, read once from ``lexicon/*.toml``.

``quantities.toml`` holds number words, fractions, qualifiers, change words, durations,
reference nouns and abbreviations; ``linking.toml`` which units an indicator's values take.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


def read_toml(name: str) -> dict[str, Any]:
    return tomllib.loads((resources.files(__package__) / "lexicon" / name).read_text("utf-8"))


@dataclass(frozen=True)
class Words:
    number_words: dict[str, float]
    fractions: dict[str, float]
    qualifiers: dict[str, str]
    change_verbs: tuple[str, ...]
    change_nouns: tuple[str, ...]
    comparatives: tuple[str, ...]
    durations: dict[str, str]
    references: tuple[str, ...]
    abbreviations: frozenset[str]
    compatible_units: dict[str, frozenset[str]]
    anaphora: tuple[str, ...]
    skip_sections: frozenset[str]


@cache
def words() -> Words:
    q = read_toml("quantities.toml")
    link = read_toml("linking.toml")
    return Words(
        number_words={k.lower(): float(v) for k, v in q["number_words"].items()},
        fractions={k.lower(): float(v) for k, v in q["fractions"].items()},
        qualifiers={k.lower(): v for k, v in q["qualifiers"].items()},
        change_verbs=tuple(q["changes"]["verbs"]),
        change_nouns=tuple(q["changes"]["nouns"]),
        comparatives=tuple(q["changes"]["comparatives"]),
        durations={k.lower(): v for k, v in q["durations"].items()},
        references=tuple(q["references"]["nouns"]),
        abbreviations=frozenset(q["abbreviations"]["forms"]),
        compatible_units={k: frozenset(v) for k, v in link["compatible_units"].items()},
        anaphora=tuple(link["anaphora"]["forms"]),
        skip_sections=frozenset(x.lower() for x in link["sections"]["skip"]),
    )


def alternation(forms: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``forms``, longest first, each escaped."""
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@cache
def indicator_names() -> frozenset[str]:
    """The canonical indicator names of ``lexicon/indicators.toml``."""
    return frozenset(read_toml("indicators.toml")["indicators"])
