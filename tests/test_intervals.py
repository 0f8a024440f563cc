"""Properties of the interval arithmetic the consistency checks rest on."""
from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from warehouse.checks.intervals import Interval, fact_interval, hedge_for, printed_number, total

decimals = st.integers(min_value=0, max_value=3)
amounts = st.floats(min_value=0.001, max_value=1e7, allow_nan=False, allow_infinity=False)


def printed(x: float, d: int) -> float:
    """``x`` as a table prints it with ``d`` decimals."""
    return float(f"{x:.{d}f}")


def cell(x: float, d: int) -> Interval:
    return Interval.rounded(printed(x, d), d)


@settings(max_examples=150, deadline=None)
@given(st.lists(amounts, min_size=2, max_size=12), decimals)
def test_a_correctly_rounded_total_never_disagrees(parts, d):
    found = cell(sum(parts), d)
    expected = total(cell(p, d) for p in parts)
    assert expected.overlaps(found)


@settings(max_examples=150, deadline=None)
@given(st.lists(amounts, min_size=2, max_size=12), decimals, st.floats(min_value=1.0, max_value=50), st.booleans())
def test_a_total_changed_beyond_the_rounding_slack_always_disagrees(parts, d, k, up):
    shown = [printed(p, d) for p in parts]
    # the slack: half a last digit for each printed component and for the printed total
    slack = (len(parts) + 1) * 0.5 * 10.0**-d
    wrong = printed(sum(shown) + (1 if up else -1) * (slack + k * 10.0**-d), d)
    assert abs(wrong - sum(shown)) > slack
    found = Interval.rounded(wrong, d)
    expected = total(Interval.rounded(p, d) for p in shown)
    assert not expected.overlaps(found)


@settings(max_examples=150, deadline=None)
@given(amounts, amounts, st.integers(min_value=0, max_value=2))
def test_a_correctly_rounded_share_never_disagrees(part, rest, d):
    whole = part + rest
    assume(printed(whole, 0) > 0)
    share = cell(part / whole * 100, d)
    expected = cell(part, 0) / cell(whole, 0) * 100.0
    # the share printed from the exact figures lies in what the printed figures allow
    assert expected.overlaps(share)


@settings(max_examples=150, deadline=None)
@given(st.floats(min_value=1, max_value=1e6), st.floats(min_value=1, max_value=1e6), decimals)
def test_a_correctly_rounded_ratio_never_disagrees(a, b, d):
    assert (cell(a, d) / cell(b, d)).overlaps(Interval.point(a / b))


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6), st.floats(min_value=-1e6, max_value=1e6),
       st.floats(min_value=-1e6, max_value=1e6), st.floats(min_value=-1e6, max_value=1e6))
def test_products_contain_every_product_of_members(a, b, c, d):
    x, y = Interval(min(a, b), max(a, b)), Interval(min(c, d), max(c, d))
    prod = x * y
    for u in (x.lo, x.hi, x.mid):
        for v in (y.lo, y.hi, y.mid):
            assert prod.overlaps(Interval.point(u * v))


def test_a_printed_figure_stands_for_its_rounding_interval():
    iv = fact_interval({"raw": "9.1", "value": 9.1, "decimals": 1})
    assert iv is not None and math.isclose(iv.lo, 9.05) and math.isclose(iv.hi, 9.15)
    # a cell "9,101" in RMB 100 millions: half a printed unit is 5e7 in base units
    iv = fact_interval({"raw": "9,101", "value": 910100000000.0, "decimals": 0})
    assert iv is not None and math.isclose(iv.hi - iv.lo, 1e8)


def test_hedges_widen_the_interval_as_documented():
    about = fact_interval({"raw": "about 20 percent", "value": 20.0, "decimals": 0, "qualifier": "about"})
    assert about is not None and about.lo < 18.1 and about.hi > 21.9
    more = fact_interval({"raw": "more than 100", "value": 100.0, "decimals": 0, "qualifier": "more than"})
    assert more is not None and more.hi == math.inf and more.lo == 99.5
    assert hedge_for("nearly") is not None and hedge_for("preliminary") is None


def test_missing_figures_have_no_interval_and_ranges_span_both_ends():
    assert fact_interval({"raw": "n.a.", "value": None, "missing": True}) is None
    iv = fact_interval({"raw": "5-7 percent", "value": None, "value_low": 5.0, "value_high": 7.0, "decimals": 0})
    assert iv == Interval(4.5, 7.5)


def test_division_by_an_interval_that_may_be_zero_says_nothing():
    assert Interval(1, 2) / Interval(-1, 1) == Interval(-math.inf, math.inf)
    with pytest.raises(ValueError):
        Interval(2, 1)


def test_printed_number_reads_the_first_number():
    assert printed_number("US$7.3 billion") == 7.3
    assert printed_number("minus $708 million") == 708
    assert printed_number("—") is None
