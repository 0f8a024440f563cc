"""Table finding on real PDFs: the paper's eight tables against golden files, and small
PDFs drawn with reportlab inside the tests.

Golden files (``tests/golden/tables/<pdf-stem>.json``) were checked cell by cell against
the rendered pages. Regenerate on purpose only: ``REGEN_GOLDEN=1 pytest tests/test_tables.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from extractor.tables import PageInfo, PageTable, find_tables, merge_continued
from extractor.words import page_words

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden" / "tables"
PAPER = "zeng-2011-sez-clusters-wps5583.pdf"
PAPER_PAGES = [5, 7, 12, 16, 17, 22, 26, 36, 37]


def logical_tables(path: Path, pages: list[int] | None = None) -> list[list[PageTable]]:
    with pdfplumber.open(path) as pdf:
        found = []
        for p in pdf.pages:
            if pages and p.page_number not in pages:
                continue
            words = page_words(p)
            found.append((PageInfo.from_page(p, words), find_tables(p, words)))
    return merge_continued(found)


def _key(c: Any) -> str:
    return f"{c.row},{c.col}"


def summarise(group: list[PageTable]) -> dict[str, Any]:
    """Grid of a logical table (repeated header rows of later parts left out) and its paths."""
    grid: list[list[str]] = []
    header_paths: dict[str, list[str]] = {}
    row_paths: dict[str, list[str]] = {}
    markers: dict[str, list[str]] = {}
    for k, part in enumerate(group):
        skip = part.n_header_rows if k else 0
        offset = len(grid) - skip
        grid.extend(row for i, row in enumerate(part.grid()) if i >= skip)
        for c in part.cells:
            if c.row < skip:
                continue
            key = f"{c.row + offset},{c.col}"
            if c.markers:
                markers[key] = list(c.markers)
            if c.row + offset == group[0].n_header_rows or (k and c.row == skip):
                header_paths[key] = list(c.header_path)
                row_paths[key] = list(c.row_path)
    return {
        "pages": [p.page for p in group],
        "n_header_rows": group[0].n_header_rows,
        "grid": grid,
        "header_paths": header_paths,
        "row_paths": row_paths,
        "markers": markers,
    }


@pytest.fixture(scope="module")
def paper() -> list[list[PageTable]]:
    return logical_tables(CORPUS / PAPER, PAPER_PAGES)


def test_paper_matches_golden(paper: list[list[PageTable]]) -> None:
    got = {"tables": [summarise(g) for g in paper]}
    path = GOLDEN / (Path(PAPER).stem + ".json")
    if os.environ.get("REGEN_GOLDEN"):
        path.write_text(json.dumps(got, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    want = json.loads(path.read_text())
    assert len(got["tables"]) == len(want["tables"]) == 8
    for g, w in zip(got["tables"], want["tables"], strict=True):
        assert g == w


def test_table_1_4_is_one_table_across_pages(paper: list[list[PageTable]]) -> None:
    group = next(g for g in paper if g[0].page == 16)
    assert [p.page for p in group] == [16, 17]
    assert all(p.n_cols == 6 for p in group)
    last = group[1].cells[-1]
    assert last.header_path == ("Hainan",)
    # the section row opened on page 16 still names the rows on page 17
    assert group[1].cells[0].row_path == ("Utilized FDI (million current US$)", "2000")


def test_markers_are_separated(paper: list[list[PageTable]]) -> None:
    part = next(g for g in paper if g[0].page == 16)[0]
    cell = next(c for c in part.cells if c.text == "0.009 a")
    assert (cell.value, cell.markers) == ("0.009", ("a",))
    assert cell.header_path == ("Shenzhen",)
    assert cell.row_path == ("Exports (billion current US$)", "1978")


def test_two_level_header_paths(paper: list[list[PageTable]]) -> None:
    t = next(g for g in paper if g[0].page == 26)[0]
    assert t.n_header_rows == 2
    cells = {(c.row, c.col): c for c in t.cells}
    assert cells[(2, 1)].header_path == ("1998", "Number of firm")
    assert cells[(2, 7)].header_path == ("2003", "Employe es")
    assert cells[(6, 4)].row_path == ("Total",)


def test_units_stay_in_row_labels(paper: list[list[PageTable]]) -> None:
    t = next(g for g in paper if g[0].page == 12)[0]
    cell = next(c for c in t.cells if c.value == "9,101")
    assert cell.row_path == ("Real GDP (RMB 100 millions)",)
    assert cell.header_path == ("SEZs",)


def test_grid_bbox_leaves_out_caption_and_source(paper: list[list[PageTable]]) -> None:
    with pdfplumber.open(CORPUS / PAPER) as pdf:
        words = page_words(pdf.pages[4])
    t = next(g for g in paper if g[0].page == 5)[0]
    caption = [w for w in words if w["text"] == "Potential"][0]
    source = [w for w in words if w["text"] == "Source:"][0]
    assert caption["bottom"] < t.bbox[1] and t.bbox[3] < source["top"]


# ---------------------------------------------------------------- drawn PDFs
def _draw(path: Path, draw: Any) -> None:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    c = canvas.Canvas(str(path), pagesize=(612, 792))
    draw(c)
    c.save()


def _tables(path: Path) -> list[PageTable]:
    with pdfplumber.open(path) as pdf:
        p = pdf.pages[0]
        return find_tables(p, page_words(p))


ROWS = [
    ["Country", "2019", "2020", "2021"],
    ["Austria", "1.5", "2.1", "3.0"],
    ["Belgium", "0.7", "1.9", "2.2"],
    ["Croatia", "10.4", "11.0", "9.8"],
]


def test_unruled_table(tmp_path: Path) -> None:
    def draw(c: Any) -> None:
        c.setFont("Helvetica", 10)
        c.drawString(72, 720, "Table 1 Growth by country")
        for i, row in enumerate(ROWS):
            for j, text in enumerate(row):
                c.drawString(72 + 110 * j, 690 - 16 * i, text)
        c.drawString(72, 600, "Source: drawn for the test.")

    _draw(tmp_path / "t.pdf", draw)
    (t,) = _tables(tmp_path / "t.pdf")
    assert t.method == "text" and t.grid() == ROWS and t.n_header_rows == 1
    assert next(c for c in t.cells if c.value == "9.8").header_path == ("2021",)


def test_ruled_table(tmp_path: Path) -> None:
    def draw(c: Any) -> None:
        c.setFont("Helvetica", 10)
        xs, ys = [70, 180, 290, 400, 510], [700 - 20 * i for i in range(5)]
        for y in ys:
            c.line(xs[0], y, xs[-1], y)
        for x in xs:
            c.line(x, ys[0], x, ys[-1])
        for i, row in enumerate(ROWS):
            for j, text in enumerate(row):
                c.drawString(xs[j] + 4, ys[i] - 14, text)

    _draw(tmp_path / "r.pdf", draw)
    (t,) = _tables(tmp_path / "r.pdf")
    assert t.method == "lines" and t.grid() == ROWS
    assert t.bbox == (70.0, 92.0, 510.0, 172.0)


def test_paragraphs_are_no_table(tmp_path: Path) -> None:
    text = (
        "Special economic zones are areas in which business and trade laws differ from "
        "the rest of the country. They aim to raise trade, investment and employment."
    )

    def draw(c: Any) -> None:
        c.setFont("Times-Roman", 11)
        for i in range(20):
            c.drawString(72, 720 - 14 * i, text[(i * 7) % 40 :][:90])

    _draw(tmp_path / "p.pdf", draw)
    assert _tables(tmp_path / "p.pdf") == []


def test_bulleted_list_is_no_table(tmp_path: Path) -> None:
    def draw(c: Any) -> None:
        c.setFont("Helvetica", 11)
        for i, item in enumerate(
            ["investment from the diaspora;", "value chains and networks;", "learning."]
        ):
            c.drawString(72, 700 - 16 * i, "\u2022")
            c.drawString(100, 700 - 16 * i, item)

    _draw(tmp_path / "l.pdf", draw)
    assert _tables(tmp_path / "l.pdf") == []
