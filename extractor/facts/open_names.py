"""Naming what a figure measures when the indicator vocabulary has no entry for it.

A serious report measures many things no closed vocabulary lists ("the median loss",
"operating costs", "52 hypermarkets"). Rather than leave such a figure without an
indicator, or lend it one from the heading, the figure gets the noun phrase it is said
of, lower-cased and without the words that only say how it is summarised ("average",
"total"): ``indicator_how`` is "open" for these names. Three forms are read:

- a count of a plural noun: "52 hypermarkets" -> "number of hypermarkets";
- a percentage of a noun phrase: "45.3 % of operating costs" -> "share of operating costs";
- the subject a linking verb gives the figure to: "The funding of the school-based element
  stood at EUR 61 million" -> "funding"; "the average unit cost per student was EUR 8 467"
  -> "unit cost per student"; "the fraction of total wealth lost is 8.9%" -> "share of
  wealth lost".

The word lists are ``[open_names]`` of ``lexicon/linking.toml``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from .quantities import Quantity
from .sentence import Sentence, clause_of
from .words import read_toml, words

_DETERMINER = r"(?:the|a|an|its|their|our|his|her|this|that|these|those)"
#: words that end a noun phrase: prepositions, conjunctions, auxiliaries, pronouns
_END = (
    r"(?:of|in|for|on|at|by|to|from|with|among|between|per|than|as|and|or|but|which|that|who|"
    r"is|was|are|were|be|been|has|have|had|will|would|can|could|may|might|it|they|we|there|"
    r"not|only|also|about|around|nearly|almost|some|all|each|both|them|us|those|these|this|the|a|an|"
    r"its|their|our|his|her|now|still|then|more|less|most|such|other)"
)
#: a lower-case word that may be part of a noun phrase (a capitalised one is a name: the
#: phrase stops there, and "China's" or "the world's" is a scope, not a measured thing)
_WORD = rf"(?!{_END}\b)[a-z][a-z-]*(?![\w'\u2019])"


@dataclass(frozen=True)
class _Lists:
    measures: frozenset[str]
    vague: frozenset[str]
    share_heads: frozenset[str]
    subject: re.Pattern[str]
    of_phrase: re.Pattern[str]
    tail_np: re.Pattern[str]
    name_subject: re.Pattern[str]


@cache
def _lists() -> _Lists:
    raw = read_toml("linking.toml")["open_names"]
    # a linking verb, or a verb of change with its preposition ("rose to", "was up", "fell by")
    changes = [f"{v} {p}" for v in words().change_verbs for p in ("by", "to", "from", "at", "")]
    forms = sorted({*raw["links"], *(c.strip() for c in changes)}, key=len, reverse=True)
    links = "|".join(r"\s+".join(re.escape(w) for w in x.split()) for x in forms)
    between = "|".join(re.escape(w) for w in (*raw["between"], "estimated", "approximately"))
    # the subject at the start of a clause, an optional "of/per/for ..." tail (at most 15
    # words), then a linking verb, at most two adverbs (the qualifier is not in ``before``)
    subject = re.compile(
        rf"(?i:{_DETERMINER}\s+)?(?P<np>(?:(?:[A-Z][a-z-]+|{_WORD})\s+)?(?:{_WORD}\s+){{0,3}}{_WORD})"
        rf"(?P<tail>\s+(?:of|per|for|in|on|among|by|[a-z]+ed)\b(?:\s+[\w'\u2019-]+){{0,14}}?)?"
        rf"\s+(?:{links})\s+(?:(?:an?|the)\s+)?(?:(?:{between})\s+){{0,2}}$",
    )
    of_phrase = re.compile(rf"\s+of\s+(?:{_DETERMINER}\s+)?(?P<np>(?:{_WORD}\s+){{0,3}}{_WORD})")
    tail_np = re.compile(rf"(?:{_DETERMINER}\s+)?(?:{_WORD}\s+){{0,3}}{_WORD}")
    # a proper name opening its clause, then its verb: "The Dow Jones Industrial Average
    # lost", "Dell Technologies Inc. is eliminating", "although Leclerc now has"
    verbs = sorted({*raw["name_verbs"], *raw["links"], *_changes()} - {"of"}, key=len, reverse=True)
    refs = "|".join(re.escape(r.rstrip(".")) for r in words().references)
    token = r"(?:[A-Z][\w&.\u2019'-]*|\d[\d.]*|&|\([A-Z]{1,5}\))"
    verb_re = "|".join(r"\s+".join(re.escape(w) for w in v.split()) for v in verbs)
    name_subject = re.compile(
        rf"\s*(?:[Tt]he\s+)?(?!(?i:{refs})\b)(?P<name>[A-Z][\w&.\u2019'-]*(?:\s+{token}){{0,5}}?)"
        rf"(?:\s*,[^,]{{1,60}},)?\s+(?:(?:{'|'.join(raw['name_adverbs'])})\s+){{0,2}}"
        rf"(?:{verb_re})\b",
    )
    return _Lists(
        frozenset(raw["measures"]), frozenset(raw["vague"]), frozenset(raw["share_heads"]), subject, of_phrase,
        tail_np, name_subject,
    )


def plain_name(phrase: str) -> str | None:
    """ "total operating costs" -> "operating costs"; a vague head ("the figure") -> None."""
    lists = _lists()
    words = phrase.lower().split()
    if words[-1] in lists.measures or words[-1] in lists.vague:  # "of the national total", "the figure"
        return None
    kept = [w for w in words if w not in lists.measures]
    return " ".join(kept)


def open_count(q: Quantity) -> tuple[str, str] | None:
    """ "52 hypermarkets" -> "number of hypermarkets"."""
    name = plain_name(q.noun) if q.unit == "count" and q.noun else None
    return (f"number of {name}", q.noun or "") if name else None


def open_share(q: Quantity, s: Sentence) -> tuple[str, str] | None:
    """ "45.3 % of operating costs" -> "share of operating costs"."""
    m = _lists().of_phrase.match(s.text, q.end, s.end) if q.unit == "percent" else None
    name = plain_name(m.group("np")) if m else None
    return (f"share of {name}", m.group(0).strip()) if m and name else None


def _subject(q: Quantity, s: Sentence) -> tuple[str, str, int] | None:
    """(noun phrase, its tail, where the phrase starts) of the subject a linking verb gives
    ``q`` to, at the start of its clause."""
    begin = q.qualifier_start if q.qualifier_start is not None else q.start
    a, _ = clause_of(begin, s)
    if any(a <= x.start and x.end <= begin for x in s.quantities if x is not q):
        return None  # another figure before it in the clause has the subject
    before = s.text[a:begin]
    lead = _LEAD.match(before)
    m = _lists().subject.match(before, lead.end() if lead else 0)
    if m is None or any(e.start <= a + m.start("np") < e.end for e in s.entities):
        return None  # no subject, or a name rather than a measure ("Germany was ...")
    tail = (m.group("tail") or "").strip()
    if set(tail.lower().split()) & _changes():  # "exports of the zone grew at a rate of": a verb, not a subject
        return None
    return m.group("np"), tail, a + m.start("np")


def proper_names(texts: Iterable[str]) -> frozenset[str]:
    """Words a document writes capitalised inside sentences and never in lower case: its
    proper names ("Carrefour", "Leclerc"), which "Exports" or "However" are not."""
    capital: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for m in _WORDS.finditer(text):
            w = m.group(0)
            if w[0].islower():
                lower.add(w)
            elif not _SENTENCE_START.search(text, max(0, m.start() - 4), m.start()) and m.start() > 0:
                capital.add(w)
    return frozenset(w for w in capital if w.lower() not in lower)


_WORDS = re.compile(r"(?<![\w'\u2019-])[^\W\d_][\w'\u2019-]*")
_SENTENCE_START = re.compile(r"(?:[.!?:]|[.!?][\u201d\"')])\s*$|^\s*$")


def subject_names(s: Sentence, names: frozenset[str] = frozenset()) -> tuple[Sentence, dict[int, str]]:
    """The proper names no list knows that open the clauses of ``s`` as the subject of their
    verb, by the start of each figure they are about ("Adani Enterprises lost more than 60%
    of its market cap", "although Leclerc now has 11 stores abroad"); and ``s`` without the
    indicator words inside them ("Enterprises" is a name, not the number of firms). A single
    capitalised word at the start of a sentence is a name only if the document capitalises
    it elsewhere too (``names``: "Exports fell 5%" is no name), and a reference is none
    ("Table 3 shows")."""
    spans = {q.start: span for q in s.quantities if (span := _subject_span(q, s, names))}
    if not spans:
        return s, {}
    found = {k: re.sub(r"[\u2019']s$", "", s.text[a:b]) for k, (a, b) in spans.items()}
    kept = tuple(i for i in s.indicators if not any(a <= i.start < b for a, b in spans.values()))
    return (replace(s, indicators=kept) if len(kept) != len(s.indicators) else s), found


def _subject_span(q: Quantity, s: Sentence, names: frozenset[str]) -> tuple[int, int] | None:
    """Where the name opening the clause of ``q`` is, if there is one (``subject_names``)."""
    begin = q.qualifier_start if q.qualifier_start is not None else q.start
    a, _ = clause_of(begin, s)
    before = s.text[a:begin]
    pattern = _lists().name_subject
    lead = _LEAD_WORDS.match(before)
    joins = [j.end() for j in _JOINS.finditer(before)]
    starts = [0, *([lead.end()] if lead else []), *joins[-1:]]
    m = next((x for x in (pattern.match(before, k) for k in starts) if x), None)
    if m is None:
        return None
    name = re.sub(r"[\u2019']s$", "", m.group("name"))
    start = a + m.start("name")
    single = " " not in name and not re.search(r"[A-Z\d&].*[A-Z\d&]", name)
    if single and s.text[s.start : start].strip() in ("", "The", "the") and name not in names:
        return None
    if any(e.start <= start < e.end for e in s.entities) or any(i.start <= start < i.end for i in s.indicators):
        return None  # a name a list knows, or an indicator written first ("Exports of goods rose")
    return start, start + len(m.group("name"))


#: what may open a clause before a name: "In 2019, "
_LEAD_WORDS = re.compile(r"\s*(?:[\w'\u2019-]+\s+){0,5}[\w'\u2019-]+,\s*")
#: words that open a clause inside a sentence: "... although Leclerc now has"
_JOINS = re.compile(r"\b(?:although|though|while|whilst|whereas|and|but|as|since|because|after|when)\s+",
                    re.IGNORECASE)


@cache
def _changes() -> frozenset[str]:
    return frozenset(v for v in words().change_verbs if " " not in v)


def open_subject(q: Quantity, s: Sentence) -> tuple[str, str] | None:
    """What the subject says ``q`` measures: "the average unit cost per student was EUR
    8 467" -> "unit cost per student"."""
    found = _subject(q, s)
    if found is None:
        return None
    np, tail, _ = found
    if np.split()[-1].lower() in _lists().share_heads and tail.lower().startswith("of "):
        whole = _lists().tail_np.match(tail[3:]) if q.unit == "percent" else None
        of = plain_name(whole.group(0)) if whole else None
        return (f"share of {of}", f"{np} {tail}") if of else None
    name = plain_name(np)
    if name is None:
        return None
    per = re.match(r"per\s+[a-z-]+", tail, re.IGNORECASE)
    if per:  # "unit cost per student"
        return f"{name} {per.group(0).lower()}", f"{np} {per.group(0)}"
    return name, np


_COMPLEMENT = re.compile(
    rf"(?:per\s+[a-z-]+\s+)?(?:of|on|for)\s+(?:{_DETERMINER}\s+)?(?P<what>(?:[\w'\u2019-]+\s+){{0,5}}?[\w'\u2019-]+)"
    rf"(?=\s+(?:{_END})\b|\s*$)",
)


def subject_of(q: Quantity, s: Sentence) -> str | None:
    """Whom the subject's measure is of: "total operating costs of vocational institutions
    amounted to EUR 1 107 million" -> "vocational institutions"; "the public costs per
    student for apprenticeship training were ..." -> "apprenticeship training"."""
    found = _subject(q, s)
    if found is None or (found[0].split()[-1].lower() in _lists().share_heads and q.unit == "percent"):
        return None
    m = _COMPLEMENT.match(found[1])
    if m is None:
        return None
    what = m.group("what")
    if {x.text.lower().split()[-1] for x in s.indicators} & set(what.lower().split()):
        return None  # "the value of exports was ...": what is measured, not whom
    return None if plain_name(what) is None or what.split()[-1].lower() in _lists().measures else what


#: what may open a clause before its subject: "In 2004, ", "In addition, ", "Overall, ",
#: "Conditional on reporting a loss, " (at most six words and a comma), "We find that "
_LEAD = re.compile(
    r"\s*(?:(?:[\w'\u2019-]+\s+){0,5}[\w'\u2019-]+,\s*)?(?:(?:we|they|it|one|this|these)\s+(?:[a-z]+\s+){0,3}that\s+)?",
    re.IGNORECASE,
)
