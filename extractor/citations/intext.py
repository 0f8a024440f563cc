"""Author-year citations in a text: "(Yeung, Lee, and Kee 2009)", "(Zhong et al. 2009)",
"(MOFCOM 2008b)", "Porter (1990, 1998)", "(Bhagwati 2004, 54)", "(see Ge 1999; World
Bank 2010)", and in notes and source lines the bare forms "See Yuan, Yiming, et al.,
2009." and "Source: Markusen 1996.".

Each citation is found from its year: the names are read backwards from the year (or from
the parenthesis of a narrative citation) over capitalised words, initials, "et al." and
name connectors, up to a parenthesis, a semicolon, a sentence end or a lower-case word.
Pure functions over a string; nothing here knows about blocks or pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import fold, has_et_al, is_initials, split_names
from .patterns import patterns

_YEAR = re.compile(
    r"(?<![\w/.$\u2013\-])(?P<year>(?:1[6-9]|20)\d\d(?P<sfx>[a-z])?|n\.\s?d\.|[Vv]arious\s+years|[Ff]orthcoming)"
    r"(?![\w/%]|[\u2013\-]\d)"
)
_MORE_YEAR = re.compile(
    r"\s*,\s*(?:(?P<year>(?:1[6-9]|20)\d\d[a-z]?)(?![\w/%]|[\u2013\-]\d)|(?P<sfx>[a-z])(?![\w.]))"
)
_ONLY_YEARS = re.compile(
    r"^\s*(?:(?:1[6-9]|20)\d\d[a-z]?|n\.\s?d\.|forthcoming)(?:\s*[,;]\s*(?:(?:1[6-9]|20)\d\d[a-z]?|[a-z]|"
    r"(?:pp?\.\s*)?\d{1,4}(?:\s*[\u2013\-]\s*\d{1,4})?))*\s*$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[A-Z\u00C0-\u00DE\u0100-\u024F][\w'\u2019\-.&]*$")
_TOKEN = re.compile(r"\S+")
_MODES = ("text", "note")


@dataclass(frozen=True)
class Found:
    """One cited work: ``authors`` as name parts, one ``year``; span offsets in the text."""

    start: int
    end: int
    raw: str
    authors: tuple[str, ...]
    year: str | None
    form: str  # "parenthetical", "narrative", "note"
    locator: str | None = None
    prefix: str | None = None
    et_al: bool = False
    label: str | None = None  # the entry number of a numbered citation ("[12]")


def find_citations(text: str, mode: str = "text") -> list[Found]:
    """Every author-year citation in ``text``, in order.

    ``mode`` "text" reads parenthetical and narrative citations; "note" (notes and source
    lines) also reads bare ones ("See Wang, Jici, 2009.").
    """
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {_MODES}, not {mode!r}")
    parens = _parentheses(text)
    out: list[Found] = []
    consumed = 0
    for m in _YEAR.finditer(text):
        if m.start() < consumed:
            continue
        years, end = _year_list(text, m)
        loc = patterns().locator.match(text, end)
        locator = None
        if loc and not _YEAR.match(text, loc.start("loc")):
            locator, end = " ".join(loc.group("loc").split()), loc.end()
        p = next((p for p in parens if p[0] < m.start() < p[1]), None)
        found = None
        if p is not None and _ONLY_YEARS.match(text[p[0] + 1 : p[1]]):
            found = _narrative(text, p, years, locator)
        elif p is not None:
            seg = max(p[0] + 1, text.rfind(";", p[0], m.start()) + 1)
            found = _backward(text, seg, m.start(), end, years, locator, "parenthetical", commas=True)
        elif mode == "note":
            bound = max(text.rfind(c, 0, m.start()) for c in ";:()")
            found = _backward(text, bound + 1, m.start(), end, years, locator, "note", commas=True)
        if found:
            out.extend(found)
            consumed = max(end, p[1] if p is not None and found[0].form == "narrative" else end)
    return out


_BRACKET = re.compile(
    r"\[(?P<body>\d{1,3}(?:\s*[\-\u2013]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[\-\u2013]\s*\d{1,3})?)*)\]"
)
_RANGE = re.compile(r"(\d{1,3})(?:\s*[\-\u2013]\s*(\d{1,3}))?")
#: The longest range "[3-12]" expanded into its numbers.
MAX_RANGE = 30


def find_numbered(text: str) -> list[Found]:
    """Numbered citations: "[12]", "[3, 5\u20137]" (one per entry number, ranges expanded).
    Only for documents whose bibliography is numbered: elsewhere brackets hold other things."""
    out = []
    for m in _BRACKET.finditer(text):
        for r in _RANGE.finditer(m.group("body")):
            a, b = int(r.group(1)), int(r.group(2) or r.group(1))
            if not 0 < b - a + 1 <= MAX_RANGE:
                b = a
            out += [Found(m.start(), m.end(), m.group(), (), None, "bracket", label=str(n)) for n in range(a, b + 1)]
    return out


def _parentheses(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of innermost parentheses spanning at most 400 characters."""
    out, stack = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            if i - j <= 400:
                out.append((j, i))
    return sorted(out)


def _year_list(text: str, m: re.Match[str]) -> tuple[list[str], int]:
    """"1990, 1998" -> both years; "2008a, b" -> 2008a and 2008b."""
    first = " ".join(m.group("year").split())
    years, end = [first], m.end()
    while True:
        n = _MORE_YEAR.match(text, end)
        if not n:
            break
        if n.group("year"):
            years.append(n.group("year"))
        elif m.group("sfx"):
            years.append(first[:4] + n.group("sfx"))
        else:
            break
        end = n.end()
    return years, end


def _narrative(
    text: str, paren: tuple[int, int], years: list[str], locator: str | None
) -> list[Found] | None:
    """"Porter (1990, 1998)": the names just before the parenthesis."""
    inner = text[paren[0] + 1 : paren[1]]
    all_years: list[str] = []
    for m in _YEAR.finditer(inner):
        ys, _ = _year_list(inner, m)
        all_years += [y for y in ys if y not in all_years]
    bound = max(text.rfind(c, 0, paren[0]) for c in ";:()") + 1
    names = _walk_back(text, bound, paren[0], commas=False) or _possessor(text, bound, paren[0]) or _speaker(
        text, paren[0]
    )
    if names is None:
        return None
    start, name_text = names
    return _make(text, start, paren[1] + 1, name_text, all_years or years, locator, "narrative", None)


def _backward(
    text: str, bound: int, year_at: int, end: int, years: list[str], locator: str | None, form: str, commas: bool
) -> list[Found] | None:
    names = _walk_back(text, bound, year_at, commas=commas)
    if names is None:
        return None
    start, name_text = names
    prefix = text[bound:start].strip(" ,").lower() or None
    return _make(text, start, end, name_text, years, locator, form, prefix)


def _make(
    text: str, start: int, end: int, name_text: str, years: list[str], locator: str | None, form: str,
    prefix: str | None,
) -> list[Found] | None:
    authors = tuple(split_names(name_text))
    if not authors:
        return None
    raw = text[start:end].strip()
    if prefix and prefix not in patterns().prefixes and prefix not in patterns().note_openers:
        prefix = None
    et_al = has_et_al(name_text)
    return [Found(start, end, raw, authors, y, form, locator, prefix, et_al) for y in years]


def _walk_back(text: str, bound: int, pos: int, *, commas: bool) -> tuple[int, str] | None:
    """The run of name words ending right before ``pos`` (and after ``bound``): its start
    offset and text, or None when there is no name there."""
    pats = patterns()
    tokens = list(_TOKEN.finditer(text, bound, pos))
    taken: list[re.Match[str]] = []
    seen_and = False
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i].group()
        last = i == len(tokens) - 1
        word = tok[:-1] if tok.endswith(",") else tok
        if tok.endswith(",") and not last:
            if not commas and not seen_and:
                break
        if last and word.endswith(("'s", "\u2019s")):
            word = word[:-2]
        low = word.lower()
        if low in ("and", "&"):
            seen_and = True
        if low in pats.name_connectors or low in ("et", "al", "al."):
            taken.append(tokens[i])
            continue
        if not _NAME_WORD.match(word) or (word.endswith(".") and not _abbreviation(word)):
            break
        taken.append(tokens[i])
        if len(taken) > pats.max_name_words:
            return None
    taken.reverse()
    while taken and _leading_noise(taken[0].group()):
        taken.pop(0)
    if not taken:
        return None
    words = [t.group().rstrip(",") for t in taken]
    if not words[0][:1].isupper() or all(_common(w) for w in words):
        return None
    if all(is_initials(w) or w.lower() in pats.name_connectors for w in words):
        return None
    start = taken[0].start()
    name_text = text[start : taken[-1].end()].rstrip(" ,")
    if name_text.endswith(("'s", "\u2019s")):
        name_text = name_text[:-2]
    return start, name_text


_POSSESSOR = re.compile(r"(?P<name>[A-Z][\w\-]+)['\u2019]s(?:\s+[a-z][\w\-]*){1,4}\s*$")


def _possessor(text: str, bound: int, at: int) -> tuple[int, str] | None:
    """"Nadvi's collective efficiency model (1999)": the owner of the work named."""
    m = _POSSESSOR.search(text, bound, at)
    if m is None or _common(m.group("name")):
        return None
    return m.start("name"), m.group("name")


def _speaker(text: str, at: int) -> tuple[int, str] | None:
    """'As Jane Smith says, "..." (2010, 3)': the name before the verb that opens the
    quotation that ends right before the parenthesis at ``at``."""
    before = text[:at].rstrip()
    if not before.endswith(("\u201d", '"', "\u2019")):
        return None
    opening = max(before.rfind("\u201c", 0, len(before) - 1), before.rfind('"', 0, len(before) - 1))
    if opening < 0:
        return None
    window_start = max(0, opening - 120)
    last = None
    for m in patterns().speech.finditer(text, window_start, opening):
        last = m
    if last is None:
        return None
    words = last.group("name").split()
    while words and _leading_noise(words[0]):
        words.pop(0)
    if not words:
        return None
    name = " ".join(words)
    return last.start("name") + last.group("name").find(name), name


def _abbreviation(word: str) -> bool:
    """Initials and short abbreviations end in a dot inside a name ("R.", "Jr.", "St.", "al.")."""
    return len(word) <= 4 or is_initials(word)


def _common(word: str) -> bool:
    """A word that is no name on its own ("December", "Table", "of"); an acronym
    ("MOST", "IMF") always may be one."""
    pats = patterns()
    if len(word) >= 2 and word.isupper():
        return False
    return fold(word) in pats.not_names | pats.name_connectors


def _leading_noise(token: str) -> bool:
    """A word before the names that is not one of them ("See", "The", "and", "In")."""
    pats = patterns()
    low = token.rstrip(",").lower()
    return (
        low in pats.name_connectors or low in pats.stop_before or low in pats.prefixes
        or any(low == o.split()[0] for o in pats.note_openers)
    )
