import json
import math
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..services import route as route_solver
from .common import TerritoryCommon


def _rep_customers(env, user, count=4):
    """Customers of ``user`` around Lyon, due on 2026-03-01."""
    return env["res.partner"].create(
        [
            {
                "name": f"Route Garage {n}",
                "is_company": True,
                "customer_rank": 1,
                "user_id": user.id,
                "partner_latitude": 45.75 + 0.02 * n,
                "partner_longitude": 4.85 + 0.01 * n,
                "next_visit_date": "2026-03-01",
            }
            for n in range(1, count + 1)
        ]
    )


class FakeOsrm(BaseHTTPRequestHandler):
    """An OSRM ``table`` service: 7 km and 10 min between any two points (the customers of
    these tests are 0-3 km apart in straight line). Records each request's points."""

    requests = []

    def do_GET(self):
        coords = self.path.split("?")[0].split("/table/v1/driving/")[1].split(";")
        points = [tuple(float(x) for x in reversed(c.split(","))) for c in coords]
        FakeOsrm.requests.append(points)
        size = len(points)
        body = {
            "code": "Ok",
            "durations": [[0 if i == j else 600 for j in range(size)] for i in range(size)],
            "distances": [[0 if i == j else 7000 for j in range(size)] for i in range(size)],
        }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestRoute(TerritoryCommon, HttpCase):
    """plan_trip over XML-RPC as a sales rep (their own customers, their timezone), rights,
    saving to the calendar and re-planning."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_rep.tz = "Europe/Paris"
        cls.customers = _rep_customers(cls.env, cls.user_rep, 3)
        cls.Route = cls.env["wiseparts.route"]
        cls.rep = new_test_user(
            cls.env,
            login="wp_route_rep",
            groups="sales_team.group_sale_salesman",
            name="Rhonda Route",
            tz="Europe/Paris",
        )
        cls.other = new_test_user(
            cls.env,
            login="wp_route_other",
            groups="sales_team.group_sale_salesman",
            name="Otto Other",
        )
        cls.rpc_customers = _rep_customers(cls.env, cls.rep)
        cls.rpc_customers[0].visit_windows = '{"mon": ["08:00-10:00"], "tue": ["08:00-10:00"]}'
        cls.rpc_customers[1].visit_windows = '{"sat": ["08:00-12:00"]}'

    def _rpc(self, login, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, login, "wiseparts.route", method, list(args), kwargs
        )

    def test_plan_trip_rpc(self):
        # Fri 6 - Mon 9 March 2026: the weekend is off in the company's working schedule
        plan = self._rpc(
            "wp_route_rep",
            "plan_trip",
            self.rep.id,
            "2026-03-06",
            "2026-03-09",
            options={
                "start": [45.75, 4.85],
                "day_start": "08:00",
                "day_end": "17:00",
                "daily_cap": 2,
            },
        )
        self.assertEqual([d["date"] for d in plan["days"]], ["2026-03-06", "2026-03-09"])
        stops = {s["partner_id"]: s for d in plan["days"] for s in d["stops"]}
        unplanned = {u["partner_id"]: u["reason"] for u in plan["unplanned"]}
        c1, c2, c3, c4 = self.rpc_customers.ids
        self.assertEqual(unplanned, {c2: "no opening hours on the trip's days"})
        self.assertEqual(set(stops), {c1, c3, c4})
        # open Mon/Tue 08:00-10:00 only: Monday morning, local time
        self.assertRegex(stops[c1]["arrival"], r"^2026-03-09 0[89]:\d\d:00$")
        for day in plan["days"]:
            self.assertLessEqual(len(day["stops"]), 2)
            for stop in day["stops"]:
                self.assertGreaterEqual(stop["arrival"], day["date"] + " 08:00:00")
                self.assertLessEqual(stop["departure"], day["date"] + " 17:00:00")
            if day["stops"]:
                self.assertGreater(day["km"], 0)
                self.assertGreater(day["drive_minutes"], 0)

    def test_plan_trip_rights_rpc(self):
        with mute_logger("odoo.http"), self.assertRaises(Exception) as caught:
            self._rpc("wp_route_other", "plan_trip", self.rep.id, "2026-03-06", "2026-03-09")
        self.assertIn("only plan your own trips", str(caught.exception))

    def test_validation(self):
        Route = self.Route.with_user(self.user_rep)
        with self.assertRaises(UserError):
            Route.plan_trip(self.user_rep.id, "2026-03-09", "2026-03-06")
        with self.assertRaises(UserError):
            Route.plan_trip(self.user_rep.id, "2026-03-02", "2026-03-02", options={"x": 1})
        with self.assertRaises(UserError):
            Route.plan_trip(self.user_rep.id, "2026-03-02", "2026-03-20")  # > 10 working days
        with self.assertRaises(ValidationError):
            self.customers[0].visit_windows = '{"mon": ["12:00-08:00"]}'
        with self.assertRaises(ValidationError):
            self.customers[0].delivery_weekdays = "monday"

    def test_rights(self):
        self.env.company.wiseparts_customer_visibility = "own"
        self.c3.customer_rank = 1  # a customer of Oscar's: hidden from Rita
        Route = self.Route.with_user(self.user_rep)
        with self.assertRaises(AccessError):
            Route.plan_trip(self.user_rep2.id, "2026-03-02", "2026-03-03")
        with self.assertRaises(AccessError):  # Oscar's customer
            Route.plan_trip(self.user_rep.id, "2026-03-02", "2026-03-03", partner_ids=[self.c3.id])
        # a manager may plan a rep's trip
        plan = self.Route.with_user(self.user_manager).plan_trip(
            self.user_rep.id, "2026-03-02", "2026-03-02"
        )
        self.assertEqual(len(plan["days"][0]["stops"]), 3)

    def test_save_and_replan(self):
        Route = self.Route.with_user(self.user_rep)
        plan = Route.plan_trip(
            self.user_rep.id, "2026-03-02", "2026-03-03", options={"start": [45.75, 4.85]}
        )
        ids = Route.save_trip(self.user_rep.id, "2026-03-02", "2026-03-03", plan)
        first = self.env["wiseparts.activity"].browse(ids)
        self.assertEqual(len(first), 3)
        self.assertEqual(first.partner_id, self.customers)
        self.assertEqual(
            set(first.mapped("wiseparts_trip_ref")), {f"{self.user_rep.id}/2026-03-02/2026-03-03"}
        )
        stop = next(s for d in plan["days"] for s in d["stops"])
        activity = first.filtered(lambda a: a.partner_id.id == stop["partner_id"])
        # stored in UTC: Paris is UTC+1 in March
        local = stop["arrival"]
        self.assertEqual(
            activity.start.strftime("%Y-%m-%d %H:%M:%S"),
            f"{local[:11]}{int(local[11:13]) - 1:02d}{local[13:]}",
        )
        # re-plan with one customer less: the earlier visits are replaced
        plan2 = Route.plan_trip(
            self.user_rep.id,
            "2026-03-02",
            "2026-03-03",
            partner_ids=self.customers[:2].ids,
            options={"start": [45.75, 4.85]},
        )
        ids2 = Route.save_trip(self.user_rep.id, "2026-03-02", "2026-03-03", plan2)
        self.assertFalse(first.exists())
        second = self.env["wiseparts.activity"].browse(ids2)
        self.assertEqual(second.partner_id, self.customers[:2])
        self.assertEqual(second.mapped("state"), ["planned", "planned"])
        with self.assertRaises(AccessError):
            Route.save_trip(self.user_rep2.id, "2026-03-02", "2026-03-03", plan2)

    def test_sales_trend(self):
        """Urgency adds the fall of the customer's sales (Dec-Feb before the trip against the
        same months a year before): the customer whose sales fell most is visited first."""
        c1, c2, c3 = self.customers
        branch = self.env["res.partner"].create({"name": "Branch of 2", "parent_id": c2.id})
        self._invoices(
            [
                (c1, "2025-01-15", 1000),
                (c1, "2026-01-15", 250),  # fell by 75 %
                (c2, "2025-02-10", 400),
                (branch, "2025-02-12", 400),  # its commercial entity's sales
                (c2, "2025-02-20", 200, "out_refund"),  # 600 a year before, none now: 100 %
                (c2, "2025-06-01", 5000),  # outside both periods
                (c3, "2026-01-15", 500),  # nothing a year before: no fall
            ]
        )
        self._invoices([(c3, "2025-01-10", 900)], post=False)  # drafts do not count
        Route = self.Route.with_user(self.user_rep)
        falls = Route._route_sales_falls(self.customers, date(2026, 3, 2))
        self.assertEqual(falls, {c1.id: 0.75, c2.id: 1.0})
        # same due date and segment: with room for one visit, the fallen customer is planned
        plan = Route.plan_trip(
            self.user_rep.id, "2026-03-02", "2026-03-02", options={"daily_cap": 1}
        )
        self.assertEqual([s["partner_id"] for s in plan["days"][0]["stops"]], [c2.id])
        self._invoices([(c2, "2026-02-01", 600)])  # back to the same sales
        plan = Route.plan_trip(
            self.user_rep.id, "2026-03-02", "2026-03-02", options={"daily_cap": 1}
        )
        self.assertEqual([s["partner_id"] for s in plan["days"][0]["stops"]], [c1.id])


@tagged("post_install", "-at_install")
class TestTripTour(TerritoryCommon, HttpCase):
    """A sales rep selects an area on the map, plans a 3-day trip with its customers, moves a
    stop to another day on the result screen (drag and drop), sees a day's route on the map
    and saves the trip: the visits are in the calendar."""

    def test_plan_move_save(self):
        # tiles from a local image: no request leaves the machine
        self.env["ir.config_parameter"].sudo().set_param(
            "leaflet.tile_url", "/web/static/img/transparent.png?{z}/{x}/{y}"
        )
        rep = new_test_user(
            self.env,
            login="wp_trip_rep",
            groups="sales_team.group_sale_salesman",
            name="Tristan Trip",
            tz="Europe/Paris",
        )
        garages = self.env["res.partner"].create(
            [
                {
                    "name": f"Trip Garage {n}",
                    "is_company": True,
                    "customer_rank": 1,
                    "user_id": rep.id,
                    "partner_latitude": 45.75 + 0.01 * n,
                    "partner_longitude": 4.85 + 0.01 * n,
                    "next_visit_date": "2026-03-01",
                    "visit_windows": '{"mon": ["08:00-18:00"]}',
                }
                for n in range(1, 5)
            ]
        )
        self.start_tour(
            "/odoo/action-wiseparts_territory.wiseparts_territory_map_action",
            "wiseparts_territory_trip",
            login="wp_trip_rep",
        )
        visits = self.env["wiseparts.activity"].search([("partner_id", "in", garages.ids)])
        self.assertEqual(visits.partner_id, garages)
        self.assertEqual(set(visits.mapped("state")), {"planned"})
        self.assertEqual(set(visits.mapped("user_id")), {rep})
        days = {v.partner_id.name: v.start.date().isoformat() for v in visits}
        self.assertEqual(
            days,
            {
                "Trip Garage 1": "2026-03-09",
                "Trip Garage 2": "2026-03-11",
                "Trip Garage 3": "2026-03-09",
                "Trip Garage 4": "2026-03-09",
            },
        )
        self.assertTrue(all(visits.mapped("calendar_event_id")))


@tagged("post_install", "-at_install")
class TestTripWizard(TerritoryCommon):
    """The Plan a Trip wizard as a sales rep: plan, move a stop (times and km recomputed, the
    daily cap kept), save; bad start point refused."""

    def test_plan_move_save(self):
        self.user_rep.tz = "Europe/Paris"
        customers = _rep_customers(self.env, self.user_rep, 3)
        Trip = self.env["wiseparts.trip"].with_user(self.user_rep)
        trip = Trip.create(
            {
                "date_from": "2026-03-09",
                "date_to": "2026-03-10",
                "daily_cap": 2,
                "day_start": 9.0,
                "start_partner_id": customers[0].id,
            }
        )
        action = trip.action_plan()
        self.assertEqual(action["res_model"], "wiseparts.trip.stop")
        self.assertEqual(len(trip.day_ids), 2)
        self.assertEqual(trip.stop_ids.partner_id, customers)
        self.assertEqual(sorted(len(d.stop_ids) for d in trip.day_ids), [1, 2])
        full, other = trip.day_ids.sorted(lambda d: -len(d.stop_ids))
        first = full.stop_ids.sorted("sequence")[0]
        self.assertGreaterEqual(first.arrival, 9.0)
        self.assertLess(first.arrival, first.departure)
        # the columns of the result screen: every day, even an empty one
        Stop = self.env["wiseparts.trip.stop"].with_user(self.user_rep)
        groups = Stop.with_context(wiseparts_trip_id=trip.id).read_group(
            [("trip_id", "=", trip.id)], ["day_id"], ["day_id"]
        )
        self.assertEqual([g["day_id"][0] for g in groups], trip.day_ids.ids)
        # move a stop to the other day: its times and km recomputed
        other_km = other.km
        first.day_id = other
        self.assertEqual(len(other.stop_ids), 2)
        self.assertNotEqual(other.km, other_km)
        self.assertEqual(len(full.stop_ids), 1)
        # the map draws each day's stops in their order, from the start point
        route = trip.wiseparts_map_route()
        self.assertEqual(
            route["start"], [customers[0].partner_latitude, customers[0].partner_longitude]
        )
        self.assertEqual(
            [[s["partner_id"] for s in day["stops"]] for day in route["days"]],
            [d.stop_ids.sorted(lambda s: (s.sequence, s.id)).partner_id.ids for d in trip.day_ids],
        )
        stop = route["days"][1]["stops"][0]
        partner = self.env["res.partner"].browse(stop["partner_id"])
        self.assertEqual(
            [stop["lat"], stop["lon"]], [partner.partner_latitude, partner.partner_longitude]
        )
        action = Stop.with_context(wiseparts_trip_id=trip.id).action_show_trip_map()
        self.assertEqual(action["context"], {"wiseparts_trip_id": trip.id})
        # the other day is now full (cap 2): a third stop is refused
        with self.assertRaises(UserError):
            full.stop_ids.day_id = other
        ids = (
            Stop.browse(trip.stop_ids.ids)
            .with_context(wiseparts_trip_id=trip.id)
            .action_save_trip()["domain"][0][2]
        )
        visits = self.env["wiseparts.activity"].browse(ids)
        self.assertEqual(visits.partner_id, customers)
        moved = visits.filtered(lambda v: v.partner_id == first.partner_id)
        self.assertEqual(moved.start.date(), other.date)
        # another rep does not see this trip
        with self.assertRaises(AccessError):
            trip.with_user(self.user_rep2).read(["date_from"])

    def test_move_with_routing_server(self):
        """With a routing server, moving a stop recomputes its day with the server's km and
        times (one table call: start, the day's stops in order, end); without one, with
        straight-line distances x 1.3; a server that fails refuses the move."""
        server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsrm)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param(
            "wiseparts_territory.routing_url", f"http://127.0.0.1:{server.server_address[1]}"
        )
        customers = _rep_customers(self.env, self.user_rep, 3)
        customers.visit_duration = 20
        trip = (
            self.env["wiseparts.trip"]
            .with_user(self.user_rep)
            .create(
                {
                    "date_from": "2026-03-09",
                    "date_to": "2026-03-10",
                    "daily_cap": 2,
                    "day_start": 9.0,
                    "start_partner_id": customers[0].id,
                }
            )
        )
        trip.action_plan()
        full, other = trip.day_ids.sorted(lambda d: -len(d.stop_ids))
        self.assertEqual((full.km, full.drive_minutes), (21.0, 30))  # 3 legs of 7 km, 10 min
        self.assertEqual((other.km, other.drive_minutes), (14.0, 20))
        moved = full.stop_ids.sorted("sequence")[0]
        FakeOsrm.requests = []
        moved.day_id = other
        stops = other.stop_ids.sorted(lambda s: (s.sequence, s.id))
        start = (customers[0].partner_latitude, customers[0].partner_longitude)
        points = [
            start,
            *((s.partner_id.partner_latitude, s.partner_id.partner_longitude) for s in stops),
            start,
        ]
        self.assertIn(points, FakeOsrm.requests)
        self.assertEqual(len(FakeOsrm.requests), 2)  # one call for each day changed
        self.assertEqual((other.km, other.drive_minutes), (21.0, 30))
        self.assertEqual((full.km, full.drive_minutes), (14.0, 20))
        self.assertAlmostEqual(stops[0].arrival, 9 + 10 / 60)
        self.assertAlmostEqual(stops[1].arrival, stops[0].departure + 10 / 60)
        self.assertAlmostEqual(stops[1].departure, stops[1].arrival + 20 / 60)

        # no routing server: straight line x 1.3 at the trip's speed
        Param.set_param("wiseparts_territory.routing_url", False)
        FakeOsrm.requests = []
        stops[1].sequence = -1
        stops = stops[1] + stops[0]
        points = [points[0], points[2], points[1], points[3]]
        legs_km = [
            route_solver.haversine_km(*a, *b) * route_solver.ROAD_FACTOR
            for a, b in pairwise(points)
        ]
        self.assertEqual(FakeOsrm.requests, [])
        self.assertEqual(other.km, round(sum(legs_km), 1))
        self.assertNotEqual(other.km, 21.0)  # not the server's figure
        minutes = [math.ceil(km / trip.speed_kmh * 60) for km in legs_km]
        self.assertEqual(other.drive_minutes, sum(minutes))
        self.assertAlmostEqual(stops[0].arrival, 9 + minutes[0] / 60)
        self.assertAlmostEqual(stops[1].arrival, stops[0].departure + minutes[1] / 60)

        # a routing server that does not answer: the move is refused, as planning is
        Param.set_param("wiseparts_territory.routing_url", "http://127.0.0.1:9")
        with self.assertRaisesRegex(UserError, "The routing server did not answer"):
            stops[0].sequence = 5

    def test_company_without_coordinates(self):
        """Without a start point and without the company's coordinates, the planner starts
        from the middle of the customers it kept; moving stops recomputes from that same
        point, not from the middle of every customer of the result screen."""
        self.env.company.partner_id.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        customers = _rep_customers(self.env, self.user_rep, 3)
        nowhere = _rep_customers(self.env, self.user_rep, 1)
        nowhere.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        values = {"date_from": "2026-03-09", "date_to": "2026-03-09", "daily_cap": 2}
        plan = (
            self.env["wiseparts.route"]
            .with_user(self.user_rep)
            .plan_trip(self.user_rep.id, "2026-03-09", "2026-03-09", options={"daily_cap": 2})
        )
        middle = [
            sum(customers.mapped("partner_latitude")) / 3,
            sum(customers.mapped("partner_longitude")) / 3,
        ]
        self.assertEqual([round(x, 6) for x in plan["start"]], [round(x, 6) for x in middle])
        self.assertEqual(plan["end"], plan["start"])
        trip = self.env["wiseparts.trip"].with_user(self.user_rep).create(values)
        trip.action_plan()
        self.assertIn(nowhere, trip.stop_ids.filtered("reason").partner_id)
        (day,) = trip.day_ids
        self.assertEqual(day.km, plan["days"][0]["km"])
        self.assertEqual(trip.wiseparts_map_route()["start"], plan["start"])

    def test_start_without_coordinates(self):
        nowhere = self.env["res.partner"].create({"name": "Nowhere Office"})
        trip = (
            self.env["wiseparts.trip"]
            .with_user(self.user_rep)
            .create(
                {
                    "date_from": "2026-03-09",
                    "date_to": "2026-03-09",
                    "start_partner_id": nowhere.id,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "Start Point: Nowhere Office has no coordinates"):
            trip.action_plan()
