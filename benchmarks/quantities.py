"""Quantity extraction against public test sets, scored as the CQE paper scores them.

    python benchmarks/quantities.py [--set NewsQuant|currency] [--half dev|test|all]
                                    [--errors] [--as-printed] [--concepts] [--json OUT]

The test sets are those of CQE (Almasian et al., "CQE: A Comprehensive Quantity
Extractor", EMNLP 2023), copied into ``benchmarks/data/cqe/`` (see its README):

- ``NewsQuant.json``: 590 sentences of English news (sport, business, technology), every
  quantity annotated with value, unit and change;
- ``currency-model.json``: 180 news sentences chosen for their money amounts, lower-cased
  and tokenised ("$ 75 million", "c $ 16.4 million"), from CQE's currency disambiguation.

Every sentence goes through ``extractor.facts.text.quantities``, the function behind
``evidence quantities`` (no document currency: a bare "$" is USD). Scoring follows CQE's
``evaluation/evaluate_models.py``: a gold quantity is found when one of the sentence's
extracted quantities has the same value (ranges: both ends; relative tolerance 1e-5), and
its unit is right when that quantity's unit names the gold's normalised unit. Precision
divides by every quantity we extract, recall by every gold quantity. Unlike CQE's script,
each extracted quantity is paired with at most one gold quantity. A change from one level
to another, which we give as two figures ("rose from $160" / "rose to $180"), is joined
into the one range CQE writes for it (``cqe_form``); ``--as-printed`` scores the two.

Our units are mapped to CQE's names by ``cqe_unit`` below: ISO 4217 codes to the names
the test sets use ("USD" -> "dollar", "GBP" -> "pound sterling"), "percent" ->
"percentage", a counted noun to its singular ("13000 workers" -> "worker"), a compound
"USD/share" -> "dollar per share". It maps our vocabulary, never a sentence's text.

Rows: the whole set, then its money amounts (the gold's unit is a currency, cent or penny;
ours is an ISO code or cents) and its percentages (gold "percentage"; ours "percent").

Development discipline: the sentences are split in two by a hash of their text.
``--errors`` prints only the dev half's errors; the test half is scored, never printed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.facts.text import quantities, text_facts  # noqa: E402
from extractor.records import Block  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "cqe"
SETS = {"NewsQuant": DATA / "NewsQuant.json", "currency": DATA / "currency-model.json"}

#: CQE's published scores (value F1, value+unit F1) for its own extractor, CQE-Numparser,
#: from data/evaluation_output/*.csv of vivkaz/CQE at commit 32d9e72 (the paper's Table 3
#: reports 0.92 / 0.86 for NewsQuant after later fixes).
CQE_PUBLISHED = {"NewsQuant": (0.912, 0.842), "currency": (0.819, 0.741)}

#: ISO 4217 code -> the name CQE's normalisation gives that currency.
CURRENCY_NAMES = {
    "USD": "dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "japanese yen",
    "CNY": "chinese yuan", "CAD": "canadian dollar", "AUD": "australian dollar",
    "NZD": "new zealand dollar", "HKD": "hong kong dollar", "CHF": "swiss franc",
    "INR": "indian rupee", "LKR": "sri lankan rupee", "PKR": "pakistani rupee",
    "MXN": "mexican peso", "TRY": "turkish lira", "CRC": "costa rican colón",
    "GEL": "georgian lari", "LAK": "lao kip", "FIM": "finnish markka", "ESP": "peseta",
    "NLG": "netherlands guilde", "DEM": "mark", "XBT": "bitcoin", "BTC": "bitcoin",
    "RUB": "russian ruble", "KRW": "south korean won", "BRL": "brazilian real",
    "ZAR": "south african rand", "SEK": "swedish krona", "NOK": "norwegian krone",
    "DKK": "danish krone", "SGD": "singapore dollar", "SBD": "solomon islands dollar",
    "ILS": "shekel", "MYR": "malaysian ringgit", "THB": "thai baht", "IDR": "indonesian rupiah",
    "PHP": "philippine peso", "VND": "vietnamese dong", "NGN": "nigerian naira", "EGP": "egyptian pound",
}
#: Gold names that mean a currency without saying which ("rupee") or its hundredth.
MONEY_WORDS = ("dollar", "euro", "pound", "yen", "yuan", "franc", "rupee", "peso", "lira",
               "markka", "peseta", "guilde", "mark", "colón", "lari", "kip", "won", "rand",
               "krona", "krone", "ruble", "real", "bitcoin", "satoshi", "cent", "penny", "sen")
OTHER_UNITS = {"percent": "percentage", "percentage_points": "percentage point",
               "basis_points": "basis point", "points": "point", "cents": "cent", "pence": "penny",
               "km2": "square kilometre", "m2": "square metre", "m3": "cubic metre",
               "km": "kilometre", "t": "metric ton", "oz": "ounce", "ha": "hectare",
               "months": "month", "years": "year", "kWh": "kilowatt hour", "mi": "mile", "ft": "foot",
               "in": "inch", "yd": "yard", "m": "metre", "cm": "centimetre", "mm": "millimetre",
               "kg": "kilogram", "g": "gram", "mg": "milligram", "lb": "pound-mass", "l": "litre",
               "gal": "gallon", "bbl": "barrel", "bbl/d": "barrel per day", "acre": "acre",
               "sq mi": "square mile", "sq ft": "square foot", "mph": "mile per hour",
               "km/h": "kilometre per hour", "kW": "kilowatt", "MW": "megawatt", "GW": "gigawatt",
               "MWh": "megawatt hour", "GWh": "gigawatt hour", "TWh": "terawatt hour", "GB": "gigabyte",
               "TB": "terabyte", "MB": "megabyte", "Hz": "hertz", "GHz": "gigahertz", "MHz": "megahertz",
               "degC": "celsius", "degF": "fahrenheit", "hp": "horsepower", "mpg": "mile per gallon",
               "MMBtu": "mega british thermal unit", "Btu": "british thermal unit",
               "days": "day", "weeks": "week", "hours": "hour", "quarters": "quarter", "decades": "decade",
               "years_of_age": "year of age", "months_of_age": "month of age"}


def _singular(noun: str) -> str:
    w = noun.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _one_unit(unit: str) -> str:
    if unit in CURRENCY_NAMES:
        return CURRENCY_NAMES[unit]
    return OTHER_UNITS.get(unit, _singular(unit))


def cqe_unit(q: dict[str, Any]) -> str:
    """Our unit under CQE's name for it ("-" for a bare number)."""
    unit = q.get("unit")
    if unit == "count":
        return _singular(q["noun"]) if q.get("noun") else "-"
    if not unit or unit == "fraction":
        return "-"
    if unit in OTHER_UNITS:
        return OTHER_UNITS[unit]
    return " per ".join(_one_unit(u) for u in unit.split("/"))


def is_money_unit(name: str) -> bool:
    first = name.split(" per ")[0]
    return any(w in first.split() for w in MONEY_WORDS)


_FLOAT = r"-?\d*\.?\d+(?:[eE][-+]?\d+)?"
_RANGE = re.compile(rf"({_FLOAT})\s*-\s*({_FLOAT})")


def gold_value(raw: str) -> float | tuple[float, float]:
    """A gold value: "58.24", or a range "252.0-287.0" (a leading "-" is a sign)."""
    m = _RANGE.fullmatch(raw.strip())
    return (float(m.group(1)), float(m.group(2))) if m else float(raw)


def our_value(q: dict[str, Any]) -> float | tuple[float, float] | None:
    v = q["value"]
    if isinstance(v, list):
        return (float(v[0]), float(v[1]))
    return None if v is None else float(v)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-8 + 1e-5 * abs(b)


def same_value(gold: float | tuple[float, float], ours: float | tuple[float, float] | None) -> bool:
    if ours is None or isinstance(gold, tuple) != isinstance(ours, tuple):
        return False
    if isinstance(gold, tuple) and isinstance(ours, tuple):
        return _close(ours[0], gold[0]) and _close(ours[1], gold[1])
    assert isinstance(gold, float) and isinstance(ours, float)
    return _close(ours, gold)


def half_of(text: str) -> str:
    """dev or test, fixed by the sentence's text."""
    return "dev" if hashlib.sha1(text.encode("utf-8")).digest()[0] % 2 == 0 else "test"


@dataclass
class Tally:
    gold: int = 0
    ours: int = 0
    value: int = 0
    value_unit: int = 0

    def scores(self) -> dict[str, float]:
        def f1(tp: int) -> tuple[float, float, float]:
            p = tp / self.ours if self.ours else 1.0
            r = tp / self.gold if self.gold else 1.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        (vp, vr, vf), (up, ur, uf) = f1(self.value), f1(self.value_unit)
        return {"gold": self.gold, "ours": self.ours, "value_p": vp, "value_r": vr, "value_f1": vf,
                "unit_p": up, "unit_r": ur, "unit_f1": uf}


@dataclass
class Result:
    rows: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in ("all", "money", "percent")})
    errors: list[str] = field(default_factory=list)


def _kind(unit_name: str) -> str | None:
    if unit_name == "percentage":
        return "percent"
    return "money" if is_money_unit(unit_name) else None


def cqe_form(found: list[dict[str, Any]]) -> list[tuple[float | tuple[float, float] | None, str, dict[str, Any]]]:
    """Our quantities as (value, CQE unit, quantity), in CQE's form of a change from one level
    to another: CQE writes "rose from $160 to $180" as one quantity 160-180 (ends in the
    order written), where we give two figures, the first marked "<verb> from" and the next
    "<verb> to". This joins such a pair, reading only our own output."""
    out: list[tuple[float | tuple[float, float] | None, str, dict[str, Any]]] = []
    i = 0
    while i < len(found):
        q = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        a, b = our_value(q), our_value(nxt) if nxt else None
        if (nxt and isinstance(a, float) and isinstance(b, float)
                and (q.get("change") or "").endswith(" from") and (nxt.get("change") or "").endswith(" to")
                and nxt.get("unit") in (None, q.get("unit"))):
            out.append(((a, b), cqe_unit(q), {**q, "raw": f"{q['raw']} .. {nxt['raw']}"}))
            i += 2
            continue
        out.append((a, cqe_unit(q), q))
        i += 1
    return out


def score_sentence(text: str, gold: list[dict[str, Any]], result: Result, keep_errors: bool,
                   as_printed: bool = False) -> None:
    """Pair gold and extracted quantities by value. A gold quantity counts in the kind of
    its unit; an extracted one in the kind of the gold it is paired with, else its own."""
    found = quantities(text)
    ours = [(our_value(q), cqe_unit(q), q) for q in found] if as_printed else cqe_form(found)
    kind_of_ours = [_kind(u) for _, u, _ in ours]
    used: set[int] = set()
    for g in gold:
        gv, gu = gold_value(g["value"]), g["normalized_unit"].strip().lower()
        kinds = ("all", _kind(gu))
        for k in kinds:
            if k:
                result.rows[k].gold += 1
        matches = [i for i, (v, _, _) in enumerate(ours) if i not in used and same_value(gv, v)]
        if not matches:
            if keep_errors:
                result.errors.append(f"MISS  {g['value']} {gu!r}  | {text}")
            continue
        best = next((i for i in matches if ours[i][1] == gu), matches[0])
        used.add(best)
        kind_of_ours[best] = _kind(gu)
        unit_right = ours[best][1] == gu
        for k in kinds:
            if k:
                result.rows[k].value += 1
                result.rows[k].value_unit += unit_right
        if keep_errors and not unit_right:
            result.errors.append(f"UNIT  {g['value']} gold {gu!r} ours {ours[best][1]!r} ({ours[best][2]['raw']!r})"
                                 f"  | {text}")
    for i, (_, u, q) in enumerate(ours):
        for k in ("all", kind_of_ours[i]):
            if k:
                result.rows[k].ours += 1
        if keep_errors and i not in used:
            result.errors.append(f"EXTRA {q['raw']!r} -> {u!r}  | {text}")


def run(name: str, half: str, errors: bool, as_printed: bool = False) -> tuple[Result, int, float]:
    data = json.loads(SETS[name].read_text(encoding="utf-8"))
    result = Result()
    t0 = time.perf_counter()
    n = 0
    for item in data:
        h = half_of(item["text"])
        if half != "all" and h != half:
            continue
        n += 1
        score_sentence(item["text"], item["quantities"], result, errors and h == "dev", as_printed)
    return result, n, time.perf_counter() - t0


_STOPWORDS = frozenset("a an the of in on for to and or at by with from its their his her".split())


def _tokens(*texts: str | None) -> set[str]:
    return {w for t in texts if t for w in re.findall(r"[\w'-]+", t.lower()) if w not in _STOPWORDS}


def _fact_value(value: float | None, low: float | None, high: float | None) -> float | tuple[float, float] | None:
    if value is not None:
        return value
    return (low, high) if low is not None and high is not None else None


def concepts(half: str) -> Tally:
    """What NewsQuant's figures are about ("referred concepts"), against the entity and
    indicator our facts give them: a gold quantity counts when one of our facts has its
    value and shares a word with its concepts (CQE's "value+concept partial"). Each
    sentence is a one-paragraph document of its own; "-" (no concept) never matches."""
    data = json.loads(SETS["NewsQuant"].read_text(encoding="utf-8"))
    tally = Tally()
    for i, item in enumerate(data):
        if half != "all" and half_of(item["text"]) != half:
            continue
        doc = f"{i:064d}"
        block = Block("b0", doc, 1, 0, "paragraph", item["text"], (72.0, 100.0, 540.0, 120.0))
        facts = text_facts(doc, [block], None)
        ours = [(_fact_value(f.value, f.value_low, f.value_high), _tokens(f.entity, f.indicator_raw, f.indicator))
                for f in facts]
        tally.ours += len(ours)
        used: set[int] = set()
        for g in item["quantities"]:
            tally.gold += 1
            gv = gold_value(g["value"])
            words = set() if g["referred_concepts"].strip() == "-" else _tokens(g["referred_concepts"])
            match = [j for j, (v, _) in enumerate(ours) if j not in used and v is not None and same_value(gv, v)]
            if not match:
                continue
            best = next((j for j in match if ours[j][1] & words), match[0])
            used.add(best)
            tally.value += 1
            tally.value_unit += bool(ours[best][1] & words)
    return tally


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=[*SETS, "both"], default="both")
    ap.add_argument("--half", choices=["dev", "test", "all"], default=None,
                    help="score one half only (default: all, then each half)")
    ap.add_argument("--errors", action="store_true", help="print the dev half's errors")
    ap.add_argument("--as-printed", action="store_true",
                    help="score changes as we print them (two figures), not joined into CQE's from-to range")
    ap.add_argument("--concepts", action="store_true",
                    help="also score what NewsQuant's figures are about against our facts' entity and indicator")
    ap.add_argument("--json", type=Path, help="write the scores as JSON")
    args = ap.parse_args()
    names = list(SETS) if args.set == "both" else [args.set]
    halves = [args.half] if args.half else ["all", "dev", "test"]
    out: dict[str, Any] = {}
    print("| set | sentences | quantities | gold | ours | value P | value R | value F1 "
          "| value+unit P | value+unit R | value+unit F1 |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in names:
        for half in halves:
            result, n, seconds = run(name, half, args.errors and half == "all", args.as_printed)
            for kind, tally in result.rows.items():
                s = tally.scores()
                out[f"{name}/{half}/{kind}"] = {**s, "sentences": n, "seconds": seconds}
                print(f"| {name} ({half}) | {n} | {kind} | {s['gold']} | {s['ours']} | {s['value_p']:.3f} "
                      f"| {s['value_r']:.3f} | {s['value_f1']:.3f} | {s['unit_p']:.3f} | {s['unit_r']:.3f} "
                      f"| **{s['unit_f1']:.3f}** |")
            if args.errors and half == "all":
                print("\n".join(result.errors), file=sys.stderr)
        v, u = CQE_PUBLISHED[name]
        print(f"| {name}: CQE as published | | all | | | | | {v:.3f} | | | {u:.3f} |")
    if args.concepts:
        print("\n| NewsQuant half | gold | our facts | value P | value R | value+concept P | value+concept R "
              "| value+concept F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|")
        for half in halves:
            s = concepts(half).scores()
            out[f"NewsQuant/{half}/concepts"] = s
            print(f"| {half} | {s['gold']} | {s['ours']} | {s['value_p']:.3f} | {s['value_r']:.3f} | {s['unit_p']:.3f} "
                  f"| {s['unit_r']:.3f} | **{s['unit_f1']:.3f}** |")
        print("| CQE as published (all) | 904 | | 0.912 | 0.911 | 0.656 | 0.655 | 0.655 |")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
