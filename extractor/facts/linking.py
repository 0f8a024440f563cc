"""Linking a figure to its indicator, entity and period within one sentence.

Offsets are character offsets into the text the sentence belongs to. Each ``*_for``
function returns the mention it picked or None; the caller falls back to the previous
sentence, the heading and the document (see ``text.py``).
"""
from __future__ import annotations

import re
from functools import cache

from .open_names import open_count, open_share, open_subject, plain_name
from .quantities import Quantity
from .sentence import SHARE_UNITS, Mention, Sentence, clause_of, compatible, is_currency, is_ratio
from .shares import as_base, as_share, modified_share, scoped_share, share_name, share_word, subject_share
from .words import indicator_forms, indicator_names, words


def _between(qs: tuple[Quantity, ...], a: int, b: int, skip: Quantity) -> int:
    lo, hi = min(a, b), max(a, b)
    return sum(1 for q in qs if q is not skip and lo <= q.start and q.end <= hi)


def indicator_for(q: Quantity, s: Sentence) -> tuple[str, str] | None:
    """(canonical, as written) for ``q`` from the indicators of sentence ``s``: the one the
    figure names inside or right after it, else the nearest in its clause, else in the sentence."""
    inner = [m for m in s.indicators if q.start < m.start and m.end <= q.end]
    if inner:  # "13.3 months of imports"
        return inner[0].label, inner[0].text
    astride = [m for m in s.indicators if q.start < m.start < q.end < m.end and compatible(m.label, q.unit)]
    if astride:  # "8 percent of GDP" ("percent of GDP" is a form of the share)
        return astride[0].label, astride[0].text
    if q.unit in ("count", None) or is_currency(q.unit):
        verb = _verb_before(q, s)
        if verb:
            return verb
    if q.unit == "count" and q.noun:
        noun = q.noun.lower()
        for m in s.indicators:
            near = q.end <= m.start and m.end <= q.end + 40
            same = noun in m.text.lower() or m.text.lower() in noun  # "2,480 new patents"
            if near and same and compatible(m.label, "count"):
                return m.label, m.text
        named = indicator_forms().get(noun) or indicator_forms().get(noun.split()[-1])  # "the 54 national ETDZs"
        if named and compatible(named, "count"):
            return named, q.noun
    scoped = scoped_share(q, s)
    if scoped:
        return scoped
    right = _right_target(q, s)
    if right:
        return subject_share(q, s, right)
    opened = open_share(q, s) or _open_subject(q, s)
    if opened:
        return opened
    share = share_word(q, s)
    if share:
        return share
    found = _indicator_for(q, s) or _indicator_for(q, s, shares=True)
    return _done_to(q, s, found) if found else open_count(q)  # "52 hypermarkets"


def _open_subject(q: Quantity, s: Sentence) -> tuple[str, str] | None:
    """The subject of ``q``'s clause when no vocabulary indicator is named before ``q`` in it."""
    a, _ = clause_of(q.start, s)
    if any(a <= m.start and m.end <= q.start and compatible(m.label, q.unit) for m in s.indicators):
        return None
    return open_subject(q, s)


def _verb_before(q: Quantity, s: Sentence) -> tuple[str, str] | None:
    """ "they employed 6.6 million people": a count right after a verb that names an
    indicator ("employed") is of it; "makes 9 billion pairs of socks" is a production
    volume, "invested RMB 557 million" an investment (``production_verbs``)."""
    begin = q.qualifier_start if q.qualifier_start is not None else q.start
    before = s.text[max(s.start, begin - 30) : begin]
    if not is_currency(q.unit):
        for m in s.indicators:
            if m.end <= begin and not s.text[m.end : begin].strip() and compatible(m.label, "count"):
                return m.label, m.text
    verb = re.search(r"(?<![\w-])(?P<v>[a-z]+)\s+(?:(?:an?|the|some|about)\s+)?$", before)
    label = words().production_verbs.get(verb.group("v")) if verb else None
    if verb and label and compatible(label, q.unit):
        return label, verb.group("v")
    return None


_PASSIVE = re.compile(r"\s+(?:was|were|is|are|had\s+been|has\s+been|have\s+been)\s+(?P<verb>[a-z]+ed)\b")


def _done_to(q: Quantity, s: Sentence, found: tuple[str, str]) -> tuple[str, str]:
    """ "Treasury bills tendered was $14 million while $12 million was accepted": what
    was done to the figure names the entry of the same thing ("treasury bills accepted")."""
    m = _PASSIVE.match(s.text, q.end)
    if m is None:
        return found
    head = found[0].rsplit(" ", 1)[0] if " " in found[0] else found[0]
    for name in (f"{found[0]} {m.group('verb')}", f"{head} {m.group('verb')}"):
        if name in indicator_names() and name != found[0]:
            return name, found[1]
    return found


def _indicator_for(q: Quantity, s: Sentence, shares: bool = False) -> tuple[str, str] | None:
    """The nearest indicator that takes the unit of ``q``, in its clause, else in the
    sentence; with ``shares``, a percentage of a counted indicator before it is its share."""
    mentions = [as_share(m, q.unit) if shares and m.end <= q.start else as_base(m, q.unit) for m in s.indicators]
    usable = [m for m in mentions if compatible(m.label, q.unit) and not (m.end > q.start and m.start < q.end)]
    if is_ratio(q.unit):  # a unit price: an indicator that takes prices, if the sentence has one
        declared = [m for m in usable if "ratio" in words().compatible_units.get(m.label, ())]
        usable = declared or usable
    a, b = clause_of(q.start, s)
    best = _nearest(q, s, [m for m in usable if a <= m.start and m.end <= b]) or _nearest(q, s, usable)
    if best is None:
        return None
    label, text = _balance(best, s)
    return rate_or_share(q, s, label), text


def _nearest(q: Quantity, s: Sentence, ms: list[Mention]) -> Mention | None:
    left = [m for m in ms if m.end <= q.start and not _is_of_target(m, s)]
    if left:
        return max(left, key=lambda m: (-_between(s.quantities, m.end, q.start, q) if q.unit != "count" else 0, m.end))
    after = [m for m in ms if m.start >= q.end and m.start - q.end < 80]
    return min(after, key=lambda m: m.start) if after else None


def _balance(m: Mention, s: Sentence) -> tuple[str, str]:
    """A bare "deficit"/"surplus" names the balance the sentence names, else the budget's."""
    if m.text.lower() not in words().signs:
        return m.label, m.text
    named = [x for x in s.indicators if x.label.endswith("balance") and x.text.lower() not in words().signs]
    return (named[0].label, named[0].text) if named else ("budget balance", m.text)


def rate_or_share(q: Quantity, s: Sentence, label: str) -> str:
    """ "growing at an average annual rate of 9 percent" -> the rate entry (GDP growth);
    "20 percent of the national total" -> the share entry (share of FDI)."""
    if q.unit != "percent":
        return label
    begin = q.qualifier_start if q.qualifier_start is not None else q.start
    if label in words().growth_rates and re.search(r"\brate\s+of\s+$", s.text[max(s.start, begin - 20) : begin]):
        return words().growth_rates[label]
    if re.match(r"\s+of\s+(?:the\s+)?(?:[\w'\u2019]+\s+)?total\b", s.text[q.end : q.end + 40]):
        shares = sorted(n for n in indicator_names() if n.startswith("share of ") and n[9:] in label)
        named = share_name(label)
        if named:
            return named
        if shares:
            return max(shares, key=len)
    return label


def _right_target(q: Quantity, s: Sentence) -> tuple[str, str] | None:
    """ "22 percent of total exports" -> share of exports; "a 76% surge in exports" -> exports."""
    head = s.text[q.end : q.end + 30]
    of = re.match(r"\s+of\s+", head) if q.unit in SHARE_UNITS else None
    noun = re.match(r"\s+\w+\s+in\s+", head) if q.change and " " not in q.change else None
    on = re.match(r"\s+(?:(?:was|were|is|are)\s+)?(?:spent\s+)?on\s+", head)
    # "of whom 0.9 million were R&D personnel"
    be = re.match(r"\s+(?:were|are)\s+", head) if q.unit in ("count", None) and not q.noun else None
    lead = of or noun or on or be
    if lead is None:
        return None
    first = q.end + (1 if of else len(lead.group(0)))
    for m in s.indicators:
        words_between = re.fullmatch(r"[\s\w'\u2019&-]*", s.text[q.end + len(lead.group(0)) : m.start])
        if first <= m.start <= q.end + 45 and words_between and _between(s.quantities, q.end, m.start, q) == 0:
            if m.label.startswith("share of") and compatible(m.label, q.unit):
                return m.label, m.text
            between = s.text[q.end + len(lead.group(0)) : m.start]
            share = modified_share(between, m) or share_name(m.label)
            written = s.text[q.end + len(lead.group(0)) - 3 : m.end].strip()
            if of and share:
                return share, written
            if of and q.unit in SHARE_UNITS:  # "50 % of total expenditure": a share, in its own words
                return f"share of {plain_name(m.text) or m.label}", written
            if compatible(m.label, q.unit):
                return m.label, m.text
            return None
    return None


def _is_of_target(m: Mention, s: Sentence) -> bool:
    """An indicator inside "N percent of <indicator>" belongs to that percent only."""
    before = s.text[max(s.start, m.start - 45) : m.start]
    return bool(re.search(r"(?:%|percent|per cent|half|third|quarter)\s+of\s+(?:[\w'’-]+\s+){0,4}$", before))


def _share_whole(m: Mention, s: Sentence) -> bool:
    """A name inside "N percent of <...>" (within six words): the whole of that share."""
    before = s.text[max(s.start, m.start - 60) : m.start]
    return bool(re.search(r"(?:%|percent|per cent|half|third|quarter)\s+of\s+(?:[\w'’-]+\s+){0,6}$", before))


_IN_PLACE = re.compile(r"\s+(?:of\s+them\s+)?(?:(?:are|is|were|was)\s+)?(?:located\s+)?in\s+(?:the\s+)?")


_PRONOUN = re.compile(r"\b(?:their|its|they|it|these|those)\b", re.IGNORECASE)


def entity_for(q: Quantity, s: Sentence) -> Mention | None:
    """The entity of ``q`` in ``s``: a place right after it ("10 in the Pearl River Delta"),
    else the nearest named before it in its clause, else "national" before it, else the
    nearest after it in its clause, else the nearest before it in the sentence. Names in
    a parenthesis that does not hold ``q`` ("(including the seven SEZs, ...)") come last."""
    cands = [m for m in s.entities if m.label != "CURRENCY" and not (m.start < q.end and q.start < m.end)]
    owners = [m for m in cands if _possessive_of(m, s)]
    cands = [m for m in cands if m not in owners and not _locates(m, cands, s)]
    refers_back = _PRONOUN.search(s.text, s.start, q.start)  # "Their exports ... 16 percent of China's"
    if not [m for m in cands if m.label != "NATION"] and owners and not refers_back:  # "4 percent of Jiangsu's GDP"
        return owners[0]
    outside = [m for m in cands if paren_depth(s, m.start) <= paren_depth(s, q.start)]
    cands = outside or cands
    # a group some figure counts ("13000 workers") is not what the sentence's other figures are about
    groups = [m for m in cands if m.label == POPULATION
              and not any(_counted(x, m) and x.end <= m.start <= x.end + 30 for x in s.quantities)]
    whole = [m for m in groups if m.start >= q.end and _OF_GROUP.fullmatch(s.text[q.end : m.start])]
    if whole:  # "29.6% of households in Germany": the share is of that group
        return whole[0]
    cands = [m for m in cands if m.label != POPULATION]
    named = [m for m in cands if m.label != "NATION"]
    after = [m for m in named if m.start >= q.end and _IN_PLACE.fullmatch(s.text[q.end : m.start])]
    if after:
        return after[0]
    a, b = clause_of(q.start, s)
    left = [m for m in named if a <= m.start and m.end <= q.start]
    # "accounted for 30 percent of the fabrics market of Guangdong Province, 11 percent of ...":
    # a name inside another figure's "percent of" is that share's whole, not the subject
    left = [m for m in left if not _share_whole(m, s)] or left
    if left:
        return max(left, key=lambda m: m.end)
    nation = [m for m in cands if m.label == "NATION" and a <= m.start and m.end <= q.start]
    if nation:
        return nation[-1]
    right = [m for m in named if m.start >= q.end and m.end <= b and m.start - q.end < 60
             and not _cause_pattern().search(s.text, q.end, m.start)
             and not _AGENT.search(s.text, max(s.start, m.start - 12), m.start)]  # "confirmed by the Ministry"
    if right:
        return min(right, key=lambda m: m.start)
    left = [m for m in named if m.end <= q.start]
    if left:
        return max(left, key=lambda m: m.end)
    return _group_for(q, s, groups) if not [m for m in cands if m.label == "NATION"] else None


#: entities that are groups of people ("German households", "the respondents"): what a
#: figure is about only when nothing in the sentence names a place, zone or body
POPULATION = "POPULATION"
_OF_GROUP = re.compile(r"\s+of\s+(?:(?:the|our|all|these|those|their)\s+)?")


def _counted(q: Quantity, m: Mention) -> bool:
    """ "2,012 households": the group a count counts is not what the count is about."""
    noun = (q.noun or "").lower()
    return bool(noun) and m.text.lower().endswith(noun.split()[-1])


def _group_for(q: Quantity, s: Sentence, groups: list[Mention]) -> Mention | None:
    """The group of people ``q`` is said of: the nearest named before it in its clause
    ("households lost about 3.6%", "the average loss of households ... is 2,562 Euros"),
    else the nearest after it in its clause."""
    a, b = clause_of(q.start, s)
    left = [m for m in groups if a <= m.start and m.end <= q.start]
    if left:
        return max(left, key=lambda m: m.end)
    right = [m for m in groups if m.start >= q.end and m.end <= b]
    return min(right, key=lambda m: m.start) if right else None


_AGENT = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_LOCATOR = re.compile(
    r",\s+(?:an?|the)\s+(?:[\w,.-]+\s+){0,12}?(?:in|of)\s+(?:the\s+)?|\s+(?:located\s+)?in\s+(?:the\s+)?",
    re.IGNORECASE,
)
_APPOSITION = re.compile(r"(?:the|an?)\s", re.IGNORECASE)


def _locates(m: Mention, cands: list[Mention], s: Sentence) -> bool:
    """A place that locates the name before it ("Datang, a town in Zhejiang Province, ...",
    "the 54 ETDZs in China") or a description set after a name ("Dalian, the port city,")
    is not what the sentence is about."""
    for c in cands:
        if c.end > m.start:
            continue
        gap = s.text[c.end : m.start]
        if _LOCATOR.fullmatch(gap) and (gap.startswith(",") or c.label in ("ZONE", POPULATION)):
            return True
        named = c.label in ("GPE", "ORG", "COUNTRY")
        if named and gap.strip() == "," and _APPOSITION.match(m.text) and s.text[m.end : m.end + 1] == ",":
            return True
    return False


def in_cause(m: Mention, s: Sentence) -> bool:
    """Whether ``m`` is named in a cause ("driven by higher log exports")."""
    return bool(_cause_pattern().search(s.text, max(s.start, m.start - 40), m.start))


@cache
def _cause_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(f) for f in words().causes)})(?![\w-])", re.IGNORECASE)


def paren_depth(s: Sentence, pos: int) -> int:
    """How many parentheses are open at ``pos`` in sentence ``s``."""
    before = s.text[s.start : pos]
    return max(0, before.count("(") - before.count(")"))


def _possessive_of(m: Mention, s: Sentence) -> bool:
    before = s.text[max(0, m.start - 4) : m.start].lower()
    after = s.text[m.end : m.end + 2]
    return before.endswith("of ") and after in ("'s", "’s")


_OWNED = re.compile(r"\s*(?:[a-z]+\s+)?(?:(?:in|for|during|at|on)\s+)?", re.IGNORECASE)


def period_owner(p: Mention, s: Sentence) -> Quantity | None:
    """The figure a period is said of: the one right before it ("1.7 percent in 1980",
    "a 1% dip in October 2022", "21.5 percent from 1998 to 2007")."""
    before = [q for q in s.quantities if q.end <= p.start]
    if not before:
        return None
    q = max(before, key=lambda q: q.end)
    return q if _OWNED.fullmatch(s.text[q.end : p.start]) else None


def period_for(q: Quantity, s: Sentence) -> Mention | None:
    """The period said of ``q``, else the nearest one said of no figure, else one said of
    another figure that opens ``q``'s clause before it ("from 1980 to 1984, the port grew at
    58 percent"); a period trailing another figure ("following a 0.2% fall in October") is
    not ``q``'s."""
    cands = [p for p in s.periods if not (p.start < q.end and q.start < p.end)]
    owners = {p: period_owner(p, s) for p in cands}
    own = [p for p in cands if owners[p] is q]
    if own:
        return own[0]

    def score(p: Mention) -> tuple[int, int]:
        gap = q.start - p.end if p.end <= q.start else p.start - q.end
        return _between(s.quantities, p.start, q.start, q), gap

    free = [p for p in cands if owners[p] is None]
    if free:
        return min(free, key=score)
    a, _ = clause_of(q.start, s)
    framing = [p for p in cands if a <= p.start and p.end <= q.start]
    return min(framing, key=score) if framing else None


_GROUPED = ("GPE", "COUNTRY", "COMMODITY")
#: one capitalised word right after a place, not followed by another: a district of it
_PART = re.compile(r" ([A-Z][a-z]+)\b(?!['\u2019-]| [A-Z])")


def merge_entities(entities: list[Mention], text: str) -> list[Mention]:
    """ "Shanghai Pudong and Tianjin Binhai", "crude palm oil and copra" -> one mention
    (label "GROUP"); two places side by side ("Shanghai Pudong"), or a place and the one
    capitalised word after it ("Tianjin Binhai"), are one place."""
    out: list[Mention] = []
    for m in entities:
        part = _PART.match(text, m.end) if m.label == "GPE" else None
        if part and not any(e.start == part.start(1) for e in entities):  # "Tianjin Binhai": a part of the city
            m = Mention(m.start, part.end(), text[m.start : part.end()], "GPE")
        prev = out[-1] if out else None
        if prev and text[prev.end : m.start] == " " and prev.label == m.label == "GPE":  # "Shanghai Pudong": one place
            out[-1] = Mention(prev.start, m.end, text[prev.start : m.end], "GPE")
            continue
        if prev and re.fullmatch(r"\s*(?:,|,?\s+and)\s+", text[prev.end : m.start]) and m.label in _GROUPED:
            out[-1] = Mention(prev.start, m.end, text[prev.start : m.end], "GROUP")
            continue
        out.append(m)
    return out


def respectively(q: Quantity, entity: Mention, s: Sentence) -> str:
    """The member of a "A and B ... X and Y, respectively" group that ``q`` belongs to."""
    members = [x.strip() for x in re.split(r",\s*(?:and\s+)?|\s+and\s+", entity.text) if x.strip()]
    tail = s.text[q.end : s.end]
    if len(members) < 2 or "respectively" not in tail.split(";")[0]:
        return entity.text
    same = [x for x in s.quantities if x.unit == q.unit and x.start > entity.end]
    stop = tail.find("respectively") + q.end
    same = [x for x in same if x.end <= stop]
    if len(same) == len(members) and q in same:
        return members[same.index(q)]
    return entity.text
