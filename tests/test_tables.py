"""Table finding on real PDFs: the paper's eight tables and the other corpus tables against
golden files, and small PDFs drawn with reportlab inside the tests.

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


# ---------------------------------------------------------------- other corpus PDFs
CORPUS_TABLES = [
    "cbsi-meb-2022-11.pdf",
    "cbsi-meb-2022-12.pdf",
    "us-statistical-abstract-2012-table324.pdf",
    "us-budget-fy2013-table-s4.pdf",
]


@pytest.mark.parametrize("name", CORPUS_TABLES)
def test_corpus_matches_golden(name: str) -> None:
    got = {"tables": [summarise(g) for g in logical_tables(CORPUS / name)]}
    path = GOLDEN / (Path(name).stem + ".json")
    if os.environ.get("REGEN_GOLDEN"):
        path.write_text(json.dumps(got, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    want = json.loads(path.read_text())
    assert len(got["tables"]) == len(want["tables"])
    for g, w in zip(got["tables"], want["tables"], strict=True):
        assert g == w


@pytest.fixture(scope="module")
def bulletin() -> list[list[PageTable]]:
    return logical_tables(CORPUS / "cbsi-meb-2022-11.pdf")


def test_charts_and_two_column_text_are_no_tables(bulletin: list[list[PageTable]]) -> None:
    # page 1: only the framed contents box; page 2 (prose and a chart) has none
    assert [(g[0].page, g[0].n_rows, g[0].n_cols) for g in bulletin] == [(1, 6, 3), (3, 35, 8)]


def test_stacked_rows_in_a_ruled_cell_are_split(bulletin: list[list[PageTable]]) -> None:
    t = bulletin[1][0]
    cells = {c.value: c for c in t.cells if c.col == 3}
    assert cells["272"].row + 1 == cells["462"].row
    assert cells["462"].row_path == ("Trade (eop)", "Imports ( $ millions)")
    assert cells["462"].header_path[-1] == "Jul 22"
    assert cells["5,500"].row_path == ("Money and credit (eop)", "Broad Money ( $ millions)")
    # the footnotes under the grid are not a row of it
    assert not any(c.value.startswith("Value in terms") for c in t.cells)


def test_three_header_rows_under_spanning_heads() -> None:
    (sex,), (race,) = logical_tables(CORPUS / "us-statistical-abstract-2012-table324.pdf")
    assert sex.n_header_rows == race.n_header_rows == 3
    total = next(c for c in sex.cells if c.value == "11,062.6")
    assert total.header_path == ("Total",) and total.row_path == ("Total",)
    female = next(c for c in sex.cells if c.value == "2,330.9")
    assert female.header_path == ("Female", "18 years", "and over")
    murder = next(c for c in race.cells if c.value == "9,739")
    assert murder.row_path == ("Murder and nonnegligent manslaughter",)


def test_rotated_budget_table() -> None:
    ((t,),) = logical_tables(CORPUS / "us-budget-fy2013-table-s4.pdf")
    assert t.n_header_rows == 3 and t.n_cols == 15
    assert not any("billions" in c.value for c in t.cells)  # the units line is above the grid
    cell = next(c for c in t.cells if c.value == "7,215")
    assert cell.header_path == ("Totals", "2013–", "2022")
    assert cell.row_path == ("Appropriated (“discretionary”) programs:", "Defense")


def test_side_by_side_blocks_have_their_own_row_labels(paper: list[list[PageTable]]) -> None:
    t = next(g for g in paper if g[0].page == 36)[0]
    hefei = next(c for c in t.cells if c.value == "• Hefei")
    assert hefei.row_path == ("Anhui",) and hefei.header_path == ("Inland China", "HIDZ (29)")


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


def _grid_of_rows(outer_sides: bool) -> Any:
    """A drawing of ROWS with a rule under every row and between columns; with
    ``outer_sides``, the left and right sides of the grid are drawn too."""

    def draw(c: Any) -> None:
        c.setFont("Helvetica", 10)
        xs, ys = [70, 180, 290, 400, 510], [700 - 20 * i for i in range(5)]
        for y in ys:
            c.line(xs[0], y, xs[-1], y)
        for x in xs if outer_sides else xs[1:-1]:
            c.line(x, ys[0], x, ys[-1])
        for i, row in enumerate(ROWS):
            for j, text in enumerate(row):
                c.drawString(xs[j] + 4, ys[i] - 14, text)

    return draw


def test_ruled_table(tmp_path: Path) -> None:
    _draw(tmp_path / "r.pdf", _grid_of_rows(outer_sides=True))
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
        for i, item in enumerate(["investment from the diaspora;", "value chains and networks;", "learning."]):
            c.drawString(72, 700 - 16 * i, "\u2022")
            c.drawString(100, 700 - 16 * i, item)

    _draw(tmp_path / "l.pdf", draw)
    assert _tables(tmp_path / "l.pdf") == []


def test_grid_without_outer_borders(tmp_path: Path) -> None:
    # row rules across the table, column rules between columns only (no left or right side)
    _draw(tmp_path / "o.pdf", _grid_of_rows(outer_sides=False))
    (t,) = _tables(tmp_path / "o.pdf")
    assert t.method == "lines" and t.grid() == ROWS


def test_table_set_sideways_is_read_turned(tmp_path: Path) -> None:
    # the whole page turned: text runs up the sheet (drawn rotated anticlockwise)
    def draw(c: Any) -> None:
        c.setFont("Helvetica", 10)
        c.translate(400, 100)
        c.rotate(90)
        for i, row in enumerate(ROWS):
            for j, text in enumerate(row):
                c.drawString(110 * j, -16 * i, text)

    _draw(tmp_path / "s.pdf", draw)
    (t,) = _tables(tmp_path / "s.pdf")
    assert t.grid() == ROWS
    x0, top, x1, bottom = t.bbox  # in the page's own coordinates: tall and narrow
    assert bottom - top > x1 - x0 and 385 < x0 < x1 < 455  # rows drawn from x=400 rightwards
