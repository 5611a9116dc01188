"""Segment classification maths, without Odoo (the reference the SQL path must match).

Everything here works on plain Python data so that the rules of issue 4 can be checked on
hand-made tables:

* ``period_bounds``: the invoice dates a type looks at (rolling or fixed calendar years);
* ``normalize_vat`` / ``unit_key``: which commercial partners form one unit;
* ``net_sales``: eligible net sales per commercial partner from invoice lines;
* ``classify_abc``: the cumulative walk (share *before* the unit, first segment whose
  cumulative threshold is strictly greater);
* ``recency_state``: active / inactive / recovered.

Amounts are compared as exact fractions (``Fraction``) so that a boundary exactly at 80 %
is decided the same way as PostgreSQL's ``numeric`` does it.
"""

import re
from collections import defaultdict
from datetime import date, timedelta
from fractions import Fraction

from dateutil.relativedelta import relativedelta

ACTIVE, INACTIVE, RECOVERED = "active", "inactive", "recovered"


def period_bounds(run_date, months, interval):
    """First and last invoice date (both included) of the period of a type.

    ``rolling``: (run date - months, run date]. ``fixed``: the ``months`` months ending on
    December 31 of the year before the run date's year (12: last calendar year).
    """
    if months <= 0:
        raise ValueError("period must be at least one month")
    if interval == "rolling":
        return run_date - relativedelta(months=months) + timedelta(days=1), run_date
    if interval == "fixed":
        last = date(run_date.year - 1, 12, 31)
        return date(run_date.year, 1, 1) - relativedelta(months=months), last
    raise ValueError(f"unknown interval {interval!r}")


def normalize_vat(vat):
    """Upper-case alphanumerics of a VAT number ('fr 12-345' -> 'FR12345'); None if empty."""
    if not vat:
        return None
    return re.sub(r"[^0-9A-Za-z]", "", vat).upper() or None


def unit_key(partner_id, vat, identify_by):
    """Key of the classification unit of a commercial partner."""
    if identify_by == "vat":
        normalized = normalize_vat(vat)
        if normalized:
            return f"V{normalized}"
    return f"P{partner_id}"


def net_sales(lines, first, last, company_ids=None, brand_ids=None):
    """Eligible net sales per commercial partner.

    ``lines``: dicts with ``partner`` (commercial partner id), ``date`` (invoice date),
    ``move_type`` (out_invoice/out_refund/...), ``state``, ``display_type``, ``balance``
    (company currency, credit negative as in Odoo), ``company`` and ``brand``.
    Net sales = -balance of product lines of posted customer invoices and credit notes.
    """
    totals = defaultdict(Fraction)
    for line in lines:
        if (
            line["state"] != "posted"
            or line["move_type"] not in ("out_invoice", "out_refund")
            or line.get("display_type", "product") != "product"
            or not first <= line["date"] <= last
            or (company_ids and line["company"] not in company_ids)
            or (brand_ids and line["brand"] not in brand_ids)
        ):
            continue
        totals[line["partner"]] -= Fraction(str(line["balance"]))
    return dict(totals)


def classify_abc(units, segments, min_net_sales=0, default_segment=None):
    """ABC segment of each unit.

    ``units``: {key: (amount, tie_id)}: tie_id is the lowest partner id of the unit.
    ``segments``: [(segment, threshold percent)] in priority order, excluded ones left out.
    Units with amount <= 0 or below ``min_net_sales`` are out of the ranking and of the
    total; they get ``default_segment``.
    """
    minimum = Fraction(str(min_net_sales or 0))
    ranked = [
        (Fraction(str(amount)), tie, key)
        for key, (amount, tie) in units.items()
        if Fraction(str(amount)) > 0 and Fraction(str(amount)) >= minimum
    ]
    ranked.sort(key=lambda item: (-item[0], item[1]))
    total = sum(amount for amount, _tie, _key in ranked)
    cumulative, acc = [], Fraction(0)
    for segment, threshold in segments:
        acc += Fraction(str(threshold))
        cumulative.append((segment, acc))
    result = dict.fromkeys(units, default_segment)
    before = Fraction(0)
    for amount, _tie, key in ranked:
        # share before the unit, in percent, compared without division: before/total*100 < cum
        result[key] = next(
            (segment for segment, cum in cumulative if cum * total > before * 100),
            None,
        )
        before += amount
    return result


def recency_state(purchase_dates, run_date, window_days, period_first=None):
    """active / inactive / recovered, or None when never purchased (in the period).

    active: a purchase in (D-W, D] and not recovered; recovered: a purchase in (D-W, D]
    whose previous purchase before the window is more than W days older than the first
    purchase inside it; inactive: purchased in the period but not in (D-W, D].
    """
    window_start = run_date - timedelta(days=window_days)  # excluded
    dates = [d for d in purchase_dates if d <= run_date]
    inside = [d for d in dates if d > window_start]
    if inside:
        first_inside = min(inside)
        before = [d for d in dates if d <= window_start]
        if before and (first_inside - max(before)).days > window_days:
            return RECOVERED
        return ACTIVE
    if any(period_first is None or d >= period_first for d in dates):
        return INACTIVE
    return None


def check_thresholds(thresholds):
    """Total (Fraction) of the non-excluded thresholds; True when it is exactly 100."""
    total = sum((Fraction(str(t)) for t in thresholds), Fraction(0))
    return total, total == 100
