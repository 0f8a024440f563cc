"""Places a document names that no gazetteer lists: "the town of Xiqiao", "Hangji, a town
of 120 square kilometers", found by the phrases that introduce them, then recognised
wherever else the same document writes them ("Xiqiao's total GDP", "In Hangji, ...").

The gazetteer (``lexicon/entities.jsonl``) holds standard lists: countries, large cities,
first-level regions. A report about a town, a district or an industrial cluster names
places no such list holds, but it almost always introduces them first: "the town of X",
"X, a county in Y", "X Province". The nouns that introduce a place are ``[places]`` of
``lexicon/linking.toml``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from spacy.tokens import Doc
from spacy.util import filter_spans

from .words import read_toml

#: a run of one to three capitalised words: a name
_NAME = r"[A-Z][\w'\u2019-]*[a-z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*[a-z][\w'\u2019-]*){0,2}"


@cache
def _frames() -> tuple[re.Pattern[str], ...]:
    raw = read_toml("linking.toml")["places"]
    nouns = "|".join(re.escape(n) for n in sorted(raw["nouns"], key=len, reverse=True))
    titles = "|".join(re.escape(n.title()) for n in sorted(raw["nouns"], key=len, reverse=True))
    return (
        # "the town of Xiqiao", "in the county of Jinjiang"
        re.compile(rf"\b(?:{nouns})\s+of\s+(?P<name>{_NAME})(?![\w'\u2019-])"),
        # "Hangji, a town of 120 square kilometers", "Datang, the sock town of China"
        re.compile(rf"(?<![\w-])(?P<name>{_NAME}),\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}?(?:{nouns})\b"),
        # "Guangdong Province", "Jinjiang County": the name alone is the place too
        re.compile(rf"(?<![\w-])(?P<name>{_NAME})\s+(?:{titles})(?![\w-])"),
    )


def introduced(texts: Iterable[str]) -> frozenset[str]:
    """The place names that ``texts`` introduce as places."""
    stop = _stop()
    found = set()
    for text in texts:
        for frame in _frames():
            for m in frame.finditer(text):
                name = m.group("name")
                if name.split()[0].lower() not in stop:
                    found.add(name)
    return frozenset(found)


@cache
def _stop() -> frozenset[str]:
    return frozenset(w.lower() for w in read_toml("linking.toml")["places"]["not_names"])


def mark(doc: Doc, names: frozenset[str]) -> Doc:
    """``doc`` with every mention of ``names`` an entity labelled "GPE" (where no other
    entity, figure or period is)."""
    if not names:
        return doc
    taken = [(s.start_char, s.end_char) for s in (*doc.ents, *doc.spans["quantities"], *doc.spans["periods"])]
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    spans = []
    for m in re.finditer(rf"(?<![\w-])(?:{alt})(?![\w-])", doc.text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        span = doc.char_span(m.start(), m.end(), label="GPE")
        if span is not None:
            spans.append(span)
    if spans:
        doc.ents = filter_spans([*doc.ents, *spans])
    return doc



