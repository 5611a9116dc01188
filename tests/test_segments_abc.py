"""Pure-Python tests of the segment rules on hand-checked tables.

The rules run in SQL in the product; their reference, against which the SQL is checked by the
Odoo tests, is ``wiseparts_segments/tests/segments_reference.py`` (loaded here by path, as
is ``wiseparts_segments/services/segments.py`` for the period and thresholds helpers).
"""

import importlib.util
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

ADDON = Path(__file__).resolve().parents[1] / "wiseparts_segments"


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


seg = _load("wp_segments_reference", ADDON / "tests" / "segments_reference.py")
helpers = _load("wp_segments_services", ADDON / "services" / "segments.py")

ABC = [("A", 80), ("B", 15), ("C", 5)]


def _units(*amounts):
    """Units 1, 2... (their lowest partner id) with the given amounts."""
    return dict(enumerate(amounts, start=1))


def test_boundary_exactly_at_80_percent_goes_to_b():
    # before-shares: P1 0 % -> A; P2 80 % (not < 80) -> B; P3 95 % -> C
    result = seg.classify_abc(_units(80, 15, 5), ABC)
    assert result == {1: "A", 2: "B", 3: "C"}


def test_a_is_smallest_set_reaching_80_percent():
    # 50, 25, 10, 10, 5 of 100: before 0, 50, 75, 85, 95
    result = seg.classify_abc(_units(50, 25, 10, 10, 5), ABC)
    assert result == {1: "A", 2: "A", 3: "A", 4: "B", 5: "C"}


def test_top_unit_is_always_a_even_when_it_alone_exceeds_every_threshold():
    result = seg.classify_abc(_units(99, 0.5, 0.5), ABC)
    assert result == {1: "A", 2: "C", 3: "C"}


def test_ties_lower_partner_id_first():
    # two units of 40 in a total of 100: both before < 80 -> A; the tie decides who is
    # walked first only when it matters: 40, 40, 10, 10 with A=50
    units = {7: 40, 3: 40, 9: 20}
    result = seg.classify_abc(units, [("A", 30), ("B", 40), ("C", 30)])
    # order 3 (before 0 -> A), 7 (before 40 -> B, 40 < 70), 9 (before 80 -> C)
    assert result == {3: "A", 7: "B", 9: "C"}
    units = {7: 40, 2: 40, 9: 20}
    result = seg.classify_abc(units, [("A", 30), ("B", 40), ("C", 30)])
    assert result == {2: "A", 7: "B", 9: "C"}


def test_non_positive_and_below_minimum_are_left_out_of_ranking_and_total():
    units = _units(60, 30, 10, 0, -25, 4)
    result = seg.classify_abc(units, ABC, min_net_sales=5, default_segment="New")
    # total 100 (60+30+10): before 0, 60, 90 -> A, B(60<80 -> A!), ...
    assert result == {1: "A", 2: "A", 3: "B", 4: "New", 5: "New", 6: "New"}
    assert seg.classify_abc(units, ABC, min_net_sales=5)[5] is None
    # no segment left (all excluded): the ranked units get the default too
    assert set(seg.classify_abc(units, [], default_segment="New").values()) == {"New"}


def test_excluded_segments_are_not_passed_and_never_assigned():
    result = seg.classify_abc(_units(70, 20, 10), [("A", 70), ("B", 30)])
    assert set(result.values()) == {"A", "B"}
    assert result == {1: "A", 2: "B", 3: "B"}


def test_float_thresholds_exact():
    thirds = [("A", 33.33), ("B", 33.33), ("C", 33.34)]
    total, ok = helpers.check_thresholds([t for _s, t in thirds])
    assert ok and total == 100
    assert helpers.check_thresholds([80, 15, 4.99]) == (Fraction("99.99"), False)
    # P3 first (3334: 0 % -> A), P1 before 33.34 % (not < 33.33 -> B), P2 before 66.67 %
    # (not < 66.66 -> C): exact decimal comparison, no float rounding
    result = seg.classify_abc(_units(3333, 3333, 3334), thirds)
    assert result == {3: "A", 1: "B", 2: "C"}


def _line(partner, amount, when, move_type="out_invoice", **kw):
    # balance of a sale is a credit (negative); of a credit note a debit (positive)
    balance = -amount if move_type == "out_invoice" else amount
    vals = {
        "partner": partner,
        "date": when,
        "move_type": move_type,
        "state": "posted",
        "display_type": "product",
        "balance": balance,
        "company": 1,
        "brand": 10,
    }
    vals.update(kw)
    return vals


def test_net_sales_credit_notes_drafts_and_constraints():
    d = date(2025, 6, 1)
    lines = [
        _line(1, 100, d),
        _line(1, 30, d, "out_refund"),
        _line(2, 50, d),
        _line(2, 80, d, "out_refund"),  # negative net after credit note
        _line(3, 999, d, state="draft"),
        _line(3, 999, d, display_type="tax"),
        _line(3, 999, d, "in_invoice"),
        _line(4, 40, d, company=2),
        _line(5, 20, d, brand=11),
        _line(6, 10, date(2024, 6, 1)),
    ]
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    assert seg.net_sales(lines, first, last) == {1: 70, 2: -30, 4: 40, 5: 20}
    assert seg.net_sales(lines, first, last, company_ids={1}) == {1: 70, 2: -30, 5: 20}
    assert seg.net_sales(lines, first, last, brand_ids={11}) == {5: 20}
    result = seg.classify_abc(seg.net_sales(lines, first, last), ABC, default_segment="New")
    # ranking 70, 40, 20 of 130: before 0 %, 53.8 %, 84.6 % -> A, A, B; 2 (negative) -> New
    assert result == {1: "A", 4: "A", 5: "B", 2: "New"}


def test_vat_grouping_sums_units_and_ties_on_lowest_member():
    partners = [(1, "FR 12 345"), (2, "fr12-345"), (3, None), (4, "")]
    keys = {p: seg.unit_key(p, vat, "vat") for p, vat in partners}
    assert keys == {1: "VFR12345", 2: "VFR12345", 3: "P3", 4: "P4"}
    assert {seg.unit_key(p, vat, "partner") for p, vat in partners} == {"P1", "P2", "P3", "P4"}
    assert seg.units(dict(partners), "vat") == {1: 1, 2: 1, 3: 3, 4: 4}
    assert seg.units({5: "FR 12 345", 2: "fr12-345"}, "vat") == {5: 2, 2: 2}
    assert seg.units(dict(partners), "partner") == {1: 1, 2: 2, 3: 3, 4: 4}
    sales = {1: 30, 2: 30, 3: 50, 4: 10}
    result = seg.classify_abc({1: 60, 3: 50, 4: 10}, ABC)
    # 60 of 120 -> A; 3 before 50 % -> A; 4 before 91.7 % -> B
    assert result == {1: "A", 3: "A", 4: "B"}
    # by partner the VAT members rank apart: 50, 30, 30, 10 of 120, before-shares
    # 0 %, 41.7 %, 66.7 %, 91.7 % -> A, A, A, B
    assert seg.classify_abc(sales, ABC) == {3: "A", 1: "A", 2: "A", 4: "B"}
    # the whole run: each member gets its unit's segment and amount
    lines = [_line(p, amount, date(2025, 6, 1)) for p, amount in sales.items()]
    period = (date(2025, 1, 1), date(2025, 12, 31))
    segment_type = {"kind": "abc", "identify_by": "vat", "segments": ABC}
    run = seg.classify(dict(partners), lines, date(2025, 12, 31), segment_type, period)
    assert run == {1: ("A", 60), 2: ("A", 60), 3: ("A", 50), 4: ("B", 10)}


@pytest.mark.parametrize(
    ("run_date", "months", "interval", "expected"),
    [
        (date(2026, 1, 15), 12, "rolling", (date(2025, 1, 16), date(2026, 1, 15))),
        (date(2026, 1, 15), 12, "fixed", (date(2025, 1, 1), date(2025, 12, 31))),
        (date(2026, 1, 1), 24, "fixed", (date(2024, 1, 1), date(2025, 12, 31))),
        (date(2025, 12, 31), 12, "fixed", (date(2024, 1, 1), date(2024, 12, 31))),
        (date(2025, 12, 31), 12, "rolling", (date(2025, 1, 1), date(2025, 12, 31))),
        (date(2024, 3, 31), 1, "rolling", (date(2024, 3, 1), date(2024, 3, 31))),
        (date(2026, 5, 10), 6, "fixed", (date(2025, 7, 1), date(2025, 12, 31))),
    ],
)
def test_period_bounds_at_year_boundaries(run_date, months, interval, expected):
    assert helpers.period_bounds(run_date, months, interval) == expected


def test_period_bounds_refuses_bad_input():
    with pytest.raises(ValueError):
        helpers.period_bounds(date(2026, 1, 1), 0, "rolling")
    with pytest.raises(ValueError):
        helpers.period_bounds(date(2026, 1, 1), 12, "weekly")


def test_year_boundary_invoice_counts_in_one_period_only():
    lines = [_line(1, 100, date(2025, 12, 31)), _line(2, 100, date(2026, 1, 1))]
    fixed = helpers.period_bounds(date(2026, 1, 1), 12, "fixed")
    rolling = helpers.period_bounds(date(2026, 1, 1), 12, "rolling")
    assert seg.net_sales(lines, *fixed) == {1: 100}
    assert seg.net_sales(lines, *rolling) == {1: 100, 2: 100}


D = date(2026, 3, 31)  # window W = 90 -> (2025-12-31, 2026-03-31]


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([date(2026, 3, 31)], seg.ACTIVE),  # first ever purchase inside
        ([date(2026, 1, 1)], seg.ACTIVE),  # first day inside the window
        ([date(2025, 12, 31)], seg.INACTIVE),  # last day before the window
        ([date(2025, 12, 1), date(2026, 2, 1)], seg.ACTIVE),  # 62 days gap
        ([date(2025, 10, 1), date(2025, 12, 30)], seg.INACTIVE),
        ([date(2025, 11, 1), date(2026, 1, 30)], seg.ACTIVE),  # exactly 90 days: not more
        ([date(2025, 11, 1), date(2026, 1, 31)], seg.RECOVERED),  # 91 days
        ([date(2025, 1, 1), date(2026, 3, 1), date(2026, 3, 2)], seg.RECOVERED),
        ([date(2026, 4, 1)], None),  # after the run date: not seen
        ([], None),
    ],
)
def test_recency_transitions(dates, expected):
    assert seg.recency_state(dates, D, 90) == expected


def test_recency_purchase_years_ago_is_inactive():
    # "no recent purchase": any purchase before the window, none inside it
    assert seg.recency_state([date(2023, 3, 1)], D, 90) == seg.INACTIVE


def test_recency_run_with_vat_units_credit_notes_and_minimum():
    lines = [
        _line(1, 100, date(2023, 3, 1)),  # 3 years ago only -> inactive
        _line(2, 50, date(2026, 3, 1)),  # inside -> active
        _line(3, 70, date(2025, 6, 1)),  # VAT unit with 4: 4 buys inside after a long gap
        _line(4, 20, date(2026, 2, 1)),
        _line(5, 40, date(2026, 3, 1), "out_refund"),  # a credit note is no purchase
        _line(6, 10, date(2026, 3, 1), state="draft"),
    ]
    partners = {1: None, 2: None, 3: "BE 0477", 4: "be0477", 5: None, 6: None}
    segments = {seg.ACTIVE: "Act", seg.INACTIVE: "Ina", seg.RECOVERED: "Rec"}
    segment_type = {"kind": "recency", "segments": segments, "active_days": 90}
    period = (date(2025, 4, 1), D)
    by_vat = seg.classify(partners, lines, D, dict(segment_type, identify_by="vat"), period)
    assert by_vat == {
        1: ("Ina", 0),
        2: ("Act", 50),
        3: ("Rec", 90),
        4: ("Rec", 90),
        5: (None, -40),
        6: (None, 0),
    }
    by_partner = seg.classify(partners, lines, D, segment_type, period)
    assert (by_partner[3], by_partner[4]) == (("Ina", 70), ("Act", 20))
    minimum = dict(segment_type, min_net_sales=30, default="New")
    assert {p: s for p, (s, _a) in seg.classify(partners, lines, D, minimum, period).items()} == {
        1: "New",
        2: "Act",
        3: "Ina",
        4: "New",
        5: "New",
        6: "New",
    }


def test_recency_over_successive_runs():
    dates = [date(2025, 6, 1), date(2025, 12, 15)]
    states = [
        seg.recency_state(dates, run, 90)
        for run in (date(2025, 8, 1), date(2025, 10, 1), date(2025, 12, 20), date(2026, 4, 1))
    ]
    assert states == [seg.ACTIVE, seg.INACTIVE, seg.RECOVERED, seg.INACTIVE]
