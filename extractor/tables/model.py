"""Records of the table finder: a table found on one page, its cells, and page facts.

``PageCell`` has the fields of :class:`extractor.records.Cell` minus the ids and the page
(the pipeline stamps those when it turns a logical table into records).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pdfplumber.page import Page

from ..records import BBox, grid_of

#: Running headers and footers sit in this fraction of the page height at top and bottom.
FURNITURE_BAND = 0.08

METHODS = ("lines", "hrules", "text")


@dataclass(frozen=True)
class PageCell:
    row: int  # 0-based row within the part found on this page
    col: int  # 0-based
    text: str  # as extracted, footnote markers included ("0.009 a")
    value: str  # text without footnote markers ("0.009")
    markers: tuple[str, ...]  # superscript footnote markers ("a",)
    bbox: BBox
    row_span: int = 1
    col_span: int = 1
    is_header: bool = False
    header_path: tuple[str, ...] = ()  # column header texts, outermost first
    row_path: tuple[str, ...] = ()  # section row text (if any), then the stub text


@dataclass(frozen=True)
class PageTable:
    page: int  # 1-based
    bbox: BBox  # the grid (header + body rows), without caption and notes
    method: str  # one of METHODS
    n_rows: int
    n_cols: int
    n_header_rows: int
    cells: list[PageCell] = field(default_factory=list, repr=False)

    def grid(self) -> list[list[str]]:
        """Rows of cell texts (a spanning cell fills only its first slot)."""
        return grid_of(self.cells, self.n_rows, self.n_cols)


@dataclass(frozen=True)
class PageInfo:
    """What :func:`merge_continued` needs to know about a page besides its tables."""

    page: int  # 1-based
    width: float
    height: float
    body_top: float  # top of the first line of body text (running header excluded)
    body_bottom: float  # bottom of the last line of body text (footer/page number excluded)

    @classmethod
    def from_page(cls, page: Page, words: list[dict[str, Any]]) -> PageInfo:
        """Body extent from the words outside the top and bottom FURNITURE_BAND."""
        return cls.from_words(int(page.page_number), float(page.width), float(page.height), words)

    @classmethod
    def from_words(cls, page_no: int, width: float, height: float, words: list[dict[str, Any]]) -> PageInfo:
        lo, hi = FURNITURE_BAND * height, (1 - FURNITURE_BAND) * height
        body = [w for w in words if w["top"] > lo and w["bottom"] < hi]
        if not body:
            return cls(page_no, width, height, height, 0.0)
        return cls(page_no, width, height, min(w["top"] for w in body), max(w["bottom"] for w in body))
