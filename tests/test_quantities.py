"""Quantities, periods and citations in real sentences (the corpus and economic reports)."""
from __future__ import annotations

import pytest

from extractor.facts.periods import find_periods
from extractor.facts.text import quantities, text_facts
from extractor.records import Block


def one(text: str, currency: str | None = None) -> dict:
    found = quantities(text, currency)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "currency", "raw", "value", "unit"),
    [
        ("Exports reached $1.2bn last year.", "USD", "$1.2bn", 1.2e9, "USD"),
        ("its per capita GDP increasing from US$193 to US$ 3,263", None, "US$193", 193, "USD"),
        ("the total GDP for Shanghai Pudong was RMB 236.53 billion", None, "RMB 236.53 billion", 236.53e9, "CNY"),
        ("The ministry allocated SBD 12 million to the programme.", None, "SBD 12 million", 12e6, "SBD"),
        ("Money supply (M3) rebounded by 2% to $5,589 million", "SBD", "$5,589 million", 5589e6, "SBD"),
        ("Headline inflation was 12.5% in the year.", None, "12.5%", 12.5, "percent"),
        ("Inflation eased to 12.5 per cent in March.", None, "12.5 per cent", 12.5, "percent"),
        ("The policy rate rose by 3 percentage points.", None, "3 percentage points", 3, "percentage_points"),
        ("sufficient to cover 13.3 months of imports of goods", None, "13.3 months of imports", 13.3, "months"),
        ("lift more than 400 million people out of poverty", None, "400 million", 400e6, "count"),
        ("reduced from 38,600 square kilometers", None, "38,600 square kilometers", 38600, "km2"),
        ("round logs to 170 thousand cubic meters", None, "170 thousand cubic meters", 170e3, "m3"),
        # thousands set apart by spaces (SI style, common in European reports), also no-break spaces
        ("In 2009 the programme cost EUR 1 250 million in all.", None, "EUR 1 250 million", 1250e6, "EUR"),
        ("Apprenticeships rose to 54 200 in 2009.", None, "54 200", 54200, None),
        ("Fees reached 12\u00a0500 euros per student.", None, "12\u00a0500 euros per student", 12500, "EUR/student"),
        ("The average loss of all households is 2,562 Euros.", None, "2,562 Euros", 2562, "EUR"),
        ("log exports of 5,000 m3 a week", None, "5,000 m3", 5000, "m3"),
        ("gold output rose to 9,000 ounces of gold equivalent", None, "9,000 ounces of gold equivalent", 9000,
         "oz gold equivalent"),
        ("gold prices rose by 2% to US$1,800 per ounce", None, "US$1,800 per ounce", 1800, "USD/oz"),
        ("the SBD averaged $8.19 per US dollar", "SBD", "$8.19 per US dollar", 8.19, "SBD/USD"),
        ("it weakened to $5.50 per Australian dollar", "SBD", "$5.50 per Australian dollar", 5.5, "SBD/AUD"),
    ],
)
def test_money_percent_and_units(text: str, currency: str | None, raw: str, value: float, unit: str) -> None:
    q = [x for x in quantities(text, currency) if x["raw"] == raw]
    assert q, quantities(text, currency)
    assert q[0]["value"] == pytest.approx(value)
    assert q[0]["unit"] == unit
    assert text[q[0]["start"] : q[0]["end"]] == raw


def test_bare_dollar_takes_the_document_currency() -> None:
    text = "The government posted a provisional surplus of $15 million in November 2022"
    assert one(text, "SBD")["unit"] == "SBD"
    assert one(text)["unit"] == "USD"


def test_price_per_unit() -> None:
    text = "fish which declined by 8% to US$1,596 per ton"
    q = quantities(text)[1]
    assert (q["raw"], q["unit"], q["change"]) == ("US$1,596 per ton", "USD/t", "declined by 8% to")
    assert one("an average of $8.23 per USD.", "SBD")["unit"] == "SBD/USD"


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("Sixty percent of the shoes made in China entered the international market", "Sixty percent", 60, "percent"),
        ("the four zones accounted for 59.8 percent of total FDI", "four", 4, "count"),
        ("Wenzhou's footwear products account for one-quarter of China's", "one-quarter", 0.25, "fraction"),
        ("a quarter of the 404 administrative towns in the Pearl River Delta", "a quarter", 0.25, "fraction"),
        ("the central bank holds two-thirds of the domestic debt", "two-thirds", 2 / 3, "fraction"),
        ("they have accounted for half of China's high-tech gross industrial output", "half", 0.5, "fraction"),
    ],
)
def test_number_words(text: str, raw: str, value: float, unit: str) -> None:
    q = quantities(text)[0]
    assert (q["raw"], q["unit"]) == (raw, unit)
    assert q["value"] == pytest.approx(value, rel=1e-5)


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("Twenty-five countries signed the charter.", "Twenty-five", 25, "count"),
        ("forty five firms left the park", "forty five", 45, "count"),
        ("One hundred and twenty firms were registered.", "One hundred and twenty", 120, "count"),
        ("two hundred thousand workers lost their jobs", "two hundred thousand", 200e3, "count"),
        ("lifting half a million people out of poverty", "half a million", 5e5, "count"),
        ("It is a million dollar house.", "a million dollar", 1e6, "USD"),
        ("a quarter million tonnes of grain", "a quarter million tonnes", 2.5e5, "t"),
        ("one half of the zones", "one half", 0.5, "fraction"),
        # a scale written onto the currency
        ("Net sales were MSEK 1,234 in 2019.", "MSEK 1,234", 1234e6, "SEK"),
        ("Audit fees came to 450 kEUR.", "450 kEUR", 450e3, "EUR"),
        ("Operating profit was SEK 450 m.", "SEK 450 m", 450e6, "SEK"),
        ("Revenue reached EUR 3.2 bn.", "EUR 3.2 bn", 3.2e9, "EUR"),
        ("The company has annual revenues of about MAUD 60.", "MAUD 60", 60e6, "AUD"),
        ("The start-up raised $5B from investors.", "$5B", 5e9, "USD"),
        ("Congress passed a $1.2trn infrastructure bill.", "$1.2trn", 1.2e12, "USD"),
        ("The contract is worth 75 USD million.", "75 USD million", 75e6, "USD"),
        ("It costs quarter million US dollars.", "quarter million US dollars", 2.5e5, "USD"),
    ],
)
def test_numbers_spelled_out_and_scales_written_onto_the_currency(text: str, raw: str, value: float,
                                                                  unit: str) -> None:
    q = one(text)
    assert (q["raw"], q["value"], q["unit"]) == (raw, pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "raw", "unit"),
    [
        ("The bank announced a 0.5 percentage-point cut.", "0.5 percentage-point", "percentage_points"),
        ("It followed a 25-basis-point hike in March.", "25-basis-point", "basis_points"),
        ("Growth was 2.5 % points faster than in 2019.", "2.5 % points", "percentage_points"),
        ("Unemployment rose 1.2 %-points.", "1.2 %-points", "percentage_points"),
        ("Gilt yields rose 25bp.", "25bp", "basis_points"),
        ("Inflation fell 0.25 ppt to 3.1 per cent.", "0.25 ppt", "percentage_points"),
        ("Prices saw a 3-percent rise.", "3-percent", "percent"),
        ("Deposits earn 5% p.a. and loans cost 4 per cent per annum.", "4 per cent", "percent"),
    ],
)
def test_percentage_forms(text: str, raw: str, unit: str) -> None:
    found = [(q["raw"], q["unit"]) for q in quantities(text)]
    assert (raw, unit) in found, found


def test_units_written_onto_the_number_as_adjectives() -> None:
    text = "a 6.1-inch screen, a 10-year bond, a five-year plan and a $5-million grant"
    assert [(q["raw"], q["value"], q["unit"]) for q in quantities(text)] == [
        ("6.1-inch", 6.1, "in"), ("10-year", 10, "years"), ("five-year", 5, "years"), ("$5-million", 5e6, "USD")]
    assert one("a 65-year-old man")["unit"] == "years_of_age"
    assert one("Senard, 65, now faces the task of soothing relations.")["unit"] == "years_of_age"
    assert one("In Germany, 45, prices rose.")["unit"] is None
    assert one("one-third of firms")["unit"] == "fraction"


def test_currency_signs_folded_to_ascii() -> None:
    text = "Nintendo fell 4.28 percent to Y=28,030 after a PS6m golden hello."
    assert [(q["raw"], q["value"], q["unit"]) for q in quantities(text)][1:] == [
        ("Y=28,030", 28030, "JPY"), ("PS6m", 6e6, "GBP")]
    assert [q["unit"] for q in quantities("He sold his PS4 and 12 PS 5 games.")] == ["count"]


def test_prefixed_codes_that_are_words_and_metres_are_not_money() -> None:
    assert quantities("The MARS 2020 rover landed.") == []
    assert quantities("See Table 5b and Article 3b.") == []  # "b" is a scale only after money
    assert [q["unit"] for q in quantities("The ship stopped 5 m from the quay.")] == [None]
    assert quantities("She wore a 925 sterling silver ring.") == []  # sterling is money after a scale only
    assert quantities("Figure 4c and Table 2c show the 1080p stream.") == []


def test_a_number_word_takes_the_unit_of_the_figure_it_pairs_with() -> None:
    text = "we can eat out for eight or nine euros in the evening"
    assert [(q["raw"], q["value"], q["unit"]) for q in quantities(text)] == [
        ("eight", 8, "EUR"), ("nine euros", 9, "EUR")]
    assert one("growth of between five and ten percent a year")["value"] == [5, 10]
    assert one("two to three million people were displaced")["value"] == [2e6, 3e6]
    assert quantities("the one and only reason") == []
    assert one("the population will remain above five million at least until 2030")["value"] == 5e6


def test_a_conjunction_ends_what_a_number_counts() -> None:
    # "equal to 1 if households sold ...": a dummy's value, not one household
    assert one("we construct a variable equal to 1 if households sold some assets")["unit"] is None


def test_number_words_that_count_nothing_are_not_quantities() -> None:
    assert quantities("one of the reasons for China's spectacular industrial dynamics") == []
    assert quantities("Markusen (1996) has classified clusters into four categories") == []


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("growth of between 10 and 15 percent a year", 10, 15),
        ("growth of 10–15 percent a year", 10, 15),
        ("tariffs of 10 to 15 percent", 10, 15),
    ],
)
def test_ranges(text: str, low: float, high: float) -> None:
    q = one(text)
    assert q["value"] == [low, high] and q["unit"] == "percent"


def test_from_to_is_not_a_range() -> None:
    text = "The CBSI MPI went down further from an index of 116 to 112 points"
    assert [(q["value"], q["unit"]) for q in quantities(text)] == [(116, "points"), (112, "points")]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("realized FDI in the four zones totaled about US$1.17 billion", "about"),
        ("there were nearly 7,000 industrial parks in China", "nearly"),
        ("GDP has been growing at an average annual rate of more than 9 percent", "more than"),
        ("at least 30 percent of the output", "at least"),
        ("less than 5 percent of the firms", "less than"),
        ("accounted for roughly 21.8 percent of national GDP", "roughly"),
        ("its global share increasing to almost 6.5 percent in 2008", "almost"),
        ("The new line will cost upwards of $2 billion to build.", "more than"),
    ],
)
def test_qualifiers(text: str, qualifier: str) -> None:
    assert quantities(text)[-1]["qualifier"] == qualifier


def test_changes_and_negative_values() -> None:
    text = "net credit to the government (NCG) contracted by 17% to minus $715 million"
    pct, level = quantities(text, "SBD")
    assert (pct["value"], pct["change"]) == (17, "contracted by")
    assert (level["value"], level["change"]) == (-715e6, "contracted by 17% to")
    assert one("Real GDP growth was -3.5 percent in 2020.")["value"] == -3.5
    fell = quantities("Exports fell 34% to US$2.1 billion in 2009.")
    assert fell[1]["change"] == "fell 34% to"


def test_change_words_kept_for_consistency_checks() -> None:
    text = (
        "The total planned area had been reduced from 38,600 square kilometers to 9,900 square "
        "kilometers (74.4 percent less)"
    )
    before, after, pct = quantities(text)
    assert before["change"] == "reduced from"
    assert after["change"] == "74.4 percent less"
    assert pct["change"] == "less"
    tripled = quantities("their R&D expenditure tripled to RMB 105.4 billion")
    assert tripled[0]["change"] == "tripled to"
    surge = quantities("This outcome emanated from a 76% surge in exports to $320 million", "SBD")
    assert [q["change"] for q in surge] == ["surge", "76% surge to"]


@pytest.mark.parametrize(
    "text",
    [
        "(Wong 1987)",
        "In 2007, the actual utilized FDI",
        "from 1984 to 1988",
        "In 2007–08, total employment",
        "(see table 1.3)",
        "Figures 1.4 and 1.5 show that",
        "Volume. 13 Issue No.11 November 2022",
        "Money supply (M3) and narrow money (M1)",
        "the Tang Dynasty (618–907 AD)",
        "in additional coastal cities3 and in",
        "was about US$7.3 billion.5 The",
        "NFA of the banking system decreased by 7%1 annually.",
    ],
)
def test_not_figures(text: str) -> None:
    raws = [q["raw"] for q in quantities(text)]
    assert all(r in ("US$7.3 billion", "7%") for r in raws), raws


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("By the end of 2006, the number of industrial parks had been reduced to 1,568", "2006-12-31"),
        ("in the first nine months of 2008, some 50,000 enterprises closed", "2008-01/2008-09"),
        ("a national average annual GDP growth of roughly 10 percent from 1980 to 1984", "1980-1984"),
        ("Over the 15 years since the formation of HIDZs", "P15Y"),
        ("Money supply (M3) rebounded by 2% to $5,589 million in November 2022", "2022-11"),
        ("total employment of 1.47 million (2007)", "2007"),
        ("In 2007–08, total employment was about 1.47 million", "2007-2008"),
        ("at the end of November 2022", "2022-11-30"),
        ("since the late 1980s", "1980-1989"),
    ],
)
def test_periods(text: str, norm: str) -> None:
    periods = [p for p in find_periods(text) if not p.citation]
    assert [p.norm for p in periods] == [norm]


def test_citation_years_are_not_periods() -> None:
    text = "(China Knowledge Online 2009). Mytelka (2004) also emphasizes (Porter 1990, 1998) and (Zhong et al. 2009)"
    assert all(p.citation for p in find_periods(text))


def test_a_month_alone_takes_the_year_given() -> None:
    text = "Gross foreign reserves for November increased by 2% to $5,282 million"
    assert [p.norm for p in find_periods(text, 2022)] == ["2022-11"]
    assert find_periods(text) == []


def test_the_previous_month_is_the_one_before_the_reports() -> None:
    text = "expanded by 2% in November 2022 to $4,729 million, following a 2% decline in the previous month"
    assert [p.norm for p in find_periods(text, 2022, "2022-11")] == ["2022-11", "2022-10"]
    assert [p.norm for p in find_periods("unchanged from the previous month at 0.49%", 2022, "2022-11")] == []


# ---------------------------------------------------------------- every currency (CLDR), rates, ranges
@pytest.mark.parametrize(
    ("text", "currency", "raw", "value", "unit"),
    [
        ("The 2023 budget provides for 21.8 trillion naira of spending.", None, "21.8 trillion naira", 21.8e12, "NGN"),
        ("The scheme was allotted ₹500 crore in the Union budget.", None, "₹500 crore", 5e9, "INR"),
        ("BNDES lent R$ 40 billion to small firms.", None, "R$ 40 billion", 40e9, "BRL"),
        ("Turnover was 1.3 billion shekels ($350 million).", None, "1.3 billion shekels", 1.3e9, "ILS"),
        ("Remittances reached KSh 2.5 billion in March.", None, "KSh 2.5 billion", 2.5e9, "KES"),
        ("The bonds raised 250 million Dutch guilders in 1989.", None, "250 million Dutch guilders", 250e6, "NLG"),
        ("Cotton earned 95 billion CFA francs, or West African CFA francs.", "XOF", "95 billion CFA francs",
         95e9, "XOF"),
        ("The offer of C$6 (US$4.46) per share in cash", None, "C$6", 6, "CAD/share"),
        ("The offer of C$6 (US$4.46) per share in cash", None, "US$4.46", 4.46, "USD/share"),
        ("Its operating profit improved to 361 million pounds.", "GBP", "361 million pounds", 361e6, "GBP"),
        ("The fine was 5 million pounds sterling.", None, "5 million pounds sterling", 5e6, "GBP"),
        ("Loans of 12,34,567.89 rupees were sanctioned.", None, "12,34,567.89 rupees", 1234567.89, "INR"),
        ("The budget allocates ₹1.5 lakh crore to roads.", None, "₹1.5 lakh crore", 1.5e12, "INR"),
        ("it only cost thirteen dollars and forty-five cents", None, "thirteen dollars and forty-five cents",
         13.45, "USD"),
        ("Fees were $3 and 50 cents per ticket.", None, "$3 and 50 cents per ticket", 3.5, "USD/ticket"),
        ("Henry Hub gas rose to US$2.24 per MMBtu.", None, "US$2.24 per MMBtu", 2.24, "USD/MMBtu"),
        ("The IMF approved SDR 1.5 billion.", None, "SDR 1.5 billion", 1.5e9, "XDR"),
        ("Spending rose to Rs 3,500 crore.", None, "Rs 3,500 crore", 3.5e10, "INR"),
        ("Spending rose to Rs 3,500 crore.", "PKR", "Rs 3,500 crore", 3.5e10, "PKR"),
        ("Workers earn $5-a-day.", None, "$5-a-day", 5, "USD/day"),
        ("sales of about 20 billion francs in 1989", "CHF", "20 billion francs", 20e9, "CHF"),
        ("Britain can borrow for fifty years at an interest rate of 1.38pc.", None, "1.38pc", 1.38, "percent"),
        ("Nestle posted SFr 1.2 billion of net profit.", None, "SFr 1.2 billion", 1.2e9, "CHF"),
        ("The bid was worth 3.5 billion sterling.", None, "3.5 billion sterling", 3.5e9, "GBP"),
        ("Emaar's net profit rose to Dh1.7 billion.", None, "Dh1.7 billion", 1.7e9, "AED"),
        ("Aramco will pay 75 billion riyals in dividends.", None, "75 billion riyals", 75e9, "SAR"),
        ("The bank holds ₿1,200 in reserve.", None, "₿1,200", 1200, "XBT"),
        ("Fujitsu withdrew its controversial one-yen bid.", None, "one-yen", 1, "JPY"),
        ("Vending machines take a 10-dollar bill.", None, "10-dollar", 10, "USD"),
        ("A stamp now costs 73¢.", None, "73¢", 73, "cents"),
        ("it costs only 15 dollars 50.", None, "15 dollars 50", 15.5, "USD"),
        # as development reports and the local press print them
        ("The programme costs CFAF 500 billion over five years.", None, "CFAF 500 billion", 500e9, "XOF"),
        ("The programme costs CFAF 500 billion over five years.", "XAF", "CFAF 500 billion", 500e9, "XAF"),
        ("Ghana raised GH¢1.2 billion from the bond.", None, "GH¢1.2 billion", 1.2e9, "GHS"),
        ("Ethiopia budgeted Birr 5 billion for roads.", None, "Birr 5 billion", 5e9, "ETB"),
        ("Bangladesh allocated Tk 5,000 crore to power.", None, "Tk 5,000 crore", 5e10, "BDT"),
        ("Egypt raised LE 5 billion in treasury bills.", None, "LE 5 billion", 5e9, "EGP"),
        ("The province spent Php 5 billion on schools.", None, "Php 5 billion", 5e9, "PHP"),
        ("PTT invested Bt5 billion in the plant.", None, "Bt5 billion", 5e9, "THB"),
        ("Malawi spent MK500 million on fertiliser subsidies.", None, "MK500 million", 500e6, "MWK"),
        ("The central bank sold TL 5 billion of bonds.", None, "TL 5 billion", 5e9, "TRY"),
        ("The state lent 5 billion lira to exporters.", None, "5 billion lira", 5e9, "TRY"),
        ("BNDES lent 40 billion reais to small firms.", None, "40 billion reais", 40e9, "BRL"),
        ("The budget sets aside 5 trillion roubles for defence.", None, "5 trillion roubles", 5e12, "RUB"),
        ("The loan is 1.2 bn USD over ten years.", None, "1.2 bn USD", 1.2e9, "USD"),
    ],
)
def test_currencies_of_the_world(text: str, currency: str | None, raw: str, value: float, unit: str) -> None:
    q = [x for x in quantities(text, currency) if x["raw"] == raw]
    assert q, quantities(text, currency)
    assert (q[0]["value"], q[0]["unit"]) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "raw", "value", "unit"),
    [
        ("The Fed cut its rate by half a percentage point.", "half a percentage point", 0.5, "percentage_points"),
        ("The bank delivered a quarter-point cut.", "a quarter-point", 0.25, "points"),
        ("The jobless rate fell two-tenths of a percentage point to 3.5%.", "two-tenths of a percentage point", 0.2,
         "percentage_points"),
        ("Real wages fell by a fifth over the decade.", "a fifth", 0.2, "fraction"),
        ("About one in five firms closed in the crisis.", "one in five", 0.2, "fraction"),
        ("Nine out of ten exporters reported delays at the border.", "Nine out of ten", 0.9, "fraction"),
    ],
)
def test_fractions_and_proportions(text: str, raw: str, value: float, unit: str) -> None:
    q = quantities(text)[0]
    assert (q["raw"], q["value"], q["unit"]) == (raw, pytest.approx(value), unit)


def test_a_rank_out_of_many_is_no_proportion() -> None:
    found = quantities("The country ranked 31 out of 190 economies on the ease of trading.")
    assert [(q["value"], q["unit"]) for q in found] == [(31, None), (190, "count")]


def test_an_article_before_a_dollar_sign_is_no_australian_dollar() -> None:
    assert one("A $5,000 grant went to each school.")["unit"] == "USD"
    assert one("A$5,000 went to each school.")["unit"] == "AUD"


def test_pence_and_cents_glued_to_the_number() -> None:
    found = [(q["raw"], q["unit"], q["change"]) for q in quantities("Barclays shares fell 5p to 120p.")]
    assert found == [("5p", "pence", "fell"), ("120p", "pence", "fell 5p to")]
    assert [q["raw"] for q in quantities("Rio Tinto rose 3c to 150c in Sydney.")] == ["3c", "150c"]
    assert quantities("The phone records 1080p video at 5 p.m. sharp.") == []


def test_a_word_several_currencies_share_needs_the_documents_currency() -> None:
    assert [q["unit"] for q in quantities("He weighs 208 pounds.")] == [None]  # a weight, not sterling
    text = "sales of about 20 billion francs in 1989"
    assert [(q["value"], q["unit"], q["noun"]) for q in quantities(text)] == [(20e9, None, None)]
    assert quantities(text, "XOF")[0]["unit"] == "XOF"
    assert quantities(text, "USD")[0]["unit"] is None  # the document's dollar says nothing of francs


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Chile's treasury spent 5 billion pesos on pensions.", "CLP"),
        ("The Danish central bank sold 3 billion kroner.", "DKK"),
        ("The Swiss group expects sales of 20 billion francs.", "CHF"),
        ("Egypt's budget deficit reached 5 billion pounds.", "EGP"),
        ("Mexico and Chile each spent 5 billion pesos.", None),  # two countries: no guess
        ("British farmers sold 500 pounds of beef.", None),  # a weight
    ],
)
def test_a_word_several_currencies_share_takes_the_country_the_sentence_names(text: str, unit: str | None) -> None:
    assert [q["unit"] for q in quantities(text)] == [unit]


def test_iso_codes_match_as_written_and_words_are_not_codes() -> None:
    assert one("Turkey issued TRY 5 billion of bonds.")["unit"] == "TRY"
    assert [q["unit"] for q in quantities("ALL 5 solutions are wrong.")] == ["count"]  # not the lek
    assert [q["unit"] for q in quantities("we will try 5 more times")] == [None]


@pytest.mark.parametrize(
    ("text", "raw", "unit"),
    [
        ("The discount peaked at more than $52 a barrel in October.", "$52 a barrel", "USD/bbl"),
        ("Spot gold was higher at $1,271.2 an ounce.", "$1,271.2 an ounce", "USD/oz"),
        ("net fell 2 % or $1.40 a share", "$1.40 a share", "USD/share"),
        ("subscription fees rose by up to £24 a-year", "£24 a-year", "GBP/year"),
        ("Sales were $1.17 billion a year earlier.", "$1.17 billion", "USD"),
        ("Family premiums rise to $1,100 annually.", "$1,100 annually", "USD/year"),
        ("Tuition is $9,000 per annum.", "$9,000 per annum", "USD/year"),
        ("The condo sold for $450 per square foot.", "$450 per square foot", "USD/sq ft"),
    ],
)
def test_money_a_unit_is_a_rate(text: str, raw: str, unit: str) -> None:
    q = [x for x in quantities(text) if x["unit"] and x["unit"].startswith(("USD", "GBP"))]
    assert [(x["raw"], x["unit"]) for x in q] == [(raw, unit)]


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Fruit prices are expected to increase between 5% and 6% next year.", 5, 6, "percent"),
        ("I'm told to expect 5% to 10% improvement.", 5, 10, "percent"),
        ("Fees range from 1 per cent to 1.5 per cent for management.", 1, 1.5, "percent"),
        ("savings ranging from $200,000 to $414 million", 200_000, 414e6, "USD"),
        ("down from the US$89 to US$93 billion it had projected", 89e9, 93e9, "USD"),
        ("naming rights can run from $500,000 to $1 million a year", 500_000, 1e6, "USD/year"),
        ("Exports fell sharply, by 5 to 10 per cent.", 5, 10, "percent"),
    ],
)
def test_ranges_with_the_unit_on_both_ends(text: str, low: float, high: float, unit: str) -> None:
    q = one(text)
    assert (q["value"], q["unit"]) == ([pytest.approx(low), pytest.approx(high)], unit)


def test_the_scale_of_the_second_figure_is_the_firsts_too() -> None:
    q = one("Each licence is worth $5 to 10 million.")
    assert (q["value"], q["unit"]) == ([5e6, 10e6], "USD")
    changed = quantities("Its value rose from $5 to 10 million.")
    assert [(q["value"], q["unit"]) for q in changed] == [(5e6, "USD"), (10e6, "USD")]
    apart = quantities("Donors gave $5 and 10 million more went to loans.")  # not a range: $5 keeps its dollar
    assert [(q["value"], q["unit"]) for q in apart] == [(5, "USD"), (10e6, None)]


def test_a_change_and_a_chain_are_not_ranges() -> None:
    slowed = "Growth is forecast to slow from 4.8 percent to 4.7 percent in 2019."
    assert [q["value"] for q in quantities(slowed)] == [4.8, 4.7]
    back = "forecast to slow slightly from 4.8 percent to 4.7 percent in 2019, before inching back up to 4.8 percent"
    assert [(q["qualifier"], q["change"]) for q in quantities(back)] == [
        (None, "slow from"), (None, "slow to"), (None, "back up to")]  # a change, not "at most 4.8 percent"
    chain = "the reward rises from $160 to $180 to $200"
    assert [q["value"] for q in quantities(chain)] == [160, 180, 200]


@pytest.mark.parametrize(
    ("text", "raws"),
    [
        ("In Europe: Stoxx 50 -1.3% FTSE -0.6% CAC -1.7%.", ["-1.3%", "-0.6%", "-1.7%"]),
        ("The S&P 500 gained 0.68 per cent to 3,005.47.", ["0.68 per cent", "3,005.47"]),
        ("The blue-chip TA-35 index gained 1% to close at 1,478 points.", ["1%", "1,478 points"]),
        ("Brexit is due to take place on March 29.", []),
        ("Rice will stand for election at the meeting on Jan. 24 at 10:27 PM.", []),
        ("By Jerry Brewer, 1 September 2019 at 5am.", []),
        ("It costs about 8 or $9.", ["8", "$9"]),
    ],
)
def test_signs_dates_clock_times_and_names_numbers(text: str, raws: list[str]) -> None:
    assert [q["raw"] for q in quantities(text)] == raws


def test_physical_units() -> None:
    text = "OPEC agreed to cut 800,000 barrels a day; the plant's 550 megawatt farm is 311 square miles."
    assert [(q["value"], q["unit"]) for q in quantities(text)] == [(800_000, "bbl/d"), (550, "MW"), (311, "sq mi")]


def test_a_count_after_a_reference_list_is_a_figure() -> None:
    assert [(q["value"], q["unit"]) for q in quantities("See Table 3 and 12 new firms were set up.")] == [(12, "count")]
    assert quantities("see Tables 3 and 12 for details") == []


def test_before_a_year_is_an_open_interval() -> None:
    periods = [p.norm for p in find_periods("less than 7% of sales before 1997 were own brand; prior to 2005, 3%")]
    assert periods == ["before 1997", "before 2005"]


def test_pence_are_sterling_whatever_the_documents_currency() -> None:
    q = one("Orkem is making a friendly bid of 470 pence a share for the rest of the company.")
    assert (q["value"], q["unit"]) == (470, "pence/share")
    text = "Orkem is making a friendly bid of 470 pence a share."
    b = Block("b0", "d" * 64, 1, 0, "paragraph", text, (72.0, 100.0, 540.0, 120.0))
    f = [x for x in text_facts("d" * 64, [b], "EUR") if x.raw == "470 pence a share"][0]
    assert (f.value, f.unit) == (pytest.approx(4.7), "GBP/share")


@pytest.mark.parametrize(
    ("text", "raw", "unit"),
    [
        ("The 65-year-old worries about his pension.", "65-year-old", "years_of_age"),
        ("A 60 year-old might withdraw 2.72% a year.", "60 year-old", "years_of_age"),
        ("He will be 30 years old by the end of the year.", "30 years old", "years_of_age"),
        ("her 18 month-old daughter", "18 month-old", "months_of_age"),
        ("Three years later, exports doubled.", "Three years", "years"),
    ],
)
def test_ages_are_not_spans_of_time(text: str, raw: str, unit: str) -> None:
    assert [(q["raw"], q["unit"]) for q in quantities(text) if q["raw"] == raw] == [(raw, unit)]


def test_vulgar_fractions_and_scaled_values_without_binary_noise() -> None:
    q = one("The current account deficit widened to 7¾ percent of GDP.")
    assert (q["raw"], q["value"], q["unit"], q["decimals"], q["change"]) == ("7¾ percent", 7.75, "percent", 2,
                                                                             "widened to")
    assert one("Revenues are to rise by 1½ percent of GDP.")["value"] == 1.5
    assert one("Gross reserves stood at US$4.1 billion at end-2023.")["value"] == 4_100_000_000  # exactly
    assert one("The programme costs $8,263.3 thousand.")["value"] == 8_263_300
