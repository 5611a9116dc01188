import json
import re
from collections import defaultdict
from datetime import UTC, datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..services import workload

ZIP_RE = re.compile(r"^[0-9A-Z-]+\*?$")


def polygon_sql_literal(geometry):
    """The outer ring of a GeoJSON Polygon as a PostgreSQL polygon literal
    ``((lon,lat),...)``; None when there is no geometry. Raises ValueError on anything
    that is not a Polygon with at least three points."""
    if not geometry:
        return None
    data = json.loads(geometry)
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    if data.get("type") != "Polygon" or not data.get("coordinates"):
        raise ValueError("not a GeoJSON Polygon")
    ring = data["coordinates"][0]
    points = [(float(lon), float(lat)) for lon, lat, *_rest in ring]
    if len({*points}) < 3:
        raise ValueError("a polygon needs at least three points")
    return "(" + ",".join(f"({lon!r},{lat!r})" for lon, lat in points) + ")"


def parse_zip_codes(text):
    """(exact codes, prefixes) from one code per line; a trailing * makes a prefix."""
    exact, prefixes = [], []
    for line in (text or "").splitlines():
        code = re.sub(r"\s+", "", line).upper()
        if not code:
            continue
        if not ZIP_RE.match(code):
            raise ValueError(code)
        if code.endswith("*"):
            prefixes.append(code[:-1])
        else:
            exact.append(code)
    return exact, prefixes


class WisepartsTerritory(models.Model):
    _name = "wiseparts.territory"
    _description = "Sales Territory"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(
        default=10, help="Where territories overlap, a customer belongs to the first one."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", tracking=True, check_company=True)
    zip_codes = fields.Text(
        string="ZIP Codes",
        help="One per line; a trailing * makes a prefix (69* covers 69001, 69100...).",
    )
    geometry = fields.Text(help="The territory's area drawn on the map (a GeoJSON Polygon).")
    color = fields.Integer()
    assign_new_customers = fields.Boolean(
        help="The territory's salesperson (and team) become those of new customers located "
        "in it that have none.",
    )
    partner_ids = fields.One2many(
        "res.partner", "wiseparts_territory_id", string="Customers in the Territory"
    )
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("wiseparts_territory_id", "in", self.ids)],
                ["wiseparts_territory_id"],
                ["__count"],
            )
        )
        for territory in self:
            territory.partner_count = counts.get(territory, 0)

    @api.constrains("zip_codes", "geometry")
    def _check_zip_codes_and_geometry(self):
        for territory in self:
            try:
                parse_zip_codes(territory.zip_codes)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Territory %(territory)s: %(code)s is not a ZIP code (letters, digits "
                        "and dashes, optionally ending with *).",
                        territory=territory.name,
                        code=error.args[0],
                    )
                ) from None
            try:
                polygon_sql_literal(territory.geometry)
            except (ValueError, TypeError, KeyError, AttributeError):
                raise ValidationError(
                    self.env._(
                        "Territory %(territory)s: its area must be a GeoJSON Polygon of at "
                        "least three points.",
                        territory=territory.name,
                    )
                ) from None

    @api.model_create_multi
    def create(self, vals_list):
        territories = super().create(vals_list)
        self.env["res.partner"]._wiseparts_assign_territories()
        return territories

    def write(self, vals):
        result = super().write(vals)
        if {"zip_codes", "geometry", "sequence", "active", "company_id"} & set(vals):
            self.env["res.partner"]._wiseparts_assign_territories()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["res.partner"]._wiseparts_assign_territories()
        return result

    def action_view_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wiseparts_base.res_partner_action_customers"
        )
        action["domain"] = [("wiseparts_territory_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def _territories_sql(self):
        """A VALUES table of the active territories, ``t(id, seq, company_id, poly, exact,
        prefixes)`` (sudo: the rule that places customers ignores the reader's rights)."""
        rows = []
        for territory in self.sudo().search([("active", "=", True)]):
            exact, prefixes = parse_zip_codes(territory.zip_codes)
            rows.append(
                SQL(
                    "(%s, %s, %s, %s::polygon, %s::varchar[], %s::varchar[])",
                    territory.id,
                    territory.sequence,
                    territory.company_id.id,
                    polygon_sql_literal(territory.geometry),
                    exact,
                    [prefix.replace("-", "\\-") + "%" for prefix in prefixes],
                )
            )
        if not rows:
            return None
        return SQL(
            "(VALUES %s) AS t(id, seq, company_id, poly, exact, prefixes)", SQL(", ").join(rows)
        )

    @api.model
    def workload(self, team_id, month=None):
        """Per member of the team: customers, visits needed per month (Σ 30.4 /
        visit_every_days over their customers), capacity (visits per day x working days of
        the member's working schedule in the month) and utilisation %. ``month``: any date of
        the month (default: this month)."""
        team = self._wiseparts_team(team_id)
        month_start = (fields.Date.to_date(month) or fields.Date.context_today(self)).replace(day=1)
        return self._workload(team, month_start)

    @api.model
    def propose_rebalance(self, team_id, month=None):
        """Moves [{"partner_id", "from_user_id", "to_user_id", "distance_km"}] that take
        customers from members above 100 % to the nearest members below it, never pushing a
        receiver above 100 %."""
        team = self._wiseparts_team(team_id)
        month_start = (fields.Date.to_date(month) or fields.Date.context_today(self)).replace(day=1)
        rows = self._workload(team, month_start)
        capacity = {row["user_id"]: row["capacity"] for row in rows}
        customers = self._workload_customers(list(capacity))
        return workload.propose_moves(customers, capacity)

    @api.model
    def _wiseparts_team(self, team_id):
        if not isinstance(team_id, int):
            raise UserError(self.env._("Workload: team_id must be the id of a sales team."))
        team = self.env["crm.team"].browse(team_id).exists()
        if not team:
            raise UserError(self.env._("Workload: sales team %(id)s does not exist.", id=team_id))
        team.check_access("read")
        return team

    @api.model
    def _workload_customers(self, user_ids):
        """(partner_id, user_id, latitude, longitude, visit_every_days) of the customers of
        ``user_ids`` (commercial partners that are customers). sudo-free SQL: the figures
        belong to the team page, which only team leaders and managers open."""
        self.env["res.partner"].flush_model(
            ["user_id", "partner_latitude", "partner_longitude", "visit_schedule_id"]
        )
        self.env["wiseparts.visit.schedule"].flush_model(["visit_every_days"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id, p.user_id,
                       CASE WHEN (p.partner_latitude, p.partner_longitude) <> (0, 0)
                            THEN p.partner_latitude END,
                       CASE WHEN (p.partner_latitude, p.partner_longitude) <> (0, 0)
                            THEN p.partner_longitude END,
                       s.visit_every_days
                  FROM res_partner p
                  LEFT JOIN wiseparts_visit_schedule s ON s.id = p.visit_schedule_id
                 WHERE p.user_id = ANY(%s) AND p.active AND p.customer_rank > 0
                   AND p.id = p.commercial_partner_id
                 ORDER BY p.id
                """,
                user_ids,
            )
        )
        return [tuple(row) for row in rows]

    @api.model
    def _workload(self, team, month_start):
        users = team.member_ids
        month_end = month_start + relativedelta(months=1)
        days = self._working_days(users, month_start, month_end)
        per_day = (
            team.company_id.wiseparts_visits_per_day or self.env.company.wiseparts_visits_per_day
        )
        customers = self._workload_customers(users.ids)
        count, needed = defaultdict(int), defaultdict(float)
        for _pid, user_id, _lat, _lon, every in customers:
            count[user_id] += 1
            needed[user_id] += workload.monthly_visits(every)
        rows = []
        for user in users.sorted("name"):
            capacity = float(per_day * days[user.id])
            rows.append(
                {
                    "user_id": user.id,
                    "name": user.name,
                    "customers": count[user.id],
                    "visits_needed": round(needed[user.id], 1),
                    "capacity": capacity,
                    "utilisation": round(100.0 * needed[user.id] / capacity, 1)
                    if capacity
                    else 0.0,
                }
            )
        return rows

    @api.model
    def _working_days(self, users, date_from, date_to):
        """{user id: working days in [date_from, date_to)} from each user's working schedule
        (their resource's, else their company's)."""
        resources = self.env["resource.resource"].sudo().search([("user_id", "in", users.ids)])
        calendar_of = {r.user_id.id: r.calendar_id for r in resources if r.calendar_id}
        start = datetime.combine(date_from, time.min).replace(tzinfo=UTC)
        stop = datetime.combine(date_to, time.min).replace(tzinfo=UTC)
        days_of_calendar = {}
        result = {}
        for user in users:
            calendar = calendar_of.get(user.id) or user.company_id.resource_calendar_id
            if not calendar:
                result[user.id] = 0
                continue
            if calendar not in days_of_calendar:
                intervals = calendar.sudo()._work_intervals_batch(start, stop)[False]
                days_of_calendar[calendar] = len({begin.date() for begin, _end, _rec in intervals})
            result[user.id] = days_of_calendar[calendar]
        return result
