from datetime import datetime, time, timedelta
from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.res_partner_route import parse_visit_windows


def _hhmm(hours):
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class WisepartsTrip(models.TransientModel):
    """Plan a trip: the wizard's options, then the result screen (the trip's stops as a kanban
    with one column per day, see ``wiseparts.trip.stop``)."""

    _name = "wiseparts.trip"
    _description = "Plan a Trip"

    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    date_from = fields.Date(string="First Day", required=True, default=fields.Date.context_today)
    date_to = fields.Date(
        string="Last Day",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=4),
    )
    start_partner_id = fields.Many2one(
        "res.partner",
        string="Start Point",
        help="The office, the salesperson's home or any address with coordinates "
        "(empty: the company's address).",
    )
    end_partner_id = fields.Many2one(
        "res.partner", string="End Point", help="Empty: the start point."
    )
    day_start = fields.Float(string="Day Starts", default=8.0, required=True)
    day_end = fields.Float(string="Day Ends", default=18.0, required=True)
    dwell_minutes = fields.Integer(string="Time on Site (min)", default=30, required=True)
    daily_cap = fields.Integer(string="Visits a Day", default=10, required=True)
    speed_kmh = fields.Float(string="Average Speed (km/h)", default=50.0, required=True)
    planned_points = fields.Json(
        string="Planned Start and End",
        help="The start and end points the planner used ([lat, lon] each): moving a stop "
        "recomputes from the same points.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "wiseparts_trip_partner_rel",
        "trip_id",
        "partner_id",
        string="Customers",
        help="Empty: the salesperson's customers due within the trip or overdue.",
    )
    must_visit_ids = fields.Many2many(
        "res.partner",
        "wiseparts_trip_must_visit_rel",
        "trip_id",
        "partner_id",
        string="Must-Visit Customers",
    )
    day_ids = fields.One2many("wiseparts.trip.day", "trip_id", string="Days")
    stop_ids = fields.One2many("wiseparts.trip.stop", "trip_id", string="Stops")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_ids"):
            values["partner_ids"] = [fields.Command.set(context["active_ids"])]
        return values

    def _point(self, partner, label):
        if not partner:
            return None
        if not (partner.partner_latitude or partner.partner_longitude):
            raise UserError(
                self.env._(
                    "%(field)s: %(partner)s has no coordinates.", field=label, partner=partner.name
                )
            )
        return [partner.partner_latitude, partner.partner_longitude]

    def _options(self):
        options = {
            "day_start": _hhmm(self.day_start),
            "day_end": _hhmm(self.day_end),
            "dwell_minutes": self.dwell_minutes,
            "daily_cap": self.daily_cap,
            "speed_kmh": self.speed_kmh,
            "must_visit": self.must_visit_ids.ids,
        }
        start = self._point(self.start_partner_id, self.env._("Start Point"))
        end = self._point(self.end_partner_id, self.env._("End Point"))
        if start:
            options["start"] = start
        if end:
            options["end"] = end
        return options

    def _points(self):
        """(start, end) as actually used by plan_trip: as it returned them once planned (the
        middle of the candidates it kept when the company has no coordinates)."""
        if self.planned_points:
            return tuple(self.planned_points["start"]), tuple(self.planned_points["end"])
        Route = self.env["wiseparts.route"]
        start = self._point(self.start_partner_id, "") or Route._route_default_point(
            self.user_id,
            [
                {"lat": s.partner_id.partner_latitude, "lon": s.partner_id.partner_longitude}
                for s in self.stop_ids
            ],
        )
        end = self._point(self.end_partner_id, "") or start
        return tuple(start), tuple(end)

    def action_plan(self):
        self.ensure_one()
        plan = self.env["wiseparts.route"].plan_trip(
            self.user_id.id,
            fields.Date.to_string(self.date_from),
            fields.Date.to_string(self.date_to),
            partner_ids=self.partner_ids.ids or None,
            options=self._options(),
        )
        self.day_ids.unlink()
        self.stop_ids.unlink()
        self.planned_points = {"start": plan["start"], "end": plan["end"]}
        days = self.env["wiseparts.trip.day"].create(
            [
                {"trip_id": self.id, "sequence": n, "date": day["date"]}
                for n, day in enumerate(plan["days"])
            ]
        )
        stops = []
        for day, planned in zip(days, plan["days"], strict=True):
            stops += [
                {
                    "trip_id": self.id,
                    "day_id": day.id,
                    "sequence": n,
                    "partner_id": stop["partner_id"],
                }
                for n, stop in enumerate(planned["stops"])
            ]
        stops += [
            {"trip_id": self.id, "partner_id": row["partner_id"], "reason": row["reason"]}
            for row in plan["unplanned"]
        ]
        self.env["wiseparts.trip.stop"].with_context(wiseparts_trip_no_recompute=True).create(stops)
        days._recompute()
        return self.action_open_result()

    def action_open_result(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Trip of %s", self.user_id.name),
            "res_model": "wiseparts.trip.stop",
            "view_mode": "kanban",
            "views": [
                (self.env.ref("wiseparts_territory.wiseparts_trip_stop_kanban").id, "kanban")
            ],
            "domain": [("trip_id", "=", self.id)],
            "context": {
                "group_by": "day_id",
                "wiseparts_trip_id": self.id,
                "default_trip_id": self.id,
                "create": False,
            },
            "target": "current",
        }

    def action_show_map(self):
        """The map with the trip's days drawn (see ``wiseparts_map_route``)."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "wiseparts_territory_map",
            "name": self.env._("Trip of %s", self.user_id.name),
            "context": {"wiseparts_trip_id": self.id},
        }

    def wiseparts_map_route(self):
        """The trip's days for the map: start and end points, and each day's stops in their
        order with their coordinates and arrival time."""
        self.ensure_one()
        start, end = self._points()
        return {
            "start": list(start),
            "end": list(end),
            "days": [
                {
                    "id": day.id,
                    "label": day.display_name,
                    "stops": [
                        {
                            "partner_id": stop.partner_id.id,
                            "name": stop.partner_id.display_name,
                            "lat": stop.partner_id.partner_latitude,
                            "lon": stop.partner_id.partner_longitude,
                            "arrival": _hhmm(stop.arrival),
                        }
                        for stop in day.stop_ids.sorted(lambda s: (s.sequence, s.id))
                    ],
                }
                for day in self.day_ids
            ],
        }

    def action_save(self):
        self.ensure_one()
        plan = {
            "days": [
                {
                    "date": fields.Date.to_string(day.date),
                    "stops": [
                        {
                            "partner_id": stop.partner_id.id,
                            "arrival": day._stamp(stop.arrival),
                            "departure": day._stamp(stop.departure),
                        }
                        for stop in day.stop_ids.sorted(lambda s: (s.sequence, s.id))
                    ],
                }
                for day in self.day_ids
            ]
        }
        ids = self.env["wiseparts.route"].save_trip(
            self.user_id.id,
            fields.Date.to_string(self.date_from),
            fields.Date.to_string(self.date_to),
            plan,
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Planned Visits"),
            "res_model": "wiseparts.activity",
            "view_mode": "calendar,list,form",
            "views": [(False, "calendar"), (False, "list"), (False, "form")],
            "domain": [("id", "in", ids)],
            "context": {"initial_date": fields.Date.to_string(self.date_from)},
            "target": "current",
        }


class WisepartsTripDay(models.TransientModel):
    _name = "wiseparts.trip.day"
    _description = "Day of a Planned Trip"
    _order = "sequence, id"

    trip_id = fields.Many2one("wiseparts.trip", required=True, ondelete="cascade")
    sequence = fields.Integer()
    date = fields.Date(required=True)
    stop_ids = fields.One2many("wiseparts.trip.stop", "day_id", string="Stops")
    km = fields.Float(digits=(16, 1))
    drive_minutes = fields.Integer(string="Drive Time (min)")

    @api.depends("date", "km", "drive_minutes", "stop_ids")
    def _compute_display_name(self):
        for day in self:
            km = f"{day.km:.1f}"
            day.display_name = day.env._(
                "%(date)s · %(stops)s stop(s) · %(km)s km · %(drive)s drive",
                date=day.date.strftime("%a %d/%m") if day.date else "",
                stops=len(day.stop_ids),
                km=km,
                drive=_hhmm(day.drive_minutes / 60),
            )

    def _stamp(self, hours):
        moment = datetime.combine(self.date, time()) + timedelta(minutes=round(hours * 60))
        return moment.strftime("%Y-%m-%d %H:%M:%S")

    def _recompute(self):
        """Arrival and departure times, km and drive time of the days' stops in their order,
        with the planner's distances and times (the routing server's when one is set, else
        straight line x road factor at the trip's speed; one matrix a day), waiting for the
        customer's opening; stops that end up outside the customer's hours or the day's are
        flagged."""
        Route = self.env["wiseparts.route"]
        for day in self:
            trip = day.trip_id
            stops = day.stop_ids.sorted(lambda s: (s.sequence, s.id))
            if not stops:
                day.write({"km": 0.0, "drive_minutes": 0})
                continue
            start, end = trip._points()
            points = [
                start,
                *((s.partner_id.partner_latitude, s.partner_id.partner_longitude) for s in stops),
                end,
            ]
            metres, minutes = Route._route_matrix(points, trip.speed_kmh)
            legs = list(pairwise(range(len(points))))  # start -> stop 1 -> ... -> end
            now = trip.day_start * 60
            for (here, there), stop in zip(legs, stops, strict=False):
                partner = stop.partner_id
                arrival = now + minutes[here][there]
                windows = parse_visit_windows(partner.visit_windows)
                spans = (
                    [(trip.day_start * 60, trip.day_end * 60)]
                    if windows is None
                    else windows.get(day.date.weekday(), [])
                )
                opening = next((s for s, e in sorted(spans) if arrival <= e), None)
                if opening is not None:
                    arrival = max(arrival, opening)
                dwell = partner.visit_duration or trip.dwell_minutes
                departure = arrival + dwell
                inside = any(s <= arrival <= e for s, e in spans)
                stop.with_context(wiseparts_trip_no_recompute=True).write(
                    {
                        "arrival": arrival / 60,
                        "departure": departure / 60,
                        "outside_hours": not inside or departure > trip.day_end * 60,
                        "reason": False,
                    }
                )
                now = departure
            day.write(
                {
                    "km": round(sum(metres[i][j] for i, j in legs) / 1000.0, 1),
                    "drive_minutes": sum(minutes[i][j] for i, j in legs),
                }
            )


class WisepartsTripStop(models.TransientModel):
    _name = "wiseparts.trip.stop"
    _description = "Stop of a Planned Trip"
    _order = "sequence, id"

    trip_id = fields.Many2one("wiseparts.trip", required=True, ondelete="cascade")
    day_id = fields.Many2one(
        "wiseparts.trip.day",
        ondelete="set null",
        group_expand="_read_group_day_id",
        domain="[('trip_id', '=', trip_id)]",
    )
    sequence = fields.Integer()
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    city = fields.Char(related="partner_id.city")
    arrival = fields.Float()
    departure = fields.Float()
    outside_hours = fields.Boolean(string="Outside Opening Hours")
    reason = fields.Char(string="Not Planned Because")

    @api.model
    def _read_group_day_id(self, days, domain):
        trip_id = self.env.context.get("wiseparts_trip_id")
        if not trip_id:
            return days
        return self.env["wiseparts.trip.day"].search([("trip_id", "=", trip_id)])

    def write(self, vals):
        days = self.day_id
        result = super().write(vals)
        if not self.env.context.get("wiseparts_trip_no_recompute") and (
            {"day_id", "sequence"} & set(vals)
        ):
            moved = (days | self.day_id).exists()
            if self.trip_id.day_ids and len(self.trip_id) == 1:
                cap = self.trip_id.daily_cap
                for day in moved:
                    if len(day.stop_ids) > cap:
                        raise UserError(
                            self.env._(
                                "%(day)s: at most %(cap)s visits a day.",
                                day=day.display_name,
                                cap=cap,
                            )
                        )
            moved._recompute()
            self.filtered(lambda s: not s.day_id).write(
                {"arrival": 0, "departure": 0, "outside_hours": False}
            )
        return result

    def _context_trip(self):
        trip = self.env["wiseparts.trip"].browse(self.env.context.get("wiseparts_trip_id"))
        if not trip.exists():
            raise UserError(self.env._("This trip is no longer available: plan it again."))
        return trip

    def action_save_trip(self):
        return self._context_trip().action_save()

    def action_show_trip_map(self):
        return self._context_trip().action_show_map()
