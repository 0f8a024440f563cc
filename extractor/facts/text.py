"""Facts from running text: one :class:`~extractor.records.Fact` per reported figure.

``text_facts`` joins each body block with the blocks that continue it across a page break,
masks footnote markers, runs the spaCy pipeline of ``components.py`` over the texts
(``nlp.pipe``, sentences from the sentencizer) and links each figure to its indicator,
entity and period: in the sentence, else the previous sentence, else the heading, else
the document (``*_how`` says which). ``quantities`` lists every quantity in a text.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import srsly
from spacy.tokens import Doc, Span

from ..records import Block, Fact
from .components import pipeline
from .linking import (
    Mention,
    Sentence,
    compatible,
    entity_for,
    indicator_for,
    merge_entities,
    period_for,
    respectively,
)
from .periods import dominant_month
from .quantities import Quantity, find_quantities
from .words import words

TEXT_KINDS = ("paragraph", "list_item", "heading")
_NOT_FACT_UNITS = frozenset({"years", "decades", "weeks", "days", "hours", "quarters"})


def quantities(text: str, currency: str | None = None) -> list[dict[str, Any]]:
    """Every quantity in ``text`` as a dict with character offsets into ``text``."""
    return [q.as_dict() for q in find_quantities(text, currency)]


@dataclass(frozen=True)
class _Group:
    """A block and the blocks that continue it, as one text."""

    blocks: tuple[Block, ...]
    starts: tuple[int, ...]  # offset of each block's text in ``text``
    text: str  # footnote markers masked with spaces
    original: str

    def block_at(self, offset: int) -> Block:
        i = max(j for j, s in enumerate(self.starts) if s <= offset)
        return self.blocks[i]


def _mask_markers(block: Block) -> str:
    if not block.note_refs:
        return block.text
    refs = set(block.note_refs)

    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(1)) if m.group(1) in refs else m.group(1)

    return re.sub(r"(?<=[A-Za-z%.,;:)\]”’\"])(\d{1,3})(?=[\s.,;:)]|$)", lambda m: blank(m), block.text)


def _groups(blocks: Sequence[Block]) -> list[_Group]:
    skip = words().skip_sections
    body = [b for b in blocks if b.kind in TEXT_KINDS and not any(h.strip().lower() in skip for h in b.section)]
    chains: dict[str, list[Block]] = {}
    heads: list[list[Block]] = []
    for b in body:
        if b.continues and b.continues in chains:
            chains[b.continues].append(b)
            chains[b.block_id] = chains[b.continues]
        else:
            chains[b.block_id] = [b]
            heads.append(chains[b.block_id])
    out = []
    for chain in heads:
        starts, parts, originals, pos = [], [], [], 0
        for b in chain:
            starts.append(pos)
            parts.append(_mask_markers(b))
            originals.append(b.text)
            pos += len(b.text) + 1
        out.append(_Group(tuple(chain), tuple(starts), " ".join(parts), " ".join(originals)))
    return out


def _mentions(spans: Sequence[Span]) -> tuple[Mention, ...]:
    return tuple(Mention(s.start_char, s.end_char, s.text, s.label_) for s in spans)


def _sentences(doc: Doc) -> Iterator[Sentence]:
    cites = [(c.start_char, c.end_char) for c in doc.spans["citations"]]
    ents = [m for m in _mentions(doc.ents) if not any(a <= m.start < b for a, b in cites)]
    ents = merge_entities(ents, doc.text)
    qs = [s._.quantity for s in doc.spans["quantities"]]
    periods = tuple(Mention(s.start_char, s.end_char, s.text, s._.period.norm) for s in doc.spans["periods"])
    zones = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ZONE"]
    inds = tuple(m for m in _mentions(doc.spans["indicators"]) if not any(a <= m.start < b for a, b in zones))
    for sent in doc.sents:
        a, b = sent.start_char, sent.end_char
        yield Sentence(
            doc.text,
            a,
            b,
            tuple(q for q in qs if a <= q.start < b),
            tuple(m for m in inds if a <= m.start < b),
            tuple(m for m in ents if a <= m.start < b),
            tuple(m for m in periods if a <= m.start < b),
        )


@cache
def _countries() -> tuple[str, ...]:
    path = resources.files(__package__) / "lexicon" / "entities.jsonl"
    return tuple(p["pattern"] for p in srsly.read_jsonl(str(path)) if p["label"] == "COUNTRY")


def _document_entity(groups: list[_Group]) -> str | None:
    text = " ".join(g.text for g in groups).lower()
    counts = Counter({c: len(re.findall(rf"(?<!\w){re.escape(c.lower())}(?!\w)", text)) for c in _countries()})
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] > 0 else None


@dataclass
class _Heading:
    indicator: tuple[str, str] | None
    entity: str | None
    period: str | None


class _Headings:
    """What each section heading says (indicator, entity, period), computed once each."""

    def __init__(self, year: int | None) -> None:
        self.year = year
        self.cache: dict[str, _Heading] = {}

    def of(self, section: tuple[str, ...]) -> tuple[tuple[str, str] | None, str | None, str | None]:
        ind = ent = per = None
        for h in reversed(section):
            info = self._one(h)
            ind, ent, per = ind or info.indicator, ent or info.entity, per or info.period
        return ind, ent, per

    def _one(self, heading: str) -> _Heading:
        if heading not in self.cache:
            doc = pipeline().make_doc(heading)
            doc._.year = self.year
            doc = pipeline()(doc)
            inds = list(doc.spans["indicators"])
            ents = [e for e in doc.ents if e.label_ != "ZONE"]
            pers = list(doc.spans["periods"])
            self.cache[heading] = _Heading(
                (inds[0].label_, inds[0].text) if inds else None,
                ents[0].text if ents else None,
                pers[0]._.period.norm if pers else None,
            )
        return self.cache[heading]


def _is_fact(q: Quantity, s: Sentence, indicator: tuple[str, str] | None, how: str | None) -> bool:
    if q.unit in _NOT_FACT_UNITS:
        return False
    if any(p.start <= q.start and q.end <= p.end for p in s.periods):
        return False
    if any(e.label == "ZONE" and e.start <= q.start and q.end <= e.end for e in s.entities):
        return False
    if q.unit is None:
        anaphoric = how == "previous sentence" and _anaphoric(s)
        counts = indicator is not None and "count" in words().compatible_units.get(indicator[0], ())
        return indicator is not None and (how == "sentence" or anaphoric) and bool(q.change or q.scale > 1 or counts)
    return True


def _anaphoric(s: Sentence) -> bool:
    low = s.string.lower()
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", low) for f in words().anaphora)


def _unit(q: Quantity, indicator: str | None) -> str | None:
    if q.unit is None and indicator and "count" in words().compatible_units.get(indicator, ()):
        return "count"
    return q.unit


def text_facts(doc_id: str, blocks: Sequence[Block], currency: str | None) -> list[Fact]:
    """One fact per figure reported in the body text of ``blocks`` (fact_id left empty)."""
    groups = _groups(blocks)
    if not groups:
        return []
    month = dominant_month(g.text for g in groups)
    year = int(month[:4]) if month else None
    doc_entity = _document_entity(groups)
    headings = _Headings(year)
    nlp = pipeline()
    docs = []
    for g in groups:
        d = nlp.make_doc(g.text)
        d._.currency, d._.year = currency, year
        docs.append(d)
    facts: list[Fact] = []
    for g, doc in zip(groups, nlp.pipe(docs, batch_size=64), strict=True):
        prev: Sentence | None = None
        prev_facts: list[Fact] = []
        for s in _sentences(doc):
            current: list[Fact] = []
            for q in s.quantities:
                fact = _fact(doc_id, g, s, q, prev, prev_facts, headings, month, doc_entity)
                if fact is not None:
                    current.append(fact)
            facts.extend(current)
            prev, prev_facts = s, current or prev_facts
    return facts


def _fact(
    doc_id: str,
    g: _Group,
    s: Sentence,
    q: Quantity,
    prev: Sentence | None,
    prev_facts: list[Fact],
    headings: _Headings,
    month: str | None,
    doc_entity: str | None,
) -> Fact | None:
    block = g.block_at(q.start)
    h_ind, h_ent, h_per = headings.of(block.section)
    indicator, ind_how = indicator_for(q, s), "sentence"
    if indicator is None and prev is not None and (_anaphoric(s) or not s.indicators):
        indicator, ind_how = _from_previous(q, prev, prev_facts), "previous sentence"
    if indicator is None and h_ind and compatible(h_ind[0], q.unit):
        indicator, ind_how = h_ind, "heading"
    if not _is_fact(q, s, indicator, ind_how if indicator else None):
        return None
    ent = entity_for(q, s)
    entity, ent_how = (respectively(q, ent, s), "sentence") if ent else (None, None)
    if entity is None and prev is not None and prev.entities:
        named = [e for e in prev.entities if e.label != "CURRENCY"]
        entity, ent_how = (named[0].text, "previous sentence") if named else (None, None)
    if entity is None and h_ent:
        entity, ent_how = h_ent, "heading"
    if entity is None and doc_entity:
        entity, ent_how = doc_entity, "document"
    per = period_for(q, s)
    period, per_how = (per.label, "sentence") if per else (None, None)
    if period is None and prev is not None and prev.periods:
        period, per_how = prev.periods[0].label, "previous sentence"
    if period is None and h_per:
        period, per_how = h_per, "heading"
    if period is None and month:
        period, per_how = month, "document"
    unit = _unit(q, indicator[0] if indicator else None)
    return Fact(
        fact_id="",
        doc_id=doc_id,
        page=block.page,
        bbox=block.bbox,
        source="text",
        quote=g.original[s.start : s.end].strip(),
        raw=q.raw,
        value=q.value,
        unit=unit,
        decimals=q.decimals,
        qualifier=q.qualifier,
        value_low=q.low,
        value_high=q.high,
        change=q.change,
        entity=entity,
        entity_how=ent_how,
        indicator=indicator[0] if indicator else None,
        indicator_raw=indicator[1] if indicator else None,
        indicator_how=ind_how if indicator else None,
        period=period,
        period_how=per_how,
        block_id=block.block_id,
    )


def _from_previous(q: Quantity, prev: Sentence, prev_facts: list[Fact]) -> tuple[str, str] | None:
    for f in prev_facts:
        if f.indicator and f.indicator_raw and compatible(f.indicator, q.unit) and (q.unit is None or f.unit == q.unit):
            return f.indicator, f.indicator_raw
    for m in prev.indicators:
        if compatible(m.label, q.unit):
            return m.label, m.text
    return None
