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
    assert one_third and (one_third[0].value, one_third[0].unit) == (33.33, "percent")


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


def test_sector_entities_and_the_sector_of_an_indicator() -> None:
    text = (
        "Private sector credit (PSC) further narrowed by 0.2% to $2,570 million following a 0.2% fall in "
        "October, Whilst, net credit to the government (NCG) contracted by 17% to minus $715 million. "
        "The total liquidity of the banking system grew by 7% to $2,745 million in November 2022. "
        "Furthermore, required reserves expanded by 6% to $359 million at the end of November 2022."
    )
    facts = text_facts(DOC, [block(text)], "SBD")
    assert fact(facts, "minus $715 million").entity == "government"
    assert fact(facts, "$2,745 million").entity == "banking system"
    reserves = fact(facts, "$359 million")
    assert (reserves.entity, reserves.entity_how) == ("banking system", "indicator")
    # "in October" is said of the 0.2% fall that it trails, not of the other figures
    assert fact(facts, "$2,570 million").period != "2022-10"
    assert fact(facts, "minus $715 million").period != "2022-10"


def test_exchange_rates_are_about_a_currency_pair_and_a_change_takes_its_level() -> None:
    text = (
        "Similarly, it weakened against the Australian dollar and New Zealand dollar by 4% to $5.42 per AUD "
        "and by 6.5% to $4.98 per NZD, respectively."
    )
    facts = text_facts(DOC, [block(text)], "SBD")
    assert [(f.raw, f.unit, f.entity) for f in facts] == [
        ("4%", "percent", "SBD vs AUD"), ("$5.42 per AUD", "SBD/AUD", "SBD vs AUD"),
        ("6.5%", "percent", "SBD vs NZD"), ("$4.98 per NZD", "SBD/NZD", "SBD vs NZD")]


def test_cents_take_the_unit_price_they_change_and_prices_under_a_price_index_are_retail() -> None:
    text = (
        "The domestic user electricity tariff was reduced further by 80 cents to $7.30 per KWh, fuel by 10 "
        "cents to $11.85 per litre, LP gas by 12 cents to $25.48 per KG, and betel-nut price edged lower by "
        "21 cents to an average $1.17 per nut."
    )
    facts = text_facts(DOC, [block(text, section=("CBSI Monthly Price Index (MPI)",))], "SBD")
    cents = fact(facts, "80 cents")
    assert (cents.value, cents.unit, cents.entity) == (0.8, "SBD/kWh", "electricity")
    assert fact(facts, "$7.30 per KWh").unit == "SBD/kWh"
    assert (fact(facts, "12 cents").unit, fact(facts, "12 cents").entity) == ("SBD/kg", "LP gas")
    assert fact(facts, "$1.17 per nut").indicator == "retail price"


def test_previous_month_and_starting_values_in_a_monthly_report() -> None:
    blocks = [
        block("Money supply (M3) rebounded by 2% to $5,589 million in November 2022.", seq=0),
        block("Net foreign assets (NFA) of the banking system expanded by 2% in November 2022 to $4,729 "
              "million, following a 2% decline in the previous month. However, the NFA of other depository "
              "corporations fell from $42 million to $29 million.", seq=1),
    ]
    facts = text_facts(DOC, blocks, "SBD")
    decline = [f for f in facts if f.raw == "2%"][-1]
    assert (decline.period, decline.entity) == ("2022-10", "banking system")
    assert fact(facts, "$4,729 million").period == "2022-11"
    start, end = fact(facts, "$42 million"), fact(facts, "$29 million")
    assert (start.period, end.period) == ("2022-10", "2022-11")
    assert start.entity == end.entity == "other depository corporations"


def test_trade_deficit_is_the_trade_balance() -> None:
    text = (
        "The balance on trade in goods for the month of November narrowed to a $112 million deficit from a "
        "$222 million deficit in the previous month."
    )
    facts = text_facts(DOC, [block(text), block("Exports rose in November 2022.", seq=1)], "SBD")
    assert {f.indicator for f in facts} == {"trade balance"}
    assert fact(facts, "$222 million").period == "2022-10"


def test_capitalised_acronyms_match_only_as_written() -> None:
    text = "The T-bills’ WAY for 91 and 182 remained unchanged from the previous month at 0.49%, and 0.97%."
    facts = text_facts(DOC, [block(text), block("Money supply rose in November 2022.", seq=1)], "SBD")
    assert [(f.raw, f.indicator, f.entity) for f in facts] == [
        ("0.49%", "interest rate", "Treasury bills"), ("0.97%", "interest rate", "Treasury bills")]
    assert {f.period for f in facts} == {"2022-11"}  # "from the previous month" is the comparison, not the period


def test_commodities_respectively_and_volumes() -> None:
    text = (
        "The outcome was driven largely by a 41% upturn in round logs to 170 thousand cubic meters. "
        "Crude palm oil and copra, likewise, rose by 2% each to 2,426 tons and 1,411 tons, respectively."
    )
    facts = text_facts(DOC, [block(text, section=("IV: DOMESTIC ECONOMY",))], "SBD")
    assert {f.indicator for f in facts} == {"production volume"}
    assert [f.entity for f in facts] == [
        "round logs", "round logs", "Crude palm oil and copra", "Crude palm oil", "copra"]


def test_an_amount_invested_is_an_investment_and_verbs_keep_to_their_units() -> None:
    text = (
        "In Wenzhou, the municipal government invested RMB 557 million to build an industrial zone. "
        "Meanwhile, it formed a shareholding company and invested RMB 40 million in building a logistics "
        "business center. The cluster makes 9 billion pairs of socks a year."
    )
    facts = text_facts(DOC, [block(text)], "CNY")
    assert (fact(facts, "RMB 557 million").indicator, fact(facts, "RMB 557 million").value) == ("investment", 557e6)
    assert fact(facts, "RMB 40 million").indicator == "investment"
    # a production verb names a volume, never an amount of money
    assert fact(facts, "9 billion pairs").indicator == "production volume"
    made = text_facts(DOC, [block("The zone produced US$5 billion of exports in 2008.")], "USD")
    assert fact(made, "US$5 billion").indicator != "production volume"


def test_a_period_said_of_a_figure_or_before_another_example_is_not_carried_on() -> None:
    # a period that dates the figure it follows is not the next sentence's
    owned = text_facts(DOC, [block(
        "The number of shoe firms in the city rose to 4,000 in 1985. "
        "The municipal government invested RMB 557 million in an industrial park.")], "CNY")
    assert fact(owned, "4,000").period == "1985"
    assert fact(owned, "RMB 557 million").period is None
    # a period that frames a sentence carries on to the next one, unless it opens on another place
    framed = text_facts(DOC, [block(
        "In 2007, Guangdong had 228 specialized towns. Their output was RMB 765 billion. "
        "In Wenzhou, the municipal government invested RMB 557 million to build an industrial zone.")], "CNY")
    assert fact(framed, "228").period == "2007"
    assert (fact(framed, "RMB 765 billion").period, fact(framed, "RMB 765 billion").period_how) == (
        "2007", "previous sentence")
    assert fact(framed, "RMB 557 million").period is None


def test_shares_and_counts_of_surveyed_groups() -> None:
    text = ("Thus, our basic sample consists of 2,012 households. About 79.5% of the households responded "
            "that they did not incur financial losses. 15% of the respondents were able to answer all three "
            "questions correctly.")
    facts = text_facts(DOC, [block(text)], "EUR")
    assert fact(facts, "2,012").indicator == "number of households"
    assert (fact(facts, "79.5%").indicator, fact(facts, "79.5%").qualifier) == ("share of households", "about")
    assert fact(facts, "15%").indicator == "share of respondents"


def test_counts_of_zones_are_about_the_zones_and_places_after_a_figure() -> None:
    text = (
        "By the end of 2006, there were 150 EPZs. So far, 61 EPZs have been set up in China; 44 of them are "
        "located in the coastal region, while the other 17 are inland."
    )
    facts = text_facts(DOC, [block(text)], None)
    assert (fact(facts, "61").entity, fact(facts, "61").indicator) == ("EPZs", "number of zones")
    assert fact(facts, "44").entity == "coastal region"
    assert fact(facts, "61").period is None  # "So far": the present, not the previous sentence's year
    text = "At the same time, the 54 national ETDZs accounted for 5 percent of total GDP (see table 1.3)."
    count = fact(text_facts(DOC, [block(text)], None), "54")
    assert (count.unit, count.indicator, count.entity) == ("count", "number of zones", "national ETDZs")


def test_growth_rates_national_totals_and_parenthesised_figures() -> None:
    text = (
        "Total exports have been growing at an average annual rate of 13 percent (21.5 percent from 1998 to "
        "2007), with China’s share of total exports increasing from 1.7 percent in 1980 to 9.5 percent in 2008. "
        "By the end of 1985, realized FDI in the four zones totaled US$1.17 billion, about 20 percent of the "
        "national total (Wong 1987)."
    )
    facts = text_facts(DOC, [block(text)], None)
    assert [(f.raw, f.indicator, f.period) for f in facts[:4]] == [
        ("13 percent", "export growth", None), ("21.5 percent", "export growth", "1998-2007"),
        ("1.7 percent", "share of exports", "1980"), ("9.5 percent", "share of exports", "2008")]
    assert fact(facts, "US$1.17 billion").indicator == "utilized FDI"
    assert fact(facts, "20 percent").indicator == "share of FDI"
    text = ("Against a national average annual GDP growth of roughly 10 percent from 1980 to 1984, Shenzhen "
            "grew at a phenomenal 58 percent annual rate.")
    facts = text_facts(DOC, [block(text), block("China is large.", seq=1)], None)
    assert fact(facts, "10 percent").entity == "China"
    assert fact(facts, "58 percent").entity == "Shenzhen"


def test_generic_zones_stand_for_the_zones_named_before_them() -> None:
    text = ("The four SEZs attracted most of the early foreign investment. In 1981, the four zones accounted for "
            "59.8 percent of total FDI in China.")
    facts = text_facts(DOC, [block(text)], None, "China")
    share = fact(facts, "59.8 percent")
    assert (share.entity, share.indicator, share.period) == ("The four SEZs", "share of FDI", "1981")


def test_a_place_that_locates_or_describes_a_name_is_not_the_entity() -> None:
    text = ("In 2007, the 54 national ETDZs in China realized GDP of RMB 1.7 trillion. Shenzhen, the first SEZ, "
            "grew at 28 percent a year between 1980 and 2008. Datang, a town in Zhejiang Province, makes "
            "9 billion pairs of socks a year.")
    facts = text_facts(DOC, [block(text)], None, "China")
    assert fact(facts, "RMB 1.7 trillion").entity == "the 54 national ETDZs"
    assert fact(facts, "28 percent").entity == "Shenzhen"
    socks = fact(facts, "9 billion pairs")
    assert (socks.entity, socks.unit, socks.value, socks.indicator) == ("Datang", "count", 9e9, "production volume")


def test_pronouns_and_possessives() -> None:
    text = ("In 2006, the HIDZs had 45,828 firms. Their exports amounted to US$154 billion, or 16 percent of "
            "China's total exports. By 2010, R&D spending is expected to reach 4 percent of Shenzhen's GDP.")
    facts = text_facts(DOC, [block(text)], None, "China")
    exports = fact(facts, "US$154 billion")
    assert (exports.entity, exports.entity_how, exports.period) == ("the HIDZs", "previous sentence", "2006")
    assert fact(facts, "16 percent").indicator == "share of exports"
    rd = fact(facts, "4 percent")
    assert (rd.entity, rd.indicator, rd.period) == ("Shenzhen", "R&D expenditure share of GDP", "2010")


def test_shares_of_counted_things_of_the_world_and_of_a_bare_share() -> None:
    text = ("For example, in Shenzhen, migrants account for 83 percent of the total population. Among its "
            "permanent citizens, 21 percent are under 16. Wenzhou produces 95 percent of the world's metal "
            "lighters and supplies 40 percent of the domestic market. Their R&D expenditure tripled to RMB 105.4 "
            "billion, and the share rose to 35.1 in 2006.")
    facts = text_facts(DOC, [block(text)], None, "China")
    assert fact(facts, "83 percent").indicator == "share of population"
    young = fact(facts, "21 percent")
    assert (young.indicator, young.entity) == ("share of population", "Shenzhen")
    assert not [f for f in facts if f.raw == "16"]  # an age bound
    assert fact(facts, "95 percent").indicator == "share of world production"
    assert fact(facts, "40 percent").indicator == "share of domestic market"
    share = fact(facts, "35.1")
    assert (share.unit, share.indicator, share.period) == ("percent", "share of R&D expenditure", "2006")


def test_periods_carried_moved_on_and_cited_from_a_table() -> None:
    text = ("In 1981, the four SEZs accounted for 59.8 percent of total FDI. Three years later, the four SEZs "
            "still accounted for 26 percent of China's total FDI. Their exports also grew by 30 percent. "
            "Their imports grew by 20 percent. Since 1978, exports have grown by 17 percent a year, reaching "
            "US$1.4 trillion in 2008.")
    facts = text_facts(DOC, [block(text)], None, "China")
    assert fact(facts, "26 percent").period == "1984"
    assert fact(facts, "30 percent").period == "1984"
    assert (fact(facts, "20 percent").period, fact(facts, "20 percent").period_how) == ("1984", "previous sentence")
    assert fact(facts, "17 percent").period == "1978-2008"


def test_annual_changes_in_a_monthly_report_and_what_was_done_to_a_figure() -> None:
    text = ("Money supply (M3) rebounded by 2% to $5,589 million in November 2022. On an annual basis, PSC "
            "expanded by 1% while NCG dropped by 31%. Meanwhile, Treasury bills tendered was $14 million while "
            "$12 million was accepted.")
    facts = text_facts(DOC, [block(text)], "SBD")
    assert fact(facts, "1%").period == "2021-12/2022-11"
    assert fact(facts, "31%").period == "2021-12/2022-11"
    assert fact(facts, "$12 million").indicator == "treasury bills accepted"
    assert fact(facts, "$14 million").indicator == "treasury bills tendered"


def test_footnote_text_is_read_without_its_marker() -> None:
    note = Block("b1", DOC, 1, 1, "footnote", "2 Exports to Australia rose by 12% to $40 million.",
                 (72.0, 700.0, 540.0, 710.0), marker="2")
    facts = text_facts(DOC, [note], "SBD")
    assert sorted(f.raw for f in facts) == ["$40 million", "12%"]


def test_half_years_that_year_and_cents_per_unit() -> None:
    text = ("In the first half of 2008, exports grew by 22 percent. In 2008, the HIDZs had 52,632 firms. That year, "
            "their exports reached US$201 billion, up 15 percent from 2007. Fuel prices fell by 7 cents per litre.")
    facts = text_facts(DOC, [block(text)], "SBD")
    assert fact(facts, "22 percent").period == "2008-01/2008-06"
    assert not [f for f in facts if f.raw == "half"]
    assert fact(facts, "US$201 billion").period == "2008"
    cents = fact(facts, "7 cents per litre")
    assert (cents.value, cents.unit) == (pytest.approx(0.07), "SBD/litre")


def test_production_of_a_good_is_a_volume_and_a_cause_names_no_entity() -> None:
    production = "The production index rose by 4% to 77 points. Copra production fell by 12% to 1,240 tons."
    trade = "Imports increased by 9% to $452 million on account of higher fuel imports."
    facts = text_facts(DOC, [block(production), block(trade, seq=1)], "SBD", "Solomon Islands")
    assert fact(facts, "77 points").indicator == "production index"
    copra = fact(facts, "12%")
    assert (copra.entity, copra.indicator) == ("copra", "production volume")
    imports = fact(facts, "$452 million")
    assert (imports.entity, imports.entity_how, imports.indicator) == ("Solomon Islands", "document", "imports")


def test_groups_of_people_are_what_their_figures_are_about() -> None:
    # ECB Working Paper 1299 (Bucher-Koenen & Ziegelmeyer 2011), p. 13
    text = ("About 79.5% of the households responded that they did not incur financial losses due to the crisis. "
            "20.5% reported a loss. The median loss is 5,000 Euros. "
            "The unconditional average loss of all households in Germany is 2,562 Euros.")
    facts = text_facts(DOC, [block(text)], "EUR", "Germany")
    assert (fact(facts, "79.5%").entity, fact(facts, "79.5%").indicator) == ("households", "share of households")
    assert (fact(facts, "20.5%").entity, fact(facts, "20.5%").indicator) == ("households", "share of households")
    assert fact(facts, "5,000 Euros").entity == "households"  # carried on: a figure was said of them
    # "in Germany" locates the households; the country is not what the figure is about
    assert fact(facts, "2,562 Euros").entity == "households"
    # a group named in passing, with no figure said of it, is not carried on
    passing = text_facts(DOC, [block(
        "The measures included flexibility in hiring and firing workers. "
        "For FDI, the corporate tax rate was especially generous at 15 percent.")], "CNY", "China")
    assert fact(passing, "15 percent").entity == "China"
    # a count of a group is not about that group
    counted = text_facts(DOC, [block("Thus, our basic sample consists of 2,012 households.")], "EUR", "Germany")
    assert fact(counted, "2,012").entity == "Germany"


def test_figures_the_vocabulary_has_no_name_for_are_named_in_their_own_words() -> None:
    # Cedefop, Vocational education and training in Finland (2006), ch. 10
    text = ("In 2004, total operating costs of vocational institutions amounted to EUR 1 107 million: "
            "the average unit cost per student was EUR 8 467. The subsidy is calculated to cover 45.3 % of "
            "operating costs. The funding of the school-based element stood at approximately EUR 61 million. "
            "We find that the average loss of households who kept their assets is little over 12,000 Euros.")
    facts = text_facts(DOC, [block(text)], "EUR", "Finland")
    costs = fact(facts, "EUR 1 107 million")
    assert (costs.indicator, costs.indicator_how, costs.entity, costs.value) == (
        "operating costs", "open", "vocational institutions", 1107e6)
    assert fact(facts, "EUR 8 467").indicator == "unit cost per student"
    share = fact(facts, "45.3 %")
    assert (share.indicator, share.indicator_how) == ("share of operating costs", "open")
    funding = fact(facts, "EUR 61 million")
    assert (funding.indicator, funding.entity, funding.qualifier) == (
        "funding", "school-based element", "approximately")
    assert (fact(facts, "12,000 Euros").indicator, fact(facts, "12,000 Euros").qualifier) == ("loss", "more than")
    # vocabulary names come first; vague heads ("the figure") name nothing of their own
    named = text_facts(DOC, [block(
        "Exports rose to $5 million in 2021. The figure was 40 percent above the previous year's.")], "USD")
    assert fact(named, "$5 million").indicator == "exports"
    assert fact(named, "40 percent").indicator_how != "open"


def test_counts_of_any_plural_noun_and_areas() -> None:
    # Dobson Consulting for the European Commission (1999), France chapter
    text = ("Promodès moved into Spain in 1976 and now has 52 hypermarkets and 33 discount stores. "
            "The marketplace comprises more than 4,300 square meters of building space and more than 50 rooms. "
            "The reform took 15 consecutive years.")
    facts = text_facts(DOC, [block(text)], "EUR")
    assert (fact(facts, "52").unit, fact(facts, "52").indicator) == ("count", "number of hypermarkets")
    assert fact(facts, "33").indicator == "number of stores"  # named by the head noun
    assert (fact(facts, "4,300 square meters").unit, fact(facts, "4,300 square meters").value) == ("m2", 4300)
    assert fact(facts, "50").indicator == "number of rooms"
    assert not [f for f in facts if f.raw.startswith("15")]  # years are not counted things


def test_a_bare_percentage_after_another_is_a_share_of_the_same_whole() -> None:
    text = ("In our sample 53.2% of the respondents were able to answer all three financial literacy questions "
            "correctly, whereas 46.8% had a least one incorrect answer. About 4.3% of the respondents answer "
            "none of the questions correctly and 11.2% give six correct answers.")
    facts = text_facts(DOC, [block(text)], "EUR", "Germany")
    for raw in ("53.2%", "46.8%", "4.3%", "11.2%"):
        assert (fact(facts, raw).indicator, fact(facts, raw).entity) == ("share of respondents", "respondents")


def test_correlations_are_coefficients_and_p_values_are_not_figures() -> None:
    text = ("The correlation of simulated and reported losses is 0.52 (p-value 0.000). There is a significantly "
            "positive correlation (spearman rank correlation: 0.2899, p-value 0.000) between our measures.")
    facts = text_facts(DOC, [block(text)], "EUR", "Germany")
    assert [(f.raw, f.unit, f.indicator) for f in facts] == [
        ("0.52", "coefficient", "correlation"), ("0.2899", "coefficient", "correlation")]


def test_now_and_years_before_date_a_figure_against_the_sentences_period() -> None:
    # Dobson Consulting for the European Commission (1999), France chapter
    text = ("In 1995, own brands provided on average 20% of sales (25% of shelf space) compared to only 10% ten "
            "years before and the development goes on. Carrefour, for example, opened its first hypermarket "
            "'Pryca' in Spain in 1973 (in Barcelona) and now has 56 'Pryca' stores.")
    facts = text_facts(DOC, [block(text)], "FRF", "France")
    assert [fact(facts, r).period for r in ("20%", "25%", "10%")] == ["1995", "1995", "1985"]
    # the bare 10% continues the share of the sentence, not of the aside in parentheses
    assert fact(facts, "10%").indicator == fact(facts, "20%").indicator == "share of sales"
    assert fact(facts, "56").period is None  # "now": not the year the first store opened


def test_every_country_is_an_entity_matched_as_written() -> None:
    text = ("In Finland, 54 200 people completed a labour market training in 2004. Exports from Côte d'Ivoire "
            "rose 5% in 2021.")
    facts = text_facts(DOC, [block(text), block("Retail prices of turkey rose 3% in 2021.", seq=1)], "EUR", "Testland")
    assert fact(facts, "54 200").entity == "Finland"
    assert fact(facts, "5%").entity == "Côte d'Ivoire"
    assert fact(facts, "3%").entity == "turkey"  # what the prices are of: the common noun, not the country


def test_places_introduced_by_the_document_and_cities_from_geonames() -> None:
    # the paper, p. 21: a town no gazetteer lists, introduced as one, then named alone
    text = ("Hangji, a town of 120 square kilometers and a population of 35,000 people in Jiangsu Province, "
            "produce 30 percent of the world's toothbrushes.")
    later = "In Hangji, exports rose 12 percent in 2007."
    facts = text_facts(DOC, [block(text), block(later, seq=1)], "CNY", "China")
    assert [fact(facts, r).entity for r in ("35,000", "30 percent", "12 percent")] == ["Hangji"] * 3
    # "X Province" makes the bare name a place too; two places side by side are one
    provinces = text_facts(DOC, [block("Guangdong Province is large. In Guangdong, exports rose 9 percent in 2007. "
                                       "The GDP of Shanghai Pudong was RMB 236.53 billion in 2007.")], "CNY", "China")
    assert fact(provinces, "9 percent").entity == "Guangdong"
    assert fact(provinces, "RMB 236.53 billion").entity == "Shanghai Pudong"
    # cities come from GeoNames and match as written
    cities = text_facts(DOC, [block("In Lyon, retail prices rose 2 percent in 2007."),
                              block("In lyon and other towns, retail prices rose 3 percent in 2007.", seq=1)],
                        "EUR", "France")
    assert fact(cities, "2 percent").entity == "Lyon"
    assert fact(cities, "3 percent").entity == "France"


def test_bodies_by_their_acronyms_and_the_publisher_by_its_initials() -> None:
    # the paper, p. 10, and the bulletin's own publisher (from its metadata)
    text = ("The Ministry of Commerce (MOFCOM) approved 54 ETDZs by 2007. "
            "By 2010 MOFCOM reported exports of US$300 billion from them.")
    facts = text_facts(DOC, [block(text)], "USD", "China")
    assert fact(facts, "US$300 billion").entity == "Ministry of Commerce"
    bulletin = text_facts(DOC, [block("The CBSI said gross foreign reserves rose 5% in November 2022.")], "SBD",
                          "Solomon Islands", publisher="Central Bank of Solomon Islands")
    assert fact(bulletin, "5%").entity == "Central Bank of Solomon Islands"
    # a name in parentheses that is no body is no acronym of one
    zones = text_facts(DOC, [block("Special Economic Zones (SEZ) grew 7% in 2007.")], "USD", "China")
    assert fact(zones, "7%").entity != "Special Economic Zones"


def test_securities_by_their_kind() -> None:
    text = ("The CBSI Bokolo bills' stock held at the end of November 2022 declined to $306 million from "
            "$338 million in October.")
    facts = text_facts(DOC, [block(text)], "SBD", "Solomon Islands", publisher="Central Bank of Solomon Islands")
    assert {fact(facts, r).entity for r in ("$306 million", "$338 million")} == {"CBSI Bokolo bills"}


def test_what_a_measure_is_of_is_no_indicator() -> None:
    facts = text_facts(DOC, [block("The value of exports was $5 million in 2021.")], "USD", "Testland")
    assert (fact(facts, "$5 million").indicator, fact(facts, "$5 million").entity) == ("exports", "Testland")


def test_a_subject_with_a_verb_of_change_names_the_figure_and_its_level() -> None:
    # commodity market reports: the subject of "rose" names what the change and the level measure
    facts = text_facts(DOC, [block("Spot gold rose 2% to $1,271.2 an ounce.")], None)
    change, level = fact(facts, "2%"), fact(facts, "$1,271.2 an ounce")
    assert (change.indicator, change.indicator_how) == ("spot gold", "open")
    assert (level.indicator, level.unit) == ("spot gold", "USD/oz")


def test_a_name_opening_the_clause_is_whom_its_figures_are_about() -> None:
    # market reports and company news: no list knows these names, the clause's subject gives them
    text = "The Dow Jones Industrial Average lost 190 points, or 0.6%. The S&P 500 fell 0.9%, while the Nasdaq " \
           "Composite slipped 1.1%."
    facts = text_facts(DOC, [block(text)], None)
    assert [fact(facts, r).entity for r in ("190 points", "0.6%", "0.9%", "1.1%")] == [
        "Dow Jones Industrial Average", "Dow Jones Industrial Average", "S&P 500", "Nasdaq Composite"]
    text = "Non-integrated groups have been slower although Leclerc now has 11 stores abroad."
    facts = text_facts(DOC, [block(text)], None)
    assert fact(facts, "11").entity == "Leclerc"
    # one capitalised word opening a sentence is a name only where the document capitalises it elsewhere
    assert fact(text_facts(DOC, [block("Exports fell 5% in 2019.")], None), "5%").entity is None
    paragraphs = [block("The expansion was led by Carrefour and Auchan."),
                  block("Carrefour now has 56 stores in Spain and Portugal.", seq=1)]
    assert fact(text_facts(DOC, paragraphs, None), "56").entity == "Carrefour"
    assert fact(text_facts(DOC, [block("Table 3 shows that 45 firms closed.")], None), "45").entity != "Table 3"
    # the words of the name measure nothing ("Enterprises" is no count of firms)
    facts = text_facts(DOC, [block("Adani Enterprises lost more than 60% of its market cap.")], None)
    assert (fact(facts, "60%").entity, fact(facts, "60%").indicator) == ("Adani Enterprises", "share of market cap")


def test_section_numbers_and_bracketed_note_markers_are_no_figures() -> None:
    # Cedefop and ECB working papers (ICDAR 2013 EU set): "4 Empirical strategies", "people (13)."
    assert text_facts(DOC, [block("4 Empirical strategies and results", kind="heading")], None) == []
    assert text_facts(DOC, [block("2.3. Data on 500 firms", kind="heading")], None)[0].raw == "500"
    text = "The objective of the programme is to provide work and training for about 250 000 people (13)."
    facts = text_facts(DOC, [block(text, note_refs=("13",))], None)
    assert [f.raw for f in facts] == ["250 000"]


def test_a_figure_restated_after_or_is_of_the_same_thing() -> None:
    facts = text_facts(DOC, [block("Spot gold rose $20, or 2%, in the week.")], None)
    assert [fact(facts, r).indicator for r in ("$20", "2%")] == ["spot gold", "spot gold"]
    facts = text_facts(DOC, [block("Exports were $30 billion, or 12 percent of GDP.")], None)
    assert fact(facts, "12 percent").indicator == "share of GDP"  # it names its own


def test_a_group_another_figure_counts_is_not_the_entity() -> None:
    text = ("Ford, which has 13,000 workers in the United Kingdom, has estimated that a disorderly exit "
            "would cost it $800 million in 2019.")
    facts = text_facts(DOC, [block(text)], None)
    assert fact(facts, "$800 million").entity != "workers"
    assert fact(facts, "13,000").unit == "count"


def test_a_figure_dated_before_a_year_has_no_period() -> None:
    # European Commission, food retail study (ICDAR 2013 EU set), France
    text = ("Leclerc, for instance, which was initially opposed to own brand development (less than 7% of sales "
            "before 1997 were own brand), changed its strategy in 1997.")
    assert fact(text_facts(DOC, [block(text)], "EUR"), "7%").period is None


@pytest.mark.parametrize(
    ("text", "raw", "indicator"),
    [
        ("The jobless rate fell two-tenths of a percentage point to 3.5% in March 2019.", "3.5%",
         "unemployment rate"),
        ("The central bank raised its policy rate by 50 basis points to 7.5 percent in May 2022.", "7.5 percent",
         "policy rate"),
        ("Remittances reached US$ 2.8 billion in 2019, a tenth of GDP.", "US$ 2.8 billion", "remittances"),
        ("Net profit rose 12% to $1.2 billion in 2021.", "$1.2 billion", "net profit"),
    ],
)
def test_standard_macroeconomic_and_corporate_indicators(text: str, raw: str, indicator: str) -> None:
    assert fact(text_facts(DOC, [block(text)], None), raw).indicator == indicator


def test_financial_literacy_is_no_literacy_rate() -> None:
    text = "Financial literacy increases with age: 37% of the respondents gave three correct answers."
    assert fact(text_facts(DOC, [block(text)], None), "37%").indicator != "literacy rate"


def test_the_documents_country_says_whose_pesos() -> None:
    text = "The treasury spent 5 billion pesos on pensions in 2019."
    assert fact(text_facts(DOC, [block(text)], None, "Chile"), "5 billion pesos").unit == "CLP"
    assert fact(text_facts(DOC, [block(text)], "MXN", "Chile"), "5 billion pesos").unit == "MXN"  # the metadata's
