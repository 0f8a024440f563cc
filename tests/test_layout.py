"""Text layout on real PDFs: the corpus documents and small PDFs drawn with reportlab.

Table text on the corpus pages: the zeng paper's tables are excluded with pdfplumber's
``page.find_tables()`` (ruled grids only); the text of its unruled tables stays in the
layout and is expected to come out as kind "other" (never a golden body paragraph). The
bulletin is laid out with no exclusion at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pdfplumber
from reportlab.pdfgen.canvas import Canvas

from extractor.layout import PageInput, layout_document
from extractor.records import BODY_KINDS, Block
from extractor.words import page_words

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden" / "text"
ZENG = "zeng-2011-sez-clusters-wps5583.pdf"
DOC_ID = "f" * 64


def page_inputs(path: Path, tables: bool = False) -> list[PageInput]:
    with pdfplumber.open(path) as pdf:
        out = []
        for p in pdf.pages:
            exclude = [tuple(t.bbox) for t in p.find_tables()] if tables else []
            rules = list(p.lines) + [r for r in p.rects if min(r["width"], r["height"]) < 2]
            out.append(
                PageInput(p.page_number, float(p.width), float(p.height), page_words(p), exclude, rules)
            )
        return out


@cache
def corpus_blocks(name: str, tables: bool) -> tuple[Block, ...]:
    return tuple(layout_document(DOC_ID, page_inputs(CORPUS / name, tables)))


def norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


# --- the World Bank working paper -------------------------------------------------


def golden_lines() -> list[str]:
    lines = (GOLDEN / "zeng-2011-sez-clusters-wps5583.paragraphs.txt").read_text("utf-8").splitlines()
    return [ln for ln in lines if ln.strip() and not ln.startswith("#")]


def test_zeng_body_paragraphs_match_golden_in_order() -> None:
    body = [b for b in corpus_blocks(ZENG, True) if b.kind in BODY_KINDS]
    texts = [norm(b.text) for b in body]
    i = 0
    for line in golden_lines():
        continued = line.startswith("+ ")
        start = norm(line[2:] if continued else line)
        j = next((k for k in range(i, len(texts)) if texts[k].startswith(start)), None)
        assert j is not None, (
            f"golden paragraph missing or out of order: {start!r} (after {texts[i - 1][:60]!r})"
        )
        if continued:
            assert body[j].continues is not None, f"{start!r} should continue the previous page's paragraph"
        i = j + 1
    for line in set(golden_lines()):
        start = norm(line.removeprefix("+ "))
        expected = sum(norm(g.removeprefix("+ ")).startswith(start) for g in golden_lines())
        assert sum(t.startswith(start) for t in texts) == expected, f"{start!r} not exactly {expected}x"


def test_zeng_no_furniture_in_body() -> None:
    blocks = corpus_blocks(ZENG, True)
    for b in blocks:
        if b.kind in BODY_KINDS:
            assert "Policy Research Working Paper 5583" not in b.text, b
            assert not re.fullmatch(r"\d{1,3}", b.text.strip()), b
    for page in range(1, 42):
        on_page = [b for b in blocks if b.page == page]
        assert [b.text for b in on_page if b.kind == "header"] == ["Policy Research Working Paper 5583"]
        assert [b.text for b in on_page if b.kind == "page_number"] == [str(page)]


def test_zeng_headings_sections_and_captions() -> None:
    blocks = corpus_blocks(ZENG, True)
    heads = {b.text: b for b in blocks if b.kind == "heading"}
    assert heads["Terms and Definitions"].level is not None
    sez = next(b for b in blocks if b.text.startswith("Special economic zone is a generic term"))
    assert sez.section[-2:] == ("Terms and Definitions", "Special Economic Zones")
    captions = [b.text for b in blocks if b.kind == "caption"]
    assert "Table 1.1 Potential Benefits Derived from SEZs" in captions
    assert not any(c.startswith("Figure 1.6 shows") for c in captions)
    notes = [b.text for b in blocks if b.kind == "note" and b.page == 17]
    assert notes[:3] == [
        "Sources: Yeung et al. 2008; Yeung, Lee, and Kee 2009.",
        "Note: — = not available. a. 1979.",
        "b. 1980.",
    ]
    foot = [b for b in blocks if b.kind == "footnote"]
    assert [(b.page, b.marker) for b in foot if b.page < 37] == [(3, "1")]
    # the "Notes" section: endnotes 1-41, each referenced from the body text
    endnotes = [b.marker for b in foot if b.page >= 37]
    assert endnotes == [str(n) for n in range(1, 42)]
    refs = {r for b in blocks if b.kind in BODY_KINDS and b.page > 3 for r in b.note_refs}
    assert refs == set(endnotes)
    author = next(b for b in blocks if b.page == 3 and b.text.startswith("Douglas"))
    assert author.note_refs == ("1",)
    hk = next(b for b in blocks if "Hong Kong,1 Macao,2" in b.text)
    assert hk.note_refs == ("1", "2")


def test_zeng_records_are_well_formed() -> None:
    blocks = corpus_blocks(ZENG, True)
    assert [b.seq for b in blocks] == list(range(len(blocks)))
    per_page: dict[int, int] = {}
    for b in blocks:
        n = per_page.get(b.page, 0)
        assert b.block_id == f"{DOC_ID[:12]}-p{b.page:03d}-b{n:03d}"
        per_page[b.page] = n + 1
        assert b.kind in (
            "paragraph",
            "heading",
            "list_item",
            "caption",
            "note",
            "footnote",
            "header",
            "footer",
            "page_number",
            "other",
        )
        assert all(v == round(v, 2) for v in b.bbox)


def test_zeng_page_break_continuation_and_hyphens() -> None:
    blocks = corpus_blocks(ZENG, True)
    by_id = {b.block_id: b for b in blocks}
    cont = next(b for b in blocks if b.text.startswith("system, at least inside the zone or park"))
    assert cont.page == 8 and by_id[cont.continues or ""].text.endswith("a well-functioning market")
    assert any("high-tech industrial development zones (HIDZs)" in b.text for b in blocks if b.page == 6)


# --- the two-column bulletin -----------------------------------------------------


def test_bulletin_reads_left_column_before_right() -> None:
    blocks = [b for b in corpus_blocks("cbsi-meb-2022-11.pdf", False) if b.page == 1]
    seq = {b.text: b.seq for b in blocks}
    left = [b for b in blocks if b.section[-1:] == ("I. MONETARY DEVELOPMENTS",) and b.kind == "paragraph"]
    right = [b for b in blocks if "II. EXTERNAL CONDITIONS" in b.section and b.kind == "paragraph"]
    assert len(left) >= 4 and len(right) >= 3
    assert max(b.seq for b in left) < min(b.seq for b in right)
    assert seq["I. MONETARY DEVELOPMENTS"] < seq["II. EXTERNAL CONDITIONS"]
    assert blocks[0].text == "CENTRAL BANK OF SOLOMON ISLANDS" and blocks[0].column == 0
    middle = 595.276 / 2
    for b in blocks:
        if b.column and b.kind not in ("page_number", "header", "footer"):
            assert b.bbox[2] < middle or b.bbox[0] > middle, f"block mixes both columns: {b.text[:60]!r}"
            assert b.column == (1 if b.bbox[2] < middle else 2)
    money = next(b for b in blocks if b.text.startswith("Money supply (M3) rebounded"))
    assert money.text.endswith("increase in the saving deposits.")
    foot = [b for b in blocks if b.kind == "footnote"]
    assert [b.marker for b in foot] == ["1"] and foot[0].text.startswith("1 The percentage change")


def test_bulletin_keeps_every_word() -> None:
    inputs = page_inputs(CORPUS / "cbsi-meb-2022-11.pdf")
    blocks = layout_document(DOC_ID, inputs)
    for p in inputs:
        want = sum(len(w["text"]) for w in p.words)
        got = sum(len(b.text.replace(" ", "")) for b in blocks if b.page == p.page)
        assert want - 5 <= got <= want, (p.page, want, got)


# --- behaviours pinned on small generated PDFs -----------------------------------


Draw = Callable[[Canvas, int], None]


def make_pdf(tmp_path: Path, pages: int, draw: Draw, name: str = "t.pdf") -> list[PageInput]:
    path = tmp_path / name
    c = Canvas(str(path), pagesize=(612, 792))
    for n in range(1, pages + 1):
        draw(c, n)
        c.showPage()
    c.save()
    return page_inputs(path)


def write_lines(c: Canvas, lines: list[str], y: float, size: float = 11, font: str = "Helvetica") -> float:
    c.setFont(font, size)
    for text in lines:
        c.drawString(72, y, text)
        y -= size * 1.3
    return y


def test_hyphenation_rule(tmp_path: Path) -> None:
    def draw(c: Canvas, n: int) -> None:
        y = write_lines(
            c,
            [
                "The economy grew with the develop-",
                "ment of new firms and high-",
                "tech parks near the coast.",
            ],
            700,
        )
        write_lines(c, ["Development of high-tech parks was fast."], y - 20)

    blocks = layout_document(DOC_ID, make_pdf(tmp_path, 1, draw))
    texts = [b.text for b in blocks]
    assert "The economy grew with the development of new firms and high-tech parks near the coast." in texts
    # A soft hyphen (not drawable with reportlab's base-14 fonts) is always removed.
    from extractor.layout.text import Hyphenator

    assert (
        Hyphenator().join(["The soft hyphen in eco\u00ad", "nomy is removed."])
        == "The soft hyphen in economy is removed."
    )


def test_page_break_continuation(tmp_path: Path) -> None:
    def draw(c: Canvas, n: int) -> None:
        if n == 1:
            write_lines(
                c,
                [
                    "A first paragraph that ends on this page.",
                    "",
                    "The second paragraph goes on and is cut by the page",
                    "break in the middle of its",
                ],
                120,
            )
        else:
            write_lines(c, ["sentence, and ends here.", "", "Another paragraph starts here."], 720)

    blocks = layout_document(DOC_ID, make_pdf(tmp_path, 2, draw))
    body = [b for b in blocks if b.kind == "paragraph"]
    assert [b.text[:20] for b in body] == [
        "A first paragraph th",
        "The second paragraph",
        "sentence, and ends h",
        "Another paragraph st",
    ]
    assert body[2].continues == body[1].block_id
    assert body[1].continues is None and body[3].continues is None


def test_footnote_and_superscript_marker(tmp_path: Path) -> None:
    def draw(c: Canvas, n: int) -> None:
        c.setFont("Helvetica", 11)
        c.drawString(72, 700, "Exports grew strongly")
        x = 72 + c.stringWidth("Exports grew strongly", "Helvetica", 11)
        c.setFont("Helvetica", 7)
        c.drawString(x, 704, "1")
        c.setFont("Helvetica", 11)
        c.drawString(x + 5, 700, "in the year under review and imports fell.")
        write_lines(
            c,
            [
                "",
                "More body text follows in the normal size of the document.",
                "And a second line of the same body text paragraph.",
            ],
            680,
        )
        c.line(72, 110, 200, 110)
        c.setFont("Helvetica", 6)
        c.drawString(72, 100, "1")
        c.setFont("Helvetica", 8)
        c.drawString(76, 97, "Data from the national statistics office, revised.")

    blocks = layout_document(DOC_ID, make_pdf(tmp_path, 1, draw))
    body = next(b for b in blocks if b.text.startswith("Exports"))
    assert body.text == "Exports grew strongly1 in the year under review and imports fell."
    assert body.note_refs == ("1",)
    foot = [b for b in blocks if b.kind == "footnote"]
    assert len(foot) == 1 and foot[0].marker == "1"
    assert foot[0].text == "1 Data from the national statistics office, revised."


def test_headers_footers_and_page_numbers(tmp_path: Path) -> None:
    def draw(c: Canvas, n: int) -> None:
        c.setFont("Helvetica", 8)
        c.drawString(400, 760, "Annual Report 2020 - Chapter 2")
        c.drawString(450, 40, "Ministry of Finance")
        c.drawString(72, 28, f"Page {n} of 3")
        write_lines(
            c,
            [
                f"Body text of page {n} that is a normal paragraph of the report.",
                "It has two lines of ordinary running text in it.",
            ],
            700,
        )

    blocks = layout_document(DOC_ID, make_pdf(tmp_path, 3, draw))
    for n in (1, 2, 3):
        kinds = {b.text: b.kind for b in blocks if b.page == n}
        assert kinds["Annual Report 2020 - Chapter 2"] == "header"
        assert kinds[f"Page {n} of 3"] == "page_number"
        assert kinds["Ministry of Finance"] == "footer"
    assert all("Report" not in b.text for b in blocks if b.kind == "paragraph")


def test_single_page_number(tmp_path: Path) -> None:
    def draw(c: Canvas, n: int) -> None:
        write_lines(
            c,
            [
                "One page alone, with its number centred at the bottom.",
                "A second line of the only paragraph.",
            ],
            700,
        )
        c.setFont("Helvetica", 10)
        c.drawCentredString(306, 40, "7")

    blocks = layout_document(DOC_ID, make_pdf(tmp_path, 1, draw))
    assert [(b.kind, b.text) for b in blocks][-1] == ("page_number", "7")


def test_headings_levels_and_sections(tmp_path: Path) -> None:
    def draw(c: Canvas, n: int) -> None:
        y = write_lines(c, ["1 Introduction"], 720, 16, "Helvetica-Bold")
        y = write_lines(
            c,
            [
                "The introduction has a short paragraph of body text here.",
                "It goes on for a second line of body text.",
            ],
            y - 6,
        )
        y = write_lines(c, ["1.1 Background"], y - 10, 13, "Helvetica-Bold")
        y = write_lines(c, ["Background text sits under the second level heading.", "Then the list:"], y - 6)
        y = write_lines(c, ["- first item of the list;", "- second item of the list."], y - 4)
        write_lines(c, ["Table 2.1 Exports by Product, 2010", "Source: Customs data."], y - 10)

    blocks = layout_document(DOC_ID, make_pdf(tmp_path, 1, draw))
    kinds = [(b.kind, b.level, b.section, b.text[:16]) for b in blocks]
    assert kinds == [
        ("heading", 1, ("1 Introduction",), "1 Introduction"),
        ("paragraph", None, ("1 Introduction",), "The introduction"),
        ("heading", 2, ("1 Introduction", "1.1 Background"), "1.1 Background"),
        ("paragraph", None, ("1 Introduction", "1.1 Background"), "Background text "),
        ("list_item", None, ("1 Introduction", "1.1 Background"), "- first item of "),
        ("list_item", None, ("1 Introduction", "1.1 Background"), "- second item of"),
        ("caption", None, ("1 Introduction", "1.1 Background"), "Table 2.1 Export"),
        ("note", None, ("1 Introduction", "1.1 Background"), "Source: Customs "),
    ]
    assert blocks[0].bold and blocks[0].font_size == 16


def test_layout_is_fast() -> None:
    import time

    inputs = page_inputs(CORPUS / ZENG, True)
    start = time.perf_counter()
    layout_document(DOC_ID, inputs)
    assert time.perf_counter() - start < 2.0  # about 0.25 s on the development machine
