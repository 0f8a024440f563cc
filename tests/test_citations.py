"""Source links: bibliographies, in-text citations, note markers, source lines, and the
links from facts to them — on real sentences of the corpus paper, on a generated report
with a bibliography, and on the corpus warehouse."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from extractor import extract_document
from extractor.citations import find_citations, link_statements
from extractor.citations.bibliography import parse_entry
from extractor.citations.links import Statement
from extractor.citations.resolve import index, resolve
from extractor.records import Block, Reference
from warehouse import Warehouse
from warehouse.cli import main

from .pdfgen import text_pdf

ROOT = Path(__file__).resolve().parent.parent


def cites(text: str, mode: str = "text") -> list[tuple[tuple[str, ...], str | None, str | None]]:
    return [(f.authors, f.year, f.locator) for f in find_citations(text, mode)]


# ---------------------------------------------------------------- in-text citations

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("managing export processing (Yeung, Lee, and Kee 2009).", [(("Yeung", "Lee", "Kee"), "2009", None)]),
        ("were registered by domestic firms (Zhong et al. 2009).", [(("Zhong",), "2009", None)]),
        ("value added of 38 EPZs was RMB 562.6 billion (MOFCOM 2008b).", [(("MOFCOM",), "2008b", None)]),
        ("such works as The Competitive Advantage of Nations (Porter 1990, 1998) and others",
         [(("Porter",), "1990", None), (("Porter",), "1998", None)]),
        ("As Bhagwati (2004, 54) put it", [(("Bhagwati",), "2004", "54")]),
        ("(Bhagwati 2004, 54)", [(("Bhagwati",), "2004", "54")]),
        ("(Shanghai Statistics Bureau 2008; Tianjin Statistics Bureau 2008)",
         [(("Shanghai Statistics Bureau",), "2008", None), (("Tianjin Statistics Bureau",), "2008", None)]),
        ("(see Ge 1999; e.g., World Bank 2010)", [(("Ge",), "1999", None), (("World Bank",), "2010", None)]),
        ("Nadvi (1997, 1999) and Meyer-Stamer (1998) recognize",
         [(("Nadvi",), "1997", None), (("Nadvi",), "1999", None), (("Meyer-Stamer",), "1998", None)]),
        ("Nadvi's collective efficiency model (1999) highlights", [(("Nadvi",), "1999", None)]),
        ("(Schmitz 1992, for example)", [(("Schmitz",), "1992", None)]),
        ("As Justin Lin says, \u201cthe government should play an active role\u201d (2010, 3).",
         [(("Justin Lin",), "2010", "3")]),
        ("(MOST 2009)", [(("MOST",), "2009", None)]),
    ],
)
def test_author_year_citations_of_the_paper(text, expected):
    assert cites(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In 2007, China's incremental growth in real GDP actually exceeded its entire real GDP in 1979.",
        "(rising from 31.3 percent in 2004 to 35.5 percent in 2005)",
        "Findings from a field visit to Guangdong by the author (December 2010).",
        "dates back to the Ming Dynasty (1368\u20131644 AD)",
        "By August 1980, Shenzhen, Zhuhai, and Shantou were designated",
        "(see figure 1.1)",
    ],
)
def test_dates_and_years_are_not_citations(text):
    assert cites(text) == []


def test_bare_citations_are_read_in_notes_only():
    note = "6. See Li, Xiaoxi, R. Duan, and H. Zhang, 2009."
    assert cites(note, "note") == [(("Li", "Xiaoxi", "R. Duan", "H. Zhang"), "2009", None)]
    assert cites(note) == []
    assert cites("Jun Wang, 2009", "note") == [(("Jun Wang",), "2009", None)]
    assert cites("1. The name refers to the period before July 1, 1997, when", "note") == []
    assert cites("4. The zone was approved only in January 2007.", "note") == []


def test_bad_mode_is_refused():
    with pytest.raises(ValueError, match="mode must be one of"):
        find_citations("(Ge 1999)", "footnote")


# ---------------------------------------------------------------- bibliography entries

def test_entries_are_parsed_into_authors_year_title_and_container():
    r = parse_entry('Ge, Wei. 1999. "Special Economic Zones and the Opening of the Chinese Economy." '
                    "World Development 27 (7): 1267\u201385.")
    assert (r.authors, r.surnames, r.year) == (("Ge, Wei",), ("Ge",), "1999")
    assert r.title == "Special Economic Zones and the Opening of the Chinese Economy"
    assert r.container == "World Development 27 (7): 1267\u201385"
    r = parse_entry("Zhong, Jian, et al., eds. 2009. Annual Report. Beijing: Social Sciences Academy Press.")
    assert (r.authors, r.surnames) == (("Zhong, Jian", "et al."), ("Zhong",))
    r = parse_entry("Ministry of Commerce (MOFCOM). 2008a. China Free Trade Zones Yearbook 2008. Beijing: X.")
    assert (r.surnames, r.aliases, r.year) == (("Ministry of Commerce",), ("MOFCOM",), "2008a")
    r = parse_entry("\u2014\u2014\u2014. 2008b. National NTDZ Major Economic Indicators (Chinese).")
    assert r.same_as_previous and r.year == "2008b" and r.authors == ()
    r = parse_entry("Shenzhen Statistics Bureau. Various years. Shenzhen Statistical Yearbook. Beijing: X.")
    assert r.year == "Various years" and r.surnames == ("Shenzhen Statistics Bureau",)


def _refs(*raws: str) -> list[Reference]:
    from dataclasses import replace

    out: list[Reference] = []
    for n, raw in enumerate(raws):
        r = parse_entry(raw)
        if r.same_as_previous:
            r = replace(r, authors=out[-1].authors, surnames=out[-1].surnames, aliases=out[-1].aliases)
        out.append(replace(r, ref_id=f"r{n}"))
    return out


def test_resolution_by_name_alias_spelling_and_given_names():
    idx = index(_refs(
        "Ministry of Commerce (MOFCOM). 2008a. Yearbook.",
        "\u2014\u2014\u2014. 2008b. Indicators.",
        "Baeumler, Axel, et al. 2009. Eco-City.",
        "Wang, Jici. 2009. New Phenomena.",
        "Wang, Jun, and Fangmin Yue. 2009. Cluster Development.",
        "Marshall, A. 1920. Principles of Economics. London: Macmillan.",
    ))
    assert resolve(["MOFCOM"], "2008b", idx) == ("r1", "alias and year")
    assert resolve(["Ministry of Commerce"], "2008a", idx) == ("r0", "author and year")
    assert resolve(["Baumler"], "2009", idx) == ("r2", "similar name and year")
    assert resolve(["Jun Wang"], "2009", idx)[0] == "r4"
    assert resolve(["Wang", "Jici"], "2009", idx)[0] == "r3"
    assert resolve(["Wang"], "2009", idx) == (None, "ambiguous")  # two Wang 2009 entries
    assert resolve(["Principles of Economics"], "1920", idx) == ("r5", "title and year")
    assert resolve(["Porter"], "1990", idx) == (None, "unresolved")
    assert resolve(["MOFCOM"], "2008", idx) == (None, "ambiguous")  # 2008a or 2008b?


# ---------------------------------------------------------------- a generated report

REPORT = [
    [
        "Exports from the zones rose to US$1.2 billion in 2007 (Smith and Jones 2009). "
        "Employment grew quickly (see Okafor 2010a, 12; World Trade Office 2008).",
        "Clusters need patient capital, as Okafor (2010b) shows, and skills (Brown et al. 2005).",
        "Wages doubled between 2001 and 2006 (Nobody 2011).",
    ],
    [
        "References",
        "Brown, Ann, Carl Dey, and Eve Fox. 2005. Skills for Clusters. London: Field Press.",
        "Okafor, Ngozi. 2010a. \"Zones in Africa.\" Journal of Zones 4 (2): 1-20.",
        "\u2014\u2014\u2014. 2010b. Patient Capital. Lagos: Delta Books.",
        "Smith, John, and Mary Jones. 2009. Export Processing Zones. Washington, DC: Bank.",
        "World Trade Office. 2008. Trade Statistics Yearbook. Geneva: WTO.",
    ],
]


@pytest.fixture(scope="module")
def report():
    return extract_document(text_pdf(REPORT), "report.pdf")


def test_a_generated_bibliography_is_found_and_parsed(report):
    refs = {r.surnames[0] + " " + (r.year or ""): r for r in report.references}
    assert sorted(refs) == ["Brown 2005", "Okafor 2010a", "Okafor 2010b", "Smith 2009", "World Trade Office 2008"]
    assert refs["Okafor 2010b"].same_as_previous and refs["Okafor 2010b"].title == "Patient Capital"
    assert refs["Smith 2009"].authors == ("Smith, John", "Mary Jones")
    assert all(r.page == 2 for r in report.references)


def test_generated_citations_are_resolved_and_unresolved_ones_kept(report):
    refs = {r.ref_id: r for r in report.references}
    got = {(c.raw, c.year): refs[c.ref_id].surnames[0] if c.ref_id else c.how for c in report.citations}
    assert got == {
        ("Smith and Jones 2009", "2009"): "Smith",
        ("Okafor 2010a, 12", "2010a"): "Okafor",  # the prefix "see" is kept apart
        ("World Trade Office 2008", "2008"): "World Trade Office",
        ("Okafor (2010b)", "2010b"): "Okafor",
        ("Brown et al. 2005", "2005"): "Brown",
        ("Nobody 2011", "2011"): "unresolved",
    }
    okafor = next(c for c in report.citations if c.year == "2010a")
    assert (okafor.locator, okafor.prefix, okafor.page) == ("12", "see", 1)
    text = next(b.text for b in report.blocks if b.block_id == okafor.block_id)
    assert "Okafor 2010a" in text[okafor.start : okafor.end]


def test_facts_are_linked_to_the_citation_in_their_sentence(report):
    fact = next(f for f in report.facts if f.raw.startswith("US$1.2"))
    links = [link for link in report.cite_links if link.subject_id == fact.fact_id]
    cited = {c.citation_id: c for c in report.citations}
    assert [(cited[link.citation_id].raw, link.how) for link in links] == [("Smith and Jones 2009", "sentence")]


def _block(block_id: str, text: str, kind: str = "paragraph", page: int = 1, seq: int = 0, **kw) -> Block:
    return Block(block_id=block_id, doc_id="d", page=page, seq=seq, kind=kind, text=text, bbox=(0, 0, 1, 1), **kw)


def test_link_statements_follows_markers_to_notes_and_tables_to_their_sources():
    from extractor.citations import extract_citations

    blocks = [
        _block("b1", "Output doubled in 2007.4 Exports fell in 2008 (Ge 1999).", note_refs=("4",)),
        _block("b2", "Source: Ge 1999.", kind="note", seq=1, table_id="t1"),
        _block("n4", "4. See Ge, Wei, 1999.", kind="footnote", page=2, seq=2, marker="4"),
        _block("h", "References", kind="heading", page=2, seq=3),
        *[_block(f"r{i}", raw, page=3, seq=4 + i) for i, raw in enumerate([
            "Ge, Wei. 1999. Zones. World Development.", "Hu, Ming. 2001. Parks. Beijing: X.",
            "Li, Lan. 2002. Towns. Beijing: X.", "Ma, Bo. 2003. Firms. Beijing: X.", "Xu, Yi. 2004. Ports. Beijing: X.",
        ])],
    ]
    refs, cites = extract_citations("d" * 12, blocks)
    assert len(refs) == 5
    statements = [
        Statement("claim", "c1", "d", "b1", None, "Output doubled in 2007."),
        Statement("claim", "c2", "d", "b1", None, "Exports fell in 2008 (Ge 1999)."),
        Statement("fact", "f1", "d", None, "t1", "Table | Row | 2007: 12"),
    ]
    links = link_statements(statements, cites, blocks)
    got = sorted((link.subject_id, link.how, link.ref_id is not None) for link in links)
    assert got == [
        ("c1", "note", False), ("c1", "via note", True), ("c2", "sentence", True), ("f1", "table source", True),
    ]


# ---------------------------------------------------------------- the corpus warehouse

def test_the_paper_bibliography_and_citations_in_the_warehouse(corpus_wh: Warehouse):
    con = corpus_wh.con
    doc = con.execute("SELECT doc_id FROM documents WHERE file_name LIKE 'zeng%'").fetchone()[0]
    n_refs, n_dash = con.execute(
        'SELECT count(*), count(*) FILTER (same_as_previous) FROM "references" WHERE doc_id = ?', [doc]).fetchone()
    assert n_refs == 60 and n_dash == 5
    porter = con.execute(
        'SELECT authors, year, title FROM "references" WHERE doc_id = ? AND year = \'1998\' AND same_as_previous',
        [doc]).fetchone()
    assert porter == (["Porter, Michael"], "1998", "Clusters and the New Economics of Competition")
    kinds = dict(con.execute("SELECT kind, count(*) FROM citations WHERE doc_id = ? GROUP BY kind", [doc]).fetchall())
    assert kinds["note_marker"] == 42 and kinds["author_year"] >= 120 and kinds["source"] >= 15
    unresolved = con.execute(
        "SELECT raw FROM citations WHERE doc_id = ? AND ref_id IS NULL AND kind <> 'note_marker' ORDER BY raw",
        [doc]).fetchall()
    assert ("Wang 2009",) in unresolved and ("World Bank staff",) in unresolved
    # every fact of a table with a source line cites it
    n_facts, n_linked = con.execute(
        """SELECT count(DISTINCT f.fact_id), count(DISTINCT l.subject_id) FROM facts f
           JOIN tables t USING (table_id) LEFT JOIN cite_links l ON l.subject_id = f.fact_id AND l.how = 'table source'
           WHERE t.doc_id = ? AND t.label = 'Table 1.4'""", [doc]).fetchone()
    assert n_facts > 0 and n_linked == n_facts


def test_other_corpus_documents_have_no_invented_bibliography(corpus_wh: Warehouse):
    rows = corpus_wh.con.execute(
        """SELECT d.file_name, count(r.ref_id) FROM documents d LEFT JOIN "references" r USING (doc_id)
           WHERE d.file_name NOT LIKE 'zeng%' GROUP BY 1""").fetchall()
    assert rows and all(n == 0 for _, n in rows)


def test_show_fact_prints_the_chain_of_sources(corpus_db):
    path, _ = corpus_db
    with Warehouse.open(path, read_only=True) as wh:
        fact_id = wh.con.execute(
            """SELECT l.subject_id FROM cite_links l WHERE l.how = 'via note' ORDER BY l.subject_id LIMIT 1"""
        ).fetchone()[0]
    result = CliRunner().invoke(main, ["show", "fact", fact_id, "--db", str(path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"fact {fact_id}" in out and "page:" in out and "bbox:" in out
    assert re.search(r"\[note\] marker \d+ on p\.\d+", out)
    assert re.search(r"-> note \S+ p\.3[78]: \d+\.", out)
    assert re.search(r"\[via note\] .*\n\s+-> reference \S+-r\d{3} p\.\d+", out)


@pytest.mark.parametrize("what", ["references", "citations"])
def test_export_references_and_citations(corpus_db, tmp_path, what):
    path, _ = corpus_db
    runner = CliRunner()
    result = runner.invoke(main, ["export", what, "--db", str(path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) >= 60 and all("raw" in r and "doc_id" in r for r in rows)
    out = tmp_path / f"{what}.parquet"
    result = runner.invoke(main, ["export", what, "--format", "parquet", "--out", str(out), "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == len(rows)
    result = runner.invoke(main, ["export", what, "--format", "csv", "--db", str(path)])
    assert result.exit_code == 0 and result.output.splitlines()[0].startswith(("ref_id,", "citation_id,"))


def test_docs_counts_citations_and_unresolved(corpus_db):
    path, _ = corpus_db
    result = CliRunner().invoke(main, ["docs", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "cites" in result.output and "unresolved" in result.output


def test_reingesting_replaces_references_and_citations(tmp_path):
    db = tmp_path / "w.duckdb"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(text_pdf(REPORT))
    runner = CliRunner()
    for args in (["add", str(pdf)], ["add", str(pdf), "--force"]):
        result = runner.invoke(main, [*args, "--db", str(db), "-q", "--in-process"])
        assert result.exit_code == 0, result.output
    with Warehouse.open(db, read_only=True) as wh:
        counts = wh.con.execute('SELECT (SELECT count(*) FROM "references"), (SELECT count(*) FROM citations), '
                            "(SELECT count(*) FROM cite_links)").fetchone()
    assert counts[0] == 5 and counts[1] == 6 and counts[2] >= 1


def test_citation_code_names_no_corpus_document():
    pattern = re.compile(r"zeng|shenzhen|wps5583|table 1\.", re.IGNORECASE)
    for path in (ROOT / "extractor" / "citations").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".toml", ".jsonl"):
            assert not pattern.search(path.read_text(encoding="utf-8")), path


def test_a_numbered_bibliography_and_bracketed_citations():
    pages = [
        ["Zones grew fast [1], as did clusters [2, 3] and towns [3\u20134]; see also [9].",
         "Last year [2004] is not a citation."],
        ["Bibliography",
         "[1] Smith, John. 2009. Export Processing Zones. Washington, DC: Bank.",
         "[2] Okafor, Ngozi. 2010. Zones in Africa. Lagos: Delta Books.",
         "[3] Brown, Ann. 2005. Skills for Clusters. London: Field Press.",
         "[4] Lee, Kim. 2001. Towns. Seoul: Press."],
    ]
    ex = extract_document(text_pdf(pages), "numbered.pdf")
    assert [r.label for r in ex.references] == ["1", "2", "3", "4"]
    labels = {r.ref_id: r.label for r in ex.references}
    got = [(c.raw, c.marker, labels.get(c.ref_id or "", c.how)) for c in ex.citations if c.kind == "numbered"]
    assert got == [("[1]", "1", "1"), ("[2, 3]", "2", "2"), ("[2, 3]", "3", "3"), ("[3\u20134]", "3", "3"),
                   ("[3\u20134]", "4", "4"), ("[9]", "9", "unresolved")]


def test_a_bibliography_without_a_heading_is_found_as_a_run_of_entries():
    from extractor.citations.bibliography import bibliography_blocks

    entries = [f"{name}, {given}. {2000 + i}. Title {i}. City: Press." for i, (name, given) in
               enumerate([("Adams", "Ann"), ("Baker", "Bo"), ("Cole", "Cy"), ("Diaz", "Di"), ("Egan", "Ed")])]
    blocks = [_block("p", "In 2007, exports rose. The zones grew (Adams 2000).")] + [
        _block(f"e{i}", text, seq=i + 1) for i, text in enumerate(entries)]
    assert [b.block_id for b in bibliography_blocks(blocks)] == ["e0", "e1", "e2", "e3", "e4"]
    assert bibliography_blocks(blocks[:4]) == []  # three entries are not enough to tell
