"""Properties of the fact parsers, checked by hypothesis on generated inputs.

The profile is deterministic (``derandomize``) and bounded, so CI runs the same examples
every time; ``HYPOTHESIS_PROFILE=deep pytest tests/test_properties.py`` searches more.
"""
from __future__ import annotations

import math
import os
import re
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractor.facts.numbers import parse_number, scaled
from extractor.facts.tables import period_in
from extractor.facts.text import quantities
from extractor.facts.units import lexicon, trie, unit_in
from extractor.facts.words import words

settings.register_profile(
    "ci", max_examples=200, derandomize=True, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("deep", max_examples=5000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CURRENCIES = st.sampled_from([None, "USD", "CNY", "EUR", "INR"])

#: Letters a case-insensitive regular expression takes for ASCII ones but str.lower()
#: does not turn into them (long s, dotless i, dotted capital I, Kelvin sign).
FOLDS = {"s": "\u017f", "i": "\u0131", "I": "\u0130", "k": "\u212a"}


def _vocabulary() -> list[str]:
    lx, w = lexicon(), words()
    return sorted({*lx.currencies, *lx.bare_dollar, *lx.scales, *lx.units, *lx.counted, *w.number_words,
                   *w.fractions, *w.qualifiers, *w.change_verbs, *w.durations, *w.references,
                   "January", "Sept", "Jun", "2008", "1978-2008", "2001-07", "(", ")", "%", "$"})


@st.composite
def spelled(draw: st.DrawFn, word: st.SearchStrategy[str]) -> str:
    """A word as it may be printed: as is, upper or title case, or with a look-alike letter."""
    w = draw(word)
    how = draw(st.sampled_from(["same", "same", "upper", "title", "fold"]))
    if how == "upper":
        return w.upper()
    if how == "title":
        return w.title()
    if how == "fold":
        letters = [a for a in FOLDS if a in w]
        if letters:
            a = draw(st.sampled_from(letters))
            return w.replace(a, FOLDS[a], 1)
    return w


NUMBERS = st.one_of(
    st.integers(-10**9, 10**9).map(str),
    st.decimals(-10**6, 10**6, places=2, allow_nan=False, allow_infinity=False).map(lambda d: f"{d:,}"),
)
#: Text that looks like a report's: lexicon words (some respelled), numbers, punctuation.
REPORTISH = st.lists(
    st.one_of(spelled(st.sampled_from(_vocabulary())), NUMBERS, st.sampled_from([" ", ", ", ". ", " - ", "\u2013"]),
              st.text(max_size=3)),
    max_size=12,
).map(" ".join)
ANY_TEXT = st.one_of(st.text(max_size=60), REPORTISH)

#: Inputs that crash today (reported to the lead); the no-exception properties skip
#: them so that they can still find other bugs, and ``test_known_bug_*`` pin them.
_FOLDED = re.compile("[" + "".join(sorted(set(FOLDS.values()))) + "]")


def _folded(text: str) -> bool:
    return bool(_FOLDED.search(text))


# ---------------------------------------------------------------- no exception on any text


@given(st.text())
def test_parse_number_takes_any_text(text):
    n = parse_number(text)
    assert n is None or (n.decimals >= 0 and not math.isnan(n.value))


@given(ANY_TEXT, CURRENCIES)
def test_unit_in_takes_any_text(text, currency):
    if _folded(text):
        return
    spec = unit_in(text, currency)
    assert spec.scale > 0


@given(ANY_TEXT)
def test_period_in_takes_any_text(text):
    if _folded(text):
        return
    p = period_in(text)
    assert p is None or re.fullmatch(r"\d{4}(?:-\d{2}|-\d{4})?", p), p


@given(ANY_TEXT, CURRENCIES)
def test_quantities_index_their_text(text, currency):
    if _folded(text):
        return
    for q in quantities(text, currency):
        assert 0 <= q["start"] <= q["end"] <= len(text), q
        assert text[q["start"] : q["end"]] == q["raw"], q


# ---------------------------------------------------------------- round trips


@given(st.integers(-(10**15), 10**15), st.integers(0, 6), st.booleans())
def test_a_printed_number_parses_back_to_its_value_and_decimals(units, decimals, separators):
    value = Decimal(units).scaleb(-decimals)
    text = f"{value:,.{decimals}f}" if separators else f"{value:.{decimals}f}"
    n = parse_number(text)
    assert n is not None, text
    assert n.decimals == decimals
    assert n.value == float(value)


@given(st.integers(0, 10**12), st.integers(0, 4))
def test_a_number_in_parentheses_is_negative(units, decimals):
    value = Decimal(units).scaleb(-decimals)
    n = parse_number(f"({value:,.{decimals}f})")
    assert n is not None and n.value == -float(value) and n.decimals == decimals


@given(st.sampled_from(["-", "\u2212", "\u2013"]), st.integers(1, 10**9), st.integers(0, 4))
def test_every_minus_sign_gives_a_negative_number(sign, units, decimals):
    value = Decimal(units).scaleb(-decimals)
    n = parse_number(f"{sign}{value:.{decimals}f}")
    assert n is not None and n.value == -float(value)


@given(st.integers(-(10**12), 10**12), st.integers(0, 6), st.sampled_from([1, 10, 100, 1000, 10**6, 10**8, 10**9]))
@example(82633, 1, 1000)  # 8,263.3 thousand is 8263300, not 8263299.999
def test_scaled_agrees_with_decimal_arithmetic(units, decimals, scale):
    value = Decimal(units).scaleb(-decimals)
    assert scaled(float(value), decimals, float(scale)) == float(value * scale)


@given(st.integers(0, 10**9), st.integers(0, 4), st.sampled_from(["percent", "per cent", "%"]))
def test_a_percentage_is_one_quantity_spanning_its_text(units, decimals, unit):
    number = f"{Decimal(units).scaleb(-decimals):,.{decimals}f}"
    sep = "" if unit == "%" else " "
    text = f"Exports grew by {number}{sep}{unit} last year."
    qs = quantities(text)
    assert len(qs) == 1, qs
    assert qs[0]["raw"] == f"{number}{sep}{unit}" and qs[0]["unit"] == "percent"
    assert qs[0]["value"] == float(Decimal(units).scaleb(-decimals)) and qs[0]["decimals"] == decimals


_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _spell(n: int, joiner: str) -> str:
    """English words for 1 <= n <= 999, written independently of the lexicon."""
    if n >= 100:
        rest = n % 100
        head = f"{_ONES[n // 100 - 1]} hundred"
        return head if rest == 0 else f"{head} and {_spell(rest, joiner)}"
    if n >= 20:
        return _TENS[n // 10 - 2] + ("" if n % 10 == 0 else joiner + _ONES[n % 10 - 1])
    return _TEENS[n - 10] if n >= 10 else _ONES[n - 1]


@given(st.integers(1, 999), st.sampled_from(["-", " "]), st.sampled_from(["", " million"]), st.booleans())
def test_a_number_spelled_out_reads_as_its_value(n, joiner, scale, capital):
    spelled = _spell(n, joiner)
    spelled = spelled[0].upper() + spelled[1:] if capital else spelled
    qs = quantities(f"{spelled}{scale} people were employed there.")
    assert [(q["raw"], q["value"], q["unit"]) for q in qs] == [
        (f"{spelled}{scale}", n * (1e6 if scale else 1), "count")]


@given(st.integers(10**5, 10**11), st.integers(0, 2))
def test_indian_digit_grouping_parses_back(units, decimals):
    value = Decimal(units).scaleb(-decimals)
    whole, _, frac = f"{value:.{decimals}f}".partition(".")
    head, last3 = whole[:-3], whole[-3:]
    pairs = [head[max(0, i - 2):i] for i in range(len(head), 0, -2)][::-1]
    text = ",".join([*pairs, last3]) + (f".{frac}" if frac else "")
    n = parse_number(text)
    assert n is not None and n.value == float(value) and n.decimals == decimals, text


@given(st.integers(1800, 2098), st.integers(1, 40))
def test_a_span_of_years_reads_as_a_period(start, length):
    end = min(start + length, 2099)
    assert period_in(f"Exports, {start}\u2013{end}") == f"{start}-{end}"
    assert period_in(f"in {start}") == str(start)


# ---------------------------------------------------------------- bugs found, pinned (fixed)


@given(spelled(st.sampled_from(["million", "thousands", "billion", "percent"])))
@settings(max_examples=50)
def test_a_respelled_unit_word_does_not_crash(word):
    unit_in(f"(US$ {word})")
    quantities(f"Exports were US$ 5 {word}.")


def test_a_long_s_month_does_not_crash():
    assert period_in("\u017fep 2008") == "2008-09"


_FORMS = sorted(lexicon().currencies)


@given(st.lists(st.sampled_from(_FORMS), max_size=40, unique=True), st.sampled_from(_FORMS),
       st.text(alphabet="$ .us€ad0", max_size=4))
@example([], "us $", "5")
def test_a_trie_matches_what_the_longest_first_alternation_matches(others: list[str], head: str, tail: str) -> None:
    """The factored alternation of currency forms finds the same prefix as listing them
    longest first, among forms that are prefixes of one another ("us", "us $")."""
    forms = sorted({*others, head, *(f for f in _FORMS if head.startswith(f))})
    listed = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)), re.IGNORECASE)
    factored = re.compile(trie(forms), re.IGNORECASE)
    text = head + tail
    a, b = listed.match(text), factored.match(text)
    assert (a.group(0) if a else None) == (b.group(0) if b else None)
