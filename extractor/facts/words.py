"""The word lists of the text-facts stage, read once from ``lexicon/*.toml``.

``quantities.toml`` holds number words, fractions, qualifiers, change words, durations,
reference nouns and abbreviations; ``linking.toml`` which units an indicator's values take,
whom an indicator's figures are about by default, how text figures' units are stored,
sign words of balances and words that date a figure to the present.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


def read_toml(name: str) -> dict[str, Any]:
    return tomllib.loads((resources.files(__package__) / "lexicon" / name).read_text("utf-8"))


def read_jsonl(name: str) -> list[dict[str, Any]]:
    """The rows of ``lexicon/<name>`` (json.loads per line: ten times faster than srsly's reader)."""
    text = (resources.files(__package__) / "lexicon" / name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


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
    default_entity: dict[str, str]
    entity_indicators: dict[str, dict[str, str]]
    growth_rates: dict[str, str]
    unit_rename: dict[str, str]
    fraction_scale: float
    subunits: dict[str, float]
    subunit_currency: dict[str, str]  # subunits of one currency ("pence" -> "GBP")
    signs: frozenset[str]
    present: tuple[str, ...]
    now: tuple[str, ...]
    year_to_date: tuple[str, ...]
    same_period: tuple[str, ...]
    unit_indicators: dict[str, str]
    heading_indicators: dict[str, dict[str, str]]
    shares: dict[str, str]
    share_scopes: dict[str, str]
    production_verbs: dict[str, str]
    causes: tuple[str, ...]
    goods_indicators: dict[str, str]


#: Denominators spelled as ordinals: "two-tenths", "three eighths", "one-sixth".
_ORDINALS = {3: ("third", "thirds"), 4: ("quarter", "quarters"), 5: ("fifth", "fifths"), 6: ("sixth", "sixths"),
             8: ("eighth", "eighths"), 10: ("tenth", "tenths")}


def _spelled_fractions(number_words: dict[str, float]) -> dict[str, float]:
    """ "one-third" ... "nine-tenths", hyphenated or not, from the number words one to nine."""
    names = {int(v): k for k, v in number_words.items() if v in range(1, 10) and " " not in k and "-" not in k}
    out: dict[str, float] = {}
    for d, (one, many) in _ORDINALS.items():
        for n in range(1, d):
            for sep in ("-", " "):
                out[f"{names[n]}{sep}{one if n == 1 else many}"] = round(n / d, 6)
    return out


@cache
def words() -> Words:
    q = read_toml("quantities.toml")
    link = read_toml("linking.toml")
    number_words = {k.lower(): float(v) for k, v in q["number_words"].items()}
    return Words(
        number_words=number_words,
        fractions={**_spelled_fractions(number_words), **{k.lower(): float(v) for k, v in q["fractions"].items()}},
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
        default_entity=dict(link["default_entity"]),
        entity_indicators={k: dict(v) for k, v in link["entity_indicators"].items()},
        growth_rates=dict(link["growth_rates"]),
        unit_rename=dict(link["units"]["rename"]),
        fraction_scale=float(link["units"]["fraction_scale"]),
        subunits={k: float(v) for k, v in link["units"]["subunits"].items()},
        subunit_currency=dict(link["units"]["subunit_currency"]),
        signs=frozenset(x.lower() for x in link["signs"]["words"]),
        present=tuple(link["periods"]["present"]),
        now=tuple(link["periods"]["now"]),
        year_to_date=tuple(link["periods"]["year_to_date"]),
        same_period=tuple(link["periods"]["same_period"]),
        unit_indicators=dict(link["unit_indicators"]),
        heading_indicators={k: dict(v) for k, v in link["heading_indicators"].items()},
        shares=dict(link["shares"]),
        share_scopes={w.lower(): scope for scope, ws in link["share_scopes"].items() for w in ws},
        production_verbs={v.lower(): name for name, vs in link["production_verbs"].items() for v in vs},
        causes=tuple(link["causes"]["forms"]),
        goods_indicators=dict(link["goods_indicators"]),
    )


def alternation(forms: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``forms``, longest first, each escaped."""
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@cache
def indicator_names() -> frozenset[str]:
    """The canonical indicator names of ``lexicon/indicators.toml``."""
    return frozenset(read_toml("indicators.toml")["indicators"])


@cache
def indicator_forms() -> dict[str, str]:
    """Every form of the vocabulary, lower-cased, -> its canonical indicator name."""
    forms: dict[str, str] = {}
    for canonical, synonyms in read_toml("indicators.toml")["indicators"].items():
        for f in (canonical, *synonyms):
            forms.setdefault(f.lower(), canonical)
    return forms
