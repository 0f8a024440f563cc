"""The corpus, ingested end to end: tables linked to their captions and notes, provenance
on every row, and nothing of a document stored twice."""
from __future__ import annotations

import pytest

from .conftest import PAPER, ROOT


def paper_id(wh) -> str:
    return wh.con.execute("SELECT doc_id FROM documents WHERE file_name = ?", [PAPER.name]).fetchall()[0][0]


def test_the_whole_corpus_goes_in_without_failures(corpus_db):
    _, report = corpus_db
    assert report.count("failed") == 0
    assert report.count("ingested") == 5


def test_the_papers_numbered_and_annex_tables_have_their_captions(corpus_wh):
    rows = corpus_wh.con.execute(
        "SELECT label, caption, pages FROM tables WHERE doc_id = ? AND label IS NOT NULL ORDER BY table_id",
        [paper_id(corpus_wh)],
    ).fetchall()
    labels = [r[0] for r in rows]
    assert labels == [f"Table 1.{n}" for n in range(1, 7)] + ["Annex A", "Annex B"]
    captions = {r[0]: r[1] for r in rows}
    assert captions["Table 1.4"] == "Table 1.4 FDI Inflows in Five Comprehensive Special Economic Zones, 1978–2008"
    assert captions["Annex B"] == "Annex B: China's 15 Free Trade Zones"
    assert captions["Table 1.3"].startswith("Table 1.3 Performance of Initial Five Special Economic Zones and")
    assert captions["Table 1.3"].endswith("Technological Development Zones, 2006")


def test_a_table_across_a_page_break_is_one_table_with_its_notes(corpus_wh):
    table = corpus_wh.table(
        corpus_wh.con.execute("SELECT table_id FROM tables WHERE label = 'Table 1.4'").fetchall()[0][0]
    )
    assert table["pages"] == [16, 17]
    assert {c["page"] for c in table["cells"]} == {16, 17}
    notes = {(n["kind"], n["marker"]): n["text"] for n in table["notes"]}
    assert notes[("source", None)] == "Yeung et al. 2008; Yeung, Lee, and Kee 2009."
    assert notes[("footnote", "a")] == "1979."
    assert notes[("footnote", "d")] == "January–November."
    marked = [c for c in table["cells"] if c["markers"]]
    assert marked and all(notes.get(("footnote", m)) for c in marked for m in c["markers"])
    cell = next(c for c in table["cells"] if c["value"] == "0.009")
    assert cell["markers"] == ["a"] and cell["text"] != cell["value"]
    assert table["units"] == "billion current US$; million current US$"


def test_captions_and_notes_point_back_to_their_table(corpus_wh):
    rows = corpus_wh.con.execute(
        "SELECT b.kind, count(*) FROM blocks b JOIN tables t USING (table_id) WHERE b.doc_id = ? GROUP BY 1",
        [paper_id(corpus_wh)],
    ).fetchall()
    kinds = dict(rows)
    assert kinds["caption"] == 8
    assert kinds["note"] >= 8


def test_units_from_a_headnote(corpus_wh):
    units = corpus_wh.con.execute("SELECT units FROM tables WHERE label = 'Table 324'").fetchall()[0][0]
    assert units == "In thousands"


@pytest.mark.parametrize("table", ["blocks", "tables", "table_cells"])
def test_every_row_has_provenance_inside_its_page(corpus_wh, table):
    bad = corpus_wh.con.execute(
        f"""SELECT count(*) FROM {table} x JOIN pages p ON p.doc_id = x.doc_id AND p.page = x.page
            WHERE x.bbox[1] < -1 OR x.bbox[2] < -1 OR x.bbox[3] > p.width + 1 OR x.bbox[4] > p.height + 1
               OR x.bbox[1] > x.bbox[3] OR x.bbox[2] > x.bbox[4]"""
    ).fetchall()[0][0]
    orphans = corpus_wh.con.execute(
        f"SELECT count(*) FROM {table} x ANTI JOIN pages p ON p.doc_id = x.doc_id AND p.page = x.page"
    ).fetchall()[0][0]
    assert (bad, orphans) == (0, 0)


def test_page_text_holds_blocks_and_tables(corpus_wh):
    text = corpus_wh.page(paper_id(corpus_wh)[:12] + ":16")["text"]
    assert "FDI Inflows in Five Comprehensive" in text
    assert "0.009" in text and "\t" in text


def test_block_ids_are_stable_and_ordered(corpus_wh):
    rows = corpus_wh.con.execute(
        "SELECT block_id, page, seq FROM blocks WHERE doc_id = ? ORDER BY seq", [paper_id(corpus_wh)]
    ).fetchall()
    assert [r[2] for r in rows] == list(range(len(rows)))
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)
    assert all(r[0].startswith(paper_id(corpus_wh)[:12] + f"-p{r[1]:03d}-b") for r in rows)


def test_the_papers_body_text_is_every_golden_paragraph_once_in_order_and_nothing_else(corpus_wh):
    """Body blocks (paragraphs, headings, list items) as stored in the warehouse match the
    hand-checked list of the paper's paragraphs one to one: none missing, none split or
    merged, no table row, caption or running header among them."""
    import re

    golden = (ROOT / "tests" / "golden" / "text" / f"{PAPER.stem}.paragraphs.txt").read_text("utf-8")
    want = [ln for ln in golden.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = corpus_wh.con.execute(
        "SELECT text, continues IS NOT NULL FROM blocks WHERE doc_id = ? AND kind IN ('paragraph', 'heading', "
        "'list_item') ORDER BY seq",
        [paper_id(corpus_wh)],
    ).fetchall()

    def norm(s: str) -> str:
        s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
        return re.sub(r"\s+", " ", s).strip()

    assert len(rows) == len(want)
    for (text, continues), line in zip(rows, want, strict=True):
        assert norm(text).startswith(norm(line.removeprefix("+ "))), (text[:80], line)
        assert continues == line.startswith("+ "), line


def test_a_paragraph_cut_by_a_page_break_is_rejoined_in_the_paragraphs_view(corpus_wh):
    rows = corpus_wh.con.execute(
        "SELECT pages, block_ids, text FROM paragraphs WHERE doc_id = ? AND len(pages) > 1 ORDER BY seq",
        [paper_id(corpus_wh)],
    ).fetchall()
    assert len(rows) >= 15
    pages, block_ids, text = next(r for r in rows if r[2].startswith("Despite the fact that government"))
    assert pages == [7, 8] and len(block_ids) == 2
    assert "a well-functioning market" in text and text.endswith("often beyond the government's capacity.")
    # every block is in exactly one paragraph
    n_blocks, n_parts = corpus_wh.con.execute(
        "SELECT (SELECT count(*) FROM blocks), (SELECT sum(len(block_ids)) FROM paragraphs)"
    ).fetchall()[0]
    assert n_blocks == n_parts
