"""Typed records: the only thing that passes from ``extractor`` to ``warehouse``.

Every record carries its provenance: document id, 1-based page number, bounding box in
PDF points ``(x0, top, x1, bottom)`` (pdfplumber's top-left origin) and its text exactly
as extracted. Records are plain frozen dataclasses so that they serialise to rows
(``dataclasses.asdict``), to JSON and to Parquet without custom code.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

BBox = tuple[float, float, float, float]

#: Kinds a text block can have. Body kinds hold the running text of the document;
#: furniture kinds (header, footer, page_number) are kept but apart from it.
BLOCK_KINDS = (
    "paragraph",  # body text
    "heading",  # a section heading; ``level`` 1 is the top
    "list_item",  # a bulleted or numbered item of body text
    "caption",  # "Table 2.4 ...", "Figure 2 ...", "Box 1 ..."
    "note",  # "Source: ...", "Note: ...", lettered notes under a table or figure
    "footnote",  # a footnote / endnote text, with its ``marker``
    "header",  # running header
    "footer",  # running footer
    "page_number",
    "other",  # text that is none of the above (figure labels, stray text)
)
BODY_KINDS = ("paragraph", "heading", "list_item")


def round_bbox(bbox: tuple[float, ...]) -> BBox:
    """Round a bbox to 2 decimals (a hundredth of a point is far below print resolution)."""
    x0, top, x1, bottom = bbox
    return (round(float(x0), 2), round(float(top), 2), round(float(x1), 2), round(float(bottom), 2))


class _GridCell(Protocol):
    @property
    def row(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def text(self) -> str: ...


def grid_of(cells: Iterable[_GridCell], n_rows: int, n_cols: int) -> list[list[str]]:
    """Rows of cell texts from cells with row, col and text (a spanning cell fills only
    its first slot)."""
    rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for c in cells:
        rows[c.row][c.col] = c.text
    return rows


def union_bbox(boxes: list[BBox]) -> BBox:
    """The smallest bbox that holds every box in ``boxes`` (which must not be empty)."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass(frozen=True)
class DocumentMeta:
    """What a user or the manifest tells us about a document (all optional)."""

    title: str | None = None
    authors: str | None = None
    publisher: str | None = None
    year: int | None = None
    country: str | None = None
    currency: str | None = None
    kind: str | None = None
    source: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Document:
    doc_id: str  # SHA-256 of the file's bytes, hex
    file_name: str
    n_bytes: int
    n_pages: int
    meta: DocumentMeta
    pdf_producer: str | None
    pdf_title: str | None
    extractor_version: str


@dataclass(frozen=True)
class Page:
    doc_id: str
    page: int  # 1-based
    width: float
    height: float
    rotation: int
    n_chars: int
    text: str  # the page's text in reading order (body and furniture)


@dataclass(frozen=True)
class Block:
    """A paragraph-like unit of text on one page, in reading order."""

    block_id: str
    doc_id: str
    page: int
    seq: int  # reading order within the document (0-based, dense)
    kind: str  # one of BLOCK_KINDS
    text: str  # de-hyphenated, lines joined with spaces
    bbox: BBox
    column: int = 0  # 0 for full-width text, 1.. for columns left to right
    level: int | None = None  # heading level
    section: tuple[str, ...] = ()  # heading path in force at this block
    marker: str | None = None  # footnote marker for kind == "footnote"
    note_refs: tuple[str, ...] = ()  # footnote markers referenced from this block's text
    continues: str | None = None  # block_id of the block this one continues (page break)
    table_id: str | None = None  # for captions/notes that belong to a table
    font_size: float | None = None
    bold: bool = False


@dataclass(frozen=True)
class Cell:
    table_id: str
    doc_id: str
    page: int
    row: int  # 0-based row of the logical table (rows of continued parts follow on)
    col: int  # 0-based
    text: str  # as extracted (markers included)
    value: str  # text without footnote markers
    markers: tuple[str, ...]  # footnote markers found in the cell ("a", "1", "*")
    bbox: BBox
    row_span: int = 1
    col_span: int = 1
    is_header: bool = False
    header_path: tuple[str, ...] = ()  # column header texts, outermost first
    row_path: tuple[str, ...] = ()  # stub text (and section row) of this cell's row


@dataclass(frozen=True)
class TableNote:
    marker: str | None  # "a", "1", "*" or None for "Source:" / "Note:" lines
    kind: str  # "source", "note" or "footnote"
    text: str


@dataclass(frozen=True)
class Table:
    table_id: str
    doc_id: str
    page: int  # first page
    pages: tuple[int, ...]  # every page the logical table covers
    bbox: BBox  # grid bbox on the first page
    part_bboxes: tuple[tuple[int, BBox], ...]  # (page, bbox) of each part
    n_rows: int
    n_cols: int
    n_header_rows: int
    method: str  # how the grid was found: "lines", "hrules" or "text"
    label: str | None = None  # "Table 2.4", "Annex B", ...
    caption: str | None = None
    caption_bbox: BBox | None = None
    units: str | None = None
    notes: tuple[TableNote, ...] = ()
    cells: tuple[Cell, ...] = field(default=(), repr=False)

    def grid(self) -> list[list[str]]:
        """The table as rows of cell texts (a spanning cell fills only its first slot)."""
        return grid_of(self.cells, self.n_rows, self.n_cols)


@dataclass(frozen=True)
class Fact:
    """One reported figure (an indicator value), normalised, with where it was found.

    ``value`` is in base units after every scale ("US$7.3 billion" -> 7.3e9, unit "USD").
    Each of entity, indicator and period carries how it was found (``*_how``: e.g.
    "sentence", "previous sentence", "paragraph", "heading", "document", "table" (a table
    the sentence cites), "row header", "column header", "caption", "section row", "footnote").
    """

    fact_id: str
    doc_id: str
    page: int
    bbox: BBox
    source: str  # "text" or "table"
    quote: str  # the sentence, or "caption | row header | column header: cell"
    raw: str  # as printed: "US$7.3 billion", "9,101", "58 percent"
    value: float | None  # None for a missing value ("—", "n.a.") or a range
    unit: str | None  # ISO 4217 code, "percent", "percentage_points", "count", "km2", ...
    decimals: int | None = None  # digits after the decimal point as printed
    qualifier: str | None = None  # "about", "nearly", "more than", ...
    value_low: float | None = None
    value_high: float | None = None
    change: str | None = None  # "tripled", "74.4 percent less", "increased to", ...
    entity: str | None = None
    entity_how: str | None = None
    indicator: str | None = None  # canonical name from the vocabulary
    indicator_raw: str | None = None
    indicator_how: str | None = None
    period: str | None = None  # "2007", "1980-1984", "2008-01/2008-11"
    period_how: str | None = None
    block_id: str | None = None  # text facts
    table_id: str | None = None  # table facts
    row: int | None = None
    col: int | None = None
    missing: bool = False  # a cell that states a value is not available ("—", "n.a.")


@dataclass(frozen=True)
class Reference:
    """One entry of a document's bibliography, parsed.

    ``authors`` are the names as printed ("Porter, Michael", "A. Venables", "World Bank");
    ``surnames`` the keys citations are matched on (a person's family name, an
    organisation's whole name); ``aliases`` other names of the same author ("MOFCOM" for
    "Ministry of Commerce (MOFCOM)"). An entry that opens with a dash ("———. 2009.") has
    the previous entry's authors and ``same_as_previous`` set.
    """

    ref_id: str
    doc_id: str
    page: int
    bbox: BBox
    block_id: str
    seq: int  # 0-based order in the bibliography
    raw: str  # the entry as printed
    authors: tuple[str, ...]
    surnames: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    year: str | None = None  # "2009", "2008b", "n.d.", "Various years"
    title: str | None = None
    container: str | None = None  # journal, book, publisher or series after the title
    same_as_previous: bool = False
    label: str | None = None  # the number of an entry of a numbered bibliography ("12")


@dataclass(frozen=True)
class Citation:
    """A pointer from the text to a source: an author-year citation, a note marker, or an
    item of a table's or figure's source line; kept (with ``ref_id`` None) when unresolved.

    ``start``/``end`` are character offsets in the block's text; ``bbox`` is the block's.
    """

    citation_id: str
    doc_id: str
    page: int
    bbox: BBox
    block_id: str
    kind: str  # "author_year", "numbered", "note_marker" or "source"
    form: str  # "parenthetical", "narrative", "note", "source line", "bracket", "marker"
    raw: str  # as printed: "(Yeung, Lee, and Kee 2009)", "Porter (1990, 1998)", "9"
    start: int
    end: int
    authors: tuple[str, ...] = ()  # name parts as printed: ("Yeung", "Lee", "Kee")
    year: str | None = None
    locator: str | None = None  # page or chapter: "54"
    prefix: str | None = None  # "see", "e.g."
    marker: str | None = None  # a note marker, or the entry number of a numbered citation
    note_block_id: str | None = None  # note markers: the note block it refers to
    table_id: str | None = None  # source lines of a table
    ref_id: str | None = None
    how: str = "unresolved"  # how ref_id (or the note) was found; "unresolved" if not


@dataclass(frozen=True)
class CiteLink:
    """A statement (a fact or a claim) backed by a citation, and how they were linked:
    "sentence" (cited in the statement's sentence), "note" (a note marker on it), "via
    note" (a citation inside that note), "table source" (the source line of its table)."""

    doc_id: str
    subject_kind: str  # "fact" or "claim"
    subject_id: str
    citation_id: str
    ref_id: str | None
    how: str


@dataclass(frozen=True)
class Claim:
    """One argument a document makes: a sentence of its running text classified as a kind
    of claim, with its topics, how strongly it is asserted, and the figures beside it.

    ``bbox`` is that of the block the sentence starts in (blocks do not keep their line
    boxes); ``evidence`` the ids of the facts stated in the same sentence, else in the same
    paragraph. ``confidence`` ranks claims (the classifier's score), it is not calibrated.
    """

    claim_id: str  # "<block_id>-sNN": the block the sentence starts in, its index in the paragraph
    doc_id: str
    page: int
    bbox: BBox
    quote: str  # the sentence as extracted
    section: tuple[str, ...]  # heading path
    kind: str  # success_factor, causal, recommendation, challenge, lesson, policy_description
    topics: tuple[str, ...]  # names from extractor/claims/topics.toml
    hedge: str  # "weak", "none" or "strong"
    confidence: float
    evidence: tuple[str, ...] = ()  # fact ids
    evidence_how: str | None = None  # "sentence" or "paragraph"
    block_id: str = ""
    model_version: str = ""  # when the classifier was trained (its meta's "created")


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document: the unit the warehouse loads."""

    document: Document
    pages: tuple[Page, ...]
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...]
    warnings: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    references: tuple[Reference, ...] = ()
    citations: tuple[Citation, ...] = ()
    cite_links: tuple[CiteLink, ...] = ()
    claims: tuple[Claim, ...] = ()
