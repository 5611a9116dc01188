"""Segment helpers without Odoo, used by the models.

* ``period_bounds``: the invoice dates a type looks at (rolling or fixed calendar years);
* ``check_thresholds``: the ABC thresholds of a type total exactly 100.

The classification itself exists once, in SQL (``wiseparts.segment.type._assignment_sql``);
its plain-Python reference, for tests only, is ``tests/segments_reference.py``.
"""

from datetime import date, timedelta
from fractions import Fraction

from dateutil.relativedelta import relativedelta


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


def check_thresholds(thresholds):
    """Total (Fraction) of the non-excluded thresholds; True when it is exactly 100."""
    total = sum((Fraction(str(t)) for t in thresholds), Fraction(0))
    return total, total == 100
