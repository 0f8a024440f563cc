"""Quantities in running text: "US$7.3 billion", "about 20 percent", "10–15 percent",
"the four zones", "one-quarter of", "minus $715 million", "13.3 months of imports".

``find_quantities(text, currency)`` returns every quantity with character offsets into
``text``. Not quantities: years used as dates ("in 2007", "2007–08"), citation years,
footnote markers glued to a word ("billion.5", "HIDZs,4", "7%1"), labels after a
reference noun ("table 2.4", "No.11"), list numbering, model names ("M3", "36B"), and
number words that count nothing ("one of the reasons").
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from functools import cache
from typing import Any

from . import spelled
from .numbers import VULGAR, parse_number, scaled
from .periods import MONTH
from .units import currency_alternation, currency_named_in, currency_of, fold, is_currency, lexicon, trie
from .words import alternation, words

_BEFORE_ONLY = ("$", "£", "¥")  # symbols never printed after the number


@dataclass(frozen=True)
class Quantity:
    """One quantity as printed, normalised to base units."""

    start: int
    end: int
    raw: str
    value: float | None  # None for a range (see low/high)
    unit: str | None  # ISO 4217, "percent", "count", "fraction", "months", "USD/t", ...
    decimals: int | None = None
    qualifier: str | None = None
    low: float | None = None
    high: float | None = None
    change: str | None = None
    noun: str | None = None  # the counted noun: "ETDZs", "people"
    scale: float = 1.0
    qualifier_start: int | None = None  # where the qualifier begins (for linking)

    def as_dict(self) -> dict[str, Any]:
        value: Any = [self.low, self.high] if self.value is None and self.low is not None else self.value
        d = asdict(self)
        keep = ("start", "end", "raw", "unit", "qualifier", "change", "decimals", "noun")
        return {"value": value, **{k: d[k] for k in keep}}


@dataclass(frozen=True)
class _Patterns:
    quantity: re.Pattern[str]
    counted: re.Pattern[str]
    plural: re.Pattern[str]
    qualifier: re.Pattern[str]
    reference: re.Pattern[str]
    change_verb: re.Pattern[str]
    change_noun: re.Pattern[str]
    comparative: re.Pattern[str]
    less_paren: re.Pattern[str]
    per: re.Pattern[str]
    another: re.Pattern[str]


#: A number as printed: "9,101.5", "1 107" and "54\u00a0200" (groups of three digits set
#: apart by a space, as SI style and many European documents print them), "0.5", ".5", and
#: a whole number with a vulgar fraction as bond markets print them ("7 3/4", "1/4").
_NUM = (
    r"(?:(?:\d{1,4}[ \u00a0])?[1-9]/(?:2|3|4|8|16|32|64)(?![\d/])"  # "7 3/4 %", "1/4 point" (bond prices)
    r"|\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?"  # Indian grouping: "12,34,567.89" (lakhs and crores)
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d,])(?:\.\d+)?"
    rf"|\d*[{''.join(VULGAR)}]"  # "7¾ percent", "½ point"
    r"|\d+(?:\.\d+)?|\.\d+)(?!\d|[.,]\d)"
)
_STOP = (r"(?:in|of|the|to|from|for|by|at|on|was|were|is|are|with|and|or|per|a|an|percent|each|million|billion"
         r"|if|when|than|whether|that|which|who|because|but|while|unless)")  # "equal to 1 if households ..."


@cache
def _patterns() -> _Patterns:
    lx, w = lexicon(), words()
    forms = [*lx.currencies, *lx.bare_dollar, *lx.ambiguous, *lx.families]
    written = {f.lower() for f in lx.as_written}
    # before the number: codes, symbols and abbreviations ("USD 5", "RM 12", "R$ 40", "₹500",
    # "Rs. 500"); after it: names and codes, and the symbols that follow a number ("5 €")
    pre = [f for f in forms if f in written or f in lx.codes or any(not (ch.isalpha() or ch in " .") for ch in f)
           or f in lx.family_signs]
    pre_re = currency_alternation(pre)
    folded = {f.lower() for f in lx.folded}  # "Y=5", "PS6m": before the number only
    post = [f for f in forms if f not in _BEFORE_ONLY and f not in folded]
    unit_re = (f"{currency_alternation(post)}|{alternation([*lx.units, *w.durations])}"
               rf"|(?<=\d)(?-i:{alternation(list(lx.glued))})(?!\.\w)")  # "120p", "50c"
    # scales that may stand apart from the number: words, and "bn"/"mn", which are nothing
    # else ("1.2 bn USD"; "5 m" may be metres and "5 k" a grade)
    long_scales = [s for s in lx.scales if (len(s) > 2 or s in ("bn", "mn")) and s.replace(" ", "").isalpha()]
    long_scales.append("'000")
    short_scales = [s for s in lx.scales if len(s) <= 3 and s not in long_scales]
    several = [f for f in w.fractions if not f.isalpha()]  # "one half" before "one", "half" after "half a"
    numwords = (f"{alternation(several)}|{spelled.pattern(tuple(long_scales))}"
                f"|{alternation([f for f in w.fractions if f.isalpha()])}")
    # a scale written onto a currency, as written: "MSEK", "kEUR", "EURm", "$bn" (checked
    # against ``lexicon().scaled`` in ``_make``)
    codes = trie({c for c, _ in lx.scaled.values() if is_currency(c)})
    prefix = rf"(?-i:(?P<{{}}>{alternation(lx.scale_prefixes)})(?={codes}(?![A-Za-z])))?"
    suffix = (rf"(?-i:(?P<{{}}>(?<=[A-Z]{{{{3}}}})(?:{alternation(lx.code_suffixes)})"
              rf"|(?<=[^\w\s])(?:{alternation(lx.sign_suffixes)}))(?![A-Za-z]))?")
    # units written onto the number as an adjective: "a 6.1-inch screen", "a five-year plan"
    # (not "12-month": a span of months is no measure)
    # and money: "its one-yen bid", "a 10-dollar bill"
    named = currency_alternation([f for f in post if f.replace(" ", "").isalpha() and f not in lx.codes])
    hyphened = (rf"(?:{alternation([u for u in [*lx.units, *w.durations] if not u.startswith('month')])}"
                rf"|{named})(?![A-Za-z])")
    quantity = re.compile(
        r"(?<![\w.,%$/\u2019'])"
        r"(?P<neg>(?:minus|negative)\s+|[-\u2212](?=[$\d]))?"
        rf"(?:{prefix.format('cpre')}(?P<cur>{pre_re}){suffix.format('csuf')}\s?)?"
        rf"(?:(?P<num>{_NUM})|(?P<word>{numwords})(?!\w)(?!-(?!{hyphened})))"
        rf"(?:(?!\s[-\u2212]\d)\s?[-\u2013]\s?(?P<num2>{_NUM}))?"  # not "Stoxx 50 -1.3%"
        # "$5m", and after a currency also "EUR 3.2 bn", "SEK 450 m"
        # ("$5B", "$3 mil" only after a currency)
        rf"(?:(?(cur)\s?)(?P<short>{alternation(short_scales)}|(?(cur)(?:{alternation(list(lx.money_scales))})|(?!)))"
        rf"(?![A-Za-z])|[\s-]?(?P<scale>{alternation(long_scales)}))?"  # "a $5-million grant"
        rf"(?:(?:\s?|-(?={hyphened})){prefix.format('upre')}(?P<unit>{unit_re}){suffix.format('usuf')}"
        rf"(?:\s(?P<uscale>{alternation(long_scales)}))?)?"  # "75 USD million" (a currency's only)
        r"(?![A-Za-z])",
        re.IGNORECASE,
    )
    counted = re.compile(
        rf"^\s+(?:(?!{_STOP}\b)[\w&'\u2019-]+\s+){{0,3}}?(?P<noun>{alternation(list(lx.counted))})(?![A-Za-z])",
        re.IGNORECASE,
    )
    # any plural noun: "52 hypermarkets", "56 ‘Pryca’ stores", "40 vocational adult education centres"
    plural = re.compile(
        rf"^\s+(?:(?!{_STOP}\b)[\w&'\u2018\u2019-]+\s+){{0,3}}?(?P<noun>[a-z][a-z-]{{2,}}(?<![su])s)(?![\w'\u2019-])"
    )
    return _Patterns(
        quantity=quantity,
        another=re.compile(rf"\s+(?:or|to|and|in|out\s+of)\s+(?:[$\d]|(?:{numwords})(?![\w-]))", re.IGNORECASE),
        counted=counted,
        plural=plural,
        qualifier=re.compile(rf"(?:^|(?<=\W))(?P<q>{alternation(list(w.qualifiers))})\s+$", re.IGNORECASE),
        # labels after a reference noun are digits or capitals ("p.a. and 4" lists no pages)
        reference=re.compile(
            rf"(?:^|(?<=\W))(?:{alternation(list(w.references))})\.?\s*(?:(?-i:[\dA-Z])[\d.]*\s*(?:,|and|to|\u2013|-)\s*)*$",
            re.IGNORECASE,
        ),
        change_verb=re.compile(
            rf"(?<![\w-])(?:{alternation([*w.change_verbs, *w.change_nouns])})(?![\w-])", re.IGNORECASE
        ),
        change_noun=re.compile(rf"^\s+(?P<n>{alternation(w.change_nouns)})(?![\w-])", re.IGNORECASE),
        comparative=re.compile(rf"^\s+(?P<c>{alternation(w.comparatives)})\b\)?", re.IGNORECASE),
        less_paren=re.compile(
            rf"^\s*\((?P<p>{_NUM}\s*(?:%|percent|per cent)\s+(?:{alternation(w.comparatives)}))\)", re.IGNORECASE
        ),
        per=re.compile(
            r"^\s*-?(?:(?P<kw>per|an?)(?:\s+|-)|/\s*)"  # "per tonne", "a share", "/t", "$5-a-day"
            rf"(?P<per>{alternation([c for c in lx.currencies if ' ' in c])}"
            r"|cubic\s+met(?:er|re)s?|sq(?:uare)?\.?\s+(?:m|km|ft|met(?:er|re)s?|kilomet(?:er|re)s?|feet|foot)"
            r"|[A-Za-z]+)\b(?!-)(?P<after>\s+(?:earlier|ago|before|after|later|previously)\b)?",
            re.IGNORECASE,
        ),
    )


_AGE = re.compile(r"(?:[\s-]+(?P<u>years?|months?))?[\s-]+old\b", re.IGNORECASE)
#: a person named and set off by commas ("Senard, 65, now"), not a place after a preposition
_APPOSED_AGE = re.compile(r"(?<![Ii]n )(?<![Oo]f )(?<![Ff]or )(?<![Aa]nd )\b(?!(?:In|Of|For|And|At|By|On|To|From)\b)"
                          r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*,\s$")
_DAY_AFTER_MONTH = re.compile(rf"\b{MONTH}\s+$")  # as written: "March 29", "Jan. 24" ("may 5" is no date)
_DAY_BEFORE_MONTH = re.compile(rf"^\s+{MONTH}(?![a-z])")
_CLOCK = re.compile(r"^(?::\d\d|\s?(?:[ap]\.m\.|[AaPp][Mm]\b))")
#: a name and its number: "S&P 500", "Game 2", "Apple Watch 5", "Section 427" (not at a
#: sentence's start, where "About 500" may begin it), and numbers glued to a name ("TA-35")
_LABEL = re.compile(r"(?:(?<![.!?]\s)(?<=\S\s)(?:[A-Z][A-Za-z&]*|[A-Za-z]+&[A-Za-z]+)\s|[A-Za-z]-)$")


def _date_time_or_label(text: str, start: int, end: int, num: str) -> bool:
    """A bare whole number that is a day of the month ("March 29", "1 September 2019"), a
    clock time ("10:27 PM", "5am") or part of a name ("S&P 500", "TA-35"): no quantity."""
    if not num.isdigit():
        return False
    before, after = text[max(0, start - 30) : start], text[end : end + 15]
    if int(num) <= 31 and (_DAY_AFTER_MONTH.search(before) or _DAY_BEFORE_MONTH.match(after)):
        return True
    if _CLOCK.match(after) or re.search(r"\d:$", before):
        return True
    m = _LABEL.search(before)
    return m is not None and not _MONTH_WORD.fullmatch(m.group(0).strip(" -"))


_MONTH_WORD = re.compile(MONTH)


def _is_year(n: str) -> bool:
    return len(n) == 4 and n.isdigit() and 1800 <= int(n) <= 2099


def _number_of(m: re.Match[str], group: str) -> tuple[float, int] | None:
    text = m.group(group)
    if text is None:
        return None
    if group == "word" or not text[0].isdigit() and text[0] != ".":
        w = words()
        key = re.sub(r"\s+", " ", fold(text))
        v = w.fractions.get(key) or spelled.value(text)
        return None if v is None else (v, 0)
    if "/" in text:  # "7 3/4", "1/4"
        whole, _, frac = text.replace("\u00a0", " ").rpartition(" ")
        top, bottom = frac.split("/")
        return (float(whole or 0) + int(top) / int(bottom), 2)
    n = parse_number(text)
    return (n.value, n.decimals) if n else None


def _unit_of(m: re.Match[str], currency: str | None) -> str | None:
    lx, w = lexicon(), words()
    if m.group("cur"):
        return currency_of(m.group("cur"), currency)
    u = m.group("unit")
    if u is None:
        if m.group("word") and fold(m.group("word")) in w.fractions:
            return "fraction"
        return None
    if u in lx.glued:
        return lx.glued[u]
    key = re.sub(r"\s+", " ", fold(u))
    if key in lx.units:
        return lx.units[key]
    if key in w.durations:
        return w.durations[key]
    return currency_of(u, currency)


def _make(m: re.Match[str], text: str, currency: str | None, country: str | None = None) -> Quantity | None:
    p = _patterns()
    start, end = m.span()
    num, num2 = m.group("num"), m.group("num2")
    scale_word = m.group("short") or m.group("scale")
    cur = m.group("cur")
    if cur in lexicon().folded and (
        not num or m.end("cur") != m.start("num") or (cur.isalpha() and len(num) == 1 and not scale_word)
    ):
        return None  # "Y=5", "PS6m" glued, and no games console ("PS4")
    if m.group("unit") in lexicon().glued and num in lexicon().glued_not_after:
        return None  # "a 1080p screen"
    unit = _unit_of(m, currency)
    form = m.group("unit") or m.group("cur")
    if unit is None and form and not (fold(form).startswith("pound") and re.match(r"\s+of\b", text[end:])):
        unit = currency_named_in(form, text, country)  # "Chile spent 5 billion pesos"; not "500 pounds of beef"
    if not scale_word and fold(m.group("unit") or "") == "sterling":
        return None  # "925 sterling silver"; money only after a scale: "3.5 billion sterling"
    if unit == "fraction" and scale_word:  # "a quarter million people"
        unit = None
    right = text[end : end + 60]
    if m.group("cur") and m.group("unit") and unit in ("USD", "CNY") and m.group("unit").isalpha():
        unit = currency_of(m.group("cur"), currency)  # "$5 dollars": keep the prefix
    if unit is None and not scale_word:
        if num and (_is_year(num) or (num2 and _is_year(num) and len(num2) in (2, 4))):
            return None
        if re.match(r"^\s*(?:AD|BC|B\.C\.|A\.D\.)\b", right):
            return None
    ref = p.reference.search(text[max(0, start - 30) : start])
    listed = ref is not None and re.search(r"\d", ref.group(0))  # a reference list goes on, or a new figure begins
    if ref and not (listed and num and (p.counted.match(right) or p.plural.match(right))):
        return None  # a label after a reference noun, or a list of them; a count after the list is a figure
    if num and start == 0 and re.match(r"^\s*[.)]\s", right):  # list numbering "1. ", "2) "
        return None
    age = _AGE.match(right) if unit in (None, "years", "months") and num and not scale_word else None
    if age:  # "a 65-year-old", "30 years old", "an 18 month-old": an age, not a span of time
        unit = "months_of_age" if (age.group("u") or unit or "").startswith("month") else "years_of_age"
        end += age.end()
        right = text[end : end + 60]
    elif unit is None and num and num.isdigit() and 16 <= int(num) <= 110 and not scale_word and not num2 \
            and _APPOSED_AGE.search(text, max(0, start - 40), start) and re.match(r",\s+(?!and\b|or\b)[a-z]", right):
        unit = "years_of_age"  # "Senard, 65, now faces": a person's age set off by commas
    noun = None
    if unit is None and not m.group("unit"):  # "20 billion francs" with no currency to say which: no count
        c = p.counted.match(right) or (p.plural.match(right) if num else None)
        if c and c.group("noun").lower() not in lexicon().not_counted:
            noun, unit = c.group("noun"), "count"
    if unit is None and not scale_word and num and not num2 and _date_time_or_label(text, start, end, num):
        return None
    if num and "/" in num and not re.search(r"\d\s", num) and unit is None:
        return None  # "1/4" alone may be a date; "1/4 point", "7 3/4 %", "101 1/4" are not
    word = m.group("word")
    if word and unit is None and not scale_word and not p.another.match(right) \
            and not _PROPORTION_OF.search(text, max(0, start - 12), start):
        return None  # kept before "or"/"to"/"and" another figure, whose unit it may take ("eight or nine euros")
    if word and fold(word) in words().fractions and not scale_word and not m.group("unit"):
        of_a = _OF_A_UNIT.match(right)
        if of_a:  # "two-tenths of a percentage point"
            unit = lexicon().units[re.sub(r"[\s-]+", " ", of_a.group("u").lower())]
            end += of_a.end()
            right = text[end : end + 60]
        elif not (re.match(r"^\s+(?:of|the)\b", right, re.IGNORECASE)
                  or re.search(r"\bby\s+$", text[max(0, start - 4) : start], re.IGNORECASE)):
            return None  # "one of the reasons" is a fraction of something; "fell by a fifth" a change
    low = _number_of(m, "num") or _number_of(m, "word")
    if low is None:
        return None
    scales = lexicon().scales
    scale = (scales.get(fold(scale_word)) or lexicon().money_scales[fold(scale_word)]) if scale_word else 1.0
    if m.group("uscale"):
        if not is_currency(unit) or scale_word:
            return None
        scale *= lexicon().scales[fold(m.group("uscale"))]
    for before, form, after in (("cpre", "cur", "csuf"), ("upre", "unit", "usuf")):  # "MSEK 1,234", "450 kEUR"
        if m.group(before) or m.group(after):
            written = lexicon().scaled.get(f"{m.group(before) or ''}{m.group(form)}{m.group(after) or ''}")
            if written is None:
                return None
            scale *= written[1]
    if unit == "fraction" or unit in ("percent", "percentage_points", "basis_points"):
        scale = 1.0
    sign = -1.0 if m.group("neg") else 1.0
    # "US$4.1 billion" is 4100000000, not ...99.9 (only a scaled figure as printed is rounded)
    value: float | None = sign * (scaled(low[0], low[1], scale) if num and scale != 1.0 else low[0] * scale)
    lo = hi = None
    if num2:
        high = parse_number(num2)
        if high is None:
            return None
        lo, hi, value = value, sign * (scaled(high.value, high.decimals, scale) if scale != 1.0 else high.value), None
    q = Quantity(start, end, text[start:end], value, unit, low[1], scale=scale, low=lo, high=hi, noun=noun)
    if not unit or unit in ("percent", "count", "fraction"):
        return q
    per = p.per.match(right)
    if per and _is_rate(per, unit):
        q = replace(q, unit=f"{unit}/{_per_unit(per.group('per'), currency)}", end=end + per.end())
        return replace(q, raw=text[q.start : q.end])
    adverb = _PER_ADVERB.match(right) if is_currency(unit) or unit in words().subunits else None
    if adverb:  # "$1,100 annually"
        q = replace(q, unit=f"{unit}/{_PER_ADVERBS[adverb.group('a').lower()]}", end=end + adverb.end())
        return replace(q, raw=text[q.start : q.end])
    # the rate after a conversion in brackets is both figures': "C$6 (US$4.46) per share"
    aside = _ASIDE.match(right)
    per = p.per.match(right[aside.end() :]) if aside else None
    if per and _is_rate(per, unit):
        q = replace(q, unit=f"{unit}/{_per_unit(per.group('per'), currency)}")
    return q


_OF_A_UNIT = re.compile(r"^\s+of\s+an?\s+(?P<u>percentage[\s-]points?|basis\s+points?|points?)(?![\w-])",
                        re.IGNORECASE)
_PER_ADVERBS = {"annually": "year", "yearly": "year", "p.a.": "year", "monthly": "month", "weekly": "week",
                "daily": "day"}
_PER_ADVERB = re.compile(rf"^\s+(?P<a>{'|'.join(re.escape(a) for a in _PER_ADVERBS)})(?![\w-])", re.IGNORECASE)
_ASIDE = re.compile(r"\s*\([^()]{1,40}\)|\)")


def _is_rate(per: re.Match[str], unit: str | None) -> bool:
    """ "per tonne", "/t"; and for money "a share", "an ounce", "a year" (not "a year earlier")."""
    kw = (per.group("kw") or "").lower()
    if kw in ("", "per"):
        return True
    money = is_currency(unit) or unit in words().subunits
    return money and per.group("after") is None and fold(per.group("per")) in lexicon().per_a


def _per_unit(word: str, currency: str | None) -> str:
    lx = lexicon()
    key = re.sub(r"\s+", " ", fold(word))
    if key in lx.units:
        return lx.units[key]
    if key == "annum":  # "per annum" is "a year" and "annually": one unit
        return "year"
    code = currency_of(word, currency) if word.isupper() or key in lx.currencies else None
    return code or (key[:-1] if key.endswith("s") and len(key) > 3 else key)


def _with_qualifier(q: Quantity, text: str) -> Quantity:
    m = _patterns().qualifier.search(text[max(0, q.start - 24) : q.start])
    if not m:
        return q
    qual = words().qualifiers[fold(m.group("q"))]
    if qual == "up to" and re.search(r"\bback\s+$", text[max(0, q.start - 30) : q.start - len(m.group(0))]):
        return q  # "inching back up to 4.8 percent": a change, not a bound
    return replace(q, qualifier=qual or None, qualifier_start=q.start - (len(m.group(0))) + 0)


def _merge_ranges(qs: list[Quantity], text: str) -> list[Quantity]:
    """'between 10 and 15 percent' -> one range; '10 to 15 percent' -> one range;
    'from 10 to 15 million' -> 10 million and 15 million."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        gap = text[prev.end : q.start] if prev else ""
        between = prev and re.fullmatch(r"\s+and\s+", gap) and re.search(
            r"\bbetween\s+$", text[max(0, prev.start - 9) : prev.start], re.IGNORECASE)
        if (prev and is_currency(prev.unit) and prev.scale == 1.0 and prev.value is not None and q.unit is None
                and q.scale != 1.0 and q.value is not None and prev.value * q.scale <= q.value
                and (re.fullmatch(r"\s+to\s+", gap) or between)):
            # "$5 to 10 million": the currency is the first figure's, the scale the second's
            prev, q = replace(prev, unit=None), replace(q, unit=prev.unit)
            out[-1] = prev
        if prev and prev.unit is None and prev.scale == 1.0 and q.unit and prev.value is not None:
            wider = text[max(0, prev.start - 60) : prev.start]
            wider = wider[max(wider.rfind(","), wider.rfind(";"), wider.rfind(":")) + 1 :]  # this clause's
            to_range = (
                re.fullmatch(r"\s+to\s+", gap)
                and not re.search(r"\bfrom\b", wider[-30:], re.IGNORECASE)
                and not _patterns().change_verb.search(wider)
            )
            if between or to_range:
                lo = scaled(prev.value, prev.decimals or 0, q.scale)
                raw = text[prev.start : q.end]
                out[-1] = replace(
                    q, start=prev.start, raw=raw, value=None, low=lo, high=q.value,
                    qualifier=prev.qualifier, qualifier_start=prev.qualifier_start,
                )
                continue
            if re.fullmatch(r"\s+(?:to|or)\s+", gap):  # "10 to 15 million", "8 or $9": two values
                out[-1] = replace(prev, unit=q.unit, value=scaled(prev.value, prev.decimals or 0, q.scale),
                                  scale=q.scale)
        elif prev and _same_unit_range(prev, q, text):
            assert prev.value is not None and q.value is not None
            lo = prev.value
            if prev.scale == 1.0 and q.scale != 1.0 and lo * q.scale <= q.value:  # "$89 to $93 billion"
                lo = scaled(lo, prev.decimals or 0, q.scale)
            out[-1] = replace(
                q, start=prev.start, raw=text[prev.start : q.end], value=None, low=lo, high=q.value,
                decimals=max(prev.decimals or 0, q.decimals or 0),
                qualifier=prev.qualifier, qualifier_start=prev.qualifier_start,
            )
            continue
        out.append(q)
    return out


_PROPORTION_OF = re.compile(r"\b(?:in|out\s+of)\s+$", re.IGNORECASE)
#: "ranked 3 out of 190 economies", "scored 7 out of 10": a rank or a score, no share
_RANK = re.compile(r"\b(?:rank|ranks|ranked|ranking|placed|place|position|scored?|scores|rated|rating|No\.)"
                   r"\W+(?:\w+\W+){0,2}$", re.IGNORECASE)


def _merge_proportions(qs: list[Quantity], text: str) -> list[Quantity]:
    """ "one in five firms", "9 out of 10 exporters": a fraction, 0.2 and 0.9."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if (
            prev is not None and not _RANK.search(text, max(0, prev.start - 40), prev.start)
            and prev.unit is None and q.unit in (None, "count") and prev.scale == q.scale == 1.0
            and prev.value is not None and q.value is not None and prev.value == int(prev.value)
            and q.value == int(q.value) and 0 < prev.value < q.value <= 1000
            and re.fullmatch(r"\s+(?:in|out\s+of)\s+", text[prev.end : q.start], re.IGNORECASE)
        ):
            out[-1] = replace(prev, end=q.end, raw=text[prev.start : q.end], value=prev.value / q.value,
                              unit="fraction", decimals=None, noun=q.noun)
            continue
        out.append(q)
    return out


def _merge_subunits(qs: list[Quantity], text: str) -> list[Quantity]:
    """ "3 dollars 50 cents", "thirteen dollars and forty-five cents": one amount, 3.5. As
    said aloud, the cents may go unnamed at the end of a clause: "it costs 15 dollars 50."."""
    subunits = words().subunits
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        sub, _, rate = (q.unit or "").partition("/")
        if (prev is not None and q.unit is None and q.scale == 1.0 and q.decimals == 0 and len(q.raw) <= 2
                and prev.unit and prev.raw[-1].isalpha()  # "15 dollars", "15 USD": the currency after
                and re.match(r"\s*(?:[.,;!?)]|more\b|less\b|$)", text[q.end : q.end + 6])):
            sub = "cents"
        if (
            prev is not None and prev.value is not None and q.value is not None and sub in subunits
            and is_currency(prev.unit)
            and prev.value == int(prev.value) and 0 < q.value < 100 and prev.scale == 1.0
            and re.fullmatch(r"\s+(?:and\s+)?", text[prev.end : q.start])
        ):
            value = prev.value + q.value * subunits[sub]
            unit = f"{prev.unit}/{rate}" if rate else prev.unit
            out[-1] = replace(prev, end=q.end, raw=text[prev.start : q.end], value=value, decimals=2, unit=unit)
            continue
        out.append(q)
    return out


def _same_unit_range(prev: Quantity, q: Quantity, text: str) -> bool:
    """ "between 5% and 6%", "5% to 10%", "ranging from $200 to $4 million": one range. Not
    a change ("slowed from 4.8 percent to 4.7 percent") nor a chain ("from $160 to $180 to $200")."""
    rate_of_both = (q.unit or "").startswith(f"{prev.unit}/")  # "from $500,000 to $1 million a year"
    if prev.unit is None or (prev.unit != q.unit and not rate_of_both) or prev.value is None or q.value is None:
        return False
    gap = text[prev.end : q.start]
    left = text[max(0, prev.start - 60) : prev.start]
    if re.fullmatch(r"\s+and\s+", gap):
        return left.rstrip().lower().endswith("between")
    if not re.fullmatch(r"\s*(?:to|\u2013|-)\s*", gap) or re.match(r"\s+to\s+\S", text[q.end : q.end + 8]):
        return False
    return not _patterns().change_verb.search(left) and not re.search(r"\bto\s*$", left)


_CLAUSE_BREAK = re.compile(r"[;:!?]\s|\.\s+(?=[A-Z])|,\s+(?:while|whilst|and|but|following|however)\b")


def _clause_start(text: str, pos: int) -> int:
    window_start = max(0, pos - 90)
    cut = window_start
    for m in _CLAUSE_BREAK.finditer(text, window_start, pos):
        cut = m.end()
    return cut


def _change(q: Quantity, prev: Quantity | None, text: str) -> str | None:
    p = _patterns()
    right = text[q.end : q.end + 40]
    n = p.change_noun.match(right)
    if n:
        return n.group("n").lower()
    c = p.comparative.match(right)
    if c and q.unit in ("percent", "percentage_points") and ")" in c.group(0):
        return c.group("c").lower()
    begin = q.qualifier_start if q.qualifier_start is not None else q.start
    lo = _clause_start(text, begin)
    verbs = list(p.change_verb.finditer(text, lo, begin))
    change = None
    if verbs:
        v = verbs[-1]
        verb, between = v.group(0), text[v.end() : begin]
        if between.strip() == "":
            change = verb
        elif re.fullmatch(r"\s+by\s+", between):
            change = f"{verb} by"
        elif re.search(r"\bto\s+$", between) and len(between) < 70:
            if prev and v.end() <= prev.start and re.fullmatch(r"\s+(?:by\s+)?", text[v.end() : prev.start]):
                change = f"{verb}{text[v.end() : prev.end]} to"
            elif prev and re.fullmatch(r"\s+(?:an?\s+)?", text[prev.end : v.start()] or " ") and prev.end <= v.start():
                change = f"{prev.raw} {verb} to"
            else:
                change = f"{verb} to"
        elif re.search(r"\bfrom\s+$", between) and len(between) < 40:
            change = f"{verb} from"
        elif re.search(r"\bat\s+$", between) and len(between) < 50:
            change = f"{verb} at"
    less = p.less_paren.match(right)
    if less:
        change = less.group("p")
    return change


def find_quantities(text: str, currency: str | None = None, country: str | None = None) -> list[Quantity]:
    """Every quantity in ``text``, in order, with offsets into ``text``. ``currency`` is the
    document's (what "$" means), ``country`` whom it is about (whose "pesos" it means)."""
    found: list[Quantity] = []
    for m in _patterns().quantity.finditer(text):
        q = _make(m, text, currency, country)
        if q is not None:
            found.append(_with_qualifier(q, text))
    found = _merge_proportions(_merge_subunits(_merge_ranges(found, text), text), text)
    # a number word kept only to pair with the next figure ("eight or nine euros") and left alone
    found = [q for q in found if q.unit is not None or q.scale != 1.0 or any(ch.isdigit() for ch in q.raw)]
    out: list[Quantity] = []
    for i, q in enumerate(found):
        out.append(replace(q, change=_change(q, found[i - 1] if i else None, text)))
    return out
