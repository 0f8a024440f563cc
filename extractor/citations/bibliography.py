"""A document's bibliography: where it is, and its entries parsed into ``Reference`` records.

The section is the run of blocks under a heading such as "References" or "Bibliography"
(``patterns.toml``); a document without such a heading gets the longest run of blocks
that each look like an entry (a name, then a year near the start). Each block is an entry
unless it goes on from the one before (it starts in lower case, or continues it across a
page). An entry is read in the author-date layout: authors, year, title, then the
journal, book or publisher.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..records import Block, Reference, union_bbox
from .names import has_et_al, is_initials, is_person_surname, looks_given, split_names, surname_of
from .patterns import patterns

#: Block kinds that can hold bibliography entries.
ENTRY_KINDS = ("paragraph", "list_item", "other", "footnote", "note", "heading")
_PAREN_ALIAS = re.compile(r"\s*\(([^()]{2,60})\)\s*")
_QUOTED = re.compile(r"^[\"“”'‘]\s*(?P<title>.+?)[,.]?\s*[\"”’](?:\s*|$)")
_SENTENCE = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])[.?!](?:\s+|$)")
_NUMBERING = re.compile(r"^\s*(?:\[(?P<n1>\d{1,3})\]|(?P<n2>\d{1,3})\.)\s+")


@dataclass
class _Entry:
    blocks: list[Block]
    text: str


def bibliography_blocks(blocks: Sequence[Block]) -> list[Block]:
    """The blocks of the bibliography section, in reading order (empty if there is none)."""
    pats = patterns()
    out: list[Block] = []
    inside = False
    for b in blocks:
        if b.kind in ("header", "footer", "page_number"):
            continue
        if _is_heading(b):
            inside = True
            continue
        if inside and b.kind in ("heading", "caption") and not _looks_like_entry(b.text):
            inside = False
        if inside and b.kind in ENTRY_KINDS:
            out.append(b)
    if out:
        return out
    return _longest_run(blocks, pats.min_run)


def _is_heading(b: Block) -> bool:
    pats = patterns()
    text = pats.heading_number.sub("", b.text.strip()).rstrip(":. ")
    return len(text) < 40 and b.kind in ("heading", "paragraph", "other") and pats.heading.match(text) is not None


def _looks_like_entry(text: str) -> bool:
    """A name (or a dash) first, then a year within the first few words, after "." "," or "("."""
    pats = patterns()
    head = _NUMBERING.sub("", text)
    if pats.dash.match(head):
        return pats.year.search(head[:40]) is not None
    if not head[:1].isupper():
        return False
    m = pats.year.search(head[: pats.year_within])
    if m is None or m.start() < 2:
        return False
    before = head[: m.start()].rstrip()
    return before[-1:] in ".,(" and len(before.split()) <= 25


def _longest_run(blocks: Sequence[Block], min_run: int) -> list[Block]:
    body = [b for b in blocks if b.kind in ENTRY_KINDS]
    best: list[Block] = []
    run: list[Block] = []
    for b in body:
        if _looks_like_entry(b.text) or (run and b.continues == run[-1].block_id):
            run.append(b)
        else:
            if len(run) > len(best):
                best = run
            run = []
    if len(run) > len(best):
        best = run
    return best if len(best) >= min_run else []


def _entries(blocks: list[Block]) -> list[_Entry]:
    entries: list[_Entry] = []
    for b in blocks:
        for k, text in enumerate(split_entries(b.text.strip())):
            goes_on = k == 0 and entries and (
                b.continues is not None
                or not (text[:1].isupper() or patterns().dash.match(text) or text[:1] in "\"“[" or text[:1].isdigit())
            )
            if goes_on and not _looks_like_entry(text):
                entries[-1].blocks.append(b)
                entries[-1].text += " " + text
            else:
                entries.append(_Entry([b], text))
    return entries


#: Where an entry may end: a full stop after a word (not after an initial), a number, a
#: closing bracket or quote, or an acronym ("Press.", "1-20.", "WTO.", "<http://...>").
_START = re.compile(r'(?:(?<=[a-z]{2}\.)|(?<=[\d)\]"\u201d\u2019]\.)|(?<=[A-Z]{2}\.)|(?<=[>)]))\s+(?=\S)')
_SENTENCE_IN_NAMES = re.compile(r"[a-z]{2,}\.\s|[:;\d]")


def split_entries(text: str) -> list[str]:
    """A block holding several entries (single-line entries set as one paragraph) cut
    where a new entry starts: after a full stop, a dash or a name list, then its year."""
    pats = patterns()
    cuts = [0]
    for m in _START.finditer(text):
        at = m.end()
        head = text[at : at + pats.year_within]
        if _NUMBERING.match(head) and head[:1] == "[":
            cuts.append(at)  # "[12] Name ..."
            continue
        if pats.dash.match(head):
            if pats.year.match(head, pats.dash.match(head).end()):  # type: ignore[union-attr]
                cuts.append(at)
            continue
        if not head[:1].isupper():
            continue
        y = pats.year.search(head)
        if y is None or y.start() < 2:
            continue
        names = head[: y.start()].rstrip()
        if names[-1:] in ".,(" and len(names.split()) <= 12 and not _SENTENCE_IN_NAMES.search(names[:-1]):
            cuts.append(at)
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]


def parse_references(doc_id: str, blocks: Sequence[Block]) -> list[Reference]:
    """The document's bibliography entries, each parsed (a dash entry takes the authors
    of the entry before it)."""
    found = bibliography_blocks(blocks)
    refs: list[Reference] = []
    for n, e in enumerate(_entries(found)):
        ref = parse_entry(e.text)
        first = e.blocks[0]
        boxes = [b.bbox for b in e.blocks if b.page == first.page]
        if ref.same_as_previous and refs:
            prev = refs[-1]
            ref = _with(ref, authors=prev.authors, surnames=prev.surnames, aliases=prev.aliases)
        refs.append(
            _with(ref, ref_id=f"{doc_id[:12]}-r{n + 1:03d}", doc_id=doc_id, page=first.page,
                  bbox=union_bbox(boxes), block_id=first.block_id, seq=n)
        )
    return refs


def _with(ref: Reference, **changes: object) -> Reference:
    return replace(ref, **changes)  # type: ignore[arg-type]


def parse_entry(raw: str) -> Reference:
    """One entry's authors, year, title and container (no ids or places yet)."""
    pats = patterns()
    text = " ".join(raw.split())
    numbered = _NUMBERING.match(text)
    label = (numbered.group("n1") or numbered.group("n2")) if numbered else None
    text = text[numbered.end():] if numbered else text
    dash = pats.dash.match(text)
    rest = text[dash.end():] if dash else text
    ym = pats.year.search(rest[: pats.year_within])
    if ym:
        author_text, after = rest[: ym.start()], rest[ym.end():]
        year: str | None = " ".join(ym.group("year").split())
    else:
        cut = _SENTENCE.search(rest)
        author_text, after = (rest[: cut.start()], rest[cut.end():]) if cut else (rest, "")
        year = None
    author_text = author_text.strip().rstrip("(").strip().rstrip(".,;:").strip()
    authors: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    if not dash:
        authors, surnames, aliases = parse_authors(author_text)
    title, container = _title_and_container(after)
    return Reference(
        ref_id="", doc_id="", page=0, bbox=(0.0, 0.0, 0.0, 0.0), block_id="", seq=0, raw=raw,
        authors=authors, surnames=surnames, aliases=aliases, year=year, title=title,
        container=container, same_as_previous=dash is not None, label=label,
    )


def parse_authors(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Names as printed, the surnames to match on, and other names of the first author.

    "Andersson, Thomas, Sylvia Schwagg Serger, and Jens Sörvik" -> names ("Andersson,
    Thomas", "Sylvia Schwagg Serger", "Jens Sörvik"), surnames ("Andersson", "Serger",
    "Sörvik"); "Ministry of Commerce (MOFCOM)" -> one name, alias "MOFCOM".
    """
    text = text.strip(" *\u2020.,")
    plain = _PAREN_ALIAS.sub(" ", text).strip(" *.,")
    aliases = tuple(
        a for a in (m.group(1).strip() for m in _PAREN_ALIAS.finditer(text)) if _acronym(a) or _acronym(plain)
    )
    parts = split_names(plain)
    if not parts:
        return (), (), aliases
    names: list[str] = []
    surnames: list[str] = []
    rest = parts
    if len(parts) >= 2 and is_person_surname(parts[0]) and (looks_given(parts[1]) or is_initials(parts[1])):
        names.append(f"{parts[0]}, {parts[1]}")
        surnames.append(parts[0])
        rest = parts[2:]
    elif len(parts) == 1 or not is_person_surname(parts[0]):
        names.append(parts[0])
        surnames.append(parts[0])
        rest = parts[1:]
    for p in rest:
        if is_initials(p) and names:
            names[-1] = f"{names[-1]}, {p}"  # "Jones, K." written inverted
            continue
        names.append(p)
        surnames.append(p if "," in p else surname_of(p))
    if has_et_al(text):
        names.append("et al.")
    return tuple(names), tuple(surnames), aliases


def _title_and_container(after: str) -> tuple[str | None, str | None]:
    """'. "Title." Journal 27 (7): 1267-85.' -> ("Title", "Journal 27 (7): 1267-85")."""
    s = after.lstrip(" .,);:")
    if not s:
        return None, None
    q = _QUOTED.match(s)
    if q:
        title, rest = q.group("title").strip(" ,."), s[q.end():]
    else:
        cut = _SENTENCE.search(s)
        title, rest = (s[: cut.start()], s[cut.end():]) if cut else (s, "")
    container = rest.strip(" .,;") or None
    return title.strip() or None, container


def _acronym(name: str) -> bool:
    """"MOFCOM", "OECD": an organisation's short name (a parenthesised alias needs one side so)."""
    letters = [ch for ch in name if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return 2 <= len(letters) <= 12 and " " not in name.strip() and upper >= 0.6 * len(letters)
