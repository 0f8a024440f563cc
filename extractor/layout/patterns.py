"""The layout patterns and lexicons, read once from ``patterns.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Patterns:
    caption: re.Pattern[str]
    note: re.Pattern[str]
    lettered_note: re.Pattern[str]
    list_item: re.Pattern[str]
    heading_number: re.Pattern[str]
    page_number: re.Pattern[str]
    separator: re.Pattern[str]
    endnotes_heading: re.Pattern[str]
    endnote_start: re.Pattern[str]
    superscript: re.Pattern[str]
    footnote_start: re.Pattern[str]
    sentence_end: re.Pattern[str]
    superscripts: dict[str, str]
    keep_prefixes: frozenset[str]
    function_words: frozenset[str]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The compiled patterns of ``patterns.toml`` (loaded on first use)."""
    raw = tomllib.loads(resources.files(__package__).joinpath("patterns.toml").read_text("utf-8"))
    kinds, markers, text = raw["kinds"], raw["markers"], raw["text"]
    return Patterns(
        caption=re.compile(kinds["caption"]),
        note=re.compile(kinds["note"], re.IGNORECASE),
        lettered_note=re.compile(kinds["lettered_note"]),
        list_item=re.compile(kinds["list_item"]),
        heading_number=re.compile(kinds["heading_number"]),
        page_number=re.compile(kinds["page_number"]),
        separator=re.compile(kinds["separator"]),
        endnotes_heading=re.compile(kinds["endnotes_heading"]),
        endnote_start=re.compile(kinds["endnote_start"]),
        superscript=re.compile(markers["superscript"]),
        footnote_start=re.compile(markers["footnote_start"]),
        sentence_end=re.compile(text["sentence_end"]),
        superscripts=dict(text["superscripts"]),
        keep_prefixes=frozenset(raw["hyphenation"]["keep_prefixes"]),
        function_words=frozenset(raw["headings"]["function_words"]),
    )
