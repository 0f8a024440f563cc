"""Facts from running text: one :class:`~extractor.records.Fact` per reported figure.

``text_facts`` joins each body block (footnotes included) with the blocks that continue it
across a page break, masks footnote markers, runs the spaCy pipeline of ``components.py``
over the texts (``nlp.pipe``, sentences from the sentencizer) and links each figure to its
indicator, entity and period: in the sentence, else the paragraph's earlier sentences
(a generic "the zones" or "their" standing for what they named; a period carried on from
figure to figure, moved on by "three years later"), else the heading, else the document
(its metadata's country, its report month; ``*_how`` says which). ``quantities`` lists
every quantity in a text.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span

from ..records import Block, Fact, Table
from .components import pipeline
from .introduced import introduced, mark
from .linking import (
    POPULATION,
    entity_for,
    in_cause,
    indicator_for,
    merge_entities,
    paren_depth,
    period_for,
    period_owner,
    rate_or_share,
    respectively,
)
from .open_names import proper_names, subject_names, subject_of
from .periods import BOUND, dominant_month, previous_month, relative_years, years_before
from .quantities import Quantity, find_quantities
from .sentence import Mention, Sentence, clause_of, compatible, is_currency, is_ratio
from .tables import period_in
from .words import indicator_names, read_jsonl, read_toml, words

TEXT_KINDS = ("paragraph", "list_item", "heading", "footnote")
_NOT_FACT_UNITS = frozenset({"years", "decades", "weeks", "days", "hours", "minutes", "seconds", "quarters",
                             "years_of_age", "months_of_age"})
_SIZE_UNITS = frozenset({"lb", "kg", "g", "mg", "litre", "gal", "oz"})


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


#: a footnote's marker: at its start, or where a second note begins after the first ends
_FOOTNOTE_MARK = re.compile(r"(?:^|(?<=[.)]\s))\d{1,2}(?=\s+[A-Z])")
_SECTION_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?(?=\s+[A-Z])")


def _mask_markers(block: Block) -> str:
    if block.kind == "footnote":  # its own marker ("1 The percentage change ...") is no figure
        return _FOOTNOTE_MARK.sub(lambda m: " " * len(m.group(0)), block.text)
    text = block.text
    if block.kind == "heading":  # nor is a heading's number ("4 Empirical strategies", "2.3. Data")
        text = _SECTION_NUMBER.sub(lambda m: " " * len(m.group(0)), text)
    if not block.note_refs:
        return text
    refs = set(block.note_refs)

    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0)) if m.group(0) in refs else m.group(0)

    # a note marker glued to a word ("billion.5"), or bracketed after one ("people (13).")
    return re.sub(r"(?<=[A-Za-z%.,;:)\]”’\"])\d{1,3}(?=[\s.,;:)]|$)|(?<=\w\s\()\d{1,3}(?=\))", blank, text)


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

    sub, _, per = (q.unit or "").partition("/")
    currency = w.subunit_currency.get(sub, currency)  # "470 pence" is sterling whatever the document's
    if sub in w.subunits and currency:  # "80 cents" -> 0.8 SBD; "7 cents per litre" -> 0.07 SBD/litre
        k = w.subunits[sub]
        unit = f"{currency}/{per}" if per else currency
        return replace(q, value=scaled(q.value, k), low=scaled(q.low, k), high=scaled(q.high, k), unit=unit)
    if q.unit == "fraction":
        k = w.fraction_scale
        return replace(q, value=scaled(q.value, k, 2), low=scaled(q.low, k, 2), high=scaled(q.high, k, 2),
                       unit=w.unit_rename.get("fraction", "fraction"))
    if q.unit in w.unit_rename:
        return replace(q, unit=w.unit_rename[q.unit])
    return q


_DETERMINERS = ("the", "these", "those")


def _sentences(doc: Doc) -> Iterator[Sentence]:
    text = doc.text  # joined from the tokens on each access: read it once
    cites = [(c.start_char, c.end_char) for c in doc.spans["citations"]]
    ents = [m for m in _entity_mentions(doc.ents) if not any(a <= m.start < b for a, b in cites)]
    ents = merge_entities(ents, text)
    qs = [stored_unit(s._.quantity, doc._.currency) for s in doc.spans["quantities"]]
    periods = tuple(Mention(s.start_char, s.end_char, s.text, s._.period.norm) for s in doc.spans["periods"])
    # the words of a zone's name ("the initial SEZs", "the 54 ETDZs") are not indicators;
    # those of a bare plural may be ("54 HIDZs", "the number of HIDZs")
    zones = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ZONE" and e[0].lower_ in _DETERMINERS]
    named = [m for m in _mentions(doc.spans["indicators"]) if not any(a <= m.start < b for a, b in zones)]
    inds = tuple(_of_goods(m, ents, text) for m in named)
    for sent in doc.sents:
        a, b = sent.start_char, sent.end_char
        yield Sentence(
            text,
            a,
            b,
            tuple(q for q in qs if a <= q.start < b),
            tuple(m for m in inds if a <= m.start < b),
            tuple(m for m in ents if a <= m.start < b),
            tuple(m for m in periods if a <= m.start < b),
        )


def _of_goods(m: Mention, ents: list[Mention], text: str) -> Mention:
    """An indicator word read differently right after the name of a good ("copra production"
    is a production volume, not the production index): ``[goods_indicators]`` of linking.toml."""
    other = words().goods_indicators.get(m.label)
    goods = [e for e in ents if e.label in ("COMMODITY", "GROUP") and e.end <= m.start
             and re.fullmatch(r"\s*", text[e.end : m.start])]
    return Mention(m.start, m.end, m.text, other) if other and goods else m


@cache
def _countries() -> re.Pattern[str]:
    names = sorted(_country_names(), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(n) for n in names)})(?![\w-])")


@cache
def _country_names() -> dict[str, str]:
    """Each country's name as written -> the name facts are stored under."""
    return {p["pattern"]: p.get("id") or p["pattern"] for p in read_jsonl("countries.jsonl")}


def _document_entity(groups: list[_Group]) -> str | None:
    """The country the text names most (as written: "Turkey", not "turkey")."""
    counts = Counter(_country_names()[m.group(0)] for g in groups for m in _countries().finditer(g.text))
    best = counts.most_common(1)
    return best[0][0] if best else None


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
            ents = [e for e in doc.ents if e.label_ not in ("ZONE", "NATION", POPULATION)]
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
    if q.unit in _SIZE_UNITS and re.search(r"\w\s*\($", s.text[max(0, q.start - 3) : q.start]) \
            and re.match(r"\s*\)", s.text[q.end : q.end + 3]):  # a pack size: "solrice (40lb)"
        return False
    if any(p.start <= q.start and q.end <= p.end for p in s.periods):
        return False
    in_zone = any(e.label == "ZONE" and e.start <= q.start and q.end <= e.end for e in s.entities)
    if in_zone and not q.raw[:1].isdigit():  # "the five initial SEZs" names; "the 54 ETDZs" counts
        return False
    if q.unit is None and _AGE.search(s.text[max(s.start, q.start - 30) : q.start]):
        return False
    if q.unit is None:
        anaphoric = how == "previous sentence" and _anaphoric(s)
        allowed = words().compatible_units.get(indicator[0], ()) if indicator is not None else ()
        counts = "count" in allowed or "coefficient" in allowed
        return indicator is not None and (how == "sentence" or anaphoric) and bool(q.change or q.scale > 1 or counts)
    return True


#: a bare number that bounds an age group ("under 16", "between the ages of 17 and 44")
_AGE = re.compile(
    r"\b(?:(?:ages?|aged)\s+(?:of\s+)?(?:between\s+)?(?:\d+\s+(?:and|to)\s+)?|(?:under|over)\s+)$", re.IGNORECASE
)


def _anaphoric(s: Sentence) -> bool:
    low = s.string.lower()
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", low) for f in words().anaphora)


def _unit(q: Quantity, indicator: tuple[str, str] | None) -> str | None:
    share = indicator and indicator[0].startswith("share of") and q.scale == 1 and 0 < (q.value or 0) <= 100
    if q.unit is None and share:  # "the share rose to 35.1"
        return "percent"
    allowed = words().compatible_units.get(indicator[0], ()) if indicator else ()
    if q.unit is None and "count" in allowed:
        return "count"
    if q.unit is None and "coefficient" in allowed:  # "The correlation ... is 0.52"
        return "coefficient"
    index = indicator and ("index" in indicator[1].lower() or "index" in words().compatible_units.get(indicator[0], ()))
    if q.unit is None and index:  # "the trade-weighted index ... to 115.2", "the MPI rose from 112 to 118"
        return "index"
    return q.unit


def text_facts(
    doc_id: str,
    blocks: Sequence[Block],
    currency: str | None,
    country: str | None = None,
    tables: Sequence[Table] = (),
    publisher: str | None = None,
) -> list[Fact]:
    """One fact per figure reported in the body text of ``blocks`` (fact_id left empty).
    ``country`` (the document's, from its metadata) is whom figures are about when nothing
    in the text says; without it, the country the text names most. A sentence that cites
    one of ``tables`` ("the figures cited in table 2.4") takes the period of its caption.
    ``publisher`` (from the metadata) and its initials name a body the text may speak of."""
    groups = _groups(blocks)
    if not groups:
        return []
    month = dominant_month(g.text for g in groups)
    year = int(month[:4]) if month else None
    doc_entity = country or _document_entity(groups)
    headings = _Headings(year)
    nlp = pipeline()
    docs = []
    for g in groups:
        d = nlp.make_doc(g.text)
        d._.currency, d._.country, d._.year, d._.month = currency, doc_entity, year, month
        docs.append(d)
    facts: list[Fact] = []
    cited = {_key(t.label): p for t in tables if t.label and (p := period_in(t.caption or ""))}
    ctx = _Context(doc_id, headings, month, doc_entity, currency, cited, proper_names(g.text for g in groups))
    done = list(nlp.pipe(docs, batch_size=64))
    names = introduced((g.text for g in groups), publisher)  # "the town of Xiqiao": then every "Xiqiao"
    for g, doc in zip(groups, done, strict=True):
        doc = mark(doc, names)
        history: list[tuple[Sentence, list[Fact]]] = []  # the paragraph's sentences so far
        prev_facts: list[Fact] = []
        for s in _sentences(doc):
            s, subjects = subject_names(s, ctx.names)
            pairs = []
            for q in s.quantities:
                fact = _fact(ctx, g, s, q, history, prev_facts, subjects.get(q.start))
                if fact is not None:
                    pairs.append((q, fact))
            current = _parallel_shares(s, pairs, _link_changes(s, pairs))
            facts.extend(current)
            history.append((s, current))
            prev_facts = current or prev_facts
    return facts


@dataclass(frozen=True)
class _Context:
    doc_id: str
    headings: _Headings
    month: str | None
    doc_entity: str | None
    currency: str | None
    table_periods: dict[str, str]  # "table2.4" -> the period of its caption
    names: frozenset[str] = frozenset()  # words the document capitalises mid-sentence, never lower-cased


_OWN_TARGET = re.compile(r"\s+(?:of|in|for|on|to|from|points?|percentage)\b", re.IGNORECASE)


def _parallel_shares(s: Sentence, pairs: list[tuple[Quantity, Fact]], facts: list[Fact]) -> list[Fact]:
    """ "53.2% of the respondents were able to answer ..., whereas 46.8% had at least one
    incorrect answer": a percentage that names nothing of its own (what follows it is a
    verb, not "of ...") is a share of the same whole as the percentage before it."""
    out = list(facts)
    for i in range(1, len(pairs)):
        q, f = pairs[i][0], out[i]
        if f.unit != "percent" or f.indicator_how == "sentence" or _OWN_TARGET.match(s.text, q.end):
            continue
        depth = paren_depth(s, q.start)  # "20% of sales (25% of shelf space) compared to 10%": not the aside's
        before = [g for (x, _), g in zip(pairs[:i], out[:i], strict=True) if g.unit == "percent"
                  and (g.indicator or "").startswith("share of") and paren_depth(s, x.start) == depth]
        if before:
            g = before[-1]
            out[i] = replace(f, indicator=g.indicator, indicator_raw=g.indicator_raw, indicator_how=g.indicator_how,
                             entity=g.entity, entity_how=g.entity_how)
    return out


_TO_LEVEL = re.compile(r"(?:\s+[a-z-]+){0,4}?\s+(?:to|at)\s+(?:[a-z]+\s+){0,3}")
_PAREN = re.compile(r"\s*\(\s*")
_RESTATED = re.compile(r",?\s+or\s+")


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
        if _RESTATED.fullmatch(s.text[a.end : b.qualifier_start if b.qualifier_start is not None else b.start]):
            if fa.indicator and not fb.indicator:  # "lost 190 points, or 0.6%": the same change, restated
                out[i + 1] = fb = replace(fb, indicator=fa.indicator, indicator_raw=fa.indicator_raw,
                                          indicator_how=fa.indicator_how)
            if fa.entity and not fb.entity:
                out[i + 1] = replace(fb, entity=fa.entity, entity_how=fa.entity_how)
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
        if not fb.indicator and fa.indicator:  # "the contract was up 19 cents at $58.24": the level is of it too
            out[i + 1] = replace(out[i + 1], indicator=fa.indicator, indicator_raw=fa.indicator_raw,
                                 indicator_how=fa.indicator_how)
        out[i] = replace(fa, **new)
    return out


def _fact(
    ctx: _Context,
    g: _Group,
    s: Sentence,
    q: Quantity,
    history: list[tuple[Sentence, list[Fact]]],
    prev_facts: list[Fact],
    subject: str | None = None,
) -> Fact | None:
    """The fact of figure ``q``; ``subject`` is the name opening its clause, if any."""
    block = g.block_at(q.start)
    prev = history[-1][0] if history else None
    h_ind, h_ent, h_per = ctx.headings.of(block.section)
    indicator, ind_how = indicator_for(q, s), "sentence"
    if indicator is not None and indicator[0] not in indicator_names():
        ind_how = "open"  # named in the sentence's own words, not the vocabulary's
    if indicator is None and prev is not None and (_anaphoric(s) or not s.indicators):
        indicator, ind_how = _from_previous(q, prev, prev_facts), "previous sentence"
        if indicator:  # "The figure for the ETDZs was ..., about 22 percent of the national total."
            indicator = (rate_or_share(q, s, indicator[0]), indicator[1])
    if indicator is None and h_ind and compatible(h_ind[0], q.unit):
        indicator, ind_how = h_ind, "heading"
    by_unit = words().unit_indicators.get(q.unit or "")
    pieces = words().unit_indicators.get((q.noun or q.raw.split()[-1]).lower())  # "9 billion pairs"
    counted = indicator is not None and words().compatible_units.get(indicator[0]) == frozenset({"count"})
    if (by_unit and indicator is None) or (pieces and (indicator is None or ind_how != "sentence" or counted)):
        name = by_unit or pieces or ""
        indicator, ind_how = (name, name), "unit"
    if indicator and h_ind:  # "price" under a consumer price index heading is a retail price
        within = words().heading_indicators.get(h_ind[0], {})
        indicator = (within.get(indicator[0], indicator[0]), indicator[1])
    if not _is_fact(q, s, indicator, ind_how if indicator else None):
        return None
    entity, ent_how = _entity(ctx, s, q, indicator, history, h_ent, subject)
    if entity and indicator:
        remap = words().entity_indicators.get(entity, {})
        indicator = (remap.get(indicator[0], indicator[0]), indicator[1])
    period, per_how = _period(ctx, s, q, history, h_per)
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
    history: list[tuple[Sentence, list[Fact]]],
    h_ent: str | None,
    subject: str | None = None,
) -> tuple[str | None, str | None]:
    """Whom ``q`` is about: a currency pair for an exchange rate ("SBD vs USD"), the zones a
    count counts ("54 state-level HIDZs"), the sentence (``subject``, the name opening the
    clause, before a nationality adjective), the sector of the indicator, the
    paragraph's earlier sentences, latest first (the entity of a figure of the same
    indicator first), the heading, the document. A generic name ("the four zones") stands
    for the zones named last before it."""
    unit = q.unit or ""
    if is_ratio(unit) and all(is_currency(u) for u in unit.split("/")):
        return unit.replace("/", " vs "), "unit"
    zones = _counted_zones(q, s, indicator)
    if zones:
        return zones, "sentence"
    ent = entity_for(q, s)
    if subject and (ent is None or ent.label == "NATION"):  # the name opening the clause, not "German" later
        return subject, "sentence"
    if ent is not None and ent.label == "NATION":
        return (ctx.doc_entity or ent.text), "sentence"
    if ent is not None:
        return _antecedent(ent, s, history) or respectively(q, ent, s), "sentence"
    of = subject_of(q, s)  # "total operating costs of vocational institutions amounted to ..."
    if of:
        return of, "sentence"
    default = words().default_entity.get(indicator[0]) if indicator else None
    if default and (ctx.currency or "{" not in default):
        return default.replace("{currency}", ctx.currency or ""), "indicator"
    for back, (ps, pfacts) in enumerate(reversed(history)):
        how = "previous sentence" if back == 0 else "paragraph"
        same = [f.entity for f in pfacts if f.entity and indicator and f.indicator == indicator[0]]
        if same:
            return same[0], how
        said = {f.entity for f in pfacts}  # a group of people is carried on only if a figure was said of it
        named = [e for e in ps.entities if e.label not in ("CURRENCY", "NATION") and not in_cause(e, ps)
                 and (e.label != POPULATION or e.text in said)]
        if named:
            return _antecedent(named[0], ps, history[: len(history) - back - 1]) or named[0].text, how
    if h_ent:
        return h_ent, "heading"
    if ctx.doc_entity:
        return ctx.doc_entity, "document"
    return None, None


def _antecedent(ent: Mention, s: Sentence, history: list[tuple[Sentence, list[Fact]]]) -> str | None:
    """The zones a generic name ("the zones", "these four zones") stands for: the last
    zones named by name before it, in its sentence or the paragraph's earlier ones."""
    if ent.label != "ZONE" or not _GENERIC_ZONES.fullmatch(ent.text):
        return None
    before = [e for e in s.entities if e.end <= ent.start]
    for mentions in (before, *(ps.entities for ps, _ in reversed(history))):
        named = [e for e in mentions if e.label == "ZONE" and not _GENERIC_ZONES.fullmatch(e.text)]
        if named:
            return named[-1].text
    return None


_GENERIC_ZONES = re.compile(r"(?:the|these|those)(?:\s+[a-z-]+)*?\s+(?:zones|parks|areas)", re.IGNORECASE)


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


_SCENE = re.compile(r"\s*In\s+(?:the\s+)?", re.IGNORECASE)


def _new_scene(s: Sentence, history: list[tuple[Sentence, list[Fact]]]) -> bool:
    """ "In Wenzhou, the municipal government invested ...": a sentence that opens on a
    place (or zone, or firm) the sentence before did not name moves to another example, and
    takes no period from the sentences before it."""
    opening = _SCENE.match(s.text, s.start)
    comma = s.text.find(",", s.start, s.end)
    if opening is None or comma < 0:
        return False
    named = [m for m in s.entities if m.label not in ("CURRENCY", "NATION") and opening.end() <= m.start
             and m.end <= comma]
    if not named:
        return False
    before = history[-1][0].string.lower() if history else ""
    return named[0].text.lower() not in before


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
    ctx: _Context, s: Sentence, q: Quantity, history: list[tuple[Sentence, list[Fact]]], h_per: str | None
) -> tuple[str | None, str | None]:
    """When ``q`` was: the sentence; the starting value of a "from X to Y" with no period of
    its own is the month before in a monthly report, else unknown; an annual change in a
    monthly report runs from the end of the previous year to the report month; a sentence
    whose periods are all said of other figures, or that speaks of the present
    ("Currently", "So far"), takes none from elsewhere; else the paragraph's latest period
    (moved on by "three years later") if the sentence before names one, the heading, the document."""
    per = period_for(q, s)
    if per is not None and per.end <= q.start and _says_between(s, per.end, q.start, words().now):
        return None, None  # "opened its first store in 1973 and now has 56 stores"
    if per is not None and per.label.startswith(BOUND):
        return None, None  # "less than 7% of sales before 1997": an open interval, no period
    if _starting_value(q, s) and not (per is not None and period_owner(per, s) is q):
        return (previous_month(ctx.month), "document") if ctx.month else (None, None)
    if per is not None:
        back = years_before(s.text, q.end)  # "In 1995, ... 20% ... compared to 10% ten years before"
        if back and re.fullmatch(r"\d{4}", per.label):
            return str(int(per.label) - back), "sentence"
        return _since(q, s, per), "sentence"
    cites = [ctx.table_periods.get(_key(m.group(0))) for m in _TABLE_REF.finditer(s.text, s.start, s.end)]
    if any(cites):
        return next(c for c in cites if c), "table"
    if ctx.month and q.change and _says(s, words().year_to_date):
        return f"{int(ctx.month[:4]) - 1:04d}-12/{ctx.month}", "sentence"
    if _present(s) or _new_scene(s, history):
        return None, None
    if not s.periods or _says(s, words().same_period) or relative_years(s.string):
        for back, (ps, pfacts) in enumerate(reversed(history)):
            carried = [f.period for f in pfacts if f.period and f.period_how in ("sentence", "previous sentence")]
            if back == 0 and not ps.periods and carried:  # a chain of figures in one period
                return carried[0], "previous sentence"
            if not ps.periods:
                continue
            framing = [p for p in ps.periods if period_owner(p, ps) is None]
            if not framing:  # "... rose to 4,000 in 1985.": said of that figure, not of the next sentence
                break
            first = framing[0]
            label, later = first.label, relative_years(s.string)
            if later and re.fullmatch(r"\d{4}", label):
                return str(int(label) + later), "sentence"
            if back == 0:  # a day of the report month ("at the end of November") dates only its stock
                month = ctx.month if ctx.month and label.startswith(f"{ctx.month}-") else None
                return month or label, "previous sentence"
            break
    lead = _leading_period(q, s)
    if lead:
        return lead, "sentence"
    if h_per:
        return h_per, "heading"
    if ctx.month:
        return ctx.month, "document"
    return None, None


def _leading_period(q: Quantity, s: Sentence) -> str | None:
    """ "Headline inflation was 7.5% in October, ..., while core inflation eased to 5.0%": a
    figure in a later clause, with no period of its own, is of the period of the sentence's
    first figure."""
    first = s.quantities[0] if s.quantities else None
    if first is None or first is q or clause_of(first.start, s) == clause_of(q.start, s):
        return None
    own = [p for p in s.periods if period_owner(p, s) is first]
    return own[0].label if own else None


_TABLE_REF = re.compile(r"\b[Tt]able\s+[A-Z]?\d+(?:\.\d+)*")


def _key(label: str) -> str:
    return re.sub(r"\s+", "", label).lower()


def _since(q: Quantity, s: Sentence, per: Mention) -> str:
    """ "Since 1978, exports have grown by 17 percent a year, reaching ... in 2008": a rate
    since a year runs to the latest year the sentence names ("1978-2008")."""
    since = re.search(r"\bsince\b[^,;]*$", s.text[max(s.start, per.start - 60) : per.start], re.IGNORECASE)
    if q.unit != "percent" or since is None or not re.fullmatch(r"\d{4}", per.label):
        return per.label
    later = [p.label for p in s.periods if re.fullmatch(r"\d{4}", p.label) and p.label > per.label]
    return f"{per.label}-{max(later)}" if later else per.label


def _says_between(s: Sentence, a: int, b: int, forms: tuple[str, ...]) -> bool:
    low = s.text[a:b].lower()
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", low) for f in forms)


def _says(s: Sentence, forms: tuple[str, ...]) -> bool:
    return _says_between(s, s.start, s.end, forms)


def _from_previous(q: Quantity, prev: Sentence, prev_facts: list[Fact]) -> tuple[str, str] | None:
    for f in prev_facts:
        same_unit = q.unit is None or f.unit == q.unit or (is_ratio(f.unit) and is_ratio(q.unit))
        if f.indicator and f.indicator_raw and compatible(f.indicator, q.unit) and same_unit:
            return f.indicator, f.indicator_raw
    for m in prev.indicators:
        if compatible(m.label, q.unit):
            return m.label, m.text
    return None
