"""Facts from body text: linking figures to indicator, entity and period, on real sentences
and on the blocks of the real paper."""
from __future__ import annotations

from functools import cache

import pytest

from extractor import extract_document
from extractor.facts.text import text_facts
from extractor.records import Block, Fact

from .conftest import BULLETIN, PAPER

DOC = "d" * 64


def block(text: str, *, seq: int = 0, page: int = 1, section: tuple[str, ...] = (), kind: str = "paragraph",
          note_refs: tuple[str, ...] = (), continues: str | None = None) -> Block:
    return Block(f"b{seq}", DOC, page, seq, kind, text, (72.0, 100.0 + seq, 540.0, 120.0 + seq),
                 section=section, note_refs=note_refs, continues=continues)


def fact(facts: list[Fact], raw: str) -> Fact:
    found = [f for f in facts if f.raw == raw]
    assert len(found) == 1, [f.raw for f in facts]
    return found[0]


def test_bulletin_sentence_links_indicator_period_and_change() -> None:
    text = (
        "Money supply (M3) rebounded by 2% to $5,589 million in November 2022, following a 1% dip in "
        "October 2022. Net foreign assets (NFA) of the banking system expanded by 2% in November 2022 "
        "to $4,729 million, following a 2% decline in the previous month."
    )
    facts = text_facts(DOC, [block(text, section=("I. MONETARY DEVELOPMENTS",))], "SBD")
    m3 = fact(facts, "$5,589 million")
    assert (m3.value, m3.unit, m3.indicator, m3.period) == (5589e6, "SBD", "money supply", "2022-11")
    assert (m3.change, m3.indicator_how, m3.period_how) == ("rebounded by 2% to", "sentence", "sentence")
    assert m3.quote.startswith("Money supply (M3) rebounded") and m3.quote.endswith("October 2022.")
    dip = fact(facts, "1%")
    assert (dip.change, dip.period) == ("dip", "2022-10")
    nfa = fact(facts, "$4,729 million")
    assert (nfa.indicator, nfa.change, nfa.period) == ("net foreign assets", "expanded by 2% to", "2022-11")
    assert all(f.source == "text" and f.fact_id == "" and f.block_id == "b0" for f in facts)


def test_reserves_and_import_cover_take_the_month_from_the_document() -> None:
    blocks = [
        block("Money supply (M3) rebounded by 2% to $5,589 million in November 2022.", seq=0),
        block("Gross foreign reserves for November increased by 2% to $5,282 million, and was largely "
              "supported by lower transaction outflows. This level of foreign reserves is sufficient to "
              "cover 13.3 months of imports of goods and services.", seq=1, section=("Gross foreign reserves",)),
    ]
    facts = text_facts(DOC, blocks, "SBD")
    reserves = fact(facts, "$5,282 million")
    assert (reserves.indicator, reserves.period, reserves.change) == (
        "foreign reserves", "2022-11", "increased by 2% to"
    )
    cover = fact(facts, "13.3 months of imports")
    assert (cover.value, cover.unit, cover.indicator, cover.period) == (13.3, "months", "import cover", "2022-11")


def test_implicit_indicator_and_period_from_the_previous_sentence() -> None:
    text = (
        "In 2007, the actual utilized FDI of the five initial SEZs was about US$7.3 billion.5 The number "
        "for Shanghai Pudong and Tianjin Binhai was about US$7.2 billion (Zhong et al. 2009), for the "
        "ETDZs about US$17.3 billion (MOFCOM 2008b)."
    )
    facts = text_facts(DOC, [block(text, note_refs=("5",))], None)
    assert [f.raw for f in facts] == ["US$7.3 billion", "US$7.2 billion", "US$17.3 billion"]
    first, pudong, etdz = facts
    assert (first.entity, first.indicator, first.period, first.qualifier) == (
        "the five initial SEZs", "utilized FDI", "2007", "about"
    )
    assert (pudong.entity, pudong.entity_how) == ("Shanghai Pudong and Tianjin Binhai", "sentence")
    assert (pudong.indicator, pudong.indicator_how) == ("utilized FDI", "previous sentence")
    assert (pudong.period, pudong.period_how) == ("2007", "previous sentence")
    assert etdz.entity == "the ETDZs"
    assert "2009" not in [f.raw for f in facts]


def test_shares_ranges_of_entities_and_respectively() -> None:
    text = (
        "In 2006, the five initial SEZs accounted for 5 percent of China's total real GDP, 22 percent of "
        "total merchandise exports, and 9 percent of total FDI inflows. The same year, the total GDP for "
        "Shanghai Pudong and Tianjin Binhai was RMB 236.53 billion and RMB 196.05 billion, respectively."
    )
    facts = text_facts(DOC, [block(text)], None)
    assert [(f.raw, f.indicator) for f in facts[:3]] == [
        ("5 percent", "share of GDP"), ("22 percent", "share of exports"), ("9 percent", "share of FDI")]
    assert {f.entity for f in facts[:3]} == {"the five initial SEZs"}
    pudong, binhai = fact(facts, "RMB 236.53 billion"), fact(facts, "RMB 196.05 billion")
    assert (pudong.entity, binhai.entity) == ("Shanghai Pudong", "Tianjin Binhai")
    assert (pudong.value, pudong.unit, pudong.decimals, pudong.indicator) == (236.53e9, "CNY", 2, "GDP")


def test_counts_and_derived_change() -> None:
    text = (
        "By the end of 2006, the number of industrial parks had been reduced to 1,568, among which 222 are "
        "state-level zones. The total planned area had been reduced from 38,600 square kilometers to 9,900 "
        "square kilometers (74.4 percent less) (China Knowledge Online 2009)."
    )
    facts = text_facts(DOC, [block(text)], None)
    parks = fact(facts, "1,568")
    assert (parks.unit, parks.indicator, parks.period, parks.change) == (
        "count", "number of zones", "2006-12-31", "reduced to"
    )
    area = fact(facts, "9,900 square kilometers")
    assert (area.unit, area.indicator, area.change) == ("km2", "area", "74.4 percent less")


def test_a_sentence_split_by_a_page_break_is_joined() -> None:
    first = block("The trade-weighted index, however,", seq=0, page=1)
    rest = block("appreciated by 1.9% to 115.2 reflecting the depreciation of the SBD.", seq=1, page=2, continues="b0")
    facts = text_facts(DOC, [first, rest], "SBD")
    index = fact(facts, "115.2")
    assert (index.indicator, index.change, index.page, index.block_id) == (
        "exchange rate", "appreciated by 1.9% to", 2, "b1"
    )
    assert index.quote.startswith("The trade-weighted index, however, appreciated")


def test_years_footnotes_and_labels_are_not_facts() -> None:
    text = (
        "In 1984, the central authorities created a variant of SEZs (Wong 1987). From 1984 to 1988, 14 ETDZs "
        "were established in additional coastal cities3 and in the following years (see table 1.3)."
    )
    facts = text_facts(DOC, [block(text, note_refs=("3",))], None)
    assert [(f.raw, f.unit, f.period) for f in facts] == [("14", "count", "1984-1988")]


@cache
def _extraction(path: str):  # type: ignore[no-untyped-def]
    from pathlib import Path

    p = Path(path)
    return extract_document(p.read_bytes(), p.name)


@pytest.fixture(scope="module")
def paper_facts() -> list[Fact]:
    ex = _extraction(str(PAPER))
    return text_facts(ex.document.doc_id, ex.blocks, None)


def test_paper_known_figures(paper_facts: list[Fact]) -> None:
    by_raw = {}
    for f in paper_facts:
        by_raw.setdefault(f.raw, f)
    assert by_raw["US$74.8 billion"].indicator == "utilized FDI"
    assert by_raw["US$74.8 billion"].period == "2007"
    assert by_raw["US$1.17 billion"].period == "1985-12-31"
    assert by_raw["RMB 105.4 billion"].change == "tripled to"
    assert by_raw["59.8 percent"].indicator == "share of FDI"
    assert by_raw["59.8 percent"].period == "1981"
    assert by_raw["2,480"].unit == "count" and by_raw["2,480"].entity == "Shenzhen"
    one_third = [f for f in paper_facts if f.raw == "one-third" and f.period == "P15Y"]
    assert one_third and one_third[0].unit == "fraction"


def test_paper_has_no_year_citation_or_marker_facts(paper_facts: list[Fact]) -> None:
    for f in paper_facts:
        assert not (f.unit is None and f.raw.isdigit() and len(f.raw) == 4), f
        assert f.value is None or f.unit is not None or f.change, f
    # the endnote markers glued to words on page 13 ("US$7.3 billion.5", "employment.6")
    page13 = [f.raw for f in paper_facts if f.page == 13]
    assert "5" not in page13 and "6" not in page13
    # nothing from the bibliography (page ranges, volume numbers)
    assert not [f for f in paper_facts if f.page >= 39]


def test_paper_facts_carry_provenance(paper_facts: list[Fact]) -> None:
    ex = _extraction(str(PAPER))
    blocks = {b.block_id: b for b in ex.blocks}
    for f in paper_facts:
        b = blocks[f.block_id]
        assert (f.page, f.bbox) == (b.page, b.bbox)
        assert f.raw in f.quote


def test_bulletin_facts() -> None:
    ex = _extraction(str(BULLETIN))
    facts = text_facts(ex.document.doc_id, ex.blocks, "SBD")
    m3 = fact(facts, "$5,589 million")
    assert (m3.indicator, m3.period, m3.entity, m3.entity_how) == (
        "money supply", "2022-11", "Solomon Islands", "document"
    )
    assert fact(facts, "13.3 months of imports").indicator == "import cover"
