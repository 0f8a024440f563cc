"""Units and scales of figures, from the lexicon in ``lexicon/units.toml``.

``unit_in(text)`` reads what a header, caption or the words around a number say about its
unit and scale: "(RMB 100 millions)" -> CNY x 1e8, "billion current US$" -> USD x 1e9,
"(%)" -> percent, "In thousands" -> x 1e3.
"""
from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

#: Characters that a case-insensitive regular expression takes for ASCII letters but that
#: ``str.lower`` keeps apart (long s, dotless and dotted i, the Kelvin sign).
_FOLD = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "I", "\u212a": "K"})


def fold(text: str) -> str:
    """The lexicon key of a word matched case-insensitively: "Mıllion" -> "million"."""
    return text.translate(_FOLD).lower()


@dataclass(frozen=True)
class Lexicon:
    currencies: dict[str, str]  # lower-cased form -> ISO code
    bare_dollar: frozenset[str]
    ambiguous: dict[str, tuple[str, ...]]  # lower-cased word -> the currencies it may name ("francs")
    families: dict[str, tuple[str, ...]]  # lower-cased form -> its currencies, the usual first ("rs")
    family_signs: frozenset[str]  # lower-cased forms of those written with a capital: "rs", "cfaf" (before a number)
    as_written: frozenset[str]  # forms matched only as written: ISO codes, letter symbols ("ALL", "RM")
    codes: frozenset[str]  # lower-cased forms that are codes ("usd", "rmb"): written before or after a number
    scales: dict[str, float]  # lower-cased word -> multiplier
    money_scales: dict[str, float]  # read only right after a currency: "b" of "$5B"
    units: dict[str, str]  # lower-cased form -> unit
    counted: frozenset[str]  # lower-cased nouns of counted things
    not_counted: frozenset[str]  # plural nouns after a number that are not counted things
    per_a: frozenset[str]  # nouns that make "$52 a barrel" a rate
    scaled: dict[str, tuple[str, float]]  # as written -> (currency form, scale): "MSEK" -> ("SEK", 1e6)
    scale_prefixes: tuple[str, ...]  # written before a code: "M" of "MSEK"
    folded: frozenset[str]  # ASCII renderings of signs, as written: "Y=", "PS"
    code_suffixes: tuple[str, ...]  # written after a code: "m" of "EURm"
    sign_suffixes: tuple[str, ...]  # written after a sign: "bn" of "$bn", "MM" of "$MM"
    glued: dict[str, str]  # as written, glued to the number: "p" of "120p" -> "pence"
    glued_not_after: frozenset[str]  # numbers before them that are something else: "1080" of "1080p"


@cache
def _currency_rows() -> tuple[dict[str, Any], ...]:
    """The rows of ``lexicon/currencies.jsonl`` (built by ``currencies.py``)."""
    text = (resources.files(__package__) / "lexicon" / "currencies.jsonl").read_text("utf-8")
    return tuple(json.loads(line) for line in text.splitlines())


def _cldr_currencies() -> tuple[dict[str, str], dict[str, tuple[str, ...]], set[str], set[str]]:
    """Names, symbols and codes of ``lexicon/currencies.jsonl`` (built by ``currencies.py``),
    and the codes of the currencies in use."""
    forms: dict[str, str] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    as_written: set[str] = set()
    current: set[str] = set()
    for row in _currency_rows():
        if "word" in row:
            if len(row["codes"]) == 1:
                forms[row["word"].lower()] = row["codes"][0]
            else:
                ambiguous[row["word"].lower()] = tuple(row["codes"])
            continue
        code = row["code"]
        if not row["code_is_word"]:
            as_written.add(code)
            forms[code.lower()] = code
            if row["current"]:
                current.add(code)
        for form in [*row["names"], *row["symbols"]]:
            forms[form.lower()] = code
            if any(ch.isalpha() for ch in form) and form not in row["names"]:  # "RM", "C $": not "a $"
                as_written.add(form)
    return forms, ambiguous, as_written, current


def _scaled(raw: dict[str, Any], codes: set[str], forms: set[str], taken: set[str]) -> dict[str, tuple[str, float]]:
    """Currencies with a scale written onto them: "MSEK", "kEUR", "EURm", "£m", "US$bn"."""
    out: dict[str, tuple[str, float]] = {}
    for code in codes:
        out.update({f"{p}{code}": (code, float(v)) for p, v in raw["before_code"].items()})
        out.update({f"{code}{s}": (code, float(v)) for s, v in raw["after_code"].items()})
    for sign in (f for f in forms if len(f) <= 4 and unicodedata.category(f[-1]) == "Sc"):
        out.update({f"{sign}{s}": (sign, float(v)) for s, v in raw["after_sign"].items()})
    return {f: v for f, v in out.items() if f not in raw["not_scaled"] and f.lower() not in taken}


@cache
def lexicon() -> Lexicon:
    raw = tomllib.loads((resources.files(__package__) / "lexicon" / "units.toml").read_text("utf-8"))
    cur = raw["currencies"]
    forms, ambiguous, as_written, current = _cldr_currencies()
    hand = {k.lower(): v for k, v in cur.items() if isinstance(v, str)}  # press usage wins ("£" -> GBP)
    hand_codes = {k for k in cur if k.isalpha() and k.isupper()}
    signs = {*as_written, *(k for k in cur if isinstance(cur[k], str)), *cur["bare_dollar"],
             *(f for f in forms if not any(ch.isalpha() for ch in f))}  # as written: "HK$", "€"
    scaled = _scaled(raw["scaled_currencies"], current | hand_codes, signs, {*forms, *hand})
    folded = raw["folded_currencies"]
    families = {k.lower(): tuple(v) for k, v in raw["currency_families"].items()}
    return Lexicon(
        currencies={**forms, **hand, **{k.lower(): v for k, v in folded.items()}},
        bare_dollar=frozenset(x.lower() for x in cur["bare_dollar"]),
        ambiguous={k: v for k, v in ambiguous.items() if k not in hand and k not in families},
        families=families,
        family_signs=frozenset(k.lower() for k in raw["currency_families"] if not k.islower()),
        # hand forms match in any case
        as_written=frozenset({f for f in as_written if f.lower() not in hand} | set(scaled) | set(folded)),
        codes=frozenset({f.lower() for f in as_written if len(f) == 3 and f.isupper()}
                        | {k.lower() for k in hand_codes}),
        scales={k.lower(): float(v) for k, v in raw["scales"].items()},
        money_scales={k.lower(): float(v) for k, v in raw["money_scales"].items()},
        units={k.lower(): v for k, v in raw["units"].items()},
        counted=frozenset(x.lower() for x in raw["counted"]["nouns"]),
        not_counted=frozenset(x.lower() for x in raw["counted"]["not_counted"]),
        per_a=frozenset(x.lower() for x in raw["per"]["after_a"]),
        scaled=scaled,
        folded=frozenset(folded),
        scale_prefixes=tuple(raw["scaled_currencies"]["before_code"]),
        code_suffixes=tuple(raw["scaled_currencies"]["after_code"]),
        sign_suffixes=tuple(raw["scaled_currencies"]["after_sign"]),
        glued=dict(raw["glued_subunits"]["forms"]),
        glued_not_after=frozenset(str(n) for n in raw["glued_subunits"]["not_after"]),
    )


@dataclass(frozen=True)
class UnitSpec:
    """What a text says about the unit of the figures it heads."""

    unit: str | None = None  # ISO code, "percent", "count", ...
    scale: float = 1.0  # multiplier to base units ("100 millions" -> 1e8)
    raw: str = ""  # the words it was read from

    def __bool__(self) -> bool:
        return self.unit is not None or self.scale != 1.0


def _alternation(forms: list[str]) -> str:
    parts = sorted(forms, key=len, reverse=True)
    return "|".join(re.escape(f) for f in parts)


def currency_alternation(forms: Iterable[str]) -> str:
    """A case-insensitive regex alternation of currency forms, in which ISO codes and
    letter symbols match only as written ("ALL" is the lek, "all" is not)."""
    lx = lexicon()
    forms = set(forms)
    written = {f for f in lx.as_written if f.lower() in forms}
    lowered = {w.lower() for w in written}
    rest = [f for f in forms if f not in lowered]
    alts = [f"(?-i:{trie(written)})"] if written else []
    return "|".join([*alts, trie(rest)] if rest else alts)


def trie(forms: Iterable[str]) -> str:
    """A regex alternation of ``forms`` with shared prefixes factored out ("us$|usd" ->
    "us(?:\\$|d)"), longer forms tried first: the same matches as listing them longest
    first, but the engine no longer tries hundreds of forms at every position."""
    root: dict[str, Any] = {}
    for f in forms:
        node = root
        for ch in f:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(root)


def _trie_regex(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if ends:
        return f"(?:{body})?"
    return body


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lx = lexicon()
    edge = r"(?<![A-Za-z])(?:{})(?![A-Za-z])"
    folded = {f.lower() for f in lx.folded}  # "PS" in a header is no pound sign
    forms = [*(f for f in lx.currencies if f not in folded), *lx.bare_dollar, *lx.ambiguous, *lx.families,
             *(f.lower() for f in lx.scaled)]
    cur = re.compile(edge.format(currency_alternation(forms)), re.IGNORECASE)
    # a scale may be preceded by a multiplier: "100 millions", "10 thousand"
    scale = re.compile(
        r"(?<![\w.])(?:(?P<mult>\d{1,3}(?:,\d{3})*|\d+)\s+)?(?P<word>"
        + _alternation(list(lx.scales))
        + r")(?![A-Za-z])",
        re.IGNORECASE,
    )
    unit = re.compile(edge.format(_alternation(list(lx.units))), re.IGNORECASE)
    return cur, scale, unit


def is_currency(unit: str | None) -> bool:
    """Whether a unit is an ISO 4217 code ("USD"), not a rate, a subunit or anything else."""
    return unit is not None and len(unit) == 3 and unit.isalpha() and unit.isupper()


def currency_of(form: str, default_currency: str | None = None) -> str | None:
    lx = lexicon()
    if form.strip() in lx.scaled:  # "MSEK" -> SEK, "$m" -> the dollar's
        form = lx.scaled[form.strip()][0]
    key = fold(form).strip()
    if key in lx.bare_dollar:
        return default_currency or "USD"
    if key in lx.families:  # "Rs": the document's rupee, else the Indian
        family = lx.families[key]
        return default_currency if default_currency in family else family[0]
    if key in lx.ambiguous:  # "francs": the document's, if it is one of them
        return default_currency if default_currency in lx.ambiguous[key] else None
    return lx.currencies.get(key)


@cache
def _lands() -> tuple[dict[str, frozenset[str]], re.Pattern[str]]:
    """Where each currency is tender, by the English names of its countries and the
    adjective of its own name ("Chile" and "Chilean" for CLP), and a pattern of them all."""
    by_code: dict[str, frozenset[str]] = {}
    for row in _currency_rows():
        if "code" in row:
            adjectives = {n.rsplit(" ", 1)[0] for n in row["names"] if " " in n}
            by_code[row["code"]] = frozenset({*row.get("lands", ()), *adjectives})
    names = {n for ns in by_code.values() for n in ns}
    return by_code, re.compile(rf"(?<![\w-])(?:{trie(names)})(?![\w-])")


def currency_named_in(form: str, text: str, country: str | None = None) -> str | None:
    """A word several currencies share ("pesos", "kroner", "francs") as the one currency
    of a country the text names, or whose adjective it uses: "Chile spent 5 billion
    pesos" -> CLP, "the Danish central bank ... 3 billion kroner" -> DKK; else the one of
    ``country`` (the document's); else None."""
    codes = lexicon().ambiguous.get(fold(form).strip())
    if not codes:
        return None
    by_code, pattern = _lands()
    for named in ({m.group(0) for m in pattern.finditer(text)}, {country} if country else set()):
        hits = {c for c in codes if by_code.get(c, frozenset()) & named}
        if hits:
            return hits.pop() if len(hits) == 1 else None
    return None


def unit_in(text: str, default_currency: str | None = None, country: str | None = None) -> UnitSpec:
    """The unit and scale a header, caption or unit phrase states (first of each found);
    a word several currencies share is the document's, else ``country``'s ("pesos").

    Single letters ("m", "k") count as scales only right after a currency or in
    parentheses, so that "m" in running text is not read as "million".
    """
    cur_re, scale_re, unit_re = _patterns()
    unit: str | None = None
    found: list[str] = []
    m = cur_re.search(text)
    if m:
        unit = currency_of(m.group(0), default_currency) or currency_named_in(m.group(0), text, country)
        found.append(m.group(0))
    if unit is None:
        u = unit_re.search(text)
        if u:
            unit = lexicon().units[fold(u.group(0))]
            found.append(u.group(0))
    scale = lexicon().scaled[m.group(0)][1] if m and m.group(0) in lexicon().scaled else 1.0
    if m and scale == 1.0:
        # a bare power of ten next to the currency: "(1000 USD)", "(US$ '000)", "US$100",
        # and thousands as accounts print them: "($000)", "(€ 000s)"
        power = re.search(r"(?<![\d.,])(1(?:,?000)+|100?|000s?)(?![\d.,])", text)
        if power and not scale_re.search(text):
            scale = float(power.group(1).replace(",", "")) if power.group(1)[0] == "1" else 1e3
            found.append(power.group(1))
    for s in scale_re.finditer(text):
        if m and m.start() <= s.start("word") < m.end():  # the "m" of "£m"
            continue
        word = fold(s.group("word"))
        if len(word) <= 2 and not (m or "(" in text):
            continue
        scale = lexicon().scales[word] * float((s.group("mult") or "1").replace(",", ""))
        found.append(s.group(0))
        break
    return UnitSpec(unit, scale, " ".join(found))
