import logging
import re
from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..services import route as route_solver
from .res_partner_route import parse_visit_windows, parse_weekdays

_logger = logging.getLogger(__name__)

MAX_DAYS = 10
# urgency points for a customer whose sales fell to nothing (a fall by half: half of it)
SALES_TREND_WEIGHT = 10
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
DEFAULTS = {
    "day_start": "08:00",
    "day_end": "18:00",
    "dwell_minutes": 30,
    "daily_cap": 10,
    "speed_kmh": 50.0,
}


class WisepartsRoute(models.AbstractModel):
    _name = "wiseparts.route"
    _description = "WiseParts Trip Planner"

    # ---------------------------------------------------------------- inputs
    @api.model
    def _route_check_user(self, user_id):
        if not isinstance(user_id, int) or isinstance(user_id, bool):
            raise UserError(self.env._("The salesperson must be a user id."))
        user = self.env["res.users"].browse(user_id).exists()
        if not user:
            raise UserError(self.env._("This salesperson does not exist."))
        if user != self.env.user and not self.env["res.users"]._wiseparts_sees_all_customers():
            raise AccessError(self.env._("You can only plan your own trips."))
        return user

    @api.model
    def _route_dates(self, date_from, date_to):
        try:
            first, last = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("Dates must be given as YYYY-MM-DD.")) from error
        if not isinstance(first, date) or not isinstance(last, date) or last < first:
            raise UserError(self.env._("The last day must be on or after the first day."))
        if (last - first).days > 31:
            raise UserError(self.env._("A trip covers at most %s working days.", MAX_DAYS))
        return first, last

    @api.model
    def _route_options(self, options):
        options = dict(options or {})
        unknown = set(options) - set(DEFAULTS) - {"start", "end", "must_visit"}
        if unknown:
            raise UserError(self.env._("Unknown options: %s", ", ".join(sorted(unknown))))
        values = {**DEFAULTS, **{k: v for k, v in options.items() if k in DEFAULTS}}
        minutes = {}
        for key in ("day_start", "day_end"):
            match = _HHMM.match(str(values[key]))
            if not match:
                raise UserError(self.env._("%s must be given as HH:MM.", key))
            minutes[key] = int(match.group(1)) * 60 + int(match.group(2))
        if minutes["day_end"] <= minutes["day_start"]:
            raise UserError(self.env._("The day must end after it starts."))
        try:
            dwell = int(values["dwell_minutes"])
            cap = int(values["daily_cap"])
            speed = float(values["speed_kmh"])
        except (TypeError, ValueError) as error:
            raise UserError(
                self.env._("Time on site, daily cap and speed must be numbers.")
            ) from error
        if not (1 <= dwell <= 600 and 1 <= cap <= 100 and 5 <= speed <= 200):
            raise UserError(
                self.env._("Time on site must be 1-600 min, daily cap 1-100, speed 5-200 km/h.")
            )
        points = {}
        for key in ("start", "end"):
            point = options.get(key)
            if point is None:
                continue
            try:
                lat, lon = (float(x) for x in point)
            except (TypeError, ValueError) as error:
                raise UserError(self.env._("%s must be [latitude, longitude].", key)) from error
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise UserError(self.env._("%s must be [latitude, longitude].", key))
            points[key] = (lat, lon)
        must = options.get("must_visit") or []
        if not isinstance(must, list) or not all(
            isinstance(x, int) and not isinstance(x, bool) for x in must
        ):
            raise UserError(self.env._("must_visit must be a list of customer ids."))
        return {
            "day_start": minutes["day_start"],
            "day_end": minutes["day_end"],
            "dwell": dwell,
            "cap": cap,
            "speed": speed,
            "start": points.get("start"),
            "end": points.get("end"),
            "must_visit": set(must),
        }

    @api.model
    def _route_working_days(self, user, first, last):
        """The trip's dates that are working days of the user's schedule (their resource's
        calendar, else their company's), without public holidays / their time off."""
        resource = (
            self.env["resource.resource"]
            .sudo()
            .search(
                [("user_id", "=", user.id), ("company_id", "in", [user.company_id.id, False])],
                limit=1,
            )
        )
        calendar = resource.calendar_id or user.company_id.resource_calendar_id
        tz = pytz.timezone(user.tz or (calendar.tz if calendar else None) or "UTC")
        days = []
        current = first
        while current <= last:
            works = calendar._works_on_date(current) if calendar else current.weekday() < 5
            if works and calendar:
                noon = tz.localize(datetime.combine(current, time(12))).astimezone(pytz.UTC)
                noon = noon.replace(tzinfo=None)
                leave = (
                    self.env["resource.calendar.leaves"]
                    .sudo()
                    .search_count(
                        [
                            ("calendar_id", "in", [calendar.id, False]),
                            ("resource_id", "in", [resource.id, False] if resource else [False]),
                            ("date_from", "<=", noon),
                            ("date_to", ">=", noon),
                        ],
                        limit=1,
                    )
                )
                works = not leave
            if works:
                days.append(current)
            current += timedelta(days=1)
        if len(days) > MAX_DAYS:
            raise UserError(self.env._("A trip covers at most %s working days.", MAX_DAYS))
        working_weekdays = (
            {int(a.dayofweek) for a in calendar.attendance_ids} if calendar else set(range(5))
        )
        return days, working_weekdays or set(range(5))

    @api.model
    def _route_candidates(self, user, first, last, partner_ids):
        Partner = self.env["res.partner"]
        if partner_ids is not None:
            if not isinstance(partner_ids, list) or not all(
                isinstance(x, int) and not isinstance(x, bool) for x in partner_ids
            ):
                raise UserError(self.env._("partner_ids must be a list of customer ids."))
            partners = Partner.browse(partner_ids).exists()
            if len(partners) != len(set(partner_ids)):
                raise UserError(self.env._("Some customers do not exist."))
            return self._route_readable(partners)
        # the salesperson's customers due within the trip or overdue (visit planning of
        # wiseparts_activities), searched with the caller's rights
        return Partner.search(
            [
                ("user_id", "=", user.id),
                ("next_visit_date", "!=", False),
                ("next_visit_date", "<=", last),
            ],
            order="next_visit_date, id",
        )

    @api.model
    def _route_readable(self, partners):
        """``partners`` if the caller may read them all (record rules and the company's
        customer visibility, which also filters searches), else AccessError."""
        partners.check_access("read")
        readable = partners.with_context(active_test=False).search([("id", "in", partners.ids)])
        if len(readable) != len(partners):
            raise AccessError(self.env._("You cannot read some of these customers."))
        return partners

    @api.model
    def _route_sales_falls(self, partners, first):
        """``{partner id: fall}``: how much the customer's sales (posted invoices minus
        refunds, untaxed, company currency, of its commercial entity) of the 3 months before
        ``first`` fell against the same 3 months a year before, from 0 (as much or more, or
        nothing a year before) to 1 (nothing any more). One query for all customers."""
        if not partners:
            return {}
        recent_from = first - relativedelta(months=3)
        previous_from, previous_to = (
            first - relativedelta(months=15),
            first - relativedelta(months=12),
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH customers AS (
                    SELECT id, COALESCE(commercial_partner_id, id) AS commercial_id
                      FROM res_partner
                     WHERE id = ANY(%(ids)s)
                ),
                sales AS (
                    SELECT am.commercial_partner_id AS commercial_id,
                           SUM(-aml.balance) FILTER (
                               WHERE am.invoice_date >= %(recent_from)s
                           ) AS recent,
                           SUM(-aml.balance) FILTER (
                               WHERE am.invoice_date < %(previous_to)s
                           ) AS previous
                      FROM account_move_line aml
                      JOIN account_move am ON am.id = aml.move_id
                     WHERE aml.parent_state = 'posted' AND aml.display_type = 'product'
                       AND am.move_type IN ('out_invoice', 'out_refund')
                       AND am.commercial_partner_id IN (SELECT commercial_id FROM customers)
                       AND (am.invoice_date >= %(recent_from)s AND am.invoice_date < %(first)s
                            OR am.invoice_date >= %(previous_from)s
                               AND am.invoice_date < %(previous_to)s)
                     GROUP BY am.commercial_partner_id
                )
                SELECT c.id, LEAST(1, GREATEST(0, 1 - COALESCE(s.recent, 0) / s.previous))
                  FROM customers c
                  JOIN sales s ON s.commercial_id = c.commercial_id
                 WHERE s.previous > 0
                """,
                ids=partners.ids,
                first=first,
                recent_from=recent_from,
                previous_from=previous_from,
                previous_to=previous_to,
            )
        )
        return {partner_id: float(fall) for partner_id, fall in self.env.cr.fetchall()}

    # ---------------------------------------------------------------- planning
    @api.model
    def plan_trip(self, user_id, date_from, date_to, partner_ids=None, options=None):
        """Plan a multi-day visit trip (see the issue / readme for the JSON returned)."""
        user = self._route_check_user(user_id)
        first, last = self._route_dates(date_from, date_to)
        opts = self._route_options(options)
        dates, working_weekdays = self._route_working_days(user, first, last)
        partners = self._route_candidates(user, first, last, partner_ids)
        partners |= self._route_readable(
            self.env["res.partner"].browse(sorted(opts["must_visit"])).exists()
        )
        unplanned = []
        candidates = []
        falls = self._route_sales_falls(partners, first)
        for partner in partners.sudo():
            if not (partner.partner_latitude or partner.partner_longitude):
                unplanned.append({"partner_id": partner.id, "reason": self.env._("no coordinates")})
                continue
            overdue = (first - partner.next_visit_date).days if partner.next_visit_date else 0
            # urgency: days overdue at the trip's start (due during the trip: a little),
            # plus the visit segment's priority, plus the fall of its sales
            urgency = (
                max(0, overdue + len(dates))
                + 5 * (partner.visit_segment_priority or 0)
                + SALES_TREND_WEIGHT * falls.get(partner.id, 0.0)
            )
            candidates.append(
                {
                    "id": partner.id,
                    "lat": partner.partner_latitude,
                    "lon": partner.partner_longitude,
                    "windows": parse_visit_windows(partner.visit_windows),
                    "dwell": partner.visit_duration or opts["dwell"],
                    "urgency": urgency,
                    "must_visit": partner.id in opts["must_visit"],
                    "delivery_weekdays": parse_weekdays(partner.delivery_weekdays),
                }
            )
        start = opts["start"] or self._route_default_point(user, candidates)
        end = opts["end"] or start
        days = [
            {"date": d, "weekday": d.weekday(), "start": opts["day_start"], "end": opts["day_end"]}
            for d in dates
        ]
        client = self._route_client()
        try:
            plan = route_solver.solve(
                candidates,
                days,
                start,
                end,
                daily_cap=opts["cap"],
                speed_kmh=opts["speed"],
                default_dwell=opts["dwell"],
                matrix_client=client,
                working_weekdays=working_weekdays,
            )
        except route_solver.RoutingServerError as error:
            raise self._route_server_error(error) from error
        reasons = {
            route_solver.REASON_NO_HOURS: self.env._("no opening hours on the trip's days"),
            route_solver.REASON_UNREACHABLE: self.env._("not reachable in the day's hours"),
            route_solver.REASON_CAP: self.env._("cap reached"),
            route_solver.REASON_TIME: self.env._("no time left in the trip's days"),
            route_solver.REASON_NO_DAYS: self.env._("no working day in the trip"),
        }

        def stamp(day, minutes):
            moment = datetime.combine(day, time()) + timedelta(minutes=minutes)
            return moment.strftime("%Y-%m-%d %H:%M:%S")

        return {
            "start": list(start),
            "end": list(end),
            "days": [
                {
                    "date": day["date"].strftime("%Y-%m-%d"),
                    "stops": [
                        {
                            "partner_id": stop["id"],
                            "arrival": stamp(day["date"], stop["arrival"]),
                            "departure": stamp(day["date"], stop["departure"]),
                        }
                        for stop in day["stops"]
                    ],
                    "km": float(day["km"]),
                    "drive_minutes": int(day["drive_minutes"]),
                }
                for day in plan["days"]
            ],
            "unplanned": unplanned
            + [
                {"partner_id": row["id"], "reason": reasons.get(row["reason"], row["reason"])}
                for row in plan["unplanned"]
            ],
        }

    @api.model
    def _route_client(self):
        """The routing server (system parameter ``wiseparts_territory.routing_url``), None
        when none is set: straight-line distances x road factor then."""
        url = self.env["ir.config_parameter"].sudo().get_param("wiseparts_territory.routing_url")
        return route_solver.OsrmTableClient(url) if url else None

    @api.model
    def _route_server_error(self, error):
        return UserError(self.env._("The routing server did not answer: %s", error))

    @api.model
    def _route_matrix(self, points, speed_kmh):
        """(metres, minutes) between ``points`` ((lat, lon)) as plan_trip gets them: from the
        routing server when one is set (UserError when it fails, as plan_trip), else
        straight line x road factor at ``speed_kmh``."""
        try:
            return route_solver.travel_matrix(points, speed_kmh, client=self._route_client())
        except route_solver.RoutingServerError as error:
            raise self._route_server_error(error) from error

    @api.model
    def _route_default_point(self, user, candidates):
        company = user.company_id.partner_id.sudo()
        if company.partner_latitude or company.partner_longitude:
            return (company.partner_latitude, company.partner_longitude)
        if not candidates:
            return (0.0, 0.0)
        return (
            sum(c["lat"] for c in candidates) / len(candidates),
            sum(c["lon"] for c in candidates) / len(candidates),
        )

    # ---------------------------------------------------------------- saving
    @api.model
    def save_trip(self, user_id, date_from, date_to, plan):
        """Create the planned visits of ``plan`` (as returned by plan_trip, possibly edited)
        and remove the still planned visits of an earlier plan of the same trip (same
        salesperson and dates). Returns the ids of the created activities."""
        user = self._route_check_user(user_id)
        first, last = self._route_dates(date_from, date_to)
        if not isinstance(plan, dict) or not isinstance(plan.get("days"), list):
            raise UserError(self.env._("The plan must be the result of plan_trip."))
        ref = f"{user.id}/{first}/{last}"
        tz = pytz.timezone(user.tz or "UTC")
        Activity = self.env["wiseparts.activity"]
        visit_type = self.env.ref("wiseparts_activities.activity_type_visit")
        values = []
        for day in plan["days"]:
            for stop in day.get("stops") or []:
                try:
                    start = datetime.strptime(stop["arrival"], "%Y-%m-%d %H:%M:%S")
                    stop_at = datetime.strptime(stop["departure"], "%Y-%m-%d %H:%M:%S")
                    partner_id = int(stop["partner_id"])
                except (KeyError, TypeError, ValueError) as error:
                    raise UserError(
                        self.env._("The plan must be the result of plan_trip.")
                    ) from error
                if not first <= start.date() <= last or stop_at < start:
                    raise UserError(self.env._("A visit is outside the trip's days."))
                values.append(
                    {
                        "type_id": visit_type.id,
                        "partner_id": partner_id,
                        "user_id": user.id,
                        "start": tz.localize(start).astimezone(pytz.UTC).replace(tzinfo=None),
                        "stop": tz.localize(stop_at).astimezone(pytz.UTC).replace(tzinfo=None),
                        "wiseparts_trip_ref": ref,
                    }
                )
        partners = self.env["res.partner"].browse([v["partner_id"] for v in values])
        self._route_readable(partners)
        Activity.search([("wiseparts_trip_ref", "=", ref), ("state", "=", "planned")]).unlink()
        return Activity.create(values).ids
