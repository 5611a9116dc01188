"""Dashboard helpers that need no ORM: period bounds, month buckets, XLSX export."""

import io
from datetime import date, timedelta

import xlsxwriter
from dateutil.relativedelta import relativedelta

PERIODS = ("this_month", "last_month", "last_12_months", "custom")
# a widget's period may not exceed this many days (keeps every widget a bounded query)
MAX_PERIOD_DAYS = 366 * 5


def period_bounds(period, today, date_from=None, date_to=None):
    """(first day, last day) of ``period`` seen on ``today`` (custom: the given dates)."""
    first_of_month = today.replace(day=1)
    if period == "this_month":
        return first_of_month, first_of_month + relativedelta(months=1, days=-1)
    if period == "last_month":
        return first_of_month - relativedelta(months=1), first_of_month - timedelta(days=1)
    if period == "last_12_months":
        # the current month and the 11 before it
        return first_of_month - relativedelta(months=11), first_of_month + relativedelta(
            months=1, days=-1
        )
    if period == "custom":
        if not (date_from and date_to):
            raise ValueError("a custom period needs both dates")
        return date_from, date_to
    raise ValueError(f"unknown period {period!r}")


def month_starts(date_from, date_to):
    """First day of every month that overlaps [date_from, date_to], in order."""
    month = date_from.replace(day=1)
    months = []
    while month <= date_to:
        months.append(month)
        month += relativedelta(months=1)
    return months


def _cell_format(workbook, kind, cache):
    if kind not in cache:
        num_format = {
            "monetary": "#,##0.00",
            "float": "#,##0.00",
            "percent": "0.0",
            "integer": "0",
        }.get(kind)
        cache[kind] = workbook.add_format({"num_format": num_format}) if num_format else None
    return cache[kind]


def figures_xlsx(figures):
    """The XLSX file (bytes) of a widget's figures: title, period, KPIs, then its table."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet((figures.get("name") or "Widget")[:31])
    bold = workbook.add_format({"bold": True})
    formats = {}
    sheet.write(0, 0, figures.get("name") or "", bold)
    sheet.write(1, 0, f"{figures.get('date_from')} - {figures.get('date_to')}")
    row = 3
    for kpi in figures.get("kpis") or []:
        sheet.write(row, 0, kpi.get("label") or "", bold)
        value = kpi.get("value")
        if value is not None:
            sheet.write(row, 1, value, _cell_format(workbook, kpi.get("type"), formats))
        row += 1
    table = figures.get("table")
    if table:
        row += 1
        columns = table.get("columns") or []
        for col, column in enumerate(columns):
            sheet.write(row, col, column.get("label") or "", bold)
        sheet.set_column(0, max(len(columns) - 1, 0), 18)
        for line in table.get("rows") or []:
            row += 1
            for col, value in enumerate(line.get("values") or []):
                if value is None:
                    continue
                kind = columns[col].get("type") if col < len(columns) else None
                sheet.write(row, col, value, _cell_format(workbook, kind, formats))
    workbook.close()
    return output.getvalue()


def as_date(value):
    """A date from a date or an ISO 'YYYY-MM-DD' string; ValueError otherwise."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    return date.fromisoformat(value)
