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
from dataclasses import dataclass, replace
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
    is_currency,
    is_ratio,
    merge_entities,
    period_for,
    period_owner,
    respectively,
)
from .periods import dominant_month, previous_month
from .quantities import Quantity, find_quantities
from .words import read_toml, words

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


def _entity_mentions(spans: Sequence[Span]) -> tuple[Mention, ...]:
    """Entities under the name the gazetteer gives them ("T-bills" -> "Treasury bills")."""
    return tuple(Mention(s.start_char, s.end_char, s.ent_id_ or s.text, s.label_) for s in spans)


def stored_unit(q: Quantity, currency: str | None) -> Quantity:
    """The quantity in the units text facts are stored in (``[units]`` of linking.toml):
    index points -> "index", a fraction -> percent (rounded to 2 decimals), cents -> the
    document's currency."""
    w = words()

    def scaled(v: float | None, k: float, nd: int | None = None) -> float | None:
        return None if v is None else (round(v * k, nd) if nd is not None else v * k)

    if q.unit in w.subunits and currency:
        k = w.subunits[q.unit]
        return replace(q, value=scaled(q.value, k), low=scaled(q.low, k), high=scaled(q.high, k), unit=currency)
    if q.unit == "fraction":
        k = w.fraction_scale
        return replace(q, value=scaled(q.value, k, 2), low=scaled(q.low, k, 2), high=scaled(q.high, k, 2),
                       unit=w.unit_rename.get("fraction", "fraction"))
    if q.unit in w.unit_rename:
        return replace(q, unit=w.unit_rename[q.unit])
    return q


def _sentences(doc: Doc) -> Iterator[Sentence]:
    cites = [(c.start_char, c.end_char) for c in doc.spans["citations"]]
    ents = [m for m in _entity_mentions(doc.ents) if not any(a <= m.start < b for a, b in cites)]
    ents = merge_entities(ents, doc.text)
    qs = [stored_unit(s._.quantity, doc._.currency) for s in doc.spans["quantities"]]
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
            ents = [e for e in doc.ents if e.label_ not in ("ZONE", "NATION")]
            pers = list(doc.spans["periods"])
            self.cache[heading] = _Heading(
                (inds[0].label_, inds[0].text) if inds else None,
                (ents[0].ent_id_ or ents[0].text) if ents else None,
                pers[0]._.period.norm if pers else None,
            )
        return self.cache[heading]


def _is_fact(q: Quantity, s: Sentence, indicator: tuple[str, str] | None, how: str | None) -> bool:
    if q.unit in _NOT_FACT_UNITS:
        return False
    if any(p.start <= q.start and q.end <= p.end for p in s.periods):
        return False
    in_zone = any(e.label == "ZONE" and e.start <= q.start and q.end <= e.end for e in s.entities)
    if in_zone and not q.raw[:1].isdigit():  # "the five initial SEZs" names; "the 54 ETDZs" counts
        return False
    if q.unit is None:
        anaphoric = how == "previous sentence" and _anaphoric(s)
        counts = indicator is not None and "count" in words().compatible_units.get(indicator[0], ())
        return indicator is not None and (how == "sentence" or anaphoric) and bool(q.change or q.scale > 1 or counts)
    return True


def _anaphoric(s: Sentence) -> bool:
    low = s.string.lower()
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", low) for f in words().anaphora)


def _unit(q: Quantity, indicator: tuple[str, str] | None) -> str | None:
    if q.unit is None and indicator and "count" in words().compatible_units.get(indicator[0], ()):
        return "count"
    if q.unit is None and indicator and "index" in indicator[1].lower():  # "the trade-weighted index ... to 115.2"
        return "index"
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
        d._.currency, d._.year, d._.month = currency, year, month
        docs.append(d)
    facts: list[Fact] = []
    ctx = _Context(doc_id, headings, month, doc_entity, currency)
    for g, doc in zip(groups, nlp.pipe(docs, batch_size=64), strict=True):
        prev: Sentence | None = None
        prev_facts: list[Fact] = []
        for s in _sentences(doc):
            pairs = []
            for q in s.quantities:
                fact = _fact(ctx, g, s, q, prev, prev_facts)
                if fact is not None:
                    pairs.append((q, fact))
            current = _link_changes(s, pairs)
            facts.extend(current)
            prev, prev_facts = s, current or prev_facts
    return facts


@dataclass(frozen=True)
class _Context:
    doc_id: str
    headings: _Headings
    month: str | None
    doc_entity: str | None
    currency: str | None


_TO_LEVEL = re.compile(r"(?:\s+[a-z-]+){0,4}?\s+to\s+(?:[a-z]+\s+){0,3}")
_PAREN = re.compile(r"\s*\(\s*")


def _link_changes(s: Sentence, pairs: list[tuple[Quantity, Fact]]) -> list[Fact]:
    """A change and the level it leads to ("by 2% to $5,589 million", "a 41% upturn in round
    logs to 170 thousand cubic meters") are figures of one indicator and entity: the change
    takes the level's, and the one without a period of its own takes the other's. A change
    in a subunit takes the level's unit price ("by 80 cents to $7.30 per kWh"). A figure in
    a parenthesis right after another of the same unit ("13 percent (21.5 percent from 1998
    to 2007)"), or a comparative ("(74.4 percent less)"), is of the same indicator."""
    out = [f for _, f in pairs]
    for i in range(len(pairs) - 1):
        (a, fa), (b, fb) = pairs[i], pairs[i + 1]
        fa, fb = out[i], out[i + 1]
        if _PAREN.fullmatch(s.text[a.end : b.start]):
            same = fa.unit == fb.unit or (b.change or "") in words().comparatives
            if same and fa.indicator and (fb.indicator_how != "sentence" or fb.unit == fa.unit):
                out[i + 1] = replace(fb, indicator=fa.indicator, indicator_raw=fa.indicator_raw,
                                     indicator_how=fa.indicator_how, entity=fa.entity, entity_how=fa.entity_how)
            continue
        by = re.search(r"\bby\s+$", s.text[max(s.start, a.start - 4) : a.start])
        rate = by or (a.change is not None and (a.change.endswith(" by") or " " not in a.change))
        if not rate or not _TO_LEVEL.fullmatch(s.text[a.end : b.start]):
            continue
        new: dict[str, Any] = {}
        if fb.indicator:
            new.update(indicator=fb.indicator, indicator_raw=fb.indicator_raw, indicator_how=fb.indicator_how)
        if fb.entity and not re.search(r"\beach\b", s.text[a.end : b.start]):  # "by 2% each to": of all of them
            new.update(entity=fb.entity, entity_how=fb.entity_how)
        if fa.period_how != "sentence" and fb.period_how == "sentence":
            new.update(period=fb.period, period_how=fb.period_how)
        elif fb.period_how != "sentence" and fa.period_how == "sentence":
            out[i + 1] = replace(fb, period=fa.period, period_how=fa.period_how)
        if is_currency(fa.unit) and is_ratio(fb.unit) and (fb.unit or "").startswith(f"{fa.unit}/"):
            new.update(unit=fb.unit)
        out[i] = replace(fa, **new)
    return out


def _fact(
    ctx: _Context,
    g: _Group,
    s: Sentence,
    q: Quantity,
    prev: Sentence | None,
    prev_facts: list[Fact],
) -> Fact | None:
    block = g.block_at(q.start)
    h_ind, h_ent, h_per = ctx.headings.of(block.section)
    indicator, ind_how = indicator_for(q, s), "sentence"
    if indicator is None and prev is not None and (_anaphoric(s) or not s.indicators):
        indicator, ind_how = _from_previous(q, prev, prev_facts), "previous sentence"
    if indicator is None and h_ind and compatible(h_ind[0], q.unit):
        indicator, ind_how = h_ind, "heading"
    if indicator is None and q.unit in words().unit_indicators:
        name = words().unit_indicators[q.unit]
        indicator, ind_how = (name, name), "unit"
    if indicator and h_ind:  # "price" under a consumer price index heading is a retail price
        within = words().heading_indicators.get(h_ind[0], {})
        indicator = (within.get(indicator[0], indicator[0]), indicator[1])
    if not _is_fact(q, s, indicator, ind_how if indicator else None):
        return None
    entity, ent_how = _entity(ctx, s, q, indicator, prev, prev_facts, h_ent)
    if entity and indicator:
        remap = words().entity_indicators.get(entity, {})
        indicator = (remap.get(indicator[0], indicator[0]), indicator[1])
    period, per_how = _period(ctx, s, q, prev, h_per)
    unit = _unit(q, indicator)
    return Fact(
        fact_id="",
        doc_id=ctx.doc_id,
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


def _entity(
    ctx: _Context,
    s: Sentence,
    q: Quantity,
    indicator: tuple[str, str] | None,
    prev: Sentence | None,
    prev_facts: list[Fact],
    h_ent: str | None,
) -> tuple[str | None, str | None]:
    """Whom ``q`` is about: a currency pair for an exchange rate ("SBD vs USD"), the zones a
    count counts ("54 state-level HIDZs"), the sentence, the sector of the indicator, the
    previous sentence (the entity of its figure of the same indicator first), the heading,
    the document."""
    unit = q.unit or ""
    if is_ratio(unit) and all(is_currency(u) for u in unit.split("/")):
        return unit.replace("/", " vs "), "unit"
    zones = _counted_zones(q, s, indicator)
    if zones:
        return zones, "sentence"
    ent = entity_for(q, s)
    if ent is not None and ent.label == "NATION":
        return (ctx.doc_entity or ent.text), "sentence"
    if ent is not None:
        return respectively(q, ent, s), "sentence"
    default = words().default_entity.get(indicator[0]) if indicator else None
    if default and (ctx.currency or "{" not in default):
        return default.replace("{currency}", ctx.currency or ""), "indicator"
    if prev is not None:
        same = [f.entity for f in prev_facts if f.entity and indicator and f.indicator == indicator[0]]
        if same:
            return same[0], "previous sentence"
        named = [e for e in prev.entities if e.label not in ("CURRENCY", "NATION")]
        if named:
            return named[0].text, "previous sentence"
    if h_ent:
        return h_ent, "heading"
    if ctx.doc_entity:
        return ctx.doc_entity, "document"
    return None, None


@cache
def _zone_nouns() -> re.Pattern[str]:
    forms = read_toml("indicators.toml")["indicators"]["number of zones"]
    alt = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"\s+(?:(?:are|were)\s+)?(?P<np>(?:[\w-]+\s+){{0,2}}?(?:{alt}))(?![\w-])")


def _counted_zones(q: Quantity, s: Sentence, indicator: tuple[str, str] | None) -> str | None:
    """ "the 54 state-level HIDZs", "61 EPZs have been set up", "222 are state-level zones":
    a count of zones is about the zones it counts."""
    if indicator is None or indicator[0] != "number of zones" or not q.raw[:1].isdigit():
        return None
    m = _zone_nouns().match(s.text, q.end)
    return m.group("np") if m and m.end() <= s.end else None


def _present(s: Sentence) -> bool:
    low = s.string.lower()
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", low) for f in words().present)


_FROM = re.compile(r"\bfrom\s+(?:(?:an?|the)\s+)?(?:[a-z]+\s+){0,3}$")
_FROM_TO = re.compile(r"\s+(?:[a-z]+\s+){0,2}?to\s+(?:[a-z]+\s+){0,3}")
_TO_FROM = re.compile(r"\s+(?:[a-z]+\s+)?from\s+(?:(?:an?|the)\s+)?(?:[a-z]+\s+){0,2}")


def _starting_value(q: Quantity, s: Sentence) -> bool:
    """ "from X to Y" or "to Y from X": X is the starting value."""
    begin = q.qualifier_start if q.qualifier_start is not None else q.start
    if not _FROM.search(s.text[max(s.start, begin - 40) : begin]):
        return False
    return any(
        (b.start > q.end and _FROM_TO.fullmatch(s.text[q.end : b.start]))
        or (b.end < begin and _TO_FROM.fullmatch(s.text[b.end : begin]))
        for b in s.quantities
    )


def _period(
    ctx: _Context, s: Sentence, q: Quantity, prev: Sentence | None, h_per: str | None
) -> tuple[str | None, str | None]:
    """When ``q`` was: the sentence; the starting value of a "from X to Y" with no period of
    its own is the month before in a monthly report, else unknown; a sentence whose periods
    are all said of other figures, or that speaks of the present ("Currently", "So far"),
    takes none from elsewhere; else the previous sentence, the heading, the document."""
    per = period_for(q, s)
    if _starting_value(q, s) and not (per is not None and period_owner(per, s) is q):
        return (previous_month(ctx.month), "document") if ctx.month else (None, None)
    if per is not None:
        return per.label, "sentence"
    if _present(s):
        return None, None
    if prev is not None and prev.periods and not s.periods:
        return prev.periods[0].label, "previous sentence"
    if h_per:
        return h_per, "heading"
    if ctx.month:
        return ctx.month, "document"
    return None, None


def _from_previous(q: Quantity, prev: Sentence, prev_facts: list[Fact]) -> tuple[str, str] | None:
    for f in prev_facts:
        same_unit = q.unit is None or f.unit == q.unit or (is_ratio(f.unit) and is_ratio(q.unit))
        if f.indicator and f.indicator_raw and compatible(f.indicator, q.unit) and same_unit:
            return f.indicator, f.indicator_raw
    for m in prev.indicators:
        if compatible(m.label, q.unit):
            return m.label, m.text
    return None
