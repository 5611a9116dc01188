"""Pure-Python tests of wiseparts_segments/services/segments.py on hand-checked tables."""

import importlib.util
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "wiseparts_segments" / "services" / "segments.py"
spec = importlib.util.spec_from_file_location("wp_segments_services", PATH)
seg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(seg)

ABC = [("A", 80), ("B", 15), ("C", 5)]


def _units(*amounts):
    """Units P1, P2... with the given amounts, tie id = position."""
    return {f"P{i}": (amount, i) for i, amount in enumerate(amounts, start=1)}


def test_boundary_exactly_at_80_percent_goes_to_b():
    # before-shares: P1 0 % -> A; P2 80 % (not < 80) -> B; P3 95 % -> C
    result = seg.classify_abc(_units(80, 15, 5), ABC)
    assert result == {"P1": "A", "P2": "B", "P3": "C"}


def test_a_is_smallest_set_reaching_80_percent():
    # 50, 25, 10, 10, 5 of 100: before 0, 50, 75, 85, 95
    result = seg.classify_abc(_units(50, 25, 10, 10, 5), ABC)
    assert result == {"P1": "A", "P2": "A", "P3": "A", "P4": "B", "P5": "C"}


def test_top_unit_is_always_a_even_when_it_alone_exceeds_every_threshold():
    result = seg.classify_abc(_units(99, 0.5, 0.5), ABC)
    assert result == {"P1": "A", "P2": "C", "P3": "C"}


def test_ties_lower_partner_id_first():
    # two units of 40 in a total of 100: both before < 80 -> A; the tie decides who is
    # walked first only when it matters: 40, 40, 10, 10 with A=50
    units = {"P7": (40, 7), "P3": (40, 3), "P9": (20, 9)}
    result = seg.classify_abc(units, [("A", 30), ("B", 40), ("C", 30)])
    # order P3 (before 0 -> A), P7 (before 40 -> B, 40 < 70), P9 (before 80 -> C)
    assert result == {"P3": "A", "P7": "B", "P9": "C"}
    units = {"P7": (40, 2), "P3": (40, 3), "P9": (20, 9)}
    result = seg.classify_abc(units, [("A", 30), ("B", 40), ("C", 30)])
    assert result == {"P7": "A", "P3": "B", "P9": "C"}


def test_non_positive_and_below_minimum_are_left_out_of_ranking_and_total():
    units = _units(60, 30, 10, 0, -25, 4)
    result = seg.classify_abc(units, ABC, min_net_sales=5, default_segment="New")
    # total 100 (60+30+10): before 0, 60, 90 -> A, B(60<80 -> A!), ...
    assert result == {"P1": "A", "P2": "A", "P3": "B", "P4": "New", "P5": "New", "P6": "New"}
    assert seg.classify_abc(units, ABC, min_net_sales=5)["P5"] is None


def test_excluded_segments_are_not_passed_and_never_assigned():
    result = seg.classify_abc(_units(70, 20, 10), [("A", 70), ("B", 30)])
    assert set(result.values()) == {"A", "B"}
    assert result == {"P1": "A", "P2": "B", "P3": "B"}


def test_float_thresholds_exact():
    thirds = [("A", 33.33), ("B", 33.33), ("C", 33.34)]
    total, ok = seg.check_thresholds([t for _s, t in thirds])
    assert ok and total == 100
    assert seg.check_thresholds([80, 15, 4.99]) == (Fraction("99.99"), False)
    # P3 first (3334: 0 % -> A), P1 before 33.34 % (not < 33.33 -> B), P2 before 66.67 %
    # (not < 66.66 -> C): exact decimal comparison, no float rounding
    result = seg.classify_abc(_units(3333, 3333, 3334), thirds)
    assert result == {"P3": "A", "P1": "B", "P2": "C"}


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
    units = {p: (amount, p) for p, amount in seg.net_sales(lines, first, last).items()}
    result = seg.classify_abc(units, ABC, default_segment="New")
    # ranking 70, 40, 20 of 130: before 0 %, 53.8 %, 84.6 % -> A, A, B; 2 (negative) -> New
    assert result == {1: "A", 4: "A", 5: "B", 2: "New"}


def test_vat_grouping_sums_units_and_ties_on_lowest_member():
    partners = [(1, "FR 12 345"), (2, "fr12-345"), (3, None), (4, "")]
    keys = {p: seg.unit_key(p, vat, "vat") for p, vat in partners}
    assert keys == {1: "VFR12345", 2: "VFR12345", 3: "P3", 4: "P4"}
    assert {seg.unit_key(p, vat, "partner") for p, vat in partners} == {"P1", "P2", "P3", "P4"}
    sales = {1: 30, 2: 30, 3: 50, 4: 10}
    units = {}
    for partner, amount in sales.items():
        total, tie = units.get(keys[partner], (0, partner))
        units[keys[partner]] = (total + amount, min(tie, partner))
    assert units == {"VFR12345": (60, 1), "P3": (50, 3), "P4": (10, 4)}
    result = seg.classify_abc(units, ABC)
    # 60 of 120 -> A; P3 before 50 % -> A; P4 before 91.7 % -> B
    assert result == {"VFR12345": "A", "P3": "A", "P4": "B"}
    # by partner the VAT members rank apart: 50, 30, 30, 10 of 120, before-shares
    # 0 %, 41.7 %, 66.7 %, 91.7 % -> A, A, A, B
    by_partner = seg.classify_abc({p: (a, p) for p, a in sales.items()}, ABC)
    assert by_partner == {3: "A", 1: "A", 2: "A", 4: "B"}


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
    assert seg.period_bounds(run_date, months, interval) == expected


def test_period_bounds_refuses_bad_input():
    with pytest.raises(ValueError):
        seg.period_bounds(date(2026, 1, 1), 0, "rolling")
    with pytest.raises(ValueError):
        seg.period_bounds(date(2026, 1, 1), 12, "weekly")


def test_year_boundary_invoice_counts_in_one_period_only():
    lines = [_line(1, 100, date(2025, 12, 31)), _line(2, 100, date(2026, 1, 1))]
    fixed = seg.period_bounds(date(2026, 1, 1), 12, "fixed")
    rolling = seg.period_bounds(date(2026, 1, 1), 12, "rolling")
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
    assert seg.recency_state(dates, D, 90, period_first=date(2025, 4, 1)) == expected


def test_recency_purchase_before_period_is_never_purchased():
    assert seg.recency_state([date(2024, 1, 1)], D, 90, period_first=date(2025, 4, 1)) is None
    assert seg.recency_state([date(2024, 1, 1)], D, 90) == seg.INACTIVE


def test_recency_over_successive_runs():
    dates = [date(2025, 6, 1), date(2025, 12, 15)]
    states = [
        seg.recency_state(dates, run, 90, period_first=date(2024, 1, 1))
        for run in (date(2025, 8, 1), date(2025, 10, 1), date(2025, 12, 20), date(2026, 4, 1))
    ]
    assert states == [seg.ACTIVE, seg.INACTIVE, seg.RECOVERED, seg.INACTIVE]
