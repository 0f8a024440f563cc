"""Periods and dates in running text, in normal form.

"in 2007" -> "2007"; "from 1980 to 1984", "2007–08" -> "1980-1984", "2007-2008";
"in November 2022" -> "2022-11"; "by the end of 2006" -> "2006-12-31";
"in the first nine months of 2008" -> "2008-01/2008-09"; "the first half of 2008" ->
"2008-01/2008-06"; "the 1980s" -> "1980-1989";
"over the 15 years since" -> "P15Y"; "(2007)" -> "2007"; "in the previous month" -> the month
before the one the text reports on. A month without a year
("for November") gets the year passed in (the document's), else is left out.
Citation years are not periods: "(Wong 1987)", "(Zhong et al. 2009)", "Mytelka (2004)".
"""
from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .units import fold
from .words import words

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
#: a month's name as prose writes it ("March", "Sept."), in the group ``month``
MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:18|19|20)\d\d"
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}


#: how the norm of an open interval begins ("before 1997"): a period that dates a figure to none
BOUND = "before "


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    raw: str
    norm: str
    citation: bool = False  # a citation year: not a period of any figure


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    v = words().number_words.get(fold(word))
    return int(v) if v else None


@cache
def _rules() -> list[tuple[re.Pattern[str], str]]:
    f = re.IGNORECASE
    rules = [
        (rf"(?:at|by|as\s+of)\s+the\s+end\s+of\s+(?:{MONTH}\s+)?(?P<y>{_YEAR})", "end"),
        (rf"(?:in\s+)?the\s+first\s+(?P<n>\w+)\s+months\s+of\s+(?P<y>{_YEAR})", "first_months"),
        (rf"(?:in\s+)?the\s+(?P<ord>first|second|third|fourth)\s+quarter\s+of\s+(?P<y>{_YEAR})", "quarter"),
        (rf"(?:in\s+)?the\s+(?P<ord>first|second)\s+half\s+of\s+(?P<y>{_YEAR})", "half"),
        (rf"(?:from|between)\s+(?P<y>{_YEAR})\s+(?:to|and|through|until)\s+(?P<y2>{_YEAR})", "span"),
        (rf"(?P<y>{_YEAR})\s?[-\u2013/]\s?(?P<y2>{_YEAR}|\d\d)(?![\d%])", "span"),
        (rf"(?:the\s+)?(?:early\s+|mid-?\s*|late\s+)?(?P<y>{_YEAR[:-4]}\d0)s\b", "decade"),
        (r"(?:over|in|during)\s+the\s+(?:past\s+|last\s+)?(?P<n>\w+)\s+years(?:\s+since)?", "years"),
        (r"(?<!from )(?<!than )(?:(?:in|over|during)\s+)?(?:the\s+(?:previous|preceding|prior)|last)\s+month\b",
         "previous_month"),
        (rf"{MONTH}\s+(?P<d>\d{{1,2}}),\s+(?P<y>{_YEAR})", "date"),
        (rf"(?P<d>\d{{1,2}})\s+{MONTH}\s+(?P<y>{_YEAR})", "date"),
        (rf"{MONTH}\s+(?P<y>{_YEAR})", "month"),
        (rf"\b(?:before|prior\s+to)\s+(?P<y>{_YEAR})(?![\d%]|\.\d|,\d)", "before"),
        (rf"(?<![\d,.$])(?P<y>{_YEAR})(?![\d%]|\.\d|,\d)", "year"),
        (rf"\b{MONTH}\b(?!\s+\d)", "bare_month"),
    ]
    return [(re.compile(p, f if kind != "bare_month" else 0), kind) for p, kind in rules]


def previous_month(month: str) -> str:
    """ "2022-11" -> "2022-10"; "2023-01" -> "2022-12"."""
    y, m = int(month[:4]), int(month[5:7])
    return f"{y - 1:04d}-12" if m == 1 else f"{y:04d}-{m - 1:02d}"


def _norm(m: re.Match[str], kind: str, year: int | None, month_of_text: str | None = None) -> str | None:
    g = m.groupdict()
    y = int(g["y"]) if g.get("y") else None
    month = _MONTHS.get(fold(g["month"]).rstrip(".")) if g.get("month") else None
    if kind == "end":
        return _last_day(y, month or 12) if y else None
    if kind == "first_months":
        n = _count(g["n"])
        return f"{y}-01/{y}-{n:02d}" if y and n and 1 <= n <= 12 else None
    if kind == "half":
        return f"{y}-01/{y}-06" if fold(g["ord"]) == "first" else f"{y}-07/{y}-12"
    if kind == "quarter":
        return f"{y}-Q{_ORDINAL[fold(g['ord'])]}"
    if kind == "span":
        y2 = g["y2"]
        if y is None:
            return None
        end = int(y2) if len(y2) == 4 else (y // 100) * 100 + int(y2)
        return f"{y}-{end}" if end > y else None
    if kind == "decade":
        return f"{y}-{y + 9}" if y else None
    if kind == "years":
        n = _count(g["n"])
        return f"P{n}Y" if n else None
    if kind == "date":
        return f"{y:04d}-{month:02d}-{int(g['d']):02d}" if y and month else None
    if kind == "month":
        return f"{y:04d}-{month:02d}"
    if kind == "year":
        return str(y)
    if kind == "before":  # "before 1997": an open interval, which dates a figure to no period
        return f"{BOUND}{y}"
    if kind == "previous_month":
        return previous_month(month_of_text) if month_of_text else None
    if kind == "bare_month":
        known = year and month and g["month"] != "May"
        return f"{year:04d}-{month:02d}" if known else None
    return None


_CITATION_PAREN = re.compile(
    r"\((?=[^()]*[A-Z][\w.&'’-]*,?\s+(?:et al\.?\s+)?(?:18|19|20)\d\d[a-z]?\b)[^()]*\)"
)
_CITATION_NAME = re.compile(
    r"[A-Z][\w’'-]+(?:\s+et al\.?)?\s+\((?:18|19|20)\d\d[a-z]?(?:,\s*(?:18|19|20)\d\d[a-z]?)*\)"
)


def citation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of author-year citations: "(Wong 1987)", "Mytelka (2004)"."""
    spans = [m.span() for m in _CITATION_PAREN.finditer(text)]
    for m in _CITATION_NAME.finditer(text):
        first = m.group(0).split()[0]
        if first.lower() not in _MONTHS and first not in ("In", "By", "Since", "From", "The"):
            spans.append(m.span())
    return spans


def find_periods(text: str, year: int | None = None, month: str | None = None) -> list[Period]:
    """Every period in ``text`` (citations included, marked), longest first where they overlap.
    ``month`` ("2022-11") is the month the text reports on: "the previous month" is the one before."""
    cites = citation_spans(text)
    taken: list[tuple[int, int]] = []
    out: list[Period] = []
    for rx, kind in _rules():
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            norm = _norm(m, kind, year, month)
            if norm is None:
                continue
            taken.append((s, e))
            cited = kind == "year" and any(cs <= s and e <= ce for cs, ce in cites)
            out.append(Period(s, e, m.group(0), norm, cited))
    return sorted(out, key=lambda p: p.start)


_LATER = re.compile(
    r"\b(?:(?P<n>\w+)\s+years?\s+later|(?:a|one)\s+year\s+later|(?:the\s+)?(?:following|next)\s+year"
    r"|(?:within|over|in|during)\s+the\s+(?:following|next|subsequent)\s+(?P<m>\w+)\s+years)\b",
    re.IGNORECASE,
)


def relative_years(text: str) -> int | None:
    """How many years after the period before it ``text`` speaks of: "Three years later" -> 3,
    "the following year" -> 1, "within the following four years" -> 4; None if it does not
    say (or says "a few")."""
    m = _LATER.search(text)
    if m is None:
        return None
    n = m.group("n") or m.group("m")
    return _count(n) if n else 1


_EARLIER = re.compile(r"\s+(?P<n>\w+)\s+years?\s+(?:before|earlier)\b", re.IGNORECASE)


def years_before(text: str, pos: int) -> int | None:
    """How many years before the sentence's period a figure at ``pos`` is dated by the words
    right after it: "compared to only 10% ten years before" -> 10."""
    m = _EARLIER.match(text, pos)
    return _count(m.group("n")) if m else None


_MONTH_YEAR = re.compile(rf"\b{MONTH}\s+(?P<y>{_YEAR})\b")


def dominant_month(texts: Iterable[str]) -> str | None:
    """The month ("2022-11") that most "Month YYYY" mentions of a document name, if it is
    at least half of them (and named twice, unless it is the only one): the period of a
    monthly bulletin."""
    counts: Counter[str] = Counter()
    for t in texts:
        for m in _MONTH_YEAR.finditer(t):
            counts[f"{m.group('y')}-{_MONTHS[fold(m.group('month')).rstrip('.')]:02d}"] += 1
    if not counts:
        return None
    month, n = counts.most_common(1)[0]
    total = sum(counts.values())
    return month if (n >= 2 or total == 1) and n * 2 >= total else None
