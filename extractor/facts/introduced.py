"""Names a document introduces that no gazetteer lists, recognised wherever else the same
document writes them.

The gazetteer (``lexicon/entities.jsonl``, ``lexicon/places.jsonl``) holds standard lists:
countries, large cities, kinds of zones. A report about a town, a district or a ministry
names places and bodies no such list holds, but it almost always introduces them first:

- a place by the phrase that says it is one: "the town of Xiqiao", "Hangji, a town of
  120 square kilometers", "Guangdong Province" (then "Xiqiao", "Hangji", "Guangdong");
- a body by its acronym: "Ministry of Commerce (MOFCOM)" (then "MOFCOM" is the Ministry);
- the document's publisher, from its metadata, and the publisher's initials: "Central
  Bank of Solomon Islands" and "CBSI".

The nouns that introduce a place and those that end the name of a body are ``[places]``
and ``[bodies]`` of ``lexicon/linking.toml``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc
from spacy.util import filter_spans

from .words import read_toml

#: a run of one to three capitalised words: a name
_NAME = r"[A-Z][\w'\u2019-]*[a-z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*[a-z][\w'\u2019-]*){0,2}"
#: the name of a body: capitalised words, with "of", "the", "and", "for" between them
_BODY = r"[A-Z][\w'\u2019-]*(?:\s+(?:(?:of|the|and|for|on)\s+)*[A-Z][\w'\u2019-]*){0,7}"


@dataclass(frozen=True)
class Introduced:
    label: str  # "GPE" or "ORG"
    name: str  # the name facts are stored under


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


@cache
def _acronym() -> re.Pattern[str]:
    heads = read_toml("linking.toml")["bodies"]["heads"]
    starts = read_toml("linking.toml")["bodies"]["starts"]
    head = "|".join(re.escape(h.title()) for h in heads)
    start = "|".join(re.escape(s.title()) for s in starts)
    # "World Trade Organization (WTO)", "Ministry of Commerce (MOFCOM)"
    return re.compile(
        rf"(?<![\w-])(?P<name>(?:{_BODY}\s+)?(?:{head})|(?:{start})\s+of\s+(?:the\s+)?{_NAME})"
        r"\s*\((?P<acr>[A-Z][A-Z&]{1,9})\)"
    )


def introduced(texts: Iterable[str], publisher: str | None = None) -> dict[str, Introduced]:
    """Surface form -> what it names, for the names ``texts`` introduce (and the publisher)."""
    stop = _stop()
    found: dict[str, Introduced] = {}
    for text in texts:
        for frame in _frames():
            for m in frame.finditer(text):
                name = m.group("name")
                if name.split()[0].lower() not in stop:
                    found.setdefault(name, Introduced("GPE", name))
        for m in _acronym().finditer(text):
            name = re.sub(r"\s+", " ", m.group("name")).removeprefix("The ")
            found.setdefault(name, Introduced("ORG", name))
            found.setdefault(m.group("acr"), Introduced("ORG", name))
    if publisher:
        name = re.sub(r"\s+", " ", publisher.strip()).removeprefix("The ")
        found[name] = Introduced("ORG", name)
        initials = "".join(w[0] for w in name.split() if w[:1].isupper())
        if len(initials) >= 3:
            found.setdefault(initials, Introduced("ORG", name))
    return found


@cache
def _stop() -> frozenset[str]:
    return frozenset(w.lower() for w in read_toml("linking.toml")["places"]["not_names"])


def mark(doc: Doc, names: dict[str, Introduced]) -> Doc:
    """``doc`` with every mention of ``names`` an entity (where no other entity, figure or
    period is), stored under the name it stands for."""
    if not names:
        return doc
    taken = [(s.start_char, s.end_char) for s in (*doc.ents, *doc.spans["quantities"], *doc.spans["periods"])]
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    spans = []
    for m in re.finditer(rf"(?<![\w-])(?:{alt})(?![\w-])", doc.text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        what = names[m.group(0)]
        span = doc.char_span(m.start(), m.end(), label=what.label, span_id=what.name)
        if span is not None:
            spans.append(span)
    if spans:
        doc.ents = filter_spans([*doc.ents, *spans])
    return doc



