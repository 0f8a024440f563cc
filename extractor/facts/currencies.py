"""Build ``lexicon/currencies.jsonl``, every currency's names and symbols, from CLDR.

The data come from the Unicode CLDR (Unicode licence), as shipped in the ``babel``
package: every currency that has been legal tender somewhere since 1990 (so that
"French francs" and "Deutsche marks" in older reports resolve), plus the IMF's SDR, each
with its English name in the singular and plural ("Canadian dollar", "Canadian dollars"),
its ISO 4217 code, and the symbols that CLDR's locales give it and no other currency
("CA$", "₹", "R$", "zł"). Then, for the words a name ends in:

- a word that names one currency only ("baht", "ringgit", "naira") names it;
- a word that names several, or also a currency of before ("franc", "peso", "dinar",
  "lira", "guilder"), is written down with its currencies; the document's currency
  decides (``units.currency_of``), else the one country the sentence names among those
  whose tender they are (each currency's ``lands``: "Chile spent 5 billion pesos"), else
  the document's country (``units.currency_named_in``), else it names none.

Run offline with babel installed; the pipeline reads the file only:

    python -m extractor.facts.currencies
"""
from __future__ import annotations

import argparse
import datetime
import json
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "lexicon" / "currencies.jsonl"
SINCE = datetime.date(1990, 1, 1)
EXTRA = ("XDR",)  # special drawing rights: no territory's tender, but in every IMF table

#: Symbols made of letters only are kept only from this list: most are also words or
#: abbreviations of units in English ("KM", "Kg.", "Ft", "SR", "DA").
LETTER_SYMBOLS = frozenset({"Kz", "FBu", "Kč", "Fdj", "Nfk", "Rp", "NIS", "Ksh", "KSh", "RM", "TSh", "USh",
                            "FCFA", "CFPF", "Lekë", "zł"})
#: Press forms that CLDR does not list for English (CLDR gives "C$" to Nicaragua).
PRESS_SYMBOLS = {"CAD": ["C$", "Can$"], "MXN": ["Mex$"], "AUD": ["$A", "A$"], "USD": ["$US", "US$"],
                 "NZD": ["NZ$"], "SGD": ["S$"], "TWD": ["NT$"], "KES": ["KSh", "Ksh"],
                 "CHF": ["SFr", "SFr."], "GHS": ["GH¢", "GH₵"], "ETB": ["Birr"], "BDT": ["Tk"],
                 "EGP": ["LE", "L.E.", "E£"], "PHP": ["Php"], "THB": ["Bt"], "MWK": ["MK"], "TRY": ["TL"]}
#: Letters that are words on their own: no currency with a space before "$" ("A $5,000 grant").
WORD_LETTERS = frozenset({"A", "I"})
#: ISO codes that are also English words: not matched as codes ("ALL 5 solutions").
WORD_CODES = frozenset({"ALL", "TOP", "CUP", "MAD", "BOB", "GEL", "PEN", "SOS", "MOP", "BAM", "AMD", "LAK"})
#: Name words that are also everyday English after a number ("the 1,000 mark", "5 reals").
#: ("pounds", which several currencies share, is money only where the document's currency
#: is one of them: elsewhere "200 pounds" is a weight.)
NOT_CURRENCY_WORDS = frozenset({"mark", "marks", "real", "reals", "dram", "drams", "sol",
                                "soles", "som", "gold", "dollar", "dollars"})


def _latin(symbol: str) -> bool:
    """Symbols an English text could print: Latin letters, punctuation, currency signs."""
    for ch in symbol:
        cat = unicodedata.category(ch)
        if cat.startswith("L") and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
        if cat == "Cf":
            return False
    return True


def _keep_symbol(symbol: str, code: str) -> bool:
    s = symbol.strip()
    if s == code or not s or " " in s or not _latin(s):
        return False
    if all(ch.isalpha() or ch == "." for ch in s):
        return s in LETTER_SYMBOLS
    return len(s) > 1 or unicodedata.category(s) == "Sc"


def build() -> list[dict[str, Any]]:
    from babel import Locale
    from babel.core import get_global
    from babel.localedata import locale_identifiers
    from babel.numbers import get_currency_name, get_territory_currencies

    today = datetime.date.today()
    current: set[str] = set()
    codes: set[str] = set(EXTRA)
    for territory in get_global("territory_currencies"):
        current |= set(get_territory_currencies(territory, tender=True))
        codes |= set(get_territory_currencies(territory, start_date=SINCE, end_date=today, tender=True))
    codes |= current
    en = Locale("en")
    lands: dict[str, set[str]] = defaultdict(set)  # code -> the English names of where it is tender
    for territory in get_global("territory_currencies"):
        name = en.territories.get(territory)
        if name and territory.isalpha():
            for code in get_territory_currencies(territory, start_date=SINCE, end_date=today, tender=True):
                lands[code].add(name)
    owners: dict[str, set[str]] = defaultdict(set)
    for lid in locale_identifiers():
        for code, symbol in Locale.parse(lid).currency_symbols.items():
            if code in codes:
                owners[symbol.replace("\u00a0", " ").strip()].add(code)
    rows: list[dict[str, Any]] = []
    heads: dict[str, set[str]] = defaultdict(set)
    for code in sorted(codes):
        name = en.currencies.get(code)
        if not name:
            continue
        plural = get_currency_name(code, count=2, locale="en")
        names = sorted({_lower_common(name), _lower_common(plural)})
        symbols = {s for s, o in owners.items() if o == {code} and _keep_symbol(s, code)}
        symbols |= set(PRESS_SYMBOLS.get(code, []))
        # as news wires print them: "US $58.24", "HK $3.7 billion"
        symbols |= {f"{s[:-1]} $" for s in symbols
                    if s.endswith("$") and s[:-1].isalpha() and s[:-1].isupper() and s[:-1] not in WORD_LETTERS}
        rows.append({"code": code, "names": names, "symbols": sorted(symbols), "current": code in current,
                     "code_is_word": code in WORD_CODES, "lands": sorted(lands[code])})
        for n in names:  # "francs", and "CFA francs" (West and Central African)
            words = n.split()
            heads[words[-1].lower()].add(code)
            for i in range(1, len(words) - 1):
                heads[" ".join(words[i:])].add(code)
    for word, owners_of in sorted(heads.items()):
        if word in NOT_CURRENCY_WORDS or not word.replace(" ", "").isalpha() or len(word) < 3:
            continue
        rows.append({"word": word, "codes": sorted(owners_of)})
    return rows


def _lower_common(name: str) -> str:
    """"Canadian Dollar" -> "Canadian dollar": the currency word lower-cased, as prose writes it."""
    words = name.split()
    return " ".join([*words[:-1], words[-1].lower()]) if len(words) > 1 else name.lower()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = build()
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
