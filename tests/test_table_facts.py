"""Facts from table cells, read through the warehouse: value in base units after the
scale its labels state, unit, entity, indicator and period from headers, caption and notes."""
from __future__ import annotations

import pytest

from extractor.facts.numbers import parse_number, scaled
from extractor.facts.tables import period_in
from extractor.facts.units import unit_in
from extractor.facts.vocabulary import find_indicator

from .conftest import PAPER


def fact(wh, label: str, row_label: str, col_label: str, nth: int = 0) -> dict:
    """The ``nth`` fact (in row order) whose row and column labels include those given."""
    rows = wh.rows_sql(
        """SELECT f.* FROM facts f JOIN tables t USING (table_id)
           JOIN table_cells c ON c.table_id = f.table_id AND c."row" = f."row" AND c.col = f.col
           WHERE t.label = ? AND list_contains(c.row_path, ?) AND list_contains(c.header_path, ?)
           ORDER BY f."row" """,
        [label, row_label, col_label],
    )
    assert len(rows) > nth, rows
    return rows[nth]


@pytest.fixture
def wh(corpus_wh):
    def rows_sql(sql, params):
        cur = corpus_wh.con.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    corpus_wh.rows_sql = rows_sql
    return corpus_wh


def test_a_cell_under_a_scaled_row_label(wh):
    f = fact(wh, "Table 1.3", "Real GDP (RMB 100 millions)", "SEZs")
    assert (f["raw"], f["value"], f["unit"], f["decimals"]) == ("9,101", 910100000000.0, "CNY", 0)
    assert (f["entity"], f["indicator"], f["period"]) == ("SEZs", "GDP", "2006")
    assert (f["entity_how"], f["indicator_how"], f["period_how"]) == ("column header", "row header", "caption")
    assert f["quote"].endswith("| Real GDP (RMB 100 millions) | SEZs: 9,101")


def test_a_share_row_takes_the_indicator_of_the_row_above(wh):
    rows = wh.rows_sql(
        """SELECT f.raw, f.value, f.unit, f.indicator FROM facts f JOIN tables t USING (table_id)
           WHERE t.label = 'Table 1.3' AND f."row" = 8 AND f.col = 1""",
        [],
    )
    assert rows == [{"raw": "22.1", "value": 22.1, "unit": "percent", "indicator": "share of exports"}]


def test_a_footnote_on_the_cell_or_its_row_sets_the_period(wh):
    early = fact(wh, "Table 1.4", "1978", "Shenzhen")  # the exports section comes first
    assert (early["value"], early["unit"], early["period"], early["period_how"]) == (9000000.0, "USD", "1979",
                                                                                      "footnote")
    rows = wh.rows_sql(
        """SELECT f.raw, f.period FROM facts f JOIN tables t USING (table_id)
           JOIN table_cells c ON c.table_id = f.table_id AND c."row" = f."row" AND c.col = f.col
           WHERE t.label = 'Table 1.4' AND list_contains(c.row_path, '2008') AND list_contains(c.header_path,
           'Shenzhen') ORDER BY f."row" """,
        [],
    )
    assert rows == [{"raw": "163.780", "period": "2008-01/2008-11"}, {"raw": "3929.58", "period": "2008-01/2008-11"}]


def test_missing_cells_are_explicit_and_labels_are_not_facts(wh):
    rows = wh.rows_sql(
        "SELECT raw, value, missing FROM facts f JOIN tables t USING (table_id) WHERE t.label = 'Table 1.4'", []
    )
    missing = [r for r in rows if r["missing"]]
    assert missing and all(r["value"] is None and r["raw"] in ("—", "n.a.") for r in missing)
    assert not any(r["raw"] in ("1978", "1990", "2008") for r in rows)  # the year stub is a label
    assert len(rows) == 60  # 12 data rows x 5 zones


def test_a_headnote_scale_applies_to_every_cell(wh):
    f = fact(wh, "Table 324", "Total", "Total")
    assert (f["raw"], f["value"], f["unit"], f["indicator"], f["period"]) == (
        "11,062.6", 11062600.0, "count", "arrests", "2009")


def test_page_numbers_of_a_contents_box_are_not_facts(wh):
    rows = wh.rows_sql(
        """SELECT count(*) AS n FROM facts f JOIN table_cells c ON c.table_id = f.table_id AND c."row" = f."row"
           AND c.col = f.col WHERE list_contains(c.header_path, 'Page')""",
        [],
    )
    assert rows == [{"n": 0}]


def test_every_fact_has_provenance(wh):
    rows = wh.rows_sql(
        """SELECT count(*) AS bad FROM facts WHERE doc_id IS NULL OR page < 1 OR bbox IS NULL OR quote = ''
           OR raw = '' OR (source = 'table' AND (table_id IS NULL OR "row" IS NULL))""",
        [],
    )
    assert rows == [{"bad": 0}]
    assert PAPER.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("text", "unit", "scale"),
    [
        ("Real GDP (RMB 100 millions)", "CNY", 1e8),
        ("Exports (billion current US$)", "USD", 1e9),
        ("R&D (1000 USD)", "USD", 1e3),
        ("as % of China total", "percent", 1.0),
        ("[In thousands (11,062.6 represents 11,062,600)", None, 1e3),
        ("SBD Million", "SBD", 1e6),
        # as financial statements print them: a scale written onto the currency
        ("Net sales, MSEK", "SEK", 1e6),
        ("Personnel costs (kEUR)", "EUR", 1e3),
        ("Umsatz TEUR", "EUR", 1e3),
        ("Revenue (EURm)", "EUR", 1e6),
        ("Operating profit (£m)", "GBP", 1e6),
        ("Group revenue US$bn", "USD", 1e9),
        ("Loans ($000)", "SBD", 1e3),
        ("Assets (€ 000s)", "EUR", 1e3),
        ("Total (Mio. EUR)", "EUR", 1e6),
        ("Outlay (Rs lakh crore)", "INR", 1e12),
        ("MARS 2020 mission", None, 1.0),
    ],
)
def test_units_and_scales_of_labels(text, unit, scale):
    spec = unit_in(text, "SBD")
    assert (spec.unit, spec.scale) == (unit, scale)


def test_numbers_periods_and_indicators():
    assert parse_number("(12.3)").value == -12.3 and parse_number("9,101").decimals == 0
    assert parse_number("12,34") is None and parse_number("—") is None
    assert scaled(8263.3, 1, 1e3) == 8263300.0
    assert [period_in(t) for t in ("Jun 22", "2001–07", "1978–2008", "Total")] == [
        "2022-06", "2001-2007", "1978-2008", None]
    assert find_indicator("Cluster employmen t (%)") == "share of employment"
    assert find_indicator("Consumer price index (% change)") == "consumer price index"


def _caption_as_paragraph_pdf() -> bytes:
    """A budget-style page: the caption "Table S–4. ..." set as a plain paragraph, a units
    line "(In billions of dollars)" under it and a table ruled only horizontally."""
    import io

    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 12)
    c.drawString(180, 720, "Table S\u20134. Adjusted Baseline by Category")
    c.setFont("Helvetica", 8)
    c.drawString(250, 706, "(In billions of dollars)")
    rows = [["", "2011", "2012", "2013"], ["Defense", "699", "709", "700"], ["Non-defense", "650", "596", "572"],
            ["Total outlays", "3,603", "3,796", "3,716"]]
    top, h, x = 698, 16, [72, 250, 330, 410, 490]
    c.setFont("Helvetica", 9)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            c.drawString(x[j] + 4, top - (i + 1) * h + 5, cell)
    for y in (top, top - h, top - len(rows) * h):
        c.line(x[0], y, x[-1], y)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_caption_set_as_a_paragraph_and_its_units_line_are_linked():
    from extractor.pipeline import extract_document
    from extractor.records import DocumentMeta

    ex = extract_document(_caption_as_paragraph_pdf(), "budget.pdf", DocumentMeta(currency="USD"))
    (table,) = ex.tables
    assert table.label == "Table S-4"
    assert table.caption.startswith("Table S\u20134. Adjusted Baseline")
    assert table.units == "In billions of dollars"
    defense = [f for f in ex.facts if f.source == "table" and f.raw == "699"]
    assert [(f.value, f.unit, f.period) for f in defense] == [(699e9, "USD", "2011")]


@pytest.mark.parametrize(
    "caption, label",
    [("Table S\u20134. Adjusted Baseline", "Table S-4"), ("Table S-4 Outlays", "Table S-4"),
     ("Table A.2: Exports", "Table A.2"), ("Table 3 Employment", "Table 3"), ("Table 1.3 GDP", "Table 1.3"),
     ("Annex B Zones", "Annex B"), ("Table 2\u20131. Trade", "Table 2-1")],
)
def test_table_labels(caption, label):
    from extractor.captions import caption_label

    assert caption_label(caption) == label


def test_an_indicator_that_cannot_be_in_the_stated_unit_is_passed_over(wh):
    """A row "Unemployment insurance" in a table of dollars names no unemployment rate."""
    rows = wh.rows_sql(
        """SELECT DISTINCT f.unit, f.indicator FROM facts f JOIN table_cells c
           ON c.table_id = f.table_id AND c."row" = f."row" AND c.col = f.col
           WHERE list_contains(c.row_path, 'Unemployment insurance')""",
        [],
    )
    assert rows == [{"unit": "USD", "indicator": "receipts"}]


def test_a_header_in_a_word_several_currencies_share_takes_the_documents_country():
    assert unit_in("Pensions (million pesos)").unit is None  # whose pesos?
    spec = unit_in("Pensions (million pesos)", None, "Chile")
    assert (spec.unit, spec.scale) == ("CLP", 1e6)
    assert unit_in("Exports (billion kroner), Denmark").unit == "DKK"
