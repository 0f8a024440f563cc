"""Facts that match structured filters, with entities and indicators matched by meaning.

An indicator filter matches every canonical indicator whose name or a synonym (from the
extractor's vocabulary) contains the asked words: "FDI" finds "FDI" and "utilized FDI".
An entity filter drops generic words ("SEZ", "city", ...: ``query_words.toml``) and finds
entities that contain what is left as whole words: "Lagos SEZ" finds "Lagos".
A period filter ``FROM[-TO]`` (years) keeps facts whose period overlaps it.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from extractor.facts import vocabulary

from .database import Warehouse
from .errors import WarehouseError

_REGEX_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}])")


class BadFilter(WarehouseError):
    hint = "periods are YEAR or FROM-TO, e.g. 2007 or 1980-1990"

    def __init__(self, what: str, value: str) -> None:
        self.what, self.value = what, value
        super().__init__(f"cannot read {what} {value!r}")


@dataclass(frozen=True)
class FactFilter:
    entity: str | None = None
    indicator: str | None = None
    period: str | None = None  # "2007" or "1980-1990"
    doc_id: str | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    source: str | None = None  # "text" or "table"
    limit: int = 1000

    def params(self) -> dict[str, Any]:
        year_from, year_to = period_years(self.period) if self.period else (None, None)
        return {
            "doc_id": self.doc_id,
            "indicators": indicator_names(self.indicator) if self.indicator else None,
            "entity_patterns": entity_patterns(self.entity) if self.entity else None,
            "unit": self.unit,
            "source": self.source,
            "min": self.min,
            "max": self.max,
            "year_from": year_from,
            "year_to": year_to,
            "limit": self.limit,
        }


@cache
def _generic_words() -> frozenset[str]:
    text = (resources.files(__package__) / "query_words.toml").read_text("utf-8")
    return frozenset(w.lower() for w in tomllib.loads(text)["generic_entity_words"])


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'&-]+", text.lower())


def indicator_names(term: str) -> list[str]:
    """Canonical indicators whose name contains the words of ``term`` ("FDI" -> "FDI",
    "utilized FDI", "share of FDI"); failing that, those with a synonym that does ("jobs"
    -> "employment"); failing that, ``term`` itself."""
    wanted = _words(term)
    forms = vocabulary.forms()
    names = {c for c in forms.values() if _contains(_words(c), wanted)}
    if not names:
        names = {c for form, c in forms.items() if _contains(_words(form), wanted)}
    return sorted(names) or [term]


def _contains(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def entity_patterns(term: str) -> list[str]:
    """Regular expressions (for DuckDB) an entity must match: the asked name, and the name
    without its generic words, each as whole words, case-insensitively."""
    words = _words(term)
    specific = [w for w in words if w not in _generic_words()]
    variants = {" ".join(words)} | ({" ".join(specific)} if specific else set())
    return sorted(r"(^|\W)" + _REGEX_SPECIAL.sub(r"\\\1", v) + r"($|\W)" for v in variants if v)


def period_years(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–/]|to|\.\.)?\s*(\d{4})?\s*", text)
    if not m:
        raise BadFilter("period", text)
    low, high = int(m.group(1)), int(m.group(2) or m.group(1))
    return min(low, high), max(low, high)


def find_facts(wh: Warehouse, flt: FactFilter) -> list[dict[str, Any]]:
    """The facts matching ``flt``, by document title and page."""
    params = flt.params()
    if flt.doc_id:
        params["doc_id"] = wh.resolve("document", flt.doc_id)
    return wh.rows("facts_query", params)
