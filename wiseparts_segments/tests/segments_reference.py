"""Reference of the segment rules in plain Python (no Odoo import), for tests only.

The product classifies in ONE SQL statement (``wiseparts.segment.type._assignment_sql``);
this module states the same rules on plain data so that the SQL can be checked against it
(``test_segments.py``: ``TestSegments.test_sql_matches_reference_*``) and the rules themselves
on hand-checked tables (``tests/test_segments_abc.py`` at the repository root, which loads
this file by path):

* ``normalize_vat`` / ``unit_key`` / ``units``: which commercial partners form one unit;
* ``net_sales``: eligible net sales per commercial partner from invoice lines;
* ``purchase_dates``: the invoice dates per commercial partner the recency rule looks at;
* ``classify_abc``: the cumulative walk (share *before* the unit, first segment whose
  cumulative threshold is strictly greater);
* ``recency_state``: active / inactive / recovered;
* ``classify``: a whole run of a type, partner by partner.

Amounts are compared as exact fractions (``Fraction``) so that a boundary exactly at 80 %
is decided the same way as PostgreSQL's ``numeric`` does it.
"""

import re
from collections import defaultdict
from datetime import timedelta
from fractions import Fraction

ACTIVE, INACTIVE, RECOVERED = "active", "inactive", "recovered"


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


def units(partners, identify_by):
    """{partner id: unit id}: a unit is named by its lowest partner id (also the tie-breaker).

    ``partners``: {partner id: VAT number or None}.
    """
    lowest = {}
    for partner, vat in partners.items():
        key = unit_key(partner, vat, identify_by)
        lowest[key] = min(lowest.get(key, partner), partner)
    return {p: lowest[unit_key(p, vat, identify_by)] for p, vat in partners.items()}


def _eligible(line, last, company_ids, brand_ids, move_types=("out_invoice", "out_refund")):
    return (
        line["state"] == "posted"
        and line["move_type"] in move_types
        and line.get("display_type", "product") == "product"
        and line["date"] <= last
        and not (company_ids and line["company"] not in company_ids)
        and not (brand_ids and line["brand"] not in brand_ids)
    )


def net_sales(lines, first, last, company_ids=None, brand_ids=None):
    """Eligible net sales per commercial partner.

    ``lines``: dicts with ``partner`` (commercial partner id), ``date`` (invoice date),
    ``move_type`` (out_invoice/out_refund/...), ``state``, ``display_type``, ``balance``
    (company currency, credit negative as in Odoo), ``company`` and ``brand``.
    Net sales = -balance of product lines of posted customer invoices and credit notes.
    """
    totals = defaultdict(Fraction)
    for line in lines:
        if _eligible(line, last, company_ids, brand_ids) and line["date"] >= first:
            totals[line["partner"]] -= Fraction(str(line["balance"]))
    return dict(totals)


def purchase_dates(lines, last, company_ids=None, brand_ids=None):
    """{commercial partner: invoice dates} of eligible invoices (not credit notes) <= last."""
    dates = defaultdict(set)
    for line in lines:
        if _eligible(line, last, company_ids, brand_ids, ("out_invoice",)):
            dates[line["partner"]].add(line["date"])
    return dict(dates)


def classify_abc(amounts, segments, min_net_sales=0, default_segment=None):
    """ABC segment of each unit.

    ``amounts``: {unit: amount}; the unit (its lowest partner id) breaks ties.
    ``segments``: [(segment, threshold percent)] in priority order, excluded ones left out.
    Units with amount <= 0 or below ``min_net_sales`` are out of the ranking and of the
    total; they get ``default_segment``.
    """
    minimum = Fraction(str(min_net_sales or 0))
    ranked = sorted(
        (
            (Fraction(str(amount)), unit)
            for unit, amount in amounts.items()
            if Fraction(str(amount)) > 0 and Fraction(str(amount)) >= minimum
        ),
        key=lambda item: (-item[0], item[1]),
    )
    total = sum(amount for amount, _unit in ranked)
    cumulative, acc = [], Fraction(0)
    for segment, threshold in segments:
        acc += Fraction(str(threshold))
        cumulative.append((segment, acc))
    result = dict.fromkeys(amounts, default_segment)
    before = Fraction(0)
    for amount, unit in ranked:
        # share before the unit, in percent, compared without division: before/total*100 < cum
        result[unit] = next(
            (segment for segment, cum in cumulative if cum * total > before * 100),
            default_segment,
        )
        before += amount
    return result


def recency_state(dates, run_date, window_days):
    """active / inactive / recovered, or None when never purchased (up to the run date).

    active: a purchase in (D-W, D] and not recovered; recovered: a purchase in (D-W, D]
    whose previous purchase before the window is more than W days older than the first
    purchase inside it; inactive: a purchase at any date before the window, none inside it.
    """
    window_start = run_date - timedelta(days=window_days)  # excluded
    dates = [d for d in dates if d <= run_date]
    inside = [d for d in dates if d > window_start]
    before = [d for d in dates if d <= window_start]
    if inside:
        if before and (min(inside) - max(before)).days > window_days:
            return RECOVERED
        return ACTIVE
    return INACTIVE if before else None


def classify(partners, lines, run_date, segment_type, period):
    """A whole run of a type: {partner id: (automatic segment, eligible amount)}.

    ``partners``: {commercial partner id: VAT} of the partners the run classifies (the
    company scope is applied by the caller). ``period``: (first, last) invoice dates.
    ``segment_type``: dict with ``kind`` ('abc' | 'recency'), ``identify_by``
    ('partner' | 'vat'), ``segments`` ([(segment, percent)] for ABC, {state: segment} for
    recency; excluded segments left out), and optional ``default``, ``min_net_sales``,
    ``company_ids``, ``brand_ids``, ``active_days``.
    """
    companies, brands = segment_type.get("company_ids"), segment_type.get("brand_ids")
    default = segment_type.get("default")
    minimum = Fraction(str(segment_type.get("min_net_sales") or 0))
    unit_of = units(partners, segment_type.get("identify_by", "partner"))
    sales = net_sales(lines, *period, company_ids=companies, brand_ids=brands)
    amounts = defaultdict(Fraction)
    for partner, unit in unit_of.items():
        amounts[unit] += sales.get(partner, Fraction(0))
    if segment_type["kind"] == "abc":
        by_unit = classify_abc(amounts, segment_type["segments"], minimum, default)
    else:
        dates = defaultdict(set)
        for partner, partner_dates in purchase_dates(lines, run_date, companies, brands).items():
            if partner in unit_of:
                dates[unit_of[partner]] |= partner_dates
        by_unit = {}
        for unit, amount in amounts.items():
            state = recency_state(dates.get(unit, ()), run_date, segment_type["active_days"])
            segment = segment_type["segments"].get(state)
            by_unit[unit] = segment if segment and (minimum <= 0 or amount >= minimum) else default
    return {p: (by_unit[unit], amounts[unit]) for p, unit in unit_of.items()}
