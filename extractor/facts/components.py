"""The spaCy components of the text-facts stage and the pipeline that runs them.

Each component is created by a registered, versioned factory with a typed default config:

- ``fact_sentence_fixes_v1``: undoes sentencizer splits after abbreviations ("et al.",
  "No.") and inside parentheses.
- ``fact_quantities_v1``: ``doc.spans["quantities"]``, each span's ``_.quantity`` a
  :class:`~extractor.facts.quantities.Quantity` (a bare "$" takes ``doc._.currency``).
- ``fact_periods_v1``: ``doc.spans["periods"]`` (``_.period`` the normal form) and
  ``doc.spans["citations"]`` (author-year citations, which are not periods).
- ``fact_indicators_v1``: ``doc.spans["indicators"]``, labelled with the canonical name
  from ``lexicon/indicators.toml``.

- ``fact_names_v1``: the countries of ``lexicon/countries.jsonl`` and the cities of
  ``lexicon/places.jsonl`` (GeoNames), matched as written.

Entities come from spaCy's own ``entity_ruler`` with the gazetteer ``lexicon/entities.jsonl``
(regions, sectors, commodities and the patterns of zones, bodies, groups of people), then
``fact_names_v1``.
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .periods import citation_spans, find_periods
from .quantities import find_quantities
from .words import read_jsonl, read_toml

for _name, _owner in (("currency", Doc), ("country", Doc), ("year", Doc), ("month", Doc), ("quantity", Span),
                      ("period", Span)):
    if not _owner.has_extension(_name):
        _owner.set_extension(_name, default=None)


def _span(doc: Doc, start: int, end: int, label: str = "") -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


class SentenceFixes:
    def __init__(self, abbreviations: list[str], in_parentheses: bool) -> None:
        self.abbreviations = frozenset(abbreviations)
        self.in_parentheses = in_parentheses

    def __call__(self, doc: Doc) -> Doc:
        depth = 0
        for i, tok in enumerate(doc):
            if i and tok.is_sent_start:
                prev = doc[i - 1]
                glued = prev.text == "." and i > 1 and doc[i - 2].text + "." in self.abbreviations
                inside = self.in_parentheses and depth > 0
                if prev.text in self.abbreviations or glued or inside or tok.text[:1].islower():
                    tok.is_sent_start = False
            depth = max(0, depth + (tok.text == "(") - (tok.text == ")"))
        return doc


@Language.factory(
    "fact_sentence_fixes_v1",
    default_config={"abbreviations": [], "in_parentheses": True},
)
def make_sentence_fixes(nlp: Language, name: str, abbreviations: list[str], in_parentheses: bool) -> SentenceFixes:
    from .words import words

    return SentenceFixes(abbreviations or sorted(words().abbreviations), in_parentheses)


class QuantityFinder:
    def __init__(self, default_currency: str | None) -> None:
        self.default_currency = default_currency

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for q in find_quantities(doc.text, doc._.currency or self.default_currency, doc._.country):
            span = _span(doc, q.start, q.end, q.unit or "")
            if span is not None:
                span._.quantity = q
                spans.append(span)
        doc.spans["quantities"] = spans
        return doc


@Language.factory("fact_quantities_v1", default_config={"default_currency": None})
def make_quantities(nlp: Language, name: str, default_currency: str | None) -> QuantityFinder:
    return QuantityFinder(default_currency)


class PeriodFinder:
    def __call__(self, doc: Doc) -> Doc:
        periods: list[Span] = []
        cites: list[Span] = []
        text = doc.text
        for p in find_periods(text, doc._.year, doc._.month):
            span = _span(doc, p.start, p.end, "citation" if p.citation else "period")
            if span is not None:
                span._.period = p
                (cites if p.citation else periods).append(span)
        for s, e in citation_spans(text):
            span = _span(doc, s, e, "citation")
            if span is not None:
                cites.append(span)
        doc.spans["periods"], doc.spans["citations"] = periods, cites
        return doc


@Language.factory("fact_periods_v1", default_config={})
def make_periods(nlp: Language, name: str) -> PeriodFinder:
    return PeriodFinder()


class IndicatorMatcher:
    """Synonyms match case-insensitively, except acronyms written in capitals ("WAY",
    "MPI"), which match only as written so that they do not catch common words."""

    def __init__(self, nlp: Language, vocabulary: str) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        for canonical, synonyms in read_toml(vocabulary)["indicators"].items():
            forms = (canonical, *synonyms)
            words = [t for t in forms if not _is_acronym(t)]
            self.matcher.add(canonical, [nlp.make_doc(t) for t in words])
            caps = [t for t in forms if _is_acronym(t)]
            if caps:
                self.acronyms.add(canonical, [nlp.make_doc(t) for t in caps])

    def __call__(self, doc: Doc) -> Doc:
        found = [*self.matcher(doc), *self.acronyms(doc)]
        spans = [Span(doc, s, e, label=k) for k, s, e in found]
        doc.spans["indicators"] = filter_spans(spans)
        return doc


def _is_acronym(form: str) -> bool:
    return form.isupper() and len(form.replace(" ", "")) >= 3


@Language.factory("fact_indicators_v1", default_config={"vocabulary": "indicators.toml"})
def make_indicators(nlp: Language, name: str, vocabulary: str) -> IndicatorMatcher:
    return IndicatorMatcher(nlp, vocabulary)


class NameMatcher:
    """Names from lists as entities, where no longer entity of the gazetteer is: the
    countries of ``lexicon/countries.jsonl`` and the cities of ``lexicon/places.jsonl``
    (built from GeoNames by ``gazetteer.py``). A name matches as written ("Lyon", not
    "lyon") unless its row says ``"as_written": false``: countries match in any case
    ("FRANCE" in a heading), except those that are also English words ("Turkey", "Chad").
    Each row's ``id`` is the name facts are stored under."""

    def __init__(self, nlp: Language, lists: list[str]) -> None:
        self.as_written = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[str, str] = {}
        for name in lists:
            for row in read_jsonl(name):
                key = row.get("id") or row["pattern"]
                self.labels[key] = row["label"]
                matcher = self.as_written if row.get("as_written", True) else self.any_case
                matcher.add(key, [_pattern_doc(nlp, row["pattern"])])
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        found = [Span(doc, s, e, label=self.labels[self.strings[k]], span_id=self.strings[k])
                 for k, s, e in (*self.as_written(doc), *self.any_case(doc))]
        if found:  # the longer name wins ("Solomon Islands Government" over "Solomon Islands")
            doc.ents = filter_spans([*doc.ents, *found])
        return doc


def _pattern_doc(nlp: Language, text: str) -> Doc:
    """The tokens of a name: words of letters split at single spaces are the tokenizer's
    tokens already (unless a special case splits them, as "cannot"), so they skip it --
    three times faster over the 6,000 names a parser process loads at start."""
    words = text.split(" ")
    special = getattr(nlp.tokenizer, "rules", None) or {}
    if all(w.isalpha() and w not in special for w in words):
        return Doc(nlp.vocab, words=words)
    return nlp.make_doc(text)


@Language.factory("fact_names_v1", default_config={"lists": ["countries.jsonl", "places.jsonl"]})
def make_names(nlp: Language, name: str, lists: list[str]) -> NameMatcher:
    return NameMatcher(nlp, lists)


@cache
def pipeline() -> Language:
    """The text-facts pipeline (built once): a blank English tokenizer and rules only."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("fact_sentence_fixes_v1")
    ruler: Any = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.from_disk(str(resources.files(__package__) / "lexicon" / "entities.jsonl"))
    nlp.add_pipe("fact_names_v1")
    nlp.add_pipe("fact_quantities_v1")
    nlp.add_pipe("fact_periods_v1")
    nlp.add_pipe("fact_indicators_v1")
    return nlp
