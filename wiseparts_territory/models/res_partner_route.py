# One file per feature extending res.partner (map and territories, geocoding, trips).
# pylint: disable=consider-merging-classes-inherited
import json
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_SLOT = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)-([01]?\d|2[0-4]):([0-5]\d)$")


def parse_visit_windows(text):
    """``{"mon": ["08:00-12:00", "14:00-18:00"], ...}`` -> ``{0: [(480, 720), (840, 1080)]}``;
    empty -> None (the trip's hours). Raises ValueError when malformed."""
    if not text or not text.strip():
        return None
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    windows = {}
    for day, slots in data.items():
        if day not in WEEKDAYS or not isinstance(slots, list):
            raise ValueError(day)
        for slot in slots:
            match = _SLOT.match(str(slot).strip())
            if not match:
                raise ValueError(slot)
            h1, m1, h2, m2 = map(int, match.groups())
            if h1 * 60 + m1 >= h2 * 60 + m2:
                raise ValueError(slot)
            windows.setdefault(WEEKDAYS.index(day), []).append((h1 * 60 + m1, h2 * 60 + m2))
    return windows


def parse_weekdays(text):
    """``"mon,thu"`` -> ``[0, 3]``. Raises ValueError when malformed."""
    days = [d.strip().lower() for d in (text or "").split(",") if d.strip()]
    if any(d not in WEEKDAYS for d in days):
        raise ValueError(text)
    return sorted({WEEKDAYS.index(d) for d in days})


class ResPartner(models.Model):
    _inherit = "res.partner"

    # JSON text rather than a one2many: it travels as one value through wiseparts_upsert and
    # XML-RPC, and the planner reads it without a query per customer.
    visit_windows = fields.Text(
        help='Opening hours for visits per weekday, as JSON, e.g. {"mon": ["08:00-12:00", '
        '"14:00-18:00"], "tue": ["08:00-12:00"]}. A weekday not listed: closed. Empty: the '
        "trip's working hours.",
    )
    visit_duration = fields.Integer(
        string="Visit Duration (min)", help="Minutes on site (empty: the trip's default)."
    )
    delivery_weekdays = fields.Char(
        help='Weekdays the customer is delivered, e.g. "mon,thu". Trips prefer the working '
        "day before a delivery.",
    )

    @api.constrains("visit_windows", "delivery_weekdays", "visit_duration")
    def _check_wiseparts_route_fields(self):
        for partner in self:
            try:
                parse_visit_windows(partner.visit_windows)
            except ValueError as error:
                raise ValidationError(
                    self.env._('Invalid visit windows, expected e.g. {"mon": ["08:00-12:00"]}.')
                ) from error
            try:
                parse_weekdays(partner.delivery_weekdays)
            except ValueError as error:
                raise ValidationError(
                    self.env._('Invalid delivery weekdays, expected e.g. "mon,thu".')
                ) from error
            if partner.visit_duration < 0:
                raise ValidationError(self.env._("The visit duration cannot be negative."))
